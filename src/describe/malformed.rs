//! Turns a codec [`DecodeError`] into "which field, at which byte, why".
//!
//! Policy: the codec counts offsets from the first byte of the packet; the
//! decoder adds the packet's position in the input, so every message names
//! an absolute input offset. Errors the codec reports without an offset get
//! the offset of the field they are about (the first byte for the packet
//! type and flags, the protocol name for an unknown protocol, the end of
//! the packet for an empty SUBSCRIBE).

use mqtt_proto::{DecodeError, PacketType, StringError, TopicError};

/// A located decode error, offsets relative to the packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Offset of the offending field from the packet's first byte.
    pub offset: usize,
    /// The field.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Locates `err` in a packet whose fixed header is `header_len` bytes and
/// whose whole length is `packet_len`.
pub fn locate(err: &DecodeError, header_len: usize, packet_len: usize) -> Located {
    let at = |offset: usize, field: &str, reason: String| Located {
        offset,
        field: field.to_string(),
        reason,
    };
    match err {
        DecodeError::ReservedPacketType { packet_type } => {
            let reason = if *packet_type == 15 {
                "packet type 15 (AUTH) exists only in MQTT 5.0; use -V 5".to_string()
            } else {
                format!("packet type {packet_type} is reserved")
            };
            at(0, "packet type", reason)
        }
        DecodeError::InvalidFlags { packet_type, flags } => {
            let reason = if *packet_type == PacketType::Publish {
                format!("{flags:04b}: DUP is set on a QoS 0 PUBLISH (MQTT-3.3.1-2)")
            } else {
                format!("{packet_type} requires {:04b}, found {flags:04b} (MQTT-2.1.3-1)", packet_type.required_flags())
            };
            at(0, "fixed header flags", reason)
        }
        DecodeError::VarIntTooLong { what, offset } => {
            at(*offset, what, "variable byte integer longer than 4 bytes".into())
        }
        DecodeError::VarIntNotMinimal { what, offset } => {
            at(*offset, what, "variable byte integer not in its shortest form".into())
        }
        DecodeError::PacketTooLarge { .. } => at(1, "remaining length", err.to_string()),
        DecodeError::UnexpectedEnd { what, offset, .. } => at(
            *offset,
            what,
            format!("runs past the end of the packet ({packet_len} bytes long by its remaining length)"),
        ),
        DecodeError::TrailingBytes { offset, count, .. } => {
            at(*offset, "end of packet", format!("{count} bytes left over after the last field"))
        }
        DecodeError::InvalidQoS { what, offset } => at(*offset, what, "QoS 3 is not valid".into()),
        DecodeError::ZeroPacketId { offset, .. } => {
            at(*offset, "packet identifier", "is zero (MQTT-2.2.1-3)".into())
        }
        DecodeError::InvalidString { what, offset, reason } => string_problem(*offset, what, reason),
        DecodeError::InvalidTopic { what, offset, reason } => topic_problem(*offset, what, reason),
        DecodeError::UnsupportedProtocol { name, level } => at(
            header_len,
            "protocol name and level",
            format!(
                "protocol {name:?} level {level} is none of \"MQIsdp\" 3 (3.1), \"MQTT\" 4 (3.1.1), \"MQTT\" 5 (5.0)"
            ),
        ),
        DecodeError::InvalidConnectFlags { flags, offset, reason } => {
            at(*offset, "connect flags", format!("{flags:08b}: {reason}"))
        }
        DecodeError::InvalidConnAckFlags { flags, offset, reason } => {
            at(*offset, "acknowledge flags", format!("{flags:08b}: {reason}"))
        }
        DecodeError::InvalidReasonCode { packet_type, code, offset } => {
            at(*offset, "reason code", format!("{code:#04x} is not a {packet_type} reason code"))
        }
        DecodeError::UnknownProperty { id, offset } => {
            at(*offset, "property identifier", format!("{id:#04x} is not an MQTT 5 property"))
        }
        DecodeError::PropertyNotAllowed { property, context, offset } => {
            at(*offset, &format!("property {property}"), format!("is not allowed in {context}"))
        }
        DecodeError::DuplicateProperty { property, offset } => {
            at(*offset, &format!("property {property}"), "appears more than once".into())
        }
        DecodeError::InvalidPropertyValue { property, value, offset } => {
            at(*offset, &format!("property {property}"), format!("has invalid value {value}"))
        }
        DecodeError::EmptyPayload { packet_type } => at(
            packet_len,
            "payload",
            format!("{packet_type} needs at least one entry (MQTT-3.8.3-2, MQTT-3.10.3-2)"),
        ),
        DecodeError::InvalidSubscriptionOptions { options, offset, reason } => {
            at(*offset, "subscription options", format!("{options:08b}: {reason}"))
        }
        DecodeError::MissingTopic { offset } => {
            at(*offset, "topic name", "is empty and there is no Topic Alias".into())
        }
        // DecodeError is non_exhaustive: a newer codec error still says what it is.
        other => at(0, "packet", other.to_string()),
    }
}

/// Points at the offending byte inside a string (after its 2-byte length).
fn string_problem(offset: usize, what: &str, reason: &StringError) -> Located {
    let (offset, reason) = match reason {
        StringError::NullCharacter { at } => {
            (offset + 2 + at, "contains the null character U+0000 (MQTT-1.5.4-2)".to_string())
        }
        StringError::InvalidUtf8 { valid_up_to } => {
            (offset + 2 + valid_up_to, "is not valid UTF-8 from here (MQTT-1.5.4-1)".to_string())
        }
        other => (offset, other.to_string()),
    };
    Located { offset, field: what.to_string(), reason }
}

fn topic_problem(offset: usize, what: &str, reason: &TopicError) -> Located {
    let inside = |at: usize, reason: String| Located {
        offset: offset + 2 + at,
        field: what.to_string(),
        reason,
    };
    match reason {
        TopicError::String(inner) => string_problem(offset, what, inner),
        TopicError::WildcardInTopicName { wildcard, at } => inside(
            *at,
            format!("contains the wildcard {wildcard:?}, which topic names cannot (MQTT-3.3.2-2)"),
        ),
        TopicError::MisplacedMultiLevelWildcard { at } => {
            inside(*at, "has a '#' that is not the whole last level (MQTT-4.7.1-1)".into())
        }
        TopicError::MisplacedSingleLevelWildcard { at } => {
            inside(*at, "has a '+' that is not a whole level (MQTT-4.7.1-2)".into())
        }
        other => Located { offset, field: what.to_string(), reason: other.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_kept_or_supplied() {
        let err = DecodeError::ZeroPacketId { packet_type: PacketType::PubAck, offset: 2 };
        assert_eq!(locate(&err, 2, 4).offset, 2);
        let err = DecodeError::UnsupportedProtocol { name: "MQTX".into(), level: 4 };
        let located = locate(&err, 2, 12);
        assert_eq!((located.offset, located.field.as_str()), (2, "protocol name and level"));
        let err = DecodeError::EmptyPayload { packet_type: PacketType::Subscribe };
        assert_eq!(locate(&err, 2, 5).offset, 5);
    }
}
