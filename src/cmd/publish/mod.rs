//! `mqtt pub`: send the planned messages, wait for every QoS 1/2
//! acknowledgement, and fail (exit 7) when any was rejected or never came.
//!
//! Policy:
//! * One loop owns everything: it reads the next payloads, hands them to
//!   `Client::publish` (which waits only for a free in-flight slot, so the
//!   window set by `-M` and the broker's Receive Maximum stays full),
//!   collects acknowledgements as they complete, and reacts to connection
//!   events.
//! * `-l` and `--json-lines` read stdin on their own thread and publish
//!   lines as they arrive. Those runs reconnect by themselves: the client
//!   resends unconfirmed messages when the broker kept the session, and
//!   hands them back when it did not, and then they are published again.
//!   Either way nothing acknowledged-or-pending is lost across a restart.
//! * The run ends with a DISCONNECT once everything was acknowledged, then
//!   one summary line on stderr when something failed.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Context;
use bytes::Bytes;
use futures_util::stream::{FuturesUnordered, StreamExt};
use mqtt_client::{
    Client, ClientError, Event, Events, OutgoingPublish, Publish, PublishHandle, PublishOutcome,
    QoS,
};
use tokio::sync::mpsc;

use self::lines::spawn_line_reader;
use self::plan::{PublishPlan, Source};
use crate::connect::open::{self, Interrupt, Tuning};
use crate::exit::{coded, CodedError, Exit};

mod json_replay;
mod lines;
pub mod plan;

/// Outcomes of the QoS 1/2 publishes.
#[derive(Debug, Default)]
struct Tally {
    sent: u64,
    /// Rejections by reason, e.g. "0x87 not authorized" → 3.
    rejected: BTreeMap<String, u64>,
    /// Handles that failed for a reason other than a lost session.
    lost: BTreeMap<String, u64>,
}

impl Tally {
    fn failures(&self) -> u64 {
        self.rejected.values().sum::<u64>() + self.lost.values().sum::<u64>()
    }

    fn record(&mut self, outcome: Result<PublishOutcome, ClientError>) {
        match outcome {
            Ok(outcome) if outcome.is_success() => {}
            Ok(outcome) => {
                let reason_string = outcome.properties.reason_string().map(|text| text.as_str());
                let reason =
                    open::describe(outcome.reason_name, outcome.reason_code, reason_string);
                *self.rejected.entry(reason).or_default() += 1;
            }
            // Handed back in `Event::Reconnected::undelivered` and published again.
            Err(ClientError::SessionLost) => {}
            Err(err) => *self.lost.entry(err.to_string()).or_default() += 1,
        }
    }

    fn summary(&self) -> Option<String> {
        let failures = self.failures();
        if failures == 0 {
            return None;
        }
        let mut parts: Vec<String> = self
            .rejected
            .iter()
            .map(|(reason, count)| format!("{count} rejected ({reason})"))
            .collect();
        for (why, count) in &self.lost {
            parts.push(format!("{count} never acknowledged ({why})"));
        }
        Some(format!(
            "{failures} of {} messages were not delivered: {}",
            self.sent,
            parts.join(", ")
        ))
    }
}

/// The payload stream of one run.
enum Input {
    Fixed {
        payload: Bytes,
        remaining: u64,
        first: bool,
    },
    Lines {
        receiver: mpsc::Receiver<std::io::Result<Vec<Bytes>>>,
        line_number: u64,
        /// Bad lines `--skip-invalid` passed over.
        skipped: u64,
    },
    Done,
}

/// Runs `mqtt pub`.
pub async fn run(plan: PublishPlan) -> anyhow::Result<ExitCode> {
    let streaming = matches!(plan.source, Source::Lines | Source::JsonLines);
    let tuning = Tuning { max_inflight: plan.max_inflight, reconnect: streaming };
    let options = open::options(&plan.connect, &tuning)?;
    let mut interrupt = Interrupt::listen()?;
    let Some((client, events)) = open::connect(&plan.connect, options, &mut interrupt).await?
    else {
        return Ok(Exit::Interrupted.into());
    };
    let result = tokio::select! {
        result = publish_all(&client, events, &plan) => result,
        _ = interrupt.wait() => {
            open::disconnect(&client, &plan.connect).await;
            return Ok(Exit::Interrupted.into());
        }
    };
    open::disconnect(&client, &plan.connect).await;
    let tally = result?;
    match tally.summary() {
        Some(summary) => Err(coded(Exit::PublishFailed, summary)),
        None => Ok(ExitCode::SUCCESS),
    }
}

async fn publish_all(
    client: &Client,
    mut events: Events,
    plan: &PublishPlan,
) -> anyhow::Result<Tally> {
    let mut input = match &plan.source {
        Source::Fixed(payload) => {
            Input::Fixed { payload: payload.clone(), remaining: plan.repeat, first: true }
        }
        Source::Lines | Source::JsonLines => {
            let receiver = spawn_line_reader(std::io::stdin(), 4);
            Input::Lines { receiver, line_number: 0, skipped: 0 }
        }
    };
    let mut pending = FuturesUnordered::new();
    let mut tally = Tally::default();
    let quiet = plan.connect.quiet;
    let mut events_open = true;
    // A bad input line: what came before it is still sent and confirmed.
    let mut failure: Option<anyhow::Error> = None;
    loop {
        if matches!(input, Input::Done) && pending.is_empty() {
            return match failure {
                Some(err) => {
                    if let Some(summary) = tally.summary() {
                        diag!("mqtt: {summary}");
                    }
                    Err(err)
                }
                None => Ok(tally),
            };
        }
        tokio::select! {
            biased;
            Some(outcome) = pending.next(), if !pending.is_empty() => tally.record(outcome),
            event = events.recv(), if events_open => match event {
                Some(Event::Disconnected { reason }) => {
                    if !quiet {
                        diag!("mqtt: connection lost ({reason}); reconnecting");
                    }
                    if !streaming(plan) {
                        return Err(coded(Exit::ConnectionLost, format!("connection lost: {reason}")));
                    }
                }
                Some(Event::Reconnected { session_present, undelivered, .. }) => {
                    if !quiet {
                        let resent = if session_present { "session resumed" } else { "new session" };
                        diag!(
                            "mqtt: reconnected to {} ({resent}; publishing {} unconfirmed again)",
                            plan.connect.address(),
                            undelivered.len()
                        );
                    }
                    for message in undelivered {
                        send(client, outgoing(message), &mut pending).await?;
                    }
                }
                Some(Event::Message(_)) => {}
                None => events_open = false,
            },
            step = next_messages(&mut input, plan) => {
                let (messages, error) = step;
                for message in messages {
                    tally.sent += 1;
                    send(client, message, &mut pending).await?;
                }
                if let Some(err) = error {
                    failure = Some(with_count_sent(err, tally.sent));
                    input = Input::Done;
                }
            }
        }
    }
}

