//! Hand-built packets of every type, encoded and decoded again in every
//! protocol version that has them, whole (with trailing junk) and cut at
//! every byte (which must ask for more bytes and leave the buffer as is).

use bytes::{Bytes, BytesMut};
use mqtt_proto::{
    decode, Auth, AuthReasonCode, ConnAck, Connect, ConnectReasonCode, Disconnect,
    DisconnectReasonCode, MqttString, Packet, PacketId, ProtocolVersion, PubAck, PubAckReasonCode,
    PubComp, PubRec, PubRel, PubRelReasonCode, Publish, QoS, RetainHandling, SubAck,
    SubAckReasonCode, Subscribe, SubscriptionOptions, Topic, TopicFilter, UnsubAck,
    UnsubAckReasonCode, Unsubscribe, Will,
};

fn id(value: u16) -> PacketId {
    PacketId::new(value).unwrap()
}

fn s(text: &'static str) -> MqttString {
    MqttString::from_static(text)
}

/// One packet of every type, with v5 fields filled in only for v5.
fn samples(version: ProtocolVersion) -> Vec<Packet> {
    let v5 = version.is_v5();
    let mut connect = Connect::new(version, s("client-1"), 60);
    connect.username = Some(s("user"));
    connect.password = Some(Bytes::from_static(b"secret"));
    connect.will = Some(Will {
        topic: Topic::from_static("last/will"),
        payload: Bytes::from_static(b"gone"),
        qos: QoS::AtLeastOnce,
        retain: true,
        properties: Default::default(),
    });
    let mut connack = ConnAck::new(ConnectReasonCode::Success);
    connack.session_present = version != ProtocolVersion::V3_1;
    let mut publish = Publish::new(Topic::from_static("a/b"), Bytes::from_static(b"hello"));
    publish.qos = QoS::ExactlyOnce;
    publish.packet_id = Some(id(7));
    publish.dup = true;
    let mut puback = PubAck::new(id(7));
    let mut subscribe = Subscribe::new(
        id(9),
        vec![
            (TopicFilter::from_static("a/+"), SubscriptionOptions::new(QoS::AtLeastOnce)),
            (TopicFilter::from_static("b/#"), SubscriptionOptions::new(QoS::ExactlyOnce)),
        ],
    );
    let mut disconnect = Disconnect::default();
    if v5 {
        connect.properties.set_session_expiry_interval(3600);
        connect.properties.set_receive_maximum(10);
        connect.properties.push_user_property(s("k"), s("v"));
        connect.will.as_mut().unwrap().properties.set_will_delay_interval(5);
        connack.properties.set_maximum_qos(QoS::AtLeastOnce);
        connack.properties.set_assigned_client_identifier(s("auto-1"));
        publish.properties.set_topic_alias(3);
        publish.properties.push_subscription_identifier(1);
        publish.properties.push_subscription_identifier(268_435_455);
        publish.properties.push_user_property(s("x"), s("1"));
        publish.properties.push_user_property(s("x"), s("2"));
        puback.reason_code = PubAckReasonCode::NoMatchingSubscribers;
        subscribe.properties.set_subscription_identifier(42);
        subscribe.filters[0].1.no_local = true;
        subscribe.filters[0].1.retain_handling = RetainHandling::DoNotSend;
        disconnect.reason_code = DisconnectReasonCode::ServerShuttingDown;
        disconnect.properties.set_reason_string(s("bye"));
    }
    let mut packets = vec![
        Packet::Connect(connect),
        Packet::ConnAck(connack),
        Packet::Publish(publish),
        Packet::PubAck(puback),
        Packet::PubRec(PubRec::new(id(8))),
        Packet::PubRel(PubRel {
            reason_code: if v5 {
                PubRelReasonCode::PacketIdentifierNotFound
            } else {
                PubRelReasonCode::Success
            },
            ..PubRel::new(id(8))
        }),
        Packet::PubComp(PubComp::new(id(8))),
        Packet::Subscribe(subscribe),
        Packet::SubAck(SubAck {
            packet_id: id(9),
            reason_codes: vec![SubAckReasonCode::GrantedQoS1, SubAckReasonCode::UnspecifiedError],
            properties: Default::default(),
        }),
        Packet::Unsubscribe(Unsubscribe::new(id(10), vec![TopicFilter::from_static("a/+")])),
        Packet::UnsubAck(UnsubAck {
            packet_id: id(10),
            reason_codes: if v5 { vec![UnsubAckReasonCode::NoSubscriptionExisted] } else { vec![] },
            properties: Default::default(),
        }),
        Packet::PingReq,
        Packet::PingResp,
        Packet::Disconnect(disconnect),
    ];
    if v5 {
        let mut auth = Auth {
            reason_code: AuthReasonCode::ContinueAuthentication,
            properties: Default::default(),
        };
        auth.properties.set_authentication_method(s("SCRAM-SHA-1"));
        auth.properties.set_authentication_data(Bytes::from_static(b"\x00\x01"));
        packets.push(Packet::Auth(auth));
    }
    packets
}

#[test]
fn every_packet_round_trips_in_every_version() {
    for version in ProtocolVersion::ALL {
        for packet in samples(version) {
            let mut buf = BytesMut::new();
            packet.encode(version, &mut buf).unwrap();
            assert_eq!(buf.len(), packet.encoded_len(version), "{version} {packet:?}");
            buf.extend_from_slice(b"\xFF junk");
            let decoded = decode(&mut buf, version, 1 << 20).unwrap().unwrap();
            assert_eq!(decoded, packet, "{version}");
            assert_eq!(&buf[..], b"\xFF junk", "{version} {packet:?} left the wrong bytes");
        }
    }
}

#[test]
fn every_prefix_asks_for_more_bytes() {
    for version in ProtocolVersion::ALL {
        for packet in samples(version) {
            let mut full = BytesMut::new();
            packet.encode(version, &mut full).unwrap();
            for cut in 0..full.len() {
                let mut partial = BytesMut::from(&full[..cut]);
                assert_eq!(
                    decode(&mut partial, version, 1 << 20),
                    Ok(None),
                    "{version} {packet:?} cut at {cut}"
                );
                assert_eq!(&partial[..], &full[..cut]);
            }
        }
    }
}

#[test]
fn auth_does_not_exist_before_v5() {
    let auth = Auth { reason_code: AuthReasonCode::Success, properties: Default::default() };
    let mut buf = BytesMut::new();
    assert!(auth.encode(ProtocolVersion::V3_1_1, &mut buf).is_err());
    assert!(buf.is_empty());
    let mut buf = BytesMut::from(&[0xF0, 0x00][..]);
    assert!(decode(&mut buf, ProtocolVersion::V3_1_1, 1024).is_err());
}
