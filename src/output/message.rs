//! The plain view of a received message that every printer in this module
//! reads, and its owned twin that `mqtt pub --json-lines` reads back.
//!
//! Policy: the view borrows the client's message: topic, payload and the
//! codec's property set, which keeps the properties exactly as they arrived
//! on the wire (every duplicate, in order), as mosquitto's `%j` prints them.
//! Nothing is copied into a parallel model.

use std::time::SystemTime;

use mqtt_codec::Decoded;
use mqtt_proto::{PublishProperties, QoS};

/// The properties of a message that has none; handy for MQTT 3.1.1.
#[cfg(test)]
pub static NO_PROPERTIES: PublishProperties = PublishProperties::new();

/// A received message as the printers see it; the subscriber fills it from
/// whatever its client hands over, without copying anything.
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    pub topic: &'a str,
    pub payload: &'a [u8],
    /// 0, 1 or 2.
    pub qos: u8,
    pub retain: bool,
    pub dup: bool,
    /// The packet identifier; `None` for QoS 0.
    pub packet_id: Option<u16>,
    /// When the message was received; every time specifier prints this.
    pub received_at: SystemTime,
    /// In wire order; empty for MQTT 3.1.1.
    pub properties: &'a PublishProperties,
    /// The payload decoded by `--decode`, when a codec covers the topic.
    pub decoded: Option<&'a Decoded>,
}

impl<'a> Message<'a> {
    /// The view of a message from the client, received at `received_at`.
    pub fn received(message: &'a mqtt_client::Message, received_at: SystemTime) -> Message<'a> {
        Message {
            topic: message.topic.as_str(),
            payload: &message.payload,
            qos: message.qos.level(),
            retain: message.retain,
            dup: message.dup,
            packet_id: message.packet_id.map(|id| id.get()),
            received_at,
            properties: &message.properties,
            decoded: None,
        }
    }
}

/// An owned message, as `json::parse_line` returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedMessage {
    /// `None` when the line has no `topic` (`pub --json-lines -t` fills it in).
    pub topic: Option<String>,
    pub payload: Vec<u8>,
    pub qos: QoS,
    pub retain: bool,
    pub dup: bool,
    pub packet_id: Option<u16>,
    /// Absent when the line had no `timestamp` (hand-written input).
    pub received_at: Option<SystemTime>,
    pub properties: PublishProperties,
    /// The line's `decoded` member (`pub --json-lines --encode` encodes it).
    pub decoded: Option<serde_json::Value>,
}

impl OwnedMessage {
    /// A borrowed view; `default_time` stands in for a missing timestamp.
    #[cfg(test)]
    pub fn as_message(&self, default_time: SystemTime) -> Message<'_> {
        Message {
            topic: self.topic.as_deref().unwrap_or_default(),
            payload: &self.payload,
            qos: self.qos.level(),
            retain: self.retain,
            dup: self.dup,
            packet_id: self.packet_id,
            received_at: self.received_at.unwrap_or(default_time),
            properties: &self.properties,
            decoded: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mqtt_proto::{MqttString, Property, PropertyError, PropertyId};

    #[test]
    fn accessors_return_the_first_of_each_and_keep_user_property_order() {
        let s = MqttString::from_static;
        let props = PublishProperties::from_wire_order([
            Property::UserProperty(s("k"), s("2")),
            Property::SubscriptionIdentifier(7),
            Property::ContentType(s("a")),
            Property::UserProperty(s("k"), s("1")),
            Property::SubscriptionIdentifier(3),
        ])
        .unwrap();
        assert_eq!(props.content_type().map(|text| text.as_str()), Some("a"));
        assert_eq!(props.subscription_identifiers().collect::<Vec<_>>(), [7, 3]);
        let users: Vec<_> =
            props.user_properties().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(users, [("k", "2"), ("k", "1")]);
        assert_eq!(props.response_topic(), None);
        assert!(NO_PROPERTIES.is_empty());
        // A second content type cannot reach a printer: the codec refuses it.
        let twice = [Property::ContentType(s("a")), Property::ContentType(s("b"))];
        assert_eq!(
            PublishProperties::from_wire_order(twice),
            Err(PropertyError::Duplicate { property: PropertyId::ContentType })
        );
    }
}
