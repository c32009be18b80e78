//! Privacy family: `requirePrivacyAuthorize`, `getPrivacySetting`, `onNeedPrivacyAuthorization`,
//! `openPrivacyContract`. The consent flow itself is in [`crate::rules`]; these bindings run once
//! it lets a call through.

use boa_engine::{Context, JsNativeError, JsResult, JsValue};
use serde_json::json;
use wxbox_host::Prompt;

use crate::bridge::{fields, trace_prompts};
use crate::call::{Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};
use crate::rules::Privacy;
use crate::spec::ApiSpec;

/// The privacy bindings.
pub const BINDINGS: &[Binding] = &[
    Binding::run("requirePrivacyAuthorize", Tier::Deep, require),
    Binding::run("getPrivacySetting", Tier::Deep, setting),
    Binding::sync("onNeedPrivacyAuthorization", Tier::Deep, on_need),
    Binding::run("openPrivacyContract", Tier::Simulated, open_contract),
];

fn require(req: Request, _: &mut Context) -> JsResult<()> {
    // Reaching the handler means consent was given (now or before).
    req.completion.complete(Ok(Payload::empty()));
    Ok(())
}

fn setting(req: Request, ctx: &mut Context) -> JsResult<()> {
    let s = hosts(ctx)?.privacy.borrow().setting();
    req.completion.complete(fields(s));
    Ok(())
}

fn on_need(
    _: &'static ApiSpec,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<Result<JsValue, WxError>> {
    let Some(f) = args.first().and_then(JsValue::as_callable) else {
        return Ok(Err(WxError::Params(
            "parameter.listener should be Function;".into(),
        )));
    };
    ctx.get_data::<Privacy>()
        .ok_or_else(|| JsNativeError::typ().with_message("wx is not initialised"))?
        .set_listener(f);
    Ok(Ok(JsValue::undefined()))
}

fn open_contract(req: Request, ctx: &mut Context) -> JsResult<()> {
    let name = hosts(ctx)?.privacy.borrow().setting().privacy_contract_name;
    trace_prompts(
        ctx,
        "openPrivacyContract",
        vec![Prompt::new(
            "privacyContract",
            json!({ "name": name }),
            "close",
        )],
    );
    req.completion.complete(Ok(Payload::empty()));
    Ok(())
}
