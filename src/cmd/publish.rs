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

use crate::cmd::json_replay;
use crate::cmd::lines::spawn_line_reader;
use crate::cmd::publish_plan::{PublishPlan, Source};
use crate::cmd::session::{self, Tuning};
use crate::exit::{coded, Exit};

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
                let reason_string =
                    outcome.properties.reason_string.as_ref().map(|text| text.as_str());
                let reason =
                    session::describe(outcome.reason_name, outcome.reason_code, reason_string);
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
    Fixed { payload: Bytes, remaining: u64, first: bool },
    Lines { receiver: mpsc::Receiver<std::io::Result<Vec<Bytes>>>, line_number: u64 },
    Done,
}

/// Runs `mqtt pub`.
pub async fn run(plan: PublishPlan) -> anyhow::Result<ExitCode> {
    let streaming = matches!(plan.source, Source::Lines | Source::JsonLines);
    let tuning = Tuning { max_inflight: plan.max_inflight, reconnect: streaming };
    let options = session::options(&plan.connect, &tuning)?;
    let (client, events) = mqtt_client::connect(options)
        .await
        .map_err(|err| session::connect_error(&plan.connect, err))?;
    let interrupt = tokio::signal::ctrl_c();
    tokio::pin!(interrupt);
    let result = tokio::select! {
        result = publish_all(&client, events, &plan) => result,
        _ = &mut interrupt => {
            session::disconnect(&client, &plan.connect).await;
            return Ok(Exit::Interrupted.into());
        }
    };
    session::disconnect(&client, &plan.connect).await;
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
            Input::Lines { receiver: spawn_line_reader(std::io::stdin(), 4), line_number: 0 }
        }
    };
    let mut pending = FuturesUnordered::new();
    let mut tally = Tally::default();
    let quiet = plan.connect.quiet;
    let mut events_open = true;
    loop {
        if matches!(input, Input::Done) && pending.is_empty() {
            return Ok(tally);
        }
        tokio::select! {
            biased;
            Some(outcome) = pending.next(), if !pending.is_empty() => tally.record(outcome),
            event = events.recv(), if events_open => match event {
                Some(Event::Disconnected { reason }) => {
                    if !quiet {
                        eprintln!("mqtt: connection lost ({reason}); reconnecting");
                    }
                    if !streaming(plan) {
                        return Err(coded(Exit::ConnectionLost, format!("connection lost: {reason}")));
                    }
                }
                Some(Event::Reconnected { session_present, undelivered, .. }) => {
                    if !quiet {
                        let resent = if session_present { "session resumed" } else { "new session" };
                        eprintln!(
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
                for message in step? {
                    tally.sent += 1;
                    send(client, message, &mut pending).await?;
                }
            }
        }
    }
}

fn streaming(plan: &PublishPlan) -> bool {
    matches!(plan.source, Source::Lines | Source::JsonLines)
}

/// The next messages to send; sets `input` to `Done` at the end.
async fn next_messages(
    input: &mut Input,
    plan: &PublishPlan,
) -> anyhow::Result<Vec<OutgoingPublish>> {
    match input {
        Input::Fixed { payload, remaining, first } => {
            if !*first && !plan.repeat_delay.is_zero() {
                tokio::time::sleep(plan.repeat_delay).await;
            }
            *first = false;
            let message = build(plan, payload.clone())?;
            *remaining -= 1;
            if *remaining == 0 {
                *input = Input::Done;
            }
            Ok(vec![message])
        }
        Input::Lines { receiver, line_number } => {
            let Some(batch) = receiver.recv().await else {
                *input = Input::Done;
                return Ok(Vec::new());
            };
            let mut messages = Vec::new();
            for line in batch.context("reading standard input")? {
                *line_number += 1;
                let message = match plan.source {
                    Source::JsonLines => json_replay::message(&line, *line_number, plan)?,
                    _ => Some(build(plan, line)?),
                };
                messages.extend(message);
            }
            Ok(messages)
        }
        Input::Done => std::future::pending().await,
    }
}

/// A PUBLISH of `payload` with the plan's topic, QoS, retain and properties.
fn build(plan: &PublishPlan, payload: Bytes) -> anyhow::Result<OutgoingPublish> {
    Ok(OutgoingPublish {
        topic: plan.topic.clone().context("no topic")?,
        payload,
        qos: session::qos(plan.qos.unwrap_or(0)),
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
