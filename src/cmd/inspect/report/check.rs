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

pub use crate::cli::inspect::Check;

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
    pub id: String,
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
            id: String::new(),
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

/// What `check` asks, for people.
pub fn title(check: Check) -> &'static str {
    match check {
        Check::Mqtt31 => "accepts MQTT 3.1",
        Check::Mqtt311 => "accepts MQTT 3.1.1",
        Check::Mqtt5 => "accepts MQTT 5.0",
        Check::Sys => "publishes $SYS broker information",
        Check::Qos0 => "QoS 0 round trip",
        Check::Qos1 => "QoS 1 round trip",
        Check::Qos2 => "QoS 2 round trip",
        Check::Retain => "retained messages",
        Check::Wildcards => "wildcard subscriptions (+ and #)",
        Check::Shared => "shared subscriptions deliver once per group",
        Check::Overlap => "overlapping subscriptions",
        Check::Will => "will message on an abrupt close",
        Check::WillDelay => "will delay interval",
        Check::Session => "persistent session queues QoS 1 while offline",
        Check::Expiry => "message expiry while queued",
        Check::TopicAlias => "topic aliases from the client",
        Check::NoLocal => "no-local subscription option",
        Check::RetainAsPublished => "retain-as-published subscription option",
        Check::RetainHandling => "retain handling subscription option",
        Check::ReceiveMaximum => "the broker honours our Receive Maximum",
        Check::MaxPayload => "largest accepted payload",
        Check::MaxTopic => "longest accepted topic",
        Check::MaxClientId => "longest accepted client identifier",
    }
}

/// Whether `check` needs an MQTT 5 connection.
pub fn needs_v5(check: Check) -> bool {
    match check {
        Check::WillDelay
        | Check::Expiry
        | Check::TopicAlias
        | Check::NoLocal
        | Check::RetainAsPublished
        | Check::RetainHandling
        | Check::ReceiveMaximum => true,
        Check::Mqtt31
        | Check::Mqtt311
        | Check::Mqtt5
        | Check::Sys
        | Check::Qos0
        | Check::Qos1
        | Check::Qos2
        | Check::Retain
        | Check::Wildcards
        | Check::Shared
        | Check::Overlap
        | Check::Will
        | Check::Session
        | Check::MaxPayload
        | Check::MaxTopic
        | Check::MaxClientId => false,
    }
}

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
    fn ids_are_the_documented_ones_in_run_order() {
        let ids: Vec<String> = Check::all().iter().map(|check| check.id()).collect();
        assert_eq!(
            ids,
            [
                "mqtt31",
                "mqtt311",
                "mqtt5",
                "sys",
                "qos0",
                "qos1",
                "qos2",
                "retain",
                "wildcards",
                "shared",
                "overlap",
                "will",
                "will-delay",
                "session",
                "expiry",
                "topic-alias",
                "no-local",
                "retain-as-published",
                "retain-handling",
                "receive-maximum",
                "max-payload",
                "max-topic",
                "max-client-id",
            ]
        );
        assert!(Check::all().iter().all(|check| !title(*check).is_empty()));
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human(Duration::from_micros(420)), "0.42 ms");
        assert_eq!(human(Duration::from_micros(12_345)), "12.3 ms");
        assert_eq!(human(Duration::from_millis(1200)), "1.20 s");
        assert_eq!(millis(Duration::from_micros(1234)), 1.234);
    }
}
