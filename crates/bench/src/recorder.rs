//! The per-worker recorder the runner feeds with send, ack, delivery and
//! connect events, and the one-second interval rows it produces.
//!
//! Each event lands in the current interval (always, so the live line shows
//! warmup too) and, when it belongs to the measurement window, in the run
//! total. A delivery belongs to the window when its *intended* send time
//! does, so a message sent in the window but delivered after it still counts.
//! Sends and deliveries of messages due before the window (the warmup) are
//! counted on their own, in [`Warmup`], never in the total.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::delivery::Arrival;
use crate::payload::PayloadHeader;
use crate::schedule::SendSlot;
use crate::stats::{LatencyKind, Sample};

/// The measured span, in ns since the UNIX epoch of intended send times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeasureWindow {
    pub start_ns: u64,
    /// `None` for `--count` runs, which measure everything after warmup.
    pub end_ns: Option<u64>,
}

impl MeasureWindow {
    /// Whether a message intended at `intended_ns` is measured.
    pub fn contains(&self, intended_ns: u64) -> bool {
        intended_ns >= self.start_ns && self.end_ns.is_none_or(|end| intended_ns < end)
    }
}

/// Messages due during the warmup: sent and delivery-checked, never in
/// the totals, rates or histograms (the report's `warmup`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warmup {
    /// PUBLISH packets handed to the client.
    pub sent: u64,
    /// Deliveries of them, duplicates excluded.
    pub received: u64,
}

impl std::ops::AddAssign for Warmup {
    fn add_assign(&mut self, other: Warmup) {
        self.sent += other.sent;
        self.received += other.received;
    }
}

/// Which part of the run an interval belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Warmup,
    Measure,
    /// After the last send, waiting for outstanding acks and deliveries.
    Drain,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Warmup => "warmup",
            Phase::Measure => "measure",
            Phase::Drain => "drain",
        }
    }
}

/// How long each phase of one connection attempt took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConnectTimes {
    pub tcp: Option<Duration>,
    pub tls: Option<Duration>,
    pub connack: Option<Duration>,
    /// From starting to connect to CONNACK, everything included.
    pub total: Duration,
}

/// One line of the per-interval series (live line, CSV, JSON `series`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntervalRow {
    /// Seconds since the run start at the end of this interval.
    pub elapsed_s: f64,
    pub phase: Phase,
    pub sent: u64,
    pub completed: u64,
    pub received: u64,
    pub errors: u64,
    pub late_sends: u64,
    pub send_rate: f64,
    pub recv_rate: f64,
    /// Outstanding QoS 1/2 publishes at the end of the interval.
    pub inflight: u64,
    pub e2e_p50_us: Option<f64>,
    pub e2e_p99_us: Option<f64>,
    pub e2e_max_us: Option<f64>,
    pub lag_p99_us: Option<f64>,
}

/// Collects events for one worker; see the module docs.
#[derive(Clone, Debug)]
pub struct Recorder {
    window: MeasureWindow,
    interval: Sample,
    finished: Sample,
    total: Sample,
    warmup: Warmup,
}

impl Recorder {
    /// A recorder that measures `window`.
    pub fn new(window: MeasureWindow) -> Recorder {
        Recorder {
            window,
            interval: Sample::default(),
            finished: Sample::default(),
            total: Sample::default(),
            warmup: Warmup::default(),
        }
    }

    fn each(&mut self, measured: bool, mut apply: impl FnMut(&mut Sample)) {
        apply(&mut self.interval);
        if measured {
            apply(&mut self.total);
        }
    }

    /// A publish was handed to the client. `window_blocked`: it first had to
    /// wait for an inflight slot.
    pub fn on_send(&mut self, slot: &SendSlot, payload_len: usize, window_blocked: bool) {
        self.warmup.sent += u64::from(!slot.measured);
        self.each(slot.measured, |sample| {
            sample.counters.sent += 1;
            sample.counters.bytes_sent += payload_len as u64;
            sample.counters.late_sends += u64::from(slot.late);
            sample.counters.window_blocked += u64::from(window_blocked);
            sample.latencies.record(LatencyKind::ScheduleLag, slot.lag);
        });
    }

