//! Malformed fields: properties (duplicates, wrong packet, unknown,
//! out of range), strings (bad UTF-8, U+0000, surrogates), topics and
//! filters, subscription options, CONNECT and CONNACK flags, reason codes.
//! Each test builds the smallest packet that breaks exactly one rule and
//! checks the error and its byte offset.

use mqtt_proto::{DecodeError, PacketType, PropertyId, ProtocolVersion, StringError, TopicError};

use ProtocolVersion::{V3_1, V3_1_1, V5};

use crate::support::malformed::{decode_err, decodes, publish_with_properties};

/// A v5 CONNECT (client id "c", keep alive 0) with these connect
/// properties and, when given, a will with these will properties.
fn connect_with_properties(properties: &[u8], will: Option<&[u8]>) -> Vec<u8> {
    let flags = if will.is_some() { 0x06 } else { 0x02 };
    let mut body =
        vec![0x00, 0x04, b'M', b'Q', b'T', b'T', 0x05, flags, 0x00, 0x00, properties.len() as u8];
    body.extend_from_slice(properties);
    body.extend_from_slice(&[0x00, 0x01, b'c']);
    if let Some(will) = will {
        body.push(will.len() as u8);
        body.extend_from_slice(will);
        body.extend_from_slice(&[0x00, 0x01, b'w', 0x00, 0x00]);
    }
    let mut packet = vec![0x10, body.len() as u8];
    packet.extend_from_slice(&body);
    packet
}

#[test]
fn duplicate_properties() {
    let twice = publish_with_properties(&[0x02, 0, 0, 0, 1, 0x02, 0, 0, 0, 2]);
    assert_eq!(
        decode_err(V5, &twice),
        DecodeError::DuplicateProperty { property: PropertyId::MessageExpiryInterval, offset: 11 }
    );
    // User properties and PUBLISH subscription identifiers may repeat.
    decodes(V5, &publish_with_properties(&[0x26, 0, 1, b'a', 0, 0, 0x26, 0, 1, b'a', 0, 0]));
    decodes(V5, &publish_with_properties(&[0x0B, 0x01, 0x0B, 0x02]));
    // ... but not a SUBSCRIBE's subscription identifier.
    let subscribe = [0x82, 0x0A, 0x00, 0x01, 0x04, 0x0B, 0x01, 0x0B, 0x02, 0x00, 0x01, b'a', 0x00];
    assert_eq!(
        decode_err(V5, &subscribe[..]),
        DecodeError::DuplicateProperty { property: PropertyId::SubscriptionIdentifier, offset: 7 }
    );
    let connect = connect_with_properties(&[0x21, 0x00, 0x01, 0x21, 0x00, 0x02], None);
    assert!(matches!(
        decode_err(V5, &connect),
        DecodeError::DuplicateProperty { property: PropertyId::ReceiveMaximum, .. }
    ));
}

#[test]
fn properties_in_the_wrong_packet() {
    // Session Expiry Interval is not a PUBLISH property.
    assert_eq!(
        decode_err(V5, &publish_with_properties(&[0x11, 0, 0, 0, 1])),
        DecodeError::PropertyNotAllowed {
            property: PropertyId::SessionExpiryInterval,
            context: "PUBLISH",
            offset: 6
        }
    );
    // Will Delay Interval belongs in the will properties, not CONNECT's.
    assert!(matches!(
        decode_err(V5, &connect_with_properties(&[0x18, 0, 0, 0, 1], None)),
        DecodeError::PropertyNotAllowed {
            property: PropertyId::WillDelayInterval,
            context: "CONNECT",
            ..
        }
    ));
    decodes(V5, &connect_with_properties(&[], Some(&[0x18, 0, 0, 0, 1])));
    assert!(matches!(
        decode_err(V5, &connect_with_properties(&[], Some(&[0x21, 0, 1]))),
        DecodeError::PropertyNotAllowed {
            property: PropertyId::ReceiveMaximum,
            context: "will properties",
            ..
        }
    ));
    // Reason String in SUBSCRIBE, Topic Alias in a PUBACK.
    let subscribe = [0x82, 0x0B, 0x00, 0x01, 0x04, 0x1F, 0x00, 0x01, b'x', 0x00, 0x01, b'a', 0x00];
    assert!(matches!(
        decode_err(V5, &subscribe),
        DecodeError::PropertyNotAllowed {
            property: PropertyId::ReasonString,
            context: "SUBSCRIBE",
            offset: 5
        }
    ));
    assert!(matches!(
        decode_err(V5, &[0x40, 0x07, 0x00, 0x01, 0x00, 0x03, 0x23, 0x00, 0x01]),
        DecodeError::PropertyNotAllowed {
            property: PropertyId::TopicAlias,
            context: "PUBACK",
            offset: 6
        }
    ));
    // Identifiers MQTT 5 does not define.
    assert_eq!(
        decode_err(V5, &publish_with_properties(&[0x05, 0x00])),
        DecodeError::UnknownProperty { id: 0x05, offset: 6 }
    );
}

