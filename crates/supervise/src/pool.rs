//! The parent side: a pool of worker processes and the watchdog that enforces wall time.
//!
//! One coordinating thread (the caller's) owns the workers. Each worker has two reader threads,
//! for its stdout (protocol lines) and its stderr (kept as a tail for diagnosis), which send what
//! they read over one channel; the coordinator waits on it with a timeout that is the nearest
//! job deadline, so a hung worker is noticed without any help from it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use crate::death::Death;
use crate::limits::{Limits, LIMITS_ENV};
use crate::wire::{self, Line};

/// How many bytes of a worker's stderr a failed job keeps (its last ones).
pub const STDERR_TAIL: usize = 4096;

/// How many bytes of the start of a job's stderr are kept to look for the reason of a death.
const STDERR_HEAD: usize = 2048;

/// How long a worker that closed its stdout may take to exit before it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(1);
/// How long after a worker exited its stderr may still be read (a grandchild may hold it open).
const STDERR_GRACE: Duration = Duration::from_millis(200);
/// How often a dying worker is checked for its exit.
const DYING_POLL: Duration = Duration::from_millis(5);
/// How long idle workers get to exit by themselves after their stdin is closed.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// How a pool runs its jobs.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// At most this many workers at once (at least one).
    pub workers: usize,
    /// The wall time a job may take, from the moment it is handed to its worker (a new worker's
    /// start-up counts in its first job's). Past it the worker is killed.
    pub wall_per_job: Duration,
    /// The limits each worker applies to itself (passed in [`LIMITS_ENV`]; see
    /// [`crate::serve`]).
    pub limits: Limits,
    /// The most a job may write to stdout, in bytes (its messages, escaped, and any stray
    /// output). Past it the worker is killed and the job fails with [`Death::Output`]: the
    /// parent keeps every message, so this bounds what a worker can make it hold.
    pub output_per_job: usize,
}

impl PoolOptions {
    /// `workers` workers, `wall_per_job` per job, no resource limits, and
    /// [`DEFAULT_OUTPUT_PER_JOB`] of output per job.
    #[must_use]
    pub fn new(workers: usize, wall_per_job: Duration) -> Self {
        Self {
            workers,
            wall_per_job,
            limits: Limits::default(),
            output_per_job: DEFAULT_OUTPUT_PER_JOB,
        }
    }
}

/// The output a job may write unless told otherwise: 64 MiB.
pub const DEFAULT_OUTPUT_PER_JOB: usize = 64 << 20;

/// One unit of work: an opaque line for the worker, and the caller's id for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The caller's id; results and messages are tagged with it.
    pub id: usize,
    /// What the worker is given (any text).
    pub line: String,
}

/// What became of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The worker finished it.
    Done {
        /// What it emitted, in order.
        messages: Vec<String>,
    },
    /// The worker died or was killed before it finished.
    Failed {
        /// What it emitted before that.
        messages: Vec<String>,
        /// Why it stopped.
        cause: Death,
        /// The last [`STDERR_TAIL`] bytes the worker wrote to stderr during the job (Rust's
        /// "memory allocation of 2147483648 bytes failed", "thread 'main' has overflowed its
        /// stack", a panic message), and any stdout lines it wrote outside the protocol, marked
        /// `[stdout] `.
        stderr_tail: String,
        /// The line of that stderr that says what went wrong, when there is one: an
        /// allocation failure, a stack overflow, a panic with its message. It is looked for in
        /// the start of the job's stderr too, as a backtrace (`RUST_BACKTRACE`) can push it out
        /// of the tail.
        detail: Option<String>,
    },
}

impl Outcome {
    /// The job's messages, finished or not.
    #[must_use]
    pub fn messages(&self) -> &[String] {
        match self {
            Self::Done { messages } | Self::Failed { messages, .. } => messages,
        }
    }

    /// Why the job failed, in plain words, with the line of stderr that says what went wrong
    /// when there is one ("killed by SIGABRT (...): memory allocation of 8589934592 bytes
    /// failed"). `None` for a finished job.
    #[must_use]
    pub fn failure(&self) -> Option<String> {
        let Self::Failed { cause, detail, .. } = self else {
            return None;
        };
        let mut text = cause.describe();
        if let Some(detail) = detail {
            text.push_str(": ");
            text.push_str(detail);
        }
        Some(text)
    }
}

