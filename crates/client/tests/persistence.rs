//! A persistent session survives a broker restart in the middle of a
//! stream: QoS 1 loses nothing, QoS 2 loses and duplicates nothing.
//! Payloads carry sequence numbers.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{connect_with, guard, message, named, next_event, subscribe};
use mqtt_client::{
    ConnectOptions, Direction, Event, Packet, ProtocolVersion, QoS, ReconnectPolicy,
};
use mqtt_test_support::Mosquitto;

const MESSAGES: u32 = 2000;

fn persistent(port: u16, version: ProtocolVersion, client_id: &str) -> ConnectOptions {
    let mut options = named(port, version, client_id);
    options.clean_start = false;
    options.session_expiry = Some(3600);
    options.reconnect = Some(ReconnectPolicy {
        min_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(500),
        max_attempts: None,
    });
    options
}

async fn survives_restart(version: ProtocolVersion, qos: QoS) {
    let mut broker = Mosquitto::builder().persistence(true).start();
    let tag = format!("{}-{}", version.level(), qos.level());
    let topic_text = format!("seq/{tag}");
    let (subscriber, mut events) =
        connect_with(persistent(broker.port(), version, &format!("sub-{tag}"))).await;
    subscribe(&subscriber, &topic_text, qos).await;
    // Count what the publisher resends after the restart: PUBLISH with DUP,
    // and PUBREL beyond one per QoS 2 message.
    let resent = Arc::new(AtomicU32::new(0));
    let pubrels = Arc::new(AtomicU32::new(0));
    let mut publisher_options = persistent(broker.port(), version, &format!("pub-{tag}"));
    let (dups, releases) = (resent.clone(), pubrels.clone());
    publisher_options.trace = Some(Arc::new(move |direction, packet| match (direction, packet) {
        (Direction::Sent, Packet::Publish(publish)) if publish.dup => {
            dups.fetch_add(1, Ordering::SeqCst);
        }
        (Direction::Sent, Packet::PubRel(_)) => {
            releases.fetch_add(1, Ordering::SeqCst);
        }
        _ => {}
    }));
    let (publisher, mut publisher_events) = connect_with(publisher_options).await;
    // The publisher reports how many messages the broker confirmed, so the
    // restart lands while it still has messages in flight.
    let (confirmed_sender, mut confirmed) = tokio::sync::watch::channel(0u32);
    let sender = publisher.clone();
    let stream_topic = topic_text.clone();
    let publishing = tokio::spawn(async move {
        let (handles, mut pending) = tokio::sync::mpsc::unbounded_channel();
        let waiter = tokio::spawn(async move {
            let mut outcomes = Vec::new();
            while let Some(handle) = pending.recv().await {
                let handle: mqtt_client::PublishHandle = handle;
                outcomes.push(handle.await);
                confirmed_sender.send_modify(|count| *count += 1);
            }
            outcomes
        });
        for number in 0..MESSAGES {
            let handle = sender
                .publish(message(&stream_topic, number.to_string(), qos))
                .await
                .expect("queued");
            handles.send(handle).expect("waiter alive");
        }
        drop(handles);
        waiter.await.expect("waiter")
    });
    guard(confirmed.wait_for(|count| *count >= MESSAGES / 10)).await.expect("publisher alive");
    tokio::task::block_in_place(|| broker.restart());
    assert!(*confirmed.borrow() < MESSAGES, "{tag}: the restart came mid-stream");

    let mut seen: BTreeMap<u32, u32> = BTreeMap::new();
    let mut resumed = false;
    while seen.len() < MESSAGES as usize {
        let event = match tokio::time::timeout(common::GUARD, events.recv()).await {
            Ok(Some(event)) => event,
            other => {
                panic!("{tag}: stalled ({other:?}) after {} of {MESSAGES} messages", seen.len())
            }
        };
        match event {
            Event::Message(received) => {
                let number: u32 = std::str::from_utf8(&received.payload).unwrap().parse().unwrap();
                *seen.entry(number).or_default() += 1;
            }
            Event::Disconnected { .. } => {}
            Event::Reconnected { session_present, undelivered, .. } => {
                assert!(session_present, "mosquitto kept the session");
                assert!(undelivered.is_empty());
                resumed = true;
            }
        }
    }
    for (number, outcome) in guard(publishing).await.unwrap().into_iter().enumerate() {
        let outcome = outcome
            .unwrap_or_else(|error| panic!("{tag}: message {number} not confirmed: {error}"));
        assert!(outcome.is_success(), "{tag}: message {number}: {outcome:?}");
    }
    // Anything resent after the restart arrives before this marker.
    common::publish_confirmed(&publisher, message(&topic_text, "end", qos)).await;
    loop {
        match next_event(&mut events).await {
            Event::Message(received) if &received.payload[..] == b"end" => break,
            Event::Message(received) => {
                let number: u32 = std::str::from_utf8(&received.payload).unwrap().parse().unwrap();
                *seen.entry(number).or_default() += 1;
            }
            other => panic!("{tag}: unexpected {other:?}"),
        }
    }
    assert!(resumed, "{tag}: the subscriber reconnected with its session");
    match next_event(&mut publisher_events).await {
        Event::Disconnected { .. } => {}
        other => panic!("{tag}: publisher: {other:?}"),
    }
    match next_event(&mut publisher_events).await {
        Event::Reconnected { session_present: true, .. } => {}
        other => panic!("{tag}: publisher: {other:?}"),
    }
    let extra_pubrels =
        if qos == QoS::ExactlyOnce { pubrels.load(Ordering::SeqCst) - (MESSAGES + 1) } else { 0 };
    assert!(
        resent.load(Ordering::SeqCst) + extra_pubrels > 0,
        "{tag}: the restart left messages to resend"
    );
    assert_eq!(seen.len(), MESSAGES as usize, "{tag}: every sequence number arrived");
    if qos == QoS::ExactlyOnce {
        let duplicated: Vec<_> = seen.iter().filter(|(_, count)| **count > 1).collect();
        assert!(duplicated.is_empty(), "{tag}: QoS 2 duplicates {duplicated:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v5_qos1_loses_nothing_across_a_broker_restart() {
    survives_restart(ProtocolVersion::V5, QoS::AtLeastOnce).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v5_qos2_loses_and_duplicates_nothing_across_a_broker_restart() {
    survives_restart(ProtocolVersion::V5, QoS::ExactlyOnce).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v311_qos1_loses_nothing_across_a_broker_restart() {
    survives_restart(ProtocolVersion::V3_1_1, QoS::AtLeastOnce).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v311_qos2_loses_and_duplicates_nothing_across_a_broker_restart() {
    survives_restart(ProtocolVersion::V3_1_1, QoS::ExactlyOnce).await;
}
