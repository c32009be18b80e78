//! Event listeners: every `wx.onX(listener)` / `wx.offX(listener?)` pair in the table that no
//! other family binds. Listeners are really registered and removed (recorded tier); the few
//! events the sandbox produces are fired with [`emit`], the rest never occur headlessly.

use std::cell::RefCell;
use std::collections::BTreeMap;

use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsValue};

use crate::error::WxError;
use crate::install::{Binding, Tier};
use crate::spec::{ApiSpec, Call, Ty};
use crate::surface::surface;

/// Registered listeners by event name (`AppShow` for `onAppShow`).
#[derive(Default)]
pub struct Listeners(RefCell<BTreeMap<String, Vec<JsObject>>>);

/// `Some((event, is_on))` for a listener method (`onAppShow` -> `("AppShow", true)`).
fn is_listener(spec: &'static ApiSpec) -> Option<(&'static str, bool)> {
    if spec.call != Call::Sync {
        return None;
    }
    let name = spec.name.as_str();
    let (event, on) = match name.strip_prefix("on") {
        Some(e) => (e, true),
        None => (name.strip_prefix("off")?, false),
    };
    let takes_function = spec
        .params
        .first()
        .is_some_and(|p| p.types == [Ty::Function]);
    (event.starts_with(|c: char| c.is_ascii_uppercase()) && takes_function).then_some((event, on))
}

/// Bindings for every listener method not in `bound`.
#[must_use]
pub fn bindings(bound: &[&str]) -> Vec<Binding> {
    surface()
        .methods
        .iter()
        .filter(|m| !bound.contains(&m.name.as_str()))
        .filter_map(|m| {
            let (_, on) = is_listener(m)?;
            Some(Binding::sync(
                m.name.as_str(),
                Tier::Simulated,
                if on { add } else { remove },
            ))
        })
        .collect()
}

fn listeners(ctx: &Context) -> JsResult<&Listeners> {
    ctx.get_data::<Listeners>().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("wx is not initialised")
            .into()
    })
}

fn add(
    spec: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let (event, _) = is_listener(spec).unwrap_or(("", true));
    if let Some(f) = args.first().and_then(JsValue::as_callable) {
        let mut map = listeners(ctx)?.0.borrow_mut();
        let list = map.entry(event.to_string()).or_default();
        if !list.iter().any(|g| g == &f) {
            list.push(f);
        }
    }
    Ok(Ok(JsValue::undefined()))
}

fn remove(
    spec: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let (event, _) = is_listener(spec).unwrap_or(("", false));
    let mut map = listeners(ctx)?.0.borrow_mut();
    match args.first().and_then(JsValue::as_callable) {
        // offX(listener) removes that listener; offX() removes them all.
        Some(f) => {
            if let Some(list) = map.get_mut(event) {
                list.retain(|g| g != &f);
            }
        }
        None => {
            map.remove(event);
        }
    }
    Ok(Ok(JsValue::undefined()))
}

/// Calls every listener of `event` with `arg`, in registration order; a throw is reported and
/// the rest still run.
///
/// # Errors
/// Never for a listener's throw; only when `wx` or the loop is missing.
pub fn emit(ctx: &mut Context, event: &str, arg: &JsValue) -> JsResult<()> {
    let list = listeners(ctx)?
        .0
        .borrow()
        .get(event)
        .cloned()
        .unwrap_or_default();
    for f in list {
        if let Err(e) = f.call(&JsValue::undefined(), std::slice::from_ref(arg), ctx) {
            wxbox_engine::timers::event_loop(ctx)?.report_error(ctx, &e, &format!("wx.on{event}"));
        }
    }
    Ok(())
}

/// How many listeners `event` has.
#[must_use]
pub fn count(ctx: &Context, event: &str) -> usize {
    ctx.get_data::<Listeners>()
        .map_or(0, |l| l.0.borrow().get(event).map_or(0, Vec::len))
}
