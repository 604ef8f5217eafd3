//! The shared body of PUBACK, PUBREC, PUBREL and PUBCOMP: packet
//! identifier, then (MQTT 5 only) a reason code and properties, each of
//! which may be left out when it has its default value (MQTT 5.0 §3.4.2.1).
//!
//! Policy: encoding uses the shortest form; decoding accepts all three.
//! Before MQTT 5 only Success can be sent. Decoding accepts the reason codes
//! `from_peer_code` accepts; encoding refuses those the packet does not list
//! (see `crate::reason`).

use bytes::{BufMut, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{AckProperties, PropertySet};
use crate::reason::{PubAckReasonCode, PubRelReasonCode};
use crate::version::{PacketId, ProtocolVersion};
use crate::wire::Reader;

use super::PacketType;

/// A reason code set of the acknowledgements.
pub(crate) trait AckReason: Copy + Eq {
    const SUCCESS: Self;
    fn code(self) -> u8;
    fn from_peer_code(code: u8) -> Option<Self>;
    fn is_listed(self) -> bool;
}

impl AckReason for PubAckReasonCode {
    const SUCCESS: Self = PubAckReasonCode::Success;

    fn code(self) -> u8 {
        PubAckReasonCode::code(self)
    }

    fn from_peer_code(code: u8) -> Option<Self> {
        PubAckReasonCode::from_peer_code(code)
    }

    fn is_listed(self) -> bool {
        PubAckReasonCode::is_listed(self)
    }
}

impl AckReason for PubRelReasonCode {
    const SUCCESS: Self = PubRelReasonCode::Success;

    fn code(self) -> u8 {
        PubRelReasonCode::code(self)
    }

    fn from_peer_code(code: u8) -> Option<Self> {
        PubRelReasonCode::from_peer_code(code)
    }

    fn is_listed(self) -> bool {
        PubRelReasonCode::is_listed(self)
    }
}

pub(crate) fn decode<R: AckReason>(
    reader: &mut Reader<'_>,
    version: ProtocolVersion,
) -> Result<(PacketId, R, AckProperties), DecodeError> {
    let packet_id = reader.packet_id()?;
    let mut reason = R::SUCCESS;
    let mut properties = AckProperties::default();
    if version.is_v5() && !reader.is_empty() {
        let offset = reader.offset();
        let code = reader.u8("reason code")?;
        reason = R::from_peer_code(code).ok_or(DecodeError::InvalidReasonCode {
            packet_type: reader.packet_type(),
            code,
            offset,
        })?;
        if !reader.is_empty() {
            properties = AckProperties::decode(reader)?;
        }
    }
    reader.finish()?;
    Ok((packet_id, reason, properties))
}

pub(crate) fn body_len<R: AckReason>(
    reason: R,
    properties: &AckProperties,
    version: ProtocolVersion,
) -> usize {
    if !version.is_v5() {
        2
    } else if !properties.is_empty() {
        3 + properties.wire_len()
    } else if reason != R::SUCCESS {
        3
    } else {
        2
    }
}

pub(crate) fn put_body<R: AckReason>(
    packet_type: PacketType,
    packet_id: PacketId,
    reason: R,
    properties: &AckProperties,
    version: ProtocolVersion,
    buf: &mut BytesMut,
) -> Result<(), EncodeError> {
    if !reason.is_listed() {
        return Err(EncodeError::ReasonCodeNotInPacket { packet_type, code: reason.code() });
    }
    buf.put_u16(packet_id.get());
    if !version.is_v5() {
        if reason != R::SUCCESS {
            return Err(EncodeError::ReasonCodeNotInVersion {
                packet_type,
                code: reason.code(),
                version,
            });
        }
        return Ok(());
    }
    if !properties.is_empty() {
        buf.put_u8(reason.code());
        properties.encode(buf)?;
    } else if reason != R::SUCCESS {
        buf.put_u8(reason.code());
    }
    Ok(())
}

/// Defines one of the four acknowledgement packets: the struct, `new`,
/// `decode`, and its encoding through this module's shared body.
macro_rules! ack_packet {
    ($(#[$doc:meta])* $packet:ident, $reason:ident, $properties:ident, $name:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $packet {
            /// The packet identifier being acknowledged.
            pub packet_id: $crate::version::PacketId,
            /// The outcome (always Success before MQTT 5).
            pub reason_code: $crate::reason::$reason,
            /// MQTT 5 properties.
            pub properties: $crate::properties::$properties,
        }

        impl $packet {
            #[doc = concat!("A successful ", $name, " for `packet_id`.")]
            pub fn new(packet_id: $crate::version::PacketId) -> $packet {
                $packet {
                    packet_id,
                    reason_code: $crate::reason::$reason::Success,
                    properties: $crate::properties::$properties::default(),
                }
            }

            pub(crate) fn decode(
                reader: &mut $crate::wire::Reader<'_>,
                version: $crate::version::ProtocolVersion,
            ) -> Result<$packet, $crate::error::DecodeError> {
                let (packet_id, reason_code, properties) =
                    $crate::packet::ack::decode(reader, version)?;
                Ok($packet { packet_id, reason_code, properties })
            }
        }

        impl $crate::packet::Body for $packet {
            const PACKET_TYPE: $crate::packet::PacketType = $crate::packet::PacketType::$packet;

            fn body_len(&self, version: $crate::version::ProtocolVersion) -> usize {
                $crate::packet::ack::body_len(self.reason_code, &self.properties, version)
            }

            fn put_body(
                &self,
                version: $crate::version::ProtocolVersion,
                buf: &mut bytes::BytesMut,
            ) -> Result<(), $crate::error::EncodeError> {
                $crate::packet::ack::put_body(
                    Self::PACKET_TYPE,
                    self.packet_id,
                    self.reason_code,
                    &self.properties,
                    version,
                    buf,
                )
            }
        }

        $crate::packet::impl_encode!($packet);
    };
}

pub(crate) use ack_packet;
