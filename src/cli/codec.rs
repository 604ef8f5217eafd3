//! Payload codec options shared by `mqtt sub` (`--decode`) and `mqtt pub`
//! (`--encode`): where a Protobuf or Avro schema comes from.

use std::path::PathBuf;

use clap::Args;

/// Schemas for the `protobuf` and `avro` codecs.
#[derive(Debug, Default, Args)]
pub struct SchemaArgs {
    /// A .proto file for the protobuf codec, compiled at start (no protoc
    /// needed); repeatable.
    #[arg(long = "proto", value_name = "FILE", help_heading = "Payload codecs")]
    pub proto: Vec<PathBuf>,

    /// A directory where the .proto files' imports are looked up; repeatable
    /// (the directory of each --proto file is searched too).
    #[arg(long = "proto-path", value_name = "DIR", help_heading = "Payload codecs")]
    pub proto_path: Vec<PathBuf>,

    /// The message type of the protobuf codec, e.g. telemetry.Reading
    /// [default: the only one the schema defines].
    #[arg(long = "proto-type", value_name = "TYPE", help_heading = "Payload codecs")]
    pub proto_type: Option<String>,

    /// A compiled schema (protoc --include_imports --descriptor_set_out)
    /// instead of --proto.
    #[arg(
        long = "descriptor-set",
        value_name = "FILE",
        conflicts_with = "proto",
        help_heading = "Payload codecs"
    )]
    pub descriptor_set: Option<PathBuf>,

    /// The Avro schema (.avsc) of the avro codec.
    #[arg(long = "avro-schema", value_name = "FILE", help_heading = "Payload codecs")]
    pub avro_schema: Option<PathBuf>,
}