/// The line of a Rust worker's stderr that says why it died: an allocation failure, a stack
/// overflow, or a panic (with its message, on the line after "panicked at" since Rust 1.73).
fn diagnosis(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    for (i, line) in lines.iter().enumerate().rev() {
        if line.starts_with("memory allocation of") || line.contains("has overflowed its stack") {
            return Some(line.trim().to_owned());
        }
        if line.contains("panicked at") {
            let message = lines.get(i + 1).map_or("", |m| m.trim());
            return Some(format!("{} {message}", line.trim()).trim().to_owned());
        }
    }
    None
}

/// Runs `jobs` on up to `opts.workers` processes made by `spawn`, one job at a time per worker,
/// and gives back each job's outcome, in the order of `jobs` whatever order they finished in.
///
/// `spawn` says how to start a worker (a process that calls [`crate::serve`]); the pool sets its
/// stdin, stdout and stderr to pipes and adds [`LIMITS_ENV`]. `on_message(job_id, message)` is
/// called for each message as it arrives, for progress.
///
/// A worker that dies, or whose job overruns `opts.wall_per_job` (it is then killed with
/// SIGKILL), fails its job and is replaced; the other jobs go on. A worker that cannot be
/// started fails its job with [`Death::Spawn`]. When this returns, every worker has exited and
/// been reaped; a panic in `on_message` kills them too.
pub fn run_pool(
    opts: &PoolOptions,
    spawn: &dyn Fn() -> Command,
    jobs: Vec<Job>,
    on_message: &mut dyn FnMut(usize, &str),
) -> Vec<(usize, Outcome)> {
    // Bounded: a worker that writes faster than the pool reads waits on its pipe.
    let (tx, rx) = crossbeam_channel::bounded(1024);
    let mut pool = Pool {
        opts,
        spawn,
        tx,
        rx,
        workers: Vec::new(),
        next_key: 0,
        results: jobs.iter().map(|_| None).collect(),
    };
    pool.run(&jobs, on_message);
    pool.shutdown();
    jobs.iter()
        .zip(pool.results)
        .map(|(job, outcome)| {
            // Every job is given an outcome before the loop ends; this is only a safety net.
            let outcome = outcome.unwrap_or_else(|| Outcome::Failed {
                messages: Vec::new(),
                cause: Death::Spawn("the pool lost this job".to_owned()),
                stderr_tail: String::new(),
                detail: None,
            });
            (job.id, outcome)
        })
        .collect()
}

/// What a reader thread saw.
enum Event {
    /// One stdout line, without its line break.
    Line(u64, String),
    /// The worker's stdout closed: it exited or is exiting.
    StdoutClosed(u64),
    /// Some bytes of stderr.
    Stderr(u64, Vec<u8>),
    /// Its stderr closed.
    StderrClosed(u64),
}

/// The job a worker is running.
struct Running {
    /// Index in the jobs (and results).
    slot: usize,
    id: usize,
    deadline: Instant,
    messages: Vec<String>,
    /// Bytes of stdout so far.
    output: usize,
}

/// A worker on its way out.
struct Dying {
    since: Instant,
    /// Why the pool killed it (wall time, output), if it did.
    killed_for: Option<Death>,
    exited: Option<(ExitStatus, Instant)>,
}

struct Worker {
    /// Tells its events from those of workers before it.
    key: u64,
    child: Child,
    stdin: Option<ChildStdin>,
    job: Option<Running>,
    dying: Option<Dying>,
    stderr_open: bool,
    /// The first [`STDERR_HEAD`] bytes of the job's stderr.
    head: Vec<u8>,
    /// The last ones (up to twice [`STDERR_TAIL`] between trims).
    tail: Vec<u8>,
}

impl Worker {
    fn is_idle(&self) -> bool {
        self.job.is_none() && self.dying.is_none()
    }

    fn start_dying(&mut self, now: Instant, killed_for: Option<Death>) {
        if self.dying.is_none() {
            self.dying = Some(Dying {
                since: now,
                killed_for,
                exited: None,
            });
        }
    }

