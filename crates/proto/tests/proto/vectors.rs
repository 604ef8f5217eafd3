//! Byte-exact vectors from the specifications' examples, plus hand-assembled
//! MQTT 5 packets with properties, each with the packet it must decode to
//! (the mosquitto vectors are in `mosquitto_vectors.rs`).
//!
//! Every vector is decoded with trailing junk after it (decoding must stop
//! at the frame boundary and leave the junk) and encoded back byte for byte.

use bytes::Bytes;
use mqtt_proto::{
    Auth, AuthReasonCode, ConnAck, Connect, ConnectReasonCode, Disconnect, DisconnectReasonCode,
    MqttString, Packet, PacketId, PacketType, ProtocolVersion, PubAck, PubAckReasonCode, PubComp,
    PubRec, PubRel, PubRelReasonCode, Publish, QoS, SubAck, SubAckReasonCode, Subscribe,
    SubscriptionOptions, Topic, TopicFilter, UnsubAck, UnsubAckReasonCode, Unsubscribe, Will,
};

use crate::support::vectors::{decode_vector, encode};

fn id(value: u16) -> PacketId {
    PacketId::new(value).unwrap()
}

fn s(text: &'static str) -> MqttString {
    MqttString::from_static(text)
}

/// Specification examples (3.1.1 §3.1.2.10, §3.3.2.3, §3.8.3.1, §3.9.3,
/// §3.10.3, 5.0 §3.1.2.11, §3.3.2.3.9 ...) completed into whole packets,
/// and MQTT 5 packets with properties assembled by hand from Table 2-4.
fn spec_vectors() -> Vec<(ProtocolVersion, Vec<u8>, Packet)> {
    use ProtocolVersion::*;
    let mut vectors = Vec::new();

    // 3.1.1 §3.1.2.10: protocol level 4, flags 0xCE (user name, password,
    // will QoS 1, will, clean session), keep alive 10.
    let mut connect = Connect::new(V3_1_1, s("c"), 10);
    connect.will = Some(Will {
        topic: Topic::from_static("w"),
        payload: Bytes::from_static(b"x"),
        qos: QoS::AtLeastOnce,
        retain: false,
        properties: Default::default(),
    });
    connect.username = Some(s("u"));
    connect.password = Some(Bytes::from_static(b"p"));
    let body = [
        &[0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0xCE, 0x00, 0x0A][..],
        &[0x00, 0x01, b'c', 0x00, 0x01, b'w', 0x00, 0x01, b'x', 0x00, 0x01, b'u', 0x00, 0x01, b'p'],
    ]
    .concat();
    vectors.push((
        V3_1_1,
        [&[0x10, body.len() as u8][..], &body].concat(),
        Packet::Connect(connect.clone()),
    ));

    // The same in MQTT 3.1: protocol name "MQIsdp", level 3.
    connect.protocol = V3_1;
    let body = [
        &[0x00, 0x06, b'M', b'Q', b'I', b's', b'd', b'p', 0x03, 0xCE, 0x00, 0x0A][..],
        &[0x00, 0x01, b'c', 0x00, 0x01, b'w', 0x00, 0x01, b'x', 0x00, 0x01, b'u', 0x00, 0x01, b'p'],
    ]
    .concat();
    vectors.push((V3_1, [&[0x10, body.len() as u8][..], &body].concat(), Packet::Connect(connect)));

    // 5.0 §3.1.2.11 example: level 5, flags 0xC2, keep alive 10, Session
    // Expiry Interval 10; empty client id.
    let mut connect = Connect::new(V5, s(""), 10);
    connect.username = Some(s("u"));
    connect.password = Some(Bytes::from_static(b"p"));
    connect.properties.set_session_expiry_interval(10);
    vectors.push((
        V5,
        vec![
            0x10, 0x18, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x05, 0xC2, 0x00, 0x0A, 0x05, 0x11,
            0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x01, b'u', 0x00, 0x01, b'p',
        ],
        Packet::Connect(connect),
    ));

    // 3.1.1 §3.3.2.3: topic "a/b", packet identifier 10; QoS 1.
    let mut publish = Publish::new(Topic::from_static("a/b"), Bytes::from_static(b"hi"));
    publish.qos = QoS::AtLeastOnce;
    publish.packet_id = Some(id(10));
    let publish_v3 = vec![0x32, 0x09, 0x00, 0x03, b'a', b'/', b'b', 0x00, 0x0A, b'h', b'i'];
    vectors.push((V3_1_1, publish_v3.clone(), Packet::Publish(publish.clone())));
    vectors.push((V3_1, publish_v3, Packet::Publish(publish.clone())));
    // 5.0 §3.3.2.3.9: the same with an empty property block.
    vectors.push((
        V5,
        vec![0x32, 0x0A, 0x00, 0x03, b'a', b'/', b'b', 0x00, 0x0A, 0x00, b'h', b'i'],
        Packet::Publish(publish.clone()),
    ));
    // MQTT 5 PUBLISH, QoS 2, DUP, RETAIN, with every PUBLISH property.
    publish.qos = QoS::ExactlyOnce;
    publish.dup = true;
    publish.retain = true;
    let properties = &mut publish.properties;
    properties.set_payload_format_indicator(true);
    properties.set_message_expiry_interval(0x0102_0304);
    properties.set_topic_alias(5);
    properties.set_response_topic(Topic::from_static("r"));
    properties.set_correlation_data(Bytes::from_static(b"\x00\xFF"));
    properties.set_content_type(s("t"));
    properties.push_subscription_identifier(1);
    properties.push_subscription_identifier(128);
    properties.push_user_property(s("k"), s("v"));
    properties.push_user_property(s("k"), s("w"));
    vectors.push((
        V5,
        vec![
            0x3D, 0x34, 0x00, 0x03, b'a', b'/', b'b', 0x00, 0x0A,
            0x2A, // header, topic, id, property length 42
            0x01, 0x01, // payload format indicator
            0x02, 0x01, 0x02, 0x03, 0x04, // message expiry interval
            0x23, 0x00, 0x05, // topic alias
            0x08, 0x00, 0x01, b'r', // response topic
            0x09, 0x00, 0x02, 0x00, 0xFF, // correlation data
            0x03, 0x00, 0x01, b't', // content type
            0x0B, 0x01, 0x0B, 0x80, 0x01, // subscription identifiers 1 and 128
            0x26, 0x00, 0x01, b'k', 0x00, 0x01, b'v', 0x26, 0x00, 0x01, b'k', 0x00, 0x01,
            b'w', // user properties
            b'h', b'i',
        ],
        Packet::Publish(publish),
    ));
    // MQTT 5 PUBLISH with an empty topic and a topic alias.
    let mut aliased = Publish::new(Topic::empty(), Bytes::new());
    aliased.properties.set_topic_alias(1);
    vectors.push((
        V5,
        vec![0x30, 0x06, 0x00, 0x00, 0x03, 0x23, 0x00, 0x01],
        Packet::Publish(aliased),
    ));

    // 3.1.1 §3.8.3.1: "a/b" QoS 1 and "c/d" QoS 2, packet identifier 10.
    let subscribe = Subscribe::new(
        id(10),
        vec![
            (TopicFilter::from_static("a/b"), SubscriptionOptions::new(QoS::AtLeastOnce)),
            (TopicFilter::from_static("c/d"), SubscriptionOptions::new(QoS::ExactlyOnce)),
        ],
    );
    let subscribe_v3 = vec![
        0x82, 0x0E, 0x00, 0x0A, 0x00, 0x03, b'a', b'/', b'b', 0x01, 0x00, 0x03, b'c', b'/', b'd',
        0x02,
    ];
    vectors.push((V3_1_1, subscribe_v3.clone(), Packet::Subscribe(subscribe.clone())));
    vectors.push((V3_1, subscribe_v3, Packet::Subscribe(subscribe.clone())));
    // MQTT 5: subscription identifier 300, options with every bit.
    let mut subscribe = subscribe;
    subscribe.properties.set_subscription_identifier(300);
    subscribe.filters[1].1.no_local = true;
    subscribe.filters[1].1.retain_as_published = true;
    subscribe.filters[1].1.retain_handling = mqtt_proto::RetainHandling::DoNotSend;
    vectors.push((
        V5,
        vec![
            0x82, 0x12, 0x00, 0x0A, 0x03, 0x0B, 0xAC, 0x02, 0x00, 0x03, b'a', b'/', b'b', 0x01,
            0x00, 0x03, b'c', b'/', b'd', 0x2E,
        ],
        Packet::Subscribe(subscribe),
    ));

    // 3.1.1 §3.9.3: granted QoS 0, granted QoS 2, failure.
    let suback = SubAck {
        packet_id: id(10),
        reason_codes: vec![
            SubAckReasonCode::GrantedQoS0,
            SubAckReasonCode::GrantedQoS2,
            SubAckReasonCode::UnspecifiedError,
        ],
        properties: Default::default(),
    };
    vectors.push((
        V3_1_1,
        vec![0x90, 0x05, 0x00, 0x0A, 0x00, 0x02, 0x80],
        Packet::SubAck(suback.clone()),
    ));
    let mut suback = suback;
    suback.reason_codes[2] = SubAckReasonCode::WildcardSubscriptionsNotSupported;
    suback.properties.set_reason_string(s("no"));
    vectors.push((
        V5,
        vec![0x90, 0x0B, 0x00, 0x0A, 0x05, 0x1F, 0x00, 0x02, b'n', b'o', 0x00, 0x02, 0xA2],
        Packet::SubAck(suback),
    ));

    // 3.1.1 §3.10.3: "a/b" and "c/d".
    let unsubscribe = Unsubscribe::new(
        id(10),
        vec![TopicFilter::from_static("a/b"), TopicFilter::from_static("c/d")],
    );
    vectors.push((
        V3_1_1,
        vec![0xA2, 0x0C, 0x00, 0x0A, 0x00, 0x03, b'a', b'/', b'b', 0x00, 0x03, b'c', b'/', b'd'],
        Packet::Unsubscribe(unsubscribe.clone()),
    ));
    let mut unsubscribe = unsubscribe;
    unsubscribe.properties.push_user_property(s("a"), s(""));
    vectors.push((
        V5,
        vec![
            0xA2, 0x13, 0x00, 0x0A, 0x06, 0x26, 0x00, 0x01, b'a', 0x00, 0x00, 0x00, 0x03, b'a',
            b'/', b'b', 0x00, 0x03, b'c', b'/', b'd',
        ],
        Packet::Unsubscribe(unsubscribe),
    ));
    vectors.push((
        V5,
        vec![0xB0, 0x05, 0x00, 0x0A, 0x00, 0x00, 0x11],
        Packet::UnsubAck(UnsubAck {
            packet_id: id(10),
            reason_codes: vec![
                UnsubAckReasonCode::Success,
                UnsubAckReasonCode::NoSubscriptionExisted,
            ],
            properties: Default::default(),
        }),
    ));

    // CONNACK: 3.x return codes map to MQTT 5 reason codes.
    for (code, reason) in [
        (1, ConnectReasonCode::UnsupportedProtocolVersion),
        (2, ConnectReasonCode::ClientIdentifierNotValid),
        (3, ConnectReasonCode::ServerUnavailable),
        (4, ConnectReasonCode::BadUserNameOrPassword),
        (5, ConnectReasonCode::NotAuthorized),
    ] {
        for version in [V3_1, V3_1_1] {
            vectors.push((
                version,
                vec![0x20, 0x02, 0x00, code],
                Packet::ConnAck(ConnAck::new(reason)),
            ));
        }
    }
    let mut connack = ConnAck::new(ConnectReasonCode::Success);
    connack.session_present = true;
    vectors.push((V3_1_1, vec![0x20, 0x02, 0x01, 0x00], Packet::ConnAck(connack.clone())));
    let properties = &mut connack.properties;
    properties.set_maximum_qos(QoS::AtLeastOnce);
    properties.set_retain_available(false);
    properties.set_maximum_packet_size(1024);
    properties.set_assigned_client_identifier(s("id"));
    properties.set_topic_alias_maximum(10);
    properties.set_wildcard_subscription_available(true);
    properties.set_server_keep_alive(30);
    vectors.push((
        V5,
        vec![
            0x20, 0x19, 0x01, 0x00, 0x16, 0x24, 0x01, 0x25, 0x00, 0x27, 0x00, 0x00, 0x04, 0x00,
            0x12, 0x00, 0x02, b'i', b'd', 0x22, 0x00, 0x0A, 0x28, 0x01, 0x13, 0x00, 0x1E,
        ],
        Packet::ConnAck(connack),
    ));
    let mut refused = ConnAck::new(ConnectReasonCode::Banned);
    refused.properties.set_server_reference(s("b"));
    vectors.push((
        V5,
        vec![0x20, 0x07, 0x00, 0x8A, 0x04, 0x1C, 0x00, 0x01, b'b'],
        Packet::ConnAck(refused),
    ));

    // Acknowledgements in all three MQTT 5 forms (MQTT 5.0 §3.4.2.1).
    let mut puback = PubAck::new(id(1));
    vectors.push((V5, vec![0x40, 0x02, 0x00, 0x01], Packet::PubAck(puback.clone())));
    puback.reason_code = PubAckReasonCode::QuotaExceeded;
    vectors.push((V5, vec![0x40, 0x03, 0x00, 0x01, 0x97], Packet::PubAck(puback.clone())));
    puback.properties.set_reason_string(s("q"));
    vectors.push((
        V5,
        vec![0x40, 0x08, 0x00, 0x01, 0x97, 0x04, 0x1F, 0x00, 0x01, b'q'],
        Packet::PubAck(puback),
    ));
    let mut pubrec = PubRec::new(id(2));
    pubrec.reason_code = PubAckReasonCode::NoMatchingSubscribers;
    vectors.push((V5, vec![0x50, 0x03, 0x00, 0x02, 0x10], Packet::PubRec(pubrec)));
    let mut pubrel = PubRel::new(id(2));
    pubrel.reason_code = PubRelReasonCode::PacketIdentifierNotFound;
    vectors.push((V5, vec![0x62, 0x03, 0x00, 0x02, 0x92], Packet::PubRel(pubrel)));
    let mut pubcomp = PubComp::new(id(2));
    pubcomp.properties.push_user_property(s("a"), s("b"));
    vectors.push((
        V5,
        vec![0x70, 0x0B, 0x00, 0x02, 0x00, 0x07, 0x26, 0x00, 0x01, b'a', 0x00, 0x01, b'b'],
        Packet::PubComp(pubcomp),
    ));

    // PINGREQ, PINGRESP and DISCONNECT are two bytes in every version.
    for version in ProtocolVersion::ALL {
        vectors.push((version, vec![0xC0, 0x00], Packet::PingReq));
        vectors.push((version, vec![0xD0, 0x00], Packet::PingResp));
        vectors.push((version, vec![0xE0, 0x00], Packet::Disconnect(Disconnect::default())));
    }
    let mut disconnect =
        Disconnect { reason_code: DisconnectReasonCode::SessionTakenOver, ..Default::default() };
    vectors.push((V5, vec![0xE0, 0x01, 0x8E], Packet::Disconnect(disconnect.clone())));
    disconnect.properties.set_session_expiry_interval(0);
    vectors.push((
        V5,
        vec![0xE0, 0x07, 0x8E, 0x05, 0x11, 0x00, 0x00, 0x00, 0x00],
        Packet::Disconnect(disconnect),
    ));

    // AUTH (MQTT 5 only): the short form and a SCRAM-style step.
    let auth = Auth { reason_code: AuthReasonCode::Success, properties: Default::default() };
    vectors.push((V5, vec![0xF0, 0x00], Packet::Auth(auth)));
    let mut auth = Auth {
        reason_code: AuthReasonCode::ContinueAuthentication,
        properties: Default::default(),
    };
    auth.properties.set_authentication_method(s("SCRAM-SHA-1"));
    auth.properties.set_authentication_data(Bytes::from_static(b"n,,n=u"));
    vectors.push((
        V5,
        [
            &[0xF0, 0x19, 0x18, 0x17, 0x15, 0x00, 0x0B][..],
            b"SCRAM-SHA-1",
            &[0x16, 0x00, 0x06],
            b"n,,n=u",
        ]
        .concat(),
        Packet::Auth(auth),
    ));
    vectors
}

#[test]
fn spec_vectors_decode_and_encode_byte_exact() {
    let vectors = spec_vectors();
    for (version, bytes, expected) in &vectors {
        let packet = decode_vector(*version, bytes);
        assert_eq!(&packet, expected, "{version} {bytes:02x?}");
        assert_eq!(encode(expected, *version), *bytes, "{version} {expected:?}");
    }
    // Every packet type appears, and every version.
    for version in ProtocolVersion::ALL {
        let types: Vec<PacketType> =
            vectors.iter().filter(|v| v.0 == version).map(|v| v.2.packet_type()).collect();
        assert!(types.contains(&PacketType::Connect), "{version}");
    }
    for type_number in 1..=15 {
        let packet_type = PacketType::from_u8(type_number).unwrap();
        assert!(
            vectors.iter().any(|v| v.2.packet_type() == packet_type),
            "no vector for {packet_type}"
        );
    }
}
