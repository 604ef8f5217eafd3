//! The typed property set of each packet (MQTT 5.0 §3.x.2.x "Properties").

use bytes::Bytes;

use crate::properties::{
    property_getter, property_set, Property, PropertyContext, PropertyError, PropertyId,
};
use crate::string::MqttString;
use crate::topic::Topic;
use crate::version::QoS;

property_set! {
    /// CONNECT properties (MQTT 5.0 §3.1.2.11).
    pub struct ConnectProperties in Connect {
        /// Seconds the session outlives the connection.
        copy session_expiry_interval / set_session_expiry_interval: u32 = SessionExpiryInterval,
        /// QoS 1 and 2 messages the client is willing to process at once.
        copy receive_maximum / set_receive_maximum: u16 = ReceiveMaximum,
        /// The largest packet the client accepts.
        copy maximum_packet_size / set_maximum_packet_size: u32 = MaximumPacketSize,
        /// The highest topic alias the client accepts.
        copy topic_alias_maximum / set_topic_alias_maximum: u16 = TopicAliasMaximum,
        /// Asks for Response Information in CONNACK.
        copy request_response_information / set_request_response_information: bool = RequestResponseInformation,
        /// Whether the server may send reason strings and user properties.
        copy request_problem_information / set_request_problem_information: bool = RequestProblemInformation,
        /// Extended authentication method.
        ref authentication_method / set_authentication_method: MqttString = AuthenticationMethod,
        /// Extended authentication data.
        ref authentication_data / set_authentication_data: Bytes = AuthenticationData,
    }
}

property_set! {
    /// Will properties in the CONNECT payload (MQTT 5.0 §3.1.3.2).
    pub struct WillProperties in Will {
        /// Seconds the server waits before publishing the will.
        copy will_delay_interval / set_will_delay_interval: u32 = WillDelayInterval,
        /// Whether the will payload is UTF-8.
        copy payload_format_indicator / set_payload_format_indicator: bool = PayloadFormatIndicator,
        /// Lifetime of the will message in seconds.
        copy message_expiry_interval / set_message_expiry_interval: u32 = MessageExpiryInterval,
        /// MIME type or similar of the payload.
        ref content_type / set_content_type: MqttString = ContentType,
        /// Topic for a response (request/response pattern).
        ref response_topic / set_response_topic: Topic = ResponseTopic,
        /// Correlates a response with its request.
        ref correlation_data / set_correlation_data: Bytes = CorrelationData,
    }
}

property_set! {
    /// CONNACK properties (MQTT 5.0 §3.2.2.3).
    pub struct ConnAckProperties in ConnAck {
        /// The session expiry interval the server uses.
        copy session_expiry_interval / set_session_expiry_interval: u32 = SessionExpiryInterval,
        /// QoS 1 and 2 messages the server is willing to process at once.
        copy receive_maximum / set_receive_maximum: u16 = ReceiveMaximum,
        /// Highest QoS the server supports (0 or 1; absent means 2).
        copy maximum_qos / set_maximum_qos: QoS = MaximumQoS,
        /// Whether the server supports retained messages.
        copy retain_available / set_retain_available: bool = RetainAvailable,
        /// The largest packet the server accepts.
        copy maximum_packet_size / set_maximum_packet_size: u32 = MaximumPacketSize,
        /// The client identifier the server assigned.
        ref assigned_client_identifier / set_assigned_client_identifier: MqttString = AssignedClientIdentifier,
        /// The highest topic alias the server accepts.
        copy topic_alias_maximum / set_topic_alias_maximum: u16 = TopicAliasMaximum,
        /// Human-readable diagnostics.
        ref reason_string / set_reason_string: MqttString = ReasonString,
        /// Whether wildcard subscriptions are supported.
        copy wildcard_subscription_available / set_wildcard_subscription_available: bool = WildcardSubscriptionAvailable,
        /// Whether subscription identifiers are supported.
        copy subscription_identifier_available / set_subscription_identifier_available: bool = SubscriptionIdentifierAvailable,
        /// Whether shared subscriptions are supported.
        copy shared_subscription_available / set_shared_subscription_available: bool = SharedSubscriptionAvailable,
        /// Keep alive the client must use instead of its own.
        copy server_keep_alive / set_server_keep_alive: u16 = ServerKeepAlive,
        /// Basis for the response topic.
        ref response_information / set_response_information: MqttString = ResponseInformation,
        /// Another server to use.
        ref server_reference / set_server_reference: MqttString = ServerReference,
        /// Extended authentication method.
        ref authentication_method / set_authentication_method: MqttString = AuthenticationMethod,
        /// Extended authentication data.
        ref authentication_data / set_authentication_data: Bytes = AuthenticationData,
    }
}

property_set! {
    /// PUBLISH properties (MQTT 5.0 §3.3.2.3).
    pub struct PublishProperties in Publish {
        /// Whether the payload is UTF-8.
        copy payload_format_indicator / set_payload_format_indicator: bool = PayloadFormatIndicator,
        /// Lifetime of the message in seconds.
        copy message_expiry_interval / set_message_expiry_interval: u32 = MessageExpiryInterval,
        /// Topic alias (1..=Topic Alias Maximum).
        copy topic_alias / set_topic_alias: u16 = TopicAlias,
        /// Topic for a response.
        ref response_topic / set_response_topic: Topic = ResponseTopic,
        /// Correlates a response with its request.
        ref correlation_data / set_correlation_data: Bytes = CorrelationData,
        /// MIME type or similar of the payload.
        ref content_type / set_content_type: MqttString = ContentType,
    }
    repeated {
        /// Identifiers of the subscriptions that matched (server to client).
        subscription_identifiers / push_subscription_identifier: u32 = SubscriptionIdentifier,
    }
}

property_set! {
    /// Properties of PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 §3.4.2.2).
    pub struct AckProperties in Ack {
        /// Human-readable diagnostics.
        ref reason_string / set_reason_string: MqttString = ReasonString,
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
        copy subscription_identifier / set_subscription_identifier: u32 = SubscriptionIdentifier,
    }
}

property_set! {
    /// SUBACK properties (MQTT 5.0 §3.9.2.1).
    pub struct SubAckProperties in SubAck {
        /// Human-readable diagnostics.
        ref reason_string / set_reason_string: MqttString = ReasonString,
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
        ref reason_string / set_reason_string: MqttString = ReasonString,
    }
}

property_set! {
    /// DISCONNECT properties (MQTT 5.0 §3.14.2.2).
    pub struct DisconnectProperties in Disconnect {
        /// New session expiry interval (client to server only).
        copy session_expiry_interval / set_session_expiry_interval: u32 = SessionExpiryInterval,
        /// Human-readable diagnostics.
        ref reason_string / set_reason_string: MqttString = ReasonString,
        /// Another server to use.
        ref server_reference / set_server_reference: MqttString = ServerReference,
    }
}

property_set! {
    /// AUTH properties (MQTT 5.0 §3.15.2.2).
    pub struct AuthProperties in Auth {
        /// Extended authentication method.
        ref authentication_method / set_authentication_method: MqttString = AuthenticationMethod,
        /// Extended authentication data.
        ref authentication_data / set_authentication_data: Bytes = AuthenticationData,
        /// Human-readable diagnostics.
        ref reason_string / set_reason_string: MqttString = ReasonString,
    }
}
