//! DISCONNECT (MQTT 5.0 §3.14, 3.1.1 §3.14): the last packet of a
//! connection.
//!
//! Policy: before MQTT 5 DISCONNECT has no body and only Normal
//! disconnection can be sent. In MQTT 5 the reason code and properties are
//! left out when they have their default values (MQTT 5.0 §3.14.2.1).

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{DisconnectProperties, PropertySet};
use crate::reason::DisconnectReasonCode;
use crate::version::ProtocolVersion;
use crate::wire::Reader;

use super::{impl_encode, Body, PacketType};

/// DISCONNECT: closes the connection, with a reason in MQTT 5.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Disconnect {
    /// Why (always Normal disconnection before MQTT 5).
    pub reason_code: DisconnectReasonCode,
    /// MQTT 5 properties.
    pub properties: DisconnectProperties,
}

impl Disconnect {
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        version: ProtocolVersion,
    ) -> Result<Disconnect, DecodeError> {
        let mut disconnect = Disconnect::default();
        if version.is_v5() && !reader.is_empty() {
            let offset = reader.offset();
            let code = reader.u8("reason code")?;
            disconnect.reason_code =
                DisconnectReasonCode::from_code(code).ok_or(DecodeError::InvalidReasonCode {
                    packet_type: PacketType::Disconnect,
                    code,
                    offset,
                })?;
            if !reader.is_empty() {
                disconnect.properties = DisconnectProperties::decode(reader)?;
            }
        }
        reader.finish()?;
        Ok(disconnect)
    }
}

impl Body for Disconnect {
    const PACKET_TYPE: PacketType = PacketType::Disconnect;

    fn body_len(&self, version: ProtocolVersion) -> usize {
        if !version.is_v5() {
            0
        } else if !self.properties.is_empty() {
            1 + self.properties.wire_len()
        } else if self.reason_code != DisconnectReasonCode::NormalDisconnection {
            1
        } else {
            0
        }
    }

    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        let normal = self.reason_code == DisconnectReasonCode::NormalDisconnection;
        if !version.is_v5() {
            if !normal {
                return Err(EncodeError::ReasonCodeNotInVersion {
                    packet_type: PacketType::Disconnect,
                    code: self.reason_code.code(),
                    version,
                });
            }
        } else if !self.properties.is_empty() {
            buf.put_u8(self.reason_code.code());
            self.properties.encode(buf)?;
        } else if !normal {
            buf.put_u8(self.reason_code.code());
        }
        Ok(())
    }
}

impl_encode!(Disconnect);
