//! The plain view of a received message that every printer in this module
//! reads, and its owned twin that `mqtt pub --json-lines` reads back.
//!
//! Policy: properties are kept as an ordered list, exactly as they arrived on
//! the wire. mosquitto's `%j` prints them in that order (and prints every
//! duplicate), so a struct of optional fields could not reproduce it.

use std::time::SystemTime;

/// One MQTT 5 PUBLISH property. Only the properties a PUBLISH may carry.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // `UserProperty` is MQTT's name for it
pub enum Property {
    /// 0: unspecified bytes, 1: UTF-8 text.
    PayloadFormatIndicator(u8),
    /// Seconds the message has left to live.
    MessageExpiryInterval(u32),
    ContentType(String),
    ResponseTopic(String),
    CorrelationData(Vec<u8>),
    /// May appear several times (one per matching subscription).
    SubscriptionIdentifier(u32),
    TopicAlias(u16),
    /// Name and value; order and duplicates are significant.
    UserProperty(String, String),
}

/// The properties of one message, in wire order. Empty for MQTT 3.1.1.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageProperties {
    list: Vec<Property>,
}

impl Extend<Property> for MessageProperties {
    fn extend<I: IntoIterator<Item = Property>>(&mut self, properties: I) {
        self.list.extend(properties);
    }
}

/// The properties of a message that has none; handy for MQTT 3.1.1.
#[cfg(test)]
pub static NO_PROPERTIES: MessageProperties = MessageProperties { list: Vec::new() };

impl MessageProperties {
    pub fn new() -> MessageProperties {
        MessageProperties::default()
    }

    /// Appends a property (wire order is the order of the calls).
    pub fn push(&mut self, property: Property) {
        self.list.push(property);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Property> {
        self.list.iter()
    }

    /// The first payload format indicator, as mosquitto's `%F` reads it.
    pub fn payload_format_indicator(&self) -> Option<u8> {
        self.iter().find_map(|p| match p {
            Property::PayloadFormatIndicator(v) => Some(*v),
            _ => None,
        })
    }

    pub fn message_expiry_interval(&self) -> Option<u32> {
        self.iter().find_map(|p| match p {
            Property::MessageExpiryInterval(v) => Some(*v),
            _ => None,
        })
    }

    pub fn content_type(&self) -> Option<&str> {
        self.iter().find_map(|p| match p {
            Property::ContentType(v) => Some(v.as_str()),
            _ => None,
        })
    }

    pub fn response_topic(&self) -> Option<&str> {
        self.iter().find_map(|p| match p {
            Property::ResponseTopic(v) => Some(v.as_str()),
            _ => None,
        })
    }

    pub fn correlation_data(&self) -> Option<&[u8]> {
        self.iter().find_map(|p| match p {
            Property::CorrelationData(v) => Some(v.as_slice()),
            _ => None,
        })
    }

    pub fn topic_alias(&self) -> Option<u16> {
        self.iter().find_map(|p| match p {
            Property::TopicAlias(v) => Some(*v),
            _ => None,
        })
    }

    /// Every subscription identifier, in order.
    pub fn subscription_identifiers(&self) -> impl Iterator<Item = u32> + '_ {
        self.iter().filter_map(|p| match p {
            Property::SubscriptionIdentifier(v) => Some(*v),
            _ => None,
        })
    }

    /// Every user property, in order, duplicates kept.
    pub fn user_properties(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.iter().filter_map(|p| match p {
            Property::UserProperty(k, v) => Some((k.as_str(), v.as_str())),
            _ => None,
        })
    }
}

impl FromIterator<Property> for MessageProperties {
    fn from_iter<I: IntoIterator<Item = Property>>(iter: I) -> MessageProperties {
        MessageProperties { list: iter.into_iter().collect() }
    }
}

/// A received message as the printers see it; the subscriber fills it from
/// whatever its client hands over, without copying topic or payload.
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
    pub properties: &'a MessageProperties,
}

/// An owned message, as `json::parse_line` returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedMessage {
    pub topic: String,
    pub payload: Vec<u8>,
    pub qos: u8,
    pub retain: bool,
    pub dup: bool,
    pub packet_id: Option<u16>,
    /// Absent when the line had no `timestamp` (hand-written input).
    pub received_at: Option<SystemTime>,
    pub properties: MessageProperties,
}

impl OwnedMessage {
    /// A borrowed view; `default_time` stands in for a missing timestamp.
    #[cfg(test)]
    pub fn as_message(&self, default_time: SystemTime) -> Message<'_> {
        Message {
            topic: &self.topic,
            payload: &self.payload,
            qos: self.qos,
            retain: self.retain,
            dup: self.dup,
            packet_id: self.packet_id,
            received_at: self.received_at.unwrap_or(default_time),
            properties: &self.properties,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_return_the_first_of_each_and_keep_user_property_order() {
        let props: MessageProperties = [
            Property::UserProperty("k".into(), "2".into()),
            Property::SubscriptionIdentifier(7),
            Property::ContentType("a".into()),
            Property::UserProperty("k".into(), "1".into()),
            Property::ContentType("b".into()),
            Property::SubscriptionIdentifier(3),
        ]
        .into_iter()
        .collect();
        assert_eq!(props.content_type(), Some("a"));
        assert_eq!(props.subscription_identifiers().collect::<Vec<_>>(), [7, 3]);
        assert_eq!(props.user_properties().collect::<Vec<_>>(), [("k", "2"), ("k", "1")]);
        assert_eq!(props.response_topic(), None);
        assert!(NO_PROPERTIES.is_empty());
    }
}
