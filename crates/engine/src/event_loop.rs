//! The sandbox event loop: boa's [`JobExecutor`], our macrotask queue, timers, and the channel that
//! brings host completions back from other threads.
//!
//! The rule, as in browsers and WeChat's JS thread: run one macrotask (a timer, a host completion, a
//! framework step), then drain every microtask (Promise jobs). Host handlers never touch JS: they
//! post a task here (from this thread with [`EventLoop::post`], from any thread through a
//! [`Ticket`]) and the loop runs it in order. With the virtual clock, idle time jumps straight to the
//! next timer; while a host call is in flight the clock stands still, so traces do not depend on how
//! fast a host thread answers.
//!
//! Virtual time ends. An app whose only remaining work is repeating timers (`setInterval`) would
//! otherwise tick forever, so the loop stops at a horizon ([`RunBudget::horizon`], 60 s of sandbox
//! time past the last other work). Each task carries along how many timer hops led to it. Work an
//! interval's tick causes (its timeouts, `wx` calls, host completions and promise jobs) counts as
//! the interval's, so a clock that calls `setData` every second or a poll that requests every five
//! still ends; so does work more than [`SHALLOW_HOPS`] timeouts deep, which is how a poll by
//! recursive `setTimeout` (`wx.request({success() { setTimeout(poll, 5000) }})`) repeats.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use boa_engine::builtins::promise::OperationType;
use boa_engine::job::{Job, JobExecutor};
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsError, JsObject, JsResult, JsValue};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use crate::clock::{ClockMode, SandboxClock};
use crate::errors::ScriptError;
use crate::trace::{Event, Trace};

/// A unit of work on the JS thread. Errors it returns are reported as uncaught, under its origin.
pub type Task = Box<dyn FnOnce(&mut Context) -> JsResult<()>>;

/// A unit of work sent from another thread; it runs on the JS thread like any [`Task`].
pub type RemoteTask = Box<dyn FnOnce(&mut Context) -> JsResult<()> + Send>;

/// Receives uncaught errors: `(context, error, origin)`.
pub type ErrorHandler = Rc<dyn Fn(&mut Context, ScriptError, &str)>;

/// Receives unhandled rejections: `(context, reason, promise)`.
pub type RejectionHandler = Rc<dyn Fn(&mut Context, JsValue, JsObject)>;

/// Per-run budget: a runaway app ends with an error instead of a hang.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunBudget {
    /// Stop when virtual (or real) sandbox time would pass this many milliseconds.
    pub until: Option<u64>,
    /// When only repeating timers remain, stop once sandbox time would pass this many
    /// milliseconds after the last other work ([`RunEnd::Horizon`]). Ignored when `until` is set;
    /// `None` lets intervals run until a budget stops them.
    pub horizon: Option<u64>,
    /// Stop after this many tasks and microtasks in one run.
    pub max_jobs: u64,
    /// Stop after this much wall time in one run.
    pub wall: Duration,
}

impl Default for RunBudget {
    fn default() -> Self {
        Self {
            until: None,
            horizon: Some(DEFAULT_HORIZON_MS),
            max_jobs: 2_000_000,
            wall: Duration::from_secs(20),
        }
    }
}

/// How long intervals alone may run past the last other work, by default: a minute of sandbox
/// time covers the usual countdowns (an SMS code's 60 s) and carousels.
pub const DEFAULT_HORIZON_MS: u64 = 60_000;

/// Why [`EventLoop::run`] returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEnd {
    /// Nothing left to do: no tasks, timers or host calls in flight.
    Idle,
    /// Sandbox time reached [`RunBudget::until`]; work may remain.
    Until,
    /// Only repeating timers (and what they cause) remained, and sandbox time reached
    /// [`RunBudget::horizon`] past the last other work.
    Horizon,
    /// The budget ran out; the message says which part and what was still pending.
    Budget(String),
}

impl RunEnd {
    /// `idle`, `until`, `horizon` or `budget`: the `reason` of the trace's `end` event.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            RunEnd::Idle => "idle",
            RunEnd::Until => "until",
            RunEnd::Horizon => "horizon",
            RunEnd::Budget(_) => "budget",
        }
    }
}

/// What was still scheduled when a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pending {
    /// Repeating timers.
    pub intervals: usize,
    /// One-shot timers.
    pub timeouts: usize,
    /// Queued tasks.
    pub tasks: usize,
    /// Host calls in flight.
    pub host_calls: usize,
}

