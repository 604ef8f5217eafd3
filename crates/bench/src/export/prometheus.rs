//! Live metrics in the Prometheus text exposition format (version 0.0.4),
//! for `--metrics-listen`: what the run has measured so far, rendered once
//! a second when the interval closes, served as it stands at each scrape.
//!
//! Policy: the figures are the report's own, so a scrape after the last
//! interval equals the JSON: counters are the measured totals (warmup
//! excluded, as in `totals`), latencies are Prometheus histograms built
//! from the HDR histograms at fixed bucket bounds (cumulative counts, `_sum`
//! from the mean), errors are counted by stage and reason. Delivery
//! accounting (lost, duplicates, reordered) is only known when the run
//! ends, so it appears with the last rendering, never as a guess. Every
//! sample carries the `shard` and `scenario` labels.
//!
//! The format is written here rather than through a metrics crate: the
//! values already exist as per-second aggregates and HDR histograms, and a
//! crate's counter and histogram types would need every message recorded a
//! second time on the hot path. The tests read the output with Prometheus's
//! reference parser (Python `prometheus_client`).

use std::fmt::Write;

use crate::delivery::DeliveryCounts;
use crate::errors::ErrorCounts;
use crate::stats::{LatencyKind, Sample};

/// Upper bounds of the latency buckets, in seconds (`+Inf` is added).
const BUCKETS_S: [f64; 18] = [
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
    1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The labels every sample carries.
#[derive(Clone, Debug)]
pub struct Labels {
    /// `I/N`, e.g. `0/1` for an unsharded run.
    pub shard: String,
    /// The preset name, or the mode (`pubsub`, `pub`, `sub`, `conn`).
    pub scenario: String,
}

/// What one rendering shows.
pub struct Snapshot<'a> {
    /// Measured totals so far.
    pub totals: &'a Sample,
    pub errors: &'a ErrorCounts,
    /// Set once the run has ended.
    pub delivery: Option<&'a DeliveryCounts>,
}

/// The exposition text of `snapshot`.
pub fn render(labels: &Labels, snapshot: &Snapshot<'_>) -> String {
    let mut out = String::new();
    let base =
        format!("shard=\"{}\",scenario=\"{}\"", escape(&labels.shard), escape(&labels.scenario));
    let counters = &snapshot.totals.counters;
    let simple = [
        ("sent", "PUBLISH packets handed to the connection", counters.sent),
        ("completed", "QoS 1/2 publishes acknowledged (PUBACK, PUBCOMP)", counters.completed),
        ("received", "messages delivered to the subscribers", counters.received),
        ("bytes_sent", "payload bytes published", counters.bytes_sent),
        ("bytes_received", "payload bytes delivered", counters.bytes_received),
        ("late_sends", "sends that missed their scheduled time", counters.late_sends),
    ];
    for (name, help, value) in simple {
        counter(&mut out, name, help, &[(base.clone(), value)]);
    }
    let connections = snapshot.totals.latencies.get(LatencyKind::Connect).map_or(0, |h| h.len());
    counter(&mut out, "connections", "connections established", &[(base.clone(), connections)]);
    let errors: Vec<(String, u64)> = snapshot
        .errors
        .entries()
        .into_iter()
        .map(|entry| {
            let labels = format!(
                "{base},stage=\"{}\",reason=\"{}\"",
                entry.stage.name(),
                escape(&entry.reason)
            );
            (labels, entry.count)
        })
        .collect();
    counter(&mut out, "errors", "failures by stage and reason", &errors);
    if let Some(delivery) = snapshot.delivery {
        let rows = [
            ("lost", "messages never delivered", delivery.lost),
            ("duplicates", "extra copies of delivered messages", delivery.duplicates),
            ("reordered", "messages delivered after a later one", delivery.reordered),
        ];
        for (name, help, value) in rows {
            counter(&mut out, name, help, &[(base.clone(), value)]);
        }
    }
    latencies(&mut out, &base, snapshot.totals);
    out
}

