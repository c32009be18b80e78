//! The handlers the gap policy (`tiers.json`, see [`crate::surface::Policy`]) gives methods no
//! family binds: simulated answers and device failures. They read the policy entry of the
//! method they serve; they know nothing about any particular API.

use boa_engine::{Context, JsResult, JsValue};
use serde_json::{Map, Value};

use crate::call::{Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::spec::ApiSpec;
use crate::surface::surface;

/// The policy's answer for `spec`: its `result`, over the device description's fields the
/// table lists for the method when the entry says `device`.
fn answer(spec: &ApiSpec, ctx: &Context) -> JsResult<Option<Value>> {
    let Some(p) = surface().policy.methods.get(&spec.name) else {
        return Ok(None);
    };
    if !p.device {
        return Ok(p.result.clone());
    }
    let mut out = match &p.result {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let listed = if spec.is_async() {
        &spec.success
    } else {
        &spec.ret
    };
    let facts = hosts(ctx)?.account.borrow().system_info();
    for (k, v) in facts {
        if listed.iter().any(|f| f.name == k) {
            out.insert(k, v);
        }
    }
    Ok(Some(Value::Object(out)))
}

/// A simulated async method: `:ok` with the policy's answer (none for the UI no-ops).
///
/// # Errors
/// Only when the hosts are missing (a wiring bug).
pub fn simulated_async(req: Request, ctx: &mut Context) -> JsResult<()> {
    let fields = match answer(req.spec, ctx)? {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    req.completion.complete(Ok(Payload::Json(fields)));
    Ok(())
}

/// A simulated sync method: the policy's answer, else `undefined` (the `void` ones).
///
/// # Errors
/// Only when the hosts are missing (a wiring bug).
pub fn simulated_sync(
    spec: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    Ok(Ok(match answer(spec, ctx)? {
        Some(v) => JsValue::from_json(&v, ctx)?,
        None => JsValue::undefined(),
    }))
}

/// A device method, async: validated, then `<api>:fail not supported`, delivered like any
/// failure. A task it returns (`downloadFile`'s `DownloadTask`) gets its whole interface, so
/// `task.onProgressUpdate(...)` does not throw.
///
/// # Errors
/// Only when building the task's methods fails (never in a live context).
pub fn device_async(req: Request, ctx: &mut Context) -> JsResult<()> {
    if let (Some(task), Some(iface)) = (&req.task, req.spec.object.as_deref()) {
        super::objects::populate(task, iface, ctx)?;
    }
    req.completion.complete(Err(WxError::NotSupported));
    Ok(())
}

/// A device method, sync: what WeChat answers where the capability is missing (the policy's
/// `result`, such as `isVKSupport` -> `false`), else `undefined` (traced as the call's result; not
/// a warning, since `--strict` fails on those and the app is not at fault).
/// WeChat's value for most of these on a device without the capability is UNVERIFIED; none of
/// them is documented to throw.
///
/// # Errors
/// Only when the hosts are missing (a wiring bug).
pub fn device_sync(
    spec: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    if let Some(v) = answer(spec, ctx)? {
        return Ok(Ok(JsValue::from_json(&v, ctx)?));
    }
    Ok(Ok(JsValue::undefined()))
}
