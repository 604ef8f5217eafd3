//! Faults a real broker will not produce, scripted with a fake broker.

use std::time::Duration;

use mqtt_client::{
    connect, ClientError, ConnectReasonCode, DisconnectReasonCode, Event, Packet, PacketId,
    ProtocolVersion, QoS, ReconnectPolicy,
};
use mqtt_proto::{
    ConnAck, Disconnect, MqttString, PubAck, PubComp, PubRec, PubRel, Publish, Topic,
};

use crate::support::fake_peer::{accepted, FakeBroker};
use crate::support::{guard, message, next_event, next_message};

fn id(value: u16) -> PacketId {
    PacketId::new(value).unwrap()
}

fn publish_id(packet: &Packet) -> PacketId {
    match packet {
        Packet::Publish(publish) => publish.packet_id.expect("QoS > 0"),
        other => panic!("expected PUBLISH, got {other:?}"),
    }
}

fn incoming(qos: QoS, packet_id: Option<u16>, payload: &'static str) -> Packet {
    let mut publish = Publish::new(Topic::from_static("in"), payload);
    publish.qos = qos;
    publish.packet_id = packet_id.map(id);
    Packet::Publish(publish)
}

fn fast_reconnect() -> Option<ReconnectPolicy> {
    Some(ReconnectPolicy {
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_attempts: None,
    })
}

#[tokio::test]
async fn out_of_order_acks_complete_the_right_handles() {
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let broker = FakeBroker::start(version).await;
        let (connected, peer) =
            tokio::join!(connect(broker.options()), broker.accept_with(accepted()));
        let ((client, _events), (mut peer, _)) = (connected.unwrap(), peer);
        let mut handles = Vec::new();
        for number in 0..3 {
            handles.push(
                client.publish(message("t", format!("{number}"), QoS::AtLeastOnce)).await.unwrap(),
            );
        }
        let ids: Vec<PacketId> = [peer.next().await, peer.next().await, peer.next().await]
            .iter()
            .map(publish_id)
            .collect();
        peer.send(
            &[ids[2], ids[0], ids[1]].map(|packet_id| Packet::PubAck(PubAck::new(packet_id))),
        )
        .await;
        for (handle, expected) in handles.into_iter().zip(&ids) {
            let outcome = guard(handle).await.unwrap();
            assert_eq!(outcome.packet_id, Some(*expected), "{version}");
        }
    }
}

#[tokio::test]
async fn duplicate_qos2_publish_before_pubrel_is_delivered_once() {
    let broker = FakeBroker::start(ProtocolVersion::V3_1_1).await;
    let (connected, peer) = tokio::join!(connect(broker.options()), broker.accept_with(accepted()));
    let ((_client, mut events), (mut peer, _)) = (connected.unwrap(), peer);
    peer.send(&[incoming(QoS::ExactlyOnce, Some(5), "once")]).await;
    assert_eq!(peer.next().await, Packet::PubRec(PubRec::new(id(5))));
    let Packet::Publish(mut again) = incoming(QoS::ExactlyOnce, Some(5), "once") else {
        unreachable!()
    };
    again.dup = true;
    peer.send(&[Packet::Publish(again)]).await;
    assert_eq!(
        peer.next().await,
        Packet::PubRec(PubRec::new(id(5))),
        "the duplicate is acknowledged again"
    );
    peer.send(&[Packet::PubRel(PubRel::new(id(5))), incoming(QoS::AtMostOnce, None, "marker")])
        .await;
    assert_eq!(peer.next().await, Packet::PubComp(PubComp::new(id(5))));
    assert_eq!(&next_message(&mut events).await.payload[..], b"once");
    assert_eq!(
        &next_message(&mut events).await.payload[..],
        b"marker",
        "the duplicate was not delivered"
    );
}

#[tokio::test]
async fn receive_maximum_one_keeps_one_message_in_flight() {
    let broker = FakeBroker::start(ProtocolVersion::V5).await;
    let mut options = broker.options();
    options.keep_alive = Duration::from_secs(1);
    let mut connack = accepted();
    connack.properties.set_receive_maximum(1);
    let (connected, peer) = tokio::join!(connect(options), broker.accept_with(connack));
    let ((client, _events), (mut peer, _)) = (connected.unwrap(), peer);
    let mut handles = Vec::new();
    for number in 0..4 {
        handles.push(
            client.publish(message("t", format!("{number}"), QoS::AtLeastOnce)).await.unwrap(),
        );
    }
    for number in 0..4 {
        let packet = peer.next().await;
        let packet_id = publish_id(&packet);
        // With the window full the client has nothing to send until its
        // keep-alive ping: a second PUBLISH would have come first.
        assert_eq!(peer.next().await, Packet::PingReq, "message {number}: only one in flight");
        peer.send(&[Packet::PingResp, Packet::PubAck(PubAck::new(packet_id))]).await;
    }
    for handle in handles {
        guard(handle).await.unwrap();
    }
}

