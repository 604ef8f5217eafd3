//! Shared helpers of the client tests against mosquitto: options, connect,
//! and waiting for events with a guard against hangs (no test asserts on
//! time).

// A scripted fake broker for faults a real broker will not produce.
pub mod fake_peer;
// Raw CONNECT bytes, TLS brokers and transport option builders.
pub mod transport;

use std::time::Duration;

use bytes::Bytes;
use mqtt_client::{
    connect, BrokerUrl, Client, ConnectOptions, Event, Events, Message, OutgoingPublish,
    ProtocolVersion, QoS, SubAck, SubscribeProperties, SubscriptionOptions, Topic, TopicFilter,
    TransportOptions,
};

/// Only guards against a hang; generous because machines are shared.
pub const GUARD: Duration = Duration::from_secs(30);

/// Every protocol version, oldest first.
pub const VERSIONS: [ProtocolVersion; 3] =
    [ProtocolVersion::V3_1, ProtocolVersion::V3_1_1, ProtocolVersion::V5];

/// Every QoS level.
pub const QOS: [QoS; 3] = [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce];

/// Options for a broker on `port` speaking `version`.
pub fn options(port: u16, version: ProtocolVersion) -> ConnectOptions {
    let url = BrokerUrl::parse(&format!("mqtt://127.0.0.1:{port}")).expect("test url parses");
    let mut options = ConnectOptions::new(TransportOptions::new(url));
    options.protocol = version;
    options
}

/// Options with a fixed client id.
pub fn named(port: u16, version: ProtocolVersion, client_id: &str) -> ConnectOptions {
    let mut options = options(port, version);
    options.client_id = Some(client_id.to_owned());
    options
}

/// Connects or panics with the error.
pub async fn connect_with(options: ConnectOptions) -> (Client, Events) {
    let what = format!("{} to {}", options.protocol, options.transport.broker);
    guard(connect(options)).await.unwrap_or_else(|error| panic!("connect {what}: {error}"))
}

/// Connects with default options.
pub async fn connect_to(port: u16, version: ProtocolVersion) -> (Client, Events) {
    connect_with(options(port, version)).await
}

/// Awaits `future`, panicking if it takes longer than [`GUARD`].
pub async fn guard<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(GUARD, future).await.expect("the operation hung")
}

/// The next event, or a panic if the stream ended or hung.
pub async fn next_event(events: &mut Events) -> Event {
    guard(events.recv()).await.expect("the event stream ended")
}

/// The next event, which must be a message.
pub async fn next_message(events: &mut Events) -> Message {
    match next_event(events).await {
        Event::Message(message) => message,
        other => panic!("expected a message, got {other:?}"),
    }
}

pub fn topic(text: &str) -> Topic {
    Topic::try_from(text).expect("valid topic")
}

pub fn filter(text: &str) -> TopicFilter {
    TopicFilter::try_from(text).expect("valid filter")
}

/// Subscribes to one filter and checks it was granted.
pub async fn subscribe(client: &Client, text: &str, qos: QoS) -> SubAck {
    let ack = guard(client.subscribe(
        vec![(filter(text), SubscriptionOptions::new(qos))],
        SubscribeProperties::default(),
    ))
    .await
    .unwrap_or_else(|error| panic!("subscribe {text}: {error}"));
    assert!(!ack.reason_codes[0].is_error(), "subscribe {text} refused: {}", ack.reason_codes[0]);
    ack
}

/// A message with `payload`.
pub fn message(topic_text: &str, payload: impl Into<Bytes>, qos: QoS) -> OutgoingPublish {
    OutgoingPublish::new(topic(topic_text), payload, qos)
}

/// Publishes and waits for the broker's acknowledgement (QoS 1/2).
pub async fn publish_confirmed(
    client: &Client,
    outgoing: OutgoingPublish,
) -> mqtt_client::PublishOutcome {
    let handle = guard(client.publish(outgoing)).await.expect("publish queued");
    guard(handle).await.expect("publish confirmed")
}

/// Waits until mosquitto's log contains `needle` (an event we cannot
/// observe otherwise, such as a client's disconnect being processed).
pub async fn wait_for_log(broker: &mqtt_test_support::Mosquitto, needle: &str) {
    guard(async {
        while !broker.log().contains(needle) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
}
