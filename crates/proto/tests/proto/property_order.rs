//! Property sets keep the wire order: one decoding pass stores every
//! property as it comes, repeats included, the typed accessors read that
//! list, and encoding writes it back in the same order. Sets built with the
//! setters keep the order of their declaration.

use bytes::{Bytes, BytesMut};
use mqtt_proto::{
    decode, DecodeError, MqttString, Packet, PacketType, Property, PropertyId, ProtocolVersion,
    Publish, PublishProperties, Topic,
};
use proptest::collection::vec;
use proptest::prelude::*;

/// An MQTT 5 PUBLISH "a" with the given flags and property block bytes.
fn publish_frame(qos_bits: u8, properties: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x01, b'a'];
    if qos_bits != 0 {
        body.extend_from_slice(&[0x00, 0x07]);
    }
    let mut len = BytesMut::new();
    put_varint(&mut len, properties.len() as u32);
    body.extend_from_slice(&len);
    body.extend_from_slice(properties);
    body.extend_from_slice(b"payload");
    let mut frame = vec![0x30 | qos_bits << 1];
    let mut remaining = BytesMut::new();
    put_varint(&mut remaining, body.len() as u32);
    frame.extend_from_slice(&remaining);
    frame.extend_from_slice(&body);
    frame
}

fn put_varint(buf: &mut BytesMut, mut value: u32) {
    loop {
        let byte = (value % 128) as u8;
        value /= 128;
        if value == 0 {
            buf.extend_from_slice(&[byte]);
            return;
        }
        buf.extend_from_slice(&[byte | 0x80]);
    }
}

fn decode_publish(bytes: &[u8], version: ProtocolVersion) -> Publish {
    let mut buf = BytesMut::from(bytes);
    match decode(&mut buf, version, usize::MAX) {
        Ok(Some(Packet::Publish(publish))) => {
            assert!(buf.is_empty(), "one packet, nothing left");
            publish
        }
        other => panic!("expected PUBLISH, got {other:?}"),
    }
}

fn ids(properties: &PublishProperties) -> Vec<PropertyId> {
    properties.iter().map(Property::id).collect()
}

fn encoded(publish: &Publish) -> Vec<u8> {
    let mut buf = BytesMut::new();
    publish.encode(ProtocolVersion::V5, &mut buf).unwrap();
    buf.to_vec()
}

fn s(text: &'static str) -> MqttString {
    MqttString::from_static(text)
}

// User property k=v, then content type "t", then another user property,
// then message expiry 9: an order that declaration order cannot express.
const MIXED: &[u8] = &[
    0x26, 0x00, 0x01, b'k', 0x00, 0x01, b'v', //
    0x03, 0x00, 0x01, b't', //
    0x26, 0x00, 0x01, b'x', 0x00, 0x01, b'y', //
    0x02, 0x00, 0x00, 0x00, 0x09,
];

#[test]
fn decoding_keeps_the_order_of_the_wire_for_qos_0_and_1() {
    for qos_bits in [0, 1] {
        let frame = publish_frame(qos_bits, MIXED);
        let publish = decode_publish(&frame, ProtocolVersion::V5);
        assert_eq!(
            ids(&publish.properties),
            [
                PropertyId::UserProperty,
                PropertyId::ContentType,
                PropertyId::UserProperty,
                PropertyId::MessageExpiryInterval,
            ],
            "qos bits {qos_bits}"
        );
        assert_eq!(
            publish.properties.as_slice(),
            [
                Property::UserProperty(s("k"), s("v")),
                Property::ContentType(s("t")),
                Property::UserProperty(s("x"), s("y")),
                Property::MessageExpiryInterval(9),
            ]
        );
        // The typed view of the same list.
        let users: Vec<_> = publish.properties.user_properties().collect();
        assert_eq!(users, [(&s("k"), &s("v")), (&s("x"), &s("y"))]);
        assert_eq!(publish.properties.content_type(), Some(&s("t")));
        assert_eq!(publish.properties.message_expiry_interval(), Some(9));
        assert_eq!(publish.properties.topic_alias(), None);
        assert_eq!(&publish.payload[..], b"payload");
        // Encoding writes the stored order: the same bytes come back.
        assert_eq!(encoded(&publish), frame, "qos bits {qos_bits}");
    }
}

