//! Latency histograms and counters: what a run records and how recorders merge.
//!
//! Every latency is an HdrHistogram of nanoseconds (3 significant digits,
//! auto-resizing, so no value is ever clamped). Histograms are created on
//! first use: a publisher-only recorder never pays for e2e histograms.
//!
//! A [`Recorder`] keeps two [`Sample`]s: the current one-second interval (all
//! values, warmup included, for the live line, CSV and `--hdr-log`) and the
//! run total (measured window only). A recorder costs a few hundred KiB once
//! histograms grow, so keep one per worker or stats task and `absorb` them,
//! not one per connection. Nothing here allocates per message.

use std::time::Duration;

use base64::Engine;
use hdrhistogram::serialization::{Deserializer, Serializer, V2DeflateSerializer};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use crate::clock::duration_ns;

/// Significant decimal digits every histogram keeps.
pub const SIGNIFICANT_DIGITS: u8 = 3;

/// The latencies a run measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LatencyKind {
    /// Publish → delivery, from the *intended* send time (coordinated-omission-correct).
    E2e,
    /// Publish → delivery, from the actual send time (service time).
    E2eService,
    /// PUBLISH → PUBACK (QoS 1).
    PubAck,
    /// PUBLISH → PUBREC (QoS 2).
    PubRec,
    /// PUBLISH → PUBCOMP (QoS 2).
    PubComp,
    /// Start of connect → CONNACK, all phases.
    Connect,
    /// TCP handshake.
    ConnectTcp,
    /// TLS handshake.
    ConnectTls,
    /// CONNECT → CONNACK.
    ConnAck,
    /// SUBSCRIBE → SUBACK.
    SubAck,
    /// How far behind schedule sends happened (the generator's own health).
    ScheduleLag,
}

impl LatencyKind {
    /// Every kind, in report order.
    pub const ALL: [LatencyKind; 11] = [
        LatencyKind::E2e,
        LatencyKind::E2eService,
        LatencyKind::PubAck,
        LatencyKind::PubRec,
        LatencyKind::PubComp,
        LatencyKind::Connect,
        LatencyKind::ConnectTcp,
        LatencyKind::ConnectTls,
        LatencyKind::ConnAck,
        LatencyKind::SubAck,
        LatencyKind::ScheduleLag,
    ];

