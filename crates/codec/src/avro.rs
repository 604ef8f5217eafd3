//! Avro with a schema given at run time (an `.avsc` file): a payload is
//! either Avro's single-object encoding (`C3 01`, the schema's 8-byte
//! CRC-64-AVRO fingerprint, then the datum), recognised by its marker and
//! checked against the schema, or a raw datum.
//!
//! JSON as the other codecs write it: records and maps as objects, unions
//! as the branch's value, enums by symbol, `bytes` and `fixed` as base64
//! strings, NaN and infinities as strings. Encoding goes through the schema,
//! so a union takes the first branch the value fits.

use std::collections::HashMap;

use apache_avro::schema::{Name, ResolvedSchema};
use apache_avro::types::Value as Avro;
use apache_avro::{GenericSingleObjectReader, GenericSingleObjectWriter, Schema};
use base64::prelude::{Engine as _, BASE64_STANDARD};
use serde_json::{Map, Value};

use crate::error::{DecodeError, EncodeError, SpecError};
use crate::text::{bytes_value, float_value, value_float};

/// One Avro schema, and how `--encode` writes it.
#[derive(Clone, Debug)]
pub struct AvroType {
    schema: Schema,
    /// Encode with the single-object header rather than as a raw datum.
    pub single_object: bool,
}

impl PartialEq for AvroType {
    fn eq(&self, other: &AvroType) -> bool {
        self.schema.canonical_form() == other.schema.canonical_form()
            && self.single_object == other.single_object
    }
}

impl AvroType {
    /// Parses an `.avsc` schema (JSON text).
    pub fn parse(text: &str) -> Result<AvroType, SpecError> {
        let schema = Schema::parse_str(text)
            .map_err(|err| SpecError(format!("not an Avro schema: {err}")))?;
        Ok(AvroType { schema, single_object: false })
    }

    pub fn decode(&self, payload: &[u8]) -> Result<Value, DecodeError> {
        let mut rest = payload;
        let value = if payload.starts_with(&[0xc3, 0x01]) {
            let reader = GenericSingleObjectReader::new(self.schema.clone())
                .map_err(|err| DecodeError::new(0, format!("Avro schema: {err}")))?;
            reader.read_value(&mut rest)
        } else {
            apache_avro::from_avro_datum(&self.schema, &mut rest, None)
        };
        let consumed = payload.len() - rest.len();
        let value = value.map_err(|err| DecodeError::new(consumed, format!("bad Avro: {err}")))?;
        if consumed < payload.len() {
            return Err(DecodeError::new(
                consumed,
                format!("{} bytes after the Avro datum", payload.len() - consumed),
            ));
        }
        Ok(to_json(value))
    }

    pub fn encode(&self, value: &Value) -> Result<Vec<u8>, EncodeError> {
        let resolved = ResolvedSchema::try_from(&self.schema)
            .map_err(|err| EncodeError::new("$", format!("Avro schema: {err}")))?;
        let names: HashMap<Name, &Schema> =
            resolved.get_names().iter().map(|(name, schema)| (name.clone(), *schema)).collect();
        let avro = from_json(value, &self.schema, &names, "$")?;
        let avro = avro
            .resolve(&self.schema)
            .map_err(|err| EncodeError::new("$", format!("does not fit the Avro schema: {err}")))?;
        if !self.single_object {
            return apache_avro::to_avro_datum(&self.schema, avro)
                .map_err(|err| EncodeError::new("$", format!("Avro: {err}")));
        }
        let mut writer = GenericSingleObjectWriter::new_with_capacity(&self.schema, 1024)
            .map_err(|err| EncodeError::new("$", format!("Avro schema: {err}")))?;
        let mut out = Vec::new();
        writer
            .write_value(avro, &mut out)
            .map_err(|err| EncodeError::new("$", format!("Avro: {err}")))?;
        Ok(out)
    }
}

