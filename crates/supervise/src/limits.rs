//! Resource limits of a worker process (`setrlimit`), and how the pool passes them down.

use std::time::Duration;

use rlimit::Resource;

use crate::SuperviseError;

/// The environment variable through which [`crate::run_pool`] gives its workers their
/// [`Limits`]; [`crate::serve`] reads it. Its value is `as=BYTES,cpu_ms=MS` (either part may be
/// missing; empty means no limits).
pub const LIMITS_ENV: &str = "WXBOX_SUPERVISE_LIMITS";

/// What a worker may use. `None` leaves a resource as the worker inherited it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// The worker's address space in bytes (`RLIMIT_AS`). An allocation beyond it fails, which
    /// Rust's global allocator turns into "memory allocation of N bytes failed" and an abort
    /// (SIGABRT); the worker dies, the parent does not. Count the executable, its libraries and
    /// each thread's stack in it: a few hundred MiB is the least a real worker needs.
    pub address_space: Option<u64>,
    /// CPU time for each job (`RLIMIT_CPU`). The kernel counts whole seconds, so a job gets
    /// this rounded to the nearest second (at least what makes the limit lie in the future), and
    /// is sent SIGXCPU past it, whose default action ends the process. The hard limit is left as
    /// it was so that the next job's soft limit can be set; the pool's wall time backs a worker
    /// that ignores SIGXCPU.
    pub cpu: Option<Duration>,
}

impl Limits {
    /// The value of [`LIMITS_ENV`] for these limits.
    #[must_use]
    pub fn encode(&self) -> String {
        let mut parts = Vec::new();
        if let Some(bytes) = self.address_space {
            parts.push(format!("as={bytes}"));
        }
        if let Some(cpu) = self.cpu {
            parts.push(format!("cpu_ms={}", cpu.as_millis()));
        }
        parts.join(",")
    }

    /// Reads [`Limits::encode`]'s text.
    ///
    /// # Errors
    /// [`SuperviseError::BadLimits`] for anything else.
    pub fn decode(text: &str) -> Result<Self, SuperviseError> {
        let bad = || SuperviseError::BadLimits(text.to_owned());
        let mut limits = Self::default();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let (key, value) = part.trim().split_once('=').ok_or_else(bad)?;
            let value: u64 = value.parse().map_err(|_| bad())?;
            match key {
                "as" => limits.address_space = Some(value),
                "cpu_ms" => limits.cpu = Some(Duration::from_millis(value)),
                _ => return Err(bad()),
            }
        }
        Ok(limits)
    }

    /// The limits in [`LIMITS_ENV`], none when it is not set.
    ///
    /// # Errors
    /// [`SuperviseError::BadLimits`] when it is set to something [`Limits::decode`] rejects.
    pub fn from_env() -> Result<Self, SuperviseError> {
        match std::env::var(LIMITS_ENV) {
            Ok(text) => Self::decode(&text),
            Err(std::env::VarError::NotPresent) => Ok(Self::default()),
            Err(std::env::VarError::NotUnicode(raw)) => Err(SuperviseError::BadLimits(
                raw.to_string_lossy().into_owned(),
            )),
        }
    }
}

/// Applies `limits` to the current process, and turns core dumps off (`RLIMIT_CORE` 0: a worker
/// that aborts is reported, not dumped; dumping a worker that filled its address space would
/// take seconds and disk). The CPU limit counts from now: call it again before each job to give
/// that job its own allowance ([`crate::serve`] does).
///
/// No limit is raised above the hard limit the process already has. On macOS the address-space
/// limit is not enforced by the kernel (`RLIMIT_AS` is an alias of `RLIMIT_RSS` there, which it
/// ignores); a failure to set it is ignored there.
///
/// # Errors
/// [`SuperviseError::Limit`] when the system refuses a limit.
pub fn apply_limits(limits: &Limits) -> Result<(), SuperviseError> {
    let fail = |resource: &'static str| move |source| SuperviseError::Limit { resource, source };
    let (_, core_hard) = Resource::CORE.get().map_err(fail("RLIMIT_CORE"))?;
    Resource::CORE
        .set(0, core_hard)
        .map_err(fail("RLIMIT_CORE"))?;
    if let Some(bytes) = limits.address_space {
        if Resource::AS.is_supported() {
            let result = Resource::AS.get().and_then(|(_, hard)| {
                let bytes = bytes.min(hard);
                Resource::AS.set(bytes, bytes)
            });
            if cfg!(target_os = "linux") {
                result.map_err(fail("RLIMIT_AS"))?;
            }
        }
    }
    if let Some(cpu) = limits.cpu {
        let used = cpu_time::ProcessTime::try_now()
            .map_err(fail("RLIMIT_CPU"))?
            .as_duration();
        let (_, hard) = Resource::CPU.get().map_err(fail("RLIMIT_CPU"))?;
        let soft = cpu_soft_limit(used, cpu).min(hard);
        Resource::CPU.set(soft, hard).map_err(fail("RLIMIT_CPU"))?;
    }
    Ok(())
}

/// The `RLIMIT_CPU` soft limit, in whole seconds of the process's CPU time, that gives `limit`
/// more after `used`: the nearest second, but always after `used`.
fn cpu_soft_limit(used: Duration, limit: Duration) -> u64 {
    let target = (used + limit).as_secs_f64().round() as u64;
    target.max(used.as_secs() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_pass_through_the_environment_text() {
        let limits = Limits {
            address_space: Some(512 << 20),
            cpu: Some(Duration::from_millis(1500)),
        };
        assert_eq!(limits.encode(), "as=536870912,cpu_ms=1500");
        assert_eq!(Limits::decode(&limits.encode()).ok(), Some(limits));
        assert_eq!(Limits::decode("").ok(), Some(Limits::default()));
        assert!(Limits::decode("as=lots").is_err());
        assert!(Limits::decode("rss=1").is_err());
    }

    #[test]
    fn the_cpu_allowance_is_rounded_to_a_second_in_the_future() {
        let ms = Duration::from_millis;
        assert_eq!(cpu_soft_limit(ms(5), ms(1000)), 1);
        assert_eq!(cpu_soft_limit(ms(1400), ms(1000)), 2);
        assert_eq!(cpu_soft_limit(ms(1600), ms(1000)), 3);
        // A tiny allowance still lies ahead of what was used.
        assert_eq!(cpu_soft_limit(ms(2400), ms(50)), 3);
        assert_eq!(cpu_soft_limit(ms(0), ms(10)), 1);
    }
}
