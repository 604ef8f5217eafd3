//! Reason codes (MQTT 5.0 §2.4, Table 2-6) per packet, with their names,
//! and the mapping of the 3.x CONNACK return codes and SUBACK codes.
//!
//! Policy: each packet has its own enum holding the codes the specification
//! allows in it (`ALL`, `from_code`); only those are ever encoded. Be strict
//! in what we send, forgiving in what we accept where the meaning is clear:
//! PUBACK/PUBREC, SUBACK and UNSUBACK also hold the MQTT 5 failure codes
//! (0x80 and above) of other packets, "accepted from peers" (`from_peer_code`,
//! `is_listed` false), since a failure there is a refusal whatever its name
//! (mosquitto 2.0 answers an oversized PUBLISH with PUBACK 0x95). PUBREL and
//! PUBCOMP stay strict: their one failure, "Packet Identifier not found",
//! drives the QoS 2 flow, and another code has no clear meaning there. Any
//! other byte makes the packet malformed. PUBREC shares PUBACK's set and
//! PUBCOMP shares PUBREL's.

use core::fmt;

/// A reason code byte that is not valid for the packet it was meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("reason code {code:#04x} is not valid in {packet}")]
pub struct InvalidReasonCode {
    /// The byte.
    pub code: u8,
    /// The packet (or packets) the set belongs to.
    pub packet: &'static str,
}

