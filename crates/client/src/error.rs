//! [`ClientError`]: everything that can go wrong between `connect` and
//! `disconnect`.
//!
//! Policy: each variant names what failed and carries what the caller needs
//! to react (the reason code and reason string of a refusal or a server
//! DISCONNECT, the limit that was exceeded). Errors are `Clone` because one
//! link failure fails many publish handles at once; sources that are not
//! `Clone` are shared behind an `Arc`. Messages start lowercase and never
//! contain a password.

use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use mqtt_proto::{ConnectReasonCode, DecodeError, DisconnectReasonCode, EncodeError, QoS};

use crate::transport::TransportError;

/// Why a client operation failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The transport (TCP, TLS, WebSocket) could not be opened.
    #[error(transparent)]
    Transport(Arc<TransportError>),
    /// Reading or writing the connection failed.
    #[error("connection error: {0}")]
    Io(Arc<io::Error>),
    /// No CONNACK within the connect timeout.
    #[error("no CONNACK from the broker within {0:?}")]
    ConnectTimeout(Duration),
    /// The broker answered CONNECT with a failure.
    #[error("the broker refused the connection: {reason_code}{}", Reason(reason_string))]
    Refused {
        /// The CONNACK reason code (3.x return codes mapped to MQTT 5 names).
        reason_code: ConnectReasonCode,
        /// The MQTT 5 reason string, if the broker sent one.
        reason_string: Option<String>,
    },
    /// The broker sent a packet that breaks the protocol.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The broker sent bytes that are not a valid packet.
    #[error("malformed packet from the broker: {0}")]
    Decode(DecodeError),
    /// A packet could not be encoded (an invalid property, for example).
    #[error("cannot encode the packet: {0}")]
    Encode(EncodeError),
    /// The broker closed the connection with a DISCONNECT.
    #[error("the broker disconnected: {reason_code}{}", Reason(reason_string))]
    Disconnected {
        /// The DISCONNECT reason code (Normal disconnection before MQTT 5).
        reason_code: DisconnectReasonCode,
        /// The MQTT 5 reason string, if the broker sent one.
        reason_string: Option<String>,
    },
    /// The broker closed the TCP connection without a DISCONNECT.
    #[error("the broker closed the connection")]
    ConnectionClosed,
    /// Nothing arrived from the broker for this long: the link is dead.
    #[error("no packet from the broker for {0:?}: the link is dead")]
    KeepAliveTimeout(Duration),
    /// Something awaited an acknowledgement and the broker acknowledged
    /// nothing for this long.
    #[error("no acknowledgement from the broker for {waited:?} while waiting for {awaiting}")]
    AckTimeout {
        /// The ack timeout.
        waited: Duration,
        /// The oldest wait, e.g. "PUBACK for packet 1 (and 3 more)".
        awaiting: String,
    },
    /// The client was closed (disconnect, abort, or a failure without
    /// reconnect); the operation did not complete.
    #[error("the client is closed")]
    Closed,
    /// Reconnected without the old session: this message was not confirmed
    /// and was not resent (see [`crate::Event::Reconnected`]).
    #[error("the session was lost on reconnect; the message was not confirmed")]
    SessionLost,
    /// QoS above the broker's Maximum QoS; nothing was sent.
    #[error("QoS {requested} is above the broker's maximum QoS {maximum}")]
    QoSNotSupported {
        /// What the message asked for.
        requested: QoS,
        /// What the broker allows.
        maximum: QoS,
    },
    /// Retain requested but the broker has no retained messages; nothing
    /// was sent.
    #[error("the broker does not support retained messages (Retain Available is 0)")]
    RetainNotSupported,
    /// The packet is bigger than the broker accepts; nothing was sent.
    #[error(
        "{packet} of {size} bytes exceeds the broker's maximum packet size of {maximum} bytes"
    )]
    PacketTooLarge {
        /// The packet type.
        packet: &'static str,
        /// Its encoded size.
        size: usize,
        /// The broker's Maximum Packet Size.
        maximum: u32,
    },
    /// A topic alias outside 1..=the broker's Topic Alias Maximum.
    #[error("topic alias {alias} is outside the broker's range 1..={maximum}")]
    TopicAliasInvalid {
        /// The alias asked for.
        alias: u16,
        /// The broker's Topic Alias Maximum.
        maximum: u16,
    },
    /// The options cannot work; names the field.
    #[error("invalid connect options: {0}")]
    InvalidOptions(String),
    /// All 65535 packet identifiers are in use.
    #[error("all 65535 packet identifiers are in use")]
    NoPacketIdentifier,
    /// A SUBSCRIBE or UNSUBSCRIBE with no topic filter.
    #[error("{0} needs at least one topic filter")]
    NoFilters(&'static str),
}

impl ClientError {
    /// The reason code of a refusal or a server DISCONNECT, as a byte.
    pub fn reason_code(&self) -> Option<u8> {
        match self {
            ClientError::Refused { reason_code, .. } => Some(reason_code.code()),
            ClientError::Disconnected { reason_code, .. } => Some(reason_code.code()),
            _ => None,
        }
    }
}

impl ClientError {
    /// Whether reconnecting could help. A broker that broke the protocol
    /// or sent a malformed packet will do it again: the link is not
    /// retried, and every unconfirmed message fails with this error.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, ClientError::Protocol(_) | ClientError::Decode(_))
    }
}

impl From<io::Error> for ClientError {
    fn from(error: io::Error) -> Self {
        ClientError::Io(Arc::new(error))
    }
}

impl From<TransportError> for ClientError {
    fn from(error: TransportError) -> Self {
        ClientError::Transport(Arc::new(error))
    }
}

impl From<DecodeError> for ClientError {
    fn from(error: DecodeError) -> Self {
        ClientError::Decode(error)
    }
}

impl From<EncodeError> for ClientError {
    fn from(error: EncodeError) -> Self {
        ClientError::Encode(error)
    }
}

/// Formats an optional reason string as `: "text"`.
struct Reason<'a>(&'a Option<String>);

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(text) => write!(f, ": {text:?}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_names_code_and_reason() {
        let error = ClientError::Refused {
            reason_code: ConnectReasonCode::BadUserNameOrPassword,
            reason_string: Some("who are you".into()),
        };
        assert_eq!(
            error.to_string(),
            "the broker refused the connection: Bad User Name or Password (0x86): \"who are you\""
        );
        assert_eq!(error.reason_code(), Some(0x86));
    }
}
