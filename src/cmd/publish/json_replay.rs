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
                properties.set_payload_format_indicator(*value == 1)
            }
            Property::MessageExpiryInterval(seconds) => {
                properties.set_message_expiry_interval(*seconds)
            }
            Property::ContentType(text) => {
                properties.set_content_type(MqttString::try_from(text.as_str())?)
            }
            Property::ResponseTopic(text) => properties
                .set_response_topic(Topic::from_string(MqttString::try_from(text.as_str())?)?),
            Property::CorrelationData(bytes) => {
                properties.set_correlation_data(Bytes::from(bytes.clone()))
            }
            Property::UserProperty(name, value) => properties.push_user_property(
                MqttString::try_from(name.as_str())?,
                MqttString::try_from(value.as_str())?,
            ),
            Property::SubscriptionIdentifier(_) | Property::TopicAlias(_) => {}
        }
    }
    if let Some(utf8) = flags.payload_format_indicator() {
        properties.set_payload_format_indicator(utf8);
    }
    if let Some(seconds) = flags.message_expiry_interval() {
        properties.set_message_expiry_interval(seconds);
    }
    if let Some(text) = flags.content_type() {
        properties.set_content_type(text.clone());
    }
    if let Some(topic) = flags.response_topic() {
        properties.set_response_topic(topic.clone());
    }
    if let Some(data) = flags.correlation_data() {
        properties.set_correlation_data(data.clone());
    }
    for (name, value) in flags.user_properties() {
        properties.push_user_property(name.clone(), value.clone());
    }
    Ok(properties)
}
