//! Publish and subscribe through a real mosquitto, for every protocol
//! version and QoS.

use std::sync::{Arc, Mutex};

use mqtt_client::{
    Direction, Event, OutgoingPublish, PacketType, ProtocolVersion, QoS, RetainHandling,
    SubAckReasonCode, SubscribeProperties, SubscriptionOptions, UnsubAckReasonCode,
    UnsubscribeProperties,
};
use mqtt_proto::MqttString;
use mqtt_test_support::Mosquitto;

use crate::support::{
    connect_to, connect_with, filter, guard, message, next_event, next_message, options,
    publish_confirmed, subscribe, topic, QOS, VERSIONS,
};

/// mosquitto with the dynamic security plugin and one user, "tester".
trait DynamicSecurity {
    fn dynamic_security_subscribe_only(self, dir: &std::path::Path, pattern: &str) -> Self;
}

impl DynamicSecurity for mqtt_test_support::MosquittoBuilder {
    fn dynamic_security_subscribe_only(self, dir: &std::path::Path, pattern: &str) -> Self {
        let file = dir.join("dynsec.json");
        let status = std::process::Command::new("mosquitto_ctrl")
            .args(["dynsec", "init"])
            .arg(&file)
            .args(["tester", "tester-password"])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run mosquitto_ctrl (package mosquitto-clients)");
        assert!(status.success(), "mosquitto_ctrl dynsec init failed");
        let mut config: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let acl = |acltype: &str, topic: &str| serde_json::json!({"acltype": acltype, "topic": topic, "allow": true});
        config["roles"][0]["acls"] = serde_json::json!([
            acl("subscribePattern", pattern),
            acl("unsubscribePattern", "#"),
            acl("publishClientSend", "#"),
            acl("publishClientReceive", "#"),
        ]);
        std::fs::write(&file, serde_json::to_vec_pretty(&config).unwrap()).unwrap();
        self.allow_anonymous(false)
            .config("plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so")
            .config(format!("plugin_opt_config_file {}", file.display()))
    }
}

#[tokio::test]
async fn round_trip_at_every_qos_and_version() {
    let broker = Mosquitto::start();
    for version in VERSIONS {
        for qos in QOS {
            let (subscriber, mut events) = connect_to(broker.port(), version).await;
            let (publisher, _) = connect_to(broker.port(), version).await;
            let topic_text = format!("rt/{}/{}", version.level(), qos.level());
            subscribe(&subscriber, &topic_text, qos).await;
            let mut handles = Vec::new();
            for number in 0..20u32 {
                let handle =
                    guard(publisher.publish(message(&topic_text, number.to_string(), qos)))
                        .await
                        .unwrap();
                handles.push(handle);
            }
            for handle in handles {
                let outcome = guard(handle)
                    .await
                    .unwrap_or_else(|error| panic!("{version} QoS {qos}: {error}"));
                assert!(outcome.is_success(), "{version} QoS {qos}: {outcome:?}");
                assert_eq!(outcome.packet_id.is_some(), qos != QoS::AtMostOnce);
            }
            for number in 0..20u32 {
                let received = next_message(&mut events).await;
                assert_eq!(received.topic.as_str(), topic_text);
                assert_eq!(
                    &received.payload[..],
                    number.to_string().as_bytes(),
                    "{version} QoS {qos}: order"
                );
                assert_eq!(received.qos, qos);
                assert_eq!(received.packet_id.is_some(), qos != QoS::AtMostOnce);
            }
            subscriber.disconnect(Default::default()).await.unwrap();
            publisher.disconnect(Default::default()).await.unwrap();
            assert!(guard(events.recv()).await.is_none(), "the stream ends after disconnect");
        }
    }
}

#[tokio::test]
async fn delivered_qos_is_the_lower_of_publish_and_subscription() {
    let broker = Mosquitto::start();
    let (client, mut events) = connect_to(broker.port(), ProtocolVersion::V3_1_1).await;
    subscribe(&client, "downgrade", QoS::AtLeastOnce).await;
    publish_confirmed(&client, message("downgrade", "x", QoS::ExactlyOnce)).await;
    assert_eq!(next_message(&mut events).await.qos, QoS::AtLeastOnce);
}

