//! The typed property set of each packet (MQTT 5.0 §3.x.2.x "Properties").

use bytes::{Bytes, BytesMut};

use crate::error::EncodeError;
use crate::properties::value::PropertyValue;
use crate::properties::{property_set, Property, PropertyContext, PropertyId};
use crate::string::MqttString;
use crate::topic::Topic;
use crate::version::QoS;

property_set! {
    /// CONNECT properties (MQTT 5.0 §3.1.2.11).
    pub struct ConnectProperties in Connect {
        /// Seconds the session outlives the connection.
        pub session_expiry_interval: Option<u32> = SessionExpiryInterval,
        /// QoS 1 and 2 messages the client is willing to process at once.
        pub receive_maximum: Option<u16> = ReceiveMaximum,
        /// The largest packet the client accepts.
        pub maximum_packet_size: Option<u32> = MaximumPacketSize,
        /// The highest topic alias the client accepts.
        pub topic_alias_maximum: Option<u16> = TopicAliasMaximum,
        /// Asks for Response Information in CONNACK.
        pub request_response_information: Option<bool> = RequestResponseInformation,
        /// Whether the server may send reason strings and user properties.
        pub request_problem_information: Option<bool> = RequestProblemInformation,
        /// Extended authentication method.
        pub authentication_method: Option<MqttString> = AuthenticationMethod,
        /// Extended authentication data.
        pub authentication_data: Option<Bytes> = AuthenticationData,
    }
}

property_set! {
    /// Will properties in the CONNECT payload (MQTT 5.0 §3.1.3.2).
    pub struct WillProperties in Will {
        /// Seconds the server waits before publishing the will.
        pub will_delay_interval: Option<u32> = WillDelayInterval,
        /// Whether the will payload is UTF-8.
        pub payload_format_indicator: Option<bool> = PayloadFormatIndicator,
        /// Lifetime of the will message in seconds.
        pub message_expiry_interval: Option<u32> = MessageExpiryInterval,
        /// MIME type or similar of the payload.
        pub content_type: Option<MqttString> = ContentType,
        /// Topic for a response (request/response pattern).
        pub response_topic: Option<Topic> = ResponseTopic,
        /// Correlates a response with its request.
        pub correlation_data: Option<Bytes> = CorrelationData,
    }
}

property_set! {
    /// CONNACK properties (MQTT 5.0 §3.2.2.3).
    pub struct ConnAckProperties in ConnAck {
        /// The session expiry interval the server uses.
        pub session_expiry_interval: Option<u32> = SessionExpiryInterval,
        /// QoS 1 and 2 messages the server is willing to process at once.
        pub receive_maximum: Option<u16> = ReceiveMaximum,
        /// Highest QoS the server supports (0 or 1; absent means 2).
        pub maximum_qos: Option<QoS> = MaximumQoS,
        /// Whether the server supports retained messages.
        pub retain_available: Option<bool> = RetainAvailable,
        /// The largest packet the server accepts.
        pub maximum_packet_size: Option<u32> = MaximumPacketSize,
        /// The client identifier the server assigned.
        pub assigned_client_identifier: Option<MqttString> = AssignedClientIdentifier,
        /// The highest topic alias the server accepts.
        pub topic_alias_maximum: Option<u16> = TopicAliasMaximum,
        /// Human-readable diagnostics.
        pub reason_string: Option<MqttString> = ReasonString,
        /// Whether wildcard subscriptions are supported.
        pub wildcard_subscription_available: Option<bool> = WildcardSubscriptionAvailable,
        /// Whether subscription identifiers are supported.
        pub subscription_identifier_available: Option<bool> = SubscriptionIdentifierAvailable,
        /// Whether shared subscriptions are supported.
        pub shared_subscription_available: Option<bool> = SharedSubscriptionAvailable,
        /// Keep alive the client must use instead of its own.
        pub server_keep_alive: Option<u16> = ServerKeepAlive,
        /// Basis for the response topic.
        pub response_information: Option<MqttString> = ResponseInformation,
        /// Another server to use.
        pub server_reference: Option<MqttString> = ServerReference,
        /// Extended authentication method.
        pub authentication_method: Option<MqttString> = AuthenticationMethod,
        /// Extended authentication data.
        pub authentication_data: Option<Bytes> = AuthenticationData,
    }
}

property_set! {
    /// PUBLISH properties (MQTT 5.0 §3.3.2.3).
    pub struct PublishProperties in Publish {
        /// Whether the payload is UTF-8.
        pub payload_format_indicator: Option<bool> = PayloadFormatIndicator,
        /// Lifetime of the message in seconds.
        pub message_expiry_interval: Option<u32> = MessageExpiryInterval,
        /// Topic alias (1..=Topic Alias Maximum).
        pub topic_alias: Option<u16> = TopicAlias,
        /// Topic for a response.
        pub response_topic: Option<Topic> = ResponseTopic,
        /// Correlates a response with its request.
        pub correlation_data: Option<Bytes> = CorrelationData,
        /// MIME type or similar of the payload.
        pub content_type: Option<MqttString> = ContentType,
    }
    repeated {
        /// Identifiers of the subscriptions that matched (server to client).
        pub subscription_identifiers: Vec<u32> = SubscriptionIdentifier,
    }
}

property_set! {
    /// Properties of PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 §3.4.2.2).
    pub struct AckProperties in Ack {
        /// Human-readable diagnostics.
        pub reason_string: Option<MqttString> = ReasonString,
    }
}

/// PUBACK properties.
pub type PubAckProperties = AckProperties;
/// PUBREC properties.
pub type PubRecProperties = AckProperties;
/// PUBREL properties.
pub type PubRelProperties = AckProperties;
/// PUBCOMP properties.
pub type PubCompProperties = AckProperties;

property_set! {
    /// SUBSCRIBE properties (MQTT 5.0 §3.8.2.1).
    pub struct SubscribeProperties in Subscribe {
        /// Identifier echoed in matching PUBLISH packets (1..268,435,455).
        pub subscription_identifier: Option<u32> = SubscriptionIdentifier,
    }
}

property_set! {
    /// SUBACK properties (MQTT 5.0 §3.9.2.1).
    pub struct SubAckProperties in SubAck {
        /// Human-readable diagnostics.
        pub reason_string: Option<MqttString> = ReasonString,
    }
}

property_set! {
    /// UNSUBSCRIBE properties (MQTT 5.0 §3.10.2.1): user properties only.
    pub struct UnsubscribeProperties in Unsubscribe {}
}

property_set! {
    /// UNSUBACK properties (MQTT 5.0 §3.11.2.1).
    pub struct UnsubAckProperties in UnsubAck {
        /// Human-readable diagnostics.
        pub reason_string: Option<MqttString> = ReasonString,
    }
}

property_set! {
    /// DISCONNECT properties (MQTT 5.0 §3.14.2.2).
    pub struct DisconnectProperties in Disconnect {
        /// New session expiry interval (client to server only).
        pub session_expiry_interval: Option<u32> = SessionExpiryInterval,
        /// Human-readable diagnostics.
        pub reason_string: Option<MqttString> = ReasonString,
        /// Another server to use.
        pub server_reference: Option<MqttString> = ServerReference,
    }
}

property_set! {
    /// AUTH properties (MQTT 5.0 §3.15.2.2).
    pub struct AuthProperties in Auth {
        /// Extended authentication method.
        pub authentication_method: Option<MqttString> = AuthenticationMethod,
        /// Extended authentication data.
        pub authentication_data: Option<Bytes> = AuthenticationData,
        /// Human-readable diagnostics.
        pub reason_string: Option<MqttString> = ReasonString,
    }
}
