//! The sans-io MQTT session: packet identifiers, the outbound in-flight
//! table and window, the inbound QoS 2 set and topic aliases, pending
//! SUBSCRIBE/UNSUBSCRIBE requests and keep-alive deadlines.
//!
//! Policy: no sockets, no clocks, no tasks. Time comes in as `now`, packets
//! go out through an [`Outbox`] (the connection encodes them straight into
//! its write buffer), and completions are opaque tokens (`P` for publishes,
//! `R` for requests) handed back when their acknowledgement arrives, so
//! every rule here is unit-tested without a network. Identifiers come from
//! one allocator for every packet type and are never reused while in use.

mod ack_watch;
mod inbound;
mod keep_alive;
mod outbound;
mod packet_ids;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::time::{Duration, Instant};

use mqtt_proto::{
    DisconnectReasonCode, EncodeError, Packet, ProtocolVersion, Publish, SubAck, Subscribe,
    UnsubAck, UnsubAckReasonCode, Unsubscribe,
};

use crate::error::ClientError;
use crate::publish::PublishOutcome;
use crate::session::ack_watch::AckWatch;
use crate::session::inbound::Inbound;
use crate::session::keep_alive::KeepAlive;
use crate::session::outbound::{IdHasher, Outbound};
use crate::session::packet_ids::PacketIds;

pub(crate) use crate::session::outbound::Failed;

/// Where the session's packets go.
pub(crate) trait Outbox {
    /// Queues `packet` for sending; on error nothing was queued.
    fn send(&mut self, packet: &Packet) -> Result<(), EncodeError>;
}

/// The broker broke the protocol: what to tell it (MQTT 5 DISCONNECT) and
/// the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    pub(crate) reason: DisconnectReasonCode,
    pub(crate) message: String,
}

impl Violation {
    pub(crate) fn new(reason: DisconnectReasonCode, message: String) -> Violation {
        Violation { reason, message }
    }
}

/// Why the timers ended the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expired {
    /// Nothing at all arrived for this long.
    KeepAlive(Duration),
    /// Something awaited an answer and none came for this long; names the
    /// oldest wait, e.g. "PUBACK for packet 1".
    Ack { waited: Duration, awaiting: String },
}

/// What an inbound packet means for the caller.
#[derive(Debug)]
pub(crate) enum Incoming<P, R> {
    /// Nothing to report (acks, pings, duplicates).
    Nothing,
    /// An application message to deliver.
    Message(Publish),
    /// One of our QoS 1/2 messages is complete.
    Published { done: Option<P>, outcome: PublishOutcome },
    /// A SUBSCRIBE was answered.
    SubAck { done: R, ack: SubAck },
    /// An UNSUBSCRIBE was answered.
    UnsubAck { done: R, ack: UnsubAck },
    /// The broker is closing the connection.
    Disconnect(mqtt_proto::Disconnect),
}

/// Session settings fixed at connect time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionConfig {
    pub(crate) version: ProtocolVersion,
    /// The user's outbound window.
    pub(crate) max_inflight: u16,
    /// Our inbound Receive Maximum.
    pub(crate) receive_maximum: u16,
    /// Our inbound Topic Alias Maximum.
    pub(crate) topic_alias_maximum: u16,
    /// How long the broker may leave us waiting for an acknowledgement.
    pub(crate) ack_timeout: Option<Duration>,
}

enum RequestKind {
    Subscribe(usize),
    Unsubscribe(usize),
}

impl RequestKind {
    fn awaits(&self) -> &'static str {
        match self {
            RequestKind::Subscribe(_) => "SUBACK",
            RequestKind::Unsubscribe(_) => "UNSUBACK",
        }
    }
}

struct Request<R> {
    kind: RequestKind,
    done: R,
}

/// One client session (it outlives connections when the broker keeps it).
pub(crate) struct Session<P, R> {
    config: SessionConfig,
    ids: PacketIds,
    outbound: Outbound<P>,
    inbound: Inbound,
    requests: HashMap<u16, Request<R>, BuildHasherDefault<IdHasher>>,
    keep_alive: KeepAlive,
    ack_watch: AckWatch,
    failed: Vec<Failed<P>>,
}

