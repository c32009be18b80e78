//! Builds the `wx` object from the API table and the bindings attached to it by name.
//!
//! Each method is a native that captures only its table index; the table and handlers live in
//! context data, so nothing internal is reachable from JavaScript.

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsNativeError, JsResult, JsString, JsValue, NativeFunction};

use crate::call::{call_async, call_sync, Handler};
use crate::spec::{ApiSpec, Kind};

/// An implementation for the table entry called `name`.
#[derive(Clone, Copy)]
pub struct Binding {
    /// The API name; must be in the table.
    pub name: &'static str,
    /// Its implementation; must match the entry's kind.
    pub handler: Handler,
}

/// A binding that does not fit the table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstallError {
    /// No table entry has this name.
    #[error("binding for `{0}`, which is not in the API table")]
    Unknown(&'static str),
    /// Sync handler on an async entry, or the reverse.
    #[error("binding for `{0}` does not match its kind in the API table")]
    KindMismatch(&'static str),
    /// Two bindings, or two table entries, for one name.
    #[error("`{0}` is listed twice")]
    Duplicate(&'static str),
}

/// The installed methods, indexed by the number each native captures.
struct Registry {
    methods: Vec<(&'static ApiSpec, Handler)>,
}

/// Checks `bindings` against `table` and pairs them up.
///
/// # Errors
/// [`InstallError`] for unknown names, kind mismatches and duplicates.
pub fn pair(
    table: &'static [&'static [ApiSpec]],
    bindings: &[Binding],
) -> Result<Vec<(&'static ApiSpec, Handler)>, InstallError> {
    let specs: Vec<&'static ApiSpec> = table.iter().flat_map(|family| family.iter()).collect();
    for (i, s) in specs.iter().enumerate() {
        if specs[..i].iter().any(|o| o.name == s.name) {
            return Err(InstallError::Duplicate(s.name));
        }
    }
    let mut out = Vec::new();
    for (i, b) in bindings.iter().enumerate() {
        if bindings[..i].iter().any(|o| o.name == b.name) {
            return Err(InstallError::Duplicate(b.name));
        }
        let spec = specs
            .iter()
            .find(|s| s.name == b.name)
            .ok_or(InstallError::Unknown(b.name))?;
        let fits = matches!(
            (spec.kind, b.handler),
            (Kind::Async { .. }, Handler::Async(_)) | (Kind::Sync, Handler::Sync(_))
        );
        if !fits {
            return Err(InstallError::KindMismatch(b.name));
        }
        out.push((*spec, b.handler));
    }
    Ok(out)
}

fn dispatch(index: u32, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let entry = ctx
        .get_data::<Registry>()
        .and_then(|r| r.methods.get(index as usize).copied())
        .ok_or_else(|| JsNativeError::typ().with_message("wx is not initialised"))?;
    match entry {
        (spec, Handler::Async(h)) => {
            let promise = matches!(spec.kind, Kind::Async { promise: true });
            call_async(spec, h, promise, args, ctx)
        }
        (spec, Handler::Sync(h)) => call_sync(spec, h, args, ctx),
    }
}

/// Defines the global `wx` with one method per paired entry.
///
/// # Errors
/// When the global cannot be defined (never in a fresh context).
pub fn install(ctx: &mut Context, methods: Vec<(&'static ApiSpec, Handler)>) -> JsResult<()> {
    let mut init = ObjectInitializer::new(ctx);
    for (index, (spec, _)) in methods.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        init.function(
            NativeFunction::from_copy_closure_with_captures(
                |_, args, index: &u32, ctx| dispatch(*index, args, ctx),
                index,
            ),
            JsString::from(spec.name),
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
