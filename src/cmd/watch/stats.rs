//! `mqtt watch --stats` (and off a terminal): every `--interval`, one
//! line per topic that received messages since the last report, with its
//! count, rates (over the interval), QoS, retained state, last payload and
//! number; `--json` writes the same as one object per line. When
//! `--duration` ends (or Ctrl-C), a final report lists every topic.
//!
//! Policy: text for a terminal has its topics and payloads escaped; a pipe
//! gets them as they are, as `sub` does. The decoder's notes (Sparkplug
//! sequence gaps, unknown aliases) go to stderr, as `sub --decode`'s do. `--json` payloads are UTF-8 text,
//! or base64 in `payload_base64` when they are not.

use std::collections::HashMap;
use std::io::{BufWriter, Write};

use anyhow::Context;
use base64::Engine;
use mqtt_client::{Client, Event, Events};
use mqtt_watch::{NodeId, Topic, TopicTree};
use serde_json::{json, Map, Value};
use tokio::time::{interval_at, Instant, MissedTickBehavior};

use crate::cmd::watch::feed::{Decoded, Feed};
use crate::cmd::watch::plan::WatchPlan;
use crate::cmd::watch::{End, Setup};
use crate::connect::open::Interrupt;
use crate::exit::{coded, Exit};
use crate::output::sanitize::{self, Layout};

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text { escape: bool },
    Json,
}

/// Longest payload shown in a text line.
const PAYLOAD_TEXT: usize = 80;

/// Events taken from the connection at a time.
const BATCH: usize = 1024;

/// Runs the statistics loop.
pub async fn run(
    plan: &WatchPlan,
    client: &Client,
    events: &mut Events,
    interrupt: &mut Interrupt,
    setup: &mut Setup,
    format: Format,
) -> anyhow::Result<End> {
    let started = Instant::now();
    let mut tree = TopicTree::new(plan.settings);
    let mut decoded = HashMap::new();
    let mut feed = Feed::new(plan.decode.clone(), plan.value.clone());
    let mut ticker = interval_at(started + plan.interval, plan.interval);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let ends_at = plan.duration.map(|duration| started + duration);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut batch = Vec::with_capacity(BATCH);
    let end = loop {
        tokio::select! {
            biased;
            _ = interrupt.wait() => break End::Interrupted,
            err = setup.failed() => return Err(err),
            _ = tokio::time::sleep_until(ends_at.unwrap_or_else(super::far)), if ends_at.is_some() => {
                break End::Done;
            }
            _ = ticker.tick() => {
                let now = started.elapsed();
                tree.tick(now);
                let report = Report { tree: &tree, decoded: &decoded, format, last: false };
                report.write(&mut out, now.as_secs_f64()).context("writing to stdout")?;
            }
            count = events.recv_many(&mut batch, BATCH) => {
                if count == 0 {
                    out.flush().context("writing to stdout")?;
                    return Err(coded(Exit::ConnectionLost, "the connection ended"));
                }
                let now = started.elapsed();
                for event in batch.drain(..) {
                    match event {
                        Event::Message(message) => {
                            let notes = feed.record(&mut tree, &mut decoded, now, &message);
                            if !plan.connect.quiet {
                                for note in notes {
                                    let topic = sanitize::escape(message.topic.as_str().as_bytes(), Layout::SingleLine);
                                    diag!("mqtt: {topic}: {note}");
                                }
                            }
                        }
                        Event::Disconnected { reason } if !plan.connect.quiet => {
                            diag!("mqtt: connection lost ({reason}); reconnecting");
                        }
                        Event::Reconnected { session_present, .. } => {
                            if !session_present {
                                tokio::spawn(super::resubscribe(
                                    client.clone(),
                                    plan.filters.clone(),
                                    plan.qos,
                                ));
                            }
                        }
                        Event::Disconnected { .. } => {}
                    }
                }
            }
        }
    };
    let now = started.elapsed();
    tree.tick(now);
    let report = Report { tree: &tree, decoded: &decoded, format, last: true };
    report.write(&mut out, now.as_secs_f64()).context("writing to stdout")?;
    out.flush().context("writing to stdout")?;
    Ok(end)
}

