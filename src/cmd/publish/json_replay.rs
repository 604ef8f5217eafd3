//! `mqtt pub --json-lines`: one line of `mqtt sub --json` back into a
//! PUBLISH, so a capture replays with its topics, payloads (binary
//! included), QoS, retain flags and properties.
//!
//! Policy: blank lines are skipped; a bad line stops the run with an error
//! naming the line number (messages before it were sent and are still
//! acknowledged). `-t`, `-q` and `-r` override what the line recorded, and
//! property flags are added to the recorded properties. Properties that
//! only describe one delivery (subscription identifiers, topic alias) are
//! not replayed.

use bytes::Bytes;
use mqtt_client::{MqttString, OutgoingPublish, PublishProperties, Topic};

use crate::args::topics::topic_name;
use crate::cmd::publish::plan::PublishPlan;
use crate::connect::open;
use crate::exit::usage;
use crate::output::json::parse_line;
use crate::output::message::Property;

/// The PUBLISH for one input line, or `None` for a blank line.
pub fn message(
    line: &Bytes,
    line_number: u64,
    plan: &PublishPlan,
) -> anyhow::Result<Option<OutgoingPublish>> {
    let at = |what: String| usage(format!("standard input line {line_number}: {what}"));
    let text = std::str::from_utf8(line).map_err(|err| at(format!("not UTF-8 ({err})")))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let recorded = parse_line(text).map_err(|err| at(err.to_string()))?;
    let topic = match &plan.topic {
        Some(topic) => topic.clone(),
        None => topic_name(&recorded.topic, "topic").map_err(|err| at(err.to_string()))?,
    };
    Ok(Some(OutgoingPublish {
        topic,
        payload: Bytes::from(recorded.payload),
        qos: plan.qos.unwrap_or(open::qos(recorded.qos)),
        retain: plan.retain || recorded.retain,
        properties: properties(recorded.properties.iter(), &plan.properties)
            .map_err(|err| at(err.to_string()))?,
    }))
}

/// Recorded properties, then the command line's on top.
fn properties<'a>(
    recorded: impl Iterator<Item = &'a Property>,
    flags: &PublishProperties,
) -> anyhow::Result<PublishProperties> {
    let mut properties = PublishProperties::default();
    for property in recorded {
        match property {
            Property::PayloadFormatIndicator(value) => {
                properties.payload_format_indicator = Some(*value == 1)
            }
            Property::MessageExpiryInterval(seconds) => {
                properties.message_expiry_interval = Some(*seconds)
            }
            Property::ContentType(text) => {
                properties.content_type = Some(MqttString::try_from(text.as_str())?)
            }
            Property::ResponseTopic(text) => {
                properties.response_topic =
                    Some(Topic::from_string(MqttString::try_from(text.as_str())?)?)
            }
            Property::CorrelationData(bytes) => {
                properties.correlation_data = Some(Bytes::from(bytes.clone()))
            }
            Property::UserProperty(name, value) => properties.user_properties.push((
                MqttString::try_from(name.as_str())?,
                MqttString::try_from(value.as_str())?,
            )),
            Property::SubscriptionIdentifier(_) | Property::TopicAlias(_) => {}
        }
    }
    if flags.payload_format_indicator.is_some() {
        properties.payload_format_indicator = flags.payload_format_indicator;
    }
    if flags.message_expiry_interval.is_some() {
        properties.message_expiry_interval = flags.message_expiry_interval;
    }
    if flags.content_type.is_some() {
        properties.content_type.clone_from(&flags.content_type);
    }
    if flags.response_topic.is_some() {
        properties.response_topic.clone_from(&flags.response_topic);
    }
    if flags.correlation_data.is_some() {
        properties.correlation_data.clone_from(&flags.correlation_data);
    }
    properties.user_properties.extend(flags.user_properties.iter().cloned());
    Ok(properties)
}