impl<P, R> Session<P, R> {
    pub(crate) fn new(config: SessionConfig, now: Instant) -> Session<P, R> {
        Session {
            config,
            ids: PacketIds::new(),
            outbound: Outbound::new(usize::from(config.max_inflight)),
            inbound: Inbound::new(
                config.version,
                config.topic_alias_maximum,
                config.receive_maximum,
            ),
            requests: HashMap::default(),
            keep_alive: KeepAlive::new(Duration::ZERO, None, now),
            ack_watch: AckWatch::new(config.ack_timeout),
            failed: Vec::new(),
        }
    }

    /// A CONNACK accepted a (new) connection. Resumes or drops the session
    /// state and returns the messages that were sent but not confirmed and
    /// will not be resent (empty when the session was resumed).
    pub(crate) fn on_connected(
        &mut self,
        session_present: bool,
        server_receive_maximum: u16,
        keep_alive: Duration,
        dead_after: Option<Duration>,
        now: Instant,
        out: &mut dyn Outbox,
    ) -> Vec<(Publish, Option<P>)> {
        let window = self.config.max_inflight.min(server_receive_maximum);
        self.outbound.set_window(usize::from(window));
        self.inbound.reset_aliases();
        self.keep_alive = KeepAlive::new(keep_alive, dead_after, now);
        let undelivered = if session_present {
            self.outbound.resend(out);
            Vec::new()
        } else {
            self.inbound.clear_qos2();
            self.outbound.take_all(&mut self.ids)
        };
        self.outbound.pump(&mut self.ids, out, &mut self.failed);
        self.ack_watch.reset(now, self.awaiting());
        undelivered
    }

    /// Whether anything we sent awaits an answer.
    fn awaiting(&self) -> bool {
        self.outbound.in_flight() > 0 || !self.requests.is_empty()
    }

    /// The link is gone: pending requests can no longer be answered.
    pub(crate) fn on_link_lost(&mut self) -> Vec<R> {
        let ids = &mut self.ids;
        self.requests
            .drain()
            .map(|(id, request)| {
                ids.release(id);
                request.done
            })
            .collect()
    }

    /// The client is closing: every completion still held.
    pub(crate) fn close(&mut self) -> (Vec<Option<P>>, Vec<R>) {
        let publishes = self.outbound.drain(&mut self.ids);
        (publishes, self.on_link_lost())
    }

    /// Sends (or queues, when the window is full) an outbound message.
    pub(crate) fn publish(
        &mut self,
        publish: Publish,
        done: Option<P>,
        now: Instant,
        out: &mut dyn Outbox,
    ) -> Result<(), Failed<P>> {
        let result = self.outbound.publish(publish, done, &mut self.ids, out);
        if self.outbound.in_flight() > 0 {
            self.ack_watch.on_waiting(now);
        }
        result
    }

    /// Sends a SUBSCRIBE under a fresh packet identifier.
    pub(crate) fn subscribe(
        &mut self,
        mut subscribe: Subscribe,
        done: R,
        now: Instant,
        out: &mut dyn Outbox,
    ) -> Result<(), (R, ClientError)> {
        let kind = RequestKind::Subscribe(subscribe.filters.len());
        self.request(done, kind, now, out, |packet_id| {
            subscribe.packet_id = packet_id;
            Packet::Subscribe(subscribe)
        })
    }

    /// Sends an UNSUBSCRIBE under a fresh packet identifier.
    pub(crate) fn unsubscribe(
        &mut self,
        mut unsubscribe: Unsubscribe,
        done: R,
        now: Instant,
        out: &mut dyn Outbox,
    ) -> Result<(), (R, ClientError)> {
        let kind = RequestKind::Unsubscribe(unsubscribe.filters.len());
        self.request(done, kind, now, out, |packet_id| {
            unsubscribe.packet_id = packet_id;
            Packet::Unsubscribe(unsubscribe)
        })
    }