impl std::fmt::Display for Pending {
    /// `2 intervals, 1 timeout`, or `nothing`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = [
            (self.intervals, "interval"),
            (self.timeouts, "timeout"),
            (self.tasks, "task"),
            (self.host_calls, "host call"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
        .collect();
        if parts.is_empty() {
            f.write_str("nothing")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

struct Timer {
    callback: JsObject,
    args: Vec<JsValue>,
    interval: Option<u64>,
    /// The queue key currently scheduled for this timer; stale keys are skipped.
    key: (u64, u64),
    /// Timer hops that led to this timer's callback (see [`SHALLOW_HOPS`]).
    hops: u32,
    /// HTML's timer nesting level of this timer's task (for the 4 ms clamp).
    level: u32,
}

#[derive(Default)]
struct Timers {
    queue: BTreeMap<(u64, u64), u32>,
    entries: HashMap<u32, Timer>,
    next_id: u32,
    next_seq: u64,
}

impl Timers {
    fn schedule(&mut self, due: u64, id: u32) -> (u64, u64) {
        self.next_seq += 1;
        let key = (due, self.next_seq);
        self.queue.insert(key, id);
        key
    }

    /// The next live timer's due time, dropping cancelled ones.
    fn next_due(&mut self) -> Option<u64> {
        self.next_live().map(|(due, _)| due)
    }

    /// The next live timer's due time and id, dropping cancelled ones.
    fn next_live(&mut self) -> Option<(u64, u32)> {
        while let Some((&key, &id)) = self.queue.iter().next() {
            if self.entries.get(&id).is_some_and(|t| t.key == key) {
                return Some((key.0, id));
            }
            self.queue.remove(&key);
        }
        None
    }

    /// Whether a timer not caused by an interval is still waiting: it holds the run open.
    fn other_pending(&self) -> bool {
        self.entries
            .values()
            .any(|t| t.interval.is_none() && t.hops <= SHALLOW_HOPS)
    }
}

/// HTML's clamp: a timer nested more than 5 levels deep waits at least 4 ms ("timer
/// initialization steps", step 5). It keeps `setInterval(f, 0)` from ticking forever at one
/// instant of virtual time. UNVERIFIED for WeChat's own timers (its JS threads run JavaScriptCore
/// or V8 without a browser's timer code); browsers and Node agree on it.
fn clamp(delay: u64, level: u32) -> u64 {
    if level > 5 && delay < 4 {
        4
    } else {
        delay
    }
}

/// Work reached through at most this many timeouts (each callback that sets the next is one hop)
/// is the app's own and moves the horizon; deeper work, and everything an interval's tick causes,
/// is taken as repeating. Five, as HTML counts nested timers before it clamps them.
pub const SHALLOW_HOPS: u32 = 5;

/// The hops of work an interval's tick causes: always repeating.
const TICK: u32 = u32::MAX;

/// A macrotask and what caused it.
struct Queued {
    origin: Rc<str>,
    task: Task,
    hops: u32,
}

/// A remote completion: origin, task, the timer hops behind the work that started it.
type Remote = (String, RemoteTask, u32);

/// The loop of one sandbox. Shared (`Rc`) between the runtime and boa, which sees it as its
/// [`JobExecutor`].
pub struct EventLoop {
    clock: Arc<SandboxClock>,
    trace: Trace,
    microtasks: RefCell<VecDeque<(Job, u32)>>,
    macrotasks: RefCell<VecDeque<Queued>>,
    timers: RefCell<Timers>,
    remote_tx: Sender<Remote>,
    remote_rx: Receiver<Remote>,
    in_flight: Arc<AtomicUsize>,
    rejections: RefCell<Vec<JsObject>>,
    on_error: RefCell<Option<ErrorHandler>>,
    on_rejection: RefCell<Option<RejectionHandler>>,
    /// Jobs run in the current run, for the budget.
    jobs: Cell<u64>,
    /// Set when the budget ran out inside a microtask drain.
    exhausted: RefCell<Option<String>>,
    budget: Cell<RunBudget>,
    started: Cell<Option<Instant>>,
    /// Timer hops behind the work running now ([`TICK`] inside an interval's work).
    hops: Cell<u32>,
    /// The timer nesting level of the running task (0 outside timer callbacks).
    level: Cell<u32>,
    /// Sandbox time of the last work no interval caused: the horizon counts from here.
    last_other: Cell<u64>,
}

impl std::fmt::Debug for EventLoop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventLoop")
            .field("macrotasks", &self.macrotasks.borrow().len())
            .field("timers", &self.timers.borrow().entries.len())
            .field("in_flight", &self.in_flight.load(Ordering::SeqCst))
            .finish_non_exhaustive()
    }
}

/// Sends one completion back to the loop from any thread. While a ticket is alive the loop does not
/// go idle (and the virtual clock does not advance); dropping it unused releases the loop.
#[must_use = "the loop waits for this ticket until it completes or is dropped"]
pub struct Ticket {
    tx: Sender<Remote>,
    origin: String,
    done: bool,
    hops: u32,
}

impl Ticket {
    /// Delivers `task` to the JS thread.
    pub fn complete(mut self, task: RemoteTask) {
        self.done = true;
        self.send(task);
    }

