//! How a host answers: a [`Reply`] it may complete now or later, from any thread, carrying the
//! prompts the user saw and a typed result. Nothing here knows about JavaScript; the `wx` layer
//! builds each `Reply` so that its answer comes back to the JS thread as an event on the loop.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A failure as WeChat reports it: the reason after `"<api>:fail "`, and the codes it attaches.
/// Family error enums convert into this; the `wx` layer maps it to `errMsg` / `errno` / `errCode`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Failure {
    /// The text after `:fail `.
    pub reason: String,
    /// `errno` (base library >= 2.24.0), when WeChat gives one.
    pub errno: Option<i64>,
    /// `errCode`, for APIs that report one (subscriptions, Soter).
    pub err_code: Option<i64>,
}

impl Failure {
    /// A failure with a reason only.
    #[must_use]
    pub fn new(reason: impl Into<String>) -> Self {
        Failure {
            reason: reason.into(),
            errno: None,
            err_code: None,
        }
    }

    /// A bug in a host: it gave up on a call.
    #[must_use]
    pub fn internal(detail: &str) -> Self {
        Failure::new(format!("internal error: {detail}"))
    }
}

/// Something the user was shown and what they chose: an authorization popup, a payment sheet,
/// a modal. Each becomes a `prompt` event in the trace, before the call's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    /// What kind of popup (`authorize`, `getUserProfile`, `requestPayment`, `showModal`, ...).
    pub prompt: String,
    /// What it showed (scope, description, template titles, ...).
    pub shown: Value,
    /// What the scripted user chose (`allow`, `deny`, `pay`, `cancel`, `confirm`, ...).
    pub decision: String,
}

impl Prompt {
    /// A prompt record.
    #[must_use]
    pub fn new(prompt: &str, shown: Value, decision: &str) -> Self {
        Prompt {
            prompt: prompt.into(),
            shown,
            decision: decision.into(),
        }
    }
}

/// A host's answer to one call.
#[derive(Debug)]
pub struct Answer<T> {
    /// Popups shown while handling the call, in order.
    pub prompts: Vec<Prompt>,
    /// The outcome.
    pub result: Result<T, Failure>,
}

type Sink<T> = Box<dyn FnOnce(Answer<T>) + Send>;

/// The right to answer one call. Send it from any thread; dropping it unanswered answers
/// `fail internal error`, so no call is left hanging.
#[must_use = "a call must be answered"]
pub struct Reply<T: Send + 'static> {
    prompts: Vec<Prompt>,
    sink: Option<Sink<T>>,
}

impl<T: Send + 'static> std::fmt::Debug for Reply<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("prompts", &self.prompts)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Reply<T> {
    /// A reply that hands its answer to `sink`.
    pub fn new(sink: impl FnOnce(Answer<T>) + Send + 'static) -> Self {
        Reply {
            prompts: Vec::new(),
            sink: Some(Box::new(sink)),
        }
    }

    /// Records a popup the user saw.
    pub fn prompt(&mut self, prompt: Prompt) {
        self.prompts.push(prompt);
    }

    /// Answers with `result`.
    pub fn send(mut self, result: Result<T, Failure>) {
        self.finish(result);
    }

    /// Answers with success.
    pub fn ok(self, value: T) {
        self.send(Ok(value));
    }

    /// Answers with a typed failure.
    pub fn fail(self, failure: impl Into<Failure>) {
        self.send(Err(failure.into()));
    }

    fn finish(&mut self, result: Result<T, Failure>) {
        if let Some(sink) = self.sink.take() {
            sink(Answer {
                prompts: std::mem::take(&mut self.prompts),
                result,
            });
        }
    }
}

impl<T: Send + 'static> Drop for Reply<T> {
    fn drop(&mut self) {
        self.finish(Err(Failure::internal("the host dropped the call")));
    }
}
