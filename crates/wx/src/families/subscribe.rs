//! Subscription family: `requestSubscribeMessage` over [`wxbox_host::SubscriptionHost`]. The
//! success result carries one key per template id (`accept` / `reject` / `ban` / `filter`).

use std::collections::BTreeMap;

use boa_engine::{Context, JsResult};
use serde_json::{Map, Value};
use wxbox_host::subscription::SubscribeError;

use super::strings;
use crate::bridge::reply;
use crate::call::{CallResult, Payload, Request};
use crate::error::WxError;
use crate::hosts;
use crate::install::{Binding, Tier};

/// The subscription bindings.
pub const BINDINGS: &[Binding] = &[Binding::run(
    "requestSubscribeMessage",
    Tier::Deep,
    request_subscribe,
)];

fn outcomes(m: BTreeMap<String, String>) -> CallResult {
    Ok(Payload::Json(
        m.into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect::<Map<_, _>>(),
    ))
}

fn request_subscribe(req: Request, ctx: &mut Context) -> JsResult<()> {
    let ids = match strings(&req.options, "tmplIds", ctx)? {
        Ok(ids) => ids,
        Err(_) => {
            req.completion
                .complete(Err(WxError::host(SubscribeError::InvalidTemplate)));
            return Ok(());
        }
    };
    let h = hosts(ctx)?.subscription;
    reply(ctx, req.completion, outcomes, |r| {
        h.borrow_mut().request_subscribe(ids, r);
    })
}