    fn send(&self, task: RemoteTask) {
        // The receiver lives as long as the loop; a send after the sandbox is gone is harmless.
        let _ = self.tx.send((self.origin.clone(), task, self.hops));
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if !self.done {
            self.send(Box::new(|_| Ok(())));
        }
    }
}

impl EventLoop {
    /// A loop on `clock`, recording into `trace`.
    #[must_use]
    pub fn new(clock: Arc<SandboxClock>, trace: Trace) -> Self {
        let (remote_tx, remote_rx) = crossbeam_channel::unbounded();
        Self {
            clock,
            trace,
            microtasks: RefCell::default(),
            macrotasks: RefCell::default(),
            timers: RefCell::default(),
            remote_tx,
            remote_rx,
            in_flight: Arc::default(),
            rejections: RefCell::default(),
            on_error: RefCell::default(),
            on_rejection: RefCell::default(),
            jobs: Cell::new(0),
            exhausted: RefCell::default(),
            budget: Cell::new(RunBudget::default()),
            started: Cell::new(None),
            hops: Cell::new(0),
            level: Cell::new(0),
            last_other: Cell::new(0),
        }
    }

    /// The sandbox clock.
    #[must_use]
    pub fn clock(&self) -> &Arc<SandboxClock> {
        &self.clock
    }

    /// The sandbox trace.
    #[must_use]
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Installs the handler for uncaught errors (the app model routes them to `App.onError`).
    pub fn set_error_handler(&self, handler: ErrorHandler) {
        *self.on_error.borrow_mut() = Some(handler);
    }

    /// Installs the handler for unhandled rejections.
    pub fn set_rejection_handler(&self, handler: RejectionHandler) {
        *self.on_rejection.borrow_mut() = Some(handler);
    }

    /// Queues `task` to run after the tasks already queued. `origin` names it in error reports.
    pub fn post(&self, origin: &str, task: Task) {
        self.macrotasks.borrow_mut().push_back(Queued {
            origin: Rc::from(origin),
            task,
            hops: self.hops.get(),
        });
    }

    /// A ticket for work finishing on another thread (or later on this one).
    pub fn ticket(&self, origin: &str) -> Ticket {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        Ticket {
            tx: self.remote_tx.clone(),
            origin: origin.to_string(),
            done: false,
            hops: self.hops.get(),
        }
    }

    /// Schedules `callback(...args)` after `delay` ms (and every `delay` ms when `repeat`).
    /// Returns the timer id.
    pub fn set_timer(
        &self,
        callback: JsObject,
        args: Vec<JsValue>,
        delay: u64,
        repeat: bool,
    ) -> u32 {
        let level = self.level.get();
        let due = self.clock.now_ms_ceil().saturating_add(clamp(delay, level));
        let mut timers = self.timers.borrow_mut();
        timers.next_id = timers.next_id.wrapping_add(1).max(1);
        let id = timers.next_id;
        let key = timers.schedule(due, id);
        timers.entries.insert(
            id,
            Timer {
                callback,
                args,
                interval: repeat.then_some(delay),
                key,
                hops: self.hops.get().saturating_add(1),
                level: level.saturating_add(1),
            },
        );
        id
    }

    /// Cancels a timer; unknown ids are ignored, as in browsers.
    pub fn clear_timer(&self, id: u32) {
        self.timers.borrow_mut().entries.remove(&id);
    }

