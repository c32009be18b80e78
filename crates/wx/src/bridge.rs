//! From a host's [`Reply`] back to the JS call: the answer travels through an event-loop ticket
//! (so a host may answer later, from another thread), and on the JS thread its prompts go into
//! the trace, then the call completes with the converted result.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use boa_engine::{Context, JsNativeError, JsResult};
use serde::Serialize;
use serde_json::{Map, Value};
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_host::{Answer, Reply};

use crate::call::{CallResult, Completion, Payload};
use crate::error::WxError;

/// Calls waiting for a host, by id. Completions hold JS objects, so they stay on the JS thread;
/// only the id crosses threads.
#[derive(Default)]
pub struct Pending {
    next: Cell<u64>,
    calls: RefCell<HashMap<u64, Completion>>,
}

impl Pending {
    fn insert(&self, c: Completion) -> u64 {
        let id = self.next.get() + 1;
        self.next.set(id);
        self.calls.borrow_mut().insert(id, c);
        id
    }

    fn take(&self, id: u64) -> Option<Completion> {
        self.calls.borrow_mut().remove(&id)
    }
}

/// Records `prompts` (what the user saw while `api` ran) in the trace.
pub fn trace_prompts(ctx: &Context, api: &str, prompts: Vec<wxbox_host::Prompt>) {
    if let Ok(l) = event_loop(ctx) {
        for p in prompts {
            l.trace().push(Event::Prompt {
                api: api.to_string(),
                prompt: p.prompt,
                shown: p.shown,
                decision: p.decision,
            });
        }
    }
}

/// A reply that completes `completion` with `convert(value)` when the host answers.
///
/// # Errors
/// When the sandbox has no event loop or pending table (a wiring bug).
pub fn reply<T: Send + 'static>(
    ctx: &mut Context,
    completion: Completion,
    convert: fn(T) -> CallResult,
) -> JsResult<Reply<T>> {
    let api = completion.api();
    let ticket = event_loop(ctx)?.ticket(&format!("wx.{api}"));
    let id = ctx
        .get_data::<Pending>()
        .ok_or_else(|| JsNativeError::typ().with_message("wx is not initialised"))?
        .insert(completion);
    Ok(Reply::new(move |answer: Answer<T>| {
        ticket.complete(Box::new(move |ctx| {
            let Some(completion) = ctx.get_data::<Pending>().and_then(|p| p.take(id)) else {
                return Ok(());
            };
            trace_prompts(ctx, api, answer.prompts);
            completion.complete(answer.result.map_err(WxError::from).and_then(convert));
            Ok(())
        }));
    }))
}

/// Success with the fields of a serialisable result.
///
/// # Errors
/// `internal error` when the value is not a JSON object (a host type bug).
pub fn fields<T: Serialize>(value: T) -> CallResult {
    match serde_json::to_value(value) {
        Ok(Value::Object(m)) => Ok(Payload::Json(m)),
        Ok(Value::Null) => Ok(Payload::empty()),
        Ok(other) => Err(WxError::Internal(format!(
            "result is not an object: {other}"
        ))),
        Err(e) => Err(WxError::Internal(e.to_string())),
    }
}

/// Success with no fields besides `errMsg`.
///
/// # Errors
/// Never; the signature fits [`reply`].
#[allow(clippy::unnecessary_wraps)]
pub fn empty((): ()) -> CallResult {
    Ok(Payload::Json(Map::new()))
}