    fn keep_stderr(&mut self, bytes: &[u8]) {
        let room = STDERR_HEAD.saturating_sub(self.head.len());
        self.head.extend_from_slice(&bytes[..room.min(bytes.len())]);
        self.tail.extend_from_slice(bytes);
        if self.tail.len() > 2 * STDERR_TAIL {
            let cut = self.tail.len() - STDERR_TAIL;
            self.tail.drain(..cut);
        }
    }

    /// The last [`STDERR_TAIL`] bytes of stderr as text, starting at a character boundary.
    fn tail_text(&self) -> String {
        let mut tail = &self.tail[self.tail.len().saturating_sub(STDERR_TAIL)..];
        while let Some((&first, rest)) = tail.split_first() {
            if first & 0xC0 != 0x80 {
                break;
            }
            tail = rest;
        }
        String::from_utf8_lossy(tail).into_owned()
    }
}

impl Drop for Worker {
    /// No worker outlives its pool, whatever way the pool ends.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Pool<'a> {
    opts: &'a PoolOptions,
    spawn: &'a dyn Fn() -> Command,
    tx: Sender<Event>,
    rx: Receiver<Event>,
    workers: Vec<Worker>,
    next_key: u64,
    results: Vec<Option<Outcome>>,
}

impl Pool<'_> {
    fn run(&mut self, jobs: &[Job], on_message: &mut dyn FnMut(usize, &str)) {
        let most = self.opts.workers.max(1);
        let mut next = 0;
        loop {
            // Hand out jobs: to idle workers first, then to new ones while there is room.
            while next < jobs.len() {
                let index = match self.workers.iter().position(Worker::is_idle) {
                    Some(index) => index,
                    None if self.live() < most => match self.start() {
                        Ok(index) => index,
                        Err(why) => {
                            self.results[next] = Some(Outcome::Failed {
                                messages: Vec::new(),
                                cause: Death::Spawn(why),
                                stderr_tail: String::new(),
                                detail: None,
                            });
                            next += 1;
                            continue;
                        }
                    },
                    None => break,
                };
                self.assign(index, next, &jobs[next]);
                next += 1;
            }
            if next == jobs.len() && self.workers.iter().all(|w| w.job.is_none()) {
                return;
            }
            match self.rx.recv_timeout(self.wait_time()) {
                Ok(event) => self.handle(event, on_message),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
            }
            while let Ok(event) = self.rx.try_recv() {
                self.handle(event, on_message);
            }
            self.check();
        }
    }

    /// Workers not on their way out.
    fn live(&self) -> usize {
        self.workers.iter().filter(|w| w.dying.is_none()).count()
    }

    /// Starts a worker and its reader threads; gives its index.
    fn start(&mut self) -> Result<usize, String> {
        let mut command = (self.spawn)();
        command
            .env(LIMITS_ENV, self.opts.limits.encode())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
        let key = self.next_key;
        self.next_key += 1;
        let (stdin, stdout, stderr) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take());
        // Built now so that a failure below still kills and reaps the child (Drop).
        let mut worker = Worker {
            key,
            child,
            stdin,
            job: None,
            dying: None,
            stderr_open: true,
            head: Vec::new(),
            tail: Vec::new(),
        };
        let (Some(stdout), Some(stderr)) = (stdout, stderr) else {
            return Err("the worker's pipes were not set up".to_owned());
        };
        let tx = self.tx.clone();
        // A line longer than a job's whole allowance is cut there: it fails the job anyway.
        let cap = self.opts.output_per_job.saturating_add(1);
        std::thread::Builder::new()
            .name(format!("supervise-stdout-{key}"))
            .spawn(move || read_stdout(key, stdout, cap, &tx))
            .map_err(|e| format!("cannot start a reader thread: {e}"))?;
        let tx = self.tx.clone();
        if let Err(e) = std::thread::Builder::new()
            .name(format!("supervise-stderr-{key}"))
            .spawn(move || read_stderr(key, stderr, &tx))
        {
            // The stdout reader ends when the child is killed (Drop closes its end).
            worker.stderr_open = false;
            return Err(format!("cannot start a reader thread: {e}"));
        }
        self.workers.push(worker);
        Ok(self.workers.len() - 1)
    }

    fn assign(&mut self, index: usize, slot: usize, job: &Job) {
        let now = Instant::now();
        let worker = &mut self.workers[index];
        worker.head.clear();
        worker.tail.clear();
        worker.job = Some(Running {
            slot,
            id: job.id,
            deadline: now + self.opts.wall_per_job,
            messages: Vec::new(),
            output: 0,
        });
        let sent = worker.stdin.as_mut().map(|stdin| {
            stdin
                .write_all(wire::escape(&job.line).as_bytes())
                .and_then(|()| stdin.write_all(b"\n"))
                .and_then(|()| stdin.flush())
        });
        if !matches!(sent, Some(Ok(()))) {
            // The worker is gone already (a broken pipe): its death is the job's.
            worker.start_dying(now, None);
        }
    }

    /// Until the nearest deadline, or a short poll while a worker is dying.
    fn wait_time(&self) -> Duration {
        let now = Instant::now();
        let mut wait = self.opts.wall_per_job.max(DYING_POLL);
        for worker in &self.workers {
            if worker.dying.is_some() {
                wait = wait.min(DYING_POLL);
            } else if let Some(job) = &worker.job {
                wait = wait.min(job.deadline.saturating_duration_since(now));
            }
        }
        wait
    }

    fn find(&mut self, key: u64) -> Option<&mut Worker> {
        self.workers.iter_mut().find(|w| w.key == key)
    }

    /// Takes a stdout line of worker `key`.
    fn line(&mut self, key: u64, line: &str, on_message: &mut dyn FnMut(usize, &str)) {
        let Some(worker) = self.workers.iter_mut().find(|w| w.key == key) else {
            return;
        };
        if let Some(job) = &mut worker.job {
            job.output = job.output.saturating_add(line.len() + 1);
            if job.output > self.opts.output_per_job {
                if worker.dying.is_none() {
                    let _ = worker.child.kill();
                    let killed_for = Death::Output(self.opts.output_per_job);
                    worker.start_dying(Instant::now(), Some(killed_for));
                }
                // What is past the allowance is not kept.
                return;
            }
        }
        match wire::parse(line) {
            Line::Message(message) => match &mut worker.job {
                Some(job) => {
                    on_message(job.id, &message);
                    job.messages.push(message.into_owned());
                }
                None => worker.keep_stderr(format!("[stdout] {message}\n").as_bytes()),
            },
            // Killed for its wall time as it finished: it failed all the same.
            Line::End if worker.dying.is_some() => {}
            Line::End => {
                if let Some(job) = worker.job.take() {
                    self.results[job.slot] = Some(Outcome::Done {
                        messages: job.messages,
                    });
                }
            }
            Line::Stray(text) => worker.keep_stderr(format!("[stdout] {text}\n").as_bytes()),
        }
    }

    fn handle(&mut self, event: Event, on_message: &mut dyn FnMut(usize, &str)) {
        match event {
            Event::Line(key, line) => self.line(key, &line, on_message),
            Event::StdoutClosed(key) => {
                if let Some(worker) = self.find(key) {
                    worker.start_dying(Instant::now(), None);
                }
            }
            Event::Stderr(key, bytes) => {
                if let Some(worker) = self.find(key) {
                    worker.keep_stderr(&bytes);
                }
            }
            Event::StderrClosed(key) => {
                if let Some(worker) = self.find(key) {
                    worker.stderr_open = false;
                }
            }
        }
    }

    /// Kills workers past their deadline; reports and removes workers that have died.
    fn check(&mut self) {
        let now = Instant::now();
        let mut index = 0;
        while index < self.workers.len() {
            let worker = &mut self.workers[index];
            if worker.dying.is_none() && worker.job.as_ref().is_some_and(|j| now >= j.deadline) {
                let _ = worker.child.kill();
                worker.start_dying(now, Some(Death::WallTimeout(self.opts.wall_per_job)));
            }
            let Some(dying) = &mut worker.dying else {
                index += 1;
                continue;
            };
            if dying.exited.is_none() {
                match worker.child.try_wait() {
                    Ok(Some(status)) => dying.exited = Some((status, now)),
                    Ok(None) if now.duration_since(dying.since) < EXIT_GRACE => {}
                    // It closed its stdout but goes on (or cannot be waited for): kill it.
                    Ok(None) | Err(_) => {
                        let _ = worker.child.kill();
                        if let Ok(status) = worker.child.wait() {
                            dying.exited = Some((status, now));
                        }
                    }
                }
            }
            let done = dying.exited.as_ref().is_some_and(|(_, at)| {
                !worker.stderr_open || now.duration_since(*at) >= STDERR_GRACE
            });
            if !done {
                index += 1;
                continue;
            }
            let worker = self.workers.swap_remove(index);
            self.finish(worker);
        }
    }

    /// Reports the job of a worker that died.
    fn finish(&mut self, mut worker: Worker) {
        let (Some(dying), Some(job)) = (worker.dying.take(), worker.job.take()) else {
            return;
        };
        let cause = dying.killed_for.unwrap_or_else(|| {
            dying
                .exited
                .map_or(Death::Exit(-1), |(status, _)| Death::of(status))
        });
        let stderr_tail = worker.tail_text();
        let detail =
            diagnosis(&stderr_tail).or_else(|| diagnosis(&String::from_utf8_lossy(&worker.head)));
        self.results[job.slot] = Some(Outcome::Failed {
            messages: job.messages,
            cause,
            stderr_tail,
            detail,
        });
    }

    /// Closes the idle workers' stdin (their serve loop returns), gives them a moment to exit,
    /// then kills and reaps whatever is left.
    fn shutdown(&mut self) {
        for worker in &mut self.workers {
            drop(worker.stdin.take());
        }
        let deadline = Instant::now() + SHUTDOWN_GRACE;
        while Instant::now() < deadline {
            self.workers
                .retain_mut(|w| !matches!(w.child.try_wait(), Ok(Some(_)) | Err(_)));
            if self.workers.is_empty() {
                return;
            }
            std::thread::sleep(DYING_POLL);
        }
        // Drop kills and reaps.
        self.workers.clear();
    }
}

