//! The human summary printed at the end of a run: scenario, throughput,
//! latency percentiles, delivery, errors, the generator's self-check and the
//! verdict. Warnings about generator-bound or backpressured runs are loud
//! because they change what the numbers mean.

use std::fmt::Write;

use crate::export::Exporter;
use crate::recorder::{IntervalRow, Phase};
use crate::report::Report;
use crate::stats::LatencyKind;
use crate::units::{format_ns, format_quantity};

/// Renders the summary as plain text.
#[derive(Clone, Copy, Debug, Default)]
pub struct TableExporter;

impl Exporter for TableExporter {
    fn render(&self, report: &Report) -> Result<Vec<u8>, String> {
        let mut out = String::new();
        // Writing to a String cannot fail; `let _` keeps the code flat.
        let _ = write_summary(&mut out, report);
        Ok(out.into_bytes())
    }
}

/// The once-a-second progress line (stderr), wrk2-style:
/// `12s  sent 49.8k/s  recv 49.8k/s  p50 412.0us  p99 2.31ms  inflight 812  lag p99 3.0us`.
pub fn live_line(row: &IntervalRow) -> String {
    let latency = |us: Option<f64>| us.map_or_else(|| "-".to_owned(), |us| format_ns(us * 1e3));
    let phase = match row.phase {
        Phase::Measure => "",
        Phase::Warmup => "  (warmup)",
        Phase::Drain => "  (drain)",
    };
    format!(
        "{:>4.0}s  sent {}/s  recv {}/s  p50 {}  p99 {}  inflight {}  lag p99 {}{}{phase}",
        row.elapsed_s,
        format_quantity(row.send_rate),
        format_quantity(row.recv_rate),
        latency(row.e2e_p50_us),
        latency(row.e2e_p99_us),
        row.inflight,
        latency(row.lag_p99_us),
        if row.errors > 0 { format!("  errors {}", row.errors) } else { String::new() },
    )
}

