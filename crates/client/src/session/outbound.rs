//! Outbound QoS 1/2 messages: the in-flight table and the window.
//!
//! Policy: a message gets a packet identifier only when it enters the
//! window (`min(user max_inflight, broker Receive Maximum)`); until then it
//! waits, in order, without holding an id. Acks may arrive in any order and
//! just free their slot. Each slot keeps the PUBLISH packet itself (payload
//! shared, nothing copied) and a sequence number, so a resumed session
//! resends in the original order: PUBLISH with DUP set, or PUBREL for
//! messages the broker already acknowledged with PUBREC (MQTT-4.4.0-1,
//! MQTT-4.6.0-1). A v5 PUBREC with a failure code ends the exchange without
//! PUBREL (MQTT 5.0 §4.3.3) and reports that code. An ack of the wrong kind
//! for a message in flight (PUBACK to a QoS 2 PUBLISH, as RabbitMQ 3.10
//! sends; PUBREC to QoS 1; PUBCOMP before PUBREC) is a protocol violation
//! (MQTT-4.8.0-1): the exchange can never complete, so the link ends with
//! the violation named instead of waiting forever. Acks for identifiers not
//! in flight are ignored (a stale ack after a reconnect harms nothing).

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use mqtt_proto::{
    AckProperties, EncodeError, Packet, PacketId, PubRel, PubRelReasonCode, Publish, QoS,
};

use crate::session::packet_ids::PacketIds;
use crate::session::{Outbox, PublishOutcome, Violation};
use mqtt_proto::DisconnectReasonCode;

/// Where a QoS 1/2 exchange stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// QoS 1 PUBLISH sent, waiting for PUBACK.
    SentQos1,
    /// QoS 2 PUBLISH sent, waiting for PUBREC.
    SentQos2,
    /// PUBREL sent, waiting for PUBCOMP.
    Released,
}

impl Stage {
    /// The packet this stage waits for.
    fn awaits(self) -> &'static str {
        match self {
            Stage::SentQos1 => "PUBACK",
            Stage::SentQos2 => "PUBREC",
            Stage::Released => "PUBCOMP",
        }
    }

    /// What was sent last, for messages about a wrong answer.
    fn sent(self) -> &'static str {
        match self {
            Stage::SentQos1 => "a QoS 1 PUBLISH",
            Stage::SentQos2 => "a QoS 2 PUBLISH",
            Stage::Released => "a PUBREL",
        }
    }
}

/// The violation of an ack that does not fit the exchange it names.
fn wrong_ack(ack: &str, packet_id: PacketId, stage: Stage) -> Violation {
    Violation::new(
        DisconnectReasonCode::ProtocolError,
        format!(
            "{ack} for packet {packet_id}, which was {}: the broker must answer {}",
            stage.sent(),
            stage.awaits()
        ),
    )
}

struct Slot<P> {
    seq: u64,
    stage: Stage,
    /// Always `Packet::Publish`; kept for resending and for reporting.
    packet: Packet,
    done: Option<P>,
}

/// A message that could not be sent (encode error) with its completion.
pub(crate) type Failed<P> = (Option<P>, EncodeError);

/// The in-flight table of one session.
pub(crate) struct Outbound<P> {
    slots: HashMap<u16, Slot<P>, BuildHasherDefault<IdHasher>>,
    next_seq: u64,
    window: usize,
    waiting: VecDeque<(Publish, Option<P>)>,
}

impl<P> Outbound<P> {
    pub(crate) fn new(window: usize) -> Outbound<P> {
        Outbound {
            slots: HashMap::default(),
            next_seq: 0,
            window: window.max(1),
            waiting: VecDeque::new(),
        }
    }

    pub(crate) fn set_window(&mut self, window: usize) {
        self.window = window.max(1);
    }

    pub(crate) fn in_flight(&self) -> usize {
        self.slots.len()
    }

