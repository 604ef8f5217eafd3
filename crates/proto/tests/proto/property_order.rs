//! `publish_property_order`: the wire order of a PUBLISH's properties,
//! which the typed `PublishProperties` does not keep.

use bytes::BytesMut;
use mqtt_proto::{decode, publish_property_order, Packet, PropertyId, ProtocolVersion};

/// An MQTT 5 PUBLISH "a" with the given flags and property block bytes.
fn publish_frame(qos_bits: u8, properties: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x01, b'a'];
    if qos_bits != 0 {
        body.extend_from_slice(&[0x00, 0x07]);
    }
    body.push(properties.len() as u8);
    body.extend_from_slice(properties);
    body.extend_from_slice(b"payload");
    let mut frame = vec![0x30 | qos_bits << 1, body.len() as u8];
    frame.extend_from_slice(&body);
    frame
}

// User property k=v, then content type "t", then another user property,
// then message expiry 9: an order the typed set cannot express.
const MIXED: &[u8] = &[
    0x26, 0x00, 0x01, b'k', 0x00, 0x01, b'v', //
    0x03, 0x00, 0x01, b't', //
    0x26, 0x00, 0x01, b'x', 0x00, 0x01, b'y', //
    0x02, 0x00, 0x00, 0x00, 0x09,
];

#[test]
fn reports_the_order_of_the_wire_for_qos_0_and_1() {
    for qos_bits in [0, 1] {
        let frame = publish_frame(qos_bits, MIXED);
        assert_eq!(
            publish_property_order(&frame, ProtocolVersion::V5),
            Some(vec![
                PropertyId::UserProperty,
                PropertyId::ContentType,
                PropertyId::UserProperty,
                PropertyId::MessageExpiryInterval,
            ]),
            "qos bits {qos_bits}"
        );
        // The same bytes still decode, with the typed view of them.
        let mut buf = BytesMut::from(&frame[..]);
        match decode(&mut buf, ProtocolVersion::V5, usize::MAX).unwrap() {
            Some(Packet::Publish(publish)) => {
                assert_eq!(publish.properties.user_properties.len(), 2);
                assert_eq!(publish.properties.message_expiry_interval, Some(9));
                assert_eq!(&publish.payload[..], b"payload");
            }
            other => panic!("expected PUBLISH, got {other:?}"),
        }
    }
}

#[test]
fn followed_by_more_bytes_only_the_first_packet_counts() {
    let mut buf = publish_frame(1, &[0x03, 0x00, 0x01, b't']);
    buf.extend_from_slice(&publish_frame(0, MIXED));
    assert_eq!(
        publish_property_order(&buf, ProtocolVersion::V5),
        Some(vec![PropertyId::ContentType])
    );
}

#[test]
fn nothing_to_order_is_none() {
    let frame = publish_frame(1, MIXED);
    // Incomplete frame, no properties, not MQTT 5, not a PUBLISH.
    assert_eq!(publish_property_order(&frame[..frame.len() - 1], ProtocolVersion::V5), None);
    assert_eq!(publish_property_order(&publish_frame(1, &[]), ProtocolVersion::V5), None);
    assert_eq!(publish_property_order(&frame, ProtocolVersion::V3_1_1), None);
    assert_eq!(publish_property_order(&[0x40, 0x02, 0x00, 0x01], ProtocolVersion::V5), None);
    assert_eq!(publish_property_order(&[], ProtocolVersion::V5), None);
    // A property block that runs past its frame, or an unknown property.
    assert_eq!(publish_property_order(&publish_frame(0, &[0x26, 0x00]), ProtocolVersion::V5), None);
    assert_eq!(publish_property_order(&publish_frame(0, &[0x7F, 0x01]), ProtocolVersion::V5), None);
}