    fn request(
        &mut self,
        done: R,
        kind: RequestKind,
        now: Instant,
        out: &mut dyn Outbox,
        packet: impl FnOnce(mqtt_proto::PacketId) -> Packet,
    ) -> Result<(), (R, ClientError)> {
        let Some(packet_id) = self.ids.allocate() else {
            return Err((done, ClientError::NoPacketIdentifier));
        };
        if let Err(error) = out.send(&packet(packet_id)) {
            self.ids.release(packet_id.get());
            return Err((done, ClientError::Encode(error)));
        }
        self.requests.insert(packet_id.get(), Request { kind, done });
        self.ack_watch.on_waiting(now);
        Ok(())
    }

    /// Processes one packet from the broker.
    pub(crate) fn handle(
        &mut self,
        packet: Packet,
        now: Instant,
        out: &mut dyn Outbox,
    ) -> Result<Incoming<P, R>, Violation> {
        self.keep_alive.on_received(now);
        let is_ack = matches!(
            packet,
            Packet::PubAck(_)
                | Packet::PubRec(_)
                | Packet::PubComp(_)
                | Packet::SubAck(_)
                | Packet::UnsubAck(_)
        );
        if is_ack {
            let incoming = self.on_ack(packet, out);
            self.ack_watch.on_answer(now, self.awaiting());
            return incoming;
        }
        match packet {
            Packet::Publish(publish) => Ok(match self.inbound.on_publish(publish, out)? {
                Some(publish) => Incoming::Message(publish),
                None => Incoming::Nothing,
            }),
            Packet::PubRel(pubrel) => {
                self.inbound.on_pubrel(pubrel.packet_id, out);
                Ok(Incoming::Nothing)
            }
            Packet::PingResp => Ok(Incoming::Nothing),
            Packet::Disconnect(disconnect) => Ok(Incoming::Disconnect(disconnect)),
            other => Err(Violation::new(
                DisconnectReasonCode::ProtocolError,
                format!("unexpected {} from the broker", other.packet_type()),
            )),
        }
    }

    /// PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK: completes what it answers.
    fn on_ack(
        &mut self,
        packet: Packet,
        out: &mut dyn Outbox,
    ) -> Result<Incoming<P, R>, Violation> {
        let completed = match packet {
            Packet::PubAck(ack) => {
                let reason = (ack.reason_code.code(), ack.reason_code.name());
                self.outbound.on_puback(ack.packet_id, reason, ack.properties, &mut self.ids)
            }
            Packet::PubRec(ack) => {
                let reason = (ack.reason_code.code(), ack.reason_code.name());
                self.outbound.on_pubrec(ack.packet_id, reason, ack.properties, &mut self.ids, out)
            }
            Packet::PubComp(ack) => {
                let reason = (ack.reason_code.code(), ack.reason_code.name());
                self.outbound.on_pubcomp(ack.packet_id, reason, ack.properties, &mut self.ids)
            }
            Packet::SubAck(ack) => {
                let incoming = self.on_suback(ack);
                // Its packet identifier is free again: a message may have
                // waited for one (every identifier taken).
                self.outbound.pump(&mut self.ids, out, &mut self.failed);
                return incoming;
            }
            Packet::UnsubAck(ack) => {
                let incoming = self.on_unsuback(ack);
                self.outbound.pump(&mut self.ids, out, &mut self.failed);
                return incoming;
            }
            _ => return Ok(Incoming::Nothing),
        };
        // An ack freed a slot: let waiting messages in.
        self.outbound.pump(&mut self.ids, out, &mut self.failed);
        Ok(match completed? {
            Some((done, outcome)) => Incoming::Published { done, outcome },
            None => Incoming::Nothing,
        })
    }

    fn on_suback(&mut self, ack: SubAck) -> Result<Incoming<P, R>, Violation> {
        let request = self.take_request(ack.packet_id, "SUBACK")?;
        match request.kind {
            RequestKind::Subscribe(count) if count == ack.reason_codes.len() => {
                Ok(Incoming::SubAck { done: request.done, ack })
            }
            RequestKind::Subscribe(count) => Err(Violation::new(
                DisconnectReasonCode::ProtocolError,
                format!(
                    "SUBACK has {} reason codes for {count} topic filters",
                    ack.reason_codes.len()
                ),
            )),
            RequestKind::Unsubscribe(_) => Err(Violation::new(
                DisconnectReasonCode::ProtocolError,
                format!("SUBACK for packet {}, which was an UNSUBSCRIBE", ack.packet_id),
            )),
        }
    }

