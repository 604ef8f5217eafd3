//! PUBLISH → PUBACK / PUBREC / PUBCOMP timing and the inflight window of
//! one publisher connection, measured on the wire.
//!
//! Policy: the client's packet hook runs on the connection task as each
//! packet is encoded or decoded, so the hook times acknowledgements where
//! they happen, without a future per message and without the delay of
//! waking the publisher. The publisher counts a message as outstanding
//! before handing it to the client; the hook releases it when the final
//! acknowledgement arrives (or a PUBREC refuses it) and wakes the
//! publisher only when it might be waiting for room in the window.
//!
//! QoS 0 has no acknowledgement; there a message is released once the
//! client has encoded it into the socket's write buffer, so a saturating
//! QoS 0 publisher cannot pile thousands of messages into the client's
//! queue and count them as sent.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use mqtt_client::{Direction, Packet, PacketId, Trace};
use tokio::sync::Notify;

use crate::cmd::bench::workers::Registry;
use mqtt_bench::errors::Stage;
use mqtt_bench::payload::PayloadHeader;
use mqtt_bench::recorder::MeasureWindow;
use mqtt_bench::stats::LatencyKind;

/// The measured window, readable from packet hooks; set once the schedule
/// start is known (every publish happens after that).
#[derive(Debug, Default)]
pub struct SharedWindow {
    start_ns: AtomicU64,
    /// `u64::MAX` for an open-ended (`--count`) window.
    end_ns: AtomicU64,
}

impl SharedWindow {
    /// Publishes `window` to the hooks.
    pub fn set(&self, window: MeasureWindow) {
        self.start_ns.store(window.start_ns, Ordering::Release);
        self.end_ns.store(window.end_ns.unwrap_or(u64::MAX), Ordering::Release);
    }

    /// Whether a message intended at `intended_ns` is measured.
    pub fn contains(&self, intended_ns: u64) -> bool {
        intended_ns >= self.start_ns.load(Ordering::Acquire)
            && intended_ns < self.end_ns.load(Ordering::Acquire)
    }
}

/// Packet identifiers are small distinct integers: hashing them is waste.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_u16(&mut self, value: u16) {
        self.0 = u64::from(value);
    }
}

struct Pending {
    sent: Instant,
    measured: bool,
}

/// One publisher connection's outstanding QoS 1/2 messages.
#[derive(Default)]
pub struct AckTracker {
    pending: Mutex<HashMap<u16, Pending, BuildHasherDefault<IdHasher>>>,
    outstanding: AtomicU32,
    /// The window size.
    window: AtomicU32,
    /// A release down to this level wakes a publisher waiting for room.
    resume: AtomicU32,
    freed: Notify,
}

impl AckTracker {
    /// Sets the window and the level at which a waiting publisher is woken:
    /// `window - 1` keeps the window full (QoS 1/2, one wake per ack);
    /// lower levels wake it once per batch (QoS 0, where the window only
    /// bounds the client's queue).
    pub fn set_window(&self, window: u32, resume: u32) {
        self.window.store(window.max(1), Ordering::Relaxed);
        self.resume.store(resume.min(window.max(1) - 1), Ordering::Relaxed);
    }

    /// Messages handed to the client and not yet acknowledged.
    pub fn outstanding(&self) -> u32 {
        self.outstanding.load(Ordering::Acquire)
    }

    /// Whether the window is full.
    pub fn is_full(&self) -> bool {
        self.outstanding() >= self.window.load(Ordering::Relaxed)
    }

    /// Counts one message as outstanding (before it reaches the client, so
    /// its acknowledgement can never be seen first).
    pub fn take_slot(&self) {
        self.outstanding.fetch_add(1, Ordering::AcqRel);
    }

    /// Gives back a slot whose message never reached the client.
    pub fn return_slot(&self) {
        self.release();
    }

    /// Waits until a release might have made room.
    pub async fn room(&self) {
        self.freed.notified().await;
    }

    fn release(&self) {
        let after = self.outstanding.fetch_sub(1, Ordering::AcqRel) - 1;
        if after == self.resume.load(Ordering::Relaxed) {
            self.freed.notify_one();
        }
    }

