//! The worker side: the serve loop and the emitter.

use std::io::{self, BufRead, Write};
use std::time::Duration;

use crate::limits::{apply_limits, Limits};
use crate::wire::{self, END, MESSAGE};
use crate::SuperviseError;

/// Writes a job's messages to stdout, one line each, flushed at once: when the worker dies right
/// after, the parent has already seen them.
#[derive(Debug)]
pub struct Emitter {
    out: io::Stdout,
}

impl Emitter {
    /// An emitter for code deep inside a job that cannot borrow the one [`serve`] hands to the
    /// handler (a callback registered with an engine). Messages from both interleave safely:
    /// each is written whole and flushed under stdout's lock.
    #[must_use]
    pub fn stdout() -> Self {
        Self { out: io::stdout() }
    }

    /// Sends one message. Any text will do: line breaks are escaped on the wire and restored in
    /// the parent.
    ///
    /// # Errors
    /// Writing to stdout failed (the parent is gone).
    pub fn emit(&mut self, message: &str) -> io::Result<()> {
        let mut out = self.out.lock();
        out.write_all(MESSAGE.as_bytes())?;
        out.write_all(wire::escape(message).as_bytes())?;
        out.write_all(b"\n")?;
        out.flush()
    }

    fn end_job(&mut self) -> io::Result<()> {
        let mut out = self.out.lock();
        out.write_all(END.as_bytes())?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// How often a worker checks that its parent is still there.
const ORPHAN_POLL: Duration = Duration::from_millis(100);

/// The worker's serve loop. Applies the limits the pool passed down in
/// [`crate::LIMITS_ENV`] (the CPU allowance anew before each job), then reads one job per line
/// on stdin and calls `handle(job, &mut emitter)` for it; when `handle` returns, tells the
/// parent the job is done. Returns at the end of stdin (the pool is done with this worker).
///
/// `handle` must not write to stdout itself: what it prints there is not a message (the parent
/// keeps it with the worker's stderr, for diagnosis).
///
/// A thread watches the parent: when the parent dies (the worker is given to another process),
/// the worker exits at once, even while `handle` is stuck in an endless loop, so no worker
/// outlives the program that started it.
///
/// # Errors
/// The limits cannot be set, or stdin or stdout fail.
pub fn serve(mut handle: impl FnMut(&str, &mut Emitter)) -> Result<(), SuperviseError> {
    let limits = Limits::from_env()?;
    apply_limits(&limits)?;
    watch_parent()?;
    let mut emitter = Emitter { out: io::stdout() };
    let mut stdin = io::stdin().lock();
    let mut line = String::new();
    loop {
        line.clear();
        if stdin.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let job = line.strip_suffix('\n').unwrap_or(&line);
        if limits.cpu.is_some() {
            apply_limits(&limits)?;
        }
        handle(&wire::unescape(job), &mut emitter);
        emitter.end_job()?;
    }
}

/// Starts the thread that ends this process when its parent dies.
fn watch_parent() -> io::Result<()> {
    let parent = std::os::unix::process::parent_id();
    std::thread::Builder::new()
        .name("supervise-parent-watch".to_owned())
        .stack_size(64 * 1024)
        .spawn(move || loop {
            std::thread::sleep(ORPHAN_POLL);
            // An orphan is re-parented to init or the nearest subreaper: its parent id changes.
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(70);
            }
        })?;
    Ok(())
}
