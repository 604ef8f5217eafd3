//! One Sparkplug value, whichever oneof it travels in (metric, parameter,
//! property, data set cell), to and from JSON according to its data type.
//!
//! Policy, as Tahu's libraries do it: Int8, Int16 and Int32 travel in the
//! 32-bit `int_value` as two's complement; UInt32 in `long_value` (an
//! `int_value` is read too); Int64 in `long_value` as two's complement;
//! DateTime is milliseconds since the epoch; Bytes and File are base64 in
//! JSON; arrays travel packed, little-endian, in `bytes_value` (see
//! [`super::array`]). A value whose oneof does not fit its type is shown as
//! the oneof holds it rather than refused.

use serde_json::Value;

use super::datatype::DataType;
use crate::error::EncodeError;
use crate::text::{bytes_value, float_value, value_bytes, value_float};

/// The scalar oneof members every value message shares.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Int(u32),
    Long(u64),
    Float(f32),
    Double(f64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
}

/// The JSON of a scalar of type `kind` (unknown when no BIRTH said).
pub(crate) fn to_json(kind: Option<DataType>, scalar: &Scalar) -> Value {
    use DataType as T;
    match (kind, scalar) {
        (Some(T::Int8 | T::Int16 | T::Int32), Scalar::Int(number)) => Value::from(*number as i32),
        (Some(T::Int8 | T::Int16 | T::Int32 | T::Int64), Scalar::Long(number)) => {
            Value::from(*number as i64)
        }
        (Some(kind), Scalar::Bytes(bytes)) if kind.is_array() => {
            super::array::decode(kind, bytes).unwrap_or_else(|_| bytes_value(bytes))
        }
        (_, Scalar::Int(number)) => Value::from(*number),
        (_, Scalar::Long(number)) => Value::from(*number),
        (_, Scalar::Float(number)) => float_value(f64::from(*number)),
        (_, Scalar::Double(number)) => float_value(*number),
        (_, Scalar::Bool(flag)) => Value::Bool(*flag),
        (_, Scalar::Text(text)) => Value::String(text.clone()),
        (_, Scalar::Bytes(bytes)) => bytes_value(bytes),
    }
}

/// The scalar that carries `value` as type `kind`.
pub(crate) fn from_json(kind: DataType, value: &Value, path: &str) -> Result<Scalar, EncodeError> {
    use DataType as T;
    let integer = |low: i64, high: i64| -> Result<i64, EncodeError> {
        let number = value
            .as_i64()
            .or_else(|| value.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .ok_or_else(|| EncodeError::new(path, format!("{} needs an integer", kind.name())))?;
        if number < low || number > high {
            return Err(EncodeError::new(
                path,
                format!("{number} is out of range for {}", kind.name()),
            ));
        }
        Ok(number)
    };
    Ok(match kind {
        T::Int8 => Scalar::Int(integer(i8::MIN.into(), i8::MAX.into())? as i32 as u32),
        T::Int16 => Scalar::Int(integer(i16::MIN.into(), i16::MAX.into())? as i32 as u32),
        T::Int32 => Scalar::Int(integer(i32::MIN.into(), i32::MAX.into())? as i32 as u32),
        T::UInt8 => Scalar::Int(integer(0, u8::MAX.into())? as u32),
        T::UInt16 => Scalar::Int(integer(0, u16::MAX.into())? as u32),
        T::UInt32 => Scalar::Long(integer(0, u32::MAX.into())? as u64),
        T::Int64 => Scalar::Long(integer(i64::MIN, i64::MAX)? as u64),
        T::UInt64 | T::DateTime => Scalar::Long(value.as_u64().ok_or_else(|| {
            EncodeError::new(path, format!("{} needs a non-negative integer", kind.name()))
        })?),
        T::Float => Scalar::Float(value_float(value, path)? as f32),
        T::Double => Scalar::Double(value_float(value, path)?),
        T::Boolean => Scalar::Bool(
            value.as_bool().ok_or_else(|| EncodeError::new(path, "Boolean needs true or false"))?,
        ),
        T::String | T::Text | T::Uuid => Scalar::Text(
            value
                .as_str()
                .ok_or_else(|| EncodeError::new(path, format!("{} needs a string", kind.name())))?
                .to_owned(),
        ),
        T::Bytes | T::File => Scalar::Bytes(value_bytes(value, path)?),
        kind if kind.is_array() => Scalar::Bytes(super::array::encode(kind, value, path)?),
        other => {
            return Err(EncodeError::new(
                path,
                format!("{} is not a scalar type here", other.name()),
            ))
        }
    })
}