    /// PUBREC arrived `elapsed` after the PUBLISH (QoS 2, handshake not done).
    pub fn on_pubrec(&mut self, measured: bool, elapsed: Duration) {
        self.each(measured, |sample| sample.latencies.record(LatencyKind::PubRec, elapsed));
    }

    /// The publish handshake finished (`PubAck` or `PubComp`) after `elapsed`.
    pub fn on_complete(&mut self, kind: LatencyKind, measured: bool, elapsed: Duration) {
        self.each(measured, |sample| {
            sample.counters.completed += 1;
            sample.latencies.record(kind, elapsed);
        });
    }

    /// A bench payload arrived at `received_ns` (run clock). Duplicates are
    /// left to the delivery accounting and not timed.
    pub fn on_delivery(
        &mut self,
        header: &PayloadHeader,
        received_ns: u64,
        payload_len: usize,
        arrival: Arrival,
    ) {
        if arrival == Arrival::Duplicate {
            return;
        }
        let measured = self.window.contains(header.intended_ns);
        self.warmup.received += u64::from(header.intended_ns < self.window.start_ns);
        let skewed = received_ns < header.sent_ns;
        let from_intended = received_ns.saturating_sub(header.intended_ns);
        let from_sent = received_ns.saturating_sub(header.sent_ns);
        self.each(measured, |sample| {
            sample.counters.received += 1;
            sample.counters.bytes_received += payload_len as u64;
            sample.counters.negative_latency += u64::from(skewed);
            sample.latencies.record_ns(LatencyKind::E2e, from_intended);
            sample.latencies.record_ns(LatencyKind::E2eService, from_sent);
        });
    }

    /// A connection came up. Connects happen before the schedule starts and
    /// always count.
    pub fn on_connect(&mut self, times: &ConnectTimes) {
        self.each(true, |sample| {
            let phases = [
                (LatencyKind::ConnectTcp, times.tcp),
                (LatencyKind::ConnectTls, times.tls),
                (LatencyKind::ConnAck, times.connack),
                (LatencyKind::Connect, Some(times.total)),
            ];
            for (kind, value) in phases {
                if let Some(value) = value {
                    sample.latencies.record(kind, value);
                }
            }
        });
    }

    /// `bench conn`: one connection attempt, counted in `sent`, and in
    /// `completed` when it was accepted.
    pub fn on_connection_attempt(&mut self, accepted: bool) {
        self.each(true, |sample| {
            sample.counters.sent += 1;
            sample.counters.completed += u64::from(accepted);
        });
    }

    /// A SUBACK arrived `elapsed` after its SUBSCRIBE.
    pub fn on_suback(&mut self, elapsed: Duration) {
        self.each(true, |sample| sample.latencies.record(LatencyKind::SubAck, elapsed));
    }

    /// Something failed; the reason goes to `ErrorCounts`.
    pub fn on_error(&mut self, measured: bool) {
        self.each(measured, |sample| sample.counters.errors += 1);
    }

    /// Changes the measured window (it is known only once every connection
    /// is up and the schedule start is fixed).
    pub fn set_window(&mut self, window: MeasureWindow) {
        self.window = window;
    }

    /// Moves everything `other` recorded into this recorder and empties it.
    pub fn absorb(&mut self, other: &mut Recorder) -> Result<(), String> {
        self.interval.add(&other.interval)?;
        self.total.add(&other.total)?;
        self.warmup += std::mem::take(&mut other.warmup);
        other.interval.reset();
        other.total.reset();
        Ok(())
    }

