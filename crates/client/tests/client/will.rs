//! The will message: published by mosquitto when a client vanishes
//! without DISCONNECT, and only then.

use bytes::Bytes;
use mqtt_client::{DisconnectReasonCode, LastWill, ProtocolVersion, QoS, WillProperties};
use mqtt_proto::MqttString;
use mqtt_test_support::Mosquitto;

use crate::support::{
    self, connect_to, connect_with, named, next_message, publish_confirmed, subscribe, topic,
    wait_for_log, VERSIONS,
};

fn will(topic_text: &str, payload: &'static str) -> LastWill {
    LastWill {
        topic: topic(topic_text),
        payload: Bytes::from_static(payload.as_bytes()),
        qos: QoS::AtLeastOnce,
        retain: false,
        properties: WillProperties::default(),
    }
}

#[tokio::test]
async fn will_is_published_when_the_client_crashes() {
    let broker = Mosquitto::start();
    for version in VERSIONS {
        let will_topic = format!("will/crash/{}", version.level());
        let (watcher, mut events) = connect_to(broker.port(), version).await;
        subscribe(&watcher, &will_topic, QoS::AtLeastOnce).await;
        let mut options = named(broker.port(), version, &format!("crasher{}", version.level()));
        options.will = Some(will(&will_topic, "gone"));
        let (crasher, _) = connect_with(options).await;
        crasher.abort();
        let received = next_message(&mut events).await;
        assert_eq!(received.topic.as_str(), will_topic, "{version}");
        assert_eq!(&received.payload[..], b"gone", "{version}");
        assert_eq!(received.qos, QoS::AtLeastOnce, "{version}");
    }
}

#[tokio::test]
async fn will_is_not_published_after_a_clean_disconnect() {
    let broker = Mosquitto::start();
    for version in VERSIONS {
        let will_topic = format!("will/clean/{}", version.level());
        let (watcher, mut events) = connect_to(broker.port(), version).await;
        subscribe(&watcher, &will_topic, QoS::AtLeastOnce).await;
        let client_id = format!("polite{}", version.level());
        let mut options = named(broker.port(), version, &client_id);
        options.will = Some(will(&will_topic, "should not appear"));
        let (polite, _) = connect_with(options).await;
        polite.disconnect(DisconnectReasonCode::NormalDisconnection).await.unwrap();
        // Once mosquitto has processed the disconnect, a will would have
        // been queued before this marker.
        wait_for_log(&broker, &format!("Client {client_id} disconnected.")).await;
        publish_confirmed(&watcher, support::message(&will_topic, "marker", QoS::AtLeastOnce))
            .await;
        assert_eq!(&next_message(&mut events).await.payload[..], b"marker", "{version}");
    }
}

#[tokio::test]
async fn v5_disconnect_with_will_message_publishes_the_will() {
    let broker = Mosquitto::start();
    let (watcher, mut events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    subscribe(&watcher, "will/asked", QoS::AtLeastOnce).await;
    let mut options = named(broker.port(), ProtocolVersion::V5, "asker");
    options.will = Some(will("will/asked", "on purpose"));
    let (client, _) = connect_with(options).await;
    client.disconnect(DisconnectReasonCode::DisconnectWithWillMessage).await.unwrap();
    assert_eq!(&next_message(&mut events).await.payload[..], b"on purpose");
}

#[tokio::test]
async fn v5_will_properties_and_retain_reach_subscribers() {
    let broker = Mosquitto::start();
    let mut last_will = will("will/props", "{\"state\":\"offline\"}");
    last_will.retain = true;
    last_will.properties.set_content_type(MqttString::from_static("application/json"));
    last_will
        .properties
        .push_user_property(MqttString::from_static("device"), MqttString::from_static("d1"));
    last_will.properties.set_will_delay_interval(0);
    let mut options = named(broker.port(), ProtocolVersion::V5, "device-d1");
    options.will = Some(last_will);
    let (device, _) = connect_with(options).await;
    device.abort();
    wait_for_log(&broker, "Client device-d1 closed its connection.").await;
    // A subscriber that arrives later still gets the retained will.
    let (late, mut events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    subscribe(&late, "will/props", QoS::AtLeastOnce).await;
    let received = next_message(&mut events).await;
    assert!(received.retain, "the will was retained");
    assert_eq!(
        received.properties.content_type().map(|text| text.as_str()),
        Some("application/json")
    );
    assert_eq!(
        received.properties.user_properties().collect::<Vec<_>>(),
        [(&MqttString::from_static("device"), &MqttString::from_static("d1"))]
    );
}

#[tokio::test]
async fn delayed_will_is_published_when_the_session_ends() {
    let broker = Mosquitto::start();
    let (watcher, mut events) = connect_to(broker.port(), ProtocolVersion::V5).await;
    subscribe(&watcher, "will/delayed", QoS::AtLeastOnce).await;
    // The delay is longer than the session: the session's end (1 s after
    // the crash) publishes the will (MQTT 5.0 §3.1.3.2.2).
    let mut delayed = will("will/delayed", "late");
    delayed.properties.set_will_delay_interval(3600);
    let mut options = named(broker.port(), ProtocolVersion::V5, "delayer");
    options.will = Some(delayed);
    options.session_expiry = Some(1);
    let (client, _) = connect_with(options).await;
    client.abort();
    let received = next_message(&mut events).await;
    assert_eq!(received.topic.as_str(), "will/delayed");
    assert_eq!(&received.payload[..], b"late");
}
