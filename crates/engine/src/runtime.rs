//! [`Runtime`]: one boa context with its loop, clock, trace, limits and module registry.
//!
//! A runtime is `!Send` (boa contexts are); run each on its own thread. It is a plain value:
//! create it, drive it with [`Runtime::run`], drop it.

use std::rc::Rc;
use std::sync::Arc;

use boa_engine::{Context, JsResult, JsValue};

use crate::clock::{ClockMode, SandboxClock};
use crate::code_cache::{CodeCache, CodeCacheRef};
use crate::convert::Originals;
use crate::errors::ScriptError;
use crate::event_loop::{EventLoop, RunBudget, RunEnd};
use crate::modules::{Modules, ModulesRef, SourceProvider};
use crate::timers::LoopRef;
use crate::trace::Trace;
use crate::{console, date, hooks, random, regexp_legacy, timers};

/// Engine limits. A script that crosses one stops with an error naming its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Iterations of one loop in one call frame.
    pub loop_iterations: u64,
    /// Nested JS calls.
    pub recursion: usize,
    /// Values on the VM stack.
    pub stack_size: usize,
    /// Frames kept in an error's backtrace.
    pub backtrace: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            loop_iterations: 10_000_000,
            recursion: 1024,
            stack_size: 1024 * 64,
            backtrace: 12,
        }
    }
}

/// How to build a [`Runtime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineConfig {
    /// Virtual (default) or real time.
    pub clock: ClockMode,
    /// Wall-clock ms at sandbox time 0; `None` = the default epoch (virtual) or now (real).
    pub epoch_ms: Option<i64>,
    /// The local time zone, minutes east of UTC (480 = +08:00, WeChat's home zone).
    pub tz_offset_minutes: i32,
    /// Engine limits.
    pub limits: Limits,
    /// Seeds `Math.random`, so runs repeat. A `wxbox_app::Sandbox` sets it from its profile's
    /// `seed` (whatever was here), as it seeds every other random value.
    pub seed: u64,
    /// Events the trace keeps before counting the rest in one `dropped` note.
    pub trace_limit: usize,
    /// Let `eval` and `new Function` compile code (a test file's engine does, as Node does);
    /// off for mini-programs, which WeChat forbids them.
    pub code_strings: bool,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            clock: ClockMode::Virtual,
            epoch_ms: None,
            tz_offset_minutes: 480,
            limits: Limits::default(),
            seed: 0,
            trace_limit: crate::trace::DEFAULT_LIMIT,
            code_strings: false,
        }
    }
}

/// Failure to build the engine (a bug or a broken shim, never app input).
#[derive(Debug, thiserror::Error)]
#[error("engine initialisation failed: {0}")]
pub struct EngineError(pub String);

/// One sandbox's engine.
pub struct Runtime {
    context: Context,
    event_loop: Rc<EventLoop>,
    modules: Rc<Modules>,
    trace: Trace,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("event_loop", &self.event_loop)
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// Builds a context with the loop, console, timers and Date fix installed.
    ///
    /// # Errors
    /// [`EngineError`] when boa fails to build the context or a shim fails (bugs, not input).
    pub fn new(
        config: EngineConfig,
        sources: Box<dyn SourceProvider>,
    ) -> Result<Self, EngineError> {
        Self::with_code_cache(config, sources, CodeCache::new())
    }

    /// As [`Runtime::new`], compiling scripts through `code`: a cache shared by the runtimes an
    /// embedder opens one after another on this thread, so that each parses only what the
    /// previous ones did not (the shims, an app's scripts). Values are never shared.
    ///
    /// # Errors
    /// As [`Runtime::new`].
    pub fn with_code_cache(
        config: EngineConfig,
        sources: Box<dyn SourceProvider>,
        code: CodeCache,
    ) -> Result<Self, EngineError> {
        let clock = Arc::new(SandboxClock::new(config.clock, config.epoch_ms));
        let trace = Trace::with_limit(clock.clone(), config.trace_limit);
        let event_loop = Rc::new(EventLoop::new(clock.clone(), trace.clone()));
        let tz = config.tz_offset_minutes.saturating_mul(60);
        let mut context = Context::builder()
            .clock(Rc::new(crate::clock::BoaClock(clock)))
            .job_executor(event_loop.clone())
            .host_hooks(hooks::hooks(tz, &event_loop, config.code_strings))
            .build()
            .map_err(|e| EngineError(e.to_string()))?;
        let limits = context.runtime_limits_mut();
        limits.set_loop_iteration_limit(config.limits.loop_iterations);
        limits.set_recursion_limit(config.limits.recursion);
        limits.set_stack_size_limit(config.limits.stack_size);
        limits.set_backtrace_limit(config.limits.backtrace);
        let modules = Rc::new(Modules::with_code_cache(sources, code.clone()));
        context.insert_data(CodeCacheRef(code));
        context.insert_data(LoopRef(event_loop.clone()));
        context.insert_data(ModulesRef(modules.clone()));
        let setup = |ctx: &mut Context| -> JsResult<()> {
            let originals = Originals::capture(ctx)?;
            ctx.insert_data(originals);
            console::install(ctx)?;
            timers::install(ctx)?;
            date::install(ctx, tz)?;
            random::install(ctx, config.seed)?;
            regexp_legacy::install(ctx)?;
            Ok(())
        };
        setup(&mut context).map_err(|e| EngineError(e.to_string()))?;
        Ok(Self {
            context,
            event_loop,
            modules,
            trace,
        })
    }

    /// The boa context, for installing natives and calling into JS.
    pub fn context(&mut self) -> &mut Context {
        &mut self.context
    }

    /// The event loop.
    #[must_use]
    pub fn event_loop(&self) -> &Rc<EventLoop> {
        &self.event_loop
    }

    /// The trace.
    #[must_use]
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The module registry.
    #[must_use]
    pub fn modules(&self) -> &Rc<Modules> {
        &self.modules
    }

    /// Parses a module ahead of time.
    ///
    /// # Errors
    /// [`ScriptError`] with file, line and column when it does not parse.
    pub fn compile(&mut self, path: &str) -> Result<(), ScriptError> {
        self.modules.compile(&mut self.context, path)
    }

    /// Evaluates a module (once) and returns its exports.
    ///
    /// # Errors
    /// Whatever the module throws.
    pub fn require(&mut self, path: &str) -> JsResult<JsValue> {
        self.modules.require(&mut self.context, path)
    }

    /// Runs the loop within `budget`.
    pub fn run(&mut self, budget: RunBudget) -> RunEnd {
        self.event_loop.run(&mut self.context, budget)
    }

    /// Records the trace's `end` event for a run that ended with `end` (why, what was pending).
    /// Separate from [`Runtime::run`] so an embedder records it after its own events about the
    /// run (a limit's error), and a mock backend's per-request runs record none.
    pub fn record_end(&self, end: &RunEnd) {
        self.trace.push(self.event_loop.end_event(end));
    }
}
