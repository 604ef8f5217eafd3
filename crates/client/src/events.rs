//! The inbound side: [`Events`], the bounded stream of [`Event`]s.
//!
//! Policy: the stream is bounded (`ConnectOptions::message_capacity`). When
//! it is full the connection task stops reading the socket, so a slow
//! consumer slows the broker down through TCP instead of growing memory;
//! acknowledgements and pings for packets already read still go out.
//! Dropping `Events` means "not interested": messages are then discarded
//! and never block the connection.

use std::sync::Arc;

use bytes::Bytes;
use mqtt_proto::{PacketId, Publish, PublishProperties, QoS, Topic};

use crate::connack::ConnAckInfo;
use crate::error::ClientError;
use crate::queue;

/// Something that happened on the connection.
// Messages are nearly every event: boxing the large variant would cost an
// allocation per message to shrink the rare ones.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Event {
    /// An application message from a subscription.
    Message(Message),
    /// The connection ended: a server DISCONNECT
    /// ([`ClientError::Disconnected`] with its reason code and string) or a
    /// link failure. With a reconnect policy, reconnecting starts now.
    Disconnected {
        /// Why.
        reason: ClientError,
    },
    /// Connected again (only with a reconnect policy).
    Reconnected {
        /// Whether the broker resumed the session. If it did, unconfirmed
        /// QoS 1/2 messages were resent with DUP set; if not, they are in
        /// `undelivered` and their handles failed with
        /// [`ClientError::SessionLost`]. Resubscribing is the caller's
        /// choice: without a session the subscriptions are gone.
        session_present: bool,
        /// QoS 1/2 messages that were sent but not confirmed before the
        /// link dropped, and were not resent, oldest first.
        undelivered: Vec<Publish>,
        /// The new CONNACK.
        connack: Arc<ConnAckInfo>,
    },
}

/// An application message received from the broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The topic (a topic alias already resolved).
    pub topic: Topic,
    /// The payload, sharing the receive buffer.
    pub payload: Bytes,
    /// The QoS it was delivered with.
    pub qos: QoS,
    /// Whether it is a retained message.
    pub retain: bool,
    /// Whether the broker marked it as a re-delivery.
    pub dup: bool,
    /// Its packet identifier (QoS 1 and 2).
    pub packet_id: Option<PacketId>,
    /// MQTT 5 properties in the order they came on the wire, repeats
    /// included (the topic alias, if any, is left in).
    pub properties: PublishProperties,
}

impl From<Publish> for Message {
    fn from(publish: Publish) -> Message {
        Message {
            topic: publish.topic,
            payload: publish.payload,
            qos: publish.qos,
            retain: publish.retain,
            dup: publish.dup,
            packet_id: publish.packet_id,
            properties: publish.properties,
        }
    }
}

/// The receiving end of a connection's events; ends (`recv` gives `None`)
/// when the connection task has stopped for good.
#[derive(Debug)]
pub struct Events {
    receiver: queue::Receiver<Event>,
}

impl Events {
    pub(crate) fn new(receiver: queue::Receiver<Event>) -> Events {
        Events { receiver }
    }

    /// The next event, or `None` once the connection is closed for good.
    pub async fn recv(&mut self) -> Option<Event> {
        self.receiver.recv().await
    }

    /// The next event if one is ready.
    pub fn try_recv(&mut self) -> Option<Event> {
        self.receiver.try_recv().ok()
    }

    /// Up to `limit` ready events appended to `buffer` (waits for at least
    /// one); 0 means the connection is closed for good.
    pub async fn recv_many(&mut self, buffer: &mut Vec<Event>, limit: usize) -> usize {
        self.receiver.recv_many(buffer, limit).await
    }
}