macro_rules! reason_codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident for $packet:literal {
            $( $(#[$variant_meta:meta])* $variant:ident = $code:literal, $text:literal; )*
        }
        $(
            accepted from peers {
                $( $(#[$peer_meta:meta])* $peer_variant:ident = $peer_code:literal, $peer_text:literal; )*
            }
        )?
    ) => {
        $(#[$meta])*
        ///
        /// The default is the code 0x00.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            $( $(#[$variant_meta])* #[doc = $text] $variant = $code, )*
            $($(
                $(#[$peer_meta])*
                #[doc = $peer_text]
                #[doc = ""]
                #[doc = concat!("Not listed for ", $packet, " in MQTT 5: accepted when decoding, never encoded.")]
                $peer_variant = $peer_code,
            )*)?
        }

        impl $name {
            /// Every code valid in this packet, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code byte.
            pub const fn code(self) -> u8 {
                self as u8
            }

            /// The code with this byte, if valid in this packet.
            pub const fn from_code(code: u8) -> Option<$name> {
                match code {
                    $( $code => Some($name::$variant), )*
                    _ => None,
                }
            }

            /// The code with this byte as received from a peer: the codes
            /// valid in this packet, and the MQTT 5 codes of other packets
            /// whose meaning here is clear (see [`is_listed`](Self::is_listed)).
            pub const fn from_peer_code(code: u8) -> Option<$name> {
                match code {
                    $( $code => Some($name::$variant), )*
                    $($( $peer_code => Some($name::$peer_variant), )*)?
                    _ => None,
                }
            }

            /// Whether the specification lists this code for this packet;
            /// the others are only accepted from peers and never encoded.
            pub const fn is_listed(self) -> bool {
                match self {
                    $( $name::$variant => true, )*
                    $($( $name::$peer_variant => false, )*)?
                }
            }

            /// The name the specification gives it.
            pub const fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                    $($( $name::$peer_variant => $peer_text, )*)?
                }
            }

            /// Whether this code reports a failure (0x80 and above).
            pub const fn is_error(self) -> bool {
                self.code() >= 0x80
            }
        }

        impl TryFrom<u8> for $name {
            type Error = InvalidReasonCode;

            fn try_from(code: u8) -> Result<Self, Self::Error> {
                $name::from_code(code).ok_or(InvalidReasonCode { code, packet: $packet })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} ({:#04x})", self.name(), self.code())
            }
        }
    };
}

reason_codes! {
    /// CONNACK reason codes (MQTT 5.0 §3.2.2.2); 3.x return codes map here.
    pub enum ConnectReasonCode for "CONNACK" {
        #[default]
        Success = 0x00, "Success";
        UnspecifiedError = 0x80, "Unspecified error";
        MalformedPacket = 0x81, "Malformed Packet";
        ProtocolError = 0x82, "Protocol Error";
        ImplementationSpecificError = 0x83, "Implementation specific error";
        UnsupportedProtocolVersion = 0x84, "Unsupported Protocol Version";
        ClientIdentifierNotValid = 0x85, "Client Identifier not valid";
        BadUserNameOrPassword = 0x86, "Bad User Name or Password";
        NotAuthorized = 0x87, "Not authorized";
        ServerUnavailable = 0x88, "Server unavailable";
        ServerBusy = 0x89, "Server busy";
        Banned = 0x8A, "Banned";
        BadAuthenticationMethod = 0x8C, "Bad authentication method";
        TopicNameInvalid = 0x90, "Topic Name invalid";
        PacketTooLarge = 0x95, "Packet too large";
        QuotaExceeded = 0x97, "Quota exceeded";
        PayloadFormatInvalid = 0x99, "Payload format invalid";
        RetainNotSupported = 0x9A, "Retain not supported";
        QoSNotSupported = 0x9B, "QoS not supported";
        UseAnotherServer = 0x9C, "Use another server";
        ServerMoved = 0x9D, "Server moved";
        ConnectionRateExceeded = 0x9F, "Connection rate exceeded";
    }
}

impl ConnectReasonCode {
    /// The code for a 3.1/3.1.1 CONNACK return code (3.1.1 §3.2.2.3).
    pub const fn from_v3_return_code(code: u8) -> Option<ConnectReasonCode> {
        match code {
            0 => Some(ConnectReasonCode::Success),
            1 => Some(ConnectReasonCode::UnsupportedProtocolVersion),
            2 => Some(ConnectReasonCode::ClientIdentifierNotValid),
            3 => Some(ConnectReasonCode::ServerUnavailable),
            4 => Some(ConnectReasonCode::BadUserNameOrPassword),
            5 => Some(ConnectReasonCode::NotAuthorized),
            _ => None,
        }
    }

    /// The 3.1/3.1.1 return code for this reason, if 3.x has one.
    pub const fn to_v3_return_code(self) -> Option<u8> {
        match self {
            ConnectReasonCode::Success => Some(0),
            ConnectReasonCode::UnsupportedProtocolVersion => Some(1),
            ConnectReasonCode::ClientIdentifierNotValid => Some(2),
            ConnectReasonCode::ServerUnavailable => Some(3),
            ConnectReasonCode::BadUserNameOrPassword => Some(4),
            ConnectReasonCode::NotAuthorized => Some(5),
            _ => None,
        }
    }
}

reason_codes! {
    /// PUBACK and PUBREC reason codes (MQTT 5.0 §3.4.2.1, §3.5.2.1).
    pub enum PubAckReasonCode for "PUBACK/PUBREC" {
        #[default]
        Success = 0x00, "Success";
        NoMatchingSubscribers = 0x10, "No matching subscribers";
        UnspecifiedError = 0x80, "Unspecified error";
        ImplementationSpecificError = 0x83, "Implementation specific error";
        NotAuthorized = 0x87, "Not authorized";
        TopicNameInvalid = 0x90, "Topic Name invalid";
        PacketIdentifierInUse = 0x91, "Packet Identifier in use";
        QuotaExceeded = 0x97, "Quota exceeded";
        PayloadFormatInvalid = 0x99, "Payload format invalid";
    }
    accepted from peers {
        MalformedPacket = 0x81, "Malformed Packet";
        ProtocolError = 0x82, "Protocol Error";
        UnsupportedProtocolVersion = 0x84, "Unsupported Protocol Version";
        ClientIdentifierNotValid = 0x85, "Client Identifier not valid";
        BadUserNameOrPassword = 0x86, "Bad User Name or Password";
        ServerUnavailable = 0x88, "Server unavailable";
        ServerBusy = 0x89, "Server busy";
        Banned = 0x8A, "Banned";
        ServerShuttingDown = 0x8B, "Server shutting down";
        BadAuthenticationMethod = 0x8C, "Bad authentication method";
        KeepAliveTimeout = 0x8D, "Keep Alive timeout";
        SessionTakenOver = 0x8E, "Session taken over";
        TopicFilterInvalid = 0x8F, "Topic Filter invalid";
        PacketIdentifierNotFound = 0x92, "Packet Identifier not found";
        ReceiveMaximumExceeded = 0x93, "Receive Maximum exceeded";
        TopicAliasInvalid = 0x94, "Topic Alias invalid";
        PacketTooLarge = 0x95, "Packet too large";
        MessageRateTooHigh = 0x96, "Message rate too high";
        AdministrativeAction = 0x98, "Administrative action";
        RetainNotSupported = 0x9A, "Retain not supported";
        QoSNotSupported = 0x9B, "QoS not supported";
        UseAnotherServer = 0x9C, "Use another server";
        ServerMoved = 0x9D, "Server moved";
        SharedSubscriptionsNotSupported = 0x9E, "Shared Subscriptions not supported";
        ConnectionRateExceeded = 0x9F, "Connection rate exceeded";
        MaximumConnectTime = 0xA0, "Maximum connect time";
        SubscriptionIdentifiersNotSupported = 0xA1, "Subscription Identifiers not supported";
        WildcardSubscriptionsNotSupported = 0xA2, "Wildcard Subscriptions not supported";
    }
}

/// PUBREC reason codes: the same set as PUBACK.
pub type PubRecReasonCode = PubAckReasonCode;

reason_codes! {
    /// PUBREL and PUBCOMP reason codes (MQTT 5.0 §3.6.2.1, §3.7.2.1).
    pub enum PubRelReasonCode for "PUBREL/PUBCOMP" {
        #[default]
        Success = 0x00, "Success";
        PacketIdentifierNotFound = 0x92, "Packet Identifier not found";
    }
}

/// PUBCOMP reason codes: the same set as PUBREL.
pub type PubCompReasonCode = PubRelReasonCode;

reason_codes! {
    /// SUBACK reason codes (MQTT 5.0 §3.9.3); 3.x uses 0, 1, 2 and 0x80.
    pub enum SubAckReasonCode for "SUBACK" {
        #[default]
        GrantedQoS0 = 0x00, "Granted QoS 0";
        GrantedQoS1 = 0x01, "Granted QoS 1";
        GrantedQoS2 = 0x02, "Granted QoS 2";
        UnspecifiedError = 0x80, "Unspecified error";
        ImplementationSpecificError = 0x83, "Implementation specific error";
        NotAuthorized = 0x87, "Not authorized";
        TopicFilterInvalid = 0x8F, "Topic Filter invalid";
        PacketIdentifierInUse = 0x91, "Packet Identifier in use";
        QuotaExceeded = 0x97, "Quota exceeded";
        SharedSubscriptionsNotSupported = 0x9E, "Shared Subscriptions not supported";
        SubscriptionIdentifiersNotSupported = 0xA1, "Subscription Identifiers not supported";
        WildcardSubscriptionsNotSupported = 0xA2, "Wildcard Subscriptions not supported";
    }
    accepted from peers {
        MalformedPacket = 0x81, "Malformed Packet";
        ProtocolError = 0x82, "Protocol Error";
        UnsupportedProtocolVersion = 0x84, "Unsupported Protocol Version";
        ClientIdentifierNotValid = 0x85, "Client Identifier not valid";
        BadUserNameOrPassword = 0x86, "Bad User Name or Password";
        ServerUnavailable = 0x88, "Server unavailable";
        ServerBusy = 0x89, "Server busy";
        Banned = 0x8A, "Banned";
        ServerShuttingDown = 0x8B, "Server shutting down";
        BadAuthenticationMethod = 0x8C, "Bad authentication method";
        KeepAliveTimeout = 0x8D, "Keep Alive timeout";
        SessionTakenOver = 0x8E, "Session taken over";
        TopicNameInvalid = 0x90, "Topic Name invalid";
        PacketIdentifierNotFound = 0x92, "Packet Identifier not found";
        ReceiveMaximumExceeded = 0x93, "Receive Maximum exceeded";
        TopicAliasInvalid = 0x94, "Topic Alias invalid";
        PacketTooLarge = 0x95, "Packet too large";
        MessageRateTooHigh = 0x96, "Message rate too high";
        AdministrativeAction = 0x98, "Administrative action";
        PayloadFormatInvalid = 0x99, "Payload format invalid";
        RetainNotSupported = 0x9A, "Retain not supported";
        QoSNotSupported = 0x9B, "QoS not supported";
        UseAnotherServer = 0x9C, "Use another server";
        ServerMoved = 0x9D, "Server moved";
        ConnectionRateExceeded = 0x9F, "Connection rate exceeded";
        MaximumConnectTime = 0xA0, "Maximum connect time";
    }
}

impl SubAckReasonCode {
    /// The granted QoS, when the subscription succeeded.
    pub const fn granted_qos(self) -> Option<crate::QoS> {
        match self {
            SubAckReasonCode::GrantedQoS0 => Some(crate::QoS::AtMostOnce),
            SubAckReasonCode::GrantedQoS1 => Some(crate::QoS::AtLeastOnce),
            SubAckReasonCode::GrantedQoS2 => Some(crate::QoS::ExactlyOnce),
            _ => None,
        }
    }

    /// The success code granting `qos`.
    pub const fn granted(qos: crate::QoS) -> SubAckReasonCode {
        match qos {
            crate::QoS::AtMostOnce => SubAckReasonCode::GrantedQoS0,
            crate::QoS::AtLeastOnce => SubAckReasonCode::GrantedQoS1,
            crate::QoS::ExactlyOnce => SubAckReasonCode::GrantedQoS2,
        }
    }
}

reason_codes! {
    /// UNSUBACK reason codes (MQTT 5.0 §3.11.3); 3.x UNSUBACK has none.
    pub enum UnsubAckReasonCode for "UNSUBACK" {
        #[default]
        Success = 0x00, "Success";
        NoSubscriptionExisted = 0x11, "No subscription existed";
        UnspecifiedError = 0x80, "Unspecified error";
        ImplementationSpecificError = 0x83, "Implementation specific error";
        NotAuthorized = 0x87, "Not authorized";
        TopicFilterInvalid = 0x8F, "Topic Filter invalid";
        PacketIdentifierInUse = 0x91, "Packet Identifier in use";
    }
    accepted from peers {
        MalformedPacket = 0x81, "Malformed Packet";
        ProtocolError = 0x82, "Protocol Error";
        UnsupportedProtocolVersion = 0x84, "Unsupported Protocol Version";
        ClientIdentifierNotValid = 0x85, "Client Identifier not valid";
        BadUserNameOrPassword = 0x86, "Bad User Name or Password";
        ServerUnavailable = 0x88, "Server unavailable";
        ServerBusy = 0x89, "Server busy";
        Banned = 0x8A, "Banned";
        ServerShuttingDown = 0x8B, "Server shutting down";
        BadAuthenticationMethod = 0x8C, "Bad authentication method";
        KeepAliveTimeout = 0x8D, "Keep Alive timeout";
        SessionTakenOver = 0x8E, "Session taken over";
        TopicNameInvalid = 0x90, "Topic Name invalid";
        PacketIdentifierNotFound = 0x92, "Packet Identifier not found";
        ReceiveMaximumExceeded = 0x93, "Receive Maximum exceeded";
        TopicAliasInvalid = 0x94, "Topic Alias invalid";
        PacketTooLarge = 0x95, "Packet too large";
        MessageRateTooHigh = 0x96, "Message rate too high";
        QuotaExceeded = 0x97, "Quota exceeded";
        AdministrativeAction = 0x98, "Administrative action";
        PayloadFormatInvalid = 0x99, "Payload format invalid";
        RetainNotSupported = 0x9A, "Retain not supported";
        QoSNotSupported = 0x9B, "QoS not supported";
        UseAnotherServer = 0x9C, "Use another server";
        ServerMoved = 0x9D, "Server moved";
        SharedSubscriptionsNotSupported = 0x9E, "Shared Subscriptions not supported";
        ConnectionRateExceeded = 0x9F, "Connection rate exceeded";
        MaximumConnectTime = 0xA0, "Maximum connect time";
        SubscriptionIdentifiersNotSupported = 0xA1, "Subscription Identifiers not supported";
        WildcardSubscriptionsNotSupported = 0xA2, "Wildcard Subscriptions not supported";
    }
}

reason_codes! {
    /// DISCONNECT reason codes (MQTT 5.0 §3.14.2.1).
    pub enum DisconnectReasonCode for "DISCONNECT" {
        #[default]
        NormalDisconnection = 0x00, "Normal disconnection";
        DisconnectWithWillMessage = 0x04, "Disconnect with Will Message";
        UnspecifiedError = 0x80, "Unspecified error";
        MalformedPacket = 0x81, "Malformed Packet";
        ProtocolError = 0x82, "Protocol Error";
        ImplementationSpecificError = 0x83, "Implementation specific error";
        NotAuthorized = 0x87, "Not authorized";
        ServerBusy = 0x89, "Server busy";
        ServerShuttingDown = 0x8B, "Server shutting down";
        KeepAliveTimeout = 0x8D, "Keep Alive timeout";
        SessionTakenOver = 0x8E, "Session taken over";
        TopicFilterInvalid = 0x8F, "Topic Filter invalid";
        TopicNameInvalid = 0x90, "Topic Name invalid";
        ReceiveMaximumExceeded = 0x93, "Receive Maximum exceeded";
        TopicAliasInvalid = 0x94, "Topic Alias invalid";
        PacketTooLarge = 0x95, "Packet too large";
        MessageRateTooHigh = 0x96, "Message rate too high";
        QuotaExceeded = 0x97, "Quota exceeded";
        AdministrativeAction = 0x98, "Administrative action";
        PayloadFormatInvalid = 0x99, "Payload format invalid";
        RetainNotSupported = 0x9A, "Retain not supported";
        QoSNotSupported = 0x9B, "QoS not supported";
        UseAnotherServer = 0x9C, "Use another server";
        ServerMoved = 0x9D, "Server moved";
        SharedSubscriptionsNotSupported = 0x9E, "Shared Subscriptions not supported";
        ConnectionRateExceeded = 0x9F, "Connection rate exceeded";
        MaximumConnectTime = 0xA0, "Maximum connect time";
        SubscriptionIdentifiersNotSupported = 0xA1, "Subscription Identifiers not supported";
        WildcardSubscriptionsNotSupported = 0xA2, "Wildcard Subscriptions not supported";
    }
}

reason_codes! {
    /// AUTH reason codes (MQTT 5.0 §3.15.2.1).
    pub enum AuthReasonCode for "AUTH" {
        #[default]
        Success = 0x00, "Success";
        ContinueAuthentication = 0x18, "Continue authentication";
        ReAuthenticate = 0x19, "Re-authenticate";
    }
}
