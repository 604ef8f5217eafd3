//! Payload codecs: what is inside an MQTT payload, as a JSON value, and
//! back.
//!
//! A [`Codec`] decodes payload bytes into a [`serde_json::Value`] (or a
//! [`DecodeError`] that names the byte offset where the payload went wrong)
//! and encodes a JSON value into payload bytes. The codecs:
//!
//! | name | decode gives | encode takes |
//! |---|---|---|
//! | `json` | the payload's JSON value (validated) | any JSON value, written compactly |
//! | `hex` | the payload as a lower-case hex string | a hex string |
//! | `base64` | the payload as standard base64 | a base64 string |
//! | `msgpack` | the MessagePack value | any JSON value |
//! | `cbor` | the CBOR value | any JSON value |
//! | `sparkplug` | a Sparkplug B 3.0 payload (see [`sparkplug`]) | the same shape |
//! | `protobuf` | the protobuf JSON mapping of a message (see [`protobuf`]) | the same mapping |
//! | `avro` | the datum of an Avro schema, raw or single-object (see [`AvroType`]) | the same |
//!
//! JSON has no byte strings, so MessagePack `bin`, CBOR byte strings and
//! Sparkplug `Bytes` metrics decode to standard base64 strings (as the
//! protobuf JSON mapping does); floats that JSON cannot hold (NaN, ±∞)
//! decode to the strings `"NaN"`, `"Infinity"` and `"-Infinity"`; map keys
//! that are not strings are written as their compact JSON text; CBOR tags
//! are dropped and the tagged value kept; MessagePack extensions decode to
//! `{"ext": type, "data": base64}`.
//!
//! [`Decoder`] is the stateful front end that subscribers use: it picks a
//! codec per topic (rules like `spBv1.0/#=sparkplug`, or `auto`), keeps the
//! Sparkplug alias tables of the BIRTH certificates it has seen, and reports
//! warnings (sequence gaps, unknown aliases) beside each decoded value.

mod avro;
mod binary;
mod codec;
mod decoder;
mod error;
mod sniff;
mod text;
mod wire;

pub mod protobuf;
pub mod sparkplug;

pub use crate::avro::AvroType;
pub use crate::codec::{Codec, Encoder};
pub use crate::decoder::{Decoded, Decoder, Rule};
pub use crate::error::{DecodeError, EncodeError, SpecError};
pub use serde_json::Value;