#[test]
fn property_values_out_of_range() {
    let cases: &[(&[u8], PropertyId, u32)] = &[
        (&[0x01, 0x02], PropertyId::PayloadFormatIndicator, 2),
        (&[0x23, 0x00, 0x00], PropertyId::TopicAlias, 0),
        (&[0x0B, 0x00], PropertyId::SubscriptionIdentifier, 0),
    ];
    for (properties, property, value) in cases {
        assert_eq!(
            decode_err(V5, &publish_with_properties(properties)),
            DecodeError::InvalidPropertyValue { property: *property, value: *value, offset: 6 }
        );
    }
    let connect_cases: &[(&[u8], PropertyId, u32)] = &[
        (&[0x21, 0x00, 0x00], PropertyId::ReceiveMaximum, 0),
        (&[0x27, 0, 0, 0, 0], PropertyId::MaximumPacketSize, 0),
        (&[0x17, 0x02], PropertyId::RequestProblemInformation, 2),
        (&[0x19, 0x07], PropertyId::RequestResponseInformation, 7),
    ];
    for (properties, property, value) in connect_cases {
        assert_eq!(
            decode_err(V5, &connect_with_properties(properties, None)),
            DecodeError::InvalidPropertyValue { property: *property, value: *value, offset: 13 }
        );
    }
    // Maximum QoS 2 in CONNACK.
    assert_eq!(
        decode_err(V5, &[0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02]),
        DecodeError::InvalidPropertyValue { property: PropertyId::MaximumQoS, value: 2, offset: 5 }
    );
    // A Response Topic with a wildcard.
    assert!(matches!(
        decode_err(V5, &publish_with_properties(&[0x08, 0x00, 0x01, b'#'])),
        DecodeError::InvalidTopic {
            what: "Response Topic",
            reason: TopicError::WildcardInTopicName { .. },
            ..
        }
    ));
}

#[test]
fn invalid_utf8_and_null_characters() {
    // Topic "a" + U+0000.
    assert_eq!(
        decode_err(V3_1_1, &[0x30, 0x04, 0x00, 0x02, b'a', 0x00]),
        DecodeError::InvalidString {
            what: "topic name",
            offset: 2,
            reason: StringError::NullCharacter { at: 1 }
        }
    );
    // Topic with an invalid sequence.
    assert_eq!(
        decode_err(V3_1_1, &[0x30, 0x04, 0x00, 0x02, 0xC3, 0x28]),
        DecodeError::InvalidString {
            what: "topic name",
            offset: 2,
            reason: StringError::InvalidUtf8 { valid_up_to: 0 }
        }
    );
    // Client identifier holding the surrogate U+D800 (MQTT-1.5.4-1).
    let connect = [
        0x10, 0x0F, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02, 0x00, 0x00, 0x00, 0x03, 0xED,
        0xA0, 0x80,
    ];
    assert_eq!(
        decode_err(V3_1_1, &connect),
        DecodeError::InvalidString {
            what: "client identifier",
            offset: 12,
            reason: StringError::InvalidUtf8 { valid_up_to: 0 }
        }
    );
    // An overlong encoding of '/' in a topic filter.
    let subscribe = [0x82, 0x07, 0x00, 0x01, 0x00, 0x02, 0xC0, 0xAF, 0x00];
    assert!(matches!(
        decode_err(V3_1_1, &subscribe),
        DecodeError::InvalidString { what: "topic filter", offset: 4, .. }
    ));
    // U+0000 in a user property value.
    assert!(matches!(
        decode_err(V5, &publish_with_properties(&[0x26, 0, 1, b'k', 0, 1, 0x00])),
        DecodeError::InvalidString {
            what: "User Property value",
            reason: StringError::NullCharacter { at: 0 },
            ..
        }
    ));
}

