//! Open-loop send scheduling on an absolute timeline.
//!
//! A paced publisher's k-th message is due at `start + (k + phase) / rate`,
//! whatever happened to earlier sends: a late send does not push later ones
//! back (no drift, no coordinated omission), it shows up as schedule lag.
//! `phase` staggers publishers inside one period so N publishers do not all
//! fire on the same instant. `Rate::Saturate` sends as fast as the inflight
//! window allows; its intended time is the actual send time.
//!
//! The warmup period is judged by intended send time: messages due before
//! `start + warmup` are sent and delivery-checked but excluded from results.
//! Everything here is a pure function of the `Instant`s passed in, so tests
//! drive it with synthetic time instead of sleeping.

use std::str::FromStr;
use std::time::{Duration, Instant};

use crate::units::parse_quantity;

/// How fast to send.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rate {
    /// As fast as the inflight window allows (`--rate 0`).
    Saturate,
    /// Messages per second.
    PerSecond(f64),
}

impl Rate {
    /// The share of a total rate that one of `parts` equal senders gets.
    pub fn split(self, parts: u32) -> Rate {
        match self {
            Rate::PerSecond(total) if parts > 0 => Rate::PerSecond(total / f64::from(parts)),
            other => other,
        }
    }

    /// Messages per second, 0 when saturating (the JSON encoding).
    pub fn per_second(self) -> f64 {
        match self {
            Rate::Saturate => 0.0,
            Rate::PerSecond(rate) => rate,
        }
    }

    /// Time between two sends of one sender; `None` when saturating.
    pub fn period(self) -> Option<Duration> {
        match self {
            Rate::Saturate => None,
            Rate::PerSecond(rate) => Some(Duration::from_secs_f64(1.0 / rate)),
        }
    }
}

impl FromStr for Rate {
    type Err = String;

    /// `0` means saturate; otherwise a positive count with optional k/M suffix.
    fn from_str(text: &str) -> Result<Rate, String> {
        let rate = parse_quantity(text).map_err(|err| format!("bad rate: {err}"))?;
        if rate == 0.0 {
            Ok(Rate::Saturate)
        } else if rate > 0.0 && rate.is_finite() {
            Ok(Rate::PerSecond(rate))
        } else {
            Err(format!("bad rate `{text}`: must be 0 (saturate) or a positive number"))
        }
    }
}

/// When a sender stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Measure for this long after warmup (`--duration`).
    Duration(Duration),
    /// Send this many measured messages after warmup (`--count`).
    Count(u64),
}

/// One sender's schedule, independent of when it starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    rate: Rate,
    warmup: Duration,
    limit: Limit,
    phase: f64,
}

impl Plan {
    /// A plan for one sender at `rate`.
    pub fn new(rate: Rate, warmup: Duration, limit: Limit) -> Result<Plan, String> {
        match limit {
            Limit::Count(0) => return Err("--count must be at least 1".into()),
            Limit::Duration(d) if d.is_zero() => return Err("--duration must be above 0".into()),
            _ => {}
        }
        Ok(Plan { rate, warmup, limit, phase: 0.0 })
    }

    /// Offsets sender `index` of `senders` by `index / senders` of a period.
    pub fn staggered(mut self, index: u32, senders: u32) -> Plan {
        if senders > 0 {
            self.phase = f64::from(index % senders) / f64::from(senders);
        }
        self
    }

    /// The sender's rate.
    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// The stop condition.
    pub fn limit(&self) -> Limit {
        self.limit
    }
}

/// What the sender should do now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    /// Nothing is due before this instant.
    Wait(Instant),
    /// Send this message now.
    Send(SendSlot),
    /// The schedule is complete.
    Done,
}

/// A message that is due.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SendSlot {
    /// Sequence number to put in the payload.
    pub sequence: u64,
    /// When it was due (equals `now` when saturating).
    pub intended: Instant,
    /// How far behind schedule it is being sent.
    pub lag: Duration,
    /// Lag exceeded one period: the sender could not keep up.
    pub late: bool,
    /// After warmup: counts toward results.
    pub measured: bool,
}

