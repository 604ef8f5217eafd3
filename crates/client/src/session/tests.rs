//! Session rules, checked without a network: the outbox records packets,
//! completions are plain numbers.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use mqtt_proto::{
    EncodeError, Packet, PacketId, ProtocolVersion, PubAck, PubAckReasonCode, PubComp, PubRec,
    PubRel, PubRelReasonCode, Publish, QoS, SubAck, SubAckReasonCode, Subscribe,
    SubscriptionOptions, Topic, TopicFilter, UnsubAck, Unsubscribe,
};

use crate::session::{Expired, Incoming, Outbox, Session, SessionConfig};

#[derive(Default)]
struct Recorder(Vec<Packet>);

impl Outbox for Recorder {
    fn send(&mut self, packet: &Packet) -> Result<(), EncodeError> {
        self.0.push(packet.clone());
        Ok(())
    }
}

impl Recorder {
    fn take(&mut self) -> Vec<Packet> {
        std::mem::take(&mut self.0)
    }
}

fn id(value: u16) -> PacketId {
    PacketId::new(value).unwrap()
}

fn config(version: ProtocolVersion, max_inflight: u16) -> SessionConfig {
    SessionConfig {
        version,
        max_inflight,
        receive_maximum: 10,
        topic_alias_maximum: 4,
        ack_timeout: Some(Duration::from_secs(30)),
    }
}

/// A connected session; `server_receive_maximum` caps the window.
fn session(
    version: ProtocolVersion,
    max_inflight: u16,
    server_receive_maximum: u16,
) -> Session<u32, u32> {
    let now = Instant::now();
    let mut session = Session::new(config(version, max_inflight), now);
    let undelivered = session.on_connected(
        false,
        server_receive_maximum,
        Duration::from_secs(10),
        None,
        now,
        &mut Recorder::default(),
    );
    assert!(undelivered.is_empty());
    session
}

fn message(qos: QoS, payload: &'static str) -> Publish {
    let mut publish = Publish::new(Topic::from_static("t"), payload);
    publish.qos = qos;
    publish
}

fn sent_publish_id(packet: &Packet) -> u16 {
    match packet {
        Packet::Publish(publish) => publish.packet_id.expect("QoS > 0 has an id").get(),
        other => panic!("expected PUBLISH, got {other:?}"),
    }
}

fn published(incoming: Incoming<u32, u32>) -> (Option<u32>, u8) {
    match incoming {
        Incoming::Published { done, outcome } => (done, outcome.reason_code),
        other => panic!("expected a completed publish, got {other:?}"),
    }
}

#[test]
fn qos1_gets_an_id_and_completes_on_puback() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    session.publish(message(QoS::AtLeastOnce, "a"), Some(7), Instant::now(), &mut out).unwrap();
    let sent = out.take();
    assert_eq!(sent.len(), 1);
    let packet_id = sent_publish_id(&sent[0]);
    assert_eq!(session.in_flight(), 1);
    let mut ack = PubAck::new(id(packet_id));
    ack.reason_code = PubAckReasonCode::NoMatchingSubscribers;
    let done = published(session.handle(Packet::PubAck(ack), Instant::now(), &mut out).unwrap());
    assert_eq!(done, (Some(7), 0x10), "the v5 reason code is reported");
    assert_eq!(session.in_flight(), 0);
    assert!(out.take().is_empty(), "nothing answers a PUBACK");
}

#[test]
fn qos0_is_sent_without_an_id_or_slot() {
    let mut session = session(ProtocolVersion::V3_1_1, 1, 100);
    let mut out = Recorder::default();
    for _ in 0..5 {
        session.publish(message(QoS::AtMostOnce, "x"), None, Instant::now(), &mut out).unwrap();
    }
    let sent = out.take();
    assert_eq!(sent.len(), 5, "QoS 0 ignores the window");
    assert!(sent
        .iter()
        .all(|packet| matches!(packet, Packet::Publish(p) if p.packet_id.is_none())));
    assert_eq!(session.in_flight(), 0);
}

