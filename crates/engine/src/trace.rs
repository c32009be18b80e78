//! The structured trace: everything a sandbox does lands here, stamped with sandbox time.
//!
//! One trace per sandbox is the single source for the CLI's text and JSON output, golden tests,
//! and (later) the HTML sequence diagrams. Each event is also forwarded to `tracing` at debug
//! level (console output at its own level) so an embedder's subscriber sees it live.
//!
//! The trace is bounded. A block of up to [`MAX_PERIOD`] events that repeats as it was, later in
//! sandbox time (an interval's console line and its `setData`, tick after tick), is kept once,
//! followed by one [`Event::Repeat`] counting the repetitions; and past [`DEFAULT_LIMIT`] events (configurable)
//! the rest is counted in one [`Event::Dropped`] instead of kept. `end` events are always kept.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::SandboxClock;

/// One event, with the sandbox time (milliseconds since start) it happened at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceEvent {
    /// Sandbox time in milliseconds (virtual unless the run uses real time).
    pub t: u64,
    /// What happened.
    #[serde(flatten)]
    pub event: Event,
}

/// Console levels, as `console.<level>` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Level {
    Debug,
    Log,
    Info,
    Warn,
    Error,
}

impl Level {
    /// The console method name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Log => "log",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// What happened. Serialised with a `kind` tag, one JSON object per event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// The framework called a lifecycle hook the app defined (`App.onLaunch`, `pages/x/x.onLoad`).
    Lifecycle {
        /// `App`, or the page route.
        target: String,
        /// The hook name (`onLaunch`, `onLoad`, `lifetimes.attached`, ...).
        hook: String,
        /// The argument passed, when the hook takes one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        args: Option<Value>,
    },
    /// The app called a `wx` API.
    Call {
        /// API name without the `wx.` prefix.
        api: String,
        /// Arguments as JSON (callbacks left out).
        args: Value,
    },
    /// A `wx` API produced its result (delivered to callbacks or the Promise).
    Result {
        /// API name.
        api: String,
        /// `"<api>:ok"` or `"<api>:fail <reason>"`.
        #[serde(rename = "errMsg")]
        err_msg: String,
        /// The result fields other than `errMsg`.
        result: Value,
    },
    /// `console.*` output.
    Console {
        /// The level.
        level: Level,
        /// The formatted text.
        text: String,
        /// Whose console, when not the mini-program's (a mock backend's domain).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<String>,
    },
    /// A message from one party to another: the mini-program's `wx.request` to a developer
    /// server, that server's call to the WeChat interface service. Parties are `miniprogram`,
    /// `wechat` (the interface service) and developer servers by domain.
    Request {
        /// Pairs the request with its [`Event::Response`] (`r1`, and `r1.1` for a call the
        /// server made while answering `r1`).
        id: String,
        /// The caller.
        from: String,
        /// The callee.
        to: String,
        /// `GET`, `POST`, ...
        method: String,
        /// The URL (secrets masked).
        url: String,
        /// The body, as JSON when it is JSON.
        #[serde(default, skip_serializing_if = "Value::is_null")]
        data: Value,
        /// Headers that carry the protocol (WeChat Pay's `Wechatpay-*` signature headers on a
        /// notification); empty for ordinary requests, whose headers the trace leaves out.
        #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
        header: std::collections::BTreeMap<String, String>,
    },
    /// The answer to a [`Event::Request`], or why there was none.
    Response {
        /// The request's id.
        id: String,
        /// The party answering.
        from: String,
        /// The party that asked.
        to: String,
        /// The HTTP status, when there was a response.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
        /// The body, as JSON when it is JSON.
        #[serde(default, skip_serializing_if = "Value::is_null")]
        data: Value,
        /// Why there was no response (`timeout`, `abort`, a network error).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// An uncaught error, an unhandled rejection, or a limit that stopped a script.
    Error {
        /// Where it was raised: `App.onLaunch`, `setTimeout`, `unhandledrejection`, `limit`, ...
        origin: String,
        /// The message (`TypeError: x is not a function`).
        message: String,
        /// The app-relative file the error points at, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<String>,
        /// 1-based line, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        /// 1-based column, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<u32>,
    },
    /// Something WeChat tolerates and a developer should still fix: an unknown `wx:` attribute,
    /// a missing `<import>`, a page that could not be compiled while the others still open.
    /// `--strict` turns these into errors.
    Warning {
        /// Which part of the sandbox noticed it: `wxml`, `compile`, `config`, `wx`, ...
        origin: String,
        /// What is wrong and what WeChat does about it.
        message: String,
        /// The app-relative file it points at, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<String>,
        /// 1-based line, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        /// 1-based column, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<u32>,
    },
    /// The page stack changed.
    Navigation {
        /// `launch`, `navigateTo`, `redirectTo`, `navigateBack`, `reLaunch`, `switchTab`.
        action: String,
        /// The route that was on top before, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        /// The route on top afterwards.
        to: String,
        /// The whole stack afterwards, bottom first.
        stack: Vec<String>,
    },
    /// The user was shown a popup (authorization, payment sheet, modal, ...) and chose.
    Prompt {
        /// The API that caused it, or the page element (`<button open-type=getUserInfo>`).
        api: String,
        /// What kind of popup.
        prompt: String,
        /// What it showed.
        shown: Value,
        /// What the scripted user chose.
        decision: String,
    },
    /// The view layer rendered a page (first after `onShow`, then after each `setData`).
    Render {
        /// The page route.
        target: String,
        /// Nodes in the rendered tree.
        nodes: usize,
        /// What changed since the previous render (`op`, `path`, `name`, `value`); the first
        /// render inserts the top-level nodes.
        changes: Value,
    },
    /// The view layer ran an event handler (`bindtap="onTap"`) of a page or component.
    Handler {
        /// The page route or component path whose method ran.
        target: String,
        /// The method.
        method: String,
        /// The event object passed (`type`, `detail`, `target`, `currentTarget`, `mark`).
        event: Value,
    },
    /// The scripted user acted on the page (a tap, typing into an input).
    User {
        /// `tap`, `input`, or the event a test fired (`longpress`, `touchstart`, a custom event).
        action: String,
        /// The selector the test or CLI gave.
        selector: String,
        /// The element acted on, as its opening tag.
        element: String,
        /// The text typed, for `input`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
    },
    /// A page called `setData`.
    SetData {
        /// The page route.
        target: String,
        /// The data passed, as JSON.
        data: Value,
    },
    /// The `events` events just before this one happened `count` more times over, unchanged
    /// (sandbox time aside), the first repetition starting at `from`; `t` is the last one's.
    Repeat {
        /// How many events the repeated block holds.
        events: usize,
        /// How many more times the block happened.
        count: u64,
        /// Sandbox time of the first folded repetition.
        from: u64,
    },
    /// The trace reached its limit of events; what came after was counted here, not kept.
    Dropped {
        /// The limit.
        limit: usize,
        /// Events not kept.
        count: u64,
        /// Of those, how many of each kind.
        kinds: std::collections::BTreeMap<String, u64>,
    },
    /// A run of the event loop ended.
    End {
        /// `idle` (nothing left to do), `horizon` (only intervals were left, and sandbox time
        /// reached the horizon), `until` (the `--until` time) or `budget` (a limit stopped it).
        reason: String,
        /// What was still scheduled (`2 intervals, 1 timeout`), if anything.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pending: Option<String>,
        /// For `budget`: which limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        /// The run's last `end` only: where the app stands (errors, stack, data, storage).
        #[serde(default, skip_serializing_if = "Option::is_none", flatten)]
        summary: Option<EndSummary>,
    },
}

/// What the last `end` of a run adds: enough to see how the app was left without re-running
/// it with more logging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndSummary {
    /// Uncaught errors over the whole run.
    pub errors: usize,
    /// The page stack, bottom first.
    pub stack: Vec<String>,
    /// The top page's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Storage keys, in insertion order.
    pub storage: Vec<String>,
}

