//! What makes a run fail before any `--fail-if`: the rules behind a
//! report's `verdict`.
//!
//! Policy, in the order the failures are listed:
//! - an interrupted run (SIGINT, SIGTERM, or a merge with such a shard)
//!   never passes: its numbers are partial, whatever they say;
//! - a run in which nothing happened does not pass: publishers that sent
//!   nothing, QoS 1/2 sends of which none was acknowledged, subscribers that
//!   received nothing (when they had something to receive), `bench conn`
//!   without an attempt or without an accepted connection. A `--fail-if`
//!   condition on that very count (`received == 0`, `rate < 1`) is the user
//!   saying what to expect, and replaces the rule;
//! - the delivery policy: loss at QoS 1/2, duplicates at QoS 2.
//!
//! Everything is judged from the report itself, so a merged report is
//! judged exactly like a single run. A shard judges the publishers and
//! subscribers of its own block.

use serde::{Deserialize, Serialize};

use crate::report::Report;
use crate::shard::ShardId;

/// A count `--fail-if` can judge, and that shows whether anything happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// `sent`: messages sent, or connection attempts.
    Sent,
    /// `completed`: acknowledged messages, or accepted connections.
    Completed,
    /// `received`: messages received.
    Received,
}

/// A way in which nothing happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inactivity {
    /// Publishers ran but sent nothing in the measured window.
    NothingSent,
    /// QoS 1/2 messages were sent and none was acknowledged.
    NothingAcknowledged,
    /// Subscribers ran and received nothing in the measured window.
    NothingReceived,
    /// `bench conn` made no attempt.
    NoConnectionAttempted,
    /// `bench conn` made attempts and none was accepted.
    NoConnectionAccepted,
}

impl Inactivity {
    /// The count whose `--fail-if` condition replaces this rule.
    pub fn counted(self) -> Counted {
        match self {
            Inactivity::NothingSent | Inactivity::NoConnectionAttempted => Counted::Sent,
            Inactivity::NothingAcknowledged | Inactivity::NoConnectionAccepted => {
                Counted::Completed
            }
            Inactivity::NothingReceived => Counted::Received,
        }
    }

    /// The verdict's reason, starting with the words to look for.
    pub fn reason(self, report: &Report) -> String {
        let sent = report.totals.counters.sent;
        match self {
            Inactivity::NothingSent => "no message sent".into(),
            Inactivity::NothingAcknowledged => {
                format!("no message acknowledged ({sent} sent at QoS {})", report.config.qos)
            }
            Inactivity::NothingReceived if sent > 0 => {
                format!("no message received ({sent} sent)")
            }
            Inactivity::NothingReceived => "no message received".into(),
            Inactivity::NoConnectionAttempted => "no connection attempted".into(),
            Inactivity::NoConnectionAccepted => {
                format!("no connection accepted ({sent} attempts)")
            }
        }
    }
}

/// How many of `total` clients a report's own process ran.
fn own(total: u32, shard: Option<ShardId>) -> u32 {
    shard.map_or(total, |shard| shard.block(total).len() as u32)
}

/// The publishers and subscribers `report`'s run had: a shard's own block,
/// the whole scenario otherwise (a single run, a merge).
pub fn roles(report: &Report) -> (u32, u32) {
    let (config, shard) = (&report.config, report.context.shard);
    (own(config.publishers, shard), own(config.subscribers, shard))
}

/// The ways in which nothing happened in `report`'s run.
pub fn inactivity(report: &Report) -> Vec<Inactivity> {
    let counters = &report.totals.counters;
    let config = &report.config;
    if config.mode == "conn" {
        return if counters.sent == 0 {
            vec![Inactivity::NoConnectionAttempted]
        } else if counters.completed == 0 {
            vec![Inactivity::NoConnectionAccepted]
        } else {
            Vec::new()
        };
    }
    let (publishers, subscribers) = roles(report);
    let mut found = Vec::new();
    if publishers > 0 && counters.sent == 0 {
        found.push(Inactivity::NothingSent);
    }
    if publishers > 0 && config.qos >= 1 && counters.sent > 0 && counters.completed == 0 {
        found.push(Inactivity::NothingAcknowledged);
    }
    // Subscribers of publishers that sent nothing had nothing to receive.
    let something_to_receive = publishers == 0 || counters.sent > 0;
    if subscribers > 0 && something_to_receive && counters.received == 0 {
        found.push(Inactivity::NothingReceived);
    }
    found
}

