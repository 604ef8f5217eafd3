//! One outgoing message: [`OutgoingPublish`] going in, [`PublishHandle`]
//! and [`PublishOutcome`] coming back.
//!
//! Policy: QoS 0 has no per-message future (the handle is complete at
//! once); QoS 1/2 resolve through a oneshot channel when PUBACK/PUBCOMP
//! arrives, or fail with the error that ended the exchange. A v5 failure
//! code in the acknowledgement is an `Ok` outcome carrying that code: the
//! broker answered, the caller decides.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use mqtt_proto::{AckProperties, PacketId, Publish, PublishProperties, QoS, Topic};
use tokio::sync::oneshot;

use crate::error::ClientError;

/// What a finished QoS 1/2 publish came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishOutcome {
    /// The packet identifier it was sent with (`None` for QoS 0).
    pub packet_id: Option<PacketId>,
    /// The reason code of the final acknowledgement: PUBACK (QoS 1),
    /// PUBCOMP (QoS 2), or PUBREC when that reported a failure. Always
    /// Success (0) before MQTT 5 and for QoS 0.
    pub reason_code: u8,
    /// The reason code's name, for messages.
    pub reason_name: &'static str,
    /// MQTT 5 properties of the acknowledgement (reason string, user
    /// properties).
    pub properties: AckProperties,
}

impl PublishOutcome {
    /// Whether the broker reported success (reason code below 0x80).
    pub fn is_success(&self) -> bool {
        self.reason_code < 0x80
    }

    pub(crate) fn qos0() -> PublishOutcome {
        PublishOutcome {
            packet_id: None,
            reason_code: 0,
            reason_name: "Success",
            properties: AckProperties::default(),
        }
    }
}

/// A message to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingPublish {
    /// Where to publish.
    pub topic: Topic,
    /// The payload.
    pub payload: Bytes,
    /// Delivery QoS.
    pub qos: QoS,
    /// Whether the broker keeps it for future subscribers.
    pub retain: bool,
    /// MQTT 5 properties (ignored before MQTT 5).
    pub properties: PublishProperties,
}

impl OutgoingPublish {
    /// A message without retain and without properties.
    pub fn new(topic: Topic, payload: impl Into<Bytes>, qos: QoS) -> OutgoingPublish {
        OutgoingPublish {
            topic,
            payload: payload.into(),
            qos,
            retain: false,
            properties: PublishProperties::default(),
        }
    }

    pub(crate) fn into_packet(self) -> Publish {
        Publish {
            dup: false,
            qos: self.qos,
            retain: self.retain,
            topic: self.topic,
            packet_id: None,
            properties: self.properties,
            payload: self.payload,
        }
    }
}

/// Resolves when the broker confirms a QoS 1/2 message (immediately, with
/// success, for QoS 0). An `Err` means the message was not confirmed.
/// Dropping it is fine: the message is still sent and acknowledged.
pub struct PublishHandle {
    state: HandleState,
}

impl PublishHandle {
    pub(crate) fn ready(outcome: PublishOutcome) -> PublishHandle {
        PublishHandle { state: HandleState::Ready(Some(outcome)) }
    }

    pub(crate) fn waiting(
        receiver: oneshot::Receiver<Result<PublishOutcome, ClientError>>,
    ) -> PublishHandle {
        PublishHandle { state: HandleState::Waiting(receiver) }
    }
}

impl std::fmt::Debug for PublishHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            HandleState::Ready(_) => "ready",
            HandleState::Waiting(_) => "waiting for the broker",
        };
        f.debug_tuple("PublishHandle").field(&state).finish()
    }
}

enum HandleState {
    Ready(Option<PublishOutcome>),
    Waiting(oneshot::Receiver<Result<PublishOutcome, ClientError>>),
}

impl Future for PublishHandle {
    type Output = Result<PublishOutcome, ClientError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().state {
            HandleState::Ready(outcome) => Poll::Ready(outcome.take().ok_or(ClientError::Closed)),
            HandleState::Waiting(receiver) => {
                Pin::new(receiver).poll(cx).map(|result| result.unwrap_or(Err(ClientError::Closed)))
            }
        }
    }
}
