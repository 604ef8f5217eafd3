//! Packets that cannot be sent as asked are refused with a clear error,
//! and a failed encode leaves the buffer exactly as it was.
//! Also: `Debug` output never shows a password or a payload.

use bytes::{Bytes, BytesMut};
use mqtt_proto::{
    Auth, AuthReasonCode, ConnAck, Connect, ConnectReasonCode, Disconnect, DisconnectReasonCode,
    EncodeError, MqttString, Packet, PacketId, PacketType, PropertyId, ProtocolVersion, PubAck,
    PubAckReasonCode, Publish, QoS, SubAck, SubAckReasonCode, Subscribe, Topic, Unsubscribe, Will,
};

use ProtocolVersion::{V3_1, V3_1_1, V5};

/// Encodes after some earlier bytes and checks they are all that is left
/// when encoding fails.
fn encode_err(packet: impl Into<Packet>, version: ProtocolVersion) -> EncodeError {
    let packet = packet.into();
    let mut buf = BytesMut::from(&b"earlier"[..]);
    let err = packet.encode(version, &mut buf).expect_err("encoding should fail");
    assert_eq!(&buf[..], b"earlier", "{version} {packet:?}: a failed encode left bytes behind");
    assert!(!err.to_string().is_empty());
    err
}

fn topic() -> Topic {
    Topic::from_static("t")
}

#[test]
fn publish_packet_identifier_rules() {
    let mut publish = Publish::new(topic(), Bytes::new());
    publish.qos = QoS::AtLeastOnce;
    assert_eq!(
        encode_err(publish.clone(), V5),
        EncodeError::MissingPacketId { qos: QoS::AtLeastOnce }
    );
    publish.qos = QoS::AtMostOnce;
    publish.packet_id = PacketId::new(1);
    assert_eq!(
        encode_err(publish.clone(), V3_1_1),
        EncodeError::QoS0With { what: "a packet identifier" }
    );
    publish.packet_id = None;
    publish.dup = true;
    assert_eq!(encode_err(publish, V3_1), EncodeError::QoS0With { what: "the DUP flag" });
}

#[test]
fn empty_topic_needs_an_mqtt5_alias() {
    let mut publish = Publish::new(Topic::empty(), Bytes::from_static(b"x"));
    for version in ProtocolVersion::ALL {
        assert_eq!(encode_err(publish.clone(), version), EncodeError::MissingTopic);
    }
    publish.properties.set_topic_alias(1);
    assert_eq!(encode_err(publish.clone(), V3_1_1), EncodeError::MissingTopic);
    let mut buf = BytesMut::new();
    publish.encode(V5, &mut buf).unwrap();
}

#[test]
fn connect_rules() {
    let mut connect = Connect::new(V3_1_1, MqttString::from_static("c"), 0);
    connect.password = Some(Bytes::from_static(b"p"));
    assert_eq!(
        encode_err(connect.clone(), V3_1_1),
        EncodeError::PasswordWithoutUsername { version: V3_1_1 }
    );
    // CONNECT is written in its own protocol version, whatever is asked.
    connect.protocol = V5;
    let mut buf = BytesMut::new();
    Packet::Connect(connect.clone()).encode(V3_1, &mut buf).unwrap();
    assert_eq!(&buf[2..9], b"\x00\x04MQTT\x05");
    // Binary fields have a 2-byte length prefix.
    connect.password = Some(Bytes::from(vec![0u8; 70_000]));
    assert_eq!(
        encode_err(connect.clone(), V5),
        EncodeError::BinaryTooLong { what: "password", len: 70_000 }
    );
    connect.password = None;
    connect.will = Some(Will {
        topic: topic(),
        payload: Bytes::from(vec![0u8; 65_536]),
        qos: QoS::AtMostOnce,
        retain: false,
        properties: Default::default(),
    });
    assert_eq!(
        encode_err(connect, V5),
        EncodeError::BinaryTooLong { what: "will payload", len: 65_536 }
    );
}