/// A bad input line's error, saying how many messages went out before it.
fn with_count_sent(err: anyhow::Error, sent: u64) -> anyhow::Error {
    match err.downcast_ref::<CodedError>() {
        Some(coded_error) => coded(
            coded_error.code,
            format!("{}; the {sent} message(s) before it were sent", coded_error.message),
        ),
        None => err,
    }
}

fn streaming(plan: &PublishPlan) -> bool {
    matches!(plan.source, Source::Lines | Source::JsonLines)
}

/// The next messages to send, and the error that stopped the input, if
/// any (the messages before it are still to be sent); sets `input` to
/// `Done` at the end.
async fn next_messages(
    input: &mut Input,
    plan: &PublishPlan,
) -> (Vec<OutgoingPublish>, Option<anyhow::Error>) {
    match input {
        Input::Fixed { payload, remaining, first } => {
            if !*first && !plan.repeat_delay.is_zero() {
                tokio::time::sleep(plan.repeat_delay).await;
            }
            *first = false;
            let message = build(plan, payload.clone());
            *remaining -= 1;
            if *remaining == 0 {
                *input = Input::Done;
            }
            match message {
                Ok(message) => (vec![message], None),
                Err(err) => (Vec::new(), Some(err)),
            }
        }
        Input::Lines { receiver, line_number, skipped } => {
            let Some(batch) = receiver.recv().await else {
                if *skipped > 0 {
                    diag!("mqtt: skipped {skipped} invalid line(s) of {line_number}");
                }
                *input = Input::Done;
                return (Vec::new(), None);
            };
            let batch = match batch.context("reading standard input") {
                Ok(batch) => batch,
                Err(err) => return (Vec::new(), Some(err)),
            };
            let mut messages = Vec::with_capacity(batch.len());
            for line in batch {
                *line_number += 1;
                let message = match plan.source {
                    Source::JsonLines => json_replay::message(&line, *line_number, plan),
                    _ => build(plan, line).map(Some),
                };
                match message {
                    Ok(message) => messages.extend(message),
                    Err(err) if plan.skip_invalid => {
                        diag!("mqtt: skipped {err:#}");
                        *skipped += 1;
                    }
                    Err(err) => return (messages, Some(err)),
                }
            }
            (messages, None)
        }
        Input::Done => std::future::pending().await,
    }
}

/// A PUBLISH of `payload` with the plan's topic, QoS, retain and properties.
fn build(plan: &PublishPlan, payload: Bytes) -> anyhow::Result<OutgoingPublish> {
    Ok(OutgoingPublish {
        topic: plan.topic.clone().context("no topic")?,
        payload,
        qos: plan.qos.unwrap_or_default(),
        retain: plan.retain,
        properties: plan.properties.clone(),
    })
}

/// An unconfirmed message handed back after a reconnect, to send again.
fn outgoing(publish: Publish) -> OutgoingPublish {
    OutgoingPublish {
        topic: publish.topic,
        payload: publish.payload,
        qos: publish.qos,
        retain: publish.retain,
        properties: publish.properties,
    }
}

async fn send(
    client: &Client,
    message: OutgoingPublish,
    pending: &mut FuturesUnordered<PublishHandle>,
) -> anyhow::Result<()> {
    let qos = message.qos;
    let handle = client
        .publish(message)
        .await
        .map_err(|err| coded(Exit::ConnectionLost, format!("publishing: {err}")))?;
    if qos != QoS::AtMostOnce {
        pending.push(handle);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use mqtt_client::{AckProperties, ClientError, PublishOutcome};

    use super::Tally;

    fn outcome(code: u8, name: &'static str) -> Result<PublishOutcome, ClientError> {
        Ok(PublishOutcome {
            packet_id: None,
            reason_code: code,
            reason_name: name,
            properties: AckProperties::default(),
        })
    }

    #[test]
    fn summary_counts_rejections_by_reason_and_losses() {
        let mut tally = Tally { sent: 6, ..Tally::default() };
        tally.record(outcome(0, "Success"));
        tally.record(outcome(0x10, "No matching subscribers"));
        tally.record(outcome(0x87, "Not authorized"));
        tally.record(outcome(0x87, "Not authorized"));
        tally.record(Err(ClientError::Closed));
        // Handed back after a reconnect and published again: not a failure.
        tally.record(Err(ClientError::SessionLost));
        assert_eq!(
            tally.summary().unwrap(),
            "3 of 6 messages were not delivered: 2 rejected (Not authorized (0x87)), \
             1 never acknowledged (the client is closed)"
        );
        assert_eq!(Tally::default().summary(), None);
    }
}
