//! PUBCOMP (MQTT 5.0 §3.7, 3.1.1 §3.7): completes the QoS 2 exchange.

use bytes::BytesMut;

use crate::error::{DecodeError, EncodeError};
use crate::properties::PubCompProperties;
use crate::reason::PubCompReasonCode;
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::Reader;

use super::{ack, impl_encode, Body, PacketType};

/// PUBCOMP: completes the QoS 2 exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PubComp {
    /// The packet identifier being acknowledged.
    pub packet_id: PacketId,
    /// The outcome (always Success before MQTT 5).
    pub reason_code: PubCompReasonCode,
    /// MQTT 5 properties.
    pub properties: PubCompProperties,
}

impl PubComp {
    /// A successful PUBCOMP for `packet_id`.
    pub fn new(packet_id: PacketId) -> PubComp {
        PubComp {
            packet_id,
            reason_code: PubCompReasonCode::Success,
            properties: PubCompProperties::default(),
        }
    }

    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<PubComp, DecodeError> {
        let (packet_id, reason_code, properties) = ack::decode(reader, version)?;
        Ok(PubComp { packet_id, reason_code, properties })
    }
}

impl Body for PubComp {
    const PACKET_TYPE: PacketType = PacketType::PubComp;

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

impl_encode!(PubComp);
