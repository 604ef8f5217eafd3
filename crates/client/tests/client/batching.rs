//! Batched writes: messages queued together leave in one write and one
//! flush. Over WebSocket every flush is one frame, and the test relay
//! counts frames, so write batching is observable end to end.

use mqtt_client::{BrokerUrl, ProtocolVersion, QoS, TransportOptions};
use mqtt_test_support::relay::Relay;
use mqtt_test_support::Mosquitto;

use crate::support::{
    self, connect_with, message, next_message, options, publish_confirmed, subscribe,
};

#[tokio::test]
async fn messages_queued_together_leave_in_one_frame() {
    let broker = Mosquitto::start();
    let relay = Relay::builder(broker.addr()).websocket().start();
    let (subscriber, mut events) = support::connect_to(broker.port(), ProtocolVersion::V5).await;
    subscribe(&subscriber, "batch", QoS::AtMostOnce).await;
    let mut ws = options(broker.port(), ProtocolVersion::V5);
    let url = BrokerUrl::parse(&format!("ws://127.0.0.1:{}/mqtt", relay.port())).unwrap();
    ws.transport = TransportOptions::new(url);
    let (publisher, _) = connect_with(ws).await;
    let frames_before = relay.frames_received();
    // On this single-threaded runtime the connection task runs only when
    // the test yields, so all 100 commands are queued by then. Yielding
    // once first gives the test a fresh cooperative budget (tokio makes a
    // task yield after 128 operations per turn).
    tokio::task::yield_now().await;
    for number in 0..100 {
        publisher.publish(message("batch", format!("{number}"), QoS::AtMostOnce)).await.unwrap();
    }
    // Wait for the broker's confirmation of a marker sent after them.
    publish_confirmed(&publisher, message("batch", "last", QoS::AtLeastOnce)).await;
    for number in 0..100 {
        assert_eq!(next_message(&mut events).await.payload, format!("{number}").as_bytes());
    }
    let frames = relay.frames_received() - frames_before;
    // One frame for the batch (with the marker, or the marker alone): a
    // client that flushed per message would have sent 101.
    assert!(frames <= 2, "{frames} frames for 101 messages");
}