/// Hands out due messages for one sender; the state is only counters.
#[derive(Clone, Debug)]
pub struct Pacer {
    plan: Plan,
    start: Instant,
    // Derived once: `next` runs per message.
    measure_start: Instant,
    measure_end: Option<Instant>,
    period: Option<Duration>,
    next_sequence: u64,
    measured_sent: u64,
}

impl Pacer {
    /// A pacer whose schedule begins at `start`.
    pub fn new(plan: Plan, start: Instant) -> Pacer {
        let measure_start = start + plan.warmup;
        let measure_end = match plan.limit {
            Limit::Duration(length) => Some(measure_start + length),
            Limit::Count(_) => None,
        };
        let period = plan.rate.period();
        Pacer {
            plan,
            start,
            measure_start,
            measure_end,
            period,
            next_sequence: 0,
            measured_sent: 0,
        }
    }

    /// Instant at which warmup ends and measurement begins.
    pub fn measure_start(&self) -> Instant {
        self.measure_start
    }

    /// Instant at which measurement ends, for a `--duration` limit.
    pub fn measure_end(&self) -> Option<Instant> {
        self.measure_end
    }

    /// Intended send time of message `sequence`; `None` when saturating.
    pub fn intended(&self, sequence: u64) -> Option<Instant> {
        let Rate::PerSecond(rate) = self.plan.rate else { return None };
        // Rounded to whole nanoseconds so k/R lands exactly where expected.
        let offset_ns = ((sequence as f64 + self.plan.phase) * 1e9 / rate).round();
        Some(self.start + Duration::from_nanos(offset_ns as u64))
    }

    /// Messages handed out so far (the next sequence number).
    pub fn sent(&self) -> u64 {
        self.next_sequence
    }

    #[cfg(test)]
    /// Messages due by `now` that have not been handed out yet: the backlog
    /// a sender can batch into one write.
    pub fn backlog(&self, now: Instant) -> u64 {
        let Rate::PerSecond(rate) = self.plan.rate else { return 0 };
        let Some(elapsed) = now.checked_duration_since(self.start) else { return 0 };
        let due = (elapsed.as_secs_f64() * rate - self.plan.phase).floor() + 1.0;
        (due.max(0.0) as u64).saturating_sub(self.next_sequence)
    }

