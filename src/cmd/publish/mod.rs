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
//!   They give up after `--reconnect-limit` failed attempts in a row
//!   (default 10, about 80 s), or at once with `--no-reconnect`: exit 8,
//!   saying how many messages were not confirmed. So does Ctrl-C (130).
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
use mqtt_codec::Encoder;
use tokio::sync::mpsc;

use self::lines::spawn_line_reader;
use self::plan::{encode_payload, PublishPlan, Source};
use crate::connect::open::{self, Interrupt, Tuning};
use crate::exit::{coded, usage, CodedError, Exit};

mod json_replay;
mod lines;
pub mod plan;

/// Outcomes of the QoS 1/2 publishes.
#[derive(Debug, Default)]
struct Tally {
    sent: u64,
    /// Of `sent`, those sent at QoS 0, which nothing confirms.
    qos0: u64,
    /// QoS 1/2 messages the broker accepted.
    confirmed: u64,
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
            Ok(outcome) if outcome.is_success() => self.confirmed += 1,
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

    /// `3 of 10 lines were not confirmed`: QoS 1/2 messages handed over
    /// without an answer from the broker yet.
    fn unconfirmed(&self, unit: &str) -> String {
        let rejected = self.rejected.values().sum::<u64>();
        let answered = self.confirmed + rejected + self.qos0;
        let missing = self.sent.saturating_sub(answered);
        let qos0 = match self.qos0 {
            0 => String::new(),
            count => format!(" ({count} sent at QoS 0, which is never confirmed)"),
        };
        format!("{missing} of {} {unit} were not confirmed{qos0}", self.sent)
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

/// How the publish loop ended without an error.
enum Ended {
    /// Every message was sent and answered.
    Done,
    /// Ctrl-C.
    Interrupted,
}

/// Runs `mqtt pub`.
pub async fn run(plan: PublishPlan) -> anyhow::Result<ExitCode> {
    let tuning = Tuning {
        max_inflight: plan.max_inflight,
        reconnect: plan.reconnect,
        reconnect_limit: Some(plan.reconnect_limit),
    };
    let options = open::options(&plan.connect, &tuning)?;
    let mut interrupt = Interrupt::listen()?;
    let Some((client, events)) = open::connect(&plan.connect, options, &mut interrupt).await?
    else {
        return Ok(Exit::Interrupted.into());
    };
    let mut tally = Tally::default();
    let result = publish_all(&client, events, &plan, &mut tally, &mut interrupt).await;
    open::disconnect(&client, &plan.connect).await;
    match result? {
        Ended::Interrupted => {
            let streaming = matches!(plan.source, Source::Lines | Source::JsonLines);
            if (streaming || tally.sent > 0) && !plan.connect.quiet {
                diag!("mqtt: interrupted: {}", tally.unconfirmed(unit(&plan.source)));
            }
            Ok(Exit::Interrupted.into())
        }
        Ended::Done => match tally.summary() {
            Some(summary) => Err(coded(Exit::PublishFailed, summary)),
            None => Ok(ExitCode::SUCCESS),
        },
    }
}

/// What the input is counted in.
fn unit(source: &Source) -> &'static str {
    match source {
        Source::Lines => "lines",
        _ => "messages",
    }
}

/// The link is gone for good: exit 8 with what was not confirmed.
fn lost(plan: &PublishPlan, tally: &Tally, why: String) -> anyhow::Error {
    coded(Exit::ConnectionLost, format!("{why}; {}", tally.unconfirmed(unit(&plan.source))))
}

/// The link failed for good. A broker that broke the protocol, or left a
/// message unacknowledged past `--ack-timeout`, did not confirm what it
/// got: a publish failure (7). Anything else is a lost connection (8).
fn link_failed(plan: &PublishPlan, tally: &Tally, reason: ClientError) -> anyhow::Error {
    let unconfirmed = tally.unconfirmed(unit(&plan.source));
    match reason {
        ClientError::Protocol(_) | ClientError::Decode(_) => {
            coded(Exit::PublishFailed, format!("{reason}; {unconfirmed}"))
        }
        ClientError::AckTimeout { .. } => {
            coded(Exit::PublishFailed, format!("{reason} (--ack-timeout); {unconfirmed}"))
        }
        reason => lost(plan, tally, format!("connection lost: {reason}")),
    }
}

/// The client would not take a message. Refused before sending (too large
/// for the broker, a QoS or retain it does not support): rejected (7),
/// naming the limit. A closed client: the link is gone.
fn send_failed(
    plan: &PublishPlan,
    tally: &Tally,
    err: ClientError,
    gave_up: impl Fn(&Tally) -> anyhow::Error,
) -> anyhow::Error {
    match err {
        ClientError::PacketTooLarge { .. }
        | ClientError::QoSNotSupported { .. }
        | ClientError::RetainNotSupported
        | ClientError::TopicAliasInvalid { .. }
        | ClientError::Encode(_) => coded(
            Exit::PublishFailed,
            format!("not sent: {err}; {}", tally.unconfirmed(unit(&plan.source))),
        ),
        _ if plan.reconnect => gave_up(tally),
        err => lost(plan, tally, format!("publishing: {err}")),
    }
}

async fn publish_all(
    client: &Client,
    mut events: Events,
    plan: &PublishPlan,
    tally: &mut Tally,
    interrupt: &mut Interrupt,
) -> anyhow::Result<Ended> {
    let mut input = match &plan.source {
        Source::Fixed(payload) => {
            Input::Fixed { payload: payload.clone(), remaining: plan.repeat, first: true }
        }
        Source::Lines | Source::JsonLines => {
            let receiver = spawn_line_reader(std::io::stdin(), 4);
            Input::Lines { receiver, line_number: 0, skipped: 0 }
        }
    };
    let mut encoder = plan.encode.clone().map(Encoder::new);
    let mut pending = FuturesUnordered::new();
    let quiet = plan.connect.quiet;
    let mut events_open = true;
    // Between a lost link and the reconnect (or giving up).
    let mut link_down = false;
    // A bad input line: what came before it is still sent and confirmed.
    let mut failure: Option<anyhow::Error> = None;
    let gave_up = |tally: &Tally| {
        let why = format!(
            "gave up reconnecting to {} after {} failed attempts (--reconnect-limit)",
            plan.connect.address(),
            plan.reconnect_limit
        );
        lost(plan, tally, why)
    };
    loop {
        // Messages failed while the link was down: the client gave up, and
        // the end of the events says so.
        let giving_up = link_down && events_open && !tally.lost.is_empty();
        if matches!(input, Input::Done) && pending.is_empty() && !giving_up {
            return match failure {
                Some(err) => {
                    if let Some(summary) = tally.summary() {
                        diag!("mqtt: {summary}");
                    }
                    Err(err)
                }
                None => Ok(Ended::Done),
            };
        }
        tokio::select! {
            biased;
            _ = interrupt.wait() => return Ok(Ended::Interrupted),
            Some(outcome) = pending.next(), if !pending.is_empty() => tally.record(outcome),
            event = events.recv(), if events_open => match event {
                Some(Event::Disconnected { reason }) => {
                    if !plan.reconnect || !reason.is_retryable() {
                        return Err(link_failed(plan, tally, reason));
                    }
                    link_down = true;
                    if !quiet {
                        diag!("mqtt: connection lost ({reason}); reconnecting");
                    }
                }
                Some(Event::Reconnected { session_present, undelivered, .. }) => {
                    link_down = false;
                    if !quiet {
                        let resent = if session_present { "session resumed" } else { "new session" };
                        diag!(
                            "mqtt: reconnected to {} ({resent}; publishing {} unconfirmed again)",
                            plan.connect.address(),
                            undelivered.len()
                        );
                    }
                    for message in undelivered {
                        match send(client, outgoing(message), &mut pending, interrupt).await {
                            Ok(true) => {}
                            Ok(false) => return Ok(Ended::Interrupted),
                            Err(err) => return Err(send_failed(plan, tally, err, gave_up)),
                        }
                    }
                }
                Some(Event::Message(_)) => {}
                None => {
                    events_open = false;
                    if plan.reconnect {
                        return Err(gave_up(tally));
                    }
                }
            },
            step = next_messages(&mut input, plan, &mut encoder) => {
                let (messages, error) = step;
                tally.sent += messages.len() as u64;
                for message in messages {
                    if message.qos == QoS::AtMostOnce {
                        tally.qos0 += 1;
                    }
                    match send(client, message, &mut pending, interrupt).await {
                        Ok(true) => {}
                        Ok(false) => return Ok(Ended::Interrupted),
                        Err(err) => return Err(send_failed(plan, tally, err, gave_up)),
                    }
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

/// The next messages to send, and the error that stopped the input, if
/// any (the messages before it are still to be sent); sets `input` to
/// `Done` at the end.
async fn next_messages(
    input: &mut Input,
    plan: &PublishPlan,
    encoder: &mut Option<Encoder>,
) -> (Vec<OutgoingPublish>, Option<anyhow::Error>) {
    match input {
        Input::Fixed { payload, remaining, first } => {
            if !*first && !plan.repeat_delay.is_zero() {
                tokio::time::sleep(plan.repeat_delay).await;
            }
            *first = false;
            // Encoded per message: Sparkplug numbers each one.
            let message = match encoder {
                Some(encoder) => {
                    encode_payload(encoder, payload).and_then(|bytes| build(plan, bytes))
                }
                None => build(plan, payload.clone()),
            };
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
                if *skipped > 0 && !plan.connect.quiet {
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
                    Source::JsonLines => {
                        json_replay::message(&line, *line_number, plan, encoder.as_mut())
                    }
                    _ => match encoder {
                        Some(encoder) => encode_payload(encoder, &line)
                            .map_err(|err| {
                                usage(format!("standard input line {line_number}: {err:#}"))
                            })
                            .and_then(|bytes| build(plan, bytes))
                            .map(Some),
                        None => build(plan, line).map(Some),
                    },
                };
                match message {
                    Ok(message) => messages.extend(message),
                    Err(err) if plan.skip_invalid => {
                        if !plan.connect.quiet {
                            diag!("mqtt: skipped {err:#}");
                        }
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

/// Hands `message` to the client (waiting while its queue is full, e.g.
/// while reconnecting); `Ok(false)` when Ctrl-C came first.
async fn send(
    client: &Client,
    message: OutgoingPublish,
    pending: &mut FuturesUnordered<PublishHandle>,
    interrupt: &mut Interrupt,
) -> Result<bool, ClientError> {
    let qos = message.qos;
    let handle = tokio::select! {
        biased;
        _ = interrupt.wait() => return Ok(false),
        handle = client.publish(message) => handle?,
    };
    if qos != QoS::AtMostOnce {
        pending.push(handle);
    }
    Ok(true)
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
