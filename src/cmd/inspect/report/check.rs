//! The checks the report can run, their results, and the outcome model.
//!
//! Policy: a check answers one question about the broker with a
//! [`Status`]: `yes` (measured to work), `no` (measured not to work, or
//! refused by the broker's own CONNACK), `skipped` (does not apply, e.g. an
//! MQTT 5 feature on a 3.1.1 connection, or a prerequisite is missing) or
//! `error` (the measurement itself failed: a timeout, a lost connection).
//! `--require` is satisfied by `yes` only.

use std::time::Duration;

use serde_json::Value;

/// The answer of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Works.
    Yes,
    /// Does not work, or is not offered.
    No,
    /// Not run.
    Skipped,
    /// Could not be measured.
    Error,
}

impl Status {
    /// The word shown in text and JSON.
    pub fn word(self) -> &'static str {
        match self {
            Status::Yes => "yes",
            Status::No => "no",
            Status::Skipped => "skipped",
            Status::Error => "error",
        }
    }
}

/// One check's outcome.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// The check's id (`qos2`, `retain`, ...).
    pub id: &'static str,
    /// What it checks, for people.
    pub title: &'static str,
    /// The answer.
    pub status: Status,
    /// One line saying what was seen.
    pub summary: String,
    /// Measurements, for JSON (and a few for text).
    pub details: Vec<(&'static str, Value)>,
    /// How long the check took.
    pub elapsed: Duration,
}

impl CheckResult {
    fn new(status: Status, summary: impl Into<String>) -> CheckResult {
        CheckResult {
            id: "",
            title: "",
            status,
            summary: summary.into(),
            details: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }

    /// It works.
    pub fn yes(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::Yes, summary)
    }

    /// It does not.
    pub fn no(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::No, summary)
    }

    /// Not run, and why.
    pub fn skipped(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::Skipped, summary)
    }

    /// Could not be measured, and why.
    pub fn error(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::Error, summary)
    }

    /// Adds a measurement.
    pub fn detail(mut self, key: &'static str, value: impl Into<Value>) -> CheckResult {
        self.details.push((key, value.into()));
        self
    }
}

/// A check the report knows.
#[derive(Debug, Clone, Copy)]
pub struct CheckSpec {
    /// Its id, for `--only`, `--skip` and `--require`.
    pub id: &'static str,
    /// What it checks.
    pub title: &'static str,
    /// Needs an MQTT 5 connection.
    pub v5_only: bool,
}

const fn spec(id: &'static str, title: &'static str, v5_only: bool) -> CheckSpec {
    CheckSpec { id, title, v5_only }
}

/// Every check, in the order they run.
pub const CHECKS: &[CheckSpec] = &[
    spec("mqtt31", "accepts MQTT 3.1", false),
    spec("mqtt311", "accepts MQTT 3.1.1", false),
    spec("mqtt5", "accepts MQTT 5.0", false),
    spec("sys", "publishes $SYS broker information", false),
    spec("qos0", "QoS 0 round trip", false),
    spec("qos1", "QoS 1 round trip", false),
    spec("qos2", "QoS 2 round trip", false),
    spec("retain", "retained messages", false),
    spec("wildcards", "wildcard subscriptions (+ and #)", false),
    spec("shared", "shared subscriptions deliver once per group", false),
    spec("overlap", "overlapping subscriptions", false),
    spec("will", "will message on an abrupt close", false),
    spec("will-delay", "will delay interval", true),
    spec("session", "persistent session queues QoS 1 while offline", false),
    spec("expiry", "message expiry while queued", true),
    spec("topic-alias", "topic aliases from the client", true),
    spec("no-local", "no-local subscription option", true),
    spec("retain-as-published", "retain-as-published subscription option", true),
    spec("retain-handling", "retain handling subscription option", true),
    spec("receive-maximum", "the broker honours our Receive Maximum", true),
    spec("max-payload", "largest accepted payload", false),
    spec("max-topic", "longest accepted topic", false),
    spec("max-client-id", "longest accepted client identifier", false),
];

/// Milliseconds with a fraction, for JSON.
pub fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// "0.42 ms", "12.3 ms", "1.20 s".
pub fn human(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_the_table() {
        let ids: Vec<&str> = CHECKS.iter().map(|check| check.id).collect();
        assert_eq!(ids, crate::cli::inspect::CHECK_IDS);
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human(Duration::from_micros(420)), "0.42 ms");
        assert_eq!(human(Duration::from_micros(12_345)), "12.3 ms");
        assert_eq!(human(Duration::from_millis(1200)), "1.20 s");
        assert_eq!(millis(Duration::from_micros(1234)), 1.234);
    }
}
