//! A received message into the tree: its number for the chart, its MQTT 5
//! properties as text, and, for topics a `--decode` rule covers, its
//! decoded value (decoded as it arrives, since a Sparkplug DATA message
//! needs the BIRTH seen before it to name its metrics).

use std::collections::HashMap;
use std::time::Duration;

use mqtt_client::Message;
use mqtt_codec::{Decoder, Rule, Value};
use mqtt_watch::{value, Incoming, NodeId, TopicTree, ValuePath};

use crate::describe::packet::{property_text, Secrets};

/// A topic's last decoded payload.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub codec: &'static str,
    pub result: Result<Value, String>,
}

/// Turns messages into the tree's records.
pub struct Feed {
    decoder: Decoder,
    value: Option<ValuePath>,
}

impl Feed {
    pub fn new(rules: Vec<Rule>, value: Option<ValuePath>) -> Feed {
        Feed { decoder: Decoder::new(rules), value }
    }

    /// Records `message`, received at `now`, in `tree` (and its decoded
    /// value in `decoded`); returns the decoder's notes (Sparkplug sequence
    /// gaps, unknown aliases, what `auto` chose), usually none.
    pub fn record(
        &mut self,
        tree: &mut TopicTree,
        decoded: &mut HashMap<NodeId, Decoded>,
        now: Duration,
        message: &Message,
    ) -> Vec<String> {
        let topic = message.topic.as_str();
        let payload = &message.payload[..];
        let mut shown =
            if self.decoder.is_empty() { None } else { self.decoder.decode(topic, payload) };
        let notes =
            shown.as_mut().map(|shown| std::mem::take(&mut shown.notes)).unwrap_or_default();
        let shown = shown.map(|shown| Decoded {
            codec: shown.codec,
            result: shown.result.map_err(|err| err.to_string()),
        });
        let number = match (&self.value, shown.as_ref().map(|shown| &shown.result)) {
            (Some(path), Some(Ok(value))) => path.read(value),
            (Some(path), _) => path.read_payload(payload),
            (None, _) => value::text_number(payload),
        };
        let properties = message
            .properties
            .iter()
            .filter(|property| property.id() != mqtt_proto::PropertyId::TopicAlias)
            .map(|property| {
                (property.id().name().to_owned(), property_text(property, Secrets(true)))
            })
            .collect();
        let incoming = Incoming {
            topic,
            payload,
            qos: message.qos as u8,
            retain: message.retain,
            value: number,
            properties,
        };
        tree.record(now, incoming);
        if let Some(shown) = shown {
            if let Some(id) = tree.find(topic) {
                decoded.insert(id, shown);
            }
        }
        notes
    }
}