#[test]
fn each_packet_of_a_stream_keeps_its_own_order() {
    let mut buf = publish_frame(1, &[0x03, 0x00, 0x01, b't']);
    buf.extend_from_slice(&publish_frame(0, MIXED));
    let mut buf = BytesMut::from(&buf[..]);
    let Some(Packet::Publish(first)) = decode(&mut buf, ProtocolVersion::V5, usize::MAX).unwrap()
    else {
        panic!("expected PUBLISH")
    };
    assert_eq!(ids(&first.properties), [PropertyId::ContentType]);
    let Some(Packet::Publish(second)) = decode(&mut buf, ProtocolVersion::V5, usize::MAX).unwrap()
    else {
        panic!("expected PUBLISH")
    };
    assert_eq!(second.properties.len(), 4);
    assert_eq!(second.properties.iter().next().map(Property::id), Some(PropertyId::UserProperty));
    assert!(buf.is_empty());
}

#[test]
fn nothing_to_order_gives_an_empty_set_or_no_packet() {
    let frame = publish_frame(1, MIXED);
    // An incomplete frame is not decoded yet, and stays in the buffer.
    let mut partial = BytesMut::from(&frame[..frame.len() - 1]);
    assert_eq!(decode(&mut partial, ProtocolVersion::V5, usize::MAX).unwrap(), None);
    assert_eq!(partial.len(), frame.len() - 1);
    // No properties: an empty set.
    let empty = decode_publish(&publish_frame(1, &[]), ProtocolVersion::V5);
    assert!(empty.properties.is_empty());
    assert_eq!(empty.properties.iter().count(), 0);
    // Before MQTT 5 there is no property block: the same bytes are payload.
    let old = decode_publish(&frame, ProtocolVersion::V3_1_1);
    assert!(old.properties.is_empty());
    assert_eq!(old.payload.len(), 1 + MIXED.len() + b"payload".len());
    // Not a PUBLISH, and no bytes at all.
    let mut puback = BytesMut::from(&[0x40, 0x02, 0x00, 0x01][..]);
    assert!(matches!(
        decode(&mut puback, ProtocolVersion::V5, usize::MAX),
        Ok(Some(Packet::PubAck(_)))
    ));
    assert_eq!(decode(&mut BytesMut::new(), ProtocolVersion::V5, usize::MAX).unwrap(), None);
}

#[test]
fn a_bad_property_block_fails_the_single_pass_where_it_breaks() {
    // The user property's name runs past the block.
    let mut buf = BytesMut::from(&publish_frame(0, &[0x26, 0x00])[..]);
    let err = decode(&mut buf, ProtocolVersion::V5, usize::MAX).unwrap_err();
    assert!(
        matches!(err, DecodeError::UnexpectedEnd { packet_type: PacketType::Publish, .. }),
        "{err:?}"
    );
    // An unknown identifier, after a valid property: its own offset.
    let mut buf = BytesMut::from(&publish_frame(0, &[0x03, 0x00, 0x01, b't', 0x7F, 0x01])[..]);
    let err = decode(&mut buf, ProtocolVersion::V5, usize::MAX).unwrap_err();
    assert_eq!(err, DecodeError::UnknownProperty { id: 0x7F, offset: 10 });
    // A repeat of a single property is refused at the repeat.
    let twice = [0x03, 0x00, 0x01, b't', 0x03, 0x00, 0x01, b'u'];
    let mut buf = BytesMut::from(&publish_frame(0, &twice)[..]);
    let err = decode(&mut buf, ProtocolVersion::V5, usize::MAX).unwrap_err();
    assert_eq!(
        err,
        DecodeError::DuplicateProperty { property: PropertyId::ContentType, offset: 10 }
    );
}