fn to_json(value: Avro) -> Value {
    match value {
        Avro::Null => Value::Null,
        Avro::Boolean(flag) => Value::Bool(flag),
        Avro::Int(number) => Value::from(number),
        Avro::Long(number) => Value::from(number),
        Avro::Float(number) => float_value(f64::from(number)),
        Avro::Double(number) => float_value(number),
        Avro::Bytes(bytes) | Avro::Fixed(_, bytes) => bytes_value(&bytes),
        Avro::String(text) | Avro::Enum(_, text) => Value::String(text),
        Avro::Union(_, inner) => to_json(*inner),
        Avro::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Avro::Map(items) => {
            Value::Object(items.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
        Avro::Record(fields) => {
            Value::Object(fields.into_iter().map(|(k, v)| (k, to_json(v))).collect::<Map<_, _>>())
        }
        // Logical types: as apache-avro writes them.
        other => Value::try_from(other).unwrap_or(Value::Null),
    }
}

/// The Avro value for `value` as `schema` reads it: walks records, arrays,
/// maps and unions so that bytes (base64) and floats (NaN strings) convert;
/// the rest is left to `resolve`.
fn from_json(
    value: &Value,
    schema: &Schema,
    names: &HashMap<Name, &Schema>,
    path: &str,
) -> Result<Avro, EncodeError> {
    let bad = |what: &str| EncodeError::new(path, format!("expected {what}"));
    Ok(match schema {
        Schema::Ref { name } => match names.get(name) {
            Some(schema) => from_json(value, schema, names, path)?,
            None => return Err(EncodeError::new(path, format!("unknown Avro type {name}"))),
        },
        Schema::Bytes | Schema::Fixed(_) => match value {
            Value::String(text) => {
                Avro::Bytes(BASE64_STANDARD.decode(text).map_err(|err| {
                    EncodeError::new(path, format!("bytes must be base64: {err}"))
                })?)
            }
            other => Avro::from(other.clone()),
        },
        Schema::Float | Schema::Double if value.is_string() => {
            Avro::Double(value_float(value, path)?)
        }
        Schema::Record(record) => {
            let object = value.as_object().ok_or_else(|| bad("an object (a record)"))?;
            let mut fields = Vec::with_capacity(record.fields.len());
            for field in &record.fields {
                let path = format!("{path}.{}", field.name);
                match object.get(&field.name) {
                    Some(value) => fields
                        .push((field.name.clone(), from_json(value, &field.schema, names, &path)?)),
                    None if field.default.is_some() => {}
                    None => return Err(EncodeError::new(path, "missing (no default)")),
                }
            }
            if let Some(unknown) = object.keys().find(|key| !record.lookup.contains_key(*key)) {
                return Err(EncodeError::new(
                    path,
                    format!("no field {unknown:?} in {}", record.name),
                ));
            }
            Avro::Record(fields)
        }
        Schema::Array(array) => {
            let items = value.as_array().ok_or_else(|| bad("an array"))?;
            let items = items.iter().enumerate().map(|(index, item)| {
                from_json(item, &array.items, names, &format!("{path}[{index}]"))
            });
            Avro::Array(items.collect::<Result<_, _>>()?)
        }
        Schema::Map(map) => {
            let object = value.as_object().ok_or_else(|| bad("an object (a map)"))?;
            let entries = object.iter().map(|(key, item)| {
                Ok((key.clone(), from_json(item, &map.types, names, &format!("{path}.{key}"))?))
            });
            Avro::Map(entries.collect::<Result<_, EncodeError>>()?)
        }
        Schema::Union(union) => {
            // The first branch of the value's JSON kind; `resolve` checks it.
            let branch = union.variants().iter().find(|branch| fits(value, branch, names));
            let branch = branch.ok_or_else(|| bad("a value of one of the union's types"))?;
            from_json(value, branch, names, path)?
        }
        _ => Avro::from(value.clone()),
    })
}

/// Whether a JSON value is of the kind an Avro type is written as.
fn fits(value: &Value, schema: &Schema, names: &HashMap<Name, &Schema>) -> bool {
    match (schema, value) {
        (Schema::Ref { name }, _) => {
            names.get(name).is_some_and(|schema| fits(value, schema, names))
        }
        (Schema::Null, Value::Null) | (Schema::Boolean, Value::Bool(_)) => true,
        (Schema::Int | Schema::Long, Value::Number(number)) => number.is_i64() || number.is_u64(),
        (Schema::Float | Schema::Double, Value::Number(_) | Value::String(_)) => true,
        (Schema::String | Schema::Enum(_) | Schema::Bytes | Schema::Fixed(_), Value::String(_)) => {
            true
        }
        (Schema::Record(_) | Schema::Map(_), Value::Object(_)) => true,
        (Schema::Array(_), Value::Array(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SCHEMA: &str = r#"{"type": "record", "name": "Reading", "namespace": "acme", "fields": [
        {"name": "temperature", "type": "double"},
        {"name": "count", "type": "long"},
        {"name": "unit", "type": {"type": "enum", "name": "Unit", "symbols": ["C", "K"]}},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "limits", "type": {"type": "map", "values": "int"}},
        {"name": "note", "type": ["null", "string"], "default": null},
        {"name": "raw", "type": "bytes"},
        {"name": "next", "type": ["null", "Reading"], "default": null}
    ]}"#;

    #[test]
    fn raw_and_single_object_round_trip() {
        let mut avro = AvroType::parse(SCHEMA).unwrap();
        let value = json!({"temperature": 21.5, "count": -3, "unit": "K", "tags": ["a"],
            "limits": {"hi": 3}, "note": "n", "raw": "3q0=",
            "next": {"temperature": 1.0, "count": 0, "unit": "C", "tags": [], "limits": {},
                     "note": null, "raw": "", "next": null}});
        let raw = avro.encode(&value).unwrap();
        assert_eq!(avro.decode(&raw).unwrap(), value);
        avro.single_object = true;
        let single = avro.encode(&value).unwrap();
        assert_eq!(&single[..2], [0xc3, 0x01]);
        assert_eq!(&single[10..], raw);
        assert_eq!(avro.decode(&single).unwrap(), value);
    }

    #[test]
    fn errors_name_where() {
        let avro = AvroType::parse(SCHEMA).unwrap();
        let err = avro.encode(&json!({"temperature": 1.0})).unwrap_err();
        assert_eq!(err.path, "$.count", "{err}");
        let good = avro
            .encode(&json!({"temperature": 1.0, "count": 1, "unit": "C", "tags": [], "limits": {}, "raw": ""}))
            .unwrap();
        let err = avro.decode(&good[..4]).unwrap_err();
        assert!(err.offset <= 4, "{err}");
        assert!(avro
            .decode(&[good.clone(), vec![0]].concat())
            .unwrap_err()
            .message
            .contains("after"));
        assert!(AvroType::parse("{\"type\": \"nope\"}").is_err());
    }
}
