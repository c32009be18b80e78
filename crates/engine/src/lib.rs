//! The wxbox sandbox engine: one boa context per sandbox, driven by our own event loop.
//!
//! - [`runtime`]: builds a context with everything below installed; the entry point.
//! - [`event_loop`]: macrotasks, microtasks, timers, host completions, the run budget.
//! - [`clock`]: virtual time by default, real time on request.
//! - [`trace`]: the structured record of everything a sandbox does.
//! - [`modules`]: CommonJS `require` over an app's files.
//! - [`console`], [`timers`], [`date`], [`random`], [`regexp_legacy`]: the globals mini-program
//!   code expects.
//! - [`errors`], [`convert`]: located script errors; JS values to JSON and text.
//! - [`code_cache`]: compiled scripts shared by the sandboxes of one thread.

pub mod clock;
pub mod code_cache;
pub mod console;
pub mod convert;
pub mod date;
pub mod errors;
pub mod event_loop;
pub mod hooks;
pub mod modules;
pub mod random;
pub mod regexp_legacy;
pub mod runtime;
pub mod timers;
pub mod trace;

pub use clock::{ClockMode, SandboxClock};
pub use code_cache::CodeCache;
pub use errors::{ErrorKind, ScriptError};
pub use event_loop::{EventLoop, Pending, RunBudget, RunEnd, Task, Ticket, DEFAULT_HORIZON_MS};
pub use runtime::{EngineConfig, EngineError, Limits, Runtime};
pub use trace::{Event, Level, Trace, TraceEvent};

pub use boa_engine;
