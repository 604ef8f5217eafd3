//! Property identifiers (MQTT 5.0 §2.2.2.2, Table 2-4): their names and the
//! packets each may appear in.

use core::fmt;

/// Where a property block sits: a packet type, or the will properties of
/// CONNECT. The four acknowledgements share one set of rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyContext {
    /// CONNECT's properties.
    Connect,
    /// The will properties in CONNECT's payload.
    Will,
    /// CONNACK.
    ConnAck,
    /// PUBLISH.
    Publish,
    /// PUBACK, PUBREC, PUBREL and PUBCOMP.
    Ack,
    /// SUBSCRIBE.
    Subscribe,
    /// SUBACK.
    SubAck,
    /// UNSUBSCRIBE.
    Unsubscribe,
    /// UNSUBACK.
    UnsubAck,
    /// DISCONNECT.
    Disconnect,
    /// AUTH.
    Auth,
}

impl PropertyContext {
    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The data type of a property's value (MQTT 5.0 §1.5, the "Type" column of
/// Table 2-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    /// One byte (flags and Maximum QoS, which take 0 or 1).
    Byte,
    /// Two Byte Integer.
    TwoByteInteger,
    /// Four Byte Integer.
    FourByteInteger,
    /// Variable Byte Integer.
    VariableByteInteger,
    /// UTF-8 Encoded String (a Response Topic is one, checked as a topic name).
    String,
    /// Binary Data.
    BinaryData,
    /// UTF-8 String Pair.
    StringPair,
}

macro_rules! property_ids {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $data_type:ident, [$($context:ident),+]; )*) => {
        /// A property identifier.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum PropertyId {
            $( $(#[$doc])* $variant = $code, )*
        }

        impl PropertyId {
            /// Every property identifier, in code order.
            pub const ALL: &'static [PropertyId] = &[$(PropertyId::$variant),*];

            /// The identifier with this code, if MQTT 5 defines one.
            pub const fn from_code(code: u32) -> Option<PropertyId> {
                match code {
                    $( $code => Some(PropertyId::$variant), )*
                    _ => None,
                }
            }

            /// The name the specification gives it.
            pub const fn name(self) -> &'static str {
                match self {
                    $( PropertyId::$variant => $name, )*
                }
            }

            /// The data type of its value.
            pub const fn data_type(self) -> DataType {
                match self {
                    $( PropertyId::$variant => DataType::$data_type, )*
                }
            }

            const fn contexts(self) -> u16 {
                match self {
                    $( PropertyId::$variant => 0 $(| PropertyContext::$context.bit())+, )*
                }
            }
        }
    };
}

property_ids! {
    /// Byte; 1 means the payload is UTF-8.
    PayloadFormatIndicator = 0x01, "Payload Format Indicator", Byte, [Publish, Will];
    /// Four Byte Integer, seconds.
    MessageExpiryInterval = 0x02, "Message Expiry Interval", FourByteInteger, [Publish, Will];
    /// UTF-8 string.
    ContentType = 0x03, "Content Type", String, [Publish, Will];
    /// UTF-8 string, a topic name.
    ResponseTopic = 0x08, "Response Topic", String, [Publish, Will];
    /// Binary Data.
    CorrelationData = 0x09, "Correlation Data", BinaryData, [Publish, Will];
    /// Variable Byte Integer, 1..268,435,455.
    SubscriptionIdentifier = 0x0B, "Subscription Identifier", VariableByteInteger, [Publish, Subscribe];
    /// Four Byte Integer, seconds.
    SessionExpiryInterval = 0x11, "Session Expiry Interval", FourByteInteger, [Connect, ConnAck, Disconnect];
    /// UTF-8 string.
    AssignedClientIdentifier = 0x12, "Assigned Client Identifier", String, [ConnAck];
    /// Two Byte Integer, seconds.
    ServerKeepAlive = 0x13, "Server Keep Alive", TwoByteInteger, [ConnAck];
    /// UTF-8 string.
    AuthenticationMethod = 0x15, "Authentication Method", String, [Connect, ConnAck, Auth];
    /// Binary Data.
    AuthenticationData = 0x16, "Authentication Data", BinaryData, [Connect, ConnAck, Auth];
    /// Byte, 0 or 1.
    RequestProblemInformation = 0x17, "Request Problem Information", Byte, [Connect];
    /// Four Byte Integer, seconds.
    WillDelayInterval = 0x18, "Will Delay Interval", FourByteInteger, [Will];
    /// Byte, 0 or 1.
    RequestResponseInformation = 0x19, "Request Response Information", Byte, [Connect];
    /// UTF-8 string.
    ResponseInformation = 0x1A, "Response Information", String, [ConnAck];
    /// UTF-8 string.
    ServerReference = 0x1C, "Server Reference", String, [ConnAck, Disconnect];
    /// UTF-8 string.
    ReasonString = 0x1F, "Reason String", String, [ConnAck, Ack, SubAck, UnsubAck, Disconnect, Auth];
    /// Two Byte Integer, not 0.
    ReceiveMaximum = 0x21, "Receive Maximum", TwoByteInteger, [Connect, ConnAck];
    /// Two Byte Integer.
    TopicAliasMaximum = 0x22, "Topic Alias Maximum", TwoByteInteger, [Connect, ConnAck];
    /// Two Byte Integer, not 0.
    TopicAlias = 0x23, "Topic Alias", TwoByteInteger, [Publish];
    /// Byte, 0 or 1.
    MaximumQoS = 0x24, "Maximum QoS", Byte, [ConnAck];
    /// Byte, 0 or 1.
    RetainAvailable = 0x25, "Retain Available", Byte, [ConnAck];
    /// UTF-8 String Pair; may repeat, order is kept.
    UserProperty = 0x26, "User Property", StringPair,
        [Connect, Will, ConnAck, Publish, Ack, Subscribe, SubAck, Unsubscribe, UnsubAck, Disconnect, Auth];
    /// Four Byte Integer, not 0.
    MaximumPacketSize = 0x27, "Maximum Packet Size", FourByteInteger, [Connect, ConnAck];
    /// Byte, 0 or 1.
    WildcardSubscriptionAvailable = 0x28, "Wildcard Subscription Available", Byte, [ConnAck];
    /// Byte, 0 or 1.
    SubscriptionIdentifierAvailable = 0x29, "Subscription Identifier Available", Byte, [ConnAck];
    /// Byte, 0 or 1.
    SharedSubscriptionAvailable = 0x2A, "Shared Subscription Available", Byte, [ConnAck];
}

impl PropertyId {
    /// The identifier byte.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// Whether this property may appear in `context`.
    pub const fn allowed_in(self, context: PropertyContext) -> bool {
        self.contexts() & context.bit() != 0
    }

    /// Whether this property may appear more than once in `context`:
    /// User Property everywhere, Subscription Identifier in PUBLISH.
    pub fn may_repeat_in(self, context: PropertyContext) -> bool {
        match self {
            PropertyId::UserProperty => true,
            PropertyId::SubscriptionIdentifier => context == PropertyContext::Publish,
            _ => false,
        }
    }
}

impl fmt::Display for PropertyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:#04x})", self.name(), self.code())
    }
}
