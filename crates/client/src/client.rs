//! The caller's side: the cloneable [`Client`] handle and the commands it
//! sends to the connection task.
//!
//! Policy: a `Client` is a sender on the connection task's command queue
//! plus the broker limits, so it is cheap to clone and share. Everything
//! that can be refused locally (QoS above the broker's maximum, retain
//! unavailable, a packet above the broker's Maximum Packet Size) is refused
//! here, before anything is queued. QoS 0 has no per-message future; QoS
//! 1/2 return a [`PublishHandle`] that resolves when PUBACK/PUBCOMP arrives.
//! `publish(..).await` waits only for queue space, so a publisher can keep
//! the in-flight window full.

use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU32, AtomicU8, Ordering};
use std::sync::{Arc, RwLock};

use mqtt_proto::{
    Disconnect, DisconnectProperties, DisconnectReasonCode, EncodeError, Packet, PacketId,
    ProtocolVersion, Publish, QoS, SubAck, Subscribe, SubscribeProperties, SubscriptionOptions,
    TopicFilter, UnsubAck, Unsubscribe, UnsubscribeProperties,
};
use tokio::sync::{oneshot, Notify};

use crate::connack::ConnAckInfo;
use crate::error::ClientError;
use crate::publish::{OutgoingPublish, PublishHandle, PublishOutcome};
use crate::queue;

pub(crate) type PublishDone = oneshot::Sender<Result<PublishOutcome, ClientError>>;

/// A pending SUBSCRIBE or UNSUBSCRIBE.
pub(crate) enum RequestDone {
    Subscribe(oneshot::Sender<Result<SubAck, ClientError>>),
    Unsubscribe(oneshot::Sender<Result<UnsubAck, ClientError>>),
}

impl RequestDone {
    pub(crate) fn fail(self, error: ClientError) {
        match self {
            RequestDone::Subscribe(done) => drop(done.send(Err(error))),
            RequestDone::Unsubscribe(done) => drop(done.send(Err(error))),
        }
    }
}

/// What the client asks the connection task to do.
pub(crate) enum Command {
    Publish { publish: Publish, done: Option<PublishDone> },
    Subscribe { subscribe: Subscribe, done: oneshot::Sender<Result<SubAck, ClientError>> },
    Unsubscribe { unsubscribe: Unsubscribe, done: oneshot::Sender<Result<UnsubAck, ClientError>> },
    Disconnect { disconnect: Disconnect, done: oneshot::Sender<Result<(), ClientError>> },
}

/// State shared by every `Client` clone and the connection task.
pub(crate) struct Shared {
    pub(crate) version: ProtocolVersion,
    connack: RwLock<Arc<ConnAckInfo>>,
    // The limits checked on every publish, readable without a lock.
    maximum_qos: AtomicU8,
    retain_available: AtomicBool,
    maximum_packet_size: AtomicU32,
    topic_alias_maximum: AtomicU16,
    /// Set by [`Client::abort`].
    pub(crate) abort_requested: AtomicBool,
    /// Wakes the connection task for an abort, or for a disconnect while
    /// it waits to reconnect.
    pub(crate) closing: Notify,
}

impl Shared {
    pub(crate) fn new(version: ProtocolVersion, connack: Arc<ConnAckInfo>) -> Shared {
        let shared = Shared {
            version,
            connack: RwLock::new(connack.clone()),
            maximum_qos: AtomicU8::new(2),
            retain_available: AtomicBool::new(true),
            maximum_packet_size: AtomicU32::new(0),
            topic_alias_maximum: AtomicU16::new(0),
            abort_requested: AtomicBool::new(false),
            closing: Notify::new(),
        };
        shared.set_connack(connack);
        shared
    }

    pub(crate) fn set_connack(&self, connack: Arc<ConnAckInfo>) {
        let limits = &connack.limits;
        self.maximum_qos.store(limits.maximum_qos.level(), Ordering::Relaxed);
        self.retain_available.store(limits.retain_available, Ordering::Relaxed);
        self.maximum_packet_size.store(limits.maximum_packet_size.unwrap_or(0), Ordering::Relaxed);
        self.topic_alias_maximum.store(limits.topic_alias_maximum, Ordering::Relaxed);
        *self.connack.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = connack;
    }

    fn check_size(&self, packet: &'static str, size: usize) -> Result<(), ClientError> {
        match self.maximum_packet_size.load(Ordering::Relaxed) {
            0 => Ok(()),
            maximum if size > maximum as usize => {
                Err(ClientError::PacketTooLarge { packet, size, maximum })
            }
            _ => Ok(()),
        }
    }

    fn check_publish(&self, publish: &Publish) -> Result<(), ClientError> {
        let maximum =
            QoS::try_from(self.maximum_qos.load(Ordering::Relaxed)).unwrap_or(QoS::ExactlyOnce);
        if publish.qos > maximum {
            return Err(ClientError::QoSNotSupported { requested: publish.qos, maximum });
        }
        if publish.retain && !self.retain_available.load(Ordering::Relaxed) {
            return Err(ClientError::RetainNotSupported);
        }
        let alias = publish.properties.topic_alias().filter(|_| self.version.is_v5());
        if let Some(alias) = alias {
            let maximum = self.topic_alias_maximum.load(Ordering::Relaxed);
            if alias == 0 || alias > maximum {
                return Err(ClientError::TopicAliasInvalid { alias, maximum });
            }
        } else if publish.topic.is_empty() {
            return Err(ClientError::Encode(EncodeError::MissingTopic));
        }
        self.check_size("PUBLISH", publish.encoded_len(self.version))
    }
}