    /// Reports an uncaught error from `origin` to the installed handler (or the trace).
    pub fn report_error(&self, ctx: &mut Context, err: &JsError, origin: &str) {
        // A compiled file (an ES module, TypeScript) is named at its original line.
        let script_error = crate::modules::locate_error(ctx, ScriptError::runtime(err));
        let handler = self.on_error.borrow().clone();
        match handler {
            Some(h) => h(ctx, script_error, origin),
            None => self.trace.push(error_event(&script_error, origin)),
        }
    }

    /// Records a promise rejection state change (boa's `HostPromiseRejectionTracker`).
    pub fn track_rejection(&self, promise: &JsObject, op: OperationType) {
        let mut r = self.rejections.borrow_mut();
        match op {
            OperationType::Reject => r.push(promise.clone()),
            OperationType::Handle => r.retain(|p| !JsObject::equals(p, promise)),
        }
    }

    fn report_rejections(&self, ctx: &mut Context) {
        let pending = std::mem::take(&mut *self.rejections.borrow_mut());
        for promise in pending {
            let reason = JsPromise::from_object(promise.clone())
                .ok()
                .and_then(|p| match p.state() {
                    boa_engine::builtins::promise::PromiseState::Rejected(r) => Some(r),
                    _ => None,
                })
                .unwrap_or_default();
            let handler = self.on_rejection.borrow().clone();
            match handler {
                Some(h) => h(ctx, reason, promise),
                None => self.trace.push(rejection_event(&reason, ctx)),
            }
        }
    }

    fn count_job(&self) -> bool {
        let n = self.jobs.get() + 1;
        self.jobs.set(n);
        let budget = self.budget.get();
        if n > budget.max_jobs {
            self.exhaust(format!(
                "run budget exceeded: more than {} tasks and microtasks in one run",
                budget.max_jobs
            ));
            return false;
        }
        if n.is_multiple_of(256) {
            if let Some(start) = self.started.get() {
                if start.elapsed() > budget.wall {
                    self.exhaust(format!(
                        "run budget exceeded: more than {} ms of wall time in one run",
                        budget.wall.as_millis()
                    ));
                    return false;
                }
            }
        }
        true
    }

    fn exhaust(&self, why: String) {
        let mut e = self.exhausted.borrow_mut();
        if e.is_none() {
            *e = Some(why);
        }
    }

    /// Runs every queued microtask, reporting errors; stops early when the budget runs out.
    pub fn drain_microtasks(&self, ctx: &mut Context) {
        loop {
            if self.exhausted.borrow().is_some() {
                return;
            }
            let Some((job, hops)) = self.microtasks.borrow_mut().pop_front() else {
                break;
            };
            if !self.count_job() {
                return;
            }
            let outer = self.cause(hops);
            let result = match job {
                Job::PromiseJob(j) => j.call(ctx).map(drop),
                Job::GenericJob(j) => j.call(ctx).map(drop),
                // Only queued as microtasks, see enqueue_job.
                _ => Ok(()),
            };
            if let Err(e) = result {
                self.report_error(ctx, &e, "microtask");
            }
            self.hops.set(outer);
        }
        self.report_rejections(ctx);
    }

    /// Marks the work about to run with its timer hops (returning the previous mark); the
    /// app's own work, not repeating, moves the horizon.
    fn cause(&self, hops: u32) -> u32 {
        if hops <= SHALLOW_HOPS {
            self.last_other.set(self.clock.now_ms());
        }
        self.hops.replace(hops)
    }

    fn run_task(&self, ctx: &mut Context, origin: &str, task: Task, hops: u32) {
        let outer = self.cause(hops);
        if let Err(e) = task(ctx) {
            self.report_error(ctx, &e, origin);
        }
        self.drain_microtasks(ctx);
        self.hops.set(outer);
    }

