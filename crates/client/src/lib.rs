//! Async MQTT client on tokio, built on `mqtt-proto`: MQTT 3.1, 3.1.1 and
//! 5.0 over TCP, TLS, WebSocket and secure WebSocket.
//!
//! [`connect`] opens a connection and spawns its task; it returns a
//! cloneable [`Client`] (publish, subscribe, unsubscribe, disconnect) and
//! the [`Events`] stream (messages, disconnects, reconnects).
//!
//! ```no_run
//! use mqtt_client::{
//!     connect, BrokerUrl, ConnectOptions, Event, OutgoingPublish, QoS, SubscribeProperties,
//!     SubscriptionOptions, Topic, TopicFilter, TransportOptions,
//! };
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let url = BrokerUrl::parse("mqtt://127.0.0.1:1883")?;
//! let (client, mut events) = connect(ConnectOptions::new(TransportOptions::new(url))).await?;
//! let filter = TopicFilter::try_from("sensors/#")?;
//! let granted = client.subscribe(vec![(filter, SubscriptionOptions::new(QoS::AtLeastOnce))], SubscribeProperties::default()).await?;
//! println!("granted: {:?}", granted.reason_codes);
//! let message = OutgoingPublish::new(Topic::try_from("sensors/1")?, "21.5", QoS::AtLeastOnce);
//! let outcome = client.publish(message).await?.await?; // queued, then acknowledged
//! println!("PUBACK {} for packet {:?}", outcome.reason_name, outcome.packet_id);
//! while let Some(event) = events.recv().await {
//!     match event {
//!         Event::Message(message) => println!("{}: {:?}", message.topic, message.payload),
//!         Event::Disconnected { reason } => eprintln!("disconnected: {reason}"),
//!         Event::Reconnected { .. } => {}
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Module map
//!
//! | module | owns |
//! |---|---|
//! | `options` | [`ConnectOptions`], will, trace hook |
//! | `connection` | the connection task and [`connect`]; `link` drives one socket |
//! | `session` | sans-io session: packet ids, in-flight window, QoS 2 dedup, keep-alive |
//! | `handshake` | CONNECT / CONNACK, client id generation |
//! | `client` | [`Client`] and the commands it sends to the connection task |
//! | `publish` | [`OutgoingPublish`], [`PublishHandle`], [`PublishOutcome`] |
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
mod publish;
mod queue;
mod reconnect;
pub mod secret;
mod session;
pub mod transport;
pub mod url;

pub use mqtt_proto::{
    AckProperties, ConnectReasonCode, Disconnect, DisconnectProperties, DisconnectReasonCode,
    MqttString, Packet, PacketId, PacketType, Property, PropertyId, ProtocolVersion,
    PubAckReasonCode, PubCompReasonCode, Publish, PublishProperties, QoS, RetainHandling, SubAck,
    SubAckReasonCode, SubscribeProperties, SubscriptionOptions, Topic, TopicFilter, UnsubAck,
    UnsubAckReasonCode, UnsubscribeProperties, WillProperties,
};

pub use client::Client;
pub use connack::{ConnAckInfo, ServerLimits};
pub use connection::{connect, connect_with};
pub use error::ClientError;
pub use events::{Event, Events, Message};
pub use options::{
    ConnectOptions, Direction, LastWill, Trace, DEFAULT_ACK_TIMEOUT, DEFAULT_KEEP_ALIVE,
    DEFAULT_MAXIMUM_PACKET_SIZE, DEFAULT_MAX_INFLIGHT_V3, DEFAULT_MESSAGE_CAPACITY,
};
pub use publish::{OutgoingPublish, PublishHandle, PublishOutcome};
pub use reconnect::ReconnectPolicy;
pub use secret::Secret;
pub use transport::{
    ConnectInfo, Connected, Connector, Endpoint, Proxy, ProxyKind, TlsOptions, TlsVersion,
    Transport, TransportError, TransportOptions,
};
pub use url::{BrokerUrl, Scheme, UrlError};