#[test]
fn setters_keep_declaration_order_whatever_the_order_of_the_calls() {
    let mut properties = PublishProperties::new();
    properties.push_user_property(s("k"), s("1"));
    properties.set_content_type(s("text/plain"));
    properties.push_subscription_identifier(7);
    properties.set_message_expiry_interval(30);
    properties.push_user_property(s("k"), s("2"));
    properties.push_subscription_identifier(3);
    properties.set_payload_format_indicator(true);
    assert_eq!(
        properties.as_slice(),
        [
            Property::PayloadFormatIndicator(true),
            Property::MessageExpiryInterval(30),
            Property::ContentType(s("text/plain")),
            Property::SubscriptionIdentifier(7),
            Property::SubscriptionIdentifier(3),
            Property::UserProperty(s("k"), s("1")),
            Property::UserProperty(s("k"), s("2")),
        ]
    );
    assert_eq!(properties.subscription_identifiers().collect::<Vec<_>>(), [7, 3]);
    // Setting again replaces in place; removing takes every one of a kind.
    properties.set_message_expiry_interval(60);
    properties.remove(PropertyId::SubscriptionIdentifier);
    assert_eq!(
        properties.iter().map(Property::id).collect::<Vec<_>>(),
        [
            PropertyId::PayloadFormatIndicator,
            PropertyId::MessageExpiryInterval,
            PropertyId::ContentType,
            PropertyId::UserProperty,
            PropertyId::UserProperty,
        ]
    );
    assert_eq!(properties.message_expiry_interval(), Some(60));
}

#[test]
fn a_setter_on_a_decoded_set_replaces_in_place_and_equality_sees_order() {
    let mut publish = decode_publish(&publish_frame(0, MIXED), ProtocolVersion::V5);
    publish.properties.set_content_type(s("u"));
    assert_eq!(publish.properties.as_slice()[1], Property::ContentType(s("u")));
    // The same properties in another order are another set.
    let reordered = [
        0x03, 0x00, 0x01, b'u', //
        0x26, 0x00, 0x01, b'k', 0x00, 0x01, b'v', //
        0x26, 0x00, 0x01, b'x', 0x00, 0x01, b'y', //
        0x02, 0x00, 0x00, 0x00, 0x09,
    ];
    let other = decode_publish(&publish_frame(0, &reordered), ProtocolVersion::V5);
    assert_ne!(other.properties, publish.properties);
    assert_eq!(other.properties.to_properties(), publish.properties.to_properties());
}

/// One PUBLISH property and its bytes on the wire.
fn publish_property() -> impl Strategy<Value = (Property, Vec<u8>)> {
    let text = "[a-z/]{0,6}";
    prop_oneof![
        any::<bool>().prop_map(|v| (Property::PayloadFormatIndicator(v), vec![0x01, u8::from(v)])),
        any::<u32>().prop_map(|v| {
            let mut bytes = vec![0x02];
            bytes.extend_from_slice(&v.to_be_bytes());
            (Property::MessageExpiryInterval(v), bytes)
        }),
        text.prop_map(|v| (
            Property::ContentType(MqttString::try_from(v.as_str()).unwrap()),
            string(0x03, &v)
        )),
        "[a-z]{1,6}".prop_map(|v| (
            Property::ResponseTopic(Topic::try_from(v.as_str()).unwrap()),
            string(0x08, &v)
        )),
        vec(any::<u8>(), 0..6).prop_map(|v| {
            let mut bytes = vec![0x09];
            bytes.extend_from_slice(&(v.len() as u16).to_be_bytes());
            bytes.extend_from_slice(&v);
            (Property::CorrelationData(Bytes::from(v)), bytes)
        }),
        (1..=268_435_455u32).prop_map(|v| {
            let mut bytes = BytesMut::from(&[0x0B][..]);
            put_varint(&mut bytes, v);
            (Property::SubscriptionIdentifier(v), bytes.to_vec())
        }),
        (1..=u16::MAX).prop_map(|v| {
            let mut bytes = vec![0x23];
            bytes.extend_from_slice(&v.to_be_bytes());
            (Property::TopicAlias(v), bytes)
        }),
        (text, text).prop_map(|(k, v)| {
            let mut bytes = string(0x26, &k);
            bytes.extend_from_slice(&string(0, &v)[1..]);
            let property = Property::UserProperty(
                MqttString::try_from(k.as_str()).unwrap(),
                MqttString::try_from(v.as_str()).unwrap(),
            );
            (property, bytes)
        }),
    ]
}

