//! The human summary printed at the end of a run: scenario, throughput,
//! latency percentiles, delivery, errors, the generator's self-check and the
//! verdict. Warnings about generator-bound or backpressured runs, runs in
//! which nothing happened and interrupted runs are loud because they change
//! what the numbers mean.
//!
//! Vocabulary, as in the JSON report: *measured* counts (`totals`) are
//! those of messages due in the measured window; the *warmup* (`warmup`)
//! is shown apart; *delivery* accounting covers both. Counts are exact;
//! rows that do not apply to the run (acknowledgements at QoS 0, sends
//! without publishers, receipts without subscribers) are left out.

use std::fmt::Write;

use crate::config::Scenario;
use crate::errors::ErrorEntry;
use crate::export::Exporter;
use crate::report::verdict::{roles, unexpected_inactivity};
use crate::report::{Report, Totals};
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

fn write_summary(out: &mut String, report: &Report) -> std::fmt::Result {
    let connections = report.config.mode == "conn";
    if connections {
        write_conn_scenario(out, &report.config)?;
    } else {
        write_message_scenario(out, report)?;
    }
    write_context(out, report, connections)?;
    if connections {
        write_connections(out, &report.totals)?;
    } else {
        write_throughput(out, report)?;
        write_warmup(out, report)?;
    }
    write_latency(out, report)?;
    if !connections {
        write_delivery(out, report)?;
    }
    write_errors(out, &report.errors)?;
    write_generator(out, report, connections)?;
    write_warnings(out, report, connections)?;
    write_verdict(out, report)
}

fn write_conn_scenario(out: &mut String, config: &Scenario) -> std::fmt::Result {
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
    )
}

/// The scenario; the send settings only when this run had publishers.
fn write_message_scenario(out: &mut String, report: &Report) -> std::fmt::Result {
    let config = &report.config;
    write!(
        out,
        "mqtt bench  {}  MQTT {}  QoS {}  {} pub -> {} sub",
        config.broker, config.mqtt_version, config.qos, config.publishers, config.subscribers,
    )?;
    if roles(report).0 > 0 {
        let rate = if config.rate > 0.0 {
            format!("{}/s", format_quantity(config.rate))
        } else {
            "saturate".into()
        };
        write!(out, "  {} B  rate {rate}  inflight {}", config.payload_size, config.inflight)?;
    }
    if let Some(preset) = &config.preset {
        write!(out, "  scenario {preset}")?;
    }
    writeln!(out)
}

/// The measured span and where the run happened; an interrupted run says
/// so right there.
fn write_context(out: &mut String, report: &Report, connections: bool) -> std::fmt::Result {
    let context = &report.context;
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
    let warmup = if connections {
        String::new()
    } else {
        format!(" after {:.1} s warmup", report.config.warmup_s)
    };
    writeln!(out, "measured {:.1} s{warmup} ({where_})", context.measured_s)?;
    if context.interrupted {
        writeln!(
            out,
            "INTERRUPTED: the run was stopped before it finished; the numbers cover what was measured until then"
        )?;
    }
    Ok(())
}

fn write_connections(out: &mut String, totals: &Totals) -> std::fmt::Result {
    writeln!(out, "\n{:<36}{:>12}{:>12}", "connections", "count", "per s")?;
    write_row(out, "attempted", totals.counters.sent, Some(totals.send_rate))?;
    write_row(out, "accepted (CONNACK)", totals.counters.completed, Some(totals.completed_rate))
}

/// The measured counts and rates, one row per count the run's roles have:
/// no sends without publishers, no acknowledgements at QoS 0, no receipts
/// without subscribers.
fn write_throughput(out: &mut String, report: &Report) -> std::fmt::Result {
    let (publishers, subscribers) = roles(report);
    let totals = &report.totals;
    writeln!(out, "\n{:<36}{:>12}{:>12}", "throughput (measured)", "messages", "msg/s")?;
    if publishers > 0 {
        write_row(out, "sent", totals.counters.sent, Some(totals.send_rate))?;
        let ack = match report.config.qos {
            0 => None,
            1 => Some("completed (PUBACK)"),
            _ => Some("completed (PUBCOMP)"),
        };
        if let Some(label) = ack {
            write_row(out, label, totals.counters.completed, Some(totals.completed_rate))?;
        }
    }
    if subscribers > 0 {
        write_row(out, "received", totals.counters.received, Some(totals.recv_rate))?;
    }
    Ok(())
}