#[test]
fn window_is_the_smaller_of_user_and_broker_receive_maximum_and_queues_in_order() {
    let mut session = session(ProtocolVersion::V5, 10, 2);
    let mut out = Recorder::default();
    for number in 0..4u32 {
        session
            .publish(message(QoS::AtLeastOnce, "m"), Some(number), Instant::now(), &mut out)
            .unwrap();
    }
    let sent = out.take();
    assert_eq!(sent.len(), 2, "broker Receive Maximum 2 caps the window");
    assert!(!session.accepts_commands(), "messages wait for the window");
    // Ack the second first: one slot frees, the third message goes out.
    let second = sent_publish_id(&sent[1]);
    let done = published(
        session.handle(Packet::PubAck(PubAck::new(id(second))), Instant::now(), &mut out).unwrap(),
    );
    assert_eq!(done.0, Some(1));
    let sent_next = out.take();
    assert_eq!(sent_next.len(), 1);
    assert_eq!(session.in_flight(), 2);
    let first = sent_publish_id(&sent[0]);
    published(
        session.handle(Packet::PubAck(PubAck::new(id(first))), Instant::now(), &mut out).unwrap(),
    );
    assert_eq!(out.take().len(), 1, "the fourth message follows");
    assert!(session.accepts_commands());
}

#[test]
fn ids_are_never_reused_while_in_flight_under_out_of_order_acks() {
    let mut session = session(ProtocolVersion::V3_1_1, 50, u16::MAX);
    let mut out = Recorder::default();
    let mut in_flight: Vec<u16> = Vec::new();
    let mut seen = HashSet::new();
    let mut state = 12345u32;
    for number in 0..5000u32 {
        session
            .publish(message(QoS::AtLeastOnce, "m"), Some(number), Instant::now(), &mut out)
            .unwrap();
        for packet in out.take() {
            let packet_id = sent_publish_id(&packet);
            assert!(!in_flight.contains(&packet_id), "id {packet_id} reused while in flight");
            in_flight.push(packet_id);
            seen.insert(packet_id);
        }
        // Ack a pseudo-random in-flight message now and then.
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        if in_flight.len() == 50 || state.is_multiple_of(3) {
            let index = (state >> 8) as usize % in_flight.len();
            let packet_id = in_flight.swap_remove(index);
            let incoming = session
                .handle(Packet::PubAck(PubAck::new(id(packet_id))), Instant::now(), &mut out)
                .unwrap();
            published(incoming);
        }
    }
    assert!(seen.len() > 4000, "ids advance through the space instead of being recycled at once");
}

#[test]
fn qos2_outbound_exchange_and_failed_pubrec() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    session.publish(message(QoS::ExactlyOnce, "a"), Some(1), Instant::now(), &mut out).unwrap();
    session.publish(message(QoS::ExactlyOnce, "b"), Some(2), Instant::now(), &mut out).unwrap();
    let sent = out.take();
    let (first, second) = (sent_publish_id(&sent[0]), sent_publish_id(&sent[1]));
    let incoming =
        session.handle(Packet::PubRec(PubRec::new(id(first))), Instant::now(), &mut out).unwrap();
    assert!(matches!(incoming, Incoming::Nothing));
    assert_eq!(out.take(), vec![Packet::PubRel(PubRel::new(id(first)))]);
    // A duplicate PUBREC is answered again.
    session.handle(Packet::PubRec(PubRec::new(id(first))), Instant::now(), &mut out).unwrap();
    assert_eq!(out.take(), vec![Packet::PubRel(PubRel::new(id(first)))]);
    let done = published(
        session.handle(Packet::PubComp(PubComp::new(id(first))), Instant::now(), &mut out).unwrap(),
    );
    assert_eq!(done, (Some(1), 0));
    // A failure code in PUBREC ends the exchange: no PUBREL.
    let mut refused = PubRec::new(id(second));
    refused.reason_code = PubAckReasonCode::QuotaExceeded;
    let done =
        published(session.handle(Packet::PubRec(refused), Instant::now(), &mut out).unwrap());
    assert_eq!(done, (Some(2), 0x97));
    assert!(out.take().is_empty());
    assert_eq!(session.in_flight(), 0);
}

