//! PUBACK (MQTT 5.0 §3.4, 3.1.1 §3.4): acknowledges a QoS 1 PUBLISH.

use bytes::BytesMut;

use crate::error::{DecodeError, EncodeError};
use crate::properties::PubAckProperties;
use crate::reason::PubAckReasonCode;
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::Reader;

use super::{ack, impl_encode, Body, PacketType};

/// PUBACK: acknowledges a QoS 1 PUBLISH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PubAck {
    /// The packet identifier being acknowledged.
    pub packet_id: PacketId,
    /// The outcome (always Success before MQTT 5).
    pub reason_code: PubAckReasonCode,
    /// MQTT 5 properties.
    pub properties: PubAckProperties,
}

impl PubAck {
    /// A successful PUBACK for `packet_id`.
    pub fn new(packet_id: PacketId) -> PubAck {
        PubAck {
            packet_id,
            reason_code: PubAckReasonCode::Success,
            properties: PubAckProperties::default(),
        }
    }

    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<PubAck, DecodeError> {
        let (packet_id, reason_code, properties) = ack::decode(reader, version)?;
        Ok(PubAck { packet_id, reason_code, properties })
    }
}

impl Body for PubAck {
    const PACKET_TYPE: PacketType = PacketType::PubAck;

    fn body_len(&self, version: ProtocolVersion) -> usize {
        ack::body_len(self.reason_code, &self.properties, version)
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        ack::put_body(
            Self::PACKET_TYPE,
            self.packet_id,
            self.reason_code,
            &self.properties,
            version,
            buf,
        )
    }
}

impl_encode!(PubAck);