/// What the warmup sent and received, apart from the measured counts.
fn write_warmup(out: &mut String, report: &Report) -> std::fmt::Result {
    if report.config.warmup_s <= 0.0 {
        return Ok(());
    }
    let (publishers, subscribers) = roles(report);
    writeln!(out, "{:<36}{:>12}", "warmup (not measured)", "messages")?;
    if publishers > 0 {
        write_row(out, "sent", report.warmup.sent, None)?;
    }
    if subscribers > 0 {
        write_row(out, "received", report.warmup.received, None)?;
    }
    Ok(())
}

/// One row: the exact count, then the rate if there is one.
fn write_row(out: &mut String, label: &str, count: u64, rate: Option<f64>) -> std::fmt::Result {
    match rate {
        Some(rate) => writeln!(out, "  {label:<34}{count:>12}{:>12}", format_quantity(rate)),
        None => writeln!(out, "  {label:<34}{count:>12}"),
    }
}

/// One row per latency kind with samples; nothing without any.
fn write_latency(out: &mut String, report: &Report) -> std::fmt::Result {
    if report.latency.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n{:<36}{:>9}{:>10}{:>10}{:>10}{:>10}{:>10}",
        "latency", "count", "p50", "p90", "p99", "p99.9", "max"
    )?;
    let us = |value: f64| format_ns(value * 1e3);
    for kind in LatencyKind::ALL {
        let Some(summary) = report.latency.get(kind.name()) else { continue };
        writeln!(
            out,
            "  {:<34}{:>9}{:>10}{:>10}{:>10}{:>10}{:>10}",
            kind.label(),
            summary.count,
            us(summary.p50_us),
            us(summary.p90_us),
            us(summary.p99_us),
            us(summary.p99_9_us),
            us(summary.max_us)
        )?;
    }
    Ok(())
}

/// Delivery accounting covers every message, warmup included; only runs
/// with subscribers have any.
fn write_delivery(out: &mut String, report: &Report) -> std::fmt::Result {
    let (_, subscribers) = roles(report);
    if subscribers == 0 {
        return Ok(());
    }
    let delivery = &report.delivery;
    if delivery.counts.flows == 0 {
        return writeln!(out, "\ndelivery   no flow tracked");
    }
    writeln!(
        out,
        "\ndelivery   {} received, {} lost ({:.3}%), {} duplicates, {} reordered in {} flows (measured and warmup messages)",
        delivery.counts.received,
        delivery.counts.lost,
        delivery.loss_pct,
        delivery.counts.duplicates,
        delivery.counts.reordered,
        delivery.counts.flows
    )
}