    /// The oldest unfinished exchange: its identifier and the packet it
    /// awaits (for the ack-timeout message; a scan, run once).
    pub(crate) fn oldest(&self) -> Option<(u16, &'static str)> {
        self.slots
            .iter()
            .min_by_key(|(_, slot)| slot.seq)
            .map(|(id, slot)| (*id, slot.stage.awaits()))
    }

    pub(crate) fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Sends `publish` now if the window allows, else queues it.
    pub(crate) fn publish(
        &mut self,
        publish: Publish,
        done: Option<P>,
        ids: &mut PacketIds,
        out: &mut dyn Outbox,
    ) -> Result<(), Failed<P>> {
        if publish.qos == QoS::AtMostOnce {
            return out.send(&Packet::Publish(publish)).map_err(|error| (done, error));
        }
        if !self.waiting.is_empty() || self.slots.len() >= self.window {
            self.waiting.push_back((publish, done));
            return Ok(());
        }
        self.start(publish, done, ids, out)
    }

    /// Moves waiting messages into the window while there is room.
    ///
    /// Refilled on every ack, not in batches: mosquitto keeps Nagle on by
    /// default, so a client that holds back PUBLISHes until several acks
    /// are in starves the broker of the TCP ACKs that release its next
    /// PUBACKs, and the rate collapses (BENCHMARKS.md records the attempt).
    pub(crate) fn pump(
        &mut self,
        ids: &mut PacketIds,
        out: &mut dyn Outbox,
        failed: &mut Vec<Failed<P>>,
    ) {
        while self.slots.len() < self.window {
            let Some((publish, done)) = self.waiting.pop_front() else { break };
            let waiting = self.waiting.len();
            if let Err(failure) = self.start(publish, done, ids, out) {
                failed.push(failure);
            } else if self.waiting.len() > waiting {
                // Put back: no packet identifier is free until an ack.
                break;
            }
        }
    }

