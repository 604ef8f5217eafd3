//! Protobuf with a schema given at run time: `.proto` files compiled in
//! pure Rust (protox, no protoc) or a compiled descriptor set
//! (`protoc --descriptor_set_out`), messages read and written by reflection
//! (prost-reflect).
//!
//! A message decodes to the protobuf JSON mapping: field names in
//! lowerCamelCase, 64-bit integers as strings, enums by name, bytes as
//! base64, `google.protobuf.Timestamp` as RFC 3339, fields at their default
//! value left out. Encoding takes the same mapping (and the original field
//! names).

use std::path::{Path, PathBuf};

use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor, SerializeOptions};
use serde_json::Value;

use crate::error::{DecodeError, EncodeError, SpecError};

/// The messages of one or more compiled `.proto` files.
#[derive(Clone, Debug)]
pub struct Schema {
    pool: DescriptorPool,
}

impl Schema {
    /// Compiles `files`; imports are looked up in `includes`, then in the
    /// directory of each file.
    pub fn compile(files: &[PathBuf], includes: &[PathBuf]) -> Result<Schema, SpecError> {
        let mut paths: Vec<PathBuf> = includes.to_vec();
        for file in files {
            let parent = file.parent().filter(|dir| !dir.as_os_str().is_empty());
            let parent = parent.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
            if !paths.contains(&parent) {
                paths.push(parent);
            }
        }
        let mut compiler = protox::Compiler::new(&paths)
            .map_err(|err| SpecError(format!("--proto-path: {err}")))?;
        compiler.include_imports(true);
        compiler
            .open_files(files)
            .map_err(|err| SpecError(format!("cannot compile the .proto: {err}")))?;
        Ok(Schema { pool: compiler.descriptor_pool() })
    }

    /// Reads a `FileDescriptorSet` (`protoc --descriptor_set_out
    /// --include_imports`).
    pub fn from_descriptor_set(bytes: &[u8]) -> Result<Schema, SpecError> {
        DescriptorPool::decode(bytes)
            .map(|pool| Schema { pool })
            .map_err(|err| SpecError(format!("not a descriptor set: {err}")))
    }

    /// The message type called `name` (`pkg.Msg`); with no name, the only
    /// message type the schema's own files define.
    pub fn message(&self, name: Option<&str>) -> Result<MessageType, SpecError> {
        if let Some(name) = name {
            let name = name.trim_start_matches('.');
            return self.pool.get_message_by_name(name).map(MessageType).ok_or_else(|| {
                SpecError(format!(
                    "no message type {name:?} in the schema; it has: {}",
                    self.names()
                ))
            });
        }
        let mut top = self
            .pool
            .all_messages()
            .filter(|message| message.parent_message().is_none())
            .filter(|message| !message.package_name().starts_with("google.protobuf"));
        match (top.next(), top.next()) {
            (Some(only), None) => Ok(MessageType(only)),
            _ => Err(SpecError(format!(
                "the schema has several message types; name one with --proto-type: {}",
                self.names()
            ))),
        }
    }

    fn names(&self) -> String {
        let names: Vec<String> = self
            .pool
            .all_messages()
            .filter(|message| !message.package_name().starts_with("google.protobuf"))
            .map(|message| message.full_name().to_owned())
            .collect();
        names.join(", ")
    }
}

/// One message type: the codec of `protobuf:FILE:TYPE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageType(MessageDescriptor);

impl MessageType {
    /// `pkg.Msg`.
    pub fn full_name(&self) -> &str {
        self.0.full_name()
    }

    /// The payload as the JSON mapping; the error names the byte where the
    /// top-level field that broke starts.
    pub fn decode(&self, payload: &[u8]) -> Result<Value, DecodeError> {
        let mut message = DynamicMessage::new(self.0.clone());
        crate::wire::merge(&mut message, payload)?;
        message
            .serialize_with_options(serde_json::value::Serializer, &SerializeOptions::new())
            .map_err(|err| DecodeError::new(0, format!("cannot show as JSON: {err}")))
    }

    /// The payload for JSON of the mapping.
    pub fn encode(&self, value: &Value) -> Result<Vec<u8>, EncodeError> {
        let message = DynamicMessage::deserialize(self.0.clone(), value.clone())
            .map_err(|err| EncodeError::new("$", format!("not a {}: {err}", self.full_name())))?;
        Ok(prost::Message::encode_to_vec(&message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PROTO: &str = r#"
        syntax = "proto3";
        package telemetry;
        import "google/protobuf/timestamp.proto";
        message Reading {
          enum Unit { UNIT_UNSPECIFIED = 0; CELSIUS = 1; }
          message Where { string site = 1; int32 floor = 2; }
          double temperature = 1;
          int64 counter = 2;
          Unit unit = 3;
          Where where = 4;
          repeated string tags = 5;
          map<string, int32> limits = 6;
          oneof source { string sensor = 7; uint32 channel = 8; }
          google.protobuf.Timestamp at = 9;
          bytes raw = 10;
        }
    "#;

    fn reading() -> MessageType {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("telemetry.proto");
        std::fs::write(&path, PROTO).unwrap();
        let schema = Schema::compile(&[path], &[]).unwrap();
        // The only top-level type is the default; a missing one is named.
        assert_eq!(schema.message(None).unwrap().full_name(), "telemetry.Reading");
        assert!(schema.message(Some("Nope")).unwrap_err().0.contains("telemetry.Reading.Where"));
        schema.message(Some("telemetry.Reading")).unwrap()
    }

    #[test]
    fn messages_round_trip_through_the_json_mapping() {
        let reading = reading();
        let value = json!({
            "temperature": 21.5, "counter": "-9007199254740993", "unit": "CELSIUS",
            "where": {"site": "a", "floor": -2}, "tags": ["x", "y"], "limits": {"hi": 30},
            "sensor": "s1", "at": "2024-03-05T07:08:09.500Z", "raw": "3q0="
        });
        let bytes = reading.encode(&value).unwrap();
        assert_eq!(reading.decode(&bytes).unwrap(), value);
        let err = reading.encode(&json!({"temprature": 1})).unwrap_err();
        assert!(err.message.contains("temprature"), "{err}");
    }

    #[test]
    fn a_cut_message_names_the_field_that_broke() {
        let reading = reading();
        let bytes = reading.encode(&json!({"temperature": 1.0, "sensor": "abcdef"})).unwrap();
        // temperature takes 9 bytes; the string field starts at byte 9.
        let err = reading.decode(&bytes[..bytes.len() - 1]).unwrap_err();
        assert_eq!(err.offset, 9, "{err}");
        assert!(err.message.starts_with("field 7"), "{err}");
    }
}
