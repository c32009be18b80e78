//! From a host's [`Reply`] back to the JS call. A host answers during the call or later, from any
//! thread; either way the answer is handled on the JS thread, its prompts go into the trace, and
//! the call completes with the converted result, delivered as a loop event.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use boa_engine::{Context, JsNativeError, JsResult};
use serde::Serialize;
use serde_json::{Map, Value};
use wxbox_engine::event_loop::Ticket;
use wxbox_engine::timers::event_loop;
use wxbox_engine::Event;
use wxbox_host::{Answer, Reply};

use crate::call::{CallResult, Completion, Payload};
use crate::error::WxError;

type Resume = Box<dyn FnOnce(&mut Context, Box<dyn Any + Send>) -> JsResult<()>>;

/// Calls waiting for a host, by id. What to do with the answer holds JS objects, so it stays on
/// the JS thread; only the id and the answer cross threads.
#[derive(Default)]
pub struct Pending {
    next: Cell<u64>,
    waiting: RefCell<HashMap<u64, Resume>>,
}

enum Slot<T> {
    /// The host has not answered and the call has not been parked yet.
    Open,
    /// The host answered while being called (the usual case for the simulated superapp).
    Early(Answer<T>),
    /// Parked: a later answer goes through this ticket to call `id`.
    Parked(Ticket, u64),
    Done,
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

/// Calls a host with a fresh [`Reply`] and runs `then` with its answer on the JS thread.
///
/// An answer given during `call` is handled right away, so results keep the order of the calls
/// that caused them; a later answer (another thread, a timer in the host) arrives through an
/// event-loop ticket, and the loop waits for it (the virtual clock stands still meanwhile).
///
/// # Errors
/// What `then` raises for an early answer; a missing loop (a wiring bug).
pub fn ask<T: Send + 'static>(
    ctx: &mut Context,
    origin: &str,
    call: impl FnOnce(Reply<T>),
    then: impl FnOnce(&mut Context, Answer<T>) -> JsResult<()> + 'static,
) -> JsResult<()> {
    let slot = Arc::new(Mutex::new(Slot::Open));
    let sink = slot.clone();
    call(Reply::new(move |answer: Answer<T>| {
        let mut s = sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match std::mem::replace(&mut *s, Slot::Done) {
            Slot::Open => *s = Slot::Early(answer),
            Slot::Parked(ticket, id) => ticket.complete(Box::new(move |ctx| {
                let resume = ctx
                    .get_data::<Pending>()
                    .and_then(|p| p.waiting.borrow_mut().remove(&id));
                match resume {
                    Some(f) => f(ctx, Box::new(answer)),
                    None => Ok(()),
                }
            })),
            Slot::Early(_) | Slot::Done => {}
        }
    }));
    let mut s = slot
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match std::mem::replace(&mut *s, Slot::Done) {
        Slot::Early(answer) => {
            drop(s);
            then(ctx, answer)
        }
        Slot::Open => {
            let pending = ctx
                .get_data::<Pending>()
                .ok_or_else(|| JsNativeError::typ().with_message("wx is not initialised"))?;
            let id = pending.next.get() + 1;
            pending.next.set(id);
            pending.waiting.borrow_mut().insert(
                id,
                Box::new(move |ctx, any| match any.downcast::<Answer<T>>() {
                    Ok(answer) => then(ctx, *answer),
                    Err(_) => Ok(()),
                }),
            );
            *s = Slot::Parked(event_loop(ctx)?.ticket(origin), id);
            Ok(())
        }
        Slot::Parked(..) | Slot::Done => Ok(()),
    }
}

/// Calls a host for the async call `completion` belongs to, and completes it with
/// `convert(value)` (or the host's failure), after tracing the prompts the user saw.
///
/// # Errors
/// A missing loop (a wiring bug).
pub fn reply<T: Send + 'static>(
    ctx: &mut Context,
    completion: Completion,
    convert: fn(T) -> CallResult,
    call: impl FnOnce(Reply<T>),
) -> JsResult<()> {
    let api = completion.api();
    ask(ctx, &format!("wx.{api}"), call, move |ctx, answer| {
        trace_prompts(ctx, api, answer.prompts);
        completion.complete(answer.result.map_err(WxError::from).and_then(convert));
        Ok(())
    })
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