#[tokio::test]
async fn subscribe_and_unsubscribe_report_one_result_per_filter() {
    // mosquitto's acl_file never refuses a SUBSCRIBE; its dynamic
    // security plugin does. The "tester" user may subscribe to open/# only.
    let dir = tempfile::tempdir().unwrap();
    let broker = Mosquitto::builder().dynamic_security_subscribe_only(dir.path(), "open/#").start();
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        let mut login = options(broker.port(), version);
        login.username = Some("tester".into());
        login.password = Some("tester-password".into());
        let (client, _events) = connect_with(login).await;
        let filters = vec![
            (filter("open/zero"), SubscriptionOptions::new(QoS::AtMostOnce)),
            (filter("open/one"), SubscriptionOptions::new(QoS::AtLeastOnce)),
            (filter("open/two/#"), SubscriptionOptions::new(QoS::ExactlyOnce)),
            (filter("closed/topic"), SubscriptionOptions::new(QoS::AtLeastOnce)),
        ];
        let ack = guard(client.subscribe(filters, SubscribeProperties::default())).await.unwrap();
        let denied = if version.is_v5() {
            SubAckReasonCode::NotAuthorized
        } else {
            SubAckReasonCode::UnspecifiedError
        };
        assert_eq!(
            ack.reason_codes,
            vec![
                SubAckReasonCode::GrantedQoS0,
                SubAckReasonCode::GrantedQoS1,
                SubAckReasonCode::GrantedQoS2,
                denied
            ],
            "{version}"
        );
        let unsubscribed = guard(client.unsubscribe(
            vec![filter("open/one"), filter("open/never")],
            UnsubscribeProperties::default(),
        ))
        .await
        .unwrap();
        let expected = if version.is_v5() {
            vec![UnsubAckReasonCode::Success, UnsubAckReasonCode::NoSubscriptionExisted]
        } else {
            vec![UnsubAckReasonCode::Success, UnsubAckReasonCode::Success]
        };
        assert_eq!(unsubscribed.reason_codes, expected, "{version}");
    }
}

