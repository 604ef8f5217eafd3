//! [`Codec`]: one payload format, chosen by name, and [`Encoder`], which
//! adds what a format wants filled in per message (Sparkplug's `seq` and
//! timestamp).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::error::{DecodeError, EncodeError, SpecError};
use crate::{binary, sparkplug, text};

/// A payload format.
#[derive(Clone, Debug)]
pub enum Codec {
    Json,
    /// UTF-8 text, as a JSON string.
    Text,
    Hex,
    Base64,
    Msgpack,
    Cbor,
    Sparkplug,
    /// A message type of a schema compiled at run time.
    Protobuf(crate::protobuf::MessageType),
    /// An Avro schema given at run time.
    Avro(crate::avro::AvroType),
    /// Chosen per payload: by topic (`spBv1.0/…` is Sparkplug), else by
    /// content (see [`crate::Decoder`]).
    Auto,
}

/// The names [`Codec::parse`] takes, for help texts.
pub const NAMES: &[&str] =
    &["auto", "json", "text", "hex", "base64", "msgpack", "cbor", "sparkplug", "protobuf", "avro"];

impl Codec {
    /// The codec named `name` (`json`, `msgpack`, …; `protobuf` and `avro`
    /// need a schema, so [`crate::protobuf`] and [`crate::AvroType`] build
    /// those).
    pub fn parse(name: &str) -> Result<Codec, SpecError> {
        Ok(match name {
            "auto" => Codec::Auto,
            "json" => Codec::Json,
            "text" => Codec::Text,
            "hex" => Codec::Hex,
            "base64" => Codec::Base64,
            "msgpack" | "messagepack" => Codec::Msgpack,
            "cbor" => Codec::Cbor,
            "sparkplug" | "sparkplugb" | "spb" => Codec::Sparkplug,
            other => {
                return Err(SpecError(format!(
                    "unknown codec {other:?}; known: {}",
                    NAMES.join(", ")
                )))
            }
        })
    }

    /// The codec's name, as `--json`'s `decoded_codec` member gives it.
    pub fn name(&self) -> &'static str {
        match self {
            Codec::Json => "json",
            Codec::Text => "text",
            Codec::Hex => "hex",
            Codec::Base64 => "base64",
            Codec::Msgpack => "msgpack",
            Codec::Cbor => "cbor",
            Codec::Sparkplug => "sparkplug",
            Codec::Protobuf(_) => "protobuf",
            Codec::Avro(_) => "avro",
            Codec::Auto => "auto",
        }
    }

    /// Decodes one payload, with no state across payloads (Sparkplug aliases
    /// stay unresolved; `auto` sniffs the content only).
    pub fn decode(&self, payload: &[u8]) -> Result<Value, DecodeError> {
        match self {
            Codec::Json => text::decode_json(payload),
            Codec::Text => std::str::from_utf8(payload)
                .map(|text| Value::String(text.to_owned()))
                .map_err(|err| DecodeError::new(err.valid_up_to(), "not UTF-8")),
            Codec::Hex => Ok(text::decode_hex(payload)),
            Codec::Base64 => Ok(text::decode_base64(payload)),
            Codec::Msgpack => binary::decode_msgpack(payload),
            Codec::Cbor => binary::decode_cbor(payload),
            Codec::Sparkplug => sparkplug::decode(payload),
            Codec::Protobuf(message) => message.decode(payload),
            Codec::Avro(schema) => schema.decode(payload),
            Codec::Auto => crate::sniff::sniff(None, payload).0.decode(payload),
        }
    }

    /// Encodes a JSON value as this codec's payload.
    pub fn encode(&self, value: &Value) -> Result<Vec<u8>, EncodeError> {
        match self {
            Codec::Json => Ok(text::encode_json(value)),
            Codec::Text => match value {
                Value::String(text) => Ok(text.clone().into_bytes()),
                other => Ok(other.to_string().into_bytes()),
            },
            Codec::Hex => text::encode_hex(value),
            Codec::Base64 => text::encode_base64(value),
            Codec::Msgpack => Ok(binary::encode_msgpack(value)),
            Codec::Cbor => binary::encode_cbor(value),
            Codec::Sparkplug => sparkplug::encode(value),
            Codec::Protobuf(message) => message.encode(value),
            Codec::Avro(schema) => schema.encode(value),
            Codec::Auto => {
                Err(EncodeError::new("$", "auto only decodes; name the codec to encode"))
            }
        }
    }

    /// Encodes text a user typed: JSON, except that `text`, `hex` and
    /// `base64` also take the bare text (`-m deadbeef` rather than
    /// `-m '"deadbeef"'`).
    pub fn encode_text(&self, input: &str) -> Result<Vec<u8>, EncodeError> {
        let bare = matches!(self, Codec::Text | Codec::Hex | Codec::Base64);
        match (bare, serde_json::from_str::<Value>(input)) {
            (true, Ok(value @ Value::String(_))) | (false, Ok(value)) => self.encode(&value),
            (true, _) => self.encode(&Value::String(input.to_owned())),
            (false, Err(err)) => {
                Err(EncodeError::new("$", format!("{} needs JSON input: {err}", self.name())))
            }
        }
    }
}

