//! Payment family: `requestPayment` over [`wxbox_host::PaymentHost`].
//!
//! When the host reports the order paid with a notification for the merchant's server, the
//! notification goes through the sandbox's request routing first (as WeChat Pay's server would
//! POST it), and the app's `success` runs after the merchant answered: one order, every run.

use boa_engine::{Context, JsResult};
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_host::network::{HttpRequest, DEFAULT_TIMEOUT_MS};
use wxbox_host::payment::{Paid, PaymentRequest};

use super::string;
use crate::bridge::trace_prompts;
use crate::call::{Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The payment bindings.
pub const BINDINGS: &[Binding] = &[Binding::run("requestPayment", Tier::Deep, request_payment)];

/// The party WeChat Pay's notifications come from, in the trace.
const WECHATPAY: &str = "wechatpay";

fn request_payment(req: Request, ctx: &mut Context) -> JsResult<()> {
    let o = &req.options;
    let request = PaymentRequest {
        time_stamp: string(o, "timeStamp", ctx)?,
        nonce_str: string(o, "nonceStr", ctx)?,
        package: string(o, "package", ctx)?,
        sign_type: super::opt_string(o, "signType", ctx)?.unwrap_or_else(|| "MD5".into()),
        pay_sign: string(o, "paySign", ctx)?,
    };
    let h = hosts(ctx)?.payment;
    let completion = req.completion;
    let api = completion.api();
    crate::bridge::ask(
        ctx,
        "wx.requestPayment",
        |r| h.borrow_mut().request_payment(request, r),
        move |ctx, answer| {
            trace_prompts(ctx, api, answer.prompts);
            match answer.result {
                Err(f) => {
                    completion.complete(Err(WxError::from(f)));
                    Ok(())
                }
                Ok(Paid { notification: None }) => {
                    completion.complete(Ok(Payload::empty()));
                    Ok(())
                }
                Ok(Paid {
                    notification: Some(n),
                }) => {
                    let http = HttpRequest {
                        method: "POST".into(),
                        url: n.url.clone(),
                        header: n.headers,
                        body: n.body,
                        timeout_ms: DEFAULT_TIMEOUT_MS,
                    };
                    super::network::deliver(ctx, WECHATPAY, http, move |ctx, outcome| {
                        // WeChat Pay wants 200 or 204; anything else it retries later
                        // (15s, 15s, 30s, 3m, ...). wxbox does not retry: it says so.
                        let trouble = match &outcome {
                            Ok(r) if r.status == 200 || r.status == 204 => None,
                            Ok(r) => Some(format!("answered {}", r.status)),
                            Err(e) => Some(format!("could not be delivered: {e}")),
                        };
                        if let (Some(t), Ok(l)) = (trouble, event_loop(ctx)) {
                            l.trace().push(Event::Console {
                                level: wxbox_engine::trace::Level::Warn,
                                text: format!(
                                    "payment notification to {} {t}; WeChat Pay would retry it, wxbox does not",
                                    n.url
                                ),
                                party: Some(WECHATPAY.into()),
                            });
                        }
                        // The user paid whatever the merchant's server said.
                        completion.complete(Ok(Payload::empty()));
                        Ok(())
                    })
                }
            }
        },
    )?;
    Ok(())
}
