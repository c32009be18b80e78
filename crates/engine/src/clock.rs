//! The sandbox clock: virtual by default, so runs are reproducible; real time on request.
//!
//! Virtual time only moves when the event loop jumps to the next timer, so a five-minute
//! `setTimeout` costs no wall time and two runs see the same `Date.now()` values. The clock
//! also drives boa's `Date`, through the [`Clock`] trait. It is shared (`Arc`) so the interface
//! service, on its own threads, judges code and token expiry by the same sandbox time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use boa_engine::context::time::JsInstant;
use boa_engine::context::Clock;

/// 2024-03-10T02:00:00Z, i.e. 10:00 on a Sunday in China Standard Time: the default wall-clock
/// start of a virtual run. A fixed, documented start keeps dates in traces stable.
pub const DEFAULT_EPOCH_MS: i64 = 1_710_036_000_000;

/// How the sandbox clock advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClockMode {
    /// Time advances only when the loop is idle and jumps to the next timer.
    #[default]
    Virtual,
    /// Time follows the machine's monotonic clock; timers really wait.
    Real,
}

/// The clock shared by the event loop and the boa context.
#[derive(Debug)]
pub struct SandboxClock {
    mode: ClockMode,
    /// Wall-clock milliseconds since the Unix epoch at sandbox time 0.
    epoch_ms: i64,
    virtual_now: AtomicU64,
    real_start: Instant,
}

impl SandboxClock {
    /// A clock in `mode`. `epoch_ms` is the wall-clock time at sandbox time 0; in real mode
    /// `None` means "now".
    #[must_use]
    pub fn new(mode: ClockMode, epoch_ms: Option<i64>) -> Self {
        let epoch_ms = epoch_ms.unwrap_or_else(|| match mode {
            ClockMode::Virtual => DEFAULT_EPOCH_MS,
            ClockMode::Real => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(DEFAULT_EPOCH_MS, |d| {
                    i64::try_from(d.as_millis()).unwrap_or(DEFAULT_EPOCH_MS)
                }),
        });
        Self {
            mode,
            epoch_ms,
            virtual_now: AtomicU64::new(0),
            real_start: Instant::now(),
        }
    }

    /// The clock's mode.
    #[must_use]
    pub fn mode(&self) -> ClockMode {
        self.mode
    }

    /// Milliseconds since the sandbox started.
    #[must_use]
    pub fn now_ms(&self) -> u64 {
        match self.mode {
            ClockMode::Virtual => self.virtual_now.load(Ordering::SeqCst),
            ClockMode::Real => {
                u64::try_from(self.real_start.elapsed().as_millis()).unwrap_or(u64::MAX)
            }
        }
    }

    /// [`Clock::now_ms`] rounded up: the base for a timer's due time. Timers fire when the
    /// (rounded down) clock reaches their due time, so in real time a timer set 0.9 ms into a
    /// millisecond would otherwise fire up to 1 ms early.
    #[must_use]
    pub fn now_ms_ceil(&self) -> u64 {
        match self.mode {
            ClockMode::Virtual => self.now_ms(),
            ClockMode::Real => {
                let ns = self.real_start.elapsed().as_nanos();
                u64::try_from(ns.div_ceil(1_000_000)).unwrap_or(u64::MAX)
            }
        }
    }

    /// Wall-clock milliseconds since the Unix epoch, as `Date.now()` reports them.
    #[must_use]
    pub fn wall_ms(&self) -> i64 {
        self.epoch_ms
            .saturating_add(i64::try_from(self.now_ms()).unwrap_or(i64::MAX))
    }

    /// Moves virtual time forward to `t` (never backwards). No effect in real mode.
    pub fn advance_to(&self, t: u64) {
        if self.mode == ClockMode::Virtual {
            self.virtual_now.fetch_max(t, Ordering::SeqCst);
        }
    }
}

/// boa's view of a shared [`SandboxClock`] (boa wants an `Rc<dyn Clock>`).
#[derive(Debug)]
pub struct BoaClock(pub std::sync::Arc<SandboxClock>);

impl Clock for BoaClock {
    fn now(&self) -> JsInstant {
        self.0.now()
    }

    fn system_time_millis(&self) -> i64 {
        self.0.wall_ms()
    }
}

impl Clock for SandboxClock {
    fn now(&self) -> JsInstant {
        let ms = self.now_ms();
        // Sub-millisecond precision is dropped on purpose: it would make traces differ.
        JsInstant::new(ms / 1000, u32::try_from(ms % 1000).unwrap_or(0) * 1_000_000)
    }

    fn system_time_millis(&self) -> i64 {
        self.wall_ms()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_time_moves_only_forward_and_only_when_told() {
        let c = SandboxClock::new(ClockMode::Virtual, None);
        assert_eq!(c.now_ms(), 0);
        c.advance_to(300_000);
        assert_eq!(c.now_ms(), 300_000);
        c.advance_to(10);
        assert_eq!(c.now_ms(), 300_000);
        assert_eq!(c.wall_ms(), DEFAULT_EPOCH_MS + 300_000);
    }
}