#[tokio::test]
async fn v5_puback_reason_code_reaches_the_publisher() {
    let broker = Mosquitto::start();
    let (client, _events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let outcome =
        publish_confirmed(&client, message("nobody/listens", "x", QoS::AtLeastOnce)).await;
    assert_eq!(outcome.reason_code, 0x10, "{outcome:?}");
    assert_eq!(outcome.reason_name, "No matching subscribers");
    assert!(outcome.is_success());
}

#[tokio::test]
async fn v5_no_local_suppresses_own_messages() {
    let broker = Mosquitto::start();
    let (client, mut events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let mut own = SubscriptionOptions::new(QoS::AtLeastOnce);
    own.no_local = true;
    let filters = vec![
        (filter("local/quiet"), own),
        (filter("local/loud"), SubscriptionOptions::new(QoS::AtLeastOnce)),
    ];
    guard(client.subscribe(filters, SubscribeProperties::default())).await.unwrap();
    publish_confirmed(&client, message("local/quiet", "mine", QoS::AtLeastOnce)).await;
    publish_confirmed(&client, message("local/loud", "marker", QoS::AtLeastOnce)).await;
    // The broker keeps order per client: the first message would have
    // come before the marker.
    let received = next_message(&mut events).await;
    assert_eq!(received.topic.as_str(), "local/loud");
}

#[tokio::test]
async fn v5_retain_as_published_and_retain_handling() {
    let broker = Mosquitto::start();
    let (publisher, _) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let (keeper, mut keeper_events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let (clearer, mut clearer_events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let mut keep = SubscriptionOptions::new(QoS::AtLeastOnce);
    keep.retain_as_published = true;
    guard(keeper.subscribe(vec![(filter("rap/t"), keep)], SubscribeProperties::default()))
        .await
        .unwrap();
    subscribe(&clearer, "rap/t", QoS::AtLeastOnce).await;
    let mut retained = message("rap/t", "kept", QoS::AtLeastOnce);
    retained.retain = true;
    publish_confirmed(&publisher, retained).await;
    assert!(next_message(&mut keeper_events).await.retain, "retain as published keeps the flag");
    assert!(
        !next_message(&mut clearer_events).await.retain,
        "live messages lose the flag otherwise"
    );

    // A new subscription with "do not send" gets no retained message.
    let (late, mut late_events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let mut skip = SubscriptionOptions::new(QoS::AtLeastOnce);
    skip.retain_handling = RetainHandling::DoNotSend;
    guard(late.subscribe(vec![(filter("rap/t"), skip)], SubscribeProperties::default()))
        .await
        .unwrap();
    publish_confirmed(&publisher, message("rap/t", "live", QoS::AtLeastOnce)).await;
    assert_eq!(&next_message(&mut late_events).await.payload[..], b"live");
    // The default sends it at subscribe time.
    let (eager, mut eager_events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    subscribe(&eager, "rap/t", QoS::AtLeastOnce).await;
    let first = next_message(&mut eager_events).await;
    assert!(first.retain && &first.payload[..] == b"kept", "{first:?}");
}

#[tokio::test]
async fn v5_subscription_identifier_and_properties_round_trip() {
    let broker = Mosquitto::start();
    let (client, mut events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let mut properties = SubscribeProperties::new();
    properties.set_subscription_identifier(42);
    let filters = vec![(filter("props/#"), SubscriptionOptions::new(QoS::AtLeastOnce))];
    guard(client.subscribe(filters, properties)).await.unwrap();
    let mut outgoing = OutgoingPublish::new(topic("props/a"), "{}", QoS::AtLeastOnce);
    outgoing.properties.set_content_type(MqttString::from_static("application/json"));
    outgoing
        .properties
        .push_user_property(MqttString::from_static("k"), MqttString::from_static("v"));
    outgoing.properties.set_correlation_data(bytes::Bytes::from_static(b"c-1"));
    outgoing.properties.set_response_topic(topic("props/reply"));
    publish_confirmed(&client, outgoing).await;
    let received = next_message(&mut events).await;
    assert_eq!(received.properties.subscription_identifiers().collect::<Vec<_>>(), [42]);
    assert_eq!(
        received.properties.content_type().map(|text| text.as_str()),
        Some("application/json")
    );
    assert_eq!(received.properties.user_properties().count(), 1);
    assert_eq!(received.properties.correlation_data().map(|data| &data[..]), Some(&b"c-1"[..]));
    assert_eq!(received.properties.response_topic().map(|text| text.as_str()), Some("props/reply"));
}

#[tokio::test]
async fn trace_sees_every_packet_both_ways() {
    let broker = Mosquitto::start();
    let seen: Arc<Mutex<Vec<(Direction, PacketType)>>> = Arc::default();
    let mut options = options(broker.port(), ProtocolVersion::V5);
    let record = seen.clone();
    options.trace = Some(Arc::new(move |direction, packet| {
        record.lock().unwrap().push((direction, packet.packet_type()));
    }));
    let (client, mut events) = connect_with(options).await;
    subscribe(&client, "trace", QoS::ExactlyOnce).await;
    publish_confirmed(&client, message("trace", "x", QoS::ExactlyOnce)).await;
    next_message(&mut events).await;
    // Our PUBREC reaches the broker before this message, so its PUBREL
    // comes back before the echo.
    publish_confirmed(&client, message("trace", "y", QoS::AtMostOnce)).await;
    next_message(&mut events).await;
    client.disconnect(Default::default()).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    use Direction::{Received, Sent};
    for expected in [
        (Sent, PacketType::Connect),
        (Received, PacketType::ConnAck),
        (Sent, PacketType::Subscribe),
        (Received, PacketType::SubAck),
        (Sent, PacketType::Publish),
        (Received, PacketType::PubRec),
        (Sent, PacketType::PubRel),
        (Received, PacketType::PubComp),
        (Received, PacketType::Publish),
        (Sent, PacketType::PubRec),
        (Received, PacketType::PubRel),
        (Sent, PacketType::PubComp),
        (Sent, PacketType::Disconnect),
    ] {
        assert!(seen.contains(&expected), "{expected:?} missing from {seen:?}");
    }
    assert_eq!(seen.first(), Some(&(Sent, PacketType::Connect)));
    assert_eq!(seen.last(), Some(&(Sent, PacketType::Disconnect)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_event_stream_slows_reading_without_losing_messages_or_the_link() {
    let broker = Mosquitto::start();
    let mut slow = options(broker.port(), ProtocolVersion::V5);
    slow.message_capacity = 1;
    slow.keep_alive = std::time::Duration::from_secs(1);
    let (subscriber, mut events) = connect_with(slow).await;
    subscribe(&subscriber, "slow", QoS::AtLeastOnce).await;
    let (publisher, _) = connect_to(broker.port(), ProtocolVersion::V5).await;
    let count = 500u32;
    for number in 0..count {
        publish_confirmed(&publisher, message("slow", number.to_string(), QoS::AtLeastOnce)).await;
    }
    // Not reading for several keep-alive periods must not kill the link:
    // pings still go out while reading is paused.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    for number in 0..count {
        match next_event(&mut events).await {
            Event::Message(received) => {
                assert_eq!(&received.payload[..], number.to_string().as_bytes())
            }
            other => panic!("message {number}: unexpected {other:?}"),
        }
    }
    assert!(!subscriber.is_closed());
    publish_confirmed(&subscriber, message("slow", "still alive", QoS::AtLeastOnce)).await;
    assert_eq!(&next_message(&mut events).await.payload[..], b"still alive");
}
