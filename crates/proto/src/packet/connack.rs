//! CONNACK (MQTT 5.0 §3.2, 3.1.1 §3.2, 3.1 §3.2): the server's answer to
//! CONNECT.
//!
//! Policy: 3.x return codes are mapped to [`ConnectReasonCode`] and back;
//! a reason without a 3.x return code cannot be sent to a 3.x client. MQTT
//! 3.1 has no session present flag: its first byte is ignored on decode and
//! written as 0.

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{ConnAckProperties, PropertySet};
use crate::reason::ConnectReasonCode;
use crate::version::ProtocolVersion;
use crate::wire::Reader;

use super::{impl_encode, Body, PacketType};

/// CONNACK: whether the connection was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnAck {
    /// Whether the server resumed an existing session (3.1.1 and 5.0).
    pub session_present: bool,
    /// The outcome; 3.x return codes are mapped to their MQTT 5 names.
    pub reason_code: ConnectReasonCode,
    /// MQTT 5 properties.
    pub properties: ConnAckProperties,
}

impl ConnAck {
    /// A CONNACK with this outcome, no session and no properties.
    pub fn new(reason_code: ConnectReasonCode) -> ConnAck {
        ConnAck { session_present: false, reason_code, properties: ConnAckProperties::default() }
    }

    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<ConnAck, DecodeError> {
        let flags_offset = reader.offset();
        let flags = reader.u8("acknowledge flags")?;
        let session_present = match version {
            ProtocolVersion::V3_1 => false,
            _ if flags & 0xFE != 0 => {
                return Err(DecodeError::InvalidConnAckFlags {
                    flags,
                    offset: flags_offset,
                    reason: "reserved bits 7-1 are set (MQTT-3.2.2-1)",
                });
            }
            _ => flags & 0x01 != 0,
        };
        let code_offset = reader.offset();
        let code = reader.u8("reason code")?;
        let reason_code = if version.is_v5() {
            ConnectReasonCode::from_code(code)
        } else {
            ConnectReasonCode::from_v3_return_code(code)
        }
        .ok_or(DecodeError::InvalidReasonCode {
            packet_type: PacketType::ConnAck,
            code,
            offset: code_offset,
        })?;
        if session_present && reason_code != ConnectReasonCode::Success {
            return Err(DecodeError::InvalidConnAckFlags {
                flags,
                offset: flags_offset,
                reason: "session present with a failure code (MQTT-3.2.2-6)",
            });
        }
        let properties = if version.is_v5() {
            ConnAckProperties::decode(reader)?
        } else {
            ConnAckProperties::default()
        };
        reader.finish()?;
        Ok(ConnAck { session_present, reason_code, properties })
    }
}

impl Body for ConnAck {
    const PACKET_TYPE: PacketType = PacketType::ConnAck;

    fn body_len(&self, version: ProtocolVersion) -> usize {
        if version.is_v5() {
            2 + self.properties.wire_len()
        } else {
            2
        }
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        let session_present = self.session_present && version != ProtocolVersion::V3_1;
        buf.put_u8(u8::from(session_present));
        if version.is_v5() {
            buf.put_u8(self.reason_code.code());
            self.properties.encode(buf)
        } else {
            let code = self.reason_code.to_v3_return_code().ok_or(
                EncodeError::ReasonCodeNotInVersion {
                    packet_type: PacketType::ConnAck,
                    code: self.reason_code.code(),
                    version,
                },
            )?;
            buf.put_u8(code);
            Ok(())
        }
    }
}

impl_encode!(ConnAck);
