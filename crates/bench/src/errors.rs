//! Error accounting by stage and MQTT reason code.
//!
//! Reason codes are MQTT 5 codes (the client maps 3.1.1 return codes to
//! their v5 names). Codes below 0x80 are not failures but are still worth
//! counting, e.g. PUBACK 0x10 "no matching subscribers" means the broker
//! dropped the message for lack of a subscriber. Transport problems and
//! timeouts have no code and are keyed by a short label instead.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where in a client's life an error happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// CONNACK refused or connect failed.
    Connect,
    /// SUBACK reason codes.
    Subscribe,
    /// PUBACK / PUBREC / PUBCOMP reason codes.
    Publish,
    /// DISCONNECT sent by the server.
    Disconnect,
    /// The connection broke (I/O, TLS, decode).
    Transport,
    /// Something did not answer in time.
    Timeout,
}

impl Stage {
    /// The lowercase name used in tables (same as the JSON value).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Connect => "connect",
            Stage::Subscribe => "subscribe",
            Stage::Publish => "publish",
            Stage::Disconnect => "disconnect",
            Stage::Transport => "transport",
            Stage::Timeout => "timeout",
        }
    }
}

/// One row of the errors table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEntry {
    pub stage: Stage,
    /// `0x87` for a reason code, otherwise a label such as `connection reset`.
    pub reason: String,
    /// The reason code's name, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether this counts as a failure (reason code ≥ 0x80, or no code).
    pub failure: bool,
    pub count: u64,
}

/// Counts by (stage, reason). Allocates only when a new key first appears.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorCounts {
    counts: BTreeMap<(Stage, String), (bool, u64)>,
}

impl ErrorCounts {
    /// Records an MQTT reason code.
    pub fn record_code(&mut self, stage: Stage, code: u8) {
        self.bump(stage, format!("0x{code:02x}"), code >= 0x80, 1);
    }

    /// Records a failure that has no reason code.
    pub fn record_other(&mut self, stage: Stage, label: &str) {
        self.bump(stage, label.to_owned(), true, 1);
    }

    fn bump(&mut self, stage: Stage, reason: String, failure: bool, count: u64) {
        let entry = self.counts.entry((stage, reason)).or_insert((failure, 0));
        entry.1 += count;
    }

    /// Failures only (what `--fail-if 'errors == 0'` looks at).
    pub fn failures(&self) -> u64 {
        self.counts.values().filter(|(failure, _)| *failure).map(|(_, count)| count).sum()
    }

    /// Rows for the report, ordered by stage then reason.
    pub fn entries(&self) -> Vec<ErrorEntry> {
        self.counts
            .iter()
            .map(|((stage, reason), &(failure, count))| ErrorEntry {
                stage: *stage,
                reason: reason.clone(),
                name: code_of(reason).and_then(reason_name).map(str::to_owned),
                failure,
                count,
            })
            .collect()
    }

    #[cfg(test)]
    /// Rebuilds counts from report rows (for merging shards).
    pub fn from_entries(entries: &[ErrorEntry]) -> ErrorCounts {
        let mut counts = ErrorCounts::default();
        counts.add_entries(entries);
        counts
    }

    /// Adds report rows to these counts.
    pub fn add_entries(&mut self, entries: &[ErrorEntry]) {
        for entry in entries {
            self.bump(entry.stage, entry.reason.clone(), entry.failure, entry.count);
        }
    }
}

fn code_of(reason: &str) -> Option<u8> {
    u8::from_str_radix(reason.strip_prefix("0x")?, 16).ok()
}

/// The MQTT 5 name of a reason code (§2.4); `None` for unknown codes.
pub fn reason_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0x00 => "success",
        0x01 => "granted QoS 1",
        0x02 => "granted QoS 2",
        0x10 => "no matching subscribers",
        0x80 => "unspecified error",
        0x81 => "malformed packet",
        0x82 => "protocol error",
        0x83 => "implementation specific error",
        0x84 => "unsupported protocol version",
        0x85 => "client identifier not valid",
        0x86 => "bad user name or password",
        0x87 => "not authorized",
        0x88 => "server unavailable",
        0x89 => "server busy",
        0x8A => "banned",
        0x8B => "server shutting down",
        0x8C => "bad authentication method",
        0x8D => "keep alive timeout",
        0x8E => "session taken over",
        0x8F => "topic filter invalid",
        0x90 => "topic name invalid",
        0x91 => "packet identifier in use",
        0x92 => "packet identifier not found",
        0x93 => "receive maximum exceeded",
        0x94 => "topic alias invalid",
        0x95 => "packet too large",
        0x96 => "message rate too high",
        0x97 => "quota exceeded",
        0x98 => "administrative action",
        0x99 => "payload format invalid",
        0x9A => "retain not supported",
        0x9B => "QoS not supported",
        0x9C => "use another server",
        0x9D => "server moved",
        0x9E => "shared subscriptions not supported",
        0x9F => "connection rate exceeded",
        0xA0 => "maximum connect time",
        0xA1 => "subscription identifiers not supported",
        0xA2 => "wildcard subscriptions not supported",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_stage_and_reason_with_names() {
        let mut errors = ErrorCounts::default();
        errors.record_code(Stage::Connect, 0x87);
        errors.record_code(Stage::Connect, 0x87);
        errors.record_code(Stage::Publish, 0x10);
        errors.record_other(Stage::Transport, "connection reset");
        let entries = errors.entries();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].stage, Stage::Connect);
        assert_eq!((entries[0].reason.as_str(), entries[0].count), ("0x87", 2));
        assert_eq!(entries[0].name.as_deref(), Some("not authorized"));
        assert!(!entries[1].failure, "0x10 is informational");
        assert_eq!(entries[2].name, None);
        let json = serde_json::to_value(&entries[2]).unwrap();
        assert_eq!(json["stage"], entries[2].stage.name(), "table and JSON use one name");
        assert_eq!(errors.failures(), 3);
    }

    #[test]
    fn entries_round_trip_and_add() {
        let mut errors = ErrorCounts::default();
        errors.record_code(Stage::Subscribe, 0x8F);
        errors.record_other(Stage::Timeout, "puback");
        let mut merged = ErrorCounts::from_entries(&errors.entries());
        assert_eq!(merged, errors);
        merged.add_entries(&errors.entries());
        assert_eq!(merged.failures(), 4);
    }
}
