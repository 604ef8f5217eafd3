//! [`Decoder`]: decodes each message of a stream with the codec its topic
//! calls for, keeping what a stream of Sparkplug messages needs between
//! messages. `sub`, and any command that shows received payloads, drives
//! one per stream.

use std::collections::HashSet;

use serde_json::Value;

use crate::codec::Codec;
use crate::error::DecodeError;
use crate::sniff::sniff;
use crate::sparkplug::{self, Topic, Tracker};
use crate::text::decode_json;

/// A codec for the topics matching `filter` (all topics when `None`).
#[derive(Clone, Debug)]
pub struct Rule {
    pub filter: Option<String>,
    pub codec: Codec,
}

/// One decoded payload.
#[derive(Debug)]
pub struct Decoded {
    /// The codec used (for `auto`, the one it chose).
    pub codec: &'static str,
    pub result: Result<Value, DecodeError>,
    /// For stderr: Sparkplug warnings (sequence gaps, unknown aliases,
    /// bdSeq mismatches), and what `auto` chose the first time it chose it.
    pub notes: Vec<String>,
}

/// Per-stream decoding state.
#[derive(Debug, Default)]
pub struct Decoder {
    rules: Vec<Rule>,
    tracker: Tracker,
    announced: HashSet<&'static str>,
}

impl Decoder {
    /// The first rule whose filter matches a topic decides its codec.
    pub fn new(rules: Vec<Rule>) -> Decoder {
        Decoder { rules, ..Decoder::default() }
    }

    /// Whether any rule is set.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Decodes one message; `None` when no rule covers the topic or the
    /// payload is empty (nothing to decode).
    pub fn decode(&mut self, topic: &str, payload: &[u8]) -> Option<Decoded> {
        if payload.is_empty() {
            return None;
        }
        let Decoder { rules, tracker, announced } = self;
        let rule = rules.iter().find(|rule| match &rule.filter {
            None => true,
            Some(filter) => mqtt_proto::matches(filter, topic),
        })?;
        let mut notes = Vec::new();
        let sniffed;
        let codec = match &rule.codec {
            Codec::Auto => {
                let (codec, why) = sniff(Some(topic), payload);
                if announced.insert(codec.name()) {
                    notes.push(format!(
                        "auto: decoding as {} ({why}; first seen on {topic}; said once)",
                        codec.name()
                    ));
                }
                sniffed = codec;
                &sniffed
            }
            other => other,
        };
        let result = match codec {
            Codec::Sparkplug => sparkplug(tracker, topic, payload, &mut notes),
            other => other.decode(payload),
        };
        Some(Decoded { codec: codec.name(), result, notes })
    }
}

/// A Sparkplug payload: STATE topics carry JSON; the others go through the
/// tracker, which resolves aliases and adds its warnings to `notes`.
fn sparkplug(
    tracker: &mut Tracker,
    topic: &str,
    payload: &[u8],
    notes: &mut Vec<String>,
) -> Result<Value, DecodeError> {
    let parsed = match sparkplug::parse_topic(topic) {
        Ok(Some(Topic::State { .. })) => return decode_json(payload),
        Ok(parsed) => parsed,
        Err(problem) => {
            notes.push(problem);
            None
        }
    };
    let mut message = sparkplug::decode_message(payload)?;
    if let Some(parsed) = parsed {
        notes.extend(tracker.observe(&parsed, &mut message));
    }
    Ok(sparkplug::json::payload(&message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(filter: Option<&str>, codec: Codec) -> Rule {
        Rule { filter: filter.map(str::to_owned), codec }
    }

    #[test]
    fn rules_pick_per_topic_and_auto_says_once() {
        let mut decoder =
            Decoder::new(vec![rule(Some("raw/#"), Codec::Hex), rule(None, Codec::Auto)]);
        let hex = decoder.decode("raw/a", b"{}").unwrap();
        assert_eq!((hex.codec, hex.result.unwrap()), ("hex", json!("7b7d")));
        let first = decoder.decode("x", b"{\"a\":1}").unwrap();
        assert_eq!(first.codec, "json");
        assert!(first.notes[0].starts_with("auto: decoding as json"), "{:?}", first.notes);
        assert!(decoder.decode("y", b"[2]").unwrap().notes.is_empty());
        assert!(decoder.decode("y", b"").is_none());
        assert!(Decoder::new(vec![rule(Some("a"), Codec::Json)]).decode("b", b"1").is_none());
    }

    #[test]
    fn sparkplug_aliases_resolve_across_messages() {
        let mut decoder = Decoder::new(vec![rule(Some("spBv1.0/#"), Codec::Sparkplug)]);
        let birth = sparkplug::encode(&json!({"seq": 0, "metrics": [
            {"name": "Temp", "alias": 3, "type": "Double", "value": 1.0}]}))
        .unwrap();
        let data = sparkplug::encode(&json!({"seq": 1, "metrics": [
            {"alias": 3, "type": "Double", "value": 2.5}]}))
        .unwrap();
        decoder.decode("spBv1.0/g/NBIRTH/e", &birth).unwrap().result.unwrap();
        let shown = decoder.decode("spBv1.0/g/NDATA/e", &data).unwrap();
        assert!(shown.notes.is_empty(), "{:?}", shown.notes);
        assert_eq!(shown.result.unwrap()["metrics"][0]["name"], "Temp");
        let state = decoder.decode("spBv1.0/STATE/host", b"{\"online\":true}").unwrap();
        assert_eq!(state.result.unwrap(), json!({"online": true}));
        let odd = decoder.decode("spBv1.0/g/NOPE/e", &data).unwrap();
        assert!(odd.notes[0].contains("NOPE"), "{:?}", odd.notes);
    }
}
