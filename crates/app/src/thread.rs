//! [`SandboxHandle`]: a sandbox on its own thread, driven by messages. boa contexts are `!Send`,
//! so the sandbox is built on the thread that runs it; the handle only sends commands and
//! receives plain data (trace events, counts).

use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Sender};
use wxbox_engine::{RunBudget, RunEnd, TraceEvent};

use crate::interact::Action;
use crate::sandbox::{LaunchError, Sandbox, Summary};
use crate::targets::Target;

/// Native stack for sandbox threads: deep but finite JS (parsing, native-to-JS calls) fits.
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// What one run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// Why the run ended.
    pub end: RunEnd,
    /// Trace events recorded since the previous report.
    pub events: Vec<TraceEvent>,
    /// Uncaught errors so far in this sandbox.
    pub uncaught: usize,
}

enum Command {
    Run(RunBudget, Sender<RunReport>),
    Act(Action, Sender<Result<(), String>>),
    Wxml(Sender<Option<String>>),
    Tree(Sender<Option<serde_json::Value>>),
    Summary(Sender<Summary>),
    Targets(bool, Sender<Vec<Target>>),
    Methods(Sender<Vec<String>>),
}

/// A sandbox running on a dedicated thread. Dropping the handle stops the thread.
pub struct SandboxHandle {
    tx: Option<Sender<Command>>,
    join: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHandle").finish_non_exhaustive()
    }
}

/// The sandbox thread is gone (it panicked: a bug).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the sandbox thread stopped unexpectedly")]
pub struct ThreadGone;

impl SandboxHandle {
    /// Builds a sandbox with `build` on a new thread (and launches it there).
    ///
    /// # Errors
    /// Whatever `build` returns, or a spawn failure reported as an engine error.
    pub fn spawn<F>(build: F) -> Result<Self, LaunchError>
    where
        F: FnOnce() -> Result<Sandbox, LaunchError> + Send + 'static,
    {
        let (ready_tx, ready_rx) = bounded::<Result<(), LaunchError>>(1);
        let (tx, rx) = crossbeam_channel::unbounded::<Command>();
        let join = std::thread::Builder::new()
            .name("wxbox-sandbox".into())
            .stack_size(STACK_BYTES)
            .spawn(move || {
                let mut sandbox = match build() {
                    Ok(s) => {
                        let _ = ready_tx.send(Ok(()));
                        s
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                while let Ok(cmd) = rx.recv() {
                    match cmd {
                        Command::Run(budget, reply) => {
                            let end = sandbox.run(budget);
                            let _ = reply.send(RunReport {
                                end,
                                events: sandbox.trace().drain(),
                                uncaught: sandbox.uncaught_errors(),
                            });
                        }
                        Command::Act(action, reply) => {
                            let _ = reply.send(sandbox.act(&action));
                        }
                        Command::Wxml(reply) => {
                            let _ = reply.send(sandbox.wxml());
                        }
                        Command::Tree(reply) => {
                            let _ = reply.send(sandbox.tree_json());
                        }
                        Command::Summary(reply) => {
                            let _ = reply.send(sandbox.summary());
                        }
                        Command::Targets(typing, reply) => {
                            let _ = reply.send(sandbox.targets(typing));
                        }
                        Command::Methods(reply) => {
                            let _ = reply.send(sandbox.page_methods());
                        }
                    }
                }
            })
            .map_err(|e| LaunchError::Engine(wxbox_engine::EngineError(e.to_string())))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Self {
                tx: Some(tx),
                join: Some(join),
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(LaunchError::Engine(wxbox_engine::EngineError(
                "the sandbox thread stopped while starting".into(),
            ))),
        }
    }

    /// Runs the sandbox's loop within `budget` and returns what it recorded.
    ///
    /// # Errors
    /// [`ThreadGone`] when the thread has died.
    pub fn run(&self, budget: RunBudget) -> Result<RunReport, ThreadGone> {
        self.ask(|reply| Command::Run(budget, reply))
    }

    /// Queues a call of the top page's `method` as a user tap handler (see
    /// [`Sandbox::tap_method`]); the next [`SandboxHandle::run`] plays it.
    ///
    /// # Errors
    /// [`ThreadGone`], or the sandbox's reason (no page, no such method) as `Ok(Err(..))`.
    pub fn tap_method(&self, method: &str) -> Result<Result<(), String>, ThreadGone> {
        self.act(Action::Call(method.to_string()))
    }

    /// Queues what the scripted user does (see [`Sandbox::act`]); the next
    /// [`SandboxHandle::run`] plays it.
    ///
    /// # Errors
    /// [`ThreadGone`], or the sandbox's reason (no match, hidden, ...) as `Ok(Err(..))`.
    pub fn act(&self, action: Action) -> Result<Result<(), String>, ThreadGone> {
        self.ask(|reply| Command::Act(action, reply))
    }

    /// The top page as rendered, as indented WXML (see [`Sandbox::wxml`]).
    ///
    /// # Errors
    /// [`ThreadGone`].
    pub fn wxml(&self) -> Result<Option<String>, ThreadGone> {
        self.ask(Command::Wxml)
    }

    /// The top page as rendered, as JSON (see [`Sandbox::tree_json`]).
    ///
    /// # Errors
    /// [`ThreadGone`].
    pub fn tree_json(&self) -> Result<Option<serde_json::Value>, ThreadGone> {
        self.ask(Command::Tree)
    }

    /// Where the app stands (see [`Sandbox::summary`]).
    ///
    /// # Errors
    /// [`ThreadGone`].
    pub fn summary(&self) -> Result<Summary, ThreadGone> {
        self.ask(Command::Summary)
    }

    /// What the user could tap (`typing`: type into) on the top page (see
    /// [`Sandbox::targets`]).
    ///
    /// # Errors
    /// [`ThreadGone`].
    pub fn targets(&self, typing: bool) -> Result<Vec<Target>, ThreadGone> {
        self.ask(|reply| Command::Targets(typing, reply))
    }

    /// The top page's methods a `--call` could name (see [`Sandbox::page_methods`]).
    ///
    /// # Errors
    /// [`ThreadGone`].
    pub fn page_methods(&self) -> Result<Vec<String>, ThreadGone> {
        self.ask(Command::Methods)
    }

    fn ask<T>(&self, cmd: impl FnOnce(Sender<T>) -> Command) -> Result<T, ThreadGone> {
        let (reply_tx, reply_rx) = bounded(1);
        self.send(cmd(reply_tx))?;
        reply_rx.recv().map_err(|_| ThreadGone)
    }

    fn send(&self, cmd: Command) -> Result<(), ThreadGone> {
        self.tx
            .as_ref()
            .ok_or(ThreadGone)?
            .send(cmd)
            .map_err(|_| ThreadGone)
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(j) = self.join.take() {
            let _ = j.join();
        }
    }
}
