//! PUBLISH (MQTT 5.0 §3.3, 3.1.1 §3.3): an application message.
//!
//! Policy: this is the hot path. Decoding slices topic and payload out of
//! the packet's frame (no copy, no `String`), and an empty property set
//! allocates nothing. `Debug` shows the payload's length, never its bytes.

use core::fmt;

use bytes::{Buf, BufMut, Bytes, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{PropertySet, PublishProperties};
use crate::topic::Topic;
use crate::version::{PacketId, ProtocolVersion, QoS};
use crate::wire::{put_string, Reader};

use super::connect::PayloadLen;
use super::{impl_encode, Body, Packet, PacketType};

const DUP: u8 = 0b1000;
const RETAIN: u8 = 0b0001;

/// PUBLISH: an application message.
#[derive(Clone, PartialEq, Eq)]
pub struct Publish {
    /// Whether this is a re-delivery (QoS 1 and 2 only).
    pub dup: bool,
    /// Delivery QoS.
    pub qos: QoS,
    /// Whether the server keeps the message for future subscribers.
    pub retain: bool,
    /// The topic; empty only in MQTT 5 when a topic alias stands for it.
    pub topic: Topic,
    /// Present exactly when `qos` is 1 or 2.
    pub packet_id: Option<PacketId>,
    /// MQTT 5 properties.
    pub properties: PublishProperties,
    /// The application message.
    pub payload: Bytes,
}

impl Publish {
    /// A QoS 0 message without properties.
    pub fn new(topic: Topic, payload: impl Into<Bytes>) -> Publish {
        Publish {
            dup: false,
            qos: QoS::AtMostOnce,
            retain: false,
            topic,
            packet_id: None,
            properties: PublishProperties::new(),
            payload: payload.into(),
        }
    }

    /// Decodes a PUBLISH from its whole frame; the payload is the tail of
    /// `frame` itself, so no reference count is taken for it.
    ///
    /// This returns the final `decode` result type and is inlined into
    /// `decode`, so the packet is built where the caller receives it
    /// instead of being moved through several wrappers (it is large).
    #[inline(always)]
    pub(crate) fn decode(
        frame: Bytes,
        header_len: usize,
        version: ProtocolVersion,
    ) -> Result<Option<Packet>, DecodeError> {
        let flags = frame[0] & 0x0F;
        // The fixed header flags were checked by the framing code.
        let qos = match (flags >> 1) & 0b11 {
            0 => QoS::AtMostOnce,
            1 => QoS::AtLeastOnce,
            _ => QoS::ExactlyOnce,
        };
        let mut reader = Reader::new(&frame, header_len, PacketType::Publish);
        let topic_offset = reader.offset();
        let topic = reader.topic("topic name", version.is_v5())?;
        let packet_id = if qos == QoS::AtMostOnce { None } else { Some(reader.packet_id()?) };
        let mut properties = PublishProperties::new();
        if version.is_v5() {
            properties.decode_into(&mut reader)?;
        }
        if topic.is_empty() && properties.topic_alias().is_none() {
            return Err(DecodeError::MissingTopic { offset: topic_offset });
        }
        let payload_start = reader.offset();
        let mut payload = frame;
        payload.advance(payload_start);
        Ok(Some(Packet::Publish(Publish {
            dup: flags & DUP != 0,
            qos,
            retain: flags & RETAIN != 0,
            topic,
            packet_id,
            properties,
            payload,
        })))
    }
}

impl Body for Publish {
    const PACKET_TYPE: PacketType = PacketType::Publish;

    fn flags(&self) -> u8 {
        let mut flags = self.qos.level() << 1;
        if self.dup {
            flags |= DUP;
        }
        if self.retain {
            flags |= RETAIN;
        }
        flags
    }

    fn body_len(&self, version: ProtocolVersion) -> usize {
        let mut len = self.topic.as_mqtt_string().prefixed_len() + self.payload.len();
        if self.qos != QoS::AtMostOnce {
            len += 2;
        }
        if version.is_v5() {
            len += self.properties.wire_len();
        }
        len
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if self.topic.is_empty() && !(version.is_v5() && self.properties.topic_alias().is_some()) {
            return Err(EncodeError::MissingTopic);
        }
        put_string(buf, self.topic.as_mqtt_string());
        match (self.qos, self.packet_id) {
            (QoS::AtMostOnce, None) if self.dup => {
                return Err(EncodeError::QoS0With { what: "the DUP flag" });
            }
            (QoS::AtMostOnce, None) => {}
            (QoS::AtMostOnce, Some(_)) => {
                return Err(EncodeError::QoS0With { what: "a packet identifier" })
            }
            (qos, None) => return Err(EncodeError::MissingPacketId { qos }),
            (_, Some(packet_id)) => buf.put_u16(packet_id.get()),
        }
        if version.is_v5() {
            self.properties.encode(buf)?;
        }
        buf.put_slice(&self.payload);
        Ok(())
    }
}

impl_encode!(Publish);

impl fmt::Debug for Publish {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Publish")
            .field("dup", &self.dup)
            .field("qos", &self.qos)
            .field("retain", &self.retain)
            .field("topic", &self.topic)
            .field("packet_id", &self.packet_id)
            .field("properties", &self.properties)
            .field("payload", &PayloadLen(self.payload.len()))
            .finish()
    }
}
