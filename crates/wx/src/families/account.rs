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
    Binding::sync("getSystemInfoSync", Tier::Deep, system_info),
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

/// The whole device description (getSystemInfo*), profile overrides included.
fn all_facts(ctx: &Context) -> JsResult<Map<String, Value>> {
    Ok(hosts(ctx)?.account.borrow().system_info())
}

fn system_info(
    _: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let m = all_facts(ctx)?;
    to_js(&Value::Object(m), ctx)
}

/// A split getter (getWindowInfo, ...): the fields its table entry lists.
fn device_facts(
    spec: &'static ApiSpec,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let m: Map<String, Value> = all_facts(ctx)?
        .into_iter()
        .filter(|(k, _)| spec.ret.iter().any(|f| &f.name == k))
        .collect();
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
    let m = all_facts(ctx)?;
    req.completion.complete(Ok(Payload::Json(m)));
    Ok(())
}
