//! The page's text sections: header, verdict, throughput, latency
//! percentiles, delivery accounting, errors, the generator's self-check,
//! and the config and context as recorded.
//!
//! Config and context are rendered from the serialized document, field by
//! field, so a field added to the schema shows up without a change here.

use serde_json::Value;

use super::escape;
use super::table::{Cell, Table};
use crate::report::verdict::unexpected_inactivity;
use crate::report::Report;
use crate::stats::{LatencyKind, LatencySummary};
use crate::units::{format_ns, format_quantity};

pub fn header(out: &mut String, report: &Report) {
    let config = &report.config;
    let context = &report.context;
    out.push_str("<h1>mqtt bench report</h1>\n<p class=\"sub\">");
    let scope = match (&context.shard, context.merged_from.len()) {
        (Some(shard), _) => format!("shard {}/{}", shard.index, shard.count),
        (None, 0) => "single run".to_owned(),
        (None, n) => format!("merged from {n} shard reports"),
    };
    let line = format!(
        "{} · MQTT {} · QoS {} · {} · {} on {} · {}",
        config.broker,
        config.mqtt_version,
        config.qos,
        config.mode,
        context.start_time,
        context.host,
        scope
    );
    out.push_str(&escape(&line));
    out.push_str("</p>\n");
}

