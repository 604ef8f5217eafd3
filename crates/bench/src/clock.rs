//! The run clock: one monotonic time base with a wall-clock anchor.
//!
//! Payload timestamps are nanoseconds since the UNIX epoch so that shards on
//! different hosts share one time axis (to within their clocks' sync). Inside
//! one process every timestamp is derived from `Instant` plus a single
//! `SystemTime` reading taken at start, so an NTP step during the run cannot
//! make a latency jump or go negative.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Maps `Instant`s to nanoseconds since the UNIX epoch and back.
#[derive(Clone, Copy, Debug)]
pub struct RunClock {
    origin: Instant,
    origin_unix_ns: u64,
}

impl RunClock {
    /// Anchors a clock at the current instant and wall-clock time.
    pub fn start() -> RunClock {
        let origin = Instant::now();
        let wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
        RunClock { origin, origin_unix_ns: duration_ns(wall) }
    }

    #[cfg(test)]
    /// A clock with an explicit anchor: `origin` corresponds to `origin_unix_ns`.
    pub fn from_parts(origin: Instant, origin_unix_ns: u64) -> RunClock {
        RunClock { origin, origin_unix_ns }
    }

    /// Nanoseconds since the UNIX epoch at which `origin` was taken.
    pub fn origin_unix_ns(&self) -> u64 {
        self.origin_unix_ns
    }

    /// The instant the clock was anchored at.
    pub fn origin(&self) -> Instant {
        self.origin
    }

    /// `at` expressed as nanoseconds since the UNIX epoch.
    pub fn unix_ns(&self, at: Instant) -> u64 {
        match at.checked_duration_since(self.origin) {
            Some(after) => self.origin_unix_ns.saturating_add(duration_ns(after)),
            None => self.origin_unix_ns.saturating_sub(duration_ns(self.origin - at)),
        }
    }

    /// The instant at which the wall clock reads `unix_ns`; `None` when that
    /// lies before the earliest `Instant` the platform can represent.
    pub fn instant_at(&self, unix_ns: u64) -> Option<Instant> {
        if unix_ns >= self.origin_unix_ns {
            self.origin.checked_add(Duration::from_nanos(unix_ns - self.origin_unix_ns))
        } else {
            self.origin.checked_sub(Duration::from_nanos(self.origin_unix_ns - unix_ns))
        }
    }

    /// Converts a wall-clock time to nanoseconds since the UNIX epoch (0 before 1970).
    pub fn system_time_ns(time: SystemTime) -> u64 {
        time.duration_since(UNIX_EPOCH).map(duration_ns).unwrap_or(0)
    }
}

/// A duration in whole nanoseconds, saturating at `u64::MAX` (584 years).
pub fn duration_ns(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_map_to_unix_ns_and_back() {
        let origin = Instant::now();
        let clock = RunClock::from_parts(origin, 1_700_000_000_000_000_000);
        let later = origin + Duration::from_micros(1500);
        assert_eq!(clock.unix_ns(later), 1_700_000_000_001_500_000);
        assert_eq!(clock.instant_at(1_700_000_000_001_500_000), Some(later));
        assert_eq!(clock.unix_ns(origin), clock.origin_unix_ns());
    }

    #[test]
    fn instants_before_the_origin_map_below_it() {
        let origin = Instant::now() + Duration::from_secs(10);
        let clock = RunClock::from_parts(origin, 5_000_000_000);
        let earlier = origin - Duration::from_secs(2);
        assert_eq!(clock.unix_ns(earlier), 3_000_000_000);
        assert_eq!(clock.instant_at(3_000_000_000), Some(earlier));
    }

    #[test]
    fn start_reads_a_plausible_wall_clock() {
        let clock = RunClock::start();
        // 2020-01-01 in ns: a sanity bound that fails if the anchor were zero.
        assert!(clock.origin_unix_ns() > 1_577_836_800_000_000_000);
    }
}