/// An identifier byte and a length-prefixed string.
fn string(id: u8, text: &str) -> Vec<u8> {
    let mut bytes = vec![id];
    bytes.extend_from_slice(&(text.len() as u16).to_be_bytes());
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever order a publisher writes, the set holds that order, the
    /// accessors find the values, and encoding gives the same bytes back.
    #[test]
    fn any_publisher_order_survives_decode_and_encode(
        candidates in vec(publish_property(), 0..12),
        qos_bits in 0u8..2,
    ) {
        // Keep the first of each single property: a repeat is malformed.
        let mut seen = Vec::new();
        let chosen: Vec<(Property, Vec<u8>)> = candidates
            .into_iter()
            .filter(|(property, _)| {
                let id = property.id();
                let repeatable =
                    matches!(id, PropertyId::UserProperty | PropertyId::SubscriptionIdentifier);
                let first = !seen.contains(&id);
                seen.push(id);
                repeatable || first
            })
            .collect();
        let block: Vec<u8> = chosen.iter().flat_map(|(_, bytes)| bytes.iter().copied()).collect();
        let frame = publish_frame(qos_bits, &block);
        let publish = decode_publish(&frame, ProtocolVersion::V5);
        let expected: Vec<Property> = chosen.iter().map(|(property, _)| property.clone()).collect();
        prop_assert_eq!(publish.properties.as_slice(), &expected[..]);
        let first_alias = expected.iter().find_map(|p| match p {
            Property::TopicAlias(v) => Some(*v),
            _ => None,
        });
        prop_assert_eq!(publish.properties.topic_alias(), first_alias);
        let identifiers: Vec<u32> = expected.iter().filter_map(|p| match p {
            Property::SubscriptionIdentifier(v) => Some(*v),
            _ => None,
        }).collect();
        prop_assert_eq!(publish.properties.subscription_identifiers().collect::<Vec<_>>(), identifiers);
        prop_assert_eq!(publish.properties.user_properties().count(), expected.iter().filter(|p| p.id() == PropertyId::UserProperty).count());
        prop_assert_eq!(encoded(&publish), frame);
    }
}

#[test]
fn generic_values_round_trip_and_follow_the_decoder_rules() {
    use mqtt_proto::{PropertyError, Value};
    // Every property of a decoded PUBLISH rebuilds from its value.
    let publish = decode_publish(&publish_frame(0, MIXED), ProtocolVersion::V5);
    for property in publish.properties.iter() {
        assert_eq!(property.value().data_type(), property.id().data_type());
        assert_eq!(Property::from_value(property.id(), property.value()).as_ref(), Ok(property));
    }
    let invalid = |property, value| Err(PropertyError::InvalidValue { property, value });
    assert_eq!(
        Property::from_value(PropertyId::PayloadFormatIndicator, Value::Byte(2)),
        invalid(PropertyId::PayloadFormatIndicator, 2)
    );
    assert_eq!(
        Property::from_value(PropertyId::TopicAlias, Value::TwoByteInteger(0)),
        invalid(PropertyId::TopicAlias, 0)
    );
    assert_eq!(
        Property::from_value(
            PropertyId::SubscriptionIdentifier,
            Value::VariableByteInteger(268_435_456)
        ),
        invalid(PropertyId::SubscriptionIdentifier, 268_435_456)
    );
    assert!(matches!(
        Property::from_value(PropertyId::ResponseTopic, Value::String(&s("a/+"))),
        Err(PropertyError::InvalidTopic { .. })
    ));
    assert!(matches!(
        Property::from_value(PropertyId::ContentType, Value::FourByteInteger(1)),
        Err(PropertyError::WrongType { .. })
    ));
    // insert places like the setters; try_push keeps the given order.
    let mut set = PublishProperties::new();
    set.insert(Property::UserProperty(s("k"), s("v"))).unwrap();
    set.insert(Property::ContentType(s("a"))).unwrap();
    set.insert(Property::ContentType(s("b"))).unwrap();
    assert_eq!(
        set.as_slice(),
        [Property::ContentType(s("b")), Property::UserProperty(s("k"), s("v"))]
    );
    assert!(matches!(
        set.insert(Property::ReasonString(s("x"))),
        Err(PropertyError::NotAllowed { .. })
    ));
    let wire = PublishProperties::from_wire_order([
        Property::UserProperty(s("k"), s("v")),
        Property::ContentType(s("a")),
    ])
    .unwrap();
    assert_eq!(wire.iter().next(), Some(&Property::UserProperty(s("k"), s("v"))));
    assert_eq!(
        PublishProperties::from_wire_order([Property::TopicAlias(1), Property::TopicAlias(2)]),
        Err(PropertyError::Duplicate { property: PropertyId::TopicAlias })
    );
}
