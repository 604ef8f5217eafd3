//! Sparkplug B 3.0 (Eclipse Tahu's `sparkplug_b.proto`) with the schema
//! built in: payloads to and from JSON ([`json`] gives the shape), the topic
//! namespace ([`topic`]), and the state a host application keeps between
//! messages ([`Tracker`]: aliases, `seq`, `bdSeq`).
//!
//! Every data type of the specification is read and written: the scalars,
//! DataSet, Template (with parameters), PropertySet and PropertySetList (in
//! metric properties), metadata, and the 3.0 arrays.

mod array;
mod datatype;
mod encode;
pub mod json;
mod scalar;
pub mod schema;
pub mod topic;
mod tracker;

use serde_json::Value;

use crate::error::{DecodeError, EncodeError};

pub use self::datatype::DataType;
pub use self::topic::{parse as parse_topic, MessageType, Topic};
pub use self::tracker::Tracker;

/// The payload's protobuf message; the error names the byte where it broke.
pub fn decode_message(payload: &[u8]) -> Result<schema::Payload, DecodeError> {
    let mut message = schema::Payload::default();
    crate::wire::merge(&mut message, payload)?;
    Ok(message)
}

/// A payload as JSON, without the state of a session (aliases stay
/// unresolved; [`crate::Decoder`] resolves them).
pub fn decode(payload: &[u8]) -> Result<Value, DecodeError> {
    Ok(json::payload(&decode_message(payload)?))
}

/// The protobuf message for JSON of [`json`]'s shape.
pub fn message_from_json(value: &Value) -> Result<schema::Payload, EncodeError> {
    encode::payload(value)
}

/// Payload bytes for JSON of [`json`]'s shape, as given (no `seq` or
/// timestamp is added; [`crate::Encoder`] adds them).
pub fn encode(value: &Value) -> Result<Vec<u8>, EncodeError> {
    Ok(prost::Message::encode_to_vec(&encode::payload(value)?))
}

#[cfg(test)]
mod tests;
