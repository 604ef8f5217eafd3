//! What a connection is asked to be: [`ConnectOptions`] and its parts.
//!
//! Policy: every field has a documented default chosen for a command-line
//! tool (MQTT 5, 60 s keep-alive, clean start, a 256 MiB inbound packet cap
//! instead of a tiny one, TCP_NODELAY through the transport). Options are
//! plain data; they are checked when [`crate::connect`] uses them, and a bad
//! combination is a [`crate::ClientError::InvalidOptions`] naming the field.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use mqtt_proto::{Packet, ProtocolVersion};

use crate::reconnect::ReconnectPolicy;
use crate::secret::Secret;
use crate::transport::TransportOptions;

pub use mqtt_proto::Will as LastWill;

/// Default keep-alive interval.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(60);
/// Default cap on inbound packets (the largest packet MQTT can frame).
pub const DEFAULT_MAXIMUM_PACKET_SIZE: u32 = 256 * 1024 * 1024;
/// Outbound QoS 1/2 window for MQTT 3.x when none is given. 3.x has no
/// Receive Maximum, and brokers cap what they accept without saying so:
/// mosquitto 2.0.11 with its default `max_inflight_messages 20` silently
/// drops incoming QoS 2 messages beyond 20 in flight from a 3.1.1 client.
/// 20 is also libmosquitto's default.
pub const DEFAULT_MAX_INFLIGHT_V3: u16 = 20;
/// Default capacity of the inbound event stream.
pub const DEFAULT_MESSAGE_CAPACITY: usize = 1024;

/// Default of [`ConnectOptions::ack_timeout`].
pub const DEFAULT_ACK_TIMEOUT: Duration = Duration::from_secs(30);

/// Which way a traced packet went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From us to the broker.
    Sent,
    /// From the broker to us.
    Received,
}

/// A hook that sees every packet sent and received (`-d`, `inspect`). It
/// runs on the connection task: keep it quick.
pub type Trace = Arc<dyn Fn(Direction, &Packet) + Send + Sync>;

/// How to connect, and how the connection behaves.
#[derive(Clone)]
pub struct ConnectOptions {
    /// Where and how (tcp/tls/ws/wss, host, port, TLS settings).
    pub transport: TransportOptions,
    /// Protocol version (default MQTT 5).
    pub protocol: ProtocolVersion,
    /// Client identifier. `None` or empty: generated where the version
    /// needs one (3.1 always, 3.1.1 without clean session); MQTT 5 lets the
    /// broker assign one.
    pub client_id: Option<String>,
    /// Keep-alive interval, whole seconds (default 60 s); zero disables it.
    pub keep_alive: Duration,
    /// Clean start (5.0) / clean session (3.x); default true.
    pub clean_start: bool,
    /// MQTT 5 session expiry interval in seconds.
    pub session_expiry: Option<u32>,
    /// User name.
    pub username: Option<String>,
    /// Password (never shown by `Debug`).
    pub password: Option<Secret>,
    /// Will message, published by the broker if we vanish without DISCONNECT.
    pub will: Option<LastWill>,
    /// MQTT 5 Receive Maximum we announce: inbound QoS 1/2 messages the
    /// broker may have in flight to us (`None`: 65535).
    pub receive_maximum: Option<u16>,
    /// Cap on inbound packets (default 256 MiB); announced in MQTT 5.
    pub maximum_packet_size: Option<u32>,
    /// MQTT 5 inbound topic aliases we accept (default 0: none).
    pub topic_alias_maximum: u16,
    /// MQTT 5: ask for Response Information in CONNACK.
    pub request_response_information: bool,
    /// MQTT 5: whether the broker may send reason strings and user
    /// properties (`None`: the protocol default, yes).
    pub request_problem_information: Option<bool>,
    /// MQTT 5 CONNECT user properties.
    pub user_properties: Vec<(String, String)>,
    /// Outbound QoS 1/2 messages in flight at most; the effective window is
    /// `min(this, broker Receive Maximum)`. `None`: the broker's Receive
    /// Maximum in MQTT 5, [`DEFAULT_MAX_INFLIGHT_V3`] before.
    pub max_inflight: Option<u16>,
    /// Capacity of the [`crate::Events`] stream; when it is full the
    /// connection stops reading the socket (default 1024).
    pub message_capacity: usize,
    /// Limit for the whole connect: transport and CONNECT → CONNACK.
    pub connect_timeout: Duration,
    /// Silence from the broker after which the link counts as dead
    /// (default 1.5 × keep-alive; `Some(ZERO)` disables the check).
    pub dead_link_timeout: Option<Duration>,
    /// While a QoS 1/2 PUBLISH, SUBSCRIBE or UNSUBSCRIBE awaits its answer,
    /// the longest the broker may stay without acknowledging anything
    /// before the link fails with [`crate::ClientError::AckTimeout`]
    /// (default [`DEFAULT_ACK_TIMEOUT`]; `None` waits for ever).
    pub ack_timeout: Option<Duration>,
    /// Reconnect automatically (opt-in).
    pub reconnect: Option<ReconnectPolicy>,
    /// Observer of every packet sent and received.
    pub trace: Option<Trace>,
}

