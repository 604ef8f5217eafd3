//! The requesting side of `mqtt rr`: subscribe to the response topic, then
//! publish the request(s) and print the responses that answer them.
//!
//! Policy:
//! * The subscription is acknowledged before the first request goes out,
//!   so no response can arrive before anyone listens.
//! * `-l` requests are pipelined: each line is published as it is read,
//!   with its own correlation data (`PREFIX-N`), without waiting for the
//!   answers to the earlier ones; responses are printed as they come.
//! * The run ends when the requests are all sent and answered (`-C` times
//!   each); `-W` ends it early with exit 27, saying how many wait.
//! * A rejected request (MQTT 5 reason code >= 0x80) is exit 7; a lost
//!   connection is exit 8 (rr does not reconnect: the subscription and the
//!   correlation would be lost with the session).

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use bytes::Bytes;
use futures_util::stream::{FuturesUnordered, StreamExt};
use mqtt_client::{
    Client, Event, OutgoingPublish, ProtocolVersion, PublishHandle, SubscribeProperties,
    SubscriptionOptions, TopicFilter,
};
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

use crate::cmd::rr::pending::Pending;
use crate::cmd::rr::plan::{RequestPlan, Requests};
use crate::connect::open::{self, Interrupt, Tuning};
use crate::connect::ConnectPlan;
use crate::exit::{coded, Exit};
use crate::output::printer::MessagePrinter;

/// Runs the requester.
pub async fn run(connect: ConnectPlan, plan: RequestPlan) -> anyhow::Result<ExitCode> {
    let options = open::options(&connect, &Tuning::default())?;
    let mut interrupt = Interrupt::listen()?;
    let deadline = plan.timeout.map(|timeout| Instant::now() + timeout);
    let timed_out = || {
        coded(Exit::Timeout, format!("-W ran out before the response from {}", connect.address()))
    };
    let connected = tokio::select! {
        connected = open::connect(&connect, options, &mut interrupt) => connected?,
        _ = sleep_until(deadline.unwrap_or_else(far)), if deadline.is_some() => return Err(timed_out()),
    };
    let Some((client, mut events)) = connected else { return Ok(Exit::Interrupted.into()) };
    let filter = TopicFilter::try_from(plan.response_topic.as_str())
        .context("the response topic as a filter")?;
    let subscription = vec![(filter, SubscriptionOptions::new(plan.qos))];
    tokio::select! {
        subscribed = open::subscribe(&client, subscription, SubscribeProperties::default()) => {
            subscribed?;
        }
        _ = sleep_until(deadline.unwrap_or_else(far)), if deadline.is_some() => return Err(timed_out()),
        _ = interrupt.wait() => return Ok(Exit::Interrupted.into()),
    }

    let by_correlation = connect.protocol == ProtocolVersion::V5;
    let mut sender =
        Sender { client: &client, plan: &plan, acks: FuturesUnordered::new(), next: 0 };
    let mut pending = Pending::new(plan.per_request);
    let mut lines = match &plan.requests {
        Requests::One(payload) => {
            sender.send(payload.clone(), &mut pending).await?;
            None
        }
        Requests::Lines => Some(read_lines()),
    };
    let mut printer = MessagePrinter::new(&plan.output, std::io::stdout().is_terminal());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut batch = Vec::with_capacity(64);
    let outcome = loop {
        if lines.is_none() && pending.waiting() == 0 {
            break Ok(ExitCode::SUCCESS);
        }
        tokio::select! {
            biased;
            _ = interrupt.wait() => break Ok(Exit::Interrupted.into()),
            _ = sleep_until(deadline.unwrap_or_else(far)), if deadline.is_some() => {
                let waiting = pending.waiting();
                break Err(coded(Exit::Timeout, format!(
                    "-W ran out with {waiting} of {} requests still waiting for a response", pending.sent()
                )));
            }
            acked = sender.acks.next(), if !sender.acks.is_empty() => {
                if let Some(Err(error)) = acked {
                    break Err(error);
                }
            }
            count = events.recv_many(&mut batch, 64) => {
                if count == 0 {
                    break Err(coded(Exit::ConnectionLost, "the connection ended"));
                }
                for event in batch.drain(..) {
                    match event {
                        Event::Message(message) => {
                            let Some(sent_at) = pending.accept(&message, by_correlation) else { continue };
                            // A payload that does not decode was reported on stderr;
                            // rr has no --strict-decode.
                            let _shown = printer.print(&mut out, &message, SystemTime::now()).context("writing to stdout")?;
                            out.flush().context("writing to stdout")?;
                            if plan.latency {
                                diag!("Latency: {}", latency(sent_at.elapsed()));
                            }
                        }
                        Event::Disconnected { reason } => {
                            return Err(coded(Exit::ConnectionLost, format!("connection lost: {reason}")));
                        }
                        Event::Reconnected { .. } => {}
                    }
                }
            }
            // After the responses: a fast stdin must not starve their reading.
            line = next_line(&mut lines) => match line {
                Some(payload) => sender.send(payload, &mut pending).await?,
                None => lines = None,
            },
        }
    };
    out.flush().context("writing to stdout")?;
    if pending.ignored > 0 && !connect.quiet {
        let what =
            if by_correlation { "whose correlation data matched no request" } else { "retained" };
        diag!("mqtt: ignored {} messages on the response topic {what}", pending.ignored);
    }
    open::disconnect(&client, &connect).await;
    outcome
}

