//! `mqtt rr` options: mosquitto_rr's spelling (`-t` request topic, `-e`
//! response topic, `-W`, `--latency`), `pub`'s payload sources and `sub`'s
//! output options; `--respond` turns it into the other side.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, ArgGroup, Args};
use mqtt_proto::QoS;

use crate::cli::codec::SchemaArgs;
use crate::cli::connect::{parse_duration, qos_parser, ConnectArgs};
use crate::output::color::ColorChoice;

/// What `mqtt rr --help` says after the options.
pub const AFTER_HELP: &str = "\
Request/response (MQTT 5): rr subscribes to the response topic first, then
publishes each request with a Response Topic and its own Correlation Data
(generated unless --correlation-data), and prints the responses whose
Correlation Data matches; others are ignored and counted on stderr.

MQTT 3.1.1 (-V 311) has no properties: the responder must be told the
response topic, and each message on it answers the oldest request still
waiting (retained messages are ignored).

--respond answers requests instead: for each request on -t FILTER it runs
CMD with the payload on stdin and these variables set:
  MQTT_TOPIC, MQTT_RESPONSE_TOPIC, MQTT_CORRELATION_DATA (when it is text),
  MQTT_CORRELATION_DATA_HEX, MQTT_USER_PROPERTIES (a JSON array of
  [name, value] pairs)
and publishes CMD's stdout to the request's Response Topic (or -e) with the
same Correlation Data. A CMD that fails still answers, with its stdout and
the user property exit-status=CODE (or signal=N); its stderr goes to ours.

";

/// `mqtt rr`: send a request and print its response, or answer requests.
#[derive(Debug, Args)]
#[command(
    disable_help_flag = true,
    group(ArgGroup::new("source").args(["message", "file", "stdin_file", "stdin_line", "null_message"])),
    after_long_help = format!("{AFTER_HELP}{}", crate::exit::HELP)
)]
pub struct RrArgs {
    /// Topic the request is published to; with --respond, the filter the
    /// requests arrive on.
    #[arg(short = 't', long = "topic", value_name = "TOPIC")]
    pub topic: Option<OsString>,

    /// Topic the responses come back on [default: mqtt-rr/<random>, MQTT 5
    /// only]. With --respond: where to answer requests that carry no
    /// Response Topic (MQTT 3.1.1).
    #[arg(short = 'e', long = "response-topic", value_name = "TOPIC")]
    pub response_topic: Option<OsString>,

    /// The request payload, taken literally.
    #[arg(short = 'm', long = "message", value_name = "MESSAGE", help_heading = "Payload")]
    pub message: Option<OsString>,

    /// Send the contents of FILE as the request.
    #[arg(short = 'f', long = "file", value_name = "FILE", help_heading = "Payload")]
    pub file: Option<PathBuf>,

    /// Read all of standard input and send it as the request.
    #[arg(short = 's', long = "stdin-file", help_heading = "Payload")]
    pub stdin_file: bool,

    /// One request per line of standard input, sent as lines arrive
    /// without waiting for the answers, each with its own correlation data.
    #[arg(short = 'l', long = "stdin-line", help_heading = "Payload")]
    pub stdin_line: bool,

    /// Send a zero-length request.
    #[arg(short = 'n', long = "null-message", help_heading = "Payload")]
    pub null_message: bool,

    /// Correlation data (text) of the request [default: generated].
    #[arg(
        long = "correlation-data",
        value_name = "DATA",
        conflicts_with = "stdin_line",
        help_heading = "Payload"
    )]
    pub correlation_data: Option<String>,

    /// QoS of the requests, the responses' subscription and (with
    /// --respond) the answers.
    #[arg(short = 'q', long = "qos", value_name = "QOS", default_value = "0", value_parser = qos_parser())]
    pub qos: QoS,

    /// Responses to wait for per request (several responders may answer);
    /// with --respond, exit after answering this many requests.
    #[arg(short = 'C', long = "count", value_name = "COUNT", value_parser = clap::value_parser!(u64).range(1..),
          help_heading = "Ending")]
    pub count: Option<u64>,

    /// Exit with status 27 when the responses have not all arrived this
    /// long after the start (with --respond: stop answering then, status 0).
    #[arg(short = 'W', long = "timeout", value_name = "DURATION", value_parser = parse_duration,
          help_heading = "Ending")]
    pub timeout: Option<Duration>,

    /// Print on stderr how long each response took from its request's
    /// publishing (as mosquitto_rr 2.1, which prints it on stdout).
    #[arg(long = "latency", help_heading = "Output")]
    pub latency: bool,

    /// Print the topic before the payload.
    #[arg(short = 'v', long = "verbose", help_heading = "Output")]
    pub verbose: bool,

    /// Do not print a newline after each response.
    #[arg(short = 'N', long = "no-eol", help_heading = "Output")]
    pub no_eol: bool,

    /// Print the JSON of -F %j and %J over several lines.
    #[arg(long, help_heading = "Output")]
    pub pretty: bool,

    /// Print each response with mosquitto's format language (as sub -F).
    #[arg(
        short = 'F',
        long = "format",
        value_name = "FORMAT",
        conflicts_with = "json",
        help_heading = "Output"
    )]
    pub format: Option<String>,

    /// Print each response as one JSON object per line (as sub --json).
    #[arg(long = "json", help_heading = "Output")]
    pub json: bool,

    /// When to colour the output.
    #[arg(long = "color", value_name = "WHEN", default_value = "auto", help_heading = "Output")]
    pub color: ColorChoice,

    /// Decode responses with CODEC, as `sub --decode` (auto, json, msgpack,
    /// cbor, sparkplug, protobuf[:FILE[:TYPE]], avro[:FILE], …); the output
    /// shows the decoded value, --json adds `decoded` or `decode_error`.
    #[arg(long = "decode", value_name = "[FILTER=]CODEC", help_heading = "Payload codecs")]
    pub decode: Vec<String>,

    #[command(flatten)]
    pub schema: SchemaArgs,

    /// Answer requests on -t FILTER by running CMD for each (see below).
    #[arg(long = "respond", requires = "command", conflicts_with_all = ["source", "latency", "correlation_data"],
          help_heading = "Responder")]
    pub respond: bool,

    /// With --respond: how many CMDs may run at once.
    #[arg(long = "concurrency", value_name = "COUNT", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..), requires = "respond", help_heading = "Responder")]
    pub concurrency: u32,

    /// With --respond: the command and its arguments, after `--`.
    #[arg(last = true, value_name = "CMD", help_heading = "Responder")]
    pub command: Vec<OsString>,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Print help.
    #[arg(long = "help", action = ArgAction::HelpLong, help_heading = "Help")]
    pub help: Option<bool>,
}
