//! Sparkplug 3.0 arrays, packed in a metric's `bytes_value`: numbers
//! little-endian back to back; BooleanArray as a 4-byte little-endian count
//! then the bits, first value in the most significant bit; StringArray as
//! NUL-terminated UTF-8 strings; DateTimeArray as Int64 milliseconds.

use serde_json::Value;

use super::datatype::DataType;
use crate::error::EncodeError;
use crate::text::{float_value, value_float};

/// The JSON array packed in `bytes`, or why it is not one.
pub(crate) fn decode(kind: DataType, bytes: &[u8]) -> Result<Value, String> {
    use DataType as T;
    let width = match kind {
        T::Int8Array | T::UInt8Array => 1,
        T::Int16Array | T::UInt16Array => 2,
        T::Int32Array | T::UInt32Array | T::FloatArray => 4,
        T::Int64Array | T::UInt64Array | T::DoubleArray | T::DateTimeArray => 8,
        T::BooleanArray => return booleans(bytes),
        T::StringArray => return strings(bytes),
        other => return Err(format!("{} is not an array type", other.name())),
    };
    if !bytes.len().is_multiple_of(width) {
        return Err(format!("{} bytes do not divide into {width}-byte items", bytes.len()));
    }
    let items = bytes.chunks_exact(width).map(|chunk| {
        let mut word = [0u8; 8];
        word[..width].copy_from_slice(chunk);
        let raw = u64::from_le_bytes(word);
        match kind {
            T::Int8Array => Value::from(raw as u8 as i8),
            T::Int16Array => Value::from(raw as u16 as i16),
            T::Int32Array => Value::from(raw as u32 as i32),
            T::Int64Array | T::DateTimeArray => Value::from(raw as i64),
            T::FloatArray => float_value(f64::from(f32::from_bits(raw as u32))),
            T::DoubleArray => float_value(f64::from_bits(raw)),
            _ => Value::from(raw),
        }
    });
    Ok(Value::Array(items.collect()))
}

fn booleans(bytes: &[u8]) -> Result<Value, String> {
    let (count, bits) =
        bytes.split_first_chunk::<4>().ok_or("a BooleanArray needs its 4-byte count")?;
    let count = u32::from_le_bytes(*count) as usize;
    if bits.len() * 8 < count {
        return Err(format!("a BooleanArray of {count} needs {} bytes of bits", count.div_ceil(8)));
    }
    Ok(Value::Array(
        (0..count).map(|i| Value::Bool(bits[i / 8] & (0x80 >> (i % 8)) != 0)).collect(),
    ))
}

fn strings(bytes: &[u8]) -> Result<Value, String> {
    let Some(body) = bytes.strip_suffix(&[0]) else {
        return if bytes.is_empty() {
            Ok(Value::Array(Vec::new()))
        } else {
            Err("a StringArray must end with a NUL".into())
        };
    };
    body.split(|byte| *byte == 0)
        .map(|item| {
            std::str::from_utf8(item)
                .map(|text| Value::String(text.to_owned()))
                .map_err(|_| "a StringArray item is not UTF-8".to_owned())
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// `value` (a JSON array) packed as `kind`.
pub(crate) fn encode(kind: DataType, value: &Value, path: &str) -> Result<Vec<u8>, EncodeError> {
    use DataType as T;
    let items = value
        .as_array()
        .ok_or_else(|| EncodeError::new(path, format!("{} needs an array", kind.name())))?;
    let mut out = Vec::new();
    if kind == T::BooleanArray {
        out.extend_from_slice(&(items.len() as u32).to_le_bytes());
        out.resize(4 + items.len().div_ceil(8), 0);
    }
    for (index, item) in items.iter().enumerate() {
        let path = format!("{path}[{index}]");
        let bad = || EncodeError::new(&path, format!("not a valid {} item", kind.name()));
        let signed = |low: i64, high: i64| {
            item.as_i64().filter(|number| (low..=high).contains(number)).ok_or_else(bad)
        };
        let unsigned = |high: u64| item.as_u64().filter(|number| *number <= high).ok_or_else(bad);
        match kind {
            T::Int8Array => out.push(signed(i8::MIN.into(), i8::MAX.into())? as u8),
            T::Int16Array => out.extend_from_slice(
                &(signed(i16::MIN.into(), i16::MAX.into())? as i16).to_le_bytes(),
            ),
            T::Int32Array => out.extend_from_slice(
                &(signed(i32::MIN.into(), i32::MAX.into())? as i32).to_le_bytes(),
            ),
            T::Int64Array | T::DateTimeArray => {
                out.extend_from_slice(&signed(i64::MIN, i64::MAX)?.to_le_bytes())
            }
            T::UInt8Array => out.push(unsigned(u8::MAX.into())? as u8),
            T::UInt16Array => {
                out.extend_from_slice(&(unsigned(u16::MAX.into())? as u16).to_le_bytes())
            }
            T::UInt32Array => {
                out.extend_from_slice(&(unsigned(u32::MAX.into())? as u32).to_le_bytes())
            }
            T::UInt64Array => out.extend_from_slice(&unsigned(u64::MAX)?.to_le_bytes()),
            T::FloatArray => {
                out.extend_from_slice(&(value_float(item, &path)? as f32).to_le_bytes())
            }
            T::DoubleArray => out.extend_from_slice(&value_float(item, &path)?.to_le_bytes()),
            T::BooleanArray => {
                if item.as_bool().ok_or_else(bad)? {
                    out[4 + index / 8] |= 0x80 >> (index % 8);
                }
            }
            T::StringArray => {
                let text = item.as_str().filter(|text| !text.contains('\0')).ok_or_else(bad)?;
                out.extend_from_slice(text.as_bytes());
                out.push(0);
            }
            other => {
                return Err(EncodeError::new(
                    path,
                    format!("{} is not an array type", other.name()),
                ))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_specifications_boolean_example() {
        let bits = [false, false, true, true, false, true, false, false, true, true, false, true];
        let packed = encode(DataType::BooleanArray, &json!(bits), "$").unwrap();
        assert_eq!(packed, [0x0c, 0, 0, 0, 0x34, 0xd0]);
        assert_eq!(decode(DataType::BooleanArray, &packed).unwrap(), json!(bits));
    }

    #[test]
    fn every_array_round_trips() {
        let cases = [
            (DataType::Int8Array, json!([-128, 0, 127])),
            (DataType::Int16Array, json!([-32768, 1, 32767])),
            (DataType::Int32Array, json!([i32::MIN, 2, i32::MAX])),
            (DataType::Int64Array, json!([i64::MIN, 3, i64::MAX])),
            (DataType::UInt8Array, json!([0, 255])),
            (DataType::UInt16Array, json!([0, 65535])),
            (DataType::UInt32Array, json!([0, u32::MAX])),
            (DataType::UInt64Array, json!([0, u64::MAX])),
            (DataType::FloatArray, json!([1.5, -0.25])),
            (DataType::DoubleArray, json!([1.1, -2.2e300])),
            (DataType::StringArray, json!(["ab", "", "é"])),
            (DataType::DateTimeArray, json!([1_700_000_000_000_i64])),
        ];
        for (kind, value) in cases {
            let packed = encode(kind, &value, "$").unwrap();
            assert_eq!(decode(kind, &packed).unwrap(), value, "{}", kind.name());
        }
        assert_eq!(
            encode(DataType::Int8Array, &json!([1, 300]), "$.v").unwrap_err().path,
            "$.v[1]"
        );
        assert!(decode(DataType::Int16Array, &[1, 2, 3]).is_err());
        assert!(decode(DataType::StringArray, b"ab").is_err());
    }
}