fn write_errors(out: &mut String, errors: &[ErrorEntry]) -> std::fmt::Result {
    if errors.is_empty() {
        writeln!(out, "errors     none")?;
    }
    for entry in errors {
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
    Ok(())
}

/// The generator's own load: CPU, memory, and for publishers their
/// schedule lag and late sends.
fn write_generator(out: &mut String, report: &Report, connections: bool) -> std::fmt::Result {
    let check = &report.self_check;
    let cores = check
        .cpu_cores_used
        .map_or("CPU n/a".to_owned(), |used| format!("{used:.2} of {} cores", check.cores));
    write!(out, "generator  {cores}")?;
    if !connections && roles(report).0 > 0 {
        let lag = check.schedule_lag_p99_us.map_or("n/a".to_owned(), |us| format_ns(us * 1e3));
        write!(out, ", schedule lag p99 {lag}, {} late sends", check.late_sends)?;
    }
    if let Some(bytes) = check.max_rss_bytes {
        write!(out, ", peak RSS {:.1} MiB", bytes as f64 / 1048576.0)?;
    }
    writeln!(out)
}

/// What changes the meaning of the numbers, loudly.
fn write_warnings(out: &mut String, report: &Report, connections: bool) -> std::fmt::Result {
    let check = &report.self_check;
    if check.generator_limited {
        writeln!(out, "WARNING: the load generator was the bottleneck; these numbers describe the bench, not the broker")?;
    }
    if check.broker_backpressure {
        writeln!(
            out,
            "NOTE: the broker pushed back (inflight window full); offered rate was not reached"
        )?;
    }
    if report.config.rate == 0.0 && !connections && roles(report).0 > 0 {
        writeln!(
            out,
            "NOTE: saturated run; check the per-second series is flat before quoting a rate"
        )?;
    }
    for note in &check.notes {
        writeln!(out, "  - {note}")?;
    }
    for reason in unexpected_inactivity(report) {
        writeln!(out, "WARNING: {reason}: there is nothing to measure")?;
    }
    Ok(())
}

/// Each `--fail-if` condition, then PASS or FAIL with the reasons.
fn write_verdict(out: &mut String, report: &Report) -> std::fmt::Result {
    for outcome in &report.checks {
        let verdict = if outcome.passed { "ok  " } else { "FAIL" };
        let actual = outcome.actual.as_deref().unwrap_or("no data");
        writeln!(out, "check      {verdict} {} (actual {actual})", outcome.condition)?;
    }
    if report.verdict.passed {
        writeln!(out, "result     PASS")
    } else {
        writeln!(out, "result     FAIL: {}", report.verdict.failures.join("; "))
    }
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
    fn warnings_and_failures_are_loud() {
        let mut report = fixtures::report(&[1000], None);
        report.self_check.generator_limited = true;
        report.apply_checks(vec![CheckOutcome {
            condition: "loss == 0".into(),
            actual: None,
            passed: false,
            judges: None,
        }]);
        let text = render(&report);
        assert!(text.contains("WARNING: the load generator was the bottleneck"));
        assert!(text.contains("check      FAIL loss == 0 (actual no data)"), "{text}");
        assert!(text.contains("result     FAIL: --fail-if `loss == 0`"), "{text}");
    }

    #[test]
    fn measured_and_warmup_counts_are_named_and_rows_follow_the_roles() {
        let mut report = fixtures::report(&[1000; 3], None);
        report.warmup = crate::recorder::Warmup { sent: 2, received: 2 };
        let text = render(&report);
        assert!(text.contains("throughput (measured)"), "{text}");
        assert!(text.contains("  completed (PUBACK)"), "{text}");
        assert!(text.contains("warmup (not measured)"), "{text}");
        assert!(text.contains("(measured and warmup messages)"), "{text}");

        report.config.qos = 0;
        report.config.subscribers = 0;
        let text = render(&report);
        assert!(!text.contains("completed"), "no acks at QoS 0: {text}");
        assert!(!text.contains("received"), "no subscribers: {text}");
        assert!(!text.lines().any(|line| line.starts_with("delivery")), "{text}");

        report.config.mode = "conn".into();
        let text = render(&report);
        assert!(text.contains("accepted (CONNACK)"), "{text}");
        assert!(!text.contains("warmup"), "connections have no warmup: {text}");
    }

    #[test]
    fn interrupted_and_idle_runs_say_so_and_fail() {
        let mut report = fixtures::report(&[1000; 3], None);
        report.context.interrupted = true;
        report.totals.counters.received = 0;
        report.judge();
        let text = render(&report);
        assert!(text.contains("INTERRUPTED: the run was stopped"), "{text}");
        assert!(text.contains("WARNING: no message received (3 sent)"), "{text}");
        assert!(
            text.contains("result     FAIL: interrupted: the run was stopped before it finished; no message received (3 sent)"),
            "{text}"
        );
    }
}