    fn sent(&self, packet_id: PacketId, measured: bool) {
        let pending = Pending { sent: Instant::now(), measured };
        self.lock().insert(packet_id.get(), pending);
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<u16, Pending, BuildHasherDefault<IdHasher>>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The packet hook of a publisher connection.
pub fn hook(tracker: Arc<AckTracker>, registry: Arc<Registry>, window: Arc<SharedWindow>) -> Trace {
    Arc::new(move |direction: Direction, packet: &Packet| match (direction, packet) {
        (Direction::Sent, Packet::Publish(publish)) => match publish.packet_id {
            Some(packet_id) => {
                let measured = PayloadHeader::decode(&publish.payload)
                    .is_some_and(|header| window.contains(header.intended_ns));
                tracker.sent(packet_id, measured);
            }
            None => tracker.release(),
        },
        (Direction::Received, Packet::PubAck(ack)) => {
            let code = ack.reason_code.code();
            complete(&tracker, &registry, ack.packet_id, LatencyKind::PubAck, code);
        }
        (Direction::Received, Packet::PubRec(rec)) => {
            let code = rec.reason_code.code();
            if code >= 0x80 {
                // Refused: no PUBREL/PUBCOMP follows.
                complete(&tracker, &registry, rec.packet_id, LatencyKind::PubRec, code);
                return;
            }
            let timing = tracker
                .lock()
                .get(&rec.packet_id.get())
                .map(|pending| (pending.sent.elapsed(), pending.measured));
            if let Some((elapsed, measured)) = timing {
                registry.with(|stats| {
                    stats.recorder.on_pubrec(measured, elapsed);
                    if code != 0 {
                        stats.code(Stage::Publish, code, measured);
                    }
                });
            }
        }
        (Direction::Received, Packet::PubComp(comp)) => {
            let code = comp.reason_code.code();
            complete(&tracker, &registry, comp.packet_id, LatencyKind::PubComp, code);
        }
        _ => {}
    })
}

/// The final acknowledgement of `packet_id` arrived with `code`.
fn complete(
    tracker: &AckTracker,
    registry: &Registry,
    packet_id: PacketId,
    kind: LatencyKind,
    code: u8,
) {
    let Some(pending) = tracker.lock().remove(&packet_id.get()) else { return };
    let elapsed = pending.sent.elapsed();
    registry.with(|stats| {
        if code < 0x80 {
            match kind {
                LatencyKind::PubRec => stats.recorder.on_pubrec(pending.measured, elapsed),
                _ => stats.recorder.on_complete(kind, pending.measured, elapsed),
            }
        }
        if code != 0 {
            stats.code(Stage::Publish, code, pending.measured);
        }
    });
    tracker.release();
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use mqtt_client::{Publish, QoS, Topic};
    use mqtt_proto::{PubAck, PubAckReasonCode, PubComp, PubRec, PubRecReasonCode};

    use super::*;
    use mqtt_bench::errors::ErrorCounts;
    use mqtt_bench::recorder::Recorder;

    fn publish(packet_id: u16, intended_ns: u64) -> Packet {
        let mut payload = vec![0u8; 40];
        PayloadHeader { publisher_id: 0, sequence: 0, intended_ns, sent_ns: intended_ns }
            .encode(&mut payload)
            .unwrap();
        Packet::Publish(Publish {
            dup: false,
            qos: QoS::AtLeastOnce,
            retain: false,
            topic: Topic::from_static("t"),
            packet_id: PacketId::new(packet_id),
            properties: Default::default(),
            payload: Bytes::from(payload),
        })
    }

    fn id(value: u16) -> PacketId {
        PacketId::new(value).unwrap()
    }

    fn setup() -> (Arc<AckTracker>, Arc<Registry>, Trace) {
        let window = MeasureWindow { start_ns: 1000, end_ns: Some(2000) };
        let shared = Arc::new(SharedWindow::default());
        shared.set(window);
        let registry = Arc::new(Registry::new(window));
        let tracker = Arc::new(AckTracker::default());
        tracker.set_window(2, 1);
        (tracker.clone(), registry.clone(), hook(tracker, registry, shared))
    }

    fn collect(registry: &Registry) -> (Recorder, ErrorCounts) {
        let mut recorder = Recorder::new(MeasureWindow { start_ns: 0, end_ns: None });
        let mut errors = ErrorCounts::default();
        registry.collect(&mut recorder, &mut errors).unwrap();
        (recorder, errors)
    }

    #[test]
    fn qos1_acks_are_timed_and_release_the_window() {
        let (tracker, registry, hook) = setup();
        tracker.take_slot();
        tracker.take_slot();
        assert!(tracker.is_full());
        hook(Direction::Sent, &publish(1, 1500));
        hook(Direction::Sent, &publish(2, 500));
        let mut refused = PubAck::new(id(2));
        refused.reason_code = PubAckReasonCode::NotAuthorized;
        hook(Direction::Received, &Packet::PubAck(PubAck::new(id(1))));
        hook(Direction::Received, &Packet::PubAck(refused));
        // An ack nobody is waiting for changes nothing.
        hook(Direction::Received, &Packet::PubAck(PubAck::new(id(9))));
        assert_eq!(tracker.outstanding(), 0);
        let (recorder, errors) = collect(&registry);
        let acks = recorder.total().latencies.summary(LatencyKind::PubAck).unwrap();
        assert_eq!(acks.count, 1, "the refused one is an error, not a latency");
        assert_eq!(recorder.total().counters.completed, 1);
        assert_eq!(errors.entries()[0].reason, "0x87");
        assert_eq!(recorder.total().counters.errors, 0, "the refused one was warmup");
    }

    #[test]
    fn qos0_messages_leave_the_window_once_encoded() {
        let (tracker, registry, hook) = setup();
        tracker.take_slot();
        let Packet::Publish(mut qos0) = publish(0, 1500) else { unreachable!() };
        qos0.qos = QoS::AtMostOnce;
        qos0.packet_id = None;
        hook(Direction::Sent, &Packet::Publish(qos0));
        assert_eq!(tracker.outstanding(), 0);
        let (recorder, _) = collect(&registry);
        assert_eq!(recorder.total().counters.completed, 0, "QoS 0 completes nothing");
    }

    #[tokio::test]
    async fn a_waiting_publisher_is_woken_at_the_resume_level_only() {
        let tracker = AckTracker::default();
        tracker.set_window(4, 1);
        for _ in 0..4 {
            tracker.take_slot();
        }
        tracker.release();
        tracker.release();
        let early = tokio::time::timeout(std::time::Duration::ZERO, tracker.room()).await;
        assert!(early.is_err(), "3 and 2 left: still above the resume level");
        tracker.release();
        tracker.room().await;
        assert_eq!(tracker.outstanding(), 1);
    }

    #[test]
    fn qos2_times_pubrec_then_pubcomp() {
        let (tracker, registry, hook) = setup();
        tracker.take_slot();
        hook(Direction::Sent, &publish(7, 1500));
        hook(Direction::Received, &Packet::PubRec(PubRec::new(id(7))));
        assert_eq!(tracker.outstanding(), 1, "PUBREC does not finish QoS 2");
        hook(Direction::Received, &Packet::PubComp(PubComp::new(id(7))));
        assert_eq!(tracker.outstanding(), 0);
        let (recorder, _) = collect(&registry);
        let latencies = &recorder.total().latencies;
        assert_eq!(latencies.summary(LatencyKind::PubRec).unwrap().count, 1);
        assert_eq!(latencies.summary(LatencyKind::PubComp).unwrap().count, 1);
    }

    #[test]
    fn a_refusing_pubrec_ends_the_message() {
        let (tracker, registry, hook) = setup();
        tracker.take_slot();
        hook(Direction::Sent, &publish(3, 1500));
        let mut rec = PubRec::new(id(3));
        rec.reason_code = PubRecReasonCode::QuotaExceeded;
        hook(Direction::Received, &Packet::PubRec(rec));
        assert_eq!(tracker.outstanding(), 0);
        let (recorder, errors) = collect(&registry);
        assert_eq!(recorder.total().counters.errors, 1);
        assert_eq!(errors.failures(), 1);
    }
}