    fn fire_timer(&self, ctx: &mut Context) {
        let fired = {
            let mut timers = self.timers.borrow_mut();
            let Some((&key, &id)) = timers.queue.iter().next() else {
                return;
            };
            timers.queue.remove(&key);
            let (reschedule, level) = match timers.entries.get(&id) {
                Some(t) if t.key == key => (t.interval, t.level),
                _ => return,
            };
            match reschedule {
                Some(every) => {
                    // The repeat is set up from inside the timer's own task, one level deeper.
                    let due = key.0.saturating_add(clamp(every, level));
                    let key = timers.schedule(due, id);
                    let t = timers.entries.get_mut(&id).map(|t| {
                        t.key = key;
                        t.level = level.saturating_add(1);
                        (t.callback.clone(), t.args.clone(), TICK, level)
                    });
                    t.map(|t| (t, "setInterval"))
                }
                None => timers
                    .entries
                    .remove(&id)
                    .map(|t| ((t.callback, t.args, t.hops, t.level), "setTimeout")),
            }
        };
        if let Some(((callback, args, hops, level), origin)) = fired {
            let outer = self.level.replace(level);
            self.run_task(
                ctx,
                origin,
                Box::new(move |ctx| callback.call(&JsValue::undefined(), &args, ctx).map(drop)),
                hops,
            );
            self.level.set(outer);
        }
    }

    fn accept_remote(&self, (origin, task, hops): Remote) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.macrotasks.borrow_mut().push_back(Queued {
            origin: Rc::from(origin.as_str()),
            task,
            hops,
        });
    }

    /// Runs until idle, until `budget.until`, or until the budget runs out.
    pub fn run(&self, ctx: &mut Context, budget: RunBudget) -> RunEnd {
        self.budget.set(budget);
        self.jobs.set(0);
        self.started.set(Some(Instant::now()));
        *self.exhausted.borrow_mut() = None;
        let deadline = Instant::now() + budget.wall;
        loop {
            self.drain_microtasks(ctx);
            if let Some(why) = self.exhausted.borrow_mut().take() {
                return RunEnd::Budget(format!("{why}; {}", self.pending_summary()));
            }
            while let Ok(msg) = self.remote_rx.try_recv() {
                self.accept_remote(msg);
            }
            let next = self.macrotasks.borrow_mut().pop_front();
            if let Some(q) = next {
                if self.count_job() {
                    self.run_task(ctx, &q.origin, q.task, q.hops);
                }
                continue;
            }
            let next_due = self.timers.borrow_mut().next_due();
            let in_flight = self.in_flight.load(Ordering::SeqCst) > 0;
            if next_due.is_none() && !in_flight {
                return RunEnd::Idle;
            }
            // Only repeating work left (intervals, deep timeout chains): it may run up to the horizon.
            let horizon = match (budget.until, budget.horizon) {
                (None, Some(h)) if !in_flight && !self.timers.borrow().other_pending() => {
                    Some(self.last_other.get().saturating_add(h))
                }
                _ => None,
            };
            let real = self.clock.mode() == ClockMode::Real;
            if in_flight || real {
                if Instant::now() >= deadline {
                    return RunEnd::Budget(format!(
                        "run budget exceeded: more than {} ms of wall time in one run; {}",
                        budget.wall.as_millis(),
                        self.pending_summary()
                    ));
                }
                // Real time sleeps until the next timer (or `until`); virtual time waits for the
                // host without moving the clock.
                let target = if real {
                    [next_due, budget.until, horizon]
                        .into_iter()
                        .flatten()
                        .min()
                } else {
                    None
                };
                if self.wait_remote(deadline, target) || (in_flight && !real) {
                    continue;
                }
            }
            let Some(due) = next_due else { continue };
            if let Some(limit) = horizon {
                if due > limit {
                    self.clock.advance_to(limit);
                    if self.clock.now_ms() >= limit {
                        return RunEnd::Horizon;
                    }
                    continue;
                }
            }
            if let Some(until) = budget.until {
                if due > until {
                    self.clock.advance_to(until);
                    if self.clock.now_ms() >= until {
                        return RunEnd::Until;
                    }
                    continue;
                }
            }
            if self.clock.now_ms() < due && real {
                continue;
            }
            self.clock.advance_to(due);
            if self.count_job() {
                self.fire_timer(ctx);
            }
        }
    }