/// Encodes a stream of messages with one codec, filling in what the
/// format numbers per message: a Sparkplug payload without `seq` gets the
/// next one (0, 1, … 255, 0, …) and one without `timestamp` gets the
/// current time in milliseconds.
#[derive(Debug)]
pub struct Encoder {
    codec: Codec,
    next_seq: u64,
}

impl Encoder {
    pub fn new(codec: Codec) -> Encoder {
        Encoder { codec, next_seq: 0 }
    }

    pub fn codec(&self) -> &Codec {
        &self.codec
    }

    /// Encodes a value (see [`Codec::encode`]).
    pub fn encode(&mut self, value: &Value) -> Result<Vec<u8>, EncodeError> {
        if !matches!(self.codec, Codec::Sparkplug) {
            return self.codec.encode(value);
        }
        let mut message = sparkplug::message_from_json(value)?;
        if message.seq.is_none() {
            message.seq = Some(self.next_seq);
        }
        self.next_seq = (message.seq.unwrap_or(0) + 1) % 256;
        if message.timestamp.is_none() {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
            message.timestamp = Some(u64::try_from(now.as_millis()).unwrap_or(u64::MAX));
        }
        Ok(prost::Message::encode_to_vec(&message))
    }

    /// Encodes typed text (see [`Codec::encode_text`]).
    pub fn encode_text(&mut self, input: &str) -> Result<Vec<u8>, EncodeError> {
        if !matches!(self.codec, Codec::Sparkplug) {
            return self.codec.encode_text(input);
        }
        let value: Value = serde_json::from_str(input)
            .map_err(|err| EncodeError::new("$", format!("sparkplug needs JSON input: {err}")))?;
        self.encode(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_parse_and_print() {
        for name in NAMES.iter().filter(|name| !["protobuf", "avro"].contains(name)) {
            assert_eq!(Codec::parse(name).unwrap().name(), *name);
        }
        let err = Codec::parse("yaml").unwrap_err().to_string();
        assert!(err.contains("\"yaml\"") && err.contains("msgpack"), "{err}");
    }

    #[test]
    fn typed_text() {
        assert_eq!(Codec::Hex.encode_text("c0ffee").unwrap(), [0xc0, 0xff, 0xee]);
        assert_eq!(Codec::Hex.encode_text("\"c0ffee\"").unwrap(), [0xc0, 0xff, 0xee]);
        assert_eq!(Codec::Text.encode_text("12").unwrap(), b"12");
        assert_eq!(Codec::Json.encode_text(" {\"a\" : 1} ").unwrap(), b"{\"a\":1}");
        let err = Codec::Msgpack.encode_text("{oops").unwrap_err();
        assert!(err.message.starts_with("msgpack needs JSON input"), "{err}");
        assert!(Codec::Auto.encode(&json!(1)).is_err());
    }

    #[test]
    fn the_sparkplug_encoder_numbers_messages() {
        let mut encoder = Encoder::new(Codec::Sparkplug);
        let seqs: Vec<Value> = (0..3)
            .map(|_| {
                let bytes = encoder.encode_text(r#"{"metrics": []}"#).unwrap();
                let decoded = sparkplug::decode(&bytes).unwrap();
                assert!(decoded["timestamp"].as_u64().unwrap() > 1_600_000_000_000);
                decoded["seq"].clone()
            })
            .collect();
        assert_eq!(seqs, [json!(0), json!(1), json!(2)]);
        let given = encoder.encode(&json!({"seq": 255, "timestamp": 1})).unwrap();
        assert_eq!(
            sparkplug::decode(&given).unwrap(),
            json!({"seq": 255, "timestamp": 1, "metrics": []})
        );
        let next = sparkplug::decode(&encoder.encode(&json!({})).unwrap()).unwrap();
        assert_eq!(next["seq"], 0);
    }
}
