//! `mqtt pub`: send the planned messages, wait for every QoS 1/2
//! acknowledgement, and fail (exit 7) when any was rejected or never came.
//!
//! Policy:
//! * QoS 1/2 publishes are pipelined: `Client::publish` waits only for a
//!   free in-flight slot, and a tally task awaits the acknowledgements in
//!   order, so the window (`-M`, capped by the broker's Receive Maximum)
//!   stays full.
//! * `-l` and `--json-lines` read stdin on their own thread and publish
//!   lines as they arrive; the connection has a reconnect policy so a long
//!   stream survives a broker restart, and the client resends what was not
//!   acknowledged.
//! * The run ends with a DISCONNECT once everything was acknowledged, then
//!   one summary line on stderr when something failed.

use std::process::ExitCode;

use anyhow::Context;
use bytes::Bytes;
use mqtt_client::{Client, DisconnectReasonCode, Event, Events, OutgoingPublish, PublishHandle, QoS, Topic};
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
    acknowledged: u64,
    /// Rejections by reason, e.g. "0x87 NotAuthorized" → 3.
    rejected: std::collections::BTreeMap<String, u64>,
    lost: u64,
}

impl Tally {
    fn failures(&self) -> u64 {
        self.rejected.values().sum::<u64>() + self.lost
    }
}

/// Runs `mqtt pub`.
pub async fn run(plan: PublishPlan) -> anyhow::Result<ExitCode> {
    let streaming = matches!(plan.source, Source::Lines | Source::JsonLines);
    let tuning = Tuning { max_inflight: plan.max_inflight, reconnect: streaming };
    let options = session::options(&plan.connect, &tuning)?;
    let (client, events) =
        mqtt_client::connect(options).await.map_err(|err| session::connect_error(&plan.connect, err))?;
    let quiet = plan.connect.quiet;
    let authority = plan.connect.broker.authority();
    let watcher = tokio::spawn(watch_events(events, quiet, authority));

    let (handles, tally) = spawn_tally(plan.max_inflight);
    let sent = tokio::select! {
        sent = publish_all(&client, &plan, &handles) => sent,
        _ = tokio::signal::ctrl_c() => {
            disconnect(&client).await;
            return Ok(Exit::Interrupted.into());
        }
    };
    drop(handles);
    let tally = tally.await.context("waiting for acknowledgements")?;
    disconnect(&client).await;
    watcher.abort();
    let sent = sent?;

    let failures = tally.failures();
    if failures > 0 {
        let mut parts = Vec::new();
        for (reason, count) in &tally.rejected {
            parts.push(format!("{count} rejected ({reason})"));
        }
        if tally.lost > 0 {
            parts.push(format!("{} never acknowledged", tally.lost));
        }
        return Err(coded(
            Exit::PublishFailed,
            format!("{failures} of {sent} messages were not delivered: {}", parts.join(", ")),
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Sends every planned message; returns how many were handed to the client.
async fn publish_all(
    client: &Client,
    plan: &PublishPlan,
    handles: &mpsc::Sender<PublishHandle>,
) -> anyhow::Result<u64> {
    let qos = session::qos(plan.qos.unwrap_or(0));
    let topic = match &plan.topic {
        Some(topic) => Some(Topic::new(topic).context("-t")?),
        None => None,
    };
    let properties = session::publish_properties(&plan.properties)?;
    let template = |payload: Bytes| OutgoingPublish {
        topic: topic.clone().expect("a topic outside --json-lines"),
        payload,
        qos,
        retain: plan.retain,
        properties: properties.clone(),
    };
    let mut sent = 0;
    match &plan.source {
        Source::Fixed(payload) => {
            for round in 0..plan.repeat {
                if round > 0 && !plan.repeat_delay.is_zero() {
                    tokio::time::sleep(plan.repeat_delay).await;
                }
                send(client, template(payload.clone()), handles).await?;
                sent += 1;
            }
        }
        Source::Lines => {
            let mut lines = spawn_line_reader(std::io::stdin(), 4);
            while let Some(batch) = lines.recv().await {
                for line in batch.context("reading standard input")? {
                    send(client, template(line), handles).await?;
                    sent += 1;
                }
            }
        }
        Source::JsonLines => {
            let mut lines = spawn_line_reader(std::io::stdin(), 4);
            let mut line_number = 0u64;
            while let Some(batch) = lines.recv().await {
                for line in batch.context("reading standard input")? {
                    line_number += 1;
                    let Some(message) = json_replay::message(&line, line_number, plan)? else { continue };
                    send(client, message, handles).await?;
                    sent += 1;
                }
            }
        }
    }
    Ok(sent)
}

async fn send(
    client: &Client,
    message: OutgoingPublish,
    handles: &mpsc::Sender<PublishHandle>,
) -> anyhow::Result<()> {
    let qos = message.qos;
    let handle = client.publish(message).await.map_err(|err| {
        coded(Exit::ConnectionLost, format!("publishing: {err}"))
    })?;
    if qos != QoS::AtMostOnce {
        // The tally task is gone only after a panic; nothing to add then.
        let _ = handles.send(handle).await;
    }
    Ok(())
}

/// A task that awaits each handle in order and counts the outcomes.
fn spawn_tally(window: u16) -> (mpsc::Sender<PublishHandle>, tokio::task::JoinHandle<Tally>) {
    let (sender, mut receiver) = mpsc::channel::<PublishHandle>(usize::from(window).max(1) * 2);
    let task = tokio::spawn(async move {
        let mut tally = Tally::default();
        while let Some(handle) = receiver.recv().await {
            tally.sent += 1;
            match handle.await {
                Ok(outcome) if u8::from(outcome.reason_code) < 0x80 => tally.acknowledged += 1,
                Ok(outcome) => {
                    let reason = session::describe(outcome.reason_code, outcome.reason_string.as_deref());
                    *tally.rejected.entry(reason).or_default() += 1;
                }
                Err(_) => tally.lost += 1,
            }
        }
        tally
    });
    (sender, task)
}

/// Reports connection changes on stderr while publishing.
async fn watch_events(mut events: Events, quiet: bool, authority: String) {
    while let Some(event) = events.recv().await {
        match event {
            Event::Disconnected { reason } if !quiet => {
                eprintln!("mqtt: connection lost ({reason}); reconnecting")
            }
            Event::Reconnected { .. } if !quiet => eprintln!("mqtt: reconnected to {authority}"),
            _ => {}
        }
    }
}

async fn disconnect(client: &Client) {
    let _ = tokio::time::timeout(
        session::DISCONNECT_WAIT,
        client.disconnect(DisconnectReasonCode::NormalDisconnection),
    )
    .await;
}
