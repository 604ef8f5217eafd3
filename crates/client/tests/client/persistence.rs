//! A persistent session survives a broker restart in the middle of a
//! stream: QoS 1 loses nothing; QoS 2 loses nothing and never delivers a
//! message twice while its exchange is open. Payloads carry sequence
//! numbers; both clients journal their QoS packets through the trace hook.
//!
//! mosquitto 2.0.11 restores a session from its last snapshot, which can be
//! older than the end of a QoS 2 exchange: it then re-sends, as a DUP
//! PUBLISH, a message whose exchange the subscriber already completed. The
//! identifier is free again at that point, so any client must deliver it as
//! new; the journal proves each such duplicate was of that kind.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mqtt_client::{
    ConnectOptions, Direction, Event, Packet, ProtocolVersion, QoS, ReconnectPolicy,
};
use mqtt_test_support::Mosquitto;

use crate::support::{self, connect_with, guard, message, named, next_event, subscribe};

/// Confirmed messages before the restart, and again after it.
const STRETCH: u32 = 200;

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

/// One QoS exchange packet seen by a client's trace hook.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    who: &'static str,
    direction: Direction,
    kind: &'static str,
    packet_id: Option<u16>,
    dup: bool,
    payload: Option<String>,
}

type Journal = Arc<Mutex<Vec<Entry>>>;

/// A trace hook that records the packets of the QoS exchanges.
fn journal_hook(who: &'static str, journal: Journal) -> mqtt_client::Trace {
    Arc::new(move |direction, packet| {
        let (kind, packet_id, dup, payload) = match packet {
            Packet::Publish(publish) => (
                "PUBLISH",
                publish.packet_id.map(|id| id.get()),
                publish.dup,
                Some(String::from_utf8_lossy(&publish.payload).into_owned()),
            ),
            Packet::PubAck(ack) => ("PUBACK", Some(ack.packet_id.get()), false, None),
            Packet::PubRec(ack) => ("PUBREC", Some(ack.packet_id.get()), false, None),
            Packet::PubRel(ack) => ("PUBREL", Some(ack.packet_id.get()), false, None),
            Packet::PubComp(ack) => ("PUBCOMP", Some(ack.packet_id.get()), false, None),
            Packet::Connect(_) => ("CONNECT", None, false, None),
            Packet::ConnAck(_) => ("CONNACK", None, false, None),
            _ => return,
        };
        let entry = Entry { who, direction, kind, packet_id, dup, payload };
        journal.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(entry);
    })
}

/// Checks that every message the subscriber delivered twice was made a
/// duplicate by the broker, not by our client:
/// * the same identifier twice: the broker re-sent it after the
///   subscriber had completed the exchange (PUBCOMP sent), when the
///   identifier was free and the PUBLISH had to be taken as new;
/// * two identifiers: the broker forwarded two copies, although our
///   publisher re-sent the PUBLISH only before its PUBREC arrived (with DUP
///   and the same identifier, which the broker should have recognised).
///
/// mosquitto 2.0.11 does both when it restores a session from a snapshot
/// older than the exchange's end. A duplicate our client caused fails.
fn check_duplicates_are_the_brokers(tag: &str, journal: &[Entry], duplicated: &[u32]) {
    for number in duplicated {
        let text = number.to_string();
        let carries = |entry: &Entry, who: &str| {
            entry.who == who
                && entry.kind == "PUBLISH"
                && entry.payload.as_deref() == Some(text.as_str())
        };
        let received: Vec<usize> =
            (0..journal.len()).filter(|&index| carries(&journal[index], "sub")).collect();
        let (first, last) = (received[0], *received.last().unwrap());
        let (first_id, last_id) = (journal[first].packet_id, journal[last].packet_id);
        let is =
            |entry: &Entry, who: &str, direction: Direction, kind: &str, packet_id: Option<u16>| {
                entry.who == who
                    && entry.direction == direction
                    && entry.kind == kind
                    && entry.packet_id == packet_id
            };
        let brokers_fault = if first_id == last_id {
            journal[first..last]
                .iter()
                .any(|entry| is(entry, "sub", Direction::Sent, "PUBCOMP", first_id))
        } else {
            // Our publisher never re-sent it after its PUBREC arrived.
            let sent: Vec<usize> =
                (0..journal.len()).filter(|&index| carries(&journal[index], "pub")).collect();
            let publisher_id = journal[sent[0]].packet_id;
            let acknowledged = (0..journal.len()).find(|&index| {
                is(&journal[index], "pub", Direction::Received, "PUBREC", publisher_id)
            });
            sent.iter().all(|&index| acknowledged.is_none_or(|acked| index < acked))
        };
        let exchange: Vec<&Entry> = journal
            .iter()
            .filter(|entry| {
                entry.kind.starts_with("CONN")
                    || entry.payload.as_deref() == Some(text.as_str())
                    || (entry.who == "sub"
                        && (entry.packet_id == first_id || entry.packet_id == last_id))
            })
            .collect();
        assert!(brokers_fault, "{tag}: our client duplicated message {number}:\n{exchange:#?}");
        eprintln!("{tag}: mosquitto delivered message {number} twice after restoring a stale session snapshot");
    }
}