/// PASS or FAIL with every reason, the `--fail-if` outcomes and the
/// warnings that change what the numbers mean.
pub fn verdict(out: &mut String, report: &Report) {
    let passed = report.verdict.passed;
    let class = if passed { "pass" } else { "fail" };
    out.push_str(&format!(
        "<div class=\"verdict {class}\" data-field=\"/verdict/passed\" data-value=\"{passed}\">{}",
        if passed { "PASS" } else { "FAIL" }
    ));
    if !report.verdict.failures.is_empty() {
        out.push_str("<ul>");
        for failure in &report.verdict.failures {
            out.push_str(&format!("<li>{}</li>", escape(failure)));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>\n");
    if !report.checks.is_empty() {
        let mut table = Table::new("--fail-if", &["condition", "actual", "result"]);
        for (i, outcome) in report.checks.iter().enumerate() {
            table.plain_row(vec![
                Cell::text(&outcome.condition),
                outcome.actual.as_ref().map_or(Cell::Missing, Cell::text),
                Cell::flag(format!("/checks/{i}/passed"), outcome.passed),
            ]);
        }
        table.finish(out);
    }
    let mut warnings = Vec::new();
    if report.self_check.generator_limited {
        warnings.push("the load generator was the bottleneck: these numbers describe the bench, not the broker".to_owned());
    }
    if report.self_check.broker_backpressure {
        warnings.push(
            "the broker pushed back (inflight window full); the offered rate was not reached"
                .to_owned(),
        );
    }
    if report.context.interrupted {
        warnings.push("the run was interrupted; the figures cover what was measured".to_owned());
    }
    warnings.extend(unexpected_inactivity(report));
    for warning in warnings {
        out.push_str(&format!("<p class=\"warn\">{}</p>\n", escape(&warning)));
    }
}

pub fn throughput(out: &mut String, report: &Report) {
    out.push_str("<h2>Throughput</h2>\n");
    let totals = &report.totals;
    let counters = &totals.counters;
    let mut table = Table::new(
        &format!("measured window, {:.3} s", report.context.measured_s),
        &["", "count", "per second"],
    );
    let rate = |field: &str, value: f64| {
        Cell::number(format!("/totals/{field}"), value, format!("{}/s", format_quantity(value)))
    };
    table.row(
        "sent",
        vec![Cell::count("/totals/sent", counters.sent), rate("send_rate", totals.send_rate)],
    );
    table.row(
        "completed (acknowledged)",
        vec![
            Cell::count("/totals/completed", counters.completed),
            rate("completed_rate", totals.completed_rate),
        ],
    );
    table.row(
        "received",
        vec![
            Cell::count("/totals/received", counters.received),
            rate("recv_rate", totals.recv_rate),
        ],
    );
    let counts = [
        ("errors", "errors", counters.errors),
        ("late sends", "late_sends", counters.late_sends),
        ("sends blocked by the inflight window", "window_blocked", counters.window_blocked),
        ("payload bytes sent", "bytes_sent", counters.bytes_sent),
        ("payload bytes received", "bytes_received", counters.bytes_received),
        ("negative latencies (clock skew)", "negative_latency", counters.negative_latency),
    ];
    for (label, field, value) in counts {
        table.row(label, vec![Cell::count(format!("/totals/{field}"), value), Cell::Missing]);
    }
    table.row("warmup: sent", vec![Cell::count("/warmup/sent", report.warmup.sent), Cell::Missing]);
    table.row(
        "warmup: received",
        vec![Cell::count("/warmup/received", report.warmup.received), Cell::Missing],
    );
    table.finish(out);
}

const PERCENTILES: [(&str, &str); 11] = [
    ("count", "count"),
    ("min", "min_us"),
    ("p50", "p50_us"),
    ("p90", "p90_us"),
    ("p95", "p95_us"),
    ("p99", "p99_us"),
    ("p99.9", "p99_9_us"),
    ("p99.99", "p99_99_us"),
    ("max", "max_us"),
    ("mean", "mean_us"),
    ("stdev", "stdev_us"),
];

fn summary_value(summary: &LatencySummary, field: &str) -> f64 {
    match field {
        "min_us" => summary.min_us,
        "p50_us" => summary.p50_us,
        "p90_us" => summary.p90_us,
        "p95_us" => summary.p95_us,
        "p99_us" => summary.p99_us,
        "p99_9_us" => summary.p99_9_us,
        "p99_99_us" => summary.p99_99_us,
        "max_us" => summary.max_us,
        "mean_us" => summary.mean_us,
        _ => summary.stdev_us,
    }
}

/// One row per latency with samples, in report order.
pub fn latency(out: &mut String, report: &Report) {
    out.push_str("<h2>Latency percentiles</h2>\n");
    if report.latency.is_empty() {
        out.push_str("<p class=\"note\">No latency was recorded.</p>\n");
        return;
    }
    let mut headers = vec!["latency"];
    headers.extend(PERCENTILES.iter().map(|(label, _)| *label));
    let mut table = Table::new("", &headers);
    for kind in LatencyKind::ALL {
        let Some(summary) = report.latency.get(kind.name()) else { continue };
        let base = format!("/latency/{}", kind.name());
        let mut cells = vec![Cell::count(format!("{base}/count"), summary.count)];
        for (_, field) in &PERCENTILES[1..] {
            let us = summary_value(summary, field);
            cells.push(Cell::number(format!("{base}/{field}"), us, format_ns(us * 1e3)));
        }
        table.row(kind.label(), cells);
    }
    table.finish(out);
}

pub fn delivery(out: &mut String, report: &Report) {
    out.push_str("<h2>Delivery accounting</h2>\n");
    let delivery = &report.delivery;
    let counts = &delivery.counts;
    let expected = counts.received + counts.lost;
    let mut table = Table::new(
        &format!("per publisher → subscriber flow, judged at QoS {}", delivery.qos),
        &["", "messages"],
    );
    table.row("sent (measured)", vec![Cell::count("/totals/sent", report.totals.counters.sent)]);
    table.row("flows", vec![Cell::count("/delivery/flows", counts.flows)]);
    table.row("expected", vec![Cell::Derived(expected.to_string())]);
    table.row("received", vec![Cell::count("/delivery/received", counts.received)]);
    table.row("lost", vec![Cell::count("/delivery/lost", counts.lost)]);
    table.row("duplicates", vec![Cell::count("/delivery/duplicates", counts.duplicates)]);
    table.row("reordered", vec![Cell::count("/delivery/reordered", counts.reordered)]);
    table.row(
        "loss",
        vec![Cell::number(
            "/delivery/loss_pct",
            delivery.loss_pct,
            format!("{:.4}%", delivery.loss_pct),
        )],
    );
    table.finish(out);
}

pub fn errors(out: &mut String, report: &Report) {
    out.push_str("<h2>Errors and reason codes</h2>\n");
    if report.errors.is_empty() {
        out.push_str("<p class=\"note\">None.</p>\n");
        return;
    }
    let mut table = Table::new("", &["stage", "reason", "name", "failure", "count"]);
    for (i, entry) in report.errors.iter().enumerate() {
        table.plain_row(vec![
            Cell::text(entry.stage.name()),
            Cell::text(&entry.reason),
            entry.name.as_ref().map_or(Cell::Missing, Cell::text),
            Cell::flag(format!("/errors/{i}/failure"), entry.failure),
            Cell::count(format!("/errors/{i}/count"), entry.count),
        ]);
    }
    table.finish(out);
}

pub fn self_check(out: &mut String, report: &Report) {
    out.push_str("<h2>Load generator self-check</h2>\n");
    let check = &report.self_check;
    let mut table = Table::new("", &["", "value"]);
    let optional = |field: &str, value: Option<f64>, text: &dyn Fn(f64) -> String| {
        value.map_or(Cell::Missing, |v| Cell::number(format!("/self_check/{field}"), v, text(v)))
    };
    table.row(
        "CPU seconds",
        vec![optional("cpu_seconds", check.cpu_seconds, &|v| format!("{v:.2} s"))],
    );
    table.row(
        "cores used (average)",
        vec![optional("cpu_cores_used", check.cpu_cores_used, &|v| format!("{v:.2}"))],
    );
    table.row("cores available", vec![Cell::count("/self_check/cores", u64::from(check.cores))]);
    table.row(
        "schedule lag p99",
        vec![optional("schedule_lag_p99_us", check.schedule_lag_p99_us, &|v| format_ns(v * 1e3))],
    );
    table.row("late sends", vec![Cell::count("/self_check/late_sends", check.late_sends)]);
    table.row(
        "generator-limited",
        vec![Cell::flag("/self_check/generator_limited", check.generator_limited)],
    );
    table.row(
        "broker backpressure",
        vec![Cell::flag("/self_check/broker_backpressure", check.broker_backpressure)],
    );
    if let Some(rss) = check.max_rss_bytes {
        let text = format!("{:.1} MiB", rss as f64 / (1024.0 * 1024.0));
        table.row(
            "peak RSS",
            vec![Cell::Figure {
                field: "/self_check/max_rss_bytes".into(),
                value: rss.to_string(),
                text,
            }],
        );
    }
    table.finish(out);
    for note in &check.notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(note)));
    }
}

