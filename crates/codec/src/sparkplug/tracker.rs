//! What a Sparkplug host application remembers between messages: the
//! metric aliases of each edge node's NBIRTH and each device's DBIRTH, the
//! last `seq` of each edge node, and the `bdSeq` its NBIRTH announced.
//!
//! Policy: a metric sent by alias gets back its name and data type from the
//! BIRTH that defined the alias (device first, then its node), so a DATA
//! message reads as the BIRTH spelled it; what the tracker cannot resolve or
//! finds out of order (an unknown alias, a `seq` that skips, an NDEATH
//! whose `bdSeq` is not the NBIRTH's) is a warning, and the message is still
//! shown. The tracker never sends anything: asking for a rebirth is the
//! caller's decision.

use std::collections::HashMap;

use super::schema::{Metric, MetricValue, Payload};
use super::topic::{MessageType, Topic};

/// Alias → (name, data type) of one BIRTH.
type Aliases = HashMap<u64, (String, Option<u32>)>;

#[derive(Debug, Default)]
struct Node {
    aliases: Aliases,
    devices: HashMap<String, Aliases>,
    last_seq: Option<u64>,
    bd_seq: Option<u64>,
}

/// Sparkplug session state, per (group, edge node).
#[derive(Debug, Default)]
pub struct Tracker {
    nodes: HashMap<(String, String), Node>,
}

impl Tracker {
    pub fn new() -> Tracker {
        Tracker::default()
    }

    /// Takes in one decoded message: learns from a BIRTH, fills in names
    /// and data types of metrics sent by alias, and returns the warnings.
    pub fn observe(&mut self, topic: &Topic<'_>, payload: &mut Payload) -> Vec<String> {
        let Topic::Message { group, kind, edge, device } = *topic else {
            return Vec::new();
        };
        let mut warnings = Vec::new();
        let node_key = (group.to_owned(), edge.to_owned());
        if kind == MessageType::NBirth {
            self.nodes.remove(&node_key);
        }
        let node = self.nodes.entry(node_key).or_default();
        match kind {
            MessageType::NBirth => {
                node.aliases = aliases(&payload.metrics);
                node.bd_seq = bd_seq(payload);
                if let Some(seq) = payload.seq.filter(|seq| *seq != 0) {
                    warnings.push(format!("NBIRTH of {group}/{edge} has seq {seq}, not 0"));
                }
                node.last_seq = payload.seq;
            }
            MessageType::DBirth => {
                let device = device.unwrap_or_default().to_owned();
                node.devices.insert(device, aliases(&payload.metrics));
            }
            MessageType::NDeath => {
                match (node.bd_seq, bd_seq(payload)) {
                    (Some(born), Some(died)) if born != died => warnings.push(format!(
                        "bdSeq mismatch for {group}/{edge}: NDEATH has {died}, NBIRTH had {born}"
                    )),
                    _ => {}
                }
                node.last_seq = None;
            }
            _ => {}
        }
        if matches!(
            kind,
            MessageType::NData | MessageType::DBirth | MessageType::DData | MessageType::DDeath
        ) {
            if let Some(seq) = payload.seq {
                if let Some(last) = node.last_seq {
                    let expected = (last + 1) % 256;
                    if seq != expected {
                        warnings.push(format!(
                            "seq gap for {group}/{edge}: expected {expected}, got {seq}"
                        ));
                    }
                }
                node.last_seq = Some(seq);
            }
        }
        if !matches!(kind, MessageType::NBirth | MessageType::DBirth) {
            let device_aliases = device.and_then(|device| node.devices.get(device));
            let unknown = resolve(&mut payload.metrics, device_aliases, &node.aliases);
            if !unknown.is_empty() {
                let list: Vec<String> = unknown.iter().map(u64::to_string).collect();
                let birth = if device.is_some() { "DBIRTH" } else { "NBIRTH" };
                warnings.push(format!(
                    "unknown metric alias {} on {group}/{edge}{}: no {birth} defined it (a rebirth request would resend it)",
                    list.join(", "),
                    device.map(|device| format!("/{device}")).unwrap_or_default(),
                ));
            }
        }
        warnings
    }
}

fn aliases(metrics: &[Metric]) -> Aliases {
    metrics
        .iter()
        .filter_map(|metric| Some((metric.alias?, (metric.name.clone()?, metric.datatype))))
        .collect()
}

/// The `bdSeq` metric of an NBIRTH or NDEATH.
fn bd_seq(payload: &Payload) -> Option<u64> {
    let metric = payload.metrics.iter().find(|metric| metric.name.as_deref() == Some("bdSeq"))?;
    match metric.value {
        Some(MetricValue::LongValue(number)) => Some(number),
        Some(MetricValue::IntValue(number)) => Some(u64::from(number)),
        _ => None,
    }
}

/// Fills names and data types in; returns the aliases nobody defined.
fn resolve(metrics: &mut [Metric], device: Option<&Aliases>, node: &Aliases) -> Vec<u64> {
    let mut unknown = Vec::new();
    for metric in metrics.iter_mut() {
        let Some(alias) = metric.alias else { continue };
        let known = device.and_then(|device| device.get(&alias)).or_else(|| node.get(&alias));
        match known {
            Some((name, datatype)) => {
                if metric.name.is_none() {
                    metric.name = Some(name.clone());
                }
                if metric.datatype.is_none() {
                    metric.datatype = *datatype;
                }
            }
            None if metric.name.is_none() => unknown.push(alias),
            None => {}
        }
    }
    unknown
}