#[test]
fn wildcards_and_empty_topics_in_publish() {
    for (topic, wildcard, at) in [(&b"a/+"[..], '+', 2), (b"#", '#', 0), (b"a/b#", '#', 3)] {
        let mut packet = vec![0x30, 2 + topic.len() as u8, 0x00, topic.len() as u8];
        packet.extend_from_slice(topic);
        assert_eq!(
            decode_err(V3_1_1, &packet),
            DecodeError::InvalidTopic {
                what: "topic name",
                offset: 2,
                reason: TopicError::WildcardInTopicName { wildcard, at }
            }
        );
    }
    // Empty topic: never before MQTT 5, and in MQTT 5 only with an alias.
    for version in [V3_1, V3_1_1] {
        assert!(matches!(
            decode_err(version, &[0x30, 0x02, 0x00, 0x00]),
            DecodeError::InvalidTopic { reason: TopicError::Empty, .. }
        ));
    }
    assert_eq!(
        decode_err(V5, &[0x30, 0x03, 0x00, 0x00, 0x00]),
        DecodeError::MissingTopic { offset: 2 }
    );
    decodes(V5, &[0x30, 0x06, 0x00, 0x00, 0x03, 0x23, 0x00, 0x01]);
    // A will topic cannot be empty or hold wildcards either.
    let connect_with_will_topic = |topic: &[u8]| {
        let mut packet =
            vec![0x10, 0x00, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x06, 0x00, 0x00];
        packet.extend_from_slice(&[0x00, 0x01, b'c', 0x00, topic.len() as u8]);
        packet.extend_from_slice(topic);
        packet.extend_from_slice(&[0x00, 0x00]);
        packet[1] = (packet.len() - 2) as u8;
        packet
    };
    assert_eq!(
        decode_err(V3_1_1, &connect_with_will_topic(b"a/+")),
        DecodeError::InvalidTopic {
            what: "will topic",
            offset: 15,
            reason: TopicError::WildcardInTopicName { wildcard: '+', at: 2 }
        }
    );
    assert_eq!(
        decode_err(V3_1_1, &connect_with_will_topic(b"")),
        DecodeError::InvalidTopic { what: "will topic", offset: 15, reason: TopicError::Empty }
    );
    decodes(V3_1_1, &connect_with_will_topic(b"a/b"));
}

#[test]
fn empty_subscribe_unsubscribe_and_acks() {
    let cases: &[(ProtocolVersion, &[u8], PacketType)] = &[
        (V3_1_1, &[0x82, 0x02, 0x00, 0x01], PacketType::Subscribe),
        (V5, &[0x82, 0x03, 0x00, 0x01, 0x00], PacketType::Subscribe),
        (V3_1_1, &[0xA2, 0x02, 0x00, 0x01], PacketType::Unsubscribe),
        (V5, &[0xA2, 0x03, 0x00, 0x01, 0x00], PacketType::Unsubscribe),
        (V3_1_1, &[0x90, 0x02, 0x00, 0x01], PacketType::SubAck),
        (V5, &[0xB0, 0x03, 0x00, 0x01, 0x00], PacketType::UnsubAck),
    ];
    for (version, bytes, packet_type) in cases {
        assert_eq!(
            decode_err(*version, bytes),
            DecodeError::EmptyPayload { packet_type: *packet_type },
            "{version} {bytes:02x?}"
        );
    }
}

#[test]
fn invalid_topic_filters_and_subscription_options() {
    for (filter, reason) in [
        (&b"a/#/b"[..], TopicError::MisplacedMultiLevelWildcard { at: 2 }),
        (b"a+", TopicError::MisplacedSingleLevelWildcard { at: 1 }),
        (b"", TopicError::Empty),
        (b"$share/g", TopicError::MissingSharedFilter),
        (b"$share//a", TopicError::EmptyShareName),
    ] {
        let mut packet = vec![0x82, 5 + filter.len() as u8, 0x00, 0x01, 0x00, filter.len() as u8];
        packet.extend_from_slice(filter);
        packet.push(0x00);
        assert_eq!(
            decode_err(V3_1_1, &packet),
            DecodeError::InvalidTopic { what: "topic filter", offset: 4, reason },
            "{filter:?}"
        );
    }
    let with_options = |options: u8| [0x82, 0x06, 0x00, 0x01, 0x00, 0x01, b'a', options];
    // 3.x: only the two QoS bits exist.
    for options in [0x04, 0x80, 0x03] {
        assert!(matches!(
            decode_err(V3_1_1, &with_options(options)),
            DecodeError::InvalidSubscriptionOptions { offset: 7, .. }
        ));
    }
    // 5.0: reserved bits 6-7, retain handling 3, QoS 3.
    for options in [0x40, 0x30, 0x03] {
        let mut packet = with_options(options).to_vec();
        packet.insert(4, 0x00); // empty property block
        packet[1] += 1;
        assert!(
            matches!(
                decode_err(V5, &packet),
                DecodeError::InvalidSubscriptionOptions { offset: 8, .. }
            ),
            "{options:#x}"
        );
    }
    // No Local on a shared subscription (MQTT-3.8.3-4).
    let mut packet = vec![0x82, 0x10, 0x00, 0x01, 0x00, 0x00, 0x0A];
    packet.extend_from_slice(b"$share/g/a");
    packet.push(0x04);
    assert!(matches!(
        decode_err(V5, &packet),
        DecodeError::InvalidSubscriptionOptions { offset: 17, .. }
    ));
}

