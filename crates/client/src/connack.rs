//! What the broker told us in CONNACK: [`ConnAckInfo`] and its
//! [`ServerLimits`].
//!
//! Policy: absent MQTT 5 properties are filled with the specification's
//! defaults (Maximum QoS 2, Retain Available, Receive Maximum 65535, no
//! packet size limit, wildcard/shared/subscription identifiers available),
//! and MQTT 3.x connections get those defaults too, so callers never deal
//! with "unknown". The limits are checked before anything is sent.

use std::time::Duration;

use mqtt_proto::{ConnAck, ConnAckProperties, QoS};

use crate::transport::ConnectInfo;

/// The broker's limits for this connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    /// Highest QoS we may publish with.
    pub maximum_qos: QoS,
    /// Whether we may publish retained messages.
    pub retain_available: bool,
    /// QoS 1/2 messages the broker accepts in flight from us.
    pub receive_maximum: u16,
    /// Largest packet the broker accepts (`None`: no limit but MQTT's own).
    pub maximum_packet_size: Option<u32>,
    /// Highest topic alias the broker accepts from us (0: none).
    pub topic_alias_maximum: u16,
    /// Keep-alive the broker imposed, overriding ours (MQTT 5).
    pub server_keep_alive: Option<u16>,
    /// Whether wildcard subscriptions are supported.
    pub wildcard_subscription_available: bool,
    /// Whether shared subscriptions are supported.
    pub shared_subscription_available: bool,
    /// Whether subscription identifiers are supported.
    pub subscription_identifiers_available: bool,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            maximum_qos: QoS::ExactlyOnce,
            retain_available: true,
            receive_maximum: u16::MAX,
            maximum_packet_size: None,
            topic_alias_maximum: 0,
            server_keep_alive: None,
            wildcard_subscription_available: true,
            shared_subscription_available: true,
            subscription_identifiers_available: true,
        }
    }
}

/// The accepted CONNACK, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnAckInfo {
    /// Whether the broker resumed a stored session.
    pub session_present: bool,
    /// The client identifier in use (ours, generated, or assigned).
    pub client_id: String,
    /// The identifier the broker assigned, when we sent none (MQTT 5).
    pub assigned_client_id: Option<String>,
    /// The keep-alive in effect (ours unless the broker overrode it).
    pub keep_alive: Duration,
    /// The session expiry interval in effect (MQTT 5; the broker may lower it).
    pub session_expiry: Option<u32>,
    /// The broker's limits.
    pub limits: ServerLimits,
    /// Response Information, if asked for and sent.
    pub response_information: Option<String>,
    /// Another server to use, if the broker named one.
    pub server_reference: Option<String>,
    /// Reason string, if any.
    pub reason_string: Option<String>,
    /// User properties, in order.
    pub user_properties: Vec<(String, String)>,
    /// The raw MQTT 5 properties, for `inspect`.
    pub properties: ConnAckProperties,
    /// How the transport under this connection was opened: addresses and
    /// the time TCP, TLS and WebSocket took (`bench`, `inspect`).
    pub transport: Option<ConnectInfo>,
}

impl ConnAckInfo {
    /// Builds the info from an accepted CONNACK; `client_id` is what we
    /// sent, `keep_alive` what we asked for, `session_expiry` what we asked.
    pub(crate) fn new(
        connack: ConnAck,
        client_id: &str,
        keep_alive: Duration,
        session_expiry: Option<u32>,
    ) -> ConnAckInfo {
        let properties = connack.properties;
        let text = |value: Option<&mqtt_proto::MqttString>| value.map(|v| v.as_str().to_owned());
        let assigned_client_id = text(properties.assigned_client_identifier());
        let limits = ServerLimits {
            maximum_qos: properties.maximum_qos().unwrap_or(QoS::ExactlyOnce),
            retain_available: properties.retain_available().unwrap_or(true),
            receive_maximum: properties.receive_maximum().unwrap_or(u16::MAX),
            maximum_packet_size: properties.maximum_packet_size(),
            topic_alias_maximum: properties.topic_alias_maximum().unwrap_or(0),
            server_keep_alive: properties.server_keep_alive(),
            wildcard_subscription_available: properties
                .wildcard_subscription_available()
                .unwrap_or(true),
            shared_subscription_available: properties
                .shared_subscription_available()
                .unwrap_or(true),
            subscription_identifiers_available: properties
                .subscription_identifier_available()
                .unwrap_or(true),
        };
        let keep_alive = match limits.server_keep_alive {
            Some(seconds) => Duration::from_secs(u64::from(seconds)),
            None => keep_alive,
        };
        ConnAckInfo {
            session_present: connack.session_present,
            client_id: assigned_client_id.clone().unwrap_or_else(|| client_id.to_owned()),
            assigned_client_id,
            keep_alive,
            session_expiry: properties.session_expiry_interval().or(session_expiry),
            limits,
            response_information: text(properties.response_information()),
            server_reference: text(properties.server_reference()),
            reason_string: text(properties.reason_string()),
            user_properties: properties
                .user_properties()
                .map(|(key, value)| (key.as_str().to_owned(), value.as_str().to_owned()))
                .collect(),
            properties,
            transport: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mqtt_proto::{ConnectReasonCode, MqttString};

    #[test]
    fn absent_properties_mean_the_specification_defaults() {
        let info = ConnAckInfo::new(
            ConnAck::new(ConnectReasonCode::Success),
            "me",
            Duration::from_secs(30),
            None,
        );
        assert_eq!(info.limits, ServerLimits::default());
        assert_eq!(info.client_id, "me");
        assert_eq!(info.keep_alive, Duration::from_secs(30));
    }

    #[test]
    fn broker_values_override_ours() {
        let mut connack = ConnAck::new(ConnectReasonCode::Success);
        connack.session_present = true;
        connack.properties.set_maximum_qos(QoS::AtLeastOnce);
        connack.properties.set_retain_available(false);
        connack.properties.set_receive_maximum(10);
        connack.properties.set_server_keep_alive(5);
        connack.properties.set_assigned_client_identifier(MqttString::from_static("auto-1"));
        connack.properties.set_session_expiry_interval(60);
        let info = ConnAckInfo::new(connack, "", Duration::from_secs(30), Some(3600));
        assert!(info.session_present);
        assert_eq!(info.limits.maximum_qos, QoS::AtLeastOnce);
        assert!(!info.limits.retain_available);
        assert_eq!(info.limits.receive_maximum, 10);
        assert_eq!(info.keep_alive, Duration::from_secs(5));
        assert_eq!(info.client_id, "auto-1");
        assert_eq!(info.assigned_client_id.as_deref(), Some("auto-1"));
        assert_eq!(info.session_expiry, Some(60));
    }
}
