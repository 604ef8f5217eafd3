//! The versioned result document (`"schema": "mqtt-bench/1"`).
//!
//! One `Report` type serves a single run, a shard and a merged result: the
//! latency summaries are always recomputed from the embedded histograms, so
//! a merged report is computed exactly like a single one. The schema is
//! additive within version 1: new fields get defaults, nothing is renamed or
//! removed without bumping the version. docs/bench.md describes the fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use self::verdict::{policy_failures, Counted};
use crate::config::Scenario;
use crate::delivery::DeliveryCounts;
use crate::errors::ErrorEntry;
use crate::recorder::{IntervalRow, Warmup};
use crate::selfmon::SelfCheck;
use crate::shard::ShardId;
use crate::stats::{
    decode_histogram, encode_histogram, Counters, LatencyKind, LatencySet, LatencySummary,
};

pub mod verdict;

/// The schema identifier this build writes and reads.
pub const SCHEMA: &str = "mqtt-bench/1";

/// A complete bench result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub config: Scenario,
    pub context: RunContext,
    /// Counts over the measured window.
    pub totals: Totals,
    /// Messages due during the warmup, kept out of `totals`.
    #[serde(default)]
    pub warmup: Warmup,
    /// Summaries by latency name (`e2e`, `pub_ack`, …); kinds without samples are absent.
    pub latency: BTreeMap<String, LatencySummary>,
    pub delivery: Delivery,
    pub errors: Vec<ErrorEntry>,
    pub self_check: SelfCheck,
    pub verdict: Verdict,
    /// `--fail-if` results, when conditions were given.
    #[serde(default)]
    pub checks: Vec<CheckOutcome>,
    /// Base64 HdrHistogram V2+DEFLATE per latency name, values in nanoseconds.
    pub histograms: BTreeMap<String, String>,
    /// Per-interval rows (one per second).
    #[serde(default)]
    pub series: Vec<IntervalRow>,
}

/// Where and when the run happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunContext {
    pub tool: String,
    pub tool_version: String,
    /// From `$SYS/broker/version` or the CONNACK, when the broker says.
    #[serde(default)]
    pub broker_version: Option<String>,
    pub host: String,
    pub os: String,
    pub cpus: u32,
    /// RFC 3339 time the schedule started.
    pub start_time: String,
    pub start_unix_ns: u64,
    /// Length of the measurement window, seconds: what was measured, also
    /// when the run was interrupted.
    pub measured_s: f64,
    /// A signal ended the run early (for a merged report: any shard's run).
    #[serde(default)]
    pub interrupted: bool,
    /// This shard; `None` for an unsharded or merged run.
    #[serde(default)]
    pub shard: Option<ShardId>,
    /// Contexts of the shard reports a merged report was built from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<RunContext>,
    /// With `-A` listing local addresses: connections opened from each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub connections_by_address: BTreeMap<String, u64>,
}

impl RunContext {
    /// Context for a run on this host starting at `start_unix_ns`.
    pub fn local(start_unix_ns: u64, measured_s: f64, shard: Option<ShardId>) -> RunContext {
        let start = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(start_unix_ns);
        RunContext {
            tool: "mqtt".into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            broker_version: None,
            host: host_name(),
            os: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get() as u32),
            start_time: humantime::format_rfc3339_micros(start).to_string(),
            start_unix_ns,
            measured_s,
            interrupted: false,
            shard,
            merged_from: Vec::new(),
            connections_by_address: BTreeMap::new(),
        }
    }
}

/// This machine's host name, or `unknown`.
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname NUL-terminates
        // on success when the name fits, and we stop at the first NUL or the end.
        if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            if end > 0 {
                return String::from_utf8_lossy(&buf[..end]).into_owned();
            }
        }
    }
    "unknown".into()
}

/// Measured-window counts and rates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    #[serde(flatten)]
    pub counters: Counters,
    /// Messages per second over the measurement window.
    pub send_rate: f64,
    pub completed_rate: f64,
    pub recv_rate: f64,
}

impl Totals {
    /// Totals for `counters` measured over `seconds`.
    pub fn new(counters: Counters, seconds: f64) -> Totals {
        let rate = |count: u64| if seconds > 0.0 { count as f64 / seconds } else { 0.0 };
        Totals {
            send_rate: rate(counters.sent),
            completed_rate: rate(counters.completed),
            recv_rate: rate(counters.received),
            counters,
        }
    }
}