    fn start(
        &mut self,
        mut publish: Publish,
        done: Option<P>,
        ids: &mut PacketIds,
        out: &mut dyn Outbox,
    ) -> Result<(), Failed<P>> {
        let Some(packet_id) = ids.allocate() else {
            // Every identifier is taken (by subscribes); wait for one.
            self.waiting.push_front((publish, done));
            return Ok(());
        };
        publish.packet_id = Some(packet_id);
        let stage = if publish.qos == QoS::AtLeastOnce { Stage::SentQos1 } else { Stage::SentQos2 };
        let packet = Packet::Publish(publish);
        if let Err(error) = out.send(&packet) {
            ids.release(packet_id.get());
            return Err((done, error));
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.slots.insert(packet_id.get(), Slot { seq, stage, packet, done });
        Ok(())
    }

    /// PUBACK: completes a QoS 1 message.
    pub(crate) fn on_puback(
        &mut self,
        packet_id: PacketId,
        reason: (u8, &'static str),
        properties: AckProperties,
        ids: &mut PacketIds,
    ) -> Result<Option<(Option<P>, PublishOutcome)>, Violation> {
        match self.stage(packet_id) {
            Some(Stage::SentQos1) => Ok(self.finish(packet_id, reason, properties, ids)),
            Some(stage) => Err(wrong_ack("PUBACK", packet_id, stage)),
            None => Ok(None),
        }
    }

    fn stage(&self, packet_id: PacketId) -> Option<Stage> {
        self.slots.get(&packet_id.get()).map(|slot| slot.stage)
    }

    /// PUBREC: answers PUBREL, or ends the exchange on a failure code.
    pub(crate) fn on_pubrec(
        &mut self,
        packet_id: PacketId,
        reason: (u8, &'static str),
        properties: AckProperties,
        ids: &mut PacketIds,
        out: &mut dyn Outbox,
    ) -> Result<Option<(Option<P>, PublishOutcome)>, Violation> {
        Ok(match self.stage(packet_id) {
            Some(Stage::SentQos1) => return Err(wrong_ack("PUBREC", packet_id, Stage::SentQos1)),
            Some(Stage::SentQos2) if reason.0 >= 0x80 => {
                self.finish(packet_id, reason, properties, ids)
            }
            Some(Stage::SentQos2) | Some(Stage::Released) => {
                if let Some(slot) = self.slots.get_mut(&packet_id.get()) {
                    slot.stage = Stage::Released;
                }
                // A PUBREL cannot fail to encode.
                let _ = out.send(&Packet::PubRel(PubRel::new(packet_id)));
                None
            }
            // Not ours: tell the broker so it can move on.
            _ => {
                let mut pubrel = PubRel::new(packet_id);
                pubrel.reason_code = PubRelReasonCode::PacketIdentifierNotFound;
                if out.send(&Packet::PubRel(pubrel)).is_err() {
                    let _ = out.send(&Packet::PubRel(PubRel::new(packet_id)));
                }
                None
            }
        })
    }

    /// PUBCOMP: completes a QoS 2 message.
    pub(crate) fn on_pubcomp(
        &mut self,
        packet_id: PacketId,
        reason: (u8, &'static str),
        properties: AckProperties,
        ids: &mut PacketIds,
    ) -> Result<Option<(Option<P>, PublishOutcome)>, Violation> {
        match self.stage(packet_id) {
            Some(Stage::Released) => Ok(self.finish(packet_id, reason, properties, ids)),
            Some(stage) => Err(wrong_ack("PUBCOMP", packet_id, stage)),
            None => Ok(None),
        }
    }

    fn finish(
        &mut self,
        packet_id: PacketId,
        (reason_code, reason_name): (u8, &'static str),
        properties: AckProperties,
        ids: &mut PacketIds,
    ) -> Option<(Option<P>, PublishOutcome)> {
        let slot = self.slots.remove(&packet_id.get())?;
        ids.release(packet_id.get());
        let outcome =
            PublishOutcome { packet_id: Some(packet_id), reason_code, reason_name, properties };
        Some((slot.done, outcome))
    }

    /// Resends every unfinished exchange in the original order (session
    /// resumed): PUBLISH with DUP, or PUBREL.
    pub(crate) fn resend(&mut self, out: &mut dyn Outbox) {
        let mut order: Vec<(u64, u16)> =
            self.slots.iter().map(|(id, slot)| (slot.seq, *id)).collect();
        order.sort_unstable();
        for (_, id) in order {
            let Some(slot) = self.slots.get_mut(&id) else { continue };
            match slot.stage {
                Stage::Released => {
                    let packet_id = PacketId::new(id).expect("slot ids are non-zero");
                    let _ = out.send(&Packet::PubRel(PubRel::new(packet_id)));
                }
                Stage::SentQos1 | Stage::SentQos2 => {
                    if let Packet::Publish(publish) = &mut slot.packet {
                        publish.dup = true;
                    }
                    let _ = out.send(&slot.packet);
                }
            }
        }
    }

    /// Removes every in-flight message, oldest first (session lost).
    pub(crate) fn take_all(&mut self, ids: &mut PacketIds) -> Vec<(Publish, Option<P>)> {
        let mut slots: Vec<(u16, Slot<P>)> = self.slots.drain().collect();
        slots.sort_unstable_by_key(|(_, slot)| slot.seq);
        slots
            .into_iter()
            .filter_map(|(id, slot)| {
                ids.release(id);
                match slot.packet {
                    Packet::Publish(publish) => Some((publish, slot.done)),
                    _ => None,
                }
            })
            .collect()
    }

    /// Removes everything, in flight and waiting (the client is closing).
    pub(crate) fn drain(&mut self, ids: &mut PacketIds) -> Vec<Option<P>> {
        let mut all: Vec<Option<P>> =
            self.take_all(ids).into_iter().map(|(_, done)| done).collect();
        all.extend(self.waiting.drain(..).map(|(_, done)| done));
        all
    }
}

/// Hashes a packet identifier by multiplying it (Fibonacci hashing): ids
/// are small integers, SipHash would be wasted work on the hot path.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 << 8 | u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u16(&mut self, value: u16) {
        self.0 = u64::from(value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