    fn on_unsuback(&mut self, mut ack: UnsubAck) -> Result<Incoming<P, R>, Violation> {
        let request = self.take_request(ack.packet_id, "UNSUBACK")?;
        match request.kind {
            RequestKind::Unsubscribe(count) => {
                // Before MQTT 5 UNSUBACK has no codes: report success per filter.
                if !self.config.version.is_v5() && ack.reason_codes.is_empty() {
                    ack.reason_codes = vec![UnsubAckReasonCode::Success; count];
                }
                if ack.reason_codes.len() != count {
                    return Err(Violation::new(
                        DisconnectReasonCode::ProtocolError,
                        format!(
                            "UNSUBACK has {} reason codes for {count} topic filters",
                            ack.reason_codes.len()
                        ),
                    ));
                }
                Ok(Incoming::UnsubAck { done: request.done, ack })
            }
            RequestKind::Subscribe(_) => Err(Violation::new(
                DisconnectReasonCode::ProtocolError,
                format!("UNSUBACK for packet {}, which was a SUBSCRIBE", ack.packet_id),
            )),
        }
    }

    fn take_request(
        &mut self,
        packet_id: mqtt_proto::PacketId,
        what: &str,
    ) -> Result<Request<R>, Violation> {
        let request = self.requests.remove(&packet_id.get()).ok_or_else(|| {
            Violation::new(
                DisconnectReasonCode::ProtocolError,
                format!("{what} for packet {packet_id}, which is not pending"),
            )
        })?;
        self.ids.release(packet_id.get());
        Ok(request)
    }

    /// Messages that failed to encode when they left the waiting queue.
    pub(crate) fn take_failed(&mut self) -> std::vec::Drain<'_, Failed<P>> {
        self.failed.drain(..)
    }

    /// Sends a PINGREQ when due; `Err` when the link is dead or the broker
    /// left an acknowledgement out for too long.
    pub(crate) fn poll_timers(
        &mut self,
        now: Instant,
        out: &mut dyn Outbox,
    ) -> Result<(), Expired> {
        if self.keep_alive.is_dead(now) {
            return Err(Expired::KeepAlive(self.keep_alive.dead_after().unwrap_or_default()));
        }
        if self.ack_watch.expired(now) {
            return Err(Expired::Ack {
                waited: self.ack_watch.timeout(),
                awaiting: self.oldest_wait(),
            });
        }
        if self.keep_alive.ping_due(now) && out.send(&Packet::PingReq).is_ok() {
            self.keep_alive.on_ping_sent(now);
        }
        Ok(())
    }

    /// What has waited longest, e.g. "PUBACK for packet 1 (and 3 more)".
    fn oldest_wait(&self) -> String {
        let (id, awaits) = match self.outbound.oldest() {
            Some(oldest) => oldest,
            None => match self.requests.iter().next() {
                Some((id, request)) => (*id, request.kind.awaits()),
                None => return "an acknowledgement".into(),
            },
        };
        let more = self.outbound.in_flight() + self.requests.len() - 1;
        match more {
            0 => format!("{awaits} for packet {id}"),
            more => format!("{awaits} for packet {id} (and {more} more)"),
        }
    }

    /// When `poll_timers` next needs to run.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        match (self.keep_alive.next_deadline(), self.ack_watch.deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Bytes reached the socket.
    pub(crate) fn on_sent(&mut self, now: Instant) {
        self.keep_alive.on_sent(now);
    }

    /// Inbound reading paused (backpressure) / resumed.
    pub(crate) fn pause_reading(&mut self) {
        self.keep_alive.pause();
        self.ack_watch.pause();
    }

    pub(crate) fn resume_reading(&mut self, now: Instant) {
        self.keep_alive.resume(now);
        self.ack_watch.resume(now);
    }

    /// Whether new commands can be taken (no message waits for the window).
    pub(crate) fn accepts_commands(&self) -> bool {
        self.outbound.waiting() == 0
    }

    /// Outbound QoS 1/2 messages in flight.
    #[cfg(test)]
    pub(crate) fn in_flight(&self) -> usize {
        self.outbound.in_flight()
    }
}