    /// Closes the current interval: returns its row and keeps its sample
    /// readable through [`Recorder::last_interval`] (for `--hdr-log`).
    pub fn end_interval(
        &mut self,
        elapsed: Duration,
        length: Duration,
        phase: Phase,
        inflight: u64,
    ) -> IntervalRow {
        std::mem::swap(&mut self.interval, &mut self.finished);
        self.interval.reset();
        let sample = &self.finished;
        let seconds = length.as_secs_f64();
        let per_second = |count: u64| if seconds > 0.0 { count as f64 / seconds } else { 0.0 };
        let quantile = |kind: LatencyKind, q: f64| {
            sample.latencies.get(kind).map(|histogram| histogram.value_at_quantile(q) as f64 / 1e3)
        };
        IntervalRow {
            elapsed_s: elapsed.as_secs_f64(),
            phase,
            sent: sample.counters.sent,
            completed: sample.counters.completed,
            received: sample.counters.received,
            errors: sample.counters.errors,
            late_sends: sample.counters.late_sends,
            send_rate: per_second(sample.counters.sent),
            recv_rate: per_second(sample.counters.received),
            inflight,
            e2e_p50_us: quantile(LatencyKind::E2e, 0.50),
            e2e_p99_us: quantile(LatencyKind::E2e, 0.99),
            e2e_max_us: quantile(LatencyKind::E2e, 1.0),
            lag_p99_us: quantile(LatencyKind::ScheduleLag, 0.99),
        }
    }

    /// The interval most recently closed by `end_interval`.
    pub fn last_interval(&self) -> &Sample {
        &self.finished
    }

    /// Everything measured so far.
    pub fn total(&self) -> &Sample {
        &self.total
    }