#[tokio::test]
async fn a_broker_answering_mqtt5_in_3_1_1_is_an_unsupported_version_refusal() {
    // Return code 1 (unacceptable protocol version), and 0 from a broker
    // that ignores the protocol level: MQTT 5 cannot go on either way.
    for return_code in [0x01, 0x00] {
        let broker = FakeBroker::start(ProtocolVersion::V5).await;
        let answer = async {
            let mut peer = broker.accept().await;
            peer.expect_connect().await;
            peer.send_raw(&[0x20, 0x02, 0x00, return_code]).await;
            peer
        };
        let (connected, _peer) = tokio::join!(connect(broker.options()), answer);
        match connected {
            Err(ClientError::Refused { reason_code, .. }) => {
                assert_eq!(reason_code, ConnectReasonCode::UnsupportedProtocolVersion)
            }
            Err(other) => panic!("return code {return_code}: expected a refusal, got {other}"),
            Ok(_) => panic!("return code {return_code}: expected a refusal, got a connection"),
        }
    }
}

#[tokio::test]
async fn malformed_packet_from_the_broker_is_a_clear_error() {
    let broker = FakeBroker::start(ProtocolVersion::V5).await;
    let (connected, peer) = tokio::join!(connect(broker.options()), broker.accept_with(accepted()));
    let ((client, mut events), (mut peer, _)) = (connected.unwrap(), peer);
    let pending = client.publish(message("t", "x", QoS::AtLeastOnce)).await.unwrap();
    peer.next().await;
    // PUBLISH whose topic length (0x10) runs past its 3-byte body.
    peer.send_raw(&[0x30, 0x03, 0x00, 0x10, b'a']).await;
    match next_event(&mut events).await {
        Event::Disconnected { reason: ClientError::Decode(error) } => {
            assert!(error.to_string().contains("runs past the end"), "{error}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    match peer.next().await {
        Packet::Disconnect(disconnect) => {
            assert_eq!(disconnect.reason_code, DisconnectReasonCode::MalformedPacket)
        }
        other => panic!("expected DISCONNECT, got {other:?}"),
    }
    assert!(matches!(guard(pending).await, Err(ClientError::Decode(_))));
    assert!(guard(events.recv()).await.is_none(), "no reconnect policy: the stream ends");
    assert!(client.publish(message("t", "y", QoS::AtMostOnce)).await.is_err());
}

#[tokio::test]
async fn silent_broker_is_detected_as_a_dead_link() {
    let broker = FakeBroker::start(ProtocolVersion::V3_1_1).await;
    let mut options = broker.options();
    options.keep_alive = Duration::from_secs(1);
    let (connected, peer) = tokio::join!(connect(options), broker.accept_with(accepted()));
    let ((client, mut events), (mut peer, _)) = (connected.unwrap(), peer);
    let pending = client.publish(message("t", "x", QoS::AtLeastOnce)).await.unwrap();
    assert!(matches!(peer.next().await, Packet::Publish(_)));
    assert_eq!(peer.next().await, Packet::PingReq);
    // Never answer.
    match next_event(&mut events).await {
        Event::Disconnected { reason: ClientError::KeepAliveTimeout(silence) } => {
            assert_eq!(silence, Duration::from_millis(1500), "1.5 × keep-alive by default");
        }
        other => panic!("expected a dead link, got {other:?}"),
    }
    assert!(matches!(guard(pending).await, Err(ClientError::KeepAliveTimeout(_))));
}

#[tokio::test]
async fn server_disconnect_reason_and_string_surface() {
    let broker = FakeBroker::start(ProtocolVersion::V5).await;
    let (connected, peer) = tokio::join!(connect(broker.options()), broker.accept_with(accepted()));
    let ((_client, mut events), (mut peer, _)) = (connected.unwrap(), peer);
    let mut disconnect =
        Disconnect { reason_code: DisconnectReasonCode::ServerShuttingDown, ..Default::default() };
    disconnect.properties.set_reason_string(MqttString::from_static("maintenance at noon"));
    peer.send(&[Packet::Disconnect(disconnect)]).await;
    match next_event(&mut events).await {
        Event::Disconnected { reason } => {
            assert!(
                matches!(&reason, ClientError::Disconnected { reason_code: DisconnectReasonCode::ServerShuttingDown, reason_string: Some(text) } if text == "maintenance at noon"),
                "{reason:?}"
            );
            assert_eq!(reason.reason_code(), Some(0x8B));
            assert!(reason.to_string().contains("maintenance at noon"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn refusal_carries_reason_code_and_string() {
    let broker = FakeBroker::start(ProtocolVersion::V5).await;
    let mut refusal = ConnAck::new(ConnectReasonCode::Banned);
    refusal.properties.set_reason_string(MqttString::from_static("go away"));
    let (connected, _peer) = tokio::join!(connect(broker.options()), broker.accept_with(refusal));
    match connected {
        Err(ClientError::Refused {
            reason_code: ConnectReasonCode::Banned,
            reason_string: Some(text),
        }) => {
            assert_eq!(text, "go away")
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[tokio::test]
async fn missing_connack_is_a_connect_timeout() {
    let broker = FakeBroker::start(ProtocolVersion::V3_1_1).await;
    let mut options = broker.options();
    options.connect_timeout = Duration::from_millis(300);
    let accepting = async {
        let mut peer = broker.accept().await;
        peer.expect_connect().await;
        peer // keep the connection open, answer nothing
    };
    let (connected, _peer) = tokio::join!(connect(options), accepting);
    assert!(
        matches!(connected, Err(ClientError::ConnectTimeout(_))),
        "{:?}",
        connected.map(|_| ())
    );
}

#[tokio::test]
async fn inbound_topic_aliases_are_resolved_and_bad_ones_refused() {
    let broker = FakeBroker::start(ProtocolVersion::V5).await;
    let mut options = broker.options();
    options.topic_alias_maximum = 5;
    let (connected, peer) = tokio::join!(connect(options), broker.accept_with(accepted()));
    let ((_client, mut events), (mut peer, connect_packet)) = (connected.unwrap(), peer);
    assert_eq!(connect_packet.properties.topic_alias_maximum(), Some(5));
    let mut first = Publish::new(Topic::from_static("sensors/long/name"), "1");
    first.properties.set_topic_alias(3);
    let mut second = Publish::new(Topic::empty(), "2");
    second.properties.set_topic_alias(3);
    peer.send(&[Packet::Publish(first), Packet::Publish(second)]).await;
    assert_eq!(next_message(&mut events).await.topic.as_str(), "sensors/long/name");
    assert_eq!(next_message(&mut events).await.topic.as_str(), "sensors/long/name");
    let mut bad = Publish::new(Topic::from_static("x"), "3");
    bad.properties.set_topic_alias(6);
    peer.send(&[Packet::Publish(bad)]).await;
    match next_event(&mut events).await {
        Event::Disconnected { reason: ClientError::Protocol(text) } => {
            assert!(text.contains("topic alias 6"), "{text}")
        }
        other => panic!("{other:?}"),
    }
    match peer.next().await {
        Packet::Disconnect(disconnect) => {
            assert_eq!(disconnect.reason_code, DisconnectReasonCode::TopicAliasInvalid)
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn full_event_stream_pauses_reading_but_not_acks_or_pings() {
    let broker = FakeBroker::start(ProtocolVersion::V5).await;
    let mut options = broker.options();
    options.message_capacity = 1;
    options.keep_alive = Duration::from_secs(1);
    let (connected, peer) = tokio::join!(connect(options), broker.accept_with(accepted()));
    let ((_client, mut events), (mut peer, _)) = (connected.unwrap(), peer);
    let burst: Vec<Packet> =
        (1..=10).map(|number| incoming(QoS::AtLeastOnce, Some(number), "m")).collect();
    peer.send(&burst).await;
    // One message fits the stream, the second waits; both were read and
    // are acknowledged, in order. The rest stay unread in the socket.
    assert_eq!(peer.next().await, Packet::PubAck(PubAck::new(id(1))));
    assert_eq!(peer.next().await, Packet::PubAck(PubAck::new(id(2))));
    // Pings go on while reading is paused.
    assert_eq!(peer.next().await, Packet::PingReq);
    peer.send(&[Packet::PingResp]).await;
    for number in 1..=10 {
        assert_eq!(next_message(&mut events).await.packet_id, Some(id(number)));
    }
    for number in 3..=10 {
        match peer.next().await {
            Packet::PingReq => {
                assert_eq!(peer.next().await, Packet::PubAck(PubAck::new(id(number))))
            }
            packet => assert_eq!(packet, Packet::PubAck(PubAck::new(id(number)))),
        }
    }
}

#[tokio::test]
async fn lost_session_reports_undelivered_messages_and_resends_nothing() {
    let broker = FakeBroker::start(ProtocolVersion::V5).await;
    let mut options = broker.options();
    options.reconnect = fast_reconnect();
    let (connected, peer) = tokio::join!(connect(options), broker.accept_with(accepted()));
    let ((client, mut events), (mut peer, _)) = (connected.unwrap(), peer);
    let first = client.publish(message("t", "a", QoS::AtLeastOnce)).await.unwrap();
    let second = client.publish(message("t", "b", QoS::ExactlyOnce)).await.unwrap();
    peer.next().await;
    peer.next().await;
    drop(peer); // the link dies with both unconfirmed
    let (mut peer, reconnect) = broker.accept_with(accepted()).await;
    assert!(!reconnect.clean_start, "MQTT 5 asks to resume on reconnect");
    assert!(matches!(
        next_event(&mut events).await,
        Event::Disconnected { reason: ClientError::ConnectionClosed }
    ));
    match next_event(&mut events).await {
        Event::Reconnected { session_present: false, undelivered, .. } => {
            let payloads: Vec<&[u8]> =
                undelivered.iter().map(|publish| &publish.payload[..]).collect();
            assert_eq!(payloads, vec![&b"a"[..], &b"b"[..]]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(guard(first).await, Err(ClientError::SessionLost)));
    assert!(matches!(guard(second).await, Err(ClientError::SessionLost)));
    // Nothing was resent: the next packet is a new message.
    client.publish(message("t", "new", QoS::AtMostOnce)).await.unwrap();
    match peer.next().await {
        Packet::Publish(publish) => assert_eq!(&publish.payload[..], b"new"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn resumed_session_resends_publish_with_dup_and_pubrel_in_order() {
    let broker = FakeBroker::start(ProtocolVersion::V3_1_1).await;
    let mut options = broker.options();
    options.reconnect = fast_reconnect();
    options.clean_start = false;
    options.client_id = Some("resumer".into());
    let (connected, peer) = tokio::join!(connect(options), broker.accept_with(accepted()));
    let ((client, mut events), (mut peer, _)) = (connected.unwrap(), peer);
    let first = client.publish(message("t", "a", QoS::AtLeastOnce)).await.unwrap();
    let second = client.publish(message("t", "b", QoS::ExactlyOnce)).await.unwrap();
    let first_id = publish_id(&peer.next().await);
    let second_id = publish_id(&peer.next().await);
    peer.send(&[Packet::PubRec(PubRec::new(second_id))]).await;
    assert_eq!(peer.next().await, Packet::PubRel(PubRel::new(second_id)));
    drop(peer);
    let mut resumed = accepted();
    resumed.session_present = true;
    let (mut peer, reconnect) = broker.accept_with(resumed).await;
    assert!(!reconnect.clean_start);
    assert_eq!(reconnect.client_id.as_str(), "resumer");
    match peer.next().await {
        Packet::Publish(publish) => {
            assert!(publish.dup, "resent with DUP");
            assert_eq!(publish.packet_id, Some(first_id), "under its original id");
            assert_eq!(&publish.payload[..], b"a");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(peer.next().await, Packet::PubRel(PubRel::new(second_id)), "PUBREL resent as is");
    peer.send(&[Packet::PubAck(PubAck::new(first_id)), Packet::PubComp(PubComp::new(second_id))])
        .await;
    assert_eq!(guard(first).await.unwrap().packet_id, Some(first_id));
    assert_eq!(guard(second).await.unwrap().packet_id, Some(second_id));
    assert!(matches!(next_event(&mut events).await, Event::Disconnected { .. }));
    assert!(matches!(
        next_event(&mut events).await,
        Event::Reconnected { session_present: true, .. }
    ));
}