#[test]
fn reason_codes_that_3x_cannot_express() {
    assert_eq!(
        encode_err(ConnAck::new(ConnectReasonCode::Banned), V3_1_1),
        EncodeError::ReasonCodeNotInVersion {
            packet_type: PacketType::ConnAck,
            code: 0x8A,
            version: V3_1_1
        }
    );
    let mut puback = PubAck::new(PacketId::new(1).unwrap());
    puback.reason_code = PubAckReasonCode::NoMatchingSubscribers;
    assert_eq!(
        encode_err(puback, V3_1),
        EncodeError::ReasonCodeNotInVersion {
            packet_type: PacketType::PubAck,
            code: 0x10,
            version: V3_1
        }
    );
    let disconnect = Disconnect {
        reason_code: DisconnectReasonCode::ServerBusy,
        properties: Default::default(),
    };
    assert!(matches!(
        encode_err(disconnect, V3_1_1),
        EncodeError::ReasonCodeNotInVersion { code: 0x89, .. }
    ));
    let auth = Auth { reason_code: AuthReasonCode::Success, properties: Default::default() };
    assert_eq!(
        encode_err(auth, V3_1_1),
        EncodeError::NotInVersion { what: "AUTH", version: V3_1_1 }
    );
    // SUBACK failures all become 0x80 before MQTT 5.
    let suback = SubAck {
        packet_id: PacketId::new(1).unwrap(),
        reason_codes: vec![SubAckReasonCode::NotAuthorized, SubAckReasonCode::GrantedQoS1],
        properties: Default::default(),
    };
    let mut buf = BytesMut::new();
    suback.encode(V3_1_1, &mut buf).unwrap();
    assert_eq!(&buf[..], &[0x90, 0x04, 0x00, 0x01, 0x80, 0x01]);
}

#[test]
fn empty_lists_and_bad_property_values() {
    let id = PacketId::new(1).unwrap();
    assert_eq!(
        encode_err(Subscribe::new(id, vec![]), V3_1_1),
        EncodeError::EmptyPayload { packet_type: PacketType::Subscribe }
    );
    assert_eq!(
        encode_err(Unsubscribe::new(id, vec![]), V5),
        EncodeError::EmptyPayload { packet_type: PacketType::Unsubscribe }
    );
    let mut publish = Publish::new(topic(), Bytes::new());
    publish.properties.set_topic_alias(0);
    assert_eq!(
        encode_err(publish.clone(), V5),
        EncodeError::InvalidPropertyValue { property: PropertyId::TopicAlias, value: 0 }
    );
    publish.properties.remove(PropertyId::TopicAlias);
    publish.properties.push_subscription_identifier(268_435_456);
    assert_eq!(
        encode_err(publish.clone(), V5),
        EncodeError::InvalidPropertyValue {
            property: PropertyId::SubscriptionIdentifier,
            value: 268_435_456
        }
    );
    // Before MQTT 5 properties are not written at all.
    let mut buf = BytesMut::new();
    publish.encode(V3_1_1, &mut buf).unwrap();
    assert_eq!(&buf[..], &[0x30, 0x03, 0x00, 0x01, b't']);
    let mut connack = ConnAck::new(ConnectReasonCode::Success);
    connack.properties.set_maximum_qos(QoS::ExactlyOnce);
    assert_eq!(
        encode_err(connack, V5),
        EncodeError::InvalidPropertyValue { property: PropertyId::MaximumQoS, value: 2 }
    );
}

#[test]
fn oversized_remaining_length() {
    let publish = Publish::new(topic(), Bytes::from(vec![0u8; mqtt_proto::MAX_REMAINING_LENGTH]));
    assert_eq!(
        encode_err(publish.clone(), V3_1_1),
        EncodeError::PacketTooLarge {
            packet_type: PacketType::Publish,
            len: mqtt_proto::MAX_REMAINING_LENGTH + 3
        }
    );
}

#[test]
fn debug_hides_passwords_and_payloads() {
    let mut connect = Connect::new(V5, MqttString::from_static("c"), 0);
    connect.username = Some(MqttString::from_static("alice"));
    connect.password = Some(Bytes::from_static(b"hunter2"));
    connect.will = Some(Will {
        topic: topic(),
        payload: Bytes::from_static(b"will-secret"),
        qos: QoS::AtMostOnce,
        retain: false,
        properties: Default::default(),
    });
    let text = format!("{:?}", Packet::Connect(connect));
    assert!(text.contains("alice"), "{text}");
    assert!(!text.contains("hunter2") && !text.contains("104, 117"), "{text}");
    assert!(text.contains("<hidden>"), "{text}");
    assert!(!text.contains("will-secret") && text.contains("<11 bytes>"), "{text}");

    let publish = Publish::new(topic(), Bytes::from_static(b"payload-bytes"));
    let text = format!("{publish:?}");
    assert!(!text.contains("payload-bytes") && text.contains("<13 bytes>"), "{text}");
}