/// Delivery accounting over the whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// The QoS the policy was judged at.
    pub qos: u8,
    #[serde(flatten)]
    pub counts: DeliveryCounts,
    pub loss_pct: f64,
}

/// Pass or fail, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub passed: bool,
    pub failures: Vec<String>,
}

/// One evaluated `--fail-if` condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// The condition as written, normalized (`p99 < 20ms`).
    pub condition: String,
    /// The measured value with its unit; `None` when there was no data.
    pub actual: Option<String>,
    pub passed: bool,
    /// The count the condition judges (`sent`, `completed`, `received`,
    /// their rates), which replaces the rule that a run where that count is
    /// 0 fails (see `verdict`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judges: Option<Counted>,
}

/// Everything a report is made of, before summaries are derived.
pub struct ReportParts<'a> {
    pub config: Scenario,
    pub context: RunContext,
    pub counters: Counters,
    pub warmup: Warmup,
    pub latencies: &'a LatencySet,
    pub delivery: DeliveryCounts,
    pub errors: Vec<ErrorEntry>,
    pub self_check: SelfCheck,
    pub series: Vec<IntervalRow>,
}

impl Report {
    /// Builds a report; summaries come from the histograms, rates from
    /// `context.measured_s`, the verdict from the rules of `verdict`.
    pub fn build(parts: ReportParts<'_>) -> Result<Report, String> {
        let mut latency = BTreeMap::new();
        let mut histograms = BTreeMap::new();
        for kind in LatencyKind::ALL {
            if let Some(histogram) = parts.latencies.get(kind) {
                latency.insert(kind.name().to_owned(), LatencySummary::of(histogram));
                histograms.insert(kind.name().to_owned(), encode_histogram(histogram)?);
            }
        }
        let qos = parts.config.qos;
        let mut report = Report {
            schema: SCHEMA.to_owned(),
            totals: Totals::new(parts.counters, parts.context.measured_s),
            warmup: parts.warmup,
            latency,
            delivery: Delivery { qos, counts: parts.delivery, loss_pct: parts.delivery.loss_pct() },
            errors: parts.errors,
            self_check: parts.self_check,
            verdict: Verdict { passed: true, failures: Vec::new() },
            checks: Vec::new(),
            histograms,
            series: parts.series,
            config: parts.config,
            context: parts.context,
        };
        report.judge();
        Ok(report)
    }

    /// Records `--fail-if` outcomes; any failed condition fails the run.
    pub fn apply_checks(&mut self, outcomes: Vec<CheckOutcome>) {
        self.checks = outcomes;
        self.judge();
    }

    /// Sets the verdict: the rules of `verdict`, then every failed
    /// `--fail-if` condition.
    pub fn judge(&mut self) {
        let mut failures = policy_failures(self);
        for outcome in self.checks.iter().filter(|outcome| !outcome.passed) {
            let actual = outcome.actual.as_deref().unwrap_or("no data");
            failures.push(format!("--fail-if `{}` (actual {actual})", outcome.condition));
        }
        self.verdict = Verdict { passed: failures.is_empty(), failures };
    }

    /// Decodes the embedded histograms.
    pub fn latencies(&self) -> Result<LatencySet, String> {
        let mut set = LatencySet::default();
        for (name, encoded) in &self.histograms {
            let kind = LatencyKind::from_name(name)
                .ok_or_else(|| format!("unknown histogram `{name}`"))?;
            let histogram =
                decode_histogram(encoded).map_err(|err| format!("histogram `{name}`: {err}"))?;
            set.insert(kind, histogram);
        }
        Ok(set)
    }