/// One counter family (`mqtt_bench_NAME_total`).
fn counter(out: &mut String, name: &str, help: &str, samples: &[(String, u64)]) {
    let _ = writeln!(out, "# HELP mqtt_bench_{name}_total {help}");
    let _ = writeln!(out, "# TYPE mqtt_bench_{name}_total counter");
    for (labels, value) in samples {
        let _ = writeln!(out, "mqtt_bench_{name}_total{{{labels}}} {value}");
    }
}

/// `mqtt_bench_latency_seconds`, one histogram per latency kind recorded.
fn latencies(out: &mut String, base: &str, totals: &Sample) {
    let _ =
        writeln!(out, "# HELP mqtt_bench_latency_seconds latencies by kind (see docs/bench.md)");
    let _ = writeln!(out, "# TYPE mqtt_bench_latency_seconds histogram");
    for kind in LatencyKind::ALL {
        let Some(histogram) = totals.latencies.get(kind) else { continue };
        let labels = format!("{base},kind=\"{}\"", kind.name());
        for bound in BUCKETS_S {
            let ns = (bound * 1e9) as u64;
            let count = histogram.count_between(0, ns);
            let _ = writeln!(
                out,
                "mqtt_bench_latency_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
            );
        }
        let count = histogram.len();
        let _ = writeln!(out, "mqtt_bench_latency_seconds_bucket{{{labels},le=\"+Inf\"}} {count}");
        let sum = histogram.mean() * count as f64 / 1e9;
        let _ = writeln!(out, "mqtt_bench_latency_seconds_sum{{{labels}}} {sum}");
        let _ = writeln!(out, "mqtt_bench_latency_seconds_count{{{labels}}} {count}");
    }
}

/// A label value: backslash, double quote and newline escaped.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::errors::Stage;

    fn labels() -> Labels {
        Labels { shard: "0/1".into(), scenario: "fan-\"out\"".into() }
    }

    #[test]
    fn counters_errors_and_buckets_are_rendered_with_their_labels() {
        let mut totals = Sample::default();
        totals.counters.sent = 7;
        totals.counters.received = 5;
        for micros in [80, 300, 2_000] {
            totals.latencies.record(LatencyKind::E2e, Duration::from_micros(micros));
        }
        let mut errors = ErrorCounts::default();
        errors.record_code(Stage::Publish, 0x87);
        let text =
            render(&labels(), &Snapshot { totals: &totals, errors: &errors, delivery: None });
        let base = r#"shard="0/1",scenario="fan-\"out\"""#;
        assert!(text.contains(&format!("mqtt_bench_sent_total{{{base}}} 7\n")), "{text}");
        assert!(text.contains(&format!("mqtt_bench_received_total{{{base}}} 5\n")), "{text}");
        assert!(text.contains("stage=\"publish\",reason=\"0x87\"} 1\n"), "{text}");
        let bucket = |le: &str| {
            let prefix =
                format!("mqtt_bench_latency_seconds_bucket{{{base},kind=\"e2e\",le=\"{le}\"}} ");
            let line = text
                .lines()
                .find(|line| line.starts_with(&prefix))
                .unwrap_or_else(|| panic!("{le}: {text}"));
            line[prefix.len()..].parse::<u64>().unwrap()
        };
        assert_eq!(bucket("0.0001"), 1);
        assert_eq!(bucket("0.0005"), 2);
        assert_eq!(bucket("0.0025"), 3);
        assert_eq!(bucket("+Inf"), 3);
        assert!(!text.contains("mqtt_bench_lost_total"), "no delivery figures before the end");
        assert!(!text.contains("kind=\"puback\""), "only kinds recorded");
    }

    #[test]
    fn delivery_appears_once_the_run_has_ended() {
        let totals = Sample::default();
        let errors = ErrorCounts::default();
        let delivery = DeliveryCounts { lost: 3, duplicates: 1, ..DeliveryCounts::default() };
        let snapshot = Snapshot { totals: &totals, errors: &errors, delivery: Some(&delivery) };
        let text = render(&labels(), &snapshot);
        assert!(text.contains("mqtt_bench_lost_total{"), "{text}");
        assert!(text
            .lines()
            .any(|line| line.starts_with("mqtt_bench_duplicates_total{") && line.ends_with(" 1")));
    }
}