fn write_summary(out: &mut String, report: &Report) -> std::fmt::Result {
    let config = &report.config;
    let context = &report.context;
    let connections = config.mode == "conn";
    if connections {
        let rate = config
            .connect_rate
            .map_or("unlimited".to_owned(), |rate| format!("{}/s", format_quantity(rate)));
        writeln!(
            out,
            "mqtt bench conn  {}  MQTT {}  {} connections  connect rate {rate}{}",
            config.broker,
            config.mqtt_version,
            config.connections.unwrap_or(0),
            if config.churn { "  churn" } else { "" }
        )?;
    } else {
        let rate = if config.rate > 0.0 {
            format!("{}/s", format_quantity(config.rate))
        } else {
            "saturate".into()
        };
        writeln!(
            out,
            "mqtt bench  {}  MQTT {}  QoS {}  {} pub -> {} sub  {} B  rate {rate}  inflight {}",
            config.broker,
            config.mqtt_version,
            config.qos,
            config.publishers,
            config.subscribers,
            config.payload_size,
            config.inflight
        )?;
    }
    let mut where_ = format!("host {}", context.host);
    if let Some(shard) = context.shard {
        write!(where_, ", shard {shard}")?;
    }
    if !context.merged_from.is_empty() {
        where_ = format!("merged from {} shard reports", context.merged_from.len());
    }
    if let Some(version) = &context.broker_version {
        write!(where_, ", broker {version}")?;
    }
    writeln!(
        out,
        "measured {:.1} s after {:.1} s warmup ({where_})",
        context.measured_s, config.warmup_s
    )?;

    let totals = &report.totals;
    let rows = if connections {
        writeln!(out, "\n{:<36}{:>12}{:>12}", "connections", "count", "per s")?;
        vec![
            ("attempted", totals.counters.sent, totals.send_rate),
            ("accepted (CONNACK)", totals.counters.completed, totals.completed_rate),
        ]
    } else {
        writeln!(out, "\n{:<36}{:>12}{:>12}", "throughput", "messages", "msg/s")?;
        vec![
            ("sent", totals.counters.sent, totals.send_rate),
            ("completed (acked)", totals.counters.completed, totals.completed_rate),
            ("received", totals.counters.received, totals.recv_rate),
        ]
    };
    for (label, count, per_second) in rows {
        writeln!(
            out,
            "  {label:<34}{:>12}{:>12}",
            format_quantity(count as f64),
            format_quantity(per_second)
        )?;
    }

    if !report.latency.is_empty() {
        writeln!(
            out,
            "\n{:<36}{:>9}{:>10}{:>10}{:>10}{:>10}{:>10}",
            "latency", "count", "p50", "p90", "p99", "p99.9", "max"
        )?;
        for kind in LatencyKind::ALL {
            let Some(summary) = report.latency.get(kind.name()) else { continue };
            let us = |value: f64| format_ns(value * 1e3);
            writeln!(
                out,
                "  {:<34}{:>9}{:>10}{:>10}{:>10}{:>10}{:>10}",
                kind.label(),
                format_quantity(summary.count as f64),
                us(summary.p50_us),
                us(summary.p90_us),
                us(summary.p99_us),
                us(summary.p99_9_us),
                us(summary.max_us)
            )?;
        }
    }

    let delivery = &report.delivery;
    if !connections {
        writeln!(
            out,
            "\ndelivery   {} received, {} lost ({:.3}%), {} duplicates, {} reordered in {} flows",
            delivery.counts.received,
            delivery.counts.lost,
            delivery.loss_pct,
            delivery.counts.duplicates,
            delivery.counts.reordered,
            delivery.counts.flows
        )?;
    }
    if report.errors.is_empty() {
        writeln!(out, "errors     none")?;
    }
    for entry in &report.errors {
        let name = entry.name.as_deref().map(|name| format!(" {name}")).unwrap_or_default();
        let kind = if entry.failure { "" } else { " (not a failure)" };
        writeln!(
            out,
            "errors     {} {}{name}: {}{kind}",
            entry.stage.name(),
            entry.reason,
            entry.count
        )?;
    }

    let check = &report.self_check;
    let cores = check
        .cpu_cores_used
        .map_or("CPU n/a".to_owned(), |used| format!("{used:.2} of {} cores", check.cores));
    let lag = check.schedule_lag_p99_us.map_or("n/a".to_owned(), |us| format_ns(us * 1e3));
    let memory = check
        .max_rss_bytes
        .map_or(String::new(), |bytes| format!(", peak RSS {:.1} MiB", bytes as f64 / 1048576.0));
    writeln!(
        out,
        "generator  {cores}, schedule lag p99 {lag}, {} late sends{memory}",
        check.late_sends
    )?;
    if check.generator_limited {
        writeln!(out, "WARNING: the load generator was the bottleneck; these numbers describe the bench, not the broker")?;
    }
    if check.broker_backpressure {
        writeln!(
            out,
            "NOTE: the broker pushed back (inflight window full); offered rate was not reached"
        )?;
    }
    if config.rate == 0.0 && !connections {
        writeln!(
            out,
            "NOTE: saturated run; check the per-second series is flat before quoting a rate"
        )?;
    }
    for note in &check.notes {
        writeln!(out, "  - {note}")?;
    }
    for outcome in &report.checks {
        let verdict = if outcome.passed { "ok  " } else { "FAIL" };
        let actual = outcome.actual.as_deref().unwrap_or("no data");
        writeln!(out, "check      {verdict} {} (actual {actual})", outcome.condition)?;
    }
    if report.verdict.passed {
        writeln!(out, "result     PASS")?;
    } else {
        writeln!(out, "result     FAIL: {}", report.verdict.failures.join("; "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::report::CheckOutcome;

    fn render(report: &Report) -> String {
        String::from_utf8(TableExporter.render(report).unwrap()).unwrap()
    }

    #[test]
    fn summary_shows_rates_percentiles_and_delivery() {
        let report = fixtures::report(&(1..=100).map(|i| i * 10_000).collect::<Vec<u64>>(), None);
        let text = render(&report);
        let p99 = format_ns(report.latency["e2e"].p99_us * 1e3);
        let e2e_line =
            text.lines().find(|line| line.contains("end-to-end (from intended send)")).unwrap();
        assert!(e2e_line.contains(&p99), "{e2e_line}");
        assert!(text.contains("PUBLISH -> PUBACK"));
        assert!(!text.contains("PUBLISH -> PUBCOMP"), "no data, no row");
        assert!(text.contains("100 received, 0 lost (0.000%)"), "{text}");
        assert!(
            text.contains("errors     publish 0x10 no matching subscribers: 1 (not a failure)"),
            "{text}"
        );
        assert!(text.trim_end().ends_with("result     PASS"), "{text}");
        assert!(!text.contains("WARNING"));
    }

    #[test]
    fn live_line_shows_rates_latency_and_phase() {
        let mut row = fixtures::report(&[1000], None).series[0].clone();
        row.elapsed_s = 12.0;
        row.send_rate = 49_800.0;
        row.recv_rate = 49_750.0;
        assert_eq!(
            live_line(&row),
            "  12s  sent 49.8k/s  recv 49.8k/s  p50 12.5us  p99 40.0us  inflight 3  lag p99 500ns"
        );
        row.phase = Phase::Warmup;
        row.errors = 2;
        row.e2e_p99_us = None;
        let warm = live_line(&row);
        assert!(warm.contains("p99 -") && warm.ends_with("errors 2  (warmup)"), "{warm}");
    }

    #[test]
    fn warnings_and_failures_are_loud() {
        let mut report = fixtures::report(&[1000], None);
        report.self_check.generator_limited = true;
        report.apply_checks(vec![CheckOutcome {
            condition: "loss == 0".into(),
            actual: None,
            passed: false,
        }]);
        let text = render(&report);
        assert!(text.contains("WARNING: the load generator was the bottleneck"));
        assert!(text.contains("check      FAIL loss == 0 (actual no data)"), "{text}");
        assert!(text.contains("result     FAIL: --fail-if `loss == 0`"), "{text}");
    }
}