#[test]
fn unknown_pubrec_is_answered_with_identifier_not_found() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    session.handle(Packet::PubRec(PubRec::new(id(99))), Instant::now(), &mut out).unwrap();
    let mut expected = PubRel::new(id(99));
    expected.reason_code = PubRelReasonCode::PacketIdentifierNotFound;
    assert_eq!(out.take(), vec![Packet::PubRel(expected)]);
    // Unknown PUBACK/PUBCOMP are ignored.
    let incoming =
        session.handle(Packet::PubAck(PubAck::new(id(5))), Instant::now(), &mut out).unwrap();
    assert!(matches!(incoming, Incoming::Nothing));
}

#[test]
fn inbound_acks_go_out_in_arrival_order() {
    let mut session = session(ProtocolVersion::V3_1_1, 10, 100);
    let mut out = Recorder::default();
    for (packet_id, qos) in [(3, QoS::AtLeastOnce), (1, QoS::ExactlyOnce), (2, QoS::AtLeastOnce)] {
        let mut publish = message(qos, "in");
        publish.packet_id = Some(id(packet_id));
        assert!(matches!(
            session.handle(Packet::Publish(publish), Instant::now(), &mut out).unwrap(),
            Incoming::Message(_)
        ));
    }
    assert_eq!(
        out.take(),
        vec![
            Packet::PubAck(PubAck::new(id(3))),
            Packet::PubRec(PubRec::new(id(1))),
            Packet::PubAck(PubAck::new(id(2))),
        ]
    );
}

#[test]
fn inbound_qos2_is_delivered_once_until_released() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    let mut publish = message(QoS::ExactlyOnce, "once");
    publish.packet_id = Some(id(7));
    let first = session.handle(Packet::Publish(publish.clone()), Instant::now(), &mut out).unwrap();
    assert!(matches!(first, Incoming::Message(_)));
    publish.dup = true;
    let again = session.handle(Packet::Publish(publish.clone()), Instant::now(), &mut out).unwrap();
    assert!(matches!(again, Incoming::Nothing), "duplicate before PUBREL is not delivered");
    assert_eq!(
        out.take(),
        vec![Packet::PubRec(PubRec::new(id(7))), Packet::PubRec(PubRec::new(id(7)))]
    );
    session.handle(Packet::PubRel(PubRel::new(id(7))), Instant::now(), &mut out).unwrap();
    assert_eq!(out.take(), vec![Packet::PubComp(PubComp::new(id(7)))]);
    // After PUBREL the id is free: the next PUBLISH with it is a new message.
    publish.dup = false;
    let next = session.handle(Packet::Publish(publish), Instant::now(), &mut out).unwrap();
    assert!(matches!(next, Incoming::Message(_)));
}

