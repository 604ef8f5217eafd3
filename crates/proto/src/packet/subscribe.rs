//! SUBSCRIBE (MQTT 5.0 §3.8, 3.1.1 §3.8): topic filters with their
//! subscription options.
//!
//! Policy: before MQTT 5 only the QoS of [`SubscriptionOptions`] exists on
//! the wire; the other options are not written and decode as defaults.

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{PropertySet, SubscribeProperties};
use crate::topic::TopicFilter;
use crate::version::{PacketId, ProtocolVersion, QoS};
use crate::wire::{put_string, Reader};

use super::{impl_encode, Body, PacketType};

/// When the server sends retained messages for a new subscription
/// (MQTT 5.0 §3.8.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RetainHandling {
    /// Send retained messages at the time of the subscribe.
    #[default]
    SendAtSubscribe = 0,
    /// Send them only if the subscription did not exist yet.
    SendIfNewSubscription = 1,
    /// Do not send retained messages.
    DoNotSend = 2,
}

/// Options of one subscription (MQTT 5.0 §3.8.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SubscriptionOptions {
    /// Maximum QoS the subscriber accepts.
    pub qos: QoS,
    /// Do not receive own publications (MQTT 5).
    pub no_local: bool,
    /// Keep the RETAIN flag of forwarded messages (MQTT 5).
    pub retain_as_published: bool,
    /// Retained message handling (MQTT 5).
    pub retain_handling: RetainHandling,
}

impl SubscriptionOptions {
    /// Options with this QoS and MQTT 5 defaults for the rest.
    pub fn new(qos: QoS) -> SubscriptionOptions {
        SubscriptionOptions { qos, ..SubscriptionOptions::default() }
    }

    fn to_byte(self, version: ProtocolVersion) -> u8 {
        let mut byte = self.qos.level();
        if version.is_v5() {
            if self.no_local {
                byte |= 0b0000_0100;
            }
            if self.retain_as_published {
                byte |= 0b0000_1000;
            }
            byte |= (self.retain_handling as u8) << 4;
        }
        byte
    }

    fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<SubscriptionOptions, DecodeError> {
        let offset = reader.offset();
        let options = reader.u8("subscription options")?;
        let invalid = |reason| DecodeError::InvalidSubscriptionOptions { options, offset, reason };
        let reserved = if version.is_v5() { 0b1100_0000 } else { 0b1111_1100 };
        if options & reserved != 0 {
            return Err(invalid("reserved bits are set (MQTT-3.8.3-5)"));
        }
        let qos = QoS::try_from(options & 0b11).map_err(|_| invalid("QoS is 3"))?;
        let retain_handling = match (options >> 4) & 0b11 {
            0 => RetainHandling::SendAtSubscribe,
            1 => RetainHandling::SendIfNewSubscription,
            2 => RetainHandling::DoNotSend,
            _ => return Err(invalid("retain handling is 3")),
        };
        Ok(SubscriptionOptions {
            qos,
            no_local: options & 0b0000_0100 != 0,
            retain_as_published: options & 0b0000_1000 != 0,
            retain_handling,
        })
    }
}

/// SUBSCRIBE: asks for messages matching topic filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribe {
    /// Packet identifier, echoed in SUBACK.
    pub packet_id: PacketId,
    /// At least one filter with its options.
    pub filters: Vec<(TopicFilter, SubscriptionOptions)>,
    /// MQTT 5 properties.
    pub properties: SubscribeProperties,
}

impl Subscribe {
    /// A SUBSCRIBE without properties.
    pub fn new(packet_id: PacketId, filters: Vec<(TopicFilter, SubscriptionOptions)>) -> Subscribe {
        Subscribe { packet_id, filters, properties: SubscribeProperties::default() }
    }

    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<Subscribe, DecodeError> {
        let packet_id = reader.packet_id()?;
        let properties = if version.is_v5() {
            SubscribeProperties::decode(reader)?
        } else {
            SubscribeProperties::default()
        };
        let mut filters = Vec::new();
        while !reader.is_empty() {
            let filter = reader.topic_filter()?;
            let options_offset = reader.offset();
            let options = SubscriptionOptions::decode(reader, version)?;
            if options.no_local && filter.shared().is_some() {
                return Err(DecodeError::InvalidSubscriptionOptions {
                    options: options.to_byte(version),
                    offset: options_offset,
                    reason: "No Local on a shared subscription (MQTT-3.8.3-4)",
                });
            }
            filters.push((filter, options));
        }
        if filters.is_empty() {
            return Err(DecodeError::EmptyPayload { packet_type: PacketType::Subscribe });
        }
        Ok(Subscribe { packet_id, filters, properties })
    }
}

impl Body for Subscribe {
    const PACKET_TYPE: PacketType = PacketType::Subscribe;

    fn body_len(&self, version: ProtocolVersion) -> usize {
        let mut len = 2;
        if version.is_v5() {
            len += self.properties.wire_len();
        }
        len + self
            .filters
            .iter()
            .map(|(filter, _)| filter.as_mqtt_string().prefixed_len() + 1)
            .sum::<usize>()
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if self.filters.is_empty() {
            return Err(EncodeError::EmptyPayload { packet_type: PacketType::Subscribe });
        }
        buf.put_u16(self.packet_id.get());
        if version.is_v5() {
            self.properties.encode(buf)?;
        }
        for (filter, options) in &self.filters {
            put_string(buf, filter.as_mqtt_string());
            buf.put_u8(options.to_byte(version));
        }
        Ok(())
    }
}

impl_encode!(Subscribe);
