//! Broker limits announced in CONNACK are exposed and honoured, and
//! refusals are typed errors.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mqtt_client::{
    connect, ClientError, ConnectReasonCode, Direction, Packet, ProtocolVersion, QoS,
    SubAckReasonCode, SubscribeProperties, SubscriptionOptions,
};
use mqtt_test_support::Mosquitto;

use crate::support::{
    self, connect_to, connect_with, guard, message, next_message, options, publish_confirmed,
    subscribe, VERSIONS,
};

#[tokio::test]
async fn maximum_qos_is_exposed_and_enforced_before_sending() {
    // max_qos is a listener setting: it needs a listener block of its own.
    let broker = Mosquitto::builder()
        .listener(|port| format!("listener {port} 127.0.0.1\nmax_qos 1"))
        .start();
    let (client, mut events) = connect_to(broker.extra_port(0), ProtocolVersion::V5).await;
    assert_eq!(client.connack().limits.maximum_qos, QoS::AtLeastOnce);
    let error = guard(client.publish(message("q", "x", QoS::ExactlyOnce)))
        .await
        .expect_err("QoS 2 refused");
    assert!(
        matches!(
            error,
            ClientError::QoSNotSupported { requested: QoS::ExactlyOnce, maximum: QoS::AtLeastOnce }
        ),
        "{error}"
    );
    // A QoS 2 subscription is granted at QoS 1 only.
    let ack = guard(client.subscribe(
        vec![(support::filter("q"), SubscriptionOptions::new(QoS::ExactlyOnce))],
        SubscribeProperties::default(),
    ))
    .await
    .unwrap();
    assert_eq!(ack.reason_codes, vec![SubAckReasonCode::GrantedQoS1]);
    // The connection is still fine.
    publish_confirmed(&client, message("q", "ok", QoS::AtLeastOnce)).await;
    assert_eq!(&next_message(&mut events).await.payload[..], b"ok");
}

#[tokio::test]
async fn retain_unavailable_is_exposed_and_enforced_before_sending() {
    let broker = Mosquitto::builder().config("retain_available false").start();
    let (client, _events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    assert!(!client.connack().limits.retain_available);
    let mut retained = message("r", "x", QoS::AtLeastOnce);
    retained.retain = true;
    let error = guard(client.publish(retained)).await.expect_err("retain refused");
    assert!(matches!(error, ClientError::RetainNotSupported), "{error}");
    publish_confirmed(&client, message("r", "not retained", QoS::AtLeastOnce)).await;
}

#[tokio::test]
async fn packets_above_the_broker_maximum_are_refused_and_not_sent() {
    let broker = Mosquitto::builder().config("max_packet_size 1000").start();
    let (client, mut events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    assert_eq!(client.connack().limits.maximum_packet_size, Some(1000));
    subscribe(&client, "big", QoS::AtLeastOnce).await;
    let error = guard(client.publish(message("big", vec![b'x'; 2000], QoS::AtLeastOnce)))
        .await
        .expect_err("too big");
    match error {
        ClientError::PacketTooLarge { packet: "PUBLISH", size, maximum: 1000 } => {
            assert!(size > 2000)
        }
        other => panic!("{other}"),
    }
    // Just below the limit still goes through, and the link survived.
    publish_confirmed(&client, message("big", vec![b'y'; 900], QoS::AtLeastOnce)).await;
    assert_eq!(next_message(&mut events).await.payload.len(), 900);
}

#[tokio::test]
async fn broker_receive_maximum_caps_the_in_flight_window() {
    let broker = Mosquitto::builder().config("max_inflight_messages 3").start();
    let in_flight = Arc::new(AtomicI64::new(0));
    let peak = Arc::new(AtomicI64::new(0));
    let mut options = options(broker.port(), ProtocolVersion::V5);
    options.max_inflight = Some(100);
    let (counter, highest) = (in_flight.clone(), peak.clone());
    options.trace = Some(Arc::new(move |direction, packet| match (direction, packet) {
        (Direction::Sent, Packet::Publish(publish)) if publish.qos != QoS::AtMostOnce => {
            let now = counter.fetch_add(1, Ordering::SeqCst) + 1;
            highest.fetch_max(now, Ordering::SeqCst);
        }
        (Direction::Received, Packet::PubAck(_) | Packet::PubComp(_)) => {
            counter.fetch_sub(1, Ordering::SeqCst);
        }
        _ => {}
    }));
    let (client, _events) = connect_with(options).await;
    assert_eq!(client.connack().limits.receive_maximum, 3);
    let mut handles = Vec::new();
    for number in 0..200u32 {
        let qos = if number % 2 == 0 { QoS::AtLeastOnce } else { QoS::ExactlyOnce };
        handles
            .push(guard(client.publish(message("window", number.to_string(), qos))).await.unwrap());
    }
    for handle in handles {
        guard(handle).await.unwrap();
    }
    assert_eq!(peak.load(Ordering::SeqCst), 3, "the window was used fully and never exceeded");
    assert_eq!(in_flight.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn bad_password_is_a_typed_refusal_for_every_version() {
    let dir = tempfile::tempdir().unwrap();
    let passwords = dir.path().join("passwords");
    let status = std::process::Command::new("mosquitto_passwd")
        .args(["-b", "-c"])
        .arg(&passwords)
        .args(["alice", "correct horse"])
        .status()
        .expect("run mosquitto_passwd");
    assert!(status.success());
    let broker = Mosquitto::builder().password_file(&passwords).start();
    for version in VERSIONS {
        let mut wrong = options(broker.port(), version);
        wrong.username = Some("alice".into());
        wrong.password = Some("battery staple".into());
        let error = guard(connect(wrong)).await.expect_err("refused");
        match &error {
            ClientError::Refused { reason_code, .. } => {
                // mosquitto answers "not authorized" (0x87; 3.x return
                // code 5) rather than "bad user name or password".
                assert_eq!(*reason_code, ConnectReasonCode::NotAuthorized, "{version}: {error}");
            }
            other => panic!("{version}: expected a refusal, got {other}"),
        }
        assert!(error.reason_code().is_some());
        assert!(!error.to_string().contains("battery"), "no password in messages: {error}");
        let mut right = options(broker.port(), version);
        right.username = Some("alice".into());
        right.password = Some("correct horse".into());
        let (client, _) = connect_with(right).await;
        client.disconnect(Default::default()).await.unwrap();
    }
}

#[tokio::test]
async fn client_ids_are_generated_or_assigned_and_server_keep_alive_wins() {
    let broker = Mosquitto::builder().config("max_keepalive 10").start();
    // MQTT 5 without an id: the broker assigns one and tells us.
    let mut v5 = options(broker.port(), ProtocolVersion::V5);
    v5.keep_alive = Duration::from_secs(60);
    let (client, _) = connect_with(v5).await;
    let connack = client.connack();
    let assigned = connack.assigned_client_id.clone().expect("mosquitto assigns an id");
    assert_eq!(connack.client_id, assigned);
    assert_eq!(connack.limits.server_keep_alive, Some(10));
    assert_eq!(connack.keep_alive, Duration::from_secs(10));
    // MQTT 3.1 requires an id: we generate one of at most 23 characters.
    let (old, _) = connect_to(broker.port(), ProtocolVersion::V3_1).await;
    let generated = old.connack().client_id.clone();
    assert!(!generated.is_empty() && generated.len() <= 23, "{generated:?}");
    support::wait_for_log(&broker, &format!("as {generated} (p1")).await;
}
