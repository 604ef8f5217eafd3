//! Decode and encode errors.
//!
//! Policy: every decode error names what was wrong and, where it has one,
//! the byte offset within the packet (counted from the first byte of the
//! fixed header) at which the offending field starts. Decoding never
//! panics; bad input is always one of these values.

use crate::packet::PacketType;
use crate::properties::PropertyId;
use crate::string::StringError;
use crate::topic::TopicError;

/// Why bytes could not be decoded as an MQTT packet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The first byte names packet type 0, or 15 (AUTH) before MQTT 5.
    #[error("packet type {packet_type} is reserved in this protocol version")]
    ReservedPacketType {
        /// The upper four bits of the first byte.
        packet_type: u8,
    },
    /// The lower four bits of the first byte are not the ones the packet
    /// type requires (MQTT-2.1.3-1), or PUBLISH has QoS 0 with DUP set.
    #[error("{packet_type}: invalid fixed header flags {flags:#06b}")]
    InvalidFlags {
        /// The packet type.
        packet_type: PacketType,
        /// The lower four bits of the first byte.
        flags: u8,
    },
    /// A Variable Byte Integer longer than four bytes.
    #[error("{what} at byte {offset}: variable byte integer longer than 4 bytes")]
    VarIntTooLong {
        /// Which field.
        what: &'static str,
        /// Where it starts.
        offset: usize,
    },
    /// A Variable Byte Integer not in its shortest form.
    #[error("{what} at byte {offset}: variable byte integer not in its shortest form")]
    VarIntNotMinimal {
        /// Which field.
        what: &'static str,
        /// Where it starts.
        offset: usize,
    },
    /// The fixed header announces a packet bigger than allowed; nothing
    /// was buffered for it.
    #[error("packet of {size} bytes exceeds the maximum packet size of {max} bytes")]
    PacketTooLarge {
        /// The announced size including the fixed header.
        size: usize,
        /// The maximum the caller allowed.
        max: usize,
    },
    /// A field runs past the end of the packet (or of its property block).
    #[error("{packet_type}: {what} at byte {offset} runs past the end of the packet")]
    UnexpectedEnd {
        /// The packet type.
        packet_type: PacketType,
        /// Which field.
        what: &'static str,
        /// Where it starts.
        offset: usize,
    },
    /// Bytes are left over after the last field of the packet.
    #[error("{packet_type}: {count} unexpected bytes at byte {offset} after the last field")]
    TrailingBytes {
        /// The packet type.
        packet_type: PacketType,
        /// Where the extra bytes start.
        offset: usize,
        /// How many there are.
        count: usize,
    },
    /// A QoS of 3.
    #[error("{what} at byte {offset}: invalid QoS 3")]
    InvalidQoS {
        /// Which field.
        what: &'static str,
        /// Where it is.
        offset: usize,
    },
    /// A packet identifier of zero (MQTT-2.2.1-3).
    #[error("{packet_type}: packet identifier at byte {offset} is zero")]
    ZeroPacketId {
        /// The packet type.
        packet_type: PacketType,
        /// Where it starts.
        offset: usize,
    },
    /// A UTF-8 string field that breaks the string rules.
    #[error("{what} at byte {offset}: {reason}")]
    InvalidString {
        /// Which field.
        what: &'static str,
        /// Where its length prefix starts.
        offset: usize,
        /// The rule it breaks.
        reason: StringError,
    },
    /// An invalid topic name or topic filter.
    #[error("{what} at byte {offset} {reason}")]
    InvalidTopic {
        /// Which field ("topic name", "topic filter", ...).
        what: &'static str,
        /// Where its length prefix starts.
        offset: usize,
        /// The rule it breaks.
        reason: TopicError,
    },
    /// CONNECT names a protocol we do not speak.
    #[error("CONNECT: unsupported protocol {name:?} level {level}")]
    UnsupportedProtocol {
        /// The protocol name, lossily decoded.
        name: String,
        /// The protocol level byte.
        level: u8,
    },
    /// CONNECT flags break a rule of MQTT 3.1.2.x / 5.0 §3.1.2.
    #[error("CONNECT: invalid connect flags {flags:#010b} at byte {offset}: {reason}")]
    InvalidConnectFlags {
        /// The flags byte.
        flags: u8,
        /// Where it is.
        offset: usize,
        /// Which rule.
        reason: &'static str,
    },
    /// CONNACK acknowledge flags with reserved bits set, or a session
    /// present flag with a failure code.
    #[error("CONNACK: invalid acknowledge flags {flags:#010b} at byte {offset}: {reason}")]
    InvalidConnAckFlags {
        /// The flags byte.
        flags: u8,
        /// Where it is.
        offset: usize,
        /// Which rule.
        reason: &'static str,
    },
    /// A reason code (or 3.x return code) not defined for this packet.
    #[error("{packet_type}: reason code {code:#04x} at byte {offset} is not valid here")]
    InvalidReasonCode {
        /// The packet type.
        packet_type: PacketType,
        /// The code.
        code: u8,
        /// Where it is.
        offset: usize,
    },
    /// A property identifier that MQTT 5 does not define.
    #[error("unknown property identifier {id:#04x} at byte {offset}")]
    UnknownProperty {
        /// The identifier.
        id: u32,
        /// Where it starts.
        offset: usize,
    },
    /// A property that may not appear in this packet (or will properties).
    #[error("property {property} at byte {offset} is not allowed in {context}")]
    PropertyNotAllowed {
        /// The property.
        property: PropertyId,
        /// The packet or block it appeared in.
        context: &'static str,
        /// Where it starts.
        offset: usize,
    },
    /// A property that may appear only once appeared again.
    #[error("property {property} at byte {offset} appears more than once")]
    DuplicateProperty {
        /// The property.
        property: PropertyId,
        /// Where the second occurrence starts.
        offset: usize,
    },
    /// A property value outside its allowed range (for example a Receive
    /// Maximum of 0 or a Payload Format Indicator of 2).
    #[error("property {property} at byte {offset} has invalid value {value}")]
    InvalidPropertyValue {
        /// The property.
        property: PropertyId,
        /// The value.
        value: u32,
        /// Where the property starts.
        offset: usize,
    },
    /// SUBSCRIBE, UNSUBSCRIBE, SUBACK or UNSUBACK without any entry
    /// (MQTT-3.8.3-2, MQTT-3.10.3-2).
    #[error("{packet_type}: payload has no entries")]
    EmptyPayload {
        /// The packet type.
        packet_type: PacketType,
    },
    /// A subscription options byte with reserved bits set or invalid
    /// values (MQTT-3.8.3-5, MQTT-3.8.3-4).
    #[error("SUBSCRIBE: invalid subscription options {options:#010b} at byte {offset}: {reason}")]
    InvalidSubscriptionOptions {
        /// The options byte.
        options: u8,
        /// Where it is.
        offset: usize,
        /// Which rule.
        reason: &'static str,
    },
    /// An empty topic in a PUBLISH without a topic alias.
    #[error("PUBLISH: empty topic name at byte {offset} without a topic alias")]
    MissingTopic {
        /// Where the topic's length prefix starts.
        offset: usize,
    },
}