#[test]
fn invalid_connect() {
    let connect = |name: &[u8], level: u8, flags: u8, rest: &[u8]| {
        let mut body = vec![0x00, name.len() as u8];
        body.extend_from_slice(name);
        body.extend_from_slice(&[level, flags, 0x00, 0x00]);
        if level == 5 {
            body.push(0x00);
        }
        body.extend_from_slice(rest);
        let mut packet = vec![0x10, body.len() as u8];
        packet.extend_from_slice(&body);
        packet
    };
    let client_id = [0x00, 0x01, b'c'];
    assert_eq!(
        decode_err(V5, &connect(b"MQTX", 4, 0x02, &client_id)),
        DecodeError::UnsupportedProtocol { name: "MQTX".into(), level: 4 }
    );
    assert_eq!(
        decode_err(V5, &connect(b"MQTT", 3, 0x02, &client_id)),
        DecodeError::UnsupportedProtocol { name: "MQTT".into(), level: 3 }
    );
    assert_eq!(
        decode_err(V5, &connect(b"MQIsdp", 4, 0x02, &client_id)),
        DecodeError::UnsupportedProtocol { name: "MQIsdp".into(), level: 4 }
    );
    for (flags, reason_part) in [
        (0x03, "reserved bit"),
        (0x22, "without the will flag"),
        (0x0A, "without the will flag"),
        (0x1E, "will QoS is 3"),
        (0x42, "without the user name flag"),
    ] {
        for (name, level) in [(&b"MQTT"[..], 4), (b"MQIsdp", 3)] {
            match decode_err(V3_1_1, &connect(name, level, flags, &client_id)) {
                DecodeError::InvalidConnectFlags { flags: got, offset, reason } => {
                    assert_eq!((got, offset), (flags, 5 + name.len()));
                    assert!(reason.contains(reason_part), "{reason}");
                }
                other => panic!("{flags:#x}: {other:?}"),
            }
        }
    }
    // MQTT 5 allows a password without a user name.
    decodes(V5, &connect(b"MQTT", 5, 0x42, &[0x00, 0x01, b'c', 0x00, 0x01, b'p']));
    // CONNECT is decoded by its own level, whatever version was asked for.
    decodes(V3_1, &connect(b"MQTT", 5, 0x02, &client_id));
    decodes(V5, &connect(b"MQIsdp", 3, 0x02, &client_id));
}

#[test]
fn invalid_connack() {
    assert!(matches!(
        decode_err(V3_1_1, &[0x20, 0x02, 0x02, 0x00]),
        DecodeError::InvalidConnAckFlags { flags: 0x02, offset: 2, .. }
    ));
    assert!(matches!(
        decode_err(V5, &[0x20, 0x03, 0x01, 0x87, 0x00]),
        DecodeError::InvalidConnAckFlags { flags: 0x01, offset: 2, .. }
    ));
    // 3.x has return codes 0-5 only; 5.0 has its own list.
    assert_eq!(
        decode_err(V3_1_1, &[0x20, 0x02, 0x00, 0x06]),
        DecodeError::InvalidReasonCode { packet_type: PacketType::ConnAck, code: 6, offset: 3 }
    );
    assert_eq!(
        decode_err(V5, &[0x20, 0x03, 0x00, 0x01, 0x00]),
        DecodeError::InvalidReasonCode { packet_type: PacketType::ConnAck, code: 1, offset: 3 }
    );
    // MQTT 3.1 CONNACK's first byte is unused.
    decodes(V3_1, &[0x20, 0x02, 0x55, 0x00]);
}

#[test]
fn reason_codes_not_valid_in_their_packet() {
    let cases: &[(ProtocolVersion, &[u8], PacketType, u8, usize)] = &[
        (V5, &[0x40, 0x03, 0x00, 0x01, 0x02], PacketType::PubAck, 0x02, 4),
        (V5, &[0x50, 0x03, 0x00, 0x01, 0x04], PacketType::PubRec, 0x04, 4),
        (V5, &[0x62, 0x03, 0x00, 0x01, 0x10], PacketType::PubRel, 0x10, 4),
        (V5, &[0x70, 0x03, 0x00, 0x01, 0x80], PacketType::PubComp, 0x80, 4),
        (V5, &[0x90, 0x04, 0x00, 0x01, 0x00, 0x03], PacketType::SubAck, 0x03, 5),
        (V3_1_1, &[0x90, 0x03, 0x00, 0x01, 0x87], PacketType::SubAck, 0x87, 4),
        (V5, &[0xB0, 0x04, 0x00, 0x01, 0x00, 0x01], PacketType::UnsubAck, 0x01, 5),
        (V5, &[0xE0, 0x01, 0x01], PacketType::Disconnect, 0x01, 2),
        (V5, &[0xF0, 0x01, 0x01], PacketType::Auth, 0x01, 2),
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
