//! Self-monitoring: did the load generator, not the broker, set the limit?
//!
//! The rule (`generator_limited`), checked at the end of a run:
//! 1. CPU: the process used at least 90% of the cores it may run on
//!    (`cpu_seconds / wall_seconds >= 0.9 * cores`), or
//! 2. paced runs only: schedule lag p99 exceeded 1 ms *while the inflight
//!    window had room* (fewer than 1% of sends waited for a slot). Lag while
//!    the window is full is the broker pushing back; that sets
//!    `broker_backpressure` instead and is a legitimate result.
//!
//! A generator-limited run still reports its numbers, with a loud warning:
//! they describe the bench, not the broker.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Lag p99 above which a paced run is considered generator-bound.
pub const LAG_P99_LIMIT: Duration = Duration::from_millis(1);
/// Fraction of available cores above which the generator is CPU-bound.
pub const CPU_LIMIT: f64 = 0.9;
/// Fraction of sends that waited for the inflight window above which lag is
/// blamed on the broker.
pub const BACKPRESSURE_SHARE: f64 = 0.01;

/// User plus system CPU time of this process so far, in seconds.
#[cfg(unix)]
pub fn cpu_seconds() -> Option<f64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete `rusage` into the pointer on success
    // and we read it only then.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return None;
        }
        usage.assume_init()
    };
    let seconds = |time: libc::timeval| time.tv_sec as f64 + time.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

/// Peak resident set size of this process so far, in bytes.
#[cfg(unix)]
pub fn max_rss_bytes() -> Option<u64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: as in `cpu_seconds`.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return None;
        }
        usage.assume_init()
    };
    // Linux reports kibibytes (macOS bytes; the bench targets Linux).
    Some(usage.ru_maxrss as u64 * 1024)
}

/// Peak memory is not measured on this platform.
#[cfg(not(unix))]
pub fn max_rss_bytes() -> Option<u64> {
    None
}

/// CPU time is not measured on this platform.
#[cfg(not(unix))]
pub fn cpu_seconds() -> Option<f64> {
    None
}

/// What the runner measured about itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SelfCheckInput {
    /// CPU seconds used during the run (end minus start of `cpu_seconds`).
    pub cpu_seconds: Option<f64>,
    pub wall_seconds: f64,
    /// Cores the generator may use: min(runtime worker threads, plus an
    /// in-process broker's, available cores).
    pub cores: u32,
    /// Whether the run was paced (`--rate` > 0).
    pub paced: bool,
    pub lag_p99: Option<Duration>,
    pub sends: u64,
    pub late_sends: u64,
    pub window_blocked: u64,
}

/// The self-monitoring section of the report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SelfCheck {
    pub cpu_seconds: Option<f64>,
    /// Cores' worth of CPU used on average (cpu_seconds / wall_seconds).
    pub cpu_cores_used: Option<f64>,
    pub cores: u32,
    pub schedule_lag_p99_us: Option<f64>,
    pub late_sends: u64,
    pub window_blocked: u64,
    pub generator_limited: bool,
    pub broker_backpressure: bool,
    /// Why the flags above are set, for people.
    pub notes: Vec<String>,
    /// Peak resident memory of the generator process, bytes (the largest
    /// shard's, after a merge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rss_bytes: Option<u64>,
}

impl SelfCheck {
    /// Applies the rule in the module docs.
    pub fn evaluate(input: &SelfCheckInput) -> SelfCheck {
        let mut check = SelfCheck {
            cpu_seconds: input.cpu_seconds,
            cores: input.cores,
            schedule_lag_p99_us: input.lag_p99.map(|lag| lag.as_secs_f64() * 1e6),
            late_sends: input.late_sends,
            window_blocked: input.window_blocked,
            ..SelfCheck::default()
        };
        if let Some(cpu) = input.cpu_seconds.filter(|_| input.wall_seconds > 0.0) {
            let used = cpu / input.wall_seconds;
            check.cpu_cores_used = Some(used);
            if input.cores > 0 && used >= CPU_LIMIT * f64::from(input.cores) {
                check.generator_limited = true;
                check
                    .notes
                    .push(format!("generator used {used:.2} of {} core(s) (>= 90%)", input.cores));
            }
        }
        let lagging = input.paced && input.lag_p99.is_some_and(|lag| lag > LAG_P99_LIMIT);
        if lagging {
            let lag_ms = input.lag_p99.unwrap_or_default().as_secs_f64() * 1e3;
            let blocked_share = if input.sends == 0 {
                0.0
            } else {
                input.window_blocked as f64 / input.sends as f64
            };
            if blocked_share >= BACKPRESSURE_SHARE {
                check.broker_backpressure = true;
                check.notes.push(format!(
                    "schedule lag p99 {lag_ms:.2} ms with {:.1}% of sends waiting for the inflight window: \
                     the broker set the pace",
                    blocked_share * 100.0
                ));
            } else {
                check.generator_limited = true;
                check.notes.push(format!(
                    "schedule lag p99 {lag_ms:.2} ms (> 1 ms) while the inflight window had room: \
                     the generator could not keep up"
                ));
            }
        }
        check
    }