/// The scenario and the run context, every field as the JSON holds it.
pub fn config_and_context(out: &mut String, report: &Report) -> Result<(), String> {
    let document =
        serde_json::to_value(report).map_err(|err| format!("serializing the report: {err}"))?;
    out.push_str("<h2>Configuration and context</h2>\n");
    for (section, caption) in [("config", "scenario"), ("context", "context")] {
        let mut table = Table::new(caption, &["field", "value"]);
        let mut merged_from = None;
        if let Some(Value::Object(fields)) = document.get(section) {
            for (name, value) in fields {
                if name == "merged_from" {
                    merged_from = value.as_array();
                    continue;
                }
                field_rows(&mut table, &format!("/{section}/{name}"), name, value);
            }
        }
        table.finish(out);
        if let Some(shards) = merged_from {
            merged_shards(out, shards);
        }
    }
    Ok(())
}

/// One row per scalar; an object's fields become `name.field` rows.
fn field_rows(table: &mut Table, pointer: &str, label: &str, value: &Value) {
    match value {
        Value::Object(fields) => {
            for (name, inner) in fields {
                field_rows(table, &format!("{pointer}/{name}"), &format!("{label}.{name}"), inner);
            }
        }
        Value::Array(items) => {
            let text = items.iter().map(scalar_text).collect::<Vec<_>>().join(", ");
            table.plain_row(vec![Cell::text(label), Cell::text(text)]);
        }
        Value::Null => table.plain_row(vec![Cell::text(label), Cell::Missing]),
        Value::String(text) => table.plain_row(vec![
            Cell::text(label),
            Cell::Figure { field: pointer.into(), value: text.clone(), text: text.clone() },
        ]),
        Value::Number(_) | Value::Bool(_) => table.plain_row(vec![
            Cell::text(label),
            Cell::Figure {
                field: pointer.into(),
                value: value.to_string(),
                text: value.to_string(),
            },
        ]),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The shards a merged report came from.
fn merged_shards(out: &mut String, shards: &[Value]) {
    let mut table =
        Table::new("merged from", &["shard", "host", "start", "measured (s)", "interrupted"]);
    for (i, shard) in shards.iter().enumerate() {
        let text = |key: &str| shard.get(key).map_or(String::new(), scalar_text);
        let id = match (shard.pointer("/shard/index"), shard.pointer("/shard/count")) {
            (Some(index), Some(count)) => format!("{index}/{count}"),
            _ => "-".into(),
        };
        let base = format!("/context/merged_from/{i}");
        table.plain_row(vec![
            Cell::text(id),
            Cell::Figure { field: format!("{base}/host"), value: text("host"), text: text("host") },
            Cell::text(text("start_time")),
            Cell::Figure {
                field: format!("{base}/measured_s"),
                value: text("measured_s"),
                text: text("measured_s"),
            },
            Cell::text(text("interrupted")),
        ]);
    }
    table.finish(out);
}
