//! PUBREC (MQTT 5.0 §3.5, 3.1.1 §3.5): first reply to a QoS 2 PUBLISH.

use bytes::BytesMut;

use crate::error::{DecodeError, EncodeError};
use crate::properties::PubRecProperties;
use crate::reason::PubRecReasonCode;
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::Reader;

use super::{ack, impl_encode, Body, PacketType};

/// PUBREC: first reply to a QoS 2 PUBLISH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PubRec {
    /// The packet identifier being acknowledged.
    pub packet_id: PacketId,
    /// The outcome (always Success before MQTT 5).
    pub reason_code: PubRecReasonCode,
    /// MQTT 5 properties.
    pub properties: PubRecProperties,
}

impl PubRec {
    /// A successful PUBREC for `packet_id`.
    pub fn new(packet_id: PacketId) -> PubRec {
        PubRec {
            packet_id,
            reason_code: PubRecReasonCode::Success,
            properties: PubRecProperties::default(),
        }
    }

    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<PubRec, DecodeError> {
        let (packet_id, reason_code, properties) = ack::decode(reader, version)?;
        Ok(PubRec { packet_id, reason_code, properties })
    }
}

impl Body for PubRec {
    const PACKET_TYPE: PacketType = PacketType::PubRec;

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

impl_encode!(PubRec);