    /// The name used in JSON keys, `--fail-if` and hdr-log tags.
    pub fn name(self) -> &'static str {
        match self {
            LatencyKind::E2e => "e2e",
            LatencyKind::E2eService => "e2e_service",
            LatencyKind::PubAck => "pub_ack",
            LatencyKind::PubRec => "pub_rec",
            LatencyKind::PubComp => "pub_comp",
            LatencyKind::Connect => "connect",
            LatencyKind::ConnectTcp => "connect_tcp",
            LatencyKind::ConnectTls => "connect_tls",
            LatencyKind::ConnAck => "connack",
            LatencyKind::SubAck => "suback",
            LatencyKind::ScheduleLag => "schedule_lag",
        }
    }

    /// The kind called `name`.
    pub fn from_name(name: &str) -> Option<LatencyKind> {
        LatencyKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// A short human label for tables.
    pub fn label(self) -> &'static str {
        match self {
            LatencyKind::E2e => "end-to-end (from intended send)",
            LatencyKind::E2eService => "end-to-end (from actual send)",
            LatencyKind::PubAck => "PUBLISH -> PUBACK",
            LatencyKind::PubRec => "PUBLISH -> PUBREC",
            LatencyKind::PubComp => "PUBLISH -> PUBCOMP",
            LatencyKind::Connect => "connect (total)",
            LatencyKind::ConnectTcp => "TCP handshake",
            LatencyKind::ConnectTls => "TLS handshake",
            LatencyKind::ConnAck => "CONNECT -> CONNACK",
            LatencyKind::SubAck => "SUBSCRIBE -> SUBACK",
            LatencyKind::ScheduleLag => "schedule lag",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

fn new_histogram() -> Histogram<u64> {
    // `new(3)` auto-resizes and 3 is within the allowed 0..=5 digits.
    Histogram::new(SIGNIFICANT_DIGITS).expect("3 significant digits is a valid histogram")
}

/// One optional histogram per [`LatencyKind`].
#[derive(Clone, Debug, Default)]
pub struct LatencySet {
    histograms: [Option<Histogram<u64>>; LatencyKind::ALL.len()],
}

impl LatencySet {
    /// Records one value in nanoseconds.
    pub fn record_ns(&mut self, kind: LatencyKind, ns: u64) {
        let histogram = self.histograms[kind.index()].get_or_insert_with(new_histogram);
        // `record` grows the histogram; it fails only past i64::MAX / 2 ns
        // (146 years), where clamping is harmless.
        if histogram.record(ns).is_err() {
            histogram.saturating_record(ns);
        }
    }

    /// Records one duration.
    pub fn record(&mut self, kind: LatencyKind, value: Duration) {
        self.record_ns(kind, duration_ns(value));
    }

    /// The histogram for `kind`, if anything was recorded.
    pub fn get(&self, kind: LatencyKind) -> Option<&Histogram<u64>> {
        self.histograms[kind.index()].as_ref().filter(|histogram| !histogram.is_empty())
    }

    /// Replaces the histogram for `kind`.
    pub fn insert(&mut self, kind: LatencyKind, histogram: Histogram<u64>) {
        self.histograms[kind.index()] = Some(histogram);
    }

    /// Adds every histogram of `other` into this set (exact: bucket counts add).
    pub fn add(&mut self, other: &LatencySet) -> Result<(), String> {
        for kind in LatencyKind::ALL {
            if let Some(source) = other.get(kind) {
                let target = self.histograms[kind.index()].get_or_insert_with(new_histogram);
                target
                    .add(source)
                    .map_err(|err| format!("merging {} histograms: {err:?}", kind.name()))?;
            }
        }
        Ok(())
    }

    /// Empties every histogram, keeping their memory.
    pub fn reset(&mut self) {
        self.histograms.iter_mut().flatten().for_each(Histogram::reset);
    }

    /// Percentile summary for `kind`; `None` without samples.
    pub fn summary(&self, kind: LatencyKind) -> Option<LatencySummary> {
        self.get(kind).map(LatencySummary::of)
    }
}

/// The numbers reported for one latency, in microseconds with fractions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencySummary {
    pub count: u64,
    pub min_us: f64,
    pub mean_us: f64,
    pub stdev_us: f64,
    pub p50_us: f64,
    pub p90_us: f64,
    pub p95_us: f64,
    pub p99_us: f64,
    pub p99_9_us: f64,
    pub p99_99_us: f64,
    pub max_us: f64,
}

impl LatencySummary {
    /// Summarizes a nanosecond histogram.
    pub fn of(histogram: &Histogram<u64>) -> LatencySummary {
        let us = |ns: u64| ns as f64 / 1e3;
        LatencySummary {
            count: histogram.len(),
            min_us: us(histogram.min()),
            mean_us: histogram.mean() / 1e3,
            stdev_us: histogram.stdev() / 1e3,
            p50_us: us(histogram.value_at_quantile(0.50)),
            p90_us: us(histogram.value_at_quantile(0.90)),
            p95_us: us(histogram.value_at_quantile(0.95)),
            p99_us: us(histogram.value_at_quantile(0.99)),
            p99_9_us: us(histogram.value_at_quantile(0.999)),
            p99_99_us: us(histogram.value_at_quantile(0.9999)),
            max_us: us(histogram.max()),
        }
    }
}

/// Serializes a histogram as base64 of the HdrHistogram V2 + DEFLATE encoding
/// (the same bytes an interval log line carries).
pub fn encode_histogram(histogram: &Histogram<u64>) -> Result<String, String> {
    let mut bytes = Vec::new();
    V2DeflateSerializer::new()
        .serialize(histogram, &mut bytes)
        .map_err(|err| format!("serializing a histogram: {err:?}"))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Reads a histogram written by [`encode_histogram`] (or any V2 encoder).
pub fn decode_histogram(text: &str) -> Result<Histogram<u64>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|err| format!("histogram is not valid base64: {err}"))?;
    let decoded: Histogram<u64> = Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .map_err(|err| format!("histogram does not decode: {err:?}"))?;
    // Re-home it in an auto-resizing histogram so later merges never fail.
    let mut histogram = new_histogram();
    histogram.add(&decoded).map_err(|err| format!("histogram does not decode: {err:?}"))?;
    Ok(histogram)
}

/// Event counts. Summed when recorders or shards merge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// PUBLISH packets handed to the client.
    pub sent: u64,
    /// Publishes whose handshake finished (QoS 1 PUBACK, QoS 2 PUBCOMP).
    pub completed: u64,
    /// Bench payloads received, duplicates excluded.
    pub received: u64,
    /// Sends more than one period behind schedule.
    pub late_sends: u64,
    /// Sends that waited for a free inflight slot (broker backpressure).
    pub window_blocked: u64,
    /// Payload bytes sent.
    pub bytes_sent: u64,
    /// Payload bytes received.
    pub bytes_received: u64,
    /// Deliveries whose receive time preceded the send time (cross-host clock skew).
    pub negative_latency: u64,
    /// Failures of any kind (see the errors table for reasons).
    pub errors: u64,
}