fn read_stdout(key: u64, stdout: impl Read, cap: usize, tx: &Sender<Event>) {
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    while let Ok(true) = read_line(&mut reader, cap, &mut line) {
        let text = String::from_utf8_lossy(&line).into_owned();
        if tx.send(Event::Line(key, text)).is_err() {
            return;
        }
    }
    let _ = tx.send(Event::StdoutClosed(key));
}

/// Reads one line into `line`, without its line break, keeping at most `cap` bytes of it (the
/// rest is read and dropped). False at the end of the stream.
fn read_line(reader: &mut impl BufRead, cap: usize, line: &mut Vec<u8>) -> std::io::Result<bool> {
    line.clear();
    let mut read_any = false;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok(read_any);
        }
        read_any = true;
        let (chunk, used, ends) = match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => (&buffer[..at], at + 1, true),
            None => (buffer, buffer.len(), false),
        };
        let room = cap.saturating_sub(line.len()).min(chunk.len());
        line.extend_from_slice(&chunk[..room]);
        reader.consume(used);
        if ends {
            return Ok(true);
        }
    }
}

fn read_stderr(key: u64, mut stderr: impl Read, tx: &Sender<Event>) {
    let mut buffer = vec![0; 4096];
    loop {
        match stderr.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                if tx.send(Event::Stderr(key, buffer[..n].to_vec())).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let _ = tx.send(Event::StderrClosed(key));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stderr_line_that_says_why() {
        let alloc = "memory allocation of 8589934592 bytes failed\n";
        assert_eq!(
            diagnosis(alloc).as_deref(),
            Some("memory allocation of 8589934592 bytes failed")
        );
        let overflow = "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n";
        assert_eq!(
            diagnosis(overflow).as_deref(),
            Some("thread 'main' has overflowed its stack")
        );
        let panic = "thread 'main' panicked at src/bin/x.rs:3:5:\nboom\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            diagnosis(panic).as_deref(),
            Some("thread 'main' panicked at src/bin/x.rs:3:5: boom")
        );
        assert_eq!(diagnosis("warning: something\n"), None);
    }

    #[test]
    fn a_line_longer_than_the_cap_is_cut_and_the_next_one_read_whole() {
        let input = format!("{}\nshort\nlast", "x".repeat(10_000));
        // A small buffer, so that the long line spans many reads.
        let mut reader = BufReader::with_capacity(64, input.as_bytes());
        let mut line = Vec::new();
        let mut lines = Vec::new();
        while read_line(&mut reader, 100, &mut line).expect("read") {
            lines.push(String::from_utf8_lossy(&line).into_owned());
        }
        assert_eq!(
            lines,
            ["x".repeat(100), "short".to_owned(), "last".to_owned()]
        );
    }
}
