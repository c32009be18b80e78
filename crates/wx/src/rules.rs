//! Base-library rules that stand between a valid call and its handler:
//!
//! - the tap-gesture rule: getUserProfile, openSetting and requestSubscribeMessage fail outside a
//!   user tap handler (`<api>:fail can only be invoked by user TAP gesture.`). A tap handler is
//!   the synchronous run of a function started by [`with_tap`] (the view layer's taps, or a
//!   test marking a call as inside a tap);
//! - privacy consent: an API the contract covers, called before the user agreed, waits. If the
//!   app registered `wx.onNeedPrivacyAuthorization`, its listener gets `(resolve, {referrer})`
//!   and the app's `resolve({event})` decides; otherwise the superapp's own popup asks the
//!   scripted user. `agree` runs the call; `disagree` fails it with
//!   `privacy permission is not authorized` (errno 104).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};
use serde_json::json;
use wxbox_engine::timers::event_loop;
use wxbox_engine::trace::Level;
use wxbox_engine::Event;
use wxbox_host::privacy::{PrivacyDecision, PrivacyError};
use wxbox_host::Prompt;

use crate::bridge::trace_prompts;
use crate::call::{AsyncHandler, Request};
use crate::error::WxError;
use crate::hosts;

/// APIs that only work inside a tap handler (fact sheet section 1).
pub const TAP_RULE: &[&str] = &["getUserProfile", "openSetting", "requestSubscribeMessage"];

/// How many tap handlers are running (nested taps count once each).
#[derive(Default)]
pub struct Gesture(Cell<u32>);

/// Runs `f` as a user tap handler: calls it makes pass the tap-gesture rule.
pub fn with_tap<R>(ctx: &mut Context, f: impl FnOnce(&mut Context) -> R) -> R {
    let bump = |ctx: &Context, by: i32| {
        if let Some(g) = ctx.get_data::<Gesture>() {
            g.0.set(g.0.get().saturating_add_signed(by));
        }
    };
    bump(ctx, 1);
    let out = f(ctx);
    bump(ctx, -1);
    out
}

/// Whether a tap handler is running.
#[must_use]
pub fn in_tap(ctx: &Context) -> bool {
    ctx.get_data::<Gesture>().is_some_and(|g| g.0.get() > 0)
}

/// Calls waiting for privacy consent, and the app's listener.
#[derive(Default)]
pub struct Privacy {
    listener: RefCell<Option<JsObject>>,
    next: Cell<u64>,
    held: RefCell<HashMap<u64, (Request, AsyncHandler)>>,
}

impl Privacy {
    /// Sets the app's `onNeedPrivacyAuthorization` listener (a second one replaces the first).
    pub fn set_listener(&self, f: JsObject) {
        *self.listener.borrow_mut() = Some(f);
    }
}

fn privacy(ctx: &Context) -> JsResult<&Privacy> {
    ctx.get_data::<Privacy>().ok_or_else(|| {
        JsNativeError::typ()
            .with_message("wx is not initialised")
            .into()
    })
}

/// Applies the rules, then runs `handler` (now, after consent, or never).
///
/// # Errors
/// Only what the handler itself raises.
pub fn enter(req: Request, handler: AsyncHandler, ctx: &mut Context) -> JsResult<()> {
    let api = req.completion.api();
    if TAP_RULE.contains(&api) && !in_tap(ctx) {
        req.completion.complete(Err(WxError::TapGesture));
        return Ok(());
    }
    let host = hosts(ctx)?.privacy;
    let needs = {
        let p = host.borrow();
        p.setting().need_authorization && (api == "requirePrivacyAuthorize" || p.covers(api))
    };
    if !needs {
        return handler(req, ctx);
    }
    let state = privacy(ctx)?;
    let id = state.next.get() + 1;
    state.next.set(id);
    state.held.borrow_mut().insert(id, (req, handler));
    let listener = state.listener.borrow().clone();
    let l = event_loop(ctx)?;
    match listener {
        Some(f) => l.post(
            "onNeedPrivacyAuthorization",
            Box::new(move |ctx| {
                if let Ok(l) = event_loop(ctx) {
                    l.trace().push(Event::Handler {
                        target: "wx".into(),
                        method: "onNeedPrivacyAuthorization".into(),
                        event: json!({ "referrer": api }),
                    });
                }
                let resolve = resolver(ctx, id);
                let info = ObjectInitializer::new(ctx)
                    .property(
                        js_string!("referrer"),
                        JsString::from(api),
                        Attribute::all(),
                    )
                    .build();
                if let Err(e) = f.call(&JsValue::undefined(), &[resolve.into(), info.into()], ctx) {
                    if let Ok(l) = event_loop(ctx) {
                        l.report_error(ctx, &e, "onNeedPrivacyAuthorization");
                    }
                }
                Ok(())
            }),
        ),
        None => {
            crate::bridge::ask(
                ctx,
                "privacy",
                |reply| host.borrow_mut().ask(api, reply),
                move |ctx, answer| {
                    let decision = answer.result.unwrap_or(PrivacyDecision::Disagree);
                    resume(ctx, id, decision, answer.prompts)
                },
            )?;
        }
    }
    Ok(())
}

fn resume(
    ctx: &mut Context,
    id: u64,
    decision: PrivacyDecision,
    prompts: Vec<Prompt>,
) -> JsResult<()> {
    let Some((req, handler)) = privacy(ctx)?.held.borrow_mut().remove(&id) else {
        return Ok(());
    };
    trace_prompts(ctx, req.completion.api(), prompts);
    match decision {
        PrivacyDecision::Agree => handler(req, ctx),
        PrivacyDecision::Disagree => {
            req.completion
                .complete(Err(WxError::host(PrivacyError::NotAuthorized)));
            Ok(())
        }
    }
}

/// The `resolve` the listener gets for held call `id`.
fn resolver(ctx: &mut Context, id: u64) -> JsObject {
    NativeFunction::from_copy_closure_with_captures(
        |_, args, id: &u64, ctx| {
            let (event, button) = match args.first().and_then(JsValue::as_object) {
                Some(o) => (
                    o.get(js_string!("event"), ctx)?
                        .to_string(ctx)?
                        .to_std_string_escaped(),
                    !o.get(js_string!("buttonId"), ctx)?.is_undefined(),
                ),
                None => (String::new(), false),
            };
            if event == "agree" && !button {
                // Docs (onNeedPrivacyAuthorization): agree must name the agreePrivacyAuthorization
                // button the user tapped. UNVERIFIED what WeChat does without it; wxbox proceeds
                // and says so.
                if let Ok(l) = event_loop(ctx) {
                    l.trace().push(Event::Console {
                        level: Level::Warn,
                        text: "resolve({event: 'agree'}) without buttonId: WeChat expects the id of the agreePrivacyAuthorization button the user tapped".into(),
                        party: None,
                    });
                }
            }
            let decision = match event.as_str() {
                "agree" => PrivacyDecision::Agree,
                "disagree" => PrivacyDecision::Disagree,
                "exposureAuthorization" => {
                    return Ok(JsValue::undefined());
                }
                other => {
                    return Err(JsNativeError::typ()
                        .with_message(format!(
                            "resolve: event must be exposureAuthorization, agree or disagree, not {other:?}"
                        ))
                        .into())
                }
            };
            hosts(ctx)?.privacy.borrow_mut().record(decision);
            let prompt = Prompt::new("privacy (app popup)", json!({}), &event);
            resume(ctx, *id, decision, vec![prompt])?;
            Ok(JsValue::undefined())
        },
        id,
    )
    .to_js_function(ctx.realm())
    .into()
}
