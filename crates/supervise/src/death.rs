//! How a worker died, in plain words.

use std::fmt;
use std::process::ExitStatus;
use std::time::Duration;

/// Why a job did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Death {
    /// The worker was killed by a signal.
    Signal {
        /// The signal's number.
        number: i32,
        /// Its name (`SIGABRT`), from [`signal_name`].
        name: &'static str,
    },
    /// The worker exited before it finished the job.
    Exit(i32),
    /// The job overran its wall time; the pool killed the worker.
    WallTimeout(Duration),
    /// The job wrote more than this many bytes to stdout; the pool killed the worker.
    Output(usize),
    /// No worker could be started for the job.
    Spawn(String),
}

impl Death {
    /// The death of a process that exited with `status`.
    #[must_use]
    pub fn of(status: ExitStatus) -> Self {
        use std::os::unix::process::ExitStatusExt;
        match (status.signal(), status.code()) {
            (Some(number), _) => Self::signal(number),
            (None, Some(code)) => Self::Exit(code),
            // Stopped or continued: a status `wait` does not give for a process it reaped.
            (None, None) => Self::Exit(-1),
        }
    }

    /// Killed by signal `number`.
    #[must_use]
    pub fn signal(number: i32) -> Self {
        Self::Signal {
            number,
            name: signal_name(number),
        }
    }

    /// What happened, in plain words: "killed by SIGABRT (aborted: ...)", "stopped after 30 s of
    /// wall time".
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Signal { number, name } => {
                let n = *number;
                let why = if n == libc::SIGABRT {
                    "aborted: an allocation failed, the stack overflowed, or it called abort"
                } else if n == libc::SIGKILL {
                    "the CPU hard limit, the kernel's out-of-memory killer, or another process"
                } else if n == libc::SIGXCPU {
                    return format!("stopped by the CPU time limit ({name})");
                } else if n == libc::SIGXFSZ {
                    "the file size limit"
                } else if n == libc::SIGSEGV {
                    "an invalid memory access or a stack overflow"
                } else if n == libc::SIGBUS {
                    "a bad memory access"
                } else if n == libc::SIGILL {
                    "an illegal instruction"
                } else if n == libc::SIGFPE {
                    "an arithmetic fault"
                } else if n == libc::SIGTERM {
                    "asked to terminate"
                } else if n == libc::SIGINT {
                    "interrupted"
                } else if n == libc::SIGHUP {
                    "its terminal hung up"
                } else if n == libc::SIGPIPE {
                    "it wrote to a closed pipe"
                } else {
                    return format!("killed by {name} (signal {n})");
                };
                format!("killed by {name} ({why})")
            }
            Self::Exit(0) => "exited (status 0) before finishing its job".to_owned(),
            // 101 is the status of a Rust program whose main thread panicked.
            Self::Exit(101) => "exited with status 101 (a Rust panic)".to_owned(),
            Self::Exit(code) => format!("exited with status {code}"),
            Self::WallTimeout(wall) => format!("stopped after {} of wall time", seconds(*wall)),
            Self::Output(limit) => {
                format!(
                    "stopped after writing more than {} of messages",
                    bytes(*limit)
                )
            }
            Self::Spawn(why) => format!("could not start a worker: {why}"),
        }
    }
}

impl fmt::Display for Death {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// "30 s", "1.5 s", "250 ms".
fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        let text = format!("{:.3}", d.as_secs_f64());
        format!("{} s", text.trim_end_matches('0'))
    }
}

/// "64 MiB", "512 KiB", "100 bytes".
fn bytes(n: usize) -> String {
    if n >= 1 << 20 && n & ((1 << 20) - 1) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n & ((1 << 10) - 1) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// The name of signal `number` on this system (`SIGABRT`), `"an unknown signal"` for others.
#[must_use]
pub fn signal_name(number: i32) -> &'static str {
    const NAMES: &[(i32, &str)] = &[
        (libc::SIGHUP, "SIGHUP"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGQUIT, "SIGQUIT"),
        (libc::SIGILL, "SIGILL"),
        (libc::SIGTRAP, "SIGTRAP"),
        (libc::SIGABRT, "SIGABRT"),
        (libc::SIGBUS, "SIGBUS"),
        (libc::SIGFPE, "SIGFPE"),
        (libc::SIGKILL, "SIGKILL"),
        (libc::SIGUSR1, "SIGUSR1"),
        (libc::SIGSEGV, "SIGSEGV"),
        (libc::SIGUSR2, "SIGUSR2"),
        (libc::SIGPIPE, "SIGPIPE"),
        (libc::SIGALRM, "SIGALRM"),
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGXCPU, "SIGXCPU"),
        (libc::SIGXFSZ, "SIGXFSZ"),
        (libc::SIGVTALRM, "SIGVTALRM"),
        (libc::SIGPROF, "SIGPROF"),
        (libc::SIGSYS, "SIGSYS"),
    ];
    NAMES
        .iter()
        .find(|(n, _)| *n == number)
        .map_or("an unknown signal", |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deaths_in_plain_words() {
        assert_eq!(
            Death::signal(libc::SIGABRT).describe(),
            "killed by SIGABRT (aborted: an allocation failed, the stack overflowed, or it called abort)"
        );
        assert_eq!(
            Death::signal(libc::SIGXCPU).describe(),
            "stopped by the CPU time limit (SIGXCPU)"
        );
        assert_eq!(
            Death::signal(64).describe(),
            "killed by an unknown signal (signal 64)"
        );
        assert_eq!(Death::Exit(3).describe(), "exited with status 3");
        assert_eq!(
            Death::WallTimeout(Duration::from_secs(30)).describe(),
            "stopped after 30 s of wall time"
        );
        assert_eq!(
            Death::WallTimeout(Duration::from_millis(1500)).describe(),
            "stopped after 1.5 s of wall time"
        );
        assert_eq!(
            Death::Output(64 << 20).describe(),
            "stopped after writing more than 64 MiB of messages"
        );
        assert_eq!(
            Death::WallTimeout(Duration::from_millis(250)).describe(),
            "stopped after 250 ms of wall time"
        );
    }
}
