//! Async MQTT client on tokio, built on `mqtt-proto`: MQTT 3.1, 3.1.1 and
//! 5.0 over TCP, TLS, WebSocket and secure WebSocket.
//!
//! [`connect`] opens a connection and spawns its task; it returns a
//! cloneable [`Client`] (publish, subscribe, unsubscribe, disconnect) and
//! the [`Events`] stream (messages, disconnects, reconnects).
//!
//! # Module map
//!
//! | module | owns |
//! |---|---|
//! | `options` | [`ConnectOptions`], will, trace hook |
//! | `connection` | the connection task and [`connect`]; `link` drives one socket |
//! | `session` | sans-io session: packet ids, in-flight window, QoS 2 dedup, keep-alive |
//! | `handshake` | CONNECT / CONNACK, client id generation |
//! | `client` | [`Client`], [`PublishHandle`], [`OutgoingPublish`] |
//! | `events` | [`Events`], [`Event`], [`Message`] |
//! | `connack` | [`ConnAckInfo`], [`ServerLimits`] |
//! | `reconnect` | [`ReconnectPolicy`] and backoff |
//! | `error` | [`ClientError`] |
//! | [`transport`], [`url`], [`secret`] | byte streams, broker URLs, passwords |
#![deny(missing_docs)]

mod client;
mod connack;
mod connection;
mod error;
mod events;
mod handshake;
mod options;
mod reconnect;
pub mod secret;
mod session;
pub mod transport;
pub mod url;

pub use mqtt_proto::{
    AckProperties, ConnectReasonCode, Disconnect, DisconnectProperties, DisconnectReasonCode,
    MqttString, Packet, PacketId, PacketType, ProtocolVersion, PubAckReasonCode, PubCompReasonCode,
    Publish, PublishProperties, QoS, RetainHandling, SubAck, SubAckReasonCode, SubscribeProperties,
    SubscriptionOptions, Topic, TopicFilter, UnsubAck, UnsubAckReasonCode, UnsubscribeProperties,
    WillProperties,
};

pub use client::{Client, OutgoingPublish, PublishHandle, PublishOutcome};
pub use connack::{ConnAckInfo, ServerLimits};
pub use connection::{connect, connect_with};
pub use error::ClientError;
pub use events::{Event, Events, Message};
pub use options::{
    ConnectOptions, Direction, LastWill, Trace, DEFAULT_KEEP_ALIVE, DEFAULT_MAXIMUM_PACKET_SIZE,
    DEFAULT_MAX_INFLIGHT, DEFAULT_MESSAGE_CAPACITY,
};
pub use reconnect::ReconnectPolicy;
pub use secret::Secret;
pub use transport::{
    ConnectInfo, Connected, Connector, TlsOptions, TlsVersion, Transport, TransportError,
    TransportOptions,
};
pub use url::{BrokerUrl, Scheme, UrlError};
