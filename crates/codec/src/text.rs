//! The codecs whose payload is text or plain bytes: `json`, `hex`,
//! `base64`, and the JSON spellings every codec shares for bytes and floats.

use base64::prelude::{Engine as _, BASE64_STANDARD};
use serde_json::{Number, Value};

use crate::error::{DecodeError, EncodeError};

/// `json`: the payload must be one JSON value, in UTF-8.
pub(crate) fn decode_json(payload: &[u8]) -> Result<Value, DecodeError> {
    let text = std::str::from_utf8(payload)
        .map_err(|err| DecodeError::new(err.valid_up_to(), "not UTF-8, so not JSON"))?;
    serde_json::from_str(text).map_err(|err| {
        let offset = byte_offset(text, err.line(), err.column());
        let message = err.to_string();
        // serde_json appends " at line L column C"; the offset replaces it.
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        DecodeError::new(offset, message)
    })
}

/// The byte offset of serde_json's 1-based line and column.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len())
}

pub(crate) fn encode_json(value: &Value) -> Vec<u8> {
    value.to_string().into_bytes()
}

pub(crate) fn decode_hex(payload: &[u8]) -> Value {
    Value::String(hex::encode(payload))
}

pub(crate) fn encode_hex(value: &Value) -> Result<Vec<u8>, EncodeError> {
    let text =
        value.as_str().ok_or_else(|| EncodeError::new("$", "hex needs a string of hex digits"))?;
    let digits: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    hex::decode(&digits).map_err(|err| EncodeError::new("$", format!("not hex: {err}")))
}

pub(crate) fn decode_base64(payload: &[u8]) -> Value {
    Value::String(BASE64_STANDARD.encode(payload))
}

pub(crate) fn encode_base64(value: &Value) -> Result<Vec<u8>, EncodeError> {
    let text = value.as_str().ok_or_else(|| EncodeError::new("$", "base64 needs a string"))?;
    BASE64_STANDARD
        .decode(text.trim())
        .map_err(|err| EncodeError::new("$", format!("not base64: {err}")))
}

/// Bytes inside a decoded value: standard base64, as the protobuf JSON
/// mapping writes them.
pub(crate) fn bytes_value(bytes: &[u8]) -> Value {
    Value::String(BASE64_STANDARD.encode(bytes))
}

/// Bytes from a value: a base64 string, or an array of byte numbers.
pub(crate) fn value_bytes(value: &Value, path: &str) -> Result<Vec<u8>, EncodeError> {
    match value {
        Value::String(text) => BASE64_STANDARD
            .decode(text)
            .map_err(|err| EncodeError::new(path, format!("bytes must be base64: {err}"))),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_u64()
                    .and_then(|byte| u8::try_from(byte).ok())
                    .ok_or_else(|| EncodeError::new(path, "bytes must be numbers 0-255"))
            })
            .collect(),
        _ => Err(EncodeError::new(path, "bytes must be a base64 string")),
    }
}

/// A float as JSON: a number, or the protobuf JSON mapping's strings for
/// the values JSON lacks.
pub(crate) fn float_value(number: f64) -> Value {
    match Number::from_f64(number) {
        Some(number) => Value::Number(number),
        None if number.is_nan() => Value::String("NaN".into()),
        None if number > 0.0 => Value::String("Infinity".into()),
        None => Value::String("-Infinity".into()),
    }
}

/// A float from JSON: a number or one of the strings [`float_value`] writes.
pub(crate) fn value_float(value: &Value, path: &str) -> Result<f64, EncodeError> {
    match value {
        Value::Number(number) => {
            number.as_f64().ok_or_else(|| EncodeError::new(path, "not a float"))
        }
        Value::String(text) => match text.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => other
                .parse()
                .map_err(|_| EncodeError::new(path, format!("{other:?} is not a number"))),
        },
        _ => Err(EncodeError::new(path, "expected a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_byte() {
        let err = decode_json(b"{\"a\": 1,\n \"b\": tru}").unwrap_err();
        assert_eq!(err.offset, 18, "{err}");
        assert!(!err.message.contains("line"), "{err}");
        assert_eq!(decode_json(b"\xff").unwrap_err().offset, 0);
        assert_eq!(decode_json(b"[1, 2]").unwrap(), serde_json::json!([1, 2]));
    }

    #[test]
    fn hex_and_base64_round_trip() {
        let bytes = [0u8, 1, 0xfe, 0xff];
        assert_eq!(decode_hex(&bytes), Value::String("0001feff".into()));
        assert_eq!(encode_hex(&Value::String("00 01 FE ff".into())).unwrap(), bytes);
        assert!(encode_hex(&Value::String("0g".into())).is_err());
        assert_eq!(encode_base64(&decode_base64(&bytes)).unwrap(), bytes);
        assert!(encode_base64(&serde_json::json!(3)).is_err());
    }

    #[test]
    fn floats_json_cannot_hold_are_strings() {
        assert_eq!(float_value(f64::NAN), Value::String("NaN".into()));
        assert_eq!(float_value(f64::NEG_INFINITY), Value::String("-Infinity".into()));
        assert!(value_float(&float_value(f64::NAN), "$").unwrap().is_nan());
        assert_eq!(value_float(&float_value(1.5), "$").unwrap(), 1.5);
    }
}