async fn survives_restart(version: ProtocolVersion, qos: QoS) {
    // mosquitto keeps at most 1000 queued QoS 1/2 messages per client by
    // default and drops the rest; while the subscriber reconnects after the
    // restart the publisher can get further ahead than that.
    let mut broker =
        Mosquitto::builder().persistence(true).config("max_queued_messages 100000").start();
    let tag = format!("{}-{}", version.level(), qos.level());
    let topic_text = format!("seq/{tag}");
    // Both clients log what they exchange, for the failure message.
    let journal: Journal = Arc::default();
    let mut subscriber_options = persistent(broker.port(), version, &format!("sub-{tag}"));
    subscriber_options.trace = Some(journal_hook("sub", journal.clone()));
    let (subscriber, mut events) = connect_with(subscriber_options).await;
    subscribe(&subscriber, &topic_text, qos).await;
    // Count what the publisher resends after the restart: PUBLISH with DUP,
    // and PUBREL beyond one per QoS 2 message.
    let resent = Arc::new(AtomicU32::new(0));
    let pubrels = Arc::new(AtomicU32::new(0));
    let mut publisher_options = persistent(broker.port(), version, &format!("pub-{tag}"));
    let (dups, releases) = (resent.clone(), pubrels.clone());
    let publisher_journal = journal_hook("pub", journal.clone());
    publisher_options.trace = Some(Arc::new(move |direction, packet| {
        publisher_journal(direction, packet);
        match (direction, packet) {
            (Direction::Sent, Packet::Publish(publish)) if publish.dup => {
                dups.fetch_add(1, Ordering::SeqCst);
            }
            (Direction::Sent, Packet::PubRel(_)) => {
                releases.fetch_add(1, Ordering::SeqCst);
            }
            _ => {}
        }
    }));
    let (publisher, mut publisher_events) = connect_with(publisher_options).await;
    // The publisher streams until told to stop and reports how many
    // messages the broker confirmed: the restart comes once a stretch is
    // confirmed, and the stream goes on until another stretch is confirmed
    // after it, so the restart always cuts through a full in-flight window.
    let (confirmed_sender, mut confirmed) = tokio::sync::watch::channel(0u32);
    let stop = Arc::new(AtomicBool::new(false));
    let (sender, stream_topic, stopped) = (publisher.clone(), topic_text.clone(), stop.clone());
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
        let mut number = 0u32;
        while !stopped.load(Ordering::SeqCst) {
            let outgoing = message(&stream_topic, number.to_string(), qos);
            handles.send(sender.publish(outgoing).await.expect("queued")).expect("waiter alive");
            number += 1;
        }
        drop(handles);
        waiter.await.expect("waiter")
    });
    guard(confirmed.wait_for(|count| *count >= STRETCH)).await.expect("publisher alive");
    tokio::task::block_in_place(|| broker.restart());
    let before = *confirmed.borrow();
    guard(confirmed.wait_for(|count| *count >= before + STRETCH)).await.expect("publisher alive");
    stop.store(true, Ordering::SeqCst);
    let outcomes = guard(publishing).await.unwrap();
    let total = outcomes.len() as u32;
    for (number, outcome) in outcomes.into_iter().enumerate() {
        let outcome = outcome
            .unwrap_or_else(|error| panic!("{tag}: message {number} not confirmed: {error}"));
        assert!(outcome.is_success(), "{tag}: message {number}: {outcome:?}");
    }

    let mut seen: BTreeMap<u32, u32> = BTreeMap::new();
    let mut resumed = false;
    while seen.len() < total as usize {
        let event = match tokio::time::timeout(support::GUARD, events.recv()).await {
            Ok(Some(event)) => event,
            other => {
                let journal = journal.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                let tail = &journal[journal.len().saturating_sub(80)..];
                let log = broker.log();
                let log_tail: Vec<&str> = log.lines().rev().take(80).collect();
                panic!(
                    "{tag}: stalled ({other:?}) after {} of {total} messages; last packets:\n{tail:#?}\nbroker log, newest first:\n{log_tail:#?}",
                    seen.len()
                )
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
    // Anything resent after the restart arrives before this marker.
    support::publish_confirmed(&publisher, message(&topic_text, "end", qos)).await;
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
        if qos == QoS::ExactlyOnce { pubrels.load(Ordering::SeqCst) - (total + 1) } else { 0 };
    assert!(
        resent.load(Ordering::SeqCst) + extra_pubrels > 0,
        "{tag}: the restart left messages to resend"
    );
    assert_eq!(seen.len(), total as usize, "{tag}: every sequence number arrived");
    if qos == QoS::ExactlyOnce {
        let duplicated: Vec<u32> =
            seen.iter().filter(|(_, count)| **count > 1).map(|(number, _)| *number).collect();
        let journal = journal.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        check_duplicates_are_the_brokers(&tag, &journal, &duplicated);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v5_qos1_loses_nothing_across_a_broker_restart() {
    survives_restart(ProtocolVersion::V5, QoS::AtLeastOnce).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v5_qos2_loses_nothing_and_never_redelivers_an_unreleased_message() {
    survives_restart(ProtocolVersion::V5, QoS::ExactlyOnce).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v311_qos1_loses_nothing_across_a_broker_restart() {
    survives_restart(ProtocolVersion::V3_1_1, QoS::AtLeastOnce).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v311_qos2_loses_nothing_and_never_redelivers_an_unreleased_message() {
    survives_restart(ProtocolVersion::V3_1_1, QoS::ExactlyOnce).await;
}
