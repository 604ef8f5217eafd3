//! UNSUBACK (MQTT 5.0 §3.11, 3.1.1 §3.11): acknowledges UNSUBSCRIBE.
//!
//! Policy: before MQTT 5 UNSUBACK is only a packet identifier; its
//! `reason_codes` are then empty on decode and not written on encode.

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{PropertySet, UnsubAckProperties};
use crate::reason::UnsubAckReasonCode;
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::Reader;

use super::{impl_encode, Body, PacketType};

/// UNSUBACK: the outcome of each unsubscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubAck {
    /// The UNSUBSCRIBE's packet identifier.
    pub packet_id: PacketId,
    /// One code per filter (MQTT 5; empty before).
    pub reason_codes: Vec<UnsubAckReasonCode>,
    /// MQTT 5 properties.
    pub properties: UnsubAckProperties,
}

impl UnsubAck {
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<UnsubAck, DecodeError> {
        let packet_id = reader.packet_id()?;
        let mut unsuback = UnsubAck {
            packet_id,
            reason_codes: Vec::new(),
            properties: UnsubAckProperties::default(),
        };
        if version.is_v5() {
            unsuback.properties = UnsubAckProperties::decode(reader)?;
            unsuback.reason_codes.reserve(reader.remaining());
            while !reader.is_empty() {
                let offset = reader.offset();
                let code = reader.u8("reason code")?;
                let reason = UnsubAckReasonCode::from_peer_code(code).ok_or(
                    DecodeError::InvalidReasonCode {
                        packet_type: PacketType::UnsubAck,
                        code,
                        offset,
                    },
                )?;
                unsuback.reason_codes.push(reason);
            }
            if unsuback.reason_codes.is_empty() {
                return Err(DecodeError::EmptyPayload { packet_type: PacketType::UnsubAck });
            }
        }
        reader.finish()?;
        Ok(unsuback)
    }
}

impl Body for UnsubAck {
    const PACKET_TYPE: PacketType = PacketType::UnsubAck;

    fn body_len(&self, version: ProtocolVersion) -> usize {
        if version.is_v5() {
            2 + self.properties.wire_len() + self.reason_codes.len()
        } else {
            2
        }
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if version.is_v5() {
            if let Some(reason) = self.reason_codes.iter().find(|reason| !reason.is_listed()) {
                return Err(EncodeError::ReasonCodeNotInPacket {
                    packet_type: PacketType::UnsubAck,
                    code: reason.code(),
                });
            }
        }
        buf.put_u16(self.packet_id.get());
        if version.is_v5() {
            if self.reason_codes.is_empty() {
                return Err(EncodeError::EmptyPayload { packet_type: PacketType::UnsubAck });
            }
            self.properties.encode(buf)?;
            for reason in &self.reason_codes {
                buf.put_u8(reason.code());
            }
        }
        Ok(())
    }
}

impl_encode!(UnsubAck);