/// A handle on one MQTT connection; clone it freely.
#[derive(Clone)]
pub struct Client {
    commands: queue::Sender<Command>,
    shared: Arc<Shared>,
}

impl Client {
    pub(crate) fn new(commands: queue::Sender<Command>, shared: Arc<Shared>) -> Client {
        Client { commands, shared }
    }

    /// The latest CONNACK (replaced after a reconnect).
    pub fn connack(&self) -> Arc<ConnAckInfo> {
        self.shared.connack.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The protocol version of this connection.
    pub fn protocol(&self) -> ProtocolVersion {
        self.shared.version
    }

    /// Whether the connection task has stopped for good.
    pub fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }

    /// Queues a message. QoS 0: the handle is already complete. QoS 1/2:
    /// the handle resolves with the broker's acknowledgement. Waits while
    /// the command queue is full (the in-flight window is the limit).
    pub async fn publish(&self, message: OutgoingPublish) -> Result<PublishHandle, ClientError> {
        let publish = message.into_packet();
        self.shared.check_publish(&publish)?;
        if publish.qos == QoS::AtMostOnce {
            self.send(Command::Publish { publish, done: None }).await?;
            return Ok(PublishHandle::ready(PublishOutcome::qos0()));
        }
        let (done, receiver) = oneshot::channel();
        self.send(Command::Publish { publish, done: Some(done) }).await?;
        Ok(PublishHandle::waiting(receiver))
    }

    /// Subscribes to several filters at once; the SUBACK has one reason
    /// code per filter, in order.
    pub async fn subscribe(
        &self,
        filters: Vec<(TopicFilter, SubscriptionOptions)>,
        properties: SubscribeProperties,
    ) -> Result<SubAck, ClientError> {
        if filters.is_empty() {
            return Err(ClientError::NoFilters("SUBSCRIBE"));
        }
        let placeholder = PacketId::MIN;
        let subscribe = Subscribe { packet_id: placeholder, filters, properties };
        self.shared.check_size(
            "SUBSCRIBE",
            Packet::Subscribe(subscribe.clone()).encoded_len(self.shared.version),
        )?;
        let (done, receiver) = oneshot::channel();
        self.send(Command::Subscribe { subscribe, done }).await?;
        receiver.await.unwrap_or(Err(ClientError::Closed))
    }

    /// Unsubscribes from several filters at once; the UNSUBACK has one
    /// reason code per filter (all Success before MQTT 5).
    pub async fn unsubscribe(
        &self,
        filters: Vec<TopicFilter>,
        properties: UnsubscribeProperties,
    ) -> Result<UnsubAck, ClientError> {
        if filters.is_empty() {
            return Err(ClientError::NoFilters("UNSUBSCRIBE"));
        }
        let unsubscribe = Unsubscribe { packet_id: PacketId::MIN, filters, properties };
        self.shared.check_size(
            "UNSUBSCRIBE",
            Packet::Unsubscribe(unsubscribe.clone()).encoded_len(self.shared.version),
        )?;
        let (done, receiver) = oneshot::channel();
        self.send(Command::Unsubscribe { unsubscribe, done }).await?;
        receiver.await.unwrap_or(Err(ClientError::Closed))
    }

    /// Sends DISCONNECT with `reason` (MQTT 5; always Normal before) after
    /// everything queued before it, and closes the connection. Messages
    /// still waiting for an acknowledgement fail with [`ClientError::Closed`].
    pub async fn disconnect(&self, reason: DisconnectReasonCode) -> Result<(), ClientError> {
        self.disconnect_with(reason, DisconnectProperties::default()).await
    }

    /// [`Client::disconnect`] with MQTT 5 properties (session expiry,
    /// reason string, user properties).
    pub async fn disconnect_with(
        &self,
        reason: DisconnectReasonCode,
        properties: DisconnectProperties,
    ) -> Result<(), ClientError> {
        let disconnect = if self.shared.version.is_v5() {
            Disconnect { reason_code: reason, properties }
        } else {
            Disconnect::default()
        };
        let (done, receiver) = oneshot::channel();
        if self.send(Command::Disconnect { disconnect, done }).await.is_err() {
            return Ok(()); // already closed
        }
        self.shared.closing.notify_one();
        receiver.await.unwrap_or(Ok(()))
    }

    /// Drops the connection at once, without DISCONNECT, as if the process
    /// had crashed: the broker publishes the will. Meant for tests and for
    /// `--will` demonstrations; nothing queued is sent.
    pub fn abort(&self) {
        // Not through the command queue: a full queue must not delay it.
        self.shared.abort_requested.store(true, Ordering::SeqCst);
        self.shared.closing.notify_one();
    }

    async fn send(&self, command: Command) -> Result<(), ClientError> {
        self.commands.send(command).await.map_err(|_| ClientError::Closed)
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("protocol", &self.shared.version).finish_non_exhaustive()
    }
}
