//! Builds the `wx` object from the surface table and the bindings attached to it by name.
//!
//! Every method in the table becomes a function on `wx`. A method with a binding runs it; every
//! other one validates its parameters and fails `"<api>:fail not supported"`, so an app never
//! dies on a missing function and never gets a fake `:ok`. Each native captures only its table
//! index; the table and handlers live in context data, so nothing internal is reachable from JS.

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsNativeError, JsResult, JsString, JsValue, NativeFunction};
use serde::Serialize;

use crate::call::{call_async, call_sync, Handler, Request};
use crate::error::WxError;
use crate::spec::ApiSpec;
use crate::surface::Surface;

/// How far an API is implemented; shown by `wxbox api` and used by `canIUse`. The policy for
/// every gap: no missing piece of the surface may break an app that WeChat would run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Real behaviour with host state (decisions, permissions, sessions, storage).
    Deep,
    /// Succeeds with a realistic value from the device description or the profile, recorded in
    /// the trace, with no effect beyond it (toasts, navigation-bar titles, sync getters).
    Simulated,
    /// Returns an object (a `create*` / `get*Manager` result) with every method and event of its
    /// typings interface, each call recorded in the trace.
    Objects,
    /// Needs hardware or a service a headless sandbox does not have (camera, bluetooth, NFC):
    /// validates, then fails `<api>:fail not supported` asynchronously; never throws where
    /// WeChat does not.
    Device,
}

impl Tier {
    /// `deep`, `simulated`, `objects`, `device`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Tier::Deep => "deep",
            Tier::Simulated => "simulated",
            Tier::Objects => "objects",
            Tier::Device => "device",
        }
    }
}

/// An implementation for the table entry called `name`.
#[derive(Clone, Copy)]
pub struct Binding {
    /// The API name; must be in the table.
    pub name: &'static str,
    /// How complete it is.
    pub tier: Tier,
    /// Its implementation; must match the entry's call style.
    pub handler: Handler,
}

impl Binding {
    /// A binding for an async (callback / Promise) method.
    #[must_use]
    pub const fn run(name: &'static str, tier: Tier, f: crate::call::AsyncHandler) -> Self {
        Binding {
            name,
            tier,
            handler: Handler::Async(f),
        }
    }

    /// A binding for a sync method.
    #[must_use]
    pub const fn sync(name: &'static str, tier: Tier, f: crate::call::SyncHandler) -> Self {
        Binding {
            name,
            tier,
            handler: Handler::Sync(f),
        }
    }
}

/// A binding that does not fit the table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstallError {
    /// No table entry has this name.
    #[error("binding for `{0}`, which is not in the API table")]
    Unknown(&'static str),
    /// Sync handler on an async entry, or the reverse.
    #[error("binding for `{0}` does not match its call style in the API table")]
    KindMismatch(&'static str),
    /// Two bindings for one name.
    #[error("`{0}` is bound twice")]
    Duplicate(&'static str),
}

/// One installed method.
#[derive(Clone, Copy)]
pub struct Method {
    /// Its table entry.
    pub spec: &'static ApiSpec,
    /// How complete it is.
    pub tier: Tier,
    /// What runs.
    pub handler: Handler,
}

/// The installed methods, indexed by the number each native captures.
pub struct Registry {
    /// Table order.
    pub methods: Vec<Method>,
}

impl Registry {
    /// The tier of `name`, if it is in the table.
    #[must_use]
    pub fn tier(&self, name: &str) -> Option<Tier> {
        self.methods
            .iter()
            .find(|m| m.spec.name == name)
            .map(|m| m.tier)
    }
}

fn not_supported_async(req: Request, _: &mut Context) -> JsResult<()> {
    req.completion.complete(Err(WxError::NotSupported));
    Ok(())
}

fn not_supported_sync(
    _: &'static ApiSpec,
    _: &[JsValue],
    _: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    Ok(Err(WxError::NotSupported))
}

/// Pairs every table entry with its binding, or with the not-supported handler.
///
/// # Errors
/// [`InstallError`] for bindings with unknown names, mismatched call styles, or duplicates.
pub fn pair(surface: &'static Surface, bindings: &[Binding]) -> Result<Vec<Method>, InstallError> {
    for (i, b) in bindings.iter().enumerate() {
        if bindings[..i].iter().any(|o| o.name == b.name) {
            return Err(InstallError::Duplicate(b.name));
        }
        let spec = surface
            .method(b.name)
            .ok_or(InstallError::Unknown(b.name))?;
        if spec.is_async() != matches!(b.handler, Handler::Async(_)) {
            return Err(InstallError::KindMismatch(b.name));
        }
    }
    Ok(surface
        .methods
        .iter()
        .map(|spec| match bindings.iter().find(|b| b.name == spec.name) {
            Some(b) => Method {
                spec,
                tier: b.tier,
                handler: b.handler,
            },
            None => Method {
                spec,
                tier: Tier::Device,
                handler: if spec.is_async() {
                    Handler::Async(not_supported_async)
                } else {
                    Handler::Sync(not_supported_sync)
                },
            },
        })
        .collect())
}

fn dispatch(index: u32, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let m = ctx
        .get_data::<Registry>()
        .and_then(|r| r.methods.get(index as usize).copied())
        .ok_or_else(|| JsNativeError::typ().with_message("wx is not initialised"))?;
    match m.handler {
        Handler::Async(h) => call_async(m.spec, h, args, ctx),
        Handler::Sync(h) => call_sync(m.spec, h, args, ctx),
    }
}

/// Defines the global `wx` with one method per entry.
///
/// # Errors
/// When the global cannot be defined (never in a fresh context).
pub fn install(ctx: &mut Context, methods: Vec<Method>) -> JsResult<()> {
    let mut init = ObjectInitializer::new(ctx);
    for (index, m) in methods.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        init.function(
            NativeFunction::from_copy_closure_with_captures(
                |_, args, index: &u32, ctx| dispatch(*index, args, ctx),
                index,
            ),
            JsString::from(m.spec.name.as_str()),
            1,
        );
    }
    let wx = init.build();
    ctx.insert_data(Registry { methods });
    ctx.register_global_property(
        js_string!("wx"),
        wx,
        Attribute::WRITABLE | Attribute::CONFIGURABLE,
    )?;
    Ok(())
}