    /// Blocks for a remote completion until `target` sandbox time (real mode) or the deadline.
    /// Returns true when a completion arrived.
    fn wait_remote(&self, deadline: Instant, target: Option<u64>) -> bool {
        let mut wait = deadline.saturating_duration_since(Instant::now());
        if let Some(t) = target {
            let now = self.clock.now_ms();
            wait = wait.min(Duration::from_millis(t.saturating_sub(now)));
        }
        match self.remote_rx.recv_timeout(wait) {
            Ok(msg) => {
                self.accept_remote(msg);
                true
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => false,
        }
    }

    /// Jobs the latest run has counted against its budget (a caller that splits one budget
    /// over several runs subtracts them).
    #[must_use]
    pub fn jobs_run(&self) -> u64 {
        self.jobs.get()
    }

    /// When the next timer is due (sandbox ms), if any: where a step that lets time pass
    /// (`page.waitFor(selector)` in `wxbox test`) moves the clock to.
    #[must_use]
    pub fn next_timer_due(&self) -> Option<u64> {
        self.timers.borrow_mut().next_due()
    }

    /// What is still scheduled: timers, queued tasks, host calls in flight.
    #[must_use]
    pub fn pending(&self) -> Pending {
        let timers = self.timers.borrow();
        let intervals = timers
            .entries
            .values()
            .filter(|t| t.interval.is_some())
            .count();
        Pending {
            intervals,
            timeouts: timers.entries.len() - intervals,
            tasks: self.macrotasks.borrow().len(),
            host_calls: self.in_flight.load(Ordering::SeqCst),
        }
    }

    fn pending_summary(&self) -> String {
        format!("pending: {}", self.pending())
    }

    /// The trace's `end` event for a run that ended with `end`: why, and what was pending.
    #[must_use]
    pub fn end_event(&self, end: &RunEnd) -> Event {
        let pending = self.pending();
        Event::End {
            reason: end.reason().to_string(),
            pending: if pending == Pending::default() {
                None
            } else {
                Some(pending.to_string())
            },
            message: match end {
                RunEnd::Budget(why) => Some(why.clone()),
                _ => None,
            },
            summary: None,
        }
    }
}

/// The trace event for an unhandled rejection: the reason as the console shows it, located
/// where an Error reason was made.
pub fn rejection_event(reason: &JsValue, ctx: &mut Context) -> Event {
    let message = crate::convert::inspect(reason, ctx, true);
    let at = crate::errors::thrown_location(reason, ctx);
    let (file, line, column) =
        at.map_or((None, None, None), |(f, l, c)| (Some(f), Some(l), Some(c)));
    Event::Error {
        origin: "unhandledrejection".into(),
        message,
        file,
        line,
        column,
    }
}

/// The trace event for an unhandled rejection whose reason is not an Error (a `fail` result
/// such as `{errMsg: "request:fail ..."}` passed on by a promise wrapper): a warning. WeChat hands
/// every unhandled rejection to `wx.onUnhandledRejection` / `App.onUnhandledRejection`, "but only
/// Error ones raise an alert in the mini-program's admin console" (developers.weixin.qq.com,
/// wx.onUnhandledRejection, 注意), so only those count as errors.
pub fn rejection_warning(reason: &JsValue, ctx: &mut Context) -> Event {
    let shown = crate::convert::inspect(reason, ctx, true);
    Event::Warning {
        origin: "unhandledrejection".into(),
        message: format!(
            "Unhandled promise rejection {shown} (not an Error: WeChat reports only Error \
             reasons as errors)"
        ),
        file: None,
        line: None,
        column: None,
    }
}

/// The trace event for an uncaught error.
#[must_use]
pub fn error_event(e: &ScriptError, origin: &str) -> Event {
    Event::Error {
        origin: origin.to_string(),
        message: e.message.clone(),
        file: e.file.clone(),
        line: e.line,
        column: e.column,
    }
}

impl JobExecutor for EventLoop {
    fn enqueue_job(self: Rc<Self>, job: Job, ctx: &mut Context) {
        match job {
            Job::PromiseJob(_) | Job::GenericJob(_) => {
                let cause = self.hops.get();
                self.microtasks.borrow_mut().push_back((job, cause));
            }
            Job::TimeoutJob(t) => {
                // Our timers never produce these (setTimeout is ours); an engine-internal timeout
                // runs as the next task rather than being dropped.
                tracing::debug!(
                    delay_ms = t.timeout().as_millis(),
                    "engine timeout job queued as a task"
                );
                self.post("engine", Box::new(move |ctx| t.call(ctx).map(drop)));
            }
            other => {
                // Async and FinalizationRegistry jobs need a futures executor; nothing in a
                // mini-program needs them, so they are dropped (and said so).
                let _ = ctx;
                tracing::debug!(job = ?std::mem::discriminant(&other), "dropped engine job");
            }
        }
    }

    fn run_jobs(self: Rc<Self>, ctx: &mut Context) -> JsResult<()> {
        self.drain_microtasks(ctx);
        Ok(())
    }
}
