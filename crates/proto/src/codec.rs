//! Framing: the streaming [`decode`] entry point.
//!
//! Policy: the fixed header is checked as soon as its bytes arrive: packet
//! type, flags, remaining length and the maximum packet size are all
//! verified before any byte of the body is waited for or reserved, so a
//! peer announcing 256 MiB costs us nothing. A complete packet is split off
//! the front of the buffer and frozen, and every field is a slice of it.

use bytes::BytesMut;

use crate::error::DecodeError;
use crate::packet::{decode_body, Packet, PacketType, Publish};
use crate::varint::{self, VarIntError};
use crate::version::ProtocolVersion;

/// Decodes one packet from the front of `buf`.
///
/// Returns `Ok(None)` when `buf` does not hold a whole packet yet; `buf` is
/// then untouched except that capacity for the rest of the packet may have
/// been reserved. On `Ok(Some(_))` exactly that packet's bytes have been
/// removed from `buf`. On error the connection should be closed: the bytes
/// of a fully buffered but malformed packet have been removed, a bad fixed
/// header leaves `buf` as it was.
///
/// `max_packet_size` limits the whole packet, fixed header included. A
/// CONNECT is decoded by its own protocol level, whatever `version` says.
pub fn decode(
    buf: &mut BytesMut,
    version: ProtocolVersion,
    max_packet_size: usize,
) -> Result<Option<Packet>, DecodeError> {
    let Some(&first) = buf.first() else {
        return Ok(None);
    };
    let packet_type = check_first_byte(first, version)?;
    let (remaining, varint_len) = match varint::decode(&buf[1..]) {
        Ok(Some(decoded)) => decoded,
        Ok(None) => return Ok(None),
        Err(VarIntError::TooLong) => {
            return Err(DecodeError::VarIntTooLong { what: "remaining length", offset: 1 });
        }
        Err(VarIntError::NotMinimal) => {
            return Err(DecodeError::VarIntNotMinimal { what: "remaining length", offset: 1 });
        }
    };
    let header_len = 1 + varint_len;
    let size = header_len + remaining as usize;
    if size > max_packet_size {
        return Err(DecodeError::PacketTooLarge { size, max: max_packet_size });
    }
    if buf.len() < size {
        buf.reserve(size - buf.len());
        return Ok(None);
    }
    let frame = buf.split_to(size).freeze();
    if packet_type == PacketType::Publish {
        // The hot path: PUBLISH keeps the frame itself as its payload.
        return Publish::decode(frame, header_len, version);
    }
    let packet = decode_body(frame, header_len, packet_type, version)?;
    Ok(Some(packet))
}

/// Checks the packet type and the fixed header flags (MQTT 5.0 §2.1.3).
fn check_first_byte(first: u8, version: ProtocolVersion) -> Result<PacketType, DecodeError> {
    let type_bits = first >> 4;
    let flags = first & 0x0F;
    let packet_type = PacketType::from_u8(type_bits)
        .filter(|packet_type| *packet_type != PacketType::Auth || version.is_v5())
        .ok_or(DecodeError::ReservedPacketType { packet_type: type_bits })?;
    let valid = match packet_type {
        PacketType::Publish => {
            let qos = (flags >> 1) & 0b11;
            if qos == 3 {
                return Err(DecodeError::InvalidQoS { what: "PUBLISH QoS", offset: 0 });
            }
            // MQTT-3.3.1-2: DUP must be 0 for QoS 0.
            qos != 0 || flags & 0b1000 == 0
        }
        // MQTT 3.1 set DUP on re-sent PUBREL, SUBSCRIBE and UNSUBSCRIBE.
        PacketType::PubRel | PacketType::Subscribe | PacketType::Unsubscribe
            if version == ProtocolVersion::V3_1 =>
        {
            flags & 0b0111 == packet_type.required_flags()
        }
        _ => flags == packet_type.required_flags(),
    };
    if valid {
        Ok(packet_type)
    } else {
        Err(DecodeError::InvalidFlags { packet_type, flags })
    }
}