impl Event {
    /// The `kind` tag this event carries in JSON.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Lifecycle { .. } => "lifecycle",
            Event::Call { .. } => "call",
            Event::Result { .. } => "result",
            Event::Console { .. } => "console",
            Event::Request { .. } => "request",
            Event::Response { .. } => "response",
            Event::Error { .. } => "error",
            Event::Warning { .. } => "warning",
            Event::Navigation { .. } => "navigation",
            Event::Prompt { .. } => "prompt",
            Event::Render { .. } => "render",
            Event::Handler { .. } => "handler",
            Event::User { .. } => "user",
            Event::SetData { .. } => "set_data",
            Event::Repeat { .. } => "repeat",
            Event::Dropped { .. } => "dropped",
            Event::End { .. } => "end",
        }
    }
}

/// The longest block of events folded into a [`Event::Repeat`].
pub const MAX_PERIOD: usize = 8;

/// Events a trace keeps by default before counting the rest in an [`Event::Dropped`].
pub const DEFAULT_LIMIT: usize = 100_000;

/// Folding in progress: the block `events[start..start + period]` is being repeated.
#[derive(Debug)]
struct Fold {
    start: usize,
    period: usize,
    /// Index of the [`Event::Repeat`] after the block, once one repetition completed.
    repeat: Option<usize>,
    /// Events of the current, incomplete repetition (kept verbatim if it breaks off).
    partial: Vec<TraceEvent>,
}

