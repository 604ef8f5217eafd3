//! UNSUBSCRIBE (MQTT 5.0 §3.10, 3.1.1 §3.10): topic filters to drop.

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{PropertySet, UnsubscribeProperties};
use crate::topic::TopicFilter;
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::{put_string, Reader};

use super::{impl_encode, Body, PacketType};

/// UNSUBSCRIBE: removes subscriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    /// Packet identifier, echoed in UNSUBACK.
    pub packet_id: PacketId,
    /// At least one filter, exactly as subscribed.
    pub filters: Vec<TopicFilter>,
    /// MQTT 5 properties.
    pub properties: UnsubscribeProperties,
}

impl Unsubscribe {
    /// An UNSUBSCRIBE without properties.
    pub fn new(packet_id: PacketId, filters: Vec<TopicFilter>) -> Unsubscribe {
        Unsubscribe { packet_id, filters, properties: UnsubscribeProperties::default() }
    }

    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<Unsubscribe, DecodeError> {
        let packet_id = reader.packet_id()?;
        let properties = if version.is_v5() {
            UnsubscribeProperties::decode(reader)?
        } else {
            UnsubscribeProperties::default()
        };
        let mut filters = Vec::new();
        while !reader.is_empty() {
            filters.push(reader.topic_filter()?);
        }
        if filters.is_empty() {
            return Err(DecodeError::EmptyPayload { packet_type: PacketType::Unsubscribe });
        }
        Ok(Unsubscribe { packet_id, filters, properties })
    }
}

impl Body for Unsubscribe {
    const PACKET_TYPE: PacketType = PacketType::Unsubscribe;

    fn body_len(&self, version: ProtocolVersion) -> usize {
        let properties = if version.is_v5() { self.properties.wire_len() } else { 0 };
        2 + properties
            + self
                .filters
                .iter()
                .map(|filter| filter.as_mqtt_string().prefixed_len())
                .sum::<usize>()
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if self.filters.is_empty() {
            return Err(EncodeError::EmptyPayload { packet_type: PacketType::Unsubscribe });
        }
        buf.put_u16(self.packet_id.get());
        if version.is_v5() {
            self.properties.encode(buf)?;
        }
        for filter in &self.filters {
            put_string(buf, filter.as_mqtt_string());
        }
        Ok(())
    }
}

impl_encode!(Unsubscribe);