/// Why the run was interrupted, when it was.
fn interruption(report: &Report) -> Option<String> {
    let context = &report.context;
    if !context.interrupted {
        return None;
    }
    let shards: Vec<String> = context
        .merged_from
        .iter()
        .filter(|shard| shard.interrupted)
        .filter_map(|shard| shard.shard.map(|id| id.to_string()))
        .collect();
    Some(match shards.as_slice() {
        [] => "interrupted: the run was stopped before it finished".into(),
        [one] => format!("interrupted: shard {one} was stopped before it finished"),
        many => {
            format!("interrupted: shards {} were stopped before they finished", many.join(", "))
        }
    })
}

/// The reasons of the inactivity rules that apply: those whose count no
/// `--fail-if` condition in `report.checks` judges.
pub fn unexpected_inactivity(report: &Report) -> Vec<String> {
    let judged: Vec<Counted> = report.checks.iter().filter_map(|check| check.judges).collect();
    inactivity(report)
        .into_iter()
        .filter(|found| !judged.contains(&found.counted()))
        .map(|found| found.reason(report))
        .collect()
}

/// Every failure of `report` except failed `--fail-if` conditions, in the
/// order of the module docs.
pub fn policy_failures(report: &Report) -> Vec<String> {
    let mut failures: Vec<String> = interruption(report).into_iter().collect();
    failures.extend(unexpected_inactivity(report));
    failures.extend(report.delivery.counts.failures(report.delivery.qos));
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::report::{CheckOutcome, RunContext};

    fn report() -> Report {
        fixtures::report(&[1000, 2000], None)
    }

    fn judged(report: &mut Report) -> Vec<String> {
        report.verdict.failures = policy_failures(report);
        report.verdict.failures.clone()
    }

    #[test]
    fn an_interrupted_run_fails_first_and_names_its_shards_when_merged() {
        let mut report = report();
        assert!(judged(&mut report).is_empty());
        report.context.interrupted = true;
        assert_eq!(judged(&mut report), ["interrupted: the run was stopped before it finished"]);
        let shard = |index, interrupted| RunContext {
            shard: Some(ShardId { index, count: 3 }),
            interrupted,
            ..report.context.clone()
        };
        report.context.merged_from = vec![shard(0, false), shard(1, true), shard(2, true)];
        assert_eq!(
            judged(&mut report),
            ["interrupted: shards 1/3, 2/3 were stopped before they finished"]
        );
    }

    #[test]
    fn runs_where_nothing_happened_fail_by_role() {
        let mut report = report();
        report.totals.counters.received = 0;
        assert_eq!(judged(&mut report), ["no message received (2 sent)"]);
        report.totals.counters.sent = 0;
        report.totals.counters.completed = 0;
        assert_eq!(judged(&mut report), ["no message sent"], "nothing to receive either");
        report.totals.counters.sent = 2;
        report.totals.counters.received = 2;
        assert_eq!(judged(&mut report), ["no message acknowledged (2 sent at QoS 1)"]);
        report.config.qos = 0;
        assert!(judged(&mut report).is_empty(), "QoS 0 has no acknowledgements");

        report.config.mode = "sub".into();
        report.config.publishers = 0;
        report.totals.counters = Default::default();
        assert_eq!(judged(&mut report), ["no message received"]);

        report.config.mode = "conn".into();
        assert_eq!(judged(&mut report), ["no connection attempted"]);
        report.totals.counters.sent = 5;
        assert_eq!(judged(&mut report), ["no connection accepted (5 attempts)"]);
    }

    #[test]
    fn a_shard_judges_its_own_block() {
        // 1 publisher and 2 subscribers in 2 shards: shard 0 has no publisher.
        let mut report = report();
        report.config.publishers = 1;
        report.config.subscribers = 2;
        report.context.shard = Some(ShardId { index: 0, count: 2 });
        report.totals.counters.sent = 0;
        assert!(inactivity(&report).iter().all(|found| *found != Inactivity::NothingSent));
        report.totals.counters.received = 0;
        assert_eq!(inactivity(&report), [Inactivity::NothingReceived]);
    }

    #[test]
    fn a_condition_on_the_count_replaces_the_rule() {
        let mut report = report();
        report.totals.counters.received = 0;
        report.checks = vec![CheckOutcome {
            condition: "p99 < 1s".into(),
            actual: None,
            passed: false,
            judges: None,
        }];
        assert_eq!(judged(&mut report), ["no message received (2 sent)"]);
        report.checks.push(CheckOutcome {
            condition: "received == 0".into(),
            actual: Some("0".into()),
            passed: true,
            judges: Some(Counted::Received),
        });
        assert!(judged(&mut report).is_empty());
        report.context.interrupted = true;
        assert_eq!(judged(&mut report).len(), 1, "nothing replaces the interruption");
    }
}