/// Why a packet could not be encoded. Nothing is left in the buffer when
/// encoding fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The packet's remaining length would exceed 268,435,455 bytes.
    #[error("{packet_type}: remaining length {len} exceeds 268435455 bytes")]
    PacketTooLarge {
        /// The packet type.
        packet_type: PacketType,
        /// The remaining length it would have had.
        len: usize,
    },
    /// Binary data longer than its 2-byte length prefix allows.
    #[error("{what} of {len} bytes is longer than 65535 bytes")]
    BinaryTooLong {
        /// Which field.
        what: &'static str,
        /// Its length.
        len: usize,
    },
    /// The packet type or a field does not exist in this protocol version.
    #[error("{what} does not exist in {version}")]
    NotInVersion {
        /// What.
        what: &'static str,
        /// The version asked for.
        version: crate::ProtocolVersion,
    },
    /// A reason code that this protocol version cannot express.
    #[error("{packet_type}: reason code {code:#04x} cannot be sent in {version}")]
    ReasonCodeNotInVersion {
        /// The packet type.
        packet_type: PacketType,
        /// The reason code.
        code: u8,
        /// The version asked for.
        version: crate::ProtocolVersion,
    },
    /// A reason code the specification does not list for this packet
    /// (accepted from peers, never sent).
    #[error("{packet_type}: reason code {code:#04x} is not a {packet_type} reason code in MQTT 5")]
    ReasonCodeNotInPacket {
        /// The packet type.
        packet_type: PacketType,
        /// The reason code.
        code: u8,
    },
    /// QoS 1 or 2 PUBLISH without a packet identifier.
    #[error("PUBLISH with QoS {qos} needs a packet identifier")]
    MissingPacketId {
        /// The QoS.
        qos: crate::QoS,
    },
    /// QoS 0 PUBLISH with a packet identifier or the DUP flag.
    #[error("PUBLISH with QoS 0 cannot carry {what}")]
    QoS0With {
        /// "a packet identifier" or "the DUP flag".
        what: &'static str,
    },
    /// An empty topic in a PUBLISH without a topic alias (or before MQTT 5).
    #[error("PUBLISH with an empty topic needs an MQTT 5 topic alias")]
    MissingTopic,
    /// A password without a user name before MQTT 5 (MQTT-3.1.2-22).
    #[error("a password without a user name cannot be sent in {version}")]
    PasswordWithoutUsername {
        /// The version asked for.
        version: crate::ProtocolVersion,
    },
    /// SUBSCRIBE, UNSUBSCRIBE, SUBACK or UNSUBACK without any entry.
    #[error("{packet_type} needs at least one entry")]
    EmptyPayload {
        /// The packet type.
        packet_type: PacketType,
    },
    /// A property value outside its allowed range.
    #[error("property {property} cannot have value {value}")]
    InvalidPropertyValue {
        /// The property.
        property: PropertyId,
        /// The value.
        value: u32,
    },
}
