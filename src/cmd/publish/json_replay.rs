//! `mqtt pub --json-lines`: one line of `mqtt sub --json` back into a
//! PUBLISH, so a capture replays with its topics, payloads (binary
//! included), QoS, retain flags and properties.
//!
//! Policy: blank lines are skipped; a bad line stops the run with an error
//! naming the line number and how many messages were sent before it (they
//! are still acknowledged), or, with `--skip-invalid`, is reported and
//! skipped. Members this version does not know are ignored. `-t`, `-q` and
//! `-r` override what the line recorded (`-t` also fills in a line with no
//! topic), and property flags are added to the recorded properties. Properties that
//! only describe one delivery (subscription identifiers, topic alias) are
//! not replayed.
//!
//! With `--encode`, a line's `decoded` member (as `sub --decode --json`
//! writes it, perhaps edited) is encoded and sent instead of its `payload`;
//! a line without `decoded` is sent as recorded.

use bytes::Bytes;
use mqtt_client::{OutgoingPublish, PublishProperties};
use mqtt_codec::Encoder;

use crate::args::properties::DELIVERY_ONLY;
use crate::args::topics::topic_name;
use crate::cmd::publish::plan::PublishPlan;
use crate::exit::usage;
use crate::output::json::parse_line;

/// The PUBLISH for one input line, or `None` for a blank line.
pub fn message(
    line: &Bytes,
    line_number: u64,
    plan: &PublishPlan,
    encoder: Option<&mut Encoder>,
) -> anyhow::Result<Option<OutgoingPublish>> {
    let at = |what: String| usage(format!("standard input line {line_number}: {what}"));
    let text = std::str::from_utf8(line).map_err(|err| at(format!("not UTF-8 ({err})")))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let recorded = parse_line(text).map_err(|err| at(err.to_string()))?;
    let topic = match (&plan.topic, &recorded.topic) {
        (Some(topic), _) => topic.clone(),
        (None, Some(recorded)) => {
            topic_name(recorded, "topic").map_err(|err| at(err.to_string()))?
        }
        (None, None) => return Err(at("no `topic` (give -t to fill it in)".to_owned())),
    };
    let payload = match (encoder, &recorded.decoded) {
        (Some(encoder), Some(decoded)) => encoder.encode(decoded).map_err(|err| {
            at(format!("`decoded` cannot be encoded as {}: {err}", encoder.codec().name()))
        })?,
        _ => recorded.payload,
    };
    Ok(Some(OutgoingPublish {
        topic,
        payload: Bytes::from(payload),
        qos: plan.qos.unwrap_or(recorded.qos),
        retain: plan.retain || recorded.retain,
        properties: properties(&recorded.properties, &plan.properties),
    }))
}

/// Recorded properties (but those of one delivery), then the command
/// line's on top: a single property replaces the recorded one, user
/// properties are added after the recorded ones.
fn properties(recorded: &PublishProperties, flags: &PublishProperties) -> PublishProperties {
    let mut properties = PublishProperties::new();
    for property in recorded.iter().chain(flags.iter()) {
        if !DELIVERY_ONLY.contains(&property.id()) {
            // Both sets hold only PUBLISH properties.
            let _ = properties.insert(property.clone());
        }
    }
    properties
}