/// One report: the topics active in the interval, or all of them.
struct Report<'a> {
    tree: &'a TopicTree,
    decoded: &'a HashMap<NodeId, Decoded>,
    format: Format,
    /// The final report lists every topic.
    last: bool,
}

impl Report<'_> {
    fn write<W: Write>(&self, out: &mut W, elapsed: f64) -> std::io::Result<()> {
        let topics: Vec<(String, NodeId, &Topic)> = self
            .tree
            .topics()
            .filter(|(_, topic)| self.last || topic.counts.msg_rate > 0.0)
            .map(|(id, topic)| (self.tree.full_name(id), id, topic))
            .collect();
        match self.format {
            Format::Json => {
                for (name, id, topic) in &topics {
                    let line = self.json(name, *id, topic, elapsed);
                    serde_json::to_writer(&mut *out, &line)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Text { escape } => {
                let totals = self.tree.totals();
                writeln!(
                    out,
                    "-- {}{elapsed:.1}s: {} topics, {} msgs, {:.1} msg/s, {:.0} B/s",
                    if self.last { "final, " } else { "" },
                    totals.topics,
                    totals.counts.messages,
                    totals.counts.msg_rate,
                    totals.counts.byte_rate,
                )?;
                let shown = |bytes: &[u8]| -> String {
                    if escape {
                        sanitize::escape(bytes, Layout::SingleLine).into_owned()
                    } else {
                        String::from_utf8_lossy(bytes).into_owned()
                    }
                };
                let names: Vec<String> =
                    topics.iter().map(|(name, ..)| shown(name.as_bytes())).collect();
                let width =
                    names.iter().map(|name| name.chars().count()).max().unwrap_or(0).min(60);
                for ((_, _, topic), name) in topics.iter().zip(&names) {
                    let counts = topic.counts;
                    let payload = &topic.last.payload[..topic.last.payload.len().min(PAYLOAD_TEXT)];
                    let first_line =
                        payload.split(|byte| *byte == b'\n').next().unwrap_or_default();
                    let value = topic
                        .last
                        .value
                        .map(|value| format!("  value {value}"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{name:<width$}  {:>8} msgs  {:>9.1} msg/s  {:>10.0} B/s  q{}{}  = {}{value}",
                        counts.messages,
                        counts.msg_rate,
                        counts.byte_rate,
                        topic.last.qos,
                        if topic.retained { " R" } else { "  " },
                        shown(first_line),
                    )?;
                }
            }
        }
        out.flush()
    }

    fn json(&self, name: &str, id: NodeId, topic: &Topic, elapsed: f64) -> Value {
        let counts = topic.counts;
        let mut line = Map::new();
        line.insert("report".into(), json!(if self.last { "final" } else { "interval" }));
        line.insert("elapsed".into(), json!(elapsed));
        line.insert("topic".into(), json!(name));
        line.insert("messages".into(), json!(counts.messages));
        line.insert("bytes".into(), json!(counts.bytes));
        line.insert("msg_rate".into(), json!(counts.msg_rate));
        line.insert("byte_rate".into(), json!(counts.byte_rate));
        line.insert("qos".into(), json!(topic.last.qos));
        line.insert("retained".into(), json!(topic.retained));
        match std::str::from_utf8(&topic.last.payload) {
            Ok(text) => line.insert("payload".into(), json!(text)),
            Err(_) => line.insert(
                "payload_base64".into(),
                json!(base64::engine::general_purpose::STANDARD.encode(&topic.last.payload)),
            ),
        };
        line.insert("value".into(), json!(topic.last.value));
        if let Some(decoded) = self.decoded.get(&id) {
            match &decoded.result {
                Ok(value) => line.insert("decoded".into(), value.clone()),
                Err(err) => line.insert("decode_error".into(), json!(err)),
            };
        }
        Value::Object(line)
    }
}
