//! Sharding one scenario across N independent bench processes.
//!
//! `--shard I/N` (0-based I) gives shard I a contiguous block of the global
//! publisher and subscriber indices: `[floor(I*T/N), floor((I+1)*T/N))`.
//! Blocks are disjoint, their union is `0..T`, and sizes differ by at most
//! one. With equal publisher and subscriber counts a pair `i → i` always
//! lands in one shard, so its e2e latency is read from one clock.
//! The total rate is split in proportion to publishers, so every publisher
//! sends at the same per-publisher rate whatever the shard count.
//!
//! `--start-at` aligns the shards' schedules: RFC 3339 (`2026-05-01T12:00:00Z`)
//! or UNIX seconds (`1777636800`, fractions allowed).

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::clock::{duration_ns, RunClock};
use crate::schedule::Rate;

/// How far in the past `--start-at` may be before the shard refuses to run
/// (it would start out of step with the others).
pub const START_AT_TOLERANCE: Duration = Duration::from_secs(1);

/// Which shard this process is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardId {
    /// 0-based index.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl ShardId {
    /// The whole run in one process.
    pub const WHOLE: ShardId = ShardId { index: 0, count: 1 };

    /// A checked shard id.
    pub fn new(index: u32, count: u32) -> Result<ShardId, String> {
        if count == 0 {
            return Err("shard count must be at least 1".into());
        }
        if index >= count {
            return Err(format!(
                "shard index {index} is out of range for {count} shards (use 0..{count})"
            ));
        }
        Ok(ShardId { index, count })
    }

    /// This shard's block of `0..total`.
    pub fn block(self, total: u32) -> Range<u32> {
        let edge = |i: u32| (u64::from(i) * u64::from(total) / u64::from(self.count)) as u32;
        edge(self.index)..edge(self.index + 1)
    }
}

impl FromStr for ShardId {
    type Err = String;

    /// `I/N`. In a Kubernetes Indexed Job pass `--shard $(JOB_COMPLETION_INDEX)/N`:
    /// Kubernetes expands the variable in container args.
    fn from_str(text: &str) -> Result<ShardId, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("bad --shard `{text}`: expected INDEX/COUNT such as 0/4"))?;
        let number = |part: &str, what: &str| {
            part.trim()
                .parse::<u32>()
                .map_err(|_| format!("bad --shard `{text}`: {what} `{part}` is not a number"))
        };
        ShardId::new(number(index, "index")?, number(count, "count")?)
            .map_err(|err| format!("bad --shard `{text}`: {err}"))
    }
}

impl fmt::Display for ShardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What one shard runs.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardPlan {
    /// Global publisher indices this shard drives.
    pub publishers: Range<u32>,
    /// Global subscriber indices this shard drives.
    pub subscribers: Range<u32>,
    /// This shard's share of the total rate.
    pub rate: Rate,
}

/// Splits a scenario of `publishers`, `subscribers` and a `total_rate`.
pub fn plan(shard: ShardId, publishers: u32, subscribers: u32, total_rate: Rate) -> ShardPlan {
    let own_publishers = shard.block(publishers);
    let rate = match total_rate {
        Rate::Saturate => Rate::Saturate,
        Rate::PerSecond(_) if publishers == 0 => Rate::PerSecond(0.0),
        Rate::PerSecond(total) => {
            Rate::PerSecond(total * f64::from(own_publishers.len() as u32) / f64::from(publishers))
        }
    };
    ShardPlan { publishers: own_publishers, subscribers: shard.block(subscribers), rate }
}

/// Parses `--start-at`: RFC 3339 or UNIX seconds.
pub fn parse_start_at(text: &str) -> Result<SystemTime, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(format!("bad --start-at `{text}`: UNIX seconds must be a positive number"));
        }
        return Ok(UNIX_EPOCH + Duration::from_secs_f64(seconds));
    }
    humantime::parse_rfc3339_weak(text).map_err(|err| {
        format!("bad --start-at `{text}`: {err} (use RFC 3339 like 2026-05-01T12:00:00Z, or UNIX seconds)")
    })
}