#[derive(Debug, Default)]
struct Store {
    events: Vec<TraceEvent>,
    fold: Option<Fold>,
    /// Events kept over the trace's life (drained ones included), for the limit.
    kept: usize,
    /// Index of the [`Event::Dropped`] in `events`, once the limit is reached.
    dropped: Option<usize>,
    /// Every event as it happened, unfolded and unlimited, for a listener that drains it
    /// ([`Trace::listen`]); `None` until one asks.
    raw: Option<Vec<TraceEvent>>,
}

impl Store {
    fn push(&mut self, e: TraceEvent, limit: usize) {
        if let Some(mut f) = self.fold.take() {
            let expected = self.events.get(f.start + f.partial.len());
            if expected.is_some_and(|x| x.event == e.event) {
                f.partial.push(e);
                if f.partial.len() == f.period {
                    self.repeated(&mut f);
                }
                self.fold = Some(f);
                return;
            }
            // The block broke off: what matched so far happened, keep it.
            for p in f.partial {
                self.keep(p, limit);
            }
        }
        self.fold = self.start_fold(&e);
        match &mut self.fold {
            Some(f) => {
                f.partial.push(e);
                if f.period == 1 {
                    let mut f = self.fold.take();
                    if let Some(f) = &mut f {
                        self.repeated(f);
                    }
                    self.fold = f;
                }
            }
            None => self.keep(e, limit),
        }
    }

    /// A fold for `e`: the shortest block ending the trace that starts with an equal event and
    /// holds no bookkeeping event (a repeat or a drop note), so folds never nest.
    fn start_fold(&self, e: &TraceEvent) -> Option<Fold> {
        if self.dropped.is_some() || matches!(e.event, Event::End { .. }) {
            return None;
        }
        let n = self.events.len();
        (1..=MAX_PERIOD.min(n)).find_map(|period| {
            let start = n - period;
            let block = self.events.get(start..)?;
            let plain = block.iter().all(|b| {
                !matches!(
                    b.event,
                    Event::Repeat { .. } | Event::Dropped { .. } | Event::End { .. }
                )
            });
            // Only a repetition later in time folds: equal events at one instant are separate
            // happenings (two handlers of one tap), a block repeating over time is a rhythm.
            let again = block
                .first()
                .is_some_and(|b| b.event == e.event && b.t < e.t);
            (plain && again).then(|| Fold {
                start,
                period,
                repeat: None,
                partial: Vec::new(),
            })
        })
    }

