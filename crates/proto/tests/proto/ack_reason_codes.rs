//! Reason codes of other packets in acknowledgements: a failure code that
//! MQTT 5 defines but does not list for PUBACK/PUBREC, SUBACK or UNSUBACK
//! (mosquitto 2.0 answers an oversized PUBLISH with PUBACK 0x95 Packet too
//! large) decodes with its meaning and says it is not listed; we never
//! encode one; PUBREL/PUBCOMP and truly unknown codes stay malformed.

use bytes::BytesMut;
use mqtt_proto::{
    decode, DecodeError, EncodeError, Packet, PacketId, PacketType, ProtocolVersion, PubAck,
    PubAckReasonCode, SubAck, SubAckReasonCode, UnsubAck, UnsubAckReasonCode,
};

use ProtocolVersion::{V3_1_1, V5};

use crate::support::malformed::decode_err;

fn decode_v5(bytes: &[u8]) -> Packet {
    let mut buf = BytesMut::from(bytes);
    let packet = decode(&mut buf, V5, 1 << 20)
        .unwrap_or_else(|err| panic!("{bytes:02x?}: {err}"))
        .expect("a whole packet");
    assert!(buf.is_empty());
    packet
}

#[test]
fn puback_and_pubrec_accept_failure_codes_of_other_packets() {
    let Packet::PubAck(ack) = decode_v5(&[0x40, 0x03, 0x00, 0x01, 0x95]) else { panic!() };
    assert_eq!(ack.packet_id.get(), 1);
    assert_eq!(ack.reason_code, PubAckReasonCode::PacketTooLarge);
    assert_eq!(ack.reason_code.code(), 0x95);
    assert_eq!(ack.reason_code.name(), "Packet too large");
    assert!(ack.reason_code.is_error());
    assert!(!ack.reason_code.is_listed());

    // With a property block after the code (Reason String "big").
    let Packet::PubRec(rec) =
        decode_v5(&[0x50, 0x0A, 0x00, 0x07, 0x9B, 0x06, 0x1F, 0x00, 0x03, b'b', b'i', b'g'])
    else {
        panic!()
    };
    assert_eq!(rec.packet_id.get(), 7);
    assert_eq!(rec.reason_code, PubAckReasonCode::QoSNotSupported);
    assert!(rec.reason_code.is_error() && !rec.reason_code.is_listed());

    // Every MQTT 5 failure code (0x80..=0xA2) is accepted in PUBACK.
    for code in 0x80..=0xA2u8 {
        let Packet::PubAck(ack) = decode_v5(&[0x40, 0x03, 0x00, 0x01, code]) else { panic!() };
        assert_eq!(ack.reason_code.code(), code);
        assert!(ack.reason_code.is_error());
        assert_eq!(ack.reason_code.is_listed(), PubAckReasonCode::from_code(code).is_some());
    }
    // The listed codes stay listed, and only they are in ALL.
    assert!(PubAckReasonCode::QuotaExceeded.is_listed());
    assert!(!PubAckReasonCode::ALL.contains(&PubAckReasonCode::PacketTooLarge));
    assert_eq!(PubAckReasonCode::from_code(0x95), None);
    assert_eq!(PubAckReasonCode::try_from(0x95).unwrap_err().code, 0x95);
}

#[test]
fn suback_and_unsuback_accept_failure_codes_of_other_packets() {
    let Packet::SubAck(suback) = decode_v5(&[0x90, 0x05, 0x00, 0x02, 0x00, 0x01, 0x9B]) else {
        panic!()
    };
    assert_eq!(
        suback.reason_codes,
        vec![SubAckReasonCode::GrantedQoS1, SubAckReasonCode::QoSNotSupported]
    );
    assert!(!suback.reason_codes[1].is_listed());
    assert_eq!(suback.reason_codes[1].granted_qos(), None);

    let Packet::UnsubAck(unsuback) = decode_v5(&[0xB0, 0x04, 0x00, 0x03, 0x00, 0x89]) else {
        panic!()
    };
    assert_eq!(unsuback.reason_codes, vec![UnsubAckReasonCode::ServerBusy]);
    assert!(!unsuback.reason_codes[0].is_listed());
}

