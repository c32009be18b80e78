//! Work in worker processes, under resource limits and a watchdog that lives outside the work.
//!
//! Code that cannot be trusted to return (a test file's `while (true) {}`, `'x'.repeat(1 << 30)`,
//! a recursion that overflows the native stack and aborts) is run in a child process. The child
//! can hang, be killed or die; the parent notices, kills what is left (SIGKILL), reports the job
//! as failed with what it said before and why it died, starts a new worker and goes on with the
//! other jobs.
//!
//! Two sides, in the same executable or not:
//!
//! - the **worker** calls [`serve`]: one job per line on stdin, `handle(job, &mut emitter)` for
//!   each, messages out on stdout, one line each, flushed as they are emitted, then an end-of-job
//!   marker. [`serve`] applies the [`Limits`] the pool passed down (address space, CPU time per
//!   job, no core dumps) and exits by itself if its parent dies.
//! - the **parent** calls [`run_pool`] with the jobs and a way to start a worker (a
//!   [`std::process::Command`], e.g. the current executable with a hidden subcommand). It enforces
//!   each job's wall time and gives back one [`Outcome`] per job, in job order.
//!
//! This crate knows nothing about JavaScript, mini-programs or tests: jobs and messages are opaque
//! text (any text: newlines in them are escaped on the wire and restored on the other side).
//! Linux is the target; it also builds on macOS, where the address-space limit is not enforced
//! (see [`apply_limits`]). Unix only: it reads signals from exit statuses.

mod death;
mod limits;
mod pool;
mod wire;
mod worker;

pub use death::{signal_name, Death};
pub use limits::{apply_limits, Limits, LIMITS_ENV};
pub use pool::{run_pool, Job, Outcome, PoolOptions, DEFAULT_OUTPUT_PER_JOB, STDERR_TAIL};
pub use worker::{serve, Emitter};

/// Why the worker side could not do its part.
#[derive(Debug, thiserror::Error)]
pub enum SuperviseError {
    /// A resource limit could not be set.
    #[error("cannot set the {resource} limit: {source}")]
    Limit {
        /// The limit (`RLIMIT_AS`, `RLIMIT_CPU`, `RLIMIT_CORE`).
        resource: &'static str,
        /// What the system said.
        source: std::io::Error,
    },
    /// The limits passed down in [`LIMITS_ENV`] do not parse.
    #[error("bad {LIMITS_ENV} value {0:?}")]
    BadLimits(String),
    /// Reading a job or writing a message failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
