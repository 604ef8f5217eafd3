//! Malformed fixed headers and framing: reserved packet types and flags,
//! QoS 3, zero packet identifiers, bad remaining lengths, oversized,
//! truncated and over-long packets. Each test builds the smallest packet
//! that breaks exactly one rule and checks the error and its byte offset.

use bytes::BytesMut;
use mqtt_proto::{decode, DecodeError, PacketType, ProtocolVersion};

use ProtocolVersion::{V3_1, V3_1_1, V5};

use crate::support::malformed::{decode_err, decodes, publish_with_properties};

#[test]
fn reserved_packet_types() {
    assert_eq!(decode_err(V5, &[0x00, 0x00]), DecodeError::ReservedPacketType { packet_type: 0 });
    // AUTH exists only in MQTT 5.
    for version in [V3_1, V3_1_1] {
        assert_eq!(
            decode_err(version, &[0xF0, 0x00]),
            DecodeError::ReservedPacketType { packet_type: 15 }
        );
    }
    decodes(V5, &[0xF0, 0x00]);
}

#[test]
fn reserved_fixed_header_flags() {
    let cases: &[(&[u8], PacketType, u8)] = &[
        (&[0x11, 0x00], PacketType::Connect, 0x1),
        (&[0x60, 0x02, 0x00, 0x01], PacketType::PubRel, 0x0),
        (&[0x80, 0x02, 0x00, 0x01], PacketType::Subscribe, 0x0),
        (&[0xA3, 0x02, 0x00, 0x01], PacketType::Unsubscribe, 0x3),
        (&[0x48, 0x02, 0x00, 0x01], PacketType::PubAck, 0x8),
        (&[0xC1, 0x00], PacketType::PingReq, 0x1),
        (&[0xD2, 0x00], PacketType::PingResp, 0x2),
        (&[0xE4, 0x00], PacketType::Disconnect, 0x4),
    ];
    for version in ProtocolVersion::ALL {
        for (bytes, packet_type, flags) in cases {
            assert_eq!(
                decode_err(version, bytes),
                DecodeError::InvalidFlags { packet_type: *packet_type, flags: *flags },
                "{version} {bytes:02x?}"
            );
        }
    }
    // MQTT 3.1 set DUP on re-sent PUBREL; 3.1.1 and 5.0 forbid it.
    decodes(V3_1, &[0x6A, 0x02, 0x00, 0x01]);
    assert!(matches!(
        decode_err(V3_1_1, &[0x6A, 0x02, 0x00, 0x01]),
        DecodeError::InvalidFlags { .. }
    ));
}

#[test]
fn publish_qos_3_and_dup_with_qos_0() {
    for version in ProtocolVersion::ALL {
        let qos3 = [0x36, 0x05, 0x00, 0x01, b't', 0x00, 0x01];
        assert_eq!(
            decode_err(version, &qos3),
            DecodeError::InvalidQoS { what: "PUBLISH QoS", offset: 0 }
        );
        let dup_qos0 = [0x38, 0x03, 0x00, 0x01, b't'];
        assert_eq!(
            decode_err(version, &dup_qos0),
            DecodeError::InvalidFlags { packet_type: PacketType::Publish, flags: 0x8 }
        );
    }
}

#[test]
fn zero_packet_identifiers() {
    let cases: &[(&[u8], PacketType, usize)] = &[
        (&[0x32, 0x05, 0x00, 0x01, b't', 0x00, 0x00], PacketType::Publish, 5),
        (&[0x40, 0x02, 0x00, 0x00], PacketType::PubAck, 2),
        (&[0x50, 0x02, 0x00, 0x00], PacketType::PubRec, 2),
        (&[0x62, 0x02, 0x00, 0x00], PacketType::PubRel, 2),
        (&[0x70, 0x02, 0x00, 0x00], PacketType::PubComp, 2),
        (&[0x82, 0x06, 0x00, 0x00, 0x00, 0x01, b'a', 0x00], PacketType::Subscribe, 2),
        (&[0x90, 0x03, 0x00, 0x00, 0x00], PacketType::SubAck, 2),
        (&[0xA2, 0x05, 0x00, 0x00, 0x00, 0x01, b'a'], PacketType::Unsubscribe, 2),
        (&[0xB0, 0x02, 0x00, 0x00], PacketType::UnsubAck, 2),
    ];
    for (bytes, packet_type, offset) in cases {
        assert_eq!(
            decode_err(V3_1_1, bytes),
            DecodeError::ZeroPacketId { packet_type: *packet_type, offset: *offset },
            "{bytes:02x?}"
        );
    }
}