    /// What to do at `now`. Returning `Send` consumes that message.
    pub fn next(&mut self, now: Instant) -> Slot {
        if let Limit::Count(count) = self.plan.limit {
            if self.measured_sent >= count {
                return Slot::Done;
            }
        }
        let intended = match self.intended(self.next_sequence) {
            Some(intended) => intended,
            None if now < self.start => return Slot::Wait(self.start),
            None => now,
        };
        if self.measure_end.is_some_and(|end| intended >= end) {
            return Slot::Done;
        }
        if intended > now {
            return Slot::Wait(intended);
        }
        let lag = now - intended;
        let late = self.period.is_some_and(|period| lag > period);
        let measured = intended >= self.measure_start;
        let slot = SendSlot { sequence: self.next_sequence, intended, lag, late, measured };
        self.next_sequence += 1;
        if measured {
            self.measured_sent += 1;
        }
        Slot::Send(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn expect_send(slot: Slot) -> SendSlot {
        match slot {
            Slot::Send(send) => send,
            other => panic!("expected a send, got {other:?}"),
        }
    }

    #[test]
    fn rates_parse_with_zero_meaning_saturate() {
        assert_eq!("0".parse::<Rate>(), Ok(Rate::Saturate));
        assert_eq!("50k".parse::<Rate>(), Ok(Rate::PerSecond(50_000.0)));
        assert!("-5".parse::<Rate>().is_err());
        assert!("fast".parse::<Rate>().unwrap_err().contains("bad rate"));
        assert_eq!(Rate::PerSecond(1000.0).split(4), Rate::PerSecond(250.0));
        assert_eq!(Rate::Saturate.split(4), Rate::Saturate);
    }

    #[test]
    fn intended_times_are_absolute_and_do_not_drift() {
        let start = Instant::now();
        let plan = Plan::new(Rate::PerSecond(1000.0), Duration::ZERO, Limit::Count(10)).unwrap();
        let pacer = Pacer::new(plan, start);
        assert_eq!(pacer.intended(0), Some(start));
        assert_eq!(pacer.intended(1), Some(start + ms(1)));
        // One million messages later the schedule is still exactly 1000 s out.
        assert_eq!(pacer.intended(1_000_000), Some(start + Duration::from_secs(1000)));
    }

    #[test]
    fn waits_until_due_then_reports_lag_for_late_sends() {
        let start = Instant::now();
        let plan = Plan::new(Rate::PerSecond(100.0), Duration::ZERO, Limit::Count(100)).unwrap();
        let mut pacer = Pacer::new(plan, start);
        let first = expect_send(pacer.next(start));
        assert_eq!((first.sequence, first.lag, first.late), (0, Duration::ZERO, false));
        assert_eq!(pacer.next(start + ms(5)), Slot::Wait(start + ms(10)));
        // The generator stalls for 35 ms: message 1 (due at 10 ms) is 25 ms late,
        // and message 2 is still due at 20 ms, not 35 + 10.
        let late = expect_send(pacer.next(start + ms(35)));
        assert_eq!((late.sequence, late.lag, late.late), (1, ms(25), true));
        let catch_up = expect_send(pacer.next(start + ms(35)));
        assert_eq!((catch_up.intended, catch_up.lag), (start + ms(20), ms(15)));
        assert_eq!(pacer.backlog(start + ms(35)), 1, "message 3 (30 ms) is still owed");
    }

    #[test]
    fn warmup_messages_are_sent_but_not_measured() {
        let start = Instant::now();
        let plan = Plan::new(Rate::PerSecond(10.0), ms(250), Limit::Count(2)).unwrap();
        let mut pacer = Pacer::new(plan, start);
        let mut measured = Vec::new();
        let mut now = start;
        loop {
            match pacer.next(now) {
                Slot::Send(send) => measured.push((send.sequence, send.measured)),
                Slot::Wait(until) => now = until,
                Slot::Done => break,
            }
        }
        // Due at 0, 100, 200 ms: warmup. 300 and 400 ms: the two measured.
        assert_eq!(measured, [(0, false), (1, false), (2, false), (3, true), (4, true)]);
    }

    #[test]
    fn duration_limit_stops_at_the_end_of_the_window() {
        let start = Instant::now();
        let plan = Plan::new(Rate::PerSecond(100.0), ms(100), Limit::Duration(ms(50))).unwrap();
        let mut pacer = Pacer::new(plan, start);
        assert_eq!(pacer.measure_end(), Some(start + ms(150)));
        let far_later = start + Duration::from_secs(1);
        let mut sent = 0;
        while let Slot::Send(_) = pacer.next(far_later) {
            sent += 1;
        }
        assert_eq!(sent, 15, "due at 0..140 ms: 10 warmup + 5 measured");
        assert_eq!(pacer.next(far_later), Slot::Done);
    }

    #[test]
    fn staggered_senders_interleave_within_a_period() {
        let start = Instant::now();
        let plan = Plan::new(Rate::PerSecond(100.0), Duration::ZERO, Limit::Count(5)).unwrap();
        let second_of_four = Pacer::new(plan.staggered(1, 4), start);
        assert_eq!(second_of_four.intended(0), Some(start + Duration::from_micros(2500)));
        assert_eq!(second_of_four.intended(1), Some(start + Duration::from_micros(12_500)));
    }

    #[test]
    fn saturating_sends_immediately_after_start_without_lag() {
        let start = Instant::now() + ms(10);
        let plan = Plan::new(Rate::Saturate, ms(20), Limit::Count(1)).unwrap();
        let mut pacer = Pacer::new(plan, start);
        assert_eq!(pacer.next(start - ms(5)), Slot::Wait(start));
        let warm = expect_send(pacer.next(start + ms(1)));
        assert_eq!(
            (warm.intended, warm.lag, warm.measured),
            (start + ms(1), Duration::ZERO, false)
        );
        assert!(expect_send(pacer.next(start + ms(20))).measured);
        assert_eq!(pacer.next(start + ms(21)), Slot::Done);
        assert_eq!(pacer.backlog(start + ms(30)), 0);
    }

    #[test]
    fn empty_limits_are_refused() {
        assert!(Plan::new(Rate::Saturate, Duration::ZERO, Limit::Count(0)).is_err());
        assert!(Plan::new(Rate::Saturate, Duration::ZERO, Limit::Duration(Duration::ZERO)).is_err());
    }
}
