//! `mqtt pub` options, in mosquitto_pub's spelling where one exists.
//!
//! Exactly one payload source is required: `-m`, `-f`, `-s`, `-l`, `-n` or
//! `--json-lines`. Clap enforces that; everything else that needs the
//! values themselves (topic syntax, property values) is checked when the
//! publish plan is built, still before any connection is made.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, ArgGroup, Args};
use mqtt_proto::QoS;

use crate::cli::codec::SchemaArgs;
use crate::cli::connect::{parse_duration, qos_parser, ConnectArgs, PropertyArgs};

/// `mqtt pub`: publish one message, the same message N times, or one
/// message per line of standard input.
#[derive(Debug, Args)]
#[command(
    disable_help_flag = true,
    group(ArgGroup::new("source").required(true).args(["message", "file", "stdin_file", "stdin_line", "null_message", "json_lines"])),
    group(ArgGroup::new("streaming").args(["stdin_line", "json_lines"])),
    after_long_help = crate::exit::HELP
)]
pub struct PubArgs {
    /// Topic to publish to (no + or # wildcards). May also come from -L's
    /// /topic path; --json-lines takes each message's own topic.
    #[arg(short = 't', long = "topic", value_name = "TOPIC")]
    pub topic: Option<OsString>,

    /// The message payload, taken literally.
    #[arg(short = 'm', long = "message", value_name = "MESSAGE", help_heading = "Payload")]
    pub message: Option<OsString>,

    /// Send the contents of FILE as the message.
    #[arg(short = 'f', long = "file", value_name = "FILE", help_heading = "Payload")]
    pub file: Option<PathBuf>,

    /// Read all of standard input and send it as one message.
    #[arg(short = 's', long = "stdin-file", help_heading = "Payload")]
    pub stdin_file: bool,

    /// Send each line of standard input as its own message, as lines
    /// arrive (the newline is not sent; an empty line is a zero-length message).
    #[arg(short = 'l', long = "stdin-line", help_heading = "Payload")]
    pub stdin_line: bool,

    /// Send a zero-length message (with -r: clear the retained message).
    #[arg(short = 'n', long = "null-message", help_heading = "Payload")]
    pub null_message: bool,

    /// Read JSON lines as printed by `mqtt sub --json` from standard input
    /// and republish each one with its own topic, payload, QoS, retain flag
    /// and properties. -t, -q and -r, when given, override the recorded ones
    /// (-t also fills in a line without a topic). Members this version does
    /// not know are ignored, so captures from newer versions replay. A bad
    /// line stops the run, naming the line and how many were sent before it.
    #[arg(long = "json-lines", help_heading = "Payload")]
    pub json_lines: bool,

    /// With --json-lines: report a bad line on stderr and go on with the
    /// next; the number skipped is reported at the end (exit 0).
    #[arg(long, requires = "json_lines", help_heading = "Payload")]
    pub skip_invalid: bool,

    /// Encode each payload with CODEC: -m, -f, -s and -l take JSON text
    /// (hex, base64 and text also take the bare text); --json-lines encodes
    /// a line's `decoded` member (a line without one keeps its `payload`).
    /// CODEC: json, text, hex, base64, msgpack, cbor, sparkplug (a missing
    /// `seq` counts up from 0, a missing `timestamp` is now),
    /// protobuf[:FILE[:TYPE]], avro[:FILE] (a raw datum; see
    /// --avro-single-object). Given here, it replaces a profile's `encode`.
    #[arg(
        long = "encode",
        value_name = "CODEC",
        conflicts_with = "null_message",
        help_heading = "Payload codecs"
    )]
    pub encode: Option<String>,

    /// With --encode avro: write Avro's single-object encoding (marker,
    /// schema fingerprint, datum) instead of the raw datum.
    #[arg(long = "avro-single-object", help_heading = "Payload codecs")]
    pub avro_single_object: bool,

    #[command(flatten)]
    pub schema: SchemaArgs,

    /// Quality of service: 0, 1 or 2.
    #[arg(short = 'q', long = "qos", value_name = "QOS", value_parser = qos_parser())]
    pub qos: Option<QoS>,

    /// Ask the broker to retain the message.
    #[arg(short = 'r', long = "retain")]
    pub retain: bool,

    /// Send the message this many times (with -m, -f, -s or -n).
    #[arg(long = "repeat", value_name = "COUNT", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..),
          conflicts_with_all = ["stdin_line", "json_lines"])]
    pub repeat: u64,

    /// Pause between repeated messages, e.g. 0.5, 100ms, 2s.
    #[arg(long = "repeat-delay", value_name = "DURATION", value_parser = parse_duration)]
    pub repeat_delay: Option<Duration>,

    /// Most QoS 1/2 messages awaiting acknowledgement at once; the broker's
    /// Receive Maximum caps it [default: the broker's Receive Maximum with
    /// MQTT 5, 20 with 3.1.1].
    #[arg(short = 'M', long = "max-inflight", value_name = "COUNT",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub max_inflight: Option<u16>,

    /// With -l or --json-lines: end with status 8 when the connection is
    /// lost instead of reconnecting.
    #[arg(long = "no-reconnect", requires = "streaming", help_heading = "Reconnecting")]
    pub no_reconnect: bool,

    /// With -l or --json-lines: give up (status 8, saying how many messages
    /// were not confirmed) after this many failed reconnect attempts in a
    /// row. Attempts wait 0.1 s, doubling up to 30 s [default: 10, about 80 s].
    #[arg(long = "reconnect-limit", value_name = "COUNT", value_parser = clap::value_parser!(u32).range(1..),
          requires = "streaming", conflicts_with = "no_reconnect", help_heading = "Reconnecting")]
    pub reconnect_limit: Option<u32>,

    #[command(flatten)]
    pub properties: PropertyArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Print help.
    #[arg(long = "help", action = ArgAction::HelpLong, help_heading = "Help")]
    pub help: Option<bool>,
}
