//! Account and device facts: `getAccountInfoSync`, `getSystemInfoSync` / `getSystemInfo` /
//! `getSystemInfoAsync`, the split `getWindowInfo` / `getDeviceInfo` / `getAppBaseInfo`, and
//! `getMenuButtonBoundingClientRect`, over [`wxbox_host::AccountHost`].
//!
//! The split getters answer the fields the table lists for them, taken from the one device
//! description, so they always agree with getSystemInfoSync.

use boa_engine::{Context, JsResult, JsValue};
use serde_json::{Map, Value};

use crate::call::{Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};
use crate::spec::ApiSpec;

/// The account and device bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::sync("getAccountInfoSync", Tier::Deep, account_info),
    Binding::sync("getSystemInfoSync", Tier::Deep, device_facts),
    Binding::sync("getWindowInfo", Tier::Deep, device_facts),
    Binding::sync("getDeviceInfo", Tier::Deep, device_facts),
    Binding::sync("getAppBaseInfo", Tier::Deep, device_facts),
    Binding::sync("getMenuButtonBoundingClientRect", Tier::Deep, menu_button),
    Binding::run("getSystemInfo", Tier::Deep, system_info_async),
    Binding::run("getSystemInfoAsync", Tier::Deep, system_info_async),
];

fn to_js(v: &Value, ctx: &mut Context) -> JsResult<Result<JsValue, WxError>> {
    Ok(Ok(JsValue::from_json(v, ctx)?))
}

fn account_info(
    _: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let info = hosts(ctx)?.account.borrow().account_info();
    to_js(&serde_json::to_value(info).unwrap_or(Value::Null), ctx)
}

/// The device description, narrowed to `listed` when the table lists fields.
fn facts(listed: &[crate::spec::Field], ctx: &Context) -> JsResult<Map<String, Value>> {
    let all = hosts(ctx)?.account.borrow().system_info();
    let names: Vec<&str> = listed
        .iter()
        .map(|f| f.name.as_str())
        .filter(|n| *n != "errMsg")
        .collect();
    if names.is_empty() || names.contains(&"SDKVersion") && names.contains(&"windowWidth") {
        return Ok(all);
    }
    Ok(all
        .into_iter()
        .filter(|(k, _)| names.contains(&k.as_str()))
        .collect())
}

fn device_facts(
    spec: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let m = facts(&spec.ret, ctx)?;
    to_js(&Value::Object(m), ctx)
}

fn menu_button(
    _: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let m = hosts(ctx)?.account.borrow().menu_button_rect();
    to_js(&Value::Object(m), ctx)
}

fn system_info_async(req: Request, ctx: &mut Context) -> JsResult<()> {
    let m = facts(&req.spec.success, ctx)?;
    req.completion.complete(Ok(Payload::Json(m)));
    Ok(())
}