#[test]
fn resumed_session_resends_in_order_with_dup_and_pubrel() {
    let now = Instant::now();
    let mut session: Session<u32, u32> = session(ProtocolVersion::V3_1_1, 10, 100);
    let mut out = Recorder::default();
    session.publish(message(QoS::AtLeastOnce, "one"), Some(1), Instant::now(), &mut out).unwrap();
    session.publish(message(QoS::ExactlyOnce, "two"), Some(2), Instant::now(), &mut out).unwrap();
    session.publish(message(QoS::ExactlyOnce, "three"), Some(3), Instant::now(), &mut out).unwrap();
    let ids: Vec<u16> = out.take().iter().map(sent_publish_id).collect();
    session.handle(Packet::PubRec(PubRec::new(id(ids[1]))), now, &mut out).unwrap();
    out.take();
    assert!(session.on_link_lost().is_empty());
    let undelivered = session.on_connected(true, 100, Duration::from_secs(10), None, now, &mut out);
    assert!(undelivered.is_empty());
    let resent = out.take();
    assert_eq!(resent.len(), 3);
    match &resent[0] {
        Packet::Publish(publish) => assert!(publish.dup && &publish.payload[..] == b"one"),
        other => panic!("{other:?}"),
    }
    assert_eq!(resent[1], Packet::PubRel(PubRel::new(id(ids[1]))));
    match &resent[2] {
        Packet::Publish(publish) => {
            assert!(publish.dup && &publish.payload[..] == b"three");
            assert_eq!(publish.packet_id, Some(id(ids[2])), "original id kept");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn lost_session_reports_unconfirmed_messages_in_order_and_resends_nothing() {
    let now = Instant::now();
    let mut session: Session<u32, u32> = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    for (number, payload) in [(1, "a"), (2, "b"), (3, "c")] {
        session
            .publish(message(QoS::AtLeastOnce, payload), Some(number), Instant::now(), &mut out)
            .unwrap();
    }
    out.take();
    let undelivered =
        session.on_connected(false, 100, Duration::from_secs(10), None, now, &mut out);
    let order: Vec<(Option<u32>, &[u8])> =
        undelivered.iter().map(|(publish, done)| (*done, &publish.payload[..])).collect();
    assert_eq!(order, vec![(Some(1), &b"a"[..]), (Some(2), &b"b"[..]), (Some(3), &b"c"[..])]);
    assert!(out.take().is_empty(), "nothing is resent silently");
    assert_eq!(session.in_flight(), 0);
}

#[test]
fn topic_aliases_are_resolved_and_checked() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    let mut first = Publish::new(Topic::from_static("long/topic/name"), "1");
    first.properties.set_topic_alias(2);
    session.handle(Packet::Publish(first), Instant::now(), &mut out).unwrap();
    let mut aliased = Publish::new(Topic::empty(), "2");
    aliased.properties.set_topic_alias(2);
    match session.handle(Packet::Publish(aliased), Instant::now(), &mut out).unwrap() {
        Incoming::Message(publish) => assert_eq!(publish.topic.as_str(), "long/topic/name"),
        other => panic!("{other:?}"),
    }
    let mut unknown = Publish::new(Topic::empty(), "3");
    unknown.properties.set_topic_alias(3);
    let violation = session.handle(Packet::Publish(unknown), Instant::now(), &mut out).unwrap_err();
    assert!(violation.message.contains("never set"), "{violation:?}");
    let mut too_big = Publish::new(Topic::from_static("x"), "4");
    too_big.properties.set_topic_alias(5);
    let violation = session.handle(Packet::Publish(too_big), Instant::now(), &mut out).unwrap_err();
    assert_eq!(violation.reason, mqtt_proto::DisconnectReasonCode::TopicAliasInvalid);
}

#[test]
fn subscribe_and_unsubscribe_are_matched_to_their_acks() {
    let mut session = session(ProtocolVersion::V3_1_1, 10, 100);
    let mut out = Recorder::default();
    let filters = vec![
        (TopicFilter::from_static("a/#"), SubscriptionOptions::new(QoS::AtLeastOnce)),
        (TopicFilter::from_static("b/+"), SubscriptionOptions::new(QoS::ExactlyOnce)),
    ];
    session.subscribe(Subscribe::new(id(1), filters), 40, Instant::now(), &mut out).ok().unwrap();
    let subscribe_id = match &out.take()[0] {
        Packet::Subscribe(subscribe) => subscribe.packet_id,
        other => panic!("{other:?}"),
    };
    let ack = SubAck {
        packet_id: subscribe_id,
        reason_codes: vec![SubAckReasonCode::GrantedQoS1, SubAckReasonCode::UnspecifiedError],
        properties: Default::default(),
    };
    match session.handle(Packet::SubAck(ack.clone()), Instant::now(), &mut out).unwrap() {
        Incoming::SubAck { done, ack } => {
            assert_eq!(done, 40);
            assert_eq!(ack.reason_codes[1], SubAckReasonCode::UnspecifiedError);
        }
        other => panic!("{other:?}"),
    }
    // The same SUBACK again is not pending any more.
    assert!(session.handle(Packet::SubAck(ack), Instant::now(), &mut out).is_err());
    session
        .unsubscribe(
            Unsubscribe::new(id(1), vec![TopicFilter::from_static("a/#")]),
            41,
            Instant::now(),
            &mut out,
        )
        .ok()
        .unwrap();
    let unsubscribe_id = match &out.take()[0] {
        Packet::Unsubscribe(unsubscribe) => unsubscribe.packet_id,
        other => panic!("{other:?}"),
    };
    let ack = UnsubAck {
        packet_id: unsubscribe_id,
        reason_codes: Vec::new(),
        properties: Default::default(),
    };
    match session.handle(Packet::UnsubAck(ack), Instant::now(), &mut out).unwrap() {
        Incoming::UnsubAck { done, ack } => {
            assert_eq!(done, 41);
            assert_eq!(ack.reason_codes.len(), 1, "3.1.1 UNSUBACK reports success per filter");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn suback_with_the_wrong_number_of_codes_is_a_protocol_error() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    let filters = vec![(TopicFilter::from_static("a"), SubscriptionOptions::new(QoS::AtMostOnce))];
    session.subscribe(Subscribe::new(id(1), filters), 1, Instant::now(), &mut out).ok().unwrap();
    let packet_id = match &out.take()[0] {
        Packet::Subscribe(subscribe) => subscribe.packet_id,
        other => panic!("{other:?}"),
    };
    let ack = SubAck { packet_id, reason_codes: vec![], properties: Default::default() };
    let violation = session.handle(Packet::SubAck(ack), Instant::now(), &mut out).unwrap_err();
    assert!(violation.message.contains("0 reason codes for 1"), "{violation:?}");
}

#[test]
fn server_only_packets_from_the_broker_are_violations() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let violation =
        session.handle(Packet::PingReq, Instant::now(), &mut Recorder::default()).unwrap_err();
    assert!(violation.message.contains("PINGREQ"), "{violation:?}");
}

#[test]
fn keep_alive_pings_when_idle_and_declares_a_silent_link_dead() {
    let start = Instant::now();
    let mut session: Session<u32, u32> = Session::new(config(ProtocolVersion::V5, 10), start);
    let mut out = Recorder::default();
    session.on_connected(
        false,
        100,
        Duration::from_secs(2),
        Some(Duration::from_secs(3)),
        start,
        &mut out,
    );
    assert_eq!(session.next_deadline(), Some(start + Duration::from_secs(2)));
    session.poll_timers(start + Duration::from_secs(1), &mut out).unwrap();
    assert!(out.take().is_empty());
    session.poll_timers(start + Duration::from_secs(2), &mut out).unwrap();
    assert_eq!(out.take(), vec![Packet::PingReq]);
    assert_eq!(
        session.poll_timers(start + Duration::from_secs(3), &mut out),
        Err(Expired::KeepAlive(Duration::from_secs(3)))
    );
}

#[test]
fn pending_requests_fail_when_the_link_is_lost() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    let filters = vec![(TopicFilter::from_static("a"), SubscriptionOptions::new(QoS::AtMostOnce))];
    session.subscribe(Subscribe::new(id(1), filters), 9, Instant::now(), &mut out).ok().unwrap();
    assert_eq!(session.on_link_lost(), vec![9]);
    assert!(session.on_link_lost().is_empty());
}

#[test]
fn a_message_waiting_for_a_free_identifier_leaves_on_suback() {
    let mut session = session(ProtocolVersion::V5, 10, 100);
    let mut out = Recorder::default();
    // Every packet identifier taken by an outstanding SUBSCRIBE.
    for request in 0..u32::from(u16::MAX) {
        let filters =
            vec![(TopicFilter::from_static("a"), SubscriptionOptions::new(QoS::AtMostOnce))];
        session
            .subscribe(Subscribe::new(id(1), filters), request, Instant::now(), &mut out)
            .ok()
            .unwrap();
    }
    let first_subscribe = match &out.take()[0] {
        Packet::Subscribe(subscribe) => subscribe.packet_id,
        other => panic!("{other:?}"),
    };
    session
        .publish(message(QoS::AtLeastOnce, "waits"), Some(7), Instant::now(), &mut out)
        .ok()
        .unwrap();
    assert!(out.take().is_empty(), "no identifier is free: the message waits");
    assert!(!session.accepts_commands());
    let ack = SubAck {
        packet_id: first_subscribe,
        reason_codes: vec![SubAckReasonCode::GrantedQoS0],
        properties: Default::default(),
    };
    assert!(matches!(
        session.handle(Packet::SubAck(ack), Instant::now(), &mut out).unwrap(),
        Incoming::SubAck { .. }
    ));
    match &out.take()[..] {
        [Packet::Publish(publish)] => assert_eq!(publish.packet_id, Some(first_subscribe)),
        other => panic!("expected the waiting PUBLISH, got {other:?}"),
    }
    assert!(session.accepts_commands());
}

#[test]
fn an_ack_of_the_wrong_kind_is_a_protocol_violation() {
    let puback = |packet_id| Packet::PubAck(PubAck::new(packet_id));
    let pubrec = |packet_id| Packet::PubRec(PubRec::new(packet_id));
    let pubcomp = |packet_id| Packet::PubComp(PubComp::new(packet_id));
    type Ack = fn(PacketId) -> Packet;
    let cases: [(QoS, Ack, &str); 4] = [
        (
            QoS::ExactlyOnce,
            puback,
            "PUBACK for packet 1, which was a QoS 2 PUBLISH: the broker must answer PUBREC",
        ),
        (QoS::ExactlyOnce, pubcomp, "PUBCOMP for packet 1, which was a QoS 2 PUBLISH"),
        (
            QoS::AtLeastOnce,
            pubrec,
            "PUBREC for packet 1, which was a QoS 1 PUBLISH: the broker must answer PUBACK",
        ),
        (QoS::AtLeastOnce, pubcomp, "PUBCOMP for packet 1, which was a QoS 1 PUBLISH"),
    ];
    for (qos, ack, expected) in cases {
        let mut session = session(ProtocolVersion::V3_1_1, 10, 100);
        let mut out = Recorder::default();
        session.publish(message(qos, "a"), Some(1), Instant::now(), &mut out).unwrap();
        let packet_id = id(sent_publish_id(&out.take()[0]));
        let violation = session.handle(ack(packet_id), Instant::now(), &mut out).unwrap_err();
        assert!(violation.message.starts_with(expected), "{violation:?}");
    }
    // An ack for an identifier not in flight is stale, not a violation.
    let mut session = session(ProtocolVersion::V3_1_1, 10, 100);
    let incoming = session.handle(puback(id(9)), Instant::now(), &mut Recorder::default());
    assert!(matches!(incoming, Ok(Incoming::Nothing)));
}

#[test]
fn a_broker_that_stops_acknowledging_is_timed_out() {
    let start = Instant::now();
    let mut session: Session<u32, u32> = Session::new(config(ProtocolVersion::V5, 10), start);
    let mut out = Recorder::default();
    session.on_connected(false, 100, Duration::ZERO, None, start, &mut out);
    assert_eq!(session.next_deadline(), None, "nothing awaited, no keep-alive");
    session.publish(message(QoS::AtLeastOnce, "a"), Some(1), start, &mut out).unwrap();
    session.publish(message(QoS::AtLeastOnce, "b"), Some(2), start, &mut out).unwrap();
    let first = id(sent_publish_id(&out.take()[0]));
    let later = start + Duration::from_secs(20);
    session.handle(Packet::PubAck(PubAck::new(first)), later, &mut out).unwrap();
    assert_eq!(session.next_deadline(), Some(later + Duration::from_secs(30)));
    session.poll_timers(later + Duration::from_secs(29), &mut out).unwrap();
    let expired = session.poll_timers(later + Duration::from_secs(30), &mut out).unwrap_err();
    assert_eq!(
        expired,
        Expired::Ack { waited: Duration::from_secs(30), awaiting: "PUBACK for packet 2".into() }
    );
}
