//! The self-describing binary codecs, `msgpack` and `cbor`: one value per
//! payload, decoded without a schema. Bytes left over after the value are an
//! error, so that text or another format is not mistaken for a short value.

use rmpv::Value as Pack;
use serde_json::{Map, Value};

use crate::error::{DecodeError, EncodeError};
use crate::text::{bytes_value, float_value};

pub(crate) fn decode_msgpack(payload: &[u8]) -> Result<Value, DecodeError> {
    let mut rest = payload;
    let value = rmpv::decode::read_value(&mut rest).map_err(|err| {
        DecodeError::new(payload.len() - rest.len(), format!("bad MessagePack: {err}"))
    })?;
    trailing(payload.len() - rest.len(), payload.len(), "MessagePack")?;
    Ok(from_pack(value))
}

fn from_pack(value: Pack) -> Value {
    match value {
        Pack::Nil => Value::Null,
        Pack::Boolean(flag) => Value::Bool(flag),
        Pack::Integer(number) => match (number.as_u64(), number.as_i64()) {
            (Some(unsigned), _) => Value::from(unsigned),
            (None, Some(signed)) => Value::from(signed),
            (None, None) => Value::Null,
        },
        Pack::F32(number) => float_value(f64::from(number)),
        Pack::F64(number) => float_value(number),
        Pack::String(text) => match text.into_str() {
            Some(text) => Value::String(text),
            None => Value::Null,
        },
        Pack::Binary(bytes) => bytes_value(&bytes),
        Pack::Array(items) => Value::Array(items.into_iter().map(from_pack).collect()),
        Pack::Map(pairs) => Value::Object(
            pairs
                .into_iter()
                .map(|(key, value)| (key_text(from_pack(key)), from_pack(value)))
                .collect(),
        ),
        Pack::Ext(kind, data) => {
            let mut map = Map::new();
            map.insert("ext".into(), Value::from(kind));
            map.insert("data".into(), bytes_value(&data));
            Value::Object(map)
        }
    }
}

pub(crate) fn encode_msgpack(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = rmpv::encode::write_value(&mut out, &to_pack(value));
    out
}

fn to_pack(value: &Value) -> Pack {
    match value {
        Value::Null => Pack::Nil,
        Value::Bool(flag) => Pack::Boolean(*flag),
        Value::Number(number) => {
            if let Some(unsigned) = number.as_u64() {
                Pack::from(unsigned)
            } else if let Some(signed) = number.as_i64() {
                Pack::from(signed)
            } else {
                Pack::F64(number.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(text) => Pack::from(text.as_str()),
        Value::Array(items) => Pack::Array(items.iter().map(to_pack).collect()),
        Value::Object(map) => Pack::Map(
            map.iter().map(|(key, value)| (Pack::from(key.as_str()), to_pack(value))).collect(),
        ),
    }
}

pub(crate) fn decode_cbor(payload: &[u8]) -> Result<Value, DecodeError> {
    let mut rest = payload;
    let value: ciborium::Value = ciborium::de::from_reader(&mut rest).map_err(|err| {
        let consumed = payload.len() - rest.len();
        match err {
            ciborium::de::Error::Io(_) => DecodeError::new(consumed, "CBOR value cut short"),
            ciborium::de::Error::Syntax(offset) => DecodeError::new(offset, "bad CBOR"),
            ciborium::de::Error::Semantic(offset, message) => {
                DecodeError::new(offset.unwrap_or(consumed), format!("bad CBOR: {message}"))
            }
            ciborium::de::Error::RecursionLimitExceeded => {
                DecodeError::new(consumed, "CBOR nested too deeply")
            }
        }
    })?;
    trailing(payload.len() - rest.len(), payload.len(), "CBOR")?;
    Ok(from_cbor(value))
}

fn from_cbor(value: ciborium::Value) -> Value {
    use ciborium::Value as Cbor;
    match value {
        Cbor::Null => Value::Null,
        Cbor::Bool(flag) => Value::Bool(flag),
        Cbor::Integer(number) => {
            let wide = i128::from(number);
            match (u64::try_from(wide), i64::try_from(wide)) {
                (Ok(unsigned), _) => Value::from(unsigned),
                (_, Ok(signed)) => Value::from(signed),
                _ => Value::String(wide.to_string()),
            }
        }
        Cbor::Float(number) => float_value(number),
        Cbor::Text(text) => Value::String(text),
        Cbor::Bytes(bytes) => bytes_value(&bytes),
        Cbor::Array(items) => Value::Array(items.into_iter().map(from_cbor).collect()),
        Cbor::Map(pairs) => Value::Object(
            pairs
                .into_iter()
                .map(|(key, value)| (key_text(from_cbor(key)), from_cbor(value)))
                .collect(),
        ),
        Cbor::Tag(_, inner) => from_cbor(*inner),
        _ => Value::Null,
    }
}

pub(crate) fn encode_cbor(value: &Value) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out)
        .map_err(|err| EncodeError::new("$", format!("CBOR: {err}")))?;
    Ok(out)
}

/// A map key as a JSON member name: strings as they are, anything else as
/// its compact JSON text.
fn key_text(key: Value) -> String {
    match key {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

fn trailing(consumed: usize, len: usize, format: &str) -> Result<(), DecodeError> {
    if consumed < len {
        return Err(DecodeError::new(
            consumed,
            format!("{} bytes after the {format} value", len - consumed),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn msgpack_round_trips_and_names_offsets() {
        let value = json!({"a": [1, -2, 3.5, null, true], "b": "text", "c": u64::MAX});
        assert_eq!(decode_msgpack(&encode_msgpack(&value)).unwrap(), value);
        // fixmap of 1, key "a", then nothing: cut short after 3 bytes.
        let err = decode_msgpack(&[0x81, 0xa1, b'a']).unwrap_err();
        assert_eq!(err.offset, 3, "{err}");
        let err = decode_msgpack(&[0x01, 0x02]).unwrap_err();
        assert_eq!((err.offset, err.message.as_str()), (1, "1 bytes after the MessagePack value"));
        // bin 8 of two bytes, and an integer key.
        assert_eq!(
            decode_msgpack(&[0x81, 0x07, 0xc4, 2, 0xde, 0xad]).unwrap(),
            json!({"7": "3q0="})
        );
    }

    #[test]
    fn cbor_round_trips_and_names_offsets() {
        let value = json!({"a": [1, -2, 3.5, null, false], "b": "text", "c": i64::MIN});
        assert_eq!(decode_cbor(&encode_cbor(&value).unwrap()).unwrap(), value);
        // map(1), text(1) "a", then nothing.
        let err = decode_cbor(&[0xa1, 0x61, b'a']).unwrap_err();
        assert_eq!(err.offset, 3, "{err}");
        assert_eq!(decode_cbor(&[0x01, 0x01]).unwrap_err().offset, 1);
        // Tag 1 (epoch time) around 10: the value is kept.
        assert_eq!(decode_cbor(&[0xc1, 0x0a]).unwrap(), json!(10));
        assert_eq!(decode_cbor(&[0xf9, 0x7e, 0x00]).unwrap(), json!("NaN"));
    }
}