/// The instant a shard's schedule starts for `--start-at`, read on `clock`
/// at `now`. A start in the past by more than [`START_AT_TOLERANCE`] is an
/// error; a slightly late start begins immediately.
pub fn schedule_start(
    clock: &RunClock,
    start_at: SystemTime,
    now: Instant,
) -> Result<Instant, String> {
    let start_ns = RunClock::system_time_ns(start_at);
    let now_ns = clock.unix_ns(now);
    if start_ns + duration_ns(START_AT_TOLERANCE) < now_ns {
        let late = Duration::from_nanos(now_ns - start_ns);
        return Err(format!(
            "--start-at {} was {:.1} s ago; this shard would start out of step with the others \
             (pick a time far enough ahead for every shard to be running)",
            humantime::format_rfc3339_millis(start_at),
            late.as_secs_f64()
        ));
    }
    Ok(clock.instant_at(start_ns).map_or(now, |start| start.max(now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ids_parse_with_clear_errors() {
        assert_eq!("2/4".parse::<ShardId>(), Ok(ShardId { index: 2, count: 4 }));
        assert_eq!(" 0 / 1 ".parse::<ShardId>(), Ok(ShardId::WHOLE));
        assert!("4/4".parse::<ShardId>().unwrap_err().contains("out of range"));
        assert!("1/0".parse::<ShardId>().unwrap_err().contains("at least 1"));
        assert!("x/4".parse::<ShardId>().unwrap_err().contains("index `x`"));
        assert!("3".parse::<ShardId>().unwrap_err().contains("INDEX/COUNT"));
        assert_eq!(ShardId { index: 3, count: 8 }.to_string(), "3/8");
    }

    #[test]
    fn blocks_are_disjoint_complete_and_balanced() {
        for count in 1..=12u32 {
            for total in [0u32, 1, 5, 7, 12, 100, 1001] {
                let mut next = 0;
                let mut sizes = Vec::new();
                for index in 0..count {
                    let block = ShardId::new(index, count).unwrap().block(total);
                    assert_eq!(
                        block.start, next,
                        "{index}/{count} of {total} leaves a hole or overlaps"
                    );
                    next = block.end;
                    sizes.push(block.len());
                }
                assert_eq!(next, total, "{count} shards of {total} miss the tail");
                let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(max - min <= 1, "{count} shards of {total}: sizes {sizes:?}");
            }
        }
    }

    #[test]
    fn rates_split_by_publisher_share_and_sum_to_the_total() {
        let shards = 3;
        let plans: Vec<ShardPlan> = (0..shards)
            .map(|i| plan(ShardId::new(i, shards).unwrap(), 10, 4, Rate::PerSecond(1000.0)))
            .collect();
        let total: f64 = plans.iter().map(|p| p.rate.per_second()).sum();
        assert!((total - 1000.0).abs() < 1e-9);
        for p in &plans {
            let per_publisher = p.rate.per_second() / p.publishers.len() as f64;
            assert!((per_publisher - 100.0).abs() < 1e-9, "{p:?}");
        }
        assert_eq!(plans[0].subscribers, 0..1);
        assert_eq!(plan(ShardId::WHOLE, 10, 4, Rate::Saturate).rate, Rate::Saturate);
    }

    #[test]
    fn matching_counts_keep_pairs_in_one_shard() {
        let shard = ShardId::new(1, 3).unwrap();
        let p = plan(shard, 7, 7, Rate::Saturate);
        assert_eq!(p.publishers, p.subscribers);
    }

    #[test]
    fn start_at_maps_onto_the_monotonic_clock() {
        let now = Instant::now();
        let clock = RunClock::from_parts(now, 1_777_636_800_000_000_000);
        let at = |ns: u64| UNIX_EPOCH + Duration::from_nanos(ns);
        let ahead = schedule_start(&clock, at(1_777_636_805_000_000_000), now).unwrap();
        assert_eq!(ahead, now + Duration::from_secs(5));
        let barely_late = schedule_start(&clock, at(1_777_636_799_500_000_000), now).unwrap();
        assert_eq!(barely_late, now, "within tolerance: start right away");
        let err = schedule_start(&clock, at(1_777_636_780_000_000_000), now).unwrap_err();
        assert!(err.contains("20.0 s ago") && err.contains("2026-05-01T11:59:40.000Z"), "{err}");
    }

    #[test]
    fn start_at_reads_rfc3339_and_unix_seconds() {
        let rfc = parse_start_at("2026-05-01T12:00:00Z").unwrap();
        assert_eq!(rfc.duration_since(UNIX_EPOCH).unwrap(), Duration::from_secs(1_777_636_800));
        let unix = parse_start_at("1777636800.25").unwrap();
        assert_eq!(
            unix.duration_since(UNIX_EPOCH).unwrap(),
            Duration::from_millis(1_777_636_800_250)
        );
        assert!(parse_start_at("tomorrow").unwrap_err().contains("RFC 3339"));
        assert!(parse_start_at("-5").unwrap_err().contains("positive"));
    }
}