    /// A whole repetition of the block arrived: count it.
    fn repeated(&mut self, f: &mut Fold) {
        let first = f.partial.first().map_or(0, |p| p.t);
        let last = f.partial.last().map_or(0, |p| p.t);
        f.partial.clear();
        if let Some(TraceEvent {
            t,
            event: Event::Repeat { count, .. },
        }) = f.repeat.and_then(|i| self.events.get_mut(i))
        {
            *count += 1;
            *t = last;
            return;
        }
        f.repeat = Some(self.events.len());
        self.events.push(TraceEvent {
            t: last,
            event: Event::Repeat {
                events: f.period,
                count: 1,
                from: first,
            },
        });
    }

    /// Keeps `e`, or counts it in the drop note once the limit is reached.
    fn keep(&mut self, e: TraceEvent, limit: usize) {
        if self.kept < limit || matches!(e.event, Event::End { .. }) {
            self.kept += 1;
            self.events.push(e);
            return;
        }
        let at = self.dropped.filter(|&i| i < self.events.len());
        let kind = e.event.kind().to_string();
        if let Some(TraceEvent {
            t,
            event: Event::Dropped { count, kinds, .. },
        }) = at.and_then(|i| self.events.get_mut(i))
        {
            *count += 1;
            *kinds.entry(kind).or_default() += 1;
            *t = e.t;
            return;
        }
        self.dropped = Some(self.events.len());
        self.events.push(TraceEvent {
            t: e.t,
            event: Event::Dropped {
                limit,
                count: 1,
                kinds: std::iter::once((kind, 1)).collect(),
            },
        });
    }

    /// Ends any fold (keeping its incomplete repetition), so the events can be handed out.
    fn settle(&mut self, limit: usize) {
        if let Some(f) = self.fold.take() {
            for p in f.partial {
                self.keep(p, limit);
            }
        }
    }
}

/// The shared, append-only trace of one sandbox.
#[derive(Clone)]
pub struct Trace {
    store: Rc<RefCell<Store>>,
    clock: Arc<SandboxClock>,
    limit: usize,
}

impl std::fmt::Debug for Trace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trace")
            .field("events", &self.store.borrow().events.len())
            .finish_non_exhaustive()
    }
}

impl Trace {
    /// An empty trace stamped by `clock`, keeping up to [`DEFAULT_LIMIT`] events.
    #[must_use]
    pub fn new(clock: Arc<SandboxClock>) -> Self {
        Self::with_limit(clock, DEFAULT_LIMIT)
    }

    /// An empty trace keeping up to `limit` events (folded repeats count once).
    #[must_use]
    pub fn with_limit(clock: Arc<SandboxClock>, limit: usize) -> Self {
        Self {
            store: Rc::default(),
            clock,
            limit,
        }
    }

    /// Appends `event` at the current sandbox time.
    pub fn push(&self, event: Event) {
        let t = self.clock.now_ms();
        match &event {
            Event::Console { level, text, .. } => match level {
                Level::Error => tracing::error!(target: "wxbox::console", t, "{text}"),
                Level::Warn => tracing::warn!(target: "wxbox::console", t, "{text}"),
                Level::Info | Level::Log => tracing::info!(target: "wxbox::console", t, "{text}"),
                Level::Debug => tracing::debug!(target: "wxbox::console", t, "{text}"),
            },
            other => tracing::debug!(target: "wxbox::trace", t, event = ?other),
        }
        let mut store = self.store.borrow_mut();
        if let Some(raw) = &mut store.raw {
            raw.push(TraceEvent {
                t,
                event: event.clone(),
            });
        }
        store.push(TraceEvent { t, event }, self.limit);
    }