impl ConnectOptions {
    /// Options for `transport` with every other field at its default.
    pub fn new(transport: TransportOptions) -> ConnectOptions {
        let connect_timeout = transport.connect_timeout;
        ConnectOptions {
            transport,
            protocol: ProtocolVersion::V5,
            client_id: None,
            keep_alive: DEFAULT_KEEP_ALIVE,
            clean_start: true,
            session_expiry: None,
            username: None,
            password: None,
            will: None,
            receive_maximum: None,
            maximum_packet_size: None,
            topic_alias_maximum: 0,
            request_response_information: false,
            request_problem_information: None,
            user_properties: Vec::new(),
            max_inflight: None,
            message_capacity: DEFAULT_MESSAGE_CAPACITY,
            connect_timeout,
            dead_link_timeout: None,
            ack_timeout: Some(DEFAULT_ACK_TIMEOUT),
            reconnect: None,
            trace: None,
        }
    }

    /// The user's outbound window in effect.
    pub(crate) fn window(&self) -> u16 {
        match self.max_inflight {
            Some(window) => window.max(1),
            None if self.protocol.is_v5() => u16::MAX,
            None => DEFAULT_MAX_INFLIGHT_V3,
        }
    }

    /// The inbound packet cap in effect.
    pub(crate) fn inbound_packet_limit(&self) -> usize {
        self.maximum_packet_size.unwrap_or(DEFAULT_MAXIMUM_PACKET_SIZE).max(2) as usize
    }

    /// The dead-link timeout for a keep-alive interval (which the broker
    /// may have overridden).
    pub(crate) fn dead_link_after(&self, keep_alive: Duration) -> Option<Duration> {
        match self.dead_link_timeout {
            Some(timeout) => Some(timeout),
            None => (!keep_alive.is_zero()).then(|| keep_alive.mul_f64(1.5)),
        }
    }
}

impl fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("transport", &self.transport)
            .field("protocol", &self.protocol)
            .field("client_id", &self.client_id)
            .field("keep_alive", &self.keep_alive)
            .field("clean_start", &self.clean_start)
            .field("session_expiry", &self.session_expiry)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("will", &self.will)
            .field("receive_maximum", &self.receive_maximum)
            .field("maximum_packet_size", &self.maximum_packet_size)
            .field("topic_alias_maximum", &self.topic_alias_maximum)
            .field("request_response_information", &self.request_response_information)
            .field("request_problem_information", &self.request_problem_information)
            .field("user_properties", &self.user_properties)
            .field("max_inflight", &self.max_inflight)
            .field("message_capacity", &self.message_capacity)
            .field("connect_timeout", &self.connect_timeout)
            .field("dead_link_timeout", &self.dead_link_timeout)
            .field("ack_timeout", &self.ack_timeout)
            .field("reconnect", &self.reconnect)
            .field("trace", &self.trace.as_ref().map(|_| "(hook)"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::BrokerUrl;

    fn options() -> ConnectOptions {
        ConnectOptions::new(TransportOptions::new(
            BrokerUrl::parse("mqtt://127.0.0.1:1883").unwrap(),
        ))
    }

    #[test]
    fn debug_hides_the_password() {
        let mut options = options();
        options.password = Some(Secret::new("hunter2"));
        let text = format!("{options:?}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("(redacted)"), "{text}");
    }

    #[test]
    fn dead_link_defaults_to_one_and_a_half_keep_alives() {
        let mut options = options();
        assert_eq!(options.dead_link_after(Duration::from_secs(10)), Some(Duration::from_secs(15)));
        assert_eq!(options.dead_link_after(Duration::ZERO), None);
        options.dead_link_timeout = Some(Duration::from_secs(3));
        assert_eq!(options.dead_link_after(Duration::from_secs(10)), Some(Duration::from_secs(3)));
    }
}