    /// What the warmup sent and delivered so far.
    pub fn warmup(&self) -> Warmup {
        self.warmup
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    const START: u64 = 1_700_000_000_000_000_000;

    fn window() -> MeasureWindow {
        MeasureWindow { start_ns: START + 1_000_000_000, end_ns: Some(START + 3_000_000_000) }
    }

    fn slot(measured: bool, lag: Duration) -> SendSlot {
        SendSlot { sequence: 0, intended: Instant::now(), lag, late: false, measured }
    }

    fn header(intended_ns: u64, sent_ns: u64) -> PayloadHeader {
        PayloadHeader { publisher_id: 0, sequence: 0, intended_ns, sent_ns }
    }

    #[test]
    fn window_bounds_are_half_open() {
        let w = window();
        assert!(!w.contains(START));
        assert!(w.contains(START + 1_000_000_000));
        assert!(!w.contains(START + 3_000_000_000));
        assert!(MeasureWindow { start_ns: 5, end_ns: None }.contains(u64::MAX));
    }

    #[test]
    fn warmup_shows_in_the_interval_but_not_the_total() {
        let mut recorder = Recorder::new(window());
        recorder.on_send(&slot(false, Duration::from_micros(5)), 64, false);
        recorder.on_send(&slot(true, Duration::from_micros(7)), 64, true);
        assert_eq!(recorder.total().counters.sent, 1);
        assert_eq!(recorder.warmup().sent, 1);
        assert_eq!(recorder.total().counters.window_blocked, 1);
        assert_eq!(recorder.total().counters.bytes_sent, 64);
        let row =
            recorder.end_interval(Duration::from_secs(1), Duration::from_secs(1), Phase::Warmup, 3);
        assert_eq!((row.sent, row.send_rate, row.inflight), (2, 2.0, 3));
        assert!(row.lag_p99_us.unwrap() >= 6.9, "{row:?}");
    }

    #[test]
    fn deliveries_are_measured_by_intended_time_with_both_latencies() {
        let mut recorder = Recorder::new(window());
        let intended = START + 2_000_000_000;
        // Sent 3 ms late, delivered 1 ms after that.
        let message = header(intended, intended + 3_000_000);
        recorder.on_delivery(&message, intended + 4_000_000, 100, Arrival::InOrder);
        recorder.on_delivery(&message, intended + 9_000_000, 100, Arrival::Duplicate);
        recorder.on_delivery(&header(START, START), START + 1000, 100, Arrival::InOrder);
        let total = recorder.total();
        assert_eq!(total.counters.received, 1, "duplicate and warmup delivery excluded");
        assert_eq!(recorder.warmup(), Warmup { sent: 0, received: 1 });
        let e2e = total.latencies.summary(LatencyKind::E2e).unwrap();
        let service = total.latencies.summary(LatencyKind::E2eService).unwrap();
        assert!((e2e.max_us - 4000.0).abs() < 4.0, "{e2e:?}");
        assert!((service.max_us - 1000.0).abs() < 1.0, "{service:?}");
        let row = recorder.end_interval(
            Duration::from_secs(2),
            Duration::from_secs(2),
            Phase::Measure,
            0,
        );
        assert_eq!((row.received, row.recv_rate), (2, 1.0));
    }

    #[test]
    fn receive_before_send_is_clamped_and_counted() {
        let mut recorder = Recorder::new(MeasureWindow { start_ns: 0, end_ns: None });
        recorder.on_delivery(&header(START, START + 500), START + 100, 32, Arrival::InOrder);
        let total = recorder.total();
        assert_eq!(total.counters.negative_latency, 1);
        assert_eq!(total.latencies.get(LatencyKind::E2eService).unwrap().max(), 0);
    }

    #[test]
    fn acks_connects_and_subacks_land_in_their_histograms() {
        let mut recorder = Recorder::new(window());
        recorder.on_pubrec(true, Duration::from_micros(40));
        recorder.on_complete(LatencyKind::PubComp, true, Duration::from_micros(90));
        recorder.on_complete(LatencyKind::PubAck, false, Duration::from_micros(10));
        recorder.on_connect(&ConnectTimes {
            tcp: Some(Duration::from_micros(100)),
            tls: None,
            connack: Some(Duration::from_micros(300)),
            total: Duration::from_micros(450),
        });
        recorder.on_suback(Duration::from_micros(200));
        let latencies = &recorder.total().latencies;
        assert_eq!(recorder.total().counters.completed, 1);
        assert!(latencies.get(LatencyKind::PubAck).is_none(), "warmup ack not in total");
        for kind in [
            LatencyKind::PubRec,
            LatencyKind::PubComp,
            LatencyKind::ConnectTcp,
            LatencyKind::ConnAck,
        ] {
            assert_eq!(latencies.get(kind).map(|h| h.len()), Some(1), "{kind:?}");
        }
        assert!(latencies.get(LatencyKind::ConnectTls).is_none());
        assert_eq!(latencies.summary(LatencyKind::Connect).unwrap().count, 1);
        assert_eq!(latencies.summary(LatencyKind::SubAck).unwrap().count, 1);
    }

    #[test]
    fn absorb_moves_and_end_interval_resets() {
        let mut global = Recorder::new(window());
        let mut worker = Recorder::new(window());
        worker.on_send(&slot(true, Duration::ZERO), 10, false);
        worker.on_send(&slot(false, Duration::ZERO), 10, false);
        worker.on_error(true);
        global.absorb(&mut worker).unwrap();
        assert_eq!(worker.total().counters.sent, 0, "worker emptied");
        assert_eq!((worker.warmup().sent, global.warmup().sent), (0, 1));
        assert_eq!((global.total().counters.sent, global.total().counters.errors), (1, 1));
        let first =
            global.end_interval(Duration::from_secs(1), Duration::from_secs(1), Phase::Measure, 0);
        assert_eq!((first.sent, first.errors), (2, 1), "the interval shows the warmup too");
        assert_eq!(global.last_interval().counters.sent, 2);
        let second =
            global.end_interval(Duration::from_secs(2), Duration::from_secs(1), Phase::Measure, 0);
        assert_eq!((second.sent, second.e2e_p99_us), (0, None));
        assert_eq!(global.total().counters.sent, 1, "the total survives intervals");
    }
}