    /// Combines shards: CPU adds up, flags and notes from any shard carry over.
    pub fn merge(parts: &[(String, SelfCheck)]) -> SelfCheck {
        let mut merged = SelfCheck::default();
        for (name, part) in parts {
            merged.cpu_seconds = sum_option(merged.cpu_seconds, part.cpu_seconds);
            merged.cpu_cores_used = sum_option(merged.cpu_cores_used, part.cpu_cores_used);
            merged.cores += part.cores;
            merged.late_sends += part.late_sends;
            merged.window_blocked += part.window_blocked;
            merged.generator_limited |= part.generator_limited;
            merged.broker_backpressure |= part.broker_backpressure;
            merged.max_rss_bytes = merged.max_rss_bytes.max(part.max_rss_bytes);
            merged.notes.extend(part.notes.iter().map(|note| format!("{name}: {note}")));
        }
        merged
    }
}

fn sum_option(left: Option<f64>, right: Option<f64>) -> Option<f64> {
    match (left, right) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SelfCheckInput {
        SelfCheckInput {
            cpu_seconds: Some(5.0),
            wall_seconds: 10.0,
            cores: 2,
            paced: true,
            lag_p99: Some(Duration::from_micros(50)),
            sends: 1000,
            late_sends: 0,
            window_blocked: 0,
        }
    }

    #[test]
    fn a_healthy_run_is_not_flagged() {
        let check = SelfCheck::evaluate(&input());
        assert!(!check.generator_limited && !check.broker_backpressure, "{check:?}");
        assert_eq!(check.cpu_cores_used, Some(0.5));
        assert_eq!(check.schedule_lag_p99_us, Some(50.0));
    }

    #[test]
    fn saturated_cores_flag_the_generator() {
        let check = SelfCheck::evaluate(&SelfCheckInput { cpu_seconds: Some(18.5), ..input() });
        assert!(check.generator_limited);
        assert!(check.notes[0].contains("1.85 of 2"), "{:?}", check.notes);
    }

    #[test]
    fn lag_with_room_in_the_window_is_the_generators_fault() {
        let lagging = SelfCheckInput {
            lag_p99: Some(Duration::from_millis(3)),
            window_blocked: 5,
            ..input()
        };
        let check = SelfCheck::evaluate(&lagging);
        assert!(check.generator_limited && !check.broker_backpressure);
    }

    #[test]
    fn lag_behind_a_full_window_is_backpressure() {
        let blocked = SelfCheckInput {
            lag_p99: Some(Duration::from_millis(3)),
            window_blocked: 400,
            ..input()
        };
        let check = SelfCheck::evaluate(&blocked);
        assert!(!check.generator_limited && check.broker_backpressure, "{check:?}");
    }

    #[test]
    fn saturating_runs_ignore_lag() {
        let saturating =
            SelfCheckInput { paced: false, lag_p99: Some(Duration::from_secs(1)), ..input() };
        assert!(!SelfCheck::evaluate(&saturating).generator_limited);
    }

    #[test]
    fn cpu_time_is_readable_and_grows() {
        let before = cpu_seconds().expect("getrusage works on unix");
        let mut spin = 0u64;
        for i in 0..20_000_000u64 {
            spin = spin.wrapping_add(i ^ (spin >> 3));
        }
        std::hint::black_box(spin);
        assert!(cpu_seconds().unwrap() > before);
    }

    #[test]
    fn merge_sums_and_prefixes_notes() {
        let flagged = SelfCheck::evaluate(&SelfCheckInput { cpu_seconds: Some(19.0), ..input() });
        let healthy = SelfCheck::evaluate(&input());
        let merged = SelfCheck::merge(&[("a.json".into(), flagged), ("b.json".into(), healthy)]);
        assert_eq!(merged.cpu_seconds, Some(24.0));
        assert_eq!(merged.cores, 4);
        assert!(merged.generator_limited);
        assert!(merged.notes[0].starts_with("a.json: "));
    }
}
