//! Builds the `wx` object from the surface table and the bindings attached to it by name.
//!
//! Every method in the table becomes a function on `wx`. A method with a binding runs it; every
//! other one gets the handler its tier in the gap policy (`tiers.json`) calls for: simulated
//! answers, objects with their whole interface, or (device) an asynchronous
//! `"<api>:fail not supported"` / WeChat's answer for a missing capability, so no gap in the
//! surface throws where WeChat would not. Each native captures only its table
//! index; the table and handlers live in context data, so nothing internal is reachable from JS.

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};
use serde::{Deserialize, Serialize};

use crate::call::{call_async, call_sync, Handler};
use crate::spec::ApiSpec;
use crate::surface::Surface;

/// How far an API is implemented; shown by `wxbox api` and used by `canIUse`. The policy for
/// every gap: no missing piece of the surface may break an app that WeChat would run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// Bound in code and also given a tier in `tiers.json`: one of them is stale.
    #[error("`{0}` is bound in code and also listed in tiers.json")]
    Policy(&'static str),
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

/// The handler the gap policy gives an unbound method of `tier`.
fn gap_handler(spec: &ApiSpec, tier: Tier) -> Handler {
    use crate::families::{gaps, objects};
    match (tier, spec.is_async()) {
        (Tier::Objects, false) => Handler::Sync(objects::create),
        (Tier::Simulated | Tier::Deep, true) => Handler::Async(gaps::simulated_async),
        (Tier::Simulated | Tier::Deep, false) => Handler::Sync(gaps::simulated_sync),
        (_, true) => Handler::Async(gaps::device_async),
        (_, false) => Handler::Sync(gaps::device_sync),
    }
}

/// Pairs every table entry with its binding, or with the handler the gap policy
/// (`tiers.json`) gives it.
///
/// # Errors
/// [`InstallError`] for bindings with unknown names, mismatched call styles, duplicates, or a
/// name the policy also lists.
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
        if surface.policy.methods.contains_key(b.name) {
            return Err(InstallError::Policy(b.name));
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
            None => {
                let (tier, _) = surface.policy.tier(spec);
                Method {
                    spec,
                    tier,
                    handler: gap_handler(spec, tier),
                }
            }
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

/// WeChat's `wx.env.USER_DATA_PATH`: the user-file directory as apps see it. Docs:
/// developers.weixin.qq.com/miniprogram/dev/framework/ability/file-system.html ("本地用户文件 ...
/// wx.env.USER_DATA_PATH"); its value on devices is `http://usr` (seen in the docs' examples
/// `${wx.env.USER_DATA_PATH}/hello.txt` and on phones; UNVERIFIED beyond that).
pub const USER_DATA_PATH: &str = "http://usr";

/// The methods' names as engine strings, made once per thread for each method table: the table
/// is the same for every sandbox, and making ~1,000 strings (`name` of each function and its
/// key on `wx`) was a third of installing `wx`. Strings are plain reference-counted values, not
/// garbage-collected ones, so they may outlive any context.
fn names(methods: &[Method]) -> Rc<[JsString]> {
    /// A method table (its entries' addresses) and its names.
    type Names = (Vec<usize>, Rc<[JsString]>);
    thread_local! {
        static NAMES: RefCell<Vec<Names>> = const { RefCell::new(Vec::new()) };
    }
    let key: Vec<usize> = methods
        .iter()
        .map(|m| std::ptr::from_ref(m.spec) as usize)
        .collect();
    if let Some(names) = NAMES.with(|n| {
        n.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, names)| names.clone())
    }) {
        return names;
    }
    let names: Rc<[JsString]> = methods
        .iter()
        .map(|m| JsString::from(m.spec.name.as_str()))
        .collect();
    NAMES.with(|n| n.borrow_mut().push((key, names.clone())));
    names
}

/// Defines the global `wx` with one method per entry, and `wx.env`.
///
/// The methods are enumerable own properties, as on a phone (`Object.keys(wx)` lists them).
///
/// # Errors
/// When the global cannot be defined (never in a fresh context).
pub fn install(ctx: &mut Context, methods: Vec<Method>) -> JsResult<()> {
    let names = names(&methods);
    let mut fns = Vec::with_capacity(methods.len());
    for (index, name) in names.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let f = FunctionObjectBuilder::new(
            ctx.realm(),
            NativeFunction::from_copy_closure_with_captures(
                |_, args, index: &u32, ctx| dispatch(*index, args, ctx),
                index,
            ),
        )
        .name(name.clone())
        .length(1)
        .build();
        fns.push((name.clone(), f));
    }
    let env = ObjectInitializer::new(ctx)
        .property(
            js_string!("USER_DATA_PATH"),
            js_string!(USER_DATA_PATH),
            Attribute::all(),
        )
        .build();
    // A unique shape (boa's dictionary mode) from the start: built through shared shapes, each
    // of the ~500 properties made a new shape object (a transition), per sandbox, all garbage
    // once the next property went in. Same properties, same order, same attributes.
    let wx = JsObject::from_proto_and_data(
        ctx.intrinsics().constructors().object().prototype(),
        OrdinaryObject,
    );
    let data = |value: JsValue| {
        PropertyDescriptor::builder()
            .value(value)
            .writable(true)
            .enumerable(true)
            .configurable(true)
    };
    for (name, f) in fns {
        wx.insert_property(name, data(f.into()));
    }
    wx.insert_property(js_string!("env"), data(env.into()));
    let cloud = crate::families::cloud::getter(ctx);
    for (name, getter) in crate::worklet::getters(ctx).into_iter().chain([cloud]) {
        wx.insert_property(
            name,
            PropertyDescriptor::builder()
                .get(getter)
                .enumerable(true)
                .configurable(true),
        );
    }
    ctx.insert_data(Registry { methods });
    ctx.register_global_property(
        js_string!("wx"),
        wx,
        Attribute::WRITABLE | Attribute::CONFIGURABLE,
    )?;
    Ok(())
}