#[test]
fn bad_remaining_length() {
    for version in ProtocolVersion::ALL {
        // Five bytes: the fourth still has its continuation bit.
        assert_eq!(
            decode_err(version, &[0x30, 0x80, 0x80, 0x80, 0x80, 0x01]),
            DecodeError::VarIntTooLong { what: "remaining length", offset: 1 }
        );
        // Zero written in two bytes.
        assert_eq!(
            decode_err(version, &[0xC0, 0x80, 0x00]),
            DecodeError::VarIntNotMinimal { what: "remaining length", offset: 1 }
        );
        assert_eq!(
            decode_err(version, &[0x30, 0x85, 0x80, 0x00]),
            DecodeError::VarIntNotMinimal { what: "remaining length", offset: 1 }
        );
    }
}

#[test]
fn oversized_packet_is_refused_from_its_header_without_reserving() {
    // A peer announcing 256 MiB: refused before any of it arrives.
    let mut buf = BytesMut::from(&[0x30, 0xFF, 0xFF, 0xFF, 0x7F][..]);
    let capacity = buf.capacity();
    assert_eq!(
        decode(&mut buf, V5, 1 << 20),
        Err(DecodeError::PacketTooLarge { size: 268_435_460, max: 1 << 20 })
    );
    assert_eq!(buf.capacity(), capacity, "the buffer grew for a packet we refused");
    // The limit counts the fixed header: 2 + 8 bytes is 10.
    let publish = [0x30, 0x08, 0x00, 0x01, b't', b'p', b'a', b'y', b'l', b'o'];
    assert_eq!(
        decode(&mut BytesMut::from(&publish[..]), V3_1_1, 9),
        Err(DecodeError::PacketTooLarge { size: 10, max: 9 })
    );
    assert!(decode(&mut BytesMut::from(&publish[..]), V3_1_1, 10).unwrap().is_some());
    // Within the limit, a partial packet reserves room for the rest only.
    let mut partial = BytesMut::from(&[0x30, 0x80, 0x08][..]);
    assert_eq!(decode(&mut partial, V3_1_1, 1 << 20), Ok(None));
    assert!(partial.capacity() >= 3 + 1024);
    assert_eq!(&partial[..], &[0x30, 0x80, 0x08]);
}

#[test]
fn truncated_fields_and_properties() {
    // Topic length says 10, the packet has 2 bytes left.
    assert_eq!(
        decode_err(V3_1_1, &[0x30, 0x04, 0x00, 0x0A, b'a', b'b']),
        DecodeError::UnexpectedEnd {
            packet_type: PacketType::Publish,
            what: "topic name",
            offset: 2
        }
    );
    // Property length 5 in a PUBACK with 1 byte left after it.
    assert_eq!(
        decode_err(V5, &[0x40, 0x05, 0x00, 0x01, 0x00, 0x05, 0x1F]),
        DecodeError::UnexpectedEnd {
            packet_type: PacketType::PubAck,
            what: "properties",
            offset: 6
        }
    );
    // A reason string that runs past the end of its property block.
    assert_eq!(
        decode_err(V5, &[0x40, 0x08, 0x00, 0x01, 0x00, 0x03, 0x1F, 0x00, 0x05, b'x']),
        DecodeError::UnexpectedEnd {
            packet_type: PacketType::PubAck,
            what: "Reason String",
            offset: 7
        }
    );
    // A four-byte property cut after two bytes.
    let packet = publish_with_properties(&[0x02, 0x00, 0x00]);
    assert!(matches!(
        decode_err(V5, &packet),
        DecodeError::UnexpectedEnd { what: "Message Expiry Interval", offset: 7, .. }
    ));
    // A property block that claims more than the packet has.
    assert!(matches!(
        decode_err(V5, &[0x30, 0x04, 0x00, 0x01, b't', 0x09]),
        DecodeError::UnexpectedEnd { what: "properties", .. }
    ));
    // CONNECT cut inside its keep alive.
    assert!(matches!(
        decode_err(V3_1_1, &[0x10, 0x08, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02]),
        DecodeError::UnexpectedEnd { what: "keep alive", offset: 10, .. }
    ));
}

#[test]
fn trailing_bytes_after_the_last_field() {
    let cases: &[(ProtocolVersion, &[u8], PacketType, usize)] = &[
        (V3_1_1, &[0xC0, 0x01, 0x00], PacketType::PingReq, 2),
        (V3_1_1, &[0x40, 0x03, 0x00, 0x01, 0x00], PacketType::PubAck, 4),
        (V3_1_1, &[0x20, 0x03, 0x00, 0x00, 0x00], PacketType::ConnAck, 4),
        (V3_1_1, &[0xE0, 0x01, 0x00], PacketType::Disconnect, 2),
        (V3_1_1, &[0xB0, 0x03, 0x00, 0x01, 0x00], PacketType::UnsubAck, 4),
        (V5, &[0x40, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00], PacketType::PubAck, 6),
    ];
    for (version, bytes, packet_type, offset) in cases {
        assert_eq!(
            decode_err(*version, bytes),
            DecodeError::TrailingBytes { packet_type: *packet_type, offset: *offset, count: 1 },
            "{version} {bytes:02x?}"
        );
    }
}
