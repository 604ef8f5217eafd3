//! The three ways a codec fails: a payload it cannot decode (with the byte
//! offset), a value it cannot encode (with the JSON path), and a codec
//! specification it cannot use (a bad name, an unreadable schema).

use std::fmt;

/// A payload the codec could not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The byte offset in the payload where decoding failed.
    pub offset: usize,
    /// What was wrong there, lower case, without the offset.
    pub message: String,
}

impl DecodeError {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> DecodeError {
        DecodeError { offset, message: message.into() }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for DecodeError {}

/// A JSON value the codec could not encode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError {
    /// Where in the value: `$`, `$.metrics[2].value`, …
    pub path: String,
    pub message: String,
}

impl EncodeError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> EncodeError {
        EncodeError { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for EncodeError {}

/// A codec specification that cannot be used: an unknown name, a schema
/// file that does not compile, a message type the schema lacks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpecError(pub String);