/// Publishes requests and keeps their acknowledgements.
struct Sender<'a> {
    client: &'a Client,
    plan: &'a RequestPlan,
    acks: FuturesUnordered<Acknowledgement>,
    next: u64,
}

type Acknowledgement = std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>>>>;

impl Sender<'_> {
    async fn send(&mut self, payload: Bytes, pending: &mut Pending) -> anyhow::Result<()> {
        let correlation = self.plan.correlation.as_ref().map(|prefix| match self.plan.requests {
            Requests::One(_) => prefix.clone(),
            Requests::Lines => {
                Bytes::from(format!("{}-{}", String::from_utf8_lossy(prefix), self.next))
            }
        });
        self.next += 1;
        let mut properties = self.plan.properties.clone();
        if let Some(data) = &correlation {
            properties.set_response_topic(self.plan.response_topic.clone());
            properties.set_correlation_data(data.clone());
        }
        let message = OutgoingPublish {
            topic: self.plan.topic.clone(),
            payload,
            qos: self.plan.qos,
            retain: false,
            properties,
        };
        pending.add(correlation, Instant::now().into_std());
        let handle = self.client.publish(message).await.context("publishing the request")?;
        self.acks.push(Box::pin(acknowledged(handle)));
        Ok(())
    }
}

async fn acknowledged(handle: PublishHandle) -> anyhow::Result<()> {
    let outcome = handle.await.context("publishing the request")?;
    if outcome.is_success() {
        return Ok(());
    }
    let reason = outcome.properties.reason_string().map(|text| text.as_str());
    Err(coded(
        Exit::PublishFailed,
        format!(
            "the broker rejected the request: {}",
            open::describe(outcome.reason_name, outcome.reason_code, reason)
        ),
    ))
}

/// Lines of stdin (without their `\n`) on a thread of their own.
fn read_lines() -> mpsc::Receiver<Bytes> {
    let (sender, receiver) = mpsc::channel(256);
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut line = Vec::new();
        loop {
            line.clear();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    if line.last() == Some(&b'\n') {
                        line.pop();
                    }
                    if sender.blocking_send(Bytes::copy_from_slice(&line)).is_err() {
                        return;
                    }
                }
            }
        }
    });
    receiver
}

async fn next_line(lines: &mut Option<mpsc::Receiver<Bytes>>) -> Option<Bytes> {
    match lines {
        Some(receiver) => receiver.recv().await,
        None => std::future::pending().await,
    }
}

/// mosquitto_rr's `Latency:` wording: ns, µs or ms below a second, else
/// seconds with nine decimals.
pub fn latency(elapsed: Duration) -> String {
    let nanos = elapsed.subsec_nanos();
    match elapsed.as_secs() {
        0 if nanos < 1_000 => format!("{nanos}ns"),
        0 if nanos < 1_000_000 => format!("{:.6}µs", f64::from(nanos) / 1e3),
        0 => format!("{:.6}ms", f64::from(nanos) / 1e6),
        seconds => format!("{seconds}.{nanos:09}"),
    }
}

/// A deadline that never comes (for disabled timers).
fn far() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::latency;

    #[test]
    fn latency_reads_as_mosquitto_rr_prints_it() {
        assert_eq!(latency(Duration::from_nanos(999)), "999ns");
        assert_eq!(latency(Duration::from_nanos(1_500)), "1.500000µs");
        assert_eq!(latency(Duration::from_micros(2_345)), "2.345000ms");
        assert_eq!(latency(Duration::from_millis(1_250)), "1.250000000");
    }
}
