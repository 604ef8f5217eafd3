//! AUTH (MQTT 5.0 §3.15): extended authentication exchange. MQTT 5 only;
//! packet type 15 is reserved before, so encoding it for 3.x fails.

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{AuthProperties, PropertySet};
use crate::reason::AuthReasonCode;
use crate::version::ProtocolVersion;
use crate::wire::Reader;

use super::{impl_encode, Body, PacketType};

/// AUTH: one step of an extended authentication exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// The step.
    pub reason_code: AuthReasonCode,
    /// Authentication method, data and diagnostics.
    pub properties: AuthProperties,
}

impl Auth {
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Auth, DecodeError> {
        let mut auth =
            Auth { reason_code: AuthReasonCode::Success, properties: AuthProperties::default() };
        if !reader.is_empty() {
            let offset = reader.offset();
            let code = reader.u8("reason code")?;
            auth.reason_code =
                AuthReasonCode::from_code(code).ok_or(DecodeError::InvalidReasonCode {
                    packet_type: PacketType::Auth,
                    code,
                    offset,
                })?;
            if !reader.is_empty() {
                auth.properties = AuthProperties::decode(reader)?;
            }
        }
        reader.finish()?;
        Ok(auth)
    }
}

impl Body for Auth {
    const PACKET_TYPE: PacketType = PacketType::Auth;

    fn body_len(&self, _version: ProtocolVersion) -> usize {
        if !self.properties.is_empty() {
            1 + self.properties.wire_len()
        } else if self.reason_code != AuthReasonCode::Success {
            1
        } else {
            0
        }
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if !version.is_v5() {
            return Err(EncodeError::NotInVersion { what: "AUTH", version });
        }
        if !self.properties.is_empty() {
            buf.put_u8(self.reason_code.code());
            self.properties.encode(buf)?;
        } else if self.reason_code != AuthReasonCode::Success {
            buf.put_u8(self.reason_code.code());
        }
        Ok(())
    }
}

impl_encode!(Auth);