    /// Parses a report, refusing other schemas with a message that says so.
    pub fn from_json(bytes: &[u8]) -> Result<Report, String> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|err| format!("not valid JSON: {err}"))?;
        match value.get("schema").and_then(serde_json::Value::as_str) {
            Some(SCHEMA) => {}
            Some(other) => {
                return Err(format!(
                    "schema `{other}` is not supported (this mqtt reads {SCHEMA})"
                ));
            }
            None => return Err("not an mqtt bench report (no `schema` field)".into()),
        }
        serde_json::from_value(value).map_err(|err| format!("malformed {SCHEMA} report: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn values() -> Vec<u64> {
        (1..=500u64).map(|i| i * 997).collect()
    }

    #[test]
    fn json_round_trips_exactly() {
        let report = fixtures::report(&values(), Some(ShardId { index: 1, count: 2 }));
        let json = serde_json::to_vec(&report).unwrap();
        assert_eq!(Report::from_json(&json).unwrap(), report);
    }

    #[test]
    fn required_fields_are_present() {
        let report = fixtures::report(&values(), None);
        let value = serde_json::to_value(&report).unwrap();
        let required = [
            "/schema",
            "/config/broker",
            "/config/qos",
            "/config/rate",
            "/config/payload_size",
            "/context/tool_version",
            "/context/host",
            "/context/start_time",
            "/context/measured_s",
            "/totals/sent",
            "/totals/received",
            "/totals/recv_rate",
            "/warmup/sent",
            "/warmup/received",
            "/context/interrupted",
            "/latency/e2e/p50_us",
            "/latency/e2e/p90_us",
            "/latency/e2e/p99_us",
            "/latency/e2e/p99_9_us",
            "/latency/e2e/max_us",
            "/latency/e2e_service/p99_us",
            "/latency/pub_ack/count",
            "/latency/connect/p99_us",
            "/delivery/lost",
            "/delivery/duplicates",
            "/delivery/reordered",
            "/delivery/loss_pct",
            "/errors/0/reason",
            "/self_check/generator_limited",
            "/self_check/cpu_seconds",
            "/self_check/schedule_lag_p99_us",
            "/verdict/passed",
            "/histograms/e2e",
            "/series/0/recv_rate",
        ];
        for pointer in required {
            assert!(value.pointer(pointer).is_some(), "missing {pointer}");
        }
        assert_eq!(value["schema"], SCHEMA);
        assert!(value.pointer("/latency/pub_comp").is_none(), "no data, no entry");
    }

    #[test]
    fn summaries_and_rates_are_derived_from_the_data() {
        let report = fixtures::report(&values(), None);
        let e2e = &report.latency["e2e"];
        assert_eq!(e2e.count, 500);
        let median_ns = 250.0 * 997.0;
        assert!((e2e.p50_us * 1e3 - median_ns).abs() / median_ns < 1e-3, "{e2e:?}");
        assert_eq!(report.totals.recv_rate, 50.0, "500 messages over 10 s");
        let decoded = report.latencies().unwrap();
        assert_eq!(decoded.summary(LatencyKind::E2e).as_ref(), Some(e2e));
    }

    #[test]
    fn foreign_documents_are_refused_clearly() {
        assert!(Report::from_json(b"{").unwrap_err().contains("not valid JSON"));
        assert!(Report::from_json(b"{}").unwrap_err().contains("no `schema`"));
        let future = br#"{"schema": "mqtt-bench/2"}"#;
        assert!(Report::from_json(future).unwrap_err().contains("`mqtt-bench/2` is not supported"));
        let truncated = br#"{"schema": "mqtt-bench/1", "config": {}}"#;
        assert!(Report::from_json(truncated).unwrap_err().contains("malformed"));
    }

    #[test]
    fn delivery_failures_and_checks_set_the_verdict() {
        let mut report = fixtures::report(&values(), None);
        assert!(report.verdict.passed);
        report.apply_checks(vec![
            CheckOutcome {
                condition: "p99 < 1us".into(),
                actual: Some("499us".into()),
                passed: false,
                judges: None,
            },
            CheckOutcome {
                condition: "loss == 0".into(),
                actual: Some("0".into()),
                passed: true,
                judges: None,
            },
        ]);
        assert!(!report.verdict.passed);
        assert_eq!(report.verdict.failures, ["--fail-if `p99 < 1us` (actual 499us)"]);
        assert_eq!(report.checks.len(), 2);
    }

    #[test]
    fn qos2_duplicates_fail_the_run() {
        let mut latencies = LatencySet::default();
        latencies.record_ns(LatencyKind::E2e, 1000);
        let mut config = fixtures::scenario(1);
        config.qos = 2;
        let report = Report::build(ReportParts {
            config,
            context: RunContext::local(0, 1.0, None),
            counters: Counters { sent: 10, completed: 10, received: 9, ..Counters::default() },
            warmup: Warmup::default(),
            latencies: &latencies,
            delivery: DeliveryCounts {
                flows: 1,
                received: 9,
                duplicates: 1,
                ..DeliveryCounts::default()
            },
            errors: Vec::new(),
            self_check: SelfCheck::default(),
            series: Vec::new(),
        })
        .unwrap();
        assert!(!report.verdict.passed);
        assert!(report.verdict.failures[0].contains("exactly-once"));
    }

    #[test]
    fn host_name_is_not_empty() {
        assert!(!host_name().is_empty());
    }
}