impl std::ops::AddAssign for Counters {
    fn add_assign(&mut self, other: Counters) {
        self.sent += other.sent;
        self.completed += other.completed;
        self.received += other.received;
        self.late_sends += other.late_sends;
        self.window_blocked += other.window_blocked;
        self.bytes_sent += other.bytes_sent;
        self.bytes_received += other.bytes_received;
        self.negative_latency += other.negative_latency;
        self.errors += other.errors;
    }
}

/// Counters and histograms over some span of time.
#[derive(Clone, Debug, Default)]
pub struct Sample {
    pub counters: Counters,
    pub latencies: LatencySet,
}

impl Sample {
    /// Adds `other` into this sample.
    pub fn add(&mut self, other: &Sample) -> Result<(), String> {
        self.counters += other.counters;
        self.latencies.add(&other.latencies)
    }

    /// Empties the sample, keeping histogram memory.
    pub fn reset(&mut self) {
        self.counters = Counters::default();
        self.latencies.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in LatencyKind::ALL {
            assert_eq!(LatencyKind::from_name(kind.name()), Some(kind));
            assert_eq!(LatencyKind::ALL[kind.index()], kind, "ALL must follow declaration order");
        }
        assert_eq!(LatencyKind::from_name("p99"), None);
    }

    #[test]
    fn histograms_appear_on_first_record_only() {
        let mut set = LatencySet::default();
        assert!(set.get(LatencyKind::E2e).is_none());
        set.record(LatencyKind::E2e, Duration::from_micros(250));
        assert_eq!(set.get(LatencyKind::E2e).map(Histogram::len), Some(1));
        assert!(set.summary(LatencyKind::PubAck).is_none());
        set.reset();
        assert!(set.get(LatencyKind::E2e).is_none(), "a reset histogram reports no data");
    }

    #[test]
    fn summary_reports_microseconds_with_fractions() {
        let mut set = LatencySet::default();
        for ns in 1..=1000u64 {
            set.record_ns(LatencyKind::PubAck, ns * 1000 + 500); // 1.5 us .. 1000.5 us
        }
        let summary = set.summary(LatencyKind::PubAck).unwrap();
        assert_eq!(summary.count, 1000);
        assert!((summary.p50_us - 500.5).abs() < 0.5, "{summary:?}");
        assert!((summary.min_us - 1.5).abs() < 0.01, "{summary:?}");
        assert!((summary.max_us - 1000.5).abs() < 1.0, "{summary:?}");
        assert!(summary.p99_us > summary.p90_us && summary.p90_us > summary.p50_us);
    }

    #[test]
    fn huge_values_are_kept_not_clamped() {
        let mut set = LatencySet::default();
        let two_hours = Duration::from_secs(7200);
        set.record(LatencyKind::E2e, two_hours);
        let max_ns = set.get(LatencyKind::E2e).unwrap().max();
        let error = (max_ns as f64 - 7.2e12).abs() / 7.2e12;
        assert!(error < 1e-3, "max {max_ns} ns");
    }

    #[test]
    fn encoded_histograms_decode_to_equal_histograms() {
        let mut set = LatencySet::default();
        for value in [0u64, 1, 999, 12_345, 7_000_000, 40_000_000_000] {
            set.record_ns(LatencyKind::E2e, value);
        }
        let original = set.get(LatencyKind::E2e).unwrap();
        let decoded = decode_histogram(&encode_histogram(original).unwrap()).unwrap();
        assert_eq!(&decoded, original);
        assert_eq!(LatencySummary::of(&decoded), LatencySummary::of(original));
    }

    #[test]
    fn garbage_histograms_are_errors() {
        assert!(decode_histogram("not base64!").unwrap_err().contains("base64"));
        assert!(decode_histogram("aGVsbG8=").unwrap_err().contains("does not decode"));
    }

    #[test]
    fn samples_add_counters_and_histograms() {
        let mut left = Sample::default();
        left.counters.sent = 3;
        left.latencies.record_ns(LatencyKind::E2e, 10);
        let mut right = Sample::default();
        right.counters.sent = 4;
        right.counters.errors = 1;
        right.latencies.record_ns(LatencyKind::E2e, 20);
        right.latencies.record_ns(LatencyKind::SubAck, 30);
        left.add(&right).unwrap();
        assert_eq!((left.counters.sent, left.counters.errors), (7, 1));
        assert_eq!(left.latencies.get(LatencyKind::E2e).unwrap().len(), 2);
        assert_eq!(left.latencies.get(LatencyKind::SubAck).unwrap().len(), 1);
    }
}