    /// From now on, also keeps every event as it happens (before repeats are folded and the
    /// limit applies) for [`Trace::take_listened`]: a test's `on('console')` sees each line.
    pub fn listen(&self) {
        let mut s = self.store.borrow_mut();
        if s.raw.is_none() {
            s.raw = Some(Vec::new());
        }
    }

    /// The events since the last call (with [`Trace::listen`] on), each as it happened.
    #[must_use]
    pub fn take_listened(&self) -> Vec<TraceEvent> {
        self.store
            .borrow_mut()
            .raw
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// A copy of every event so far.
    #[must_use]
    pub fn events(&self) -> Vec<TraceEvent> {
        let s = self.store.borrow();
        let mut out = s.events.clone();
        // An incomplete repetition is shown as it happened.
        if let Some(f) = &s.fold {
            out.extend(f.partial.iter().cloned());
        }
        out
    }

    /// Removes and returns the events so far (for streaming them out of a sandbox thread).
    /// A repeat in progress ends here: the next events start afresh.
    #[must_use]
    pub fn drain(&self) -> Vec<TraceEvent> {
        let mut s = self.store.borrow_mut();
        s.settle(self.limit);
        s.dropped = None;
        std::mem::take(&mut s.events)
    }
}

/// Renders events for people: one aligned line each, sandbox time first.
#[must_use]
pub fn format_text(events: &[TraceEvent]) -> String {
    let mut out = String::new();
    for e in events {
        let _ = writeln!(out, "{}", format_text_line(e));
    }
    out
}

/// ` at file:line:col`, as much of it as is known.
fn position(file: Option<&str>, line: Option<u32>, column: Option<u32>) -> String {
    match (file, line, column) {
        (Some(f), Some(l), Some(c)) => format!(" at {f}:{l}:{c}"),
        (Some(f), Some(l), None) => format!(" at {f}:{l}"),
        (Some(f), None, _) => format!(" at {f}"),
        _ => String::new(),
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// One human-readable line for `e`.
#[must_use]
pub fn format_text_line(e: &TraceEvent) -> String {
    let (kind, body) = match &e.event {
        Event::Lifecycle { target, hook, args } => (
            "lifecycle",
            match args {
                Some(a) => format!("{target}.{hook} {}", compact(a)),
                None => format!("{target}.{hook}"),
            },
        ),
        Event::Call { api, args } => ("call", format!("wx.{api} {}", compact(args))),
        Event::Result {
            api,
            err_msg,
            result,
        } => {
            let empty =
                result.is_null() || result.as_object().is_some_and(serde_json::Map::is_empty);
            (
                "result",
                if empty {
                    format!("wx.{api} {err_msg}")
                } else {
                    format!("wx.{api} {err_msg} {}", compact(result))
                },
            )
        }
        Event::Console { level, text, party } => (
            "console",
            match party {
                Some(p) => format!("{:<5} [{p}] {text}", level.as_str()),
                None => format!("{:<5} {text}", level.as_str()),
            },
        ),
        Event::Request {
            id,
            from,
            to,
            method,
            url,
            data,
            ..
        } => (
            "request",
            if data.is_null() {
                format!("{id} {from} -> {to} {method} {url}")
            } else {
                format!("{id} {from} -> {to} {method} {url} {}", compact(data))
            },
        ),
        Event::Response {
            id,
            from,
            to,
            status,
            data,
            error,
        } => (
            "response",
            match (status, error) {
                (_, Some(e)) => format!("{id} {from} -> {to} failed: {e}"),
                (Some(s), None) if data.is_null() => format!("{id} {from} -> {to} {s}"),
                (Some(s), None) => format!("{id} {from} -> {to} {s} {}", compact(data)),
                (None, None) => format!("{id} {from} -> {to}"),
            },
        ),
        Event::Error {
            origin,
            message,
            file,
            line,
            column,
        } => {
            let at = position(file.as_deref(), *line, *column);
            ("error", format!("[{origin}] {message}{at}"))
        }
        Event::Warning {
            origin,
            message,
            file,
            line,
            column,
        } => {
            let at = position(file.as_deref(), *line, *column);
            ("warning", format!("[{origin}] {message}{at}"))
        }
        Event::Navigation {
            action,
            from,
            to,
            stack,
        } => (
            "navigation",
            format!(
                "{action} {} -> {to}  stack [{}]",
                from.as_deref().unwrap_or("(none)"),
                stack.join(", ")
            ),
        ),
        Event::SetData { target, data } => ("set_data", format!("{target} {}", compact(data))),
        Event::Render {
            target,
            nodes,
            changes,
        } => (
            "render",
            format!(
                "{target} {nodes} nodes, {} changes {}",
                changes.as_array().map_or(0, Vec::len),
                compact(changes)
            ),
        ),
        Event::Handler {
            target,
            method,
            event,
        } => ("handler", format!("{target}.{method} {}", compact(event))),
        Event::User {
            action,
            selector,
            element,
            value,
        } => (
            "user",
            match value {
                Some(v) => format!("{action} {selector} {element} {v:?}"),
                None => format!("{action} {selector} {element}"),
            },
        ),
        Event::Repeat {
            events,
            count,
            from,
        } => (
            "repeat",
            format!(
                "the {} above {count} more time{} ({from} ms to {} ms)",
                if *events == 1 {
                    "event".to_string()
                } else {
                    format!("{events} events")
                },
                if *count == 1 { "" } else { "s" },
                e.t
            ),
        ),
        Event::Dropped {
            limit,
            count,
            kinds,
        } => {
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
            (
                "dropped",
                format!(
                    "{count} more events not kept: the trace holds at most {limit} ({})",
                    kinds.join(", ")
                ),
            )
        }
        Event::End {
            reason,
            pending,
            message,
            summary,
        } => {
            let mut body = reason.clone();
            if let Some(m) = message {
                let _ = write!(body, ": {m}");
            } else if let Some(p) = pending {
                let _ = write!(body, ", pending {p}");
            }
            if let Some(s) = summary {
                let _ = write!(
                    body,
                    "; {} error{}, stack [{}], storage [{}]",
                    s.errors,
                    if s.errors == 1 { "" } else { "s" },
                    s.stack.join(", "),
                    s.storage.join(", ")
                );
                if let Some(d) = &s.data {
                    let _ = write!(body, ", data {}", compact(d));
                }
            }
            ("end", body)
        }
        Event::Prompt {
            api,
            prompt,
            shown,
            decision,
        } => (
            "prompt",
            // A prompt from a page element (`<button open-type=...>`) rather than a wx call.
            if api.starts_with('<') {
                format!("{api} {prompt} {} -> {decision}", compact(shown))
            } else {
                format!("wx.{api} {prompt} {} -> {decision}", compact(shown))
            },
        ),
    };
    // Multi-line messages (stack traces, console text) stay readable under the time column.
    let body = body.replace('\n', "\n                         ");
    format!("{:>8} ms  {kind:<10}  {body}", e.t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ClockMode;

    #[test]
    fn json_lines_carry_t_and_kind() {
        let clock = Arc::new(SandboxClock::new(ClockMode::Virtual, None));
        let trace = Trace::new(clock.clone());
        clock.advance_to(42);
        trace.push(Event::Lifecycle {
            target: "App".into(),
            hook: "onLaunch".into(),
            args: None,
        });
        let line = serde_json::to_string(&trace.events()[0]).unwrap_or_default();
        assert_eq!(
            line,
            r#"{"t":42,"kind":"lifecycle","target":"App","hook":"onLaunch"}"#
        );
        let back: TraceEvent = serde_json::from_str(&line).expect("round trip");
        assert_eq!(back, trace.events()[0]);
        assert_eq!(
            format_text(&trace.events()),
            "      42 ms  lifecycle   App.onLaunch\n"
        );
    }
}
