//! SUBACK (MQTT 5.0 §3.9, 3.1.1 §3.9): one reason code per filter of the
//! SUBSCRIBE.
//!
//! Policy: 3.1.1 knows the codes 0, 1, 2 and 0x80 (Failure); MQTT 3.1 only
//! defines 0, 1 and 2, but brokers send 0x80 to 3.1 clients too, so it is
//! accepted there. Encoding for 3.x writes every failure as 0x80.

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{PropertySet, SubAckProperties};
use crate::reason::SubAckReasonCode;
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::Reader;

use super::{impl_encode, Body, PacketType};

/// SUBACK: the outcome of each subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubAck {
    /// The SUBSCRIBE's packet identifier.
    pub packet_id: PacketId,
    /// One code per filter, in the SUBSCRIBE's order.
    pub reason_codes: Vec<SubAckReasonCode>,
    /// MQTT 5 properties.
    pub properties: SubAckProperties,
}

impl SubAck {
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<SubAck, DecodeError> {
        let packet_id = reader.packet_id()?;
        let properties = if version.is_v5() {
            SubAckProperties::decode(reader)?
        } else {
            SubAckProperties::default()
        };
        let mut reason_codes = Vec::with_capacity(reader.remaining());
        while !reader.is_empty() {
            let offset = reader.offset();
            let code = reader.u8("reason code")?;
            let valid = version.is_v5() || matches!(code, 0 | 1 | 2 | 0x80);
            let reason = SubAckReasonCode::from_peer_code(code).filter(|_| valid).ok_or(
                DecodeError::InvalidReasonCode { packet_type: PacketType::SubAck, code, offset },
            )?;
            reason_codes.push(reason);
        }
        if reason_codes.is_empty() {
            return Err(DecodeError::EmptyPayload { packet_type: PacketType::SubAck });
        }
        Ok(SubAck { packet_id, reason_codes, properties })
    }
}

impl Body for SubAck {
    const PACKET_TYPE: PacketType = PacketType::SubAck;

    fn body_len(&self, version: ProtocolVersion) -> usize {
        let properties = if version.is_v5() { self.properties.wire_len() } else { 0 };
        2 + properties + self.reason_codes.len()
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if self.reason_codes.is_empty() {
            return Err(EncodeError::EmptyPayload { packet_type: PacketType::SubAck });
        }
        if let Some(reason) = self.reason_codes.iter().find(|reason| !reason.is_listed()) {
            return Err(EncodeError::ReasonCodeNotInPacket {
                packet_type: PacketType::SubAck,
                code: reason.code(),
            });
        }
        buf.put_u16(self.packet_id.get());
        if version.is_v5() {
            self.properties.encode(buf)?;
        }
        for reason in &self.reason_codes {
            let code = match reason.code() {
                code if version.is_v5() || code < 0x80 => code,
                _ => 0x80,
            };
            buf.put_u8(code);
        }
        Ok(())
    }
}

impl_encode!(SubAck);