#[test]
fn unclear_and_unknown_codes_stay_malformed() {
    let cases: &[(ProtocolVersion, &[u8], PacketType, u8, usize)] = &[
        // Success-range codes of other packets have no clear meaning here.
        (V5, &[0x40, 0x03, 0x00, 0x01, 0x01], PacketType::PubAck, 0x01, 4),
        (V5, &[0x50, 0x03, 0x00, 0x01, 0x11], PacketType::PubRec, 0x11, 4),
        // Codes no MQTT 5 table defines.
        (V5, &[0x40, 0x03, 0x00, 0x01, 0xA3], PacketType::PubAck, 0xA3, 4),
        (V5, &[0x40, 0x03, 0x00, 0x01, 0xFF], PacketType::PubAck, 0xFF, 4),
        (V5, &[0x90, 0x04, 0x00, 0x01, 0x00, 0xA3], PacketType::SubAck, 0xA3, 5),
        // PUBREL and PUBCOMP stay strict: their only failure drives QoS 2.
        (V5, &[0x62, 0x03, 0x00, 0x01, 0x95], PacketType::PubRel, 0x95, 4),
        (V5, &[0x70, 0x03, 0x00, 0x01, 0x95], PacketType::PubComp, 0x95, 4),
        // 3.1.1 SUBACK knows 0, 1, 2 and 0x80 only.
        (V3_1_1, &[0x90, 0x03, 0x00, 0x01, 0x9B], PacketType::SubAck, 0x9B, 4),
    ];
    for (version, bytes, packet_type, code, offset) in cases {
        assert_eq!(
            decode_err(*version, bytes),
            DecodeError::InvalidReasonCode {
                packet_type: *packet_type,
                code: *code,
                offset: *offset
            },
            "{version} {bytes:02x?}"
        );
    }
}

#[test]
fn codes_not_listed_are_never_encoded() {
    let packet_id = PacketId::new(1).unwrap();
    let mut ack = PubAck::new(packet_id);
    ack.reason_code = PubAckReasonCode::PacketTooLarge;
    let suback = SubAck {
        packet_id,
        reason_codes: vec![SubAckReasonCode::GrantedQoS0, SubAckReasonCode::PacketTooLarge],
        properties: Default::default(),
    };
    let unsuback = UnsubAck {
        packet_id,
        reason_codes: vec![UnsubAckReasonCode::ServerBusy],
        properties: Default::default(),
    };
    let cases: Vec<(Packet, PacketType, u8)> = vec![
        (Packet::PubAck(ack.clone()), PacketType::PubAck, 0x95),
        (Packet::PubRec(ack_as_pubrec(&ack)), PacketType::PubRec, 0x95),
        (Packet::SubAck(suback), PacketType::SubAck, 0x95),
        (Packet::UnsubAck(unsuback), PacketType::UnsubAck, 0x89),
    ];
    for (packet, packet_type, code) in cases {
        let mut buf = BytesMut::from(&b"earlier"[..]);
        let err = packet.encode(V5, &mut buf).expect_err("encoding should fail");
        assert_eq!(err, EncodeError::ReasonCodeNotInPacket { packet_type, code }, "{packet:?}");
        assert_eq!(&buf[..], b"earlier");
        assert!(err.to_string().contains("reason code in MQTT 5"), "{err}");
    }
}

fn ack_as_pubrec(ack: &PubAck) -> mqtt_proto::PubRec {
    mqtt_proto::PubRec {
        packet_id: ack.packet_id,
        reason_code: ack.reason_code,
        properties: ack.properties.clone(),
    }
}
