//! PUBREL (MQTT 5.0 §3.6, 3.1.1 §3.6): releases a QoS 2 message after PUBREC.

use bytes::BytesMut;

use crate::error::{DecodeError, EncodeError};
use crate::properties::PubRelProperties;
use crate::reason::PubRelReasonCode;
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::Reader;

use super::{ack, impl_encode, Body, PacketType};

/// PUBREL: releases a QoS 2 message after PUBREC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PubRel {
    /// The packet identifier being acknowledged.
    pub packet_id: PacketId,
    /// The outcome (always Success before MQTT 5).
    pub reason_code: PubRelReasonCode,
    /// MQTT 5 properties.
    pub properties: PubRelProperties,
}

impl PubRel {
    /// A successful PUBREL for `packet_id`.
    pub fn new(packet_id: PacketId) -> PubRel {
        PubRel {
            packet_id,
            reason_code: PubRelReasonCode::Success,
            properties: PubRelProperties::default(),
        }
    }

    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<PubRel, DecodeError> {
        let (packet_id, reason_code, properties) = ack::decode(reader, version)?;
        Ok(PubRel { packet_id, reason_code, properties })
    }
}

impl Body for PubRel {
    const PACKET_TYPE: PacketType = PacketType::PubRel;

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

impl_encode!(PubRel);
