//! Smoke test of the codec against a real mosquitto, over plain blocking
//! TCP: CONNECT/CONNACK, SUBSCRIBE/SUBACK and a PUBLISH round trip to
//! ourselves at QoS 0, 1 and 2, for MQTT 3.1, 3.1.1 and 5.0. Every byte on
//! the wire is encoded and decoded by `mqtt_proto`; no client crate is
//! involved, so a failure here is the codec's.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::num::NonZeroU16;
use std::time::Duration;

use bytes::BytesMut;
use mqtt_proto::{
    decode, Connect, ConnectReasonCode, Disconnect, MqttString, Packet, PacketId, ProtocolVersion,
    PubAck, PubComp, PubRec, PubRel, Publish, QoS, Subscribe, SubscriptionOptions, Topic,
    TopicFilter,
};
use mqtt_test_support::Mosquitto;

const MAX_PACKET: usize = 1 << 20;

struct Peer {
    stream: TcpStream,
    version: ProtocolVersion,
    buffer: BytesMut,
}

impl Peer {
    fn send(&mut self, packet: Packet) {
        let mut out = BytesMut::new();
        packet.encode(self.version, &mut out).expect("encode");
        assert_eq!(out.len(), packet.encoded_len(self.version), "encoded_len of {packet:?}");
        self.stream.write_all(&out).expect("write to mosquitto");
    }

    fn receive(&mut self) -> Packet {
        loop {
            if let Some(packet) = decode(&mut self.buffer, self.version, MAX_PACKET)
                .expect("mosquitto's bytes decode")
            {
                return packet;
            }
            let mut chunk = [0u8; 4096];
            let read = self.stream.read(&mut chunk).expect("read from mosquitto (5 s timeout)");
            assert!(read > 0, "mosquitto closed the connection");
            self.buffer.extend_from_slice(&chunk[..read]);
        }
    }
}

fn id(value: u16) -> PacketId {
    NonZeroU16::new(value).unwrap()
}

fn round_trip(broker: &Mosquitto, version: ProtocolVersion, qos: QoS) {
    let stream = TcpStream::connect(broker.addr()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut peer = Peer { stream, version, buffer: BytesMut::new() };
    let name = format!("smoke-{}-{}", version.level(), qos as u8);

    let client_id = MqttString::try_from(name.clone()).unwrap();
    peer.send(Packet::Connect(Connect::new(version, client_id, 30)));
    match peer.receive() {
        Packet::ConnAck(connack) => assert_eq!(connack.reason_code, ConnectReasonCode::Success),
        other => panic!("{name}: expected CONNACK, got {other:?}"),
    }

    let topic = format!("smoke/{}/{}", version.level(), qos as u8);
    let filter = TopicFilter::try_from(topic.as_str()).unwrap();
    let subscribe =
        Subscribe::new(id(1), vec![(filter, SubscriptionOptions::new(QoS::ExactlyOnce))]);
    peer.send(Packet::Subscribe(subscribe));
    match peer.receive() {
        Packet::SubAck(suback) => {
            assert_eq!(suback.packet_id, id(1));
            assert_eq!(suback.reason_codes.len(), 1);
            assert_eq!(suback.reason_codes[0].granted_qos(), Some(QoS::ExactlyOnce), "{name}");
        }
        other => panic!("{name}: expected SUBACK, got {other:?}"),
    }

    let payload = format!("hello from {name}");
    let mut publish = Publish::new(Topic::try_from(topic.as_str()).unwrap(), payload.clone());
    publish.qos = qos;
    publish.packet_id = (qos != QoS::AtMostOnce).then(|| id(2));
    peer.send(Packet::Publish(publish));

    // Our publish flow and the delivery to us interleave in any order;
    // finish both, answering the broker as the protocol requires.
    let mut outbound_done = qos == QoS::AtMostOnce;
    let mut delivered = false;
    let mut inbound_done = false;
    while !(outbound_done && delivered && inbound_done) {
        match peer.receive() {
            Packet::PubAck(ack) if qos == QoS::AtLeastOnce => {
                assert_eq!(ack.packet_id, id(2));
                outbound_done = true;
            }
            Packet::PubRec(rec) if qos == QoS::ExactlyOnce => {
                assert_eq!(rec.packet_id, id(2));
                peer.send(Packet::PubRel(PubRel::new(id(2))));
            }
            Packet::PubComp(comp) if qos == QoS::ExactlyOnce => {
                assert_eq!(comp.packet_id, id(2));
                outbound_done = true;
            }
            Packet::Publish(message) => {
                assert!(!delivered, "{name}: delivered twice");
                assert_eq!(&*message.topic, topic.as_str());
                assert_eq!(&message.payload[..], payload.as_bytes());
                assert_eq!(message.qos, qos, "{name}: delivered at the publish QoS");
                delivered = true;
                match (qos, message.packet_id) {
                    (QoS::AtMostOnce, _) => inbound_done = true,
                    (QoS::AtLeastOnce, Some(packet_id)) => {
                        peer.send(Packet::PubAck(PubAck::new(packet_id)));
                        inbound_done = true;
                    }
                    (QoS::ExactlyOnce, Some(packet_id)) => {
                        peer.send(Packet::PubRec(PubRec::new(packet_id)))
                    }
                    (_, None) => panic!("{name}: QoS {qos:?} PUBLISH without a packet id"),
                }
            }
            Packet::PubRel(rel) if qos == QoS::ExactlyOnce && delivered => {
                peer.send(Packet::PubComp(PubComp::new(rel.packet_id)));
                inbound_done = true;
            }
            other => panic!("{name}: unexpected {other:?}"),
        }
    }
    peer.send(Packet::Disconnect(Disconnect::default()));
}

#[test]
fn connect_subscribe_publish_round_trip_every_version_and_qos() {
    let broker = Mosquitto::start();
    for version in [ProtocolVersion::V3_1, ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
            round_trip(&broker, version, qos);
        }
    }
    let log = broker.log();
    // mosquitto saw each client connect with the right protocol (it logs
    // 3.1 as p1, 3.1.1 as p2 and 5.0 as p5).
    for (level, name) in [(3, "p1"), (4, "p2"), (5, "p5")] {
        assert!(
            log.matches(&format!("({name}, c1, k30)")).count() == 3,
            "expected three level-{level} connections in the log:\n{log}"
        );
    }
}
