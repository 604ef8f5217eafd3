//! `mqtt sub` options, in mosquitto_sub's spelling where one exists.
//!
//! Output defaults to mosquitto's (payload and newline; `-v` adds the
//! topic); `-F` takes mosquitto's format language and `--json` prints one
//! lossless JSON object per message, which `mqtt pub --json-lines` replays.

use std::ffi::OsString;
use std::time::Duration;

use clap::{ArgAction, Args, ValueEnum};
use mqtt_proto::QoS;

use crate::cli::codec::SchemaArgs;
use crate::cli::connect::{parse_duration, qos_parser, ConnectArgs};
use crate::output::color::ColorChoice;

/// `mqtt sub`: subscribe to topic filters and print messages as they arrive.
#[derive(Debug, Args)]
#[command(
    disable_help_flag = true,
    after_long_help = crate::exit::HELP
)]
pub struct SubArgs {
    /// Topic filter to subscribe to; repeatable. `+` matches one level, `#` the rest.
    #[arg(short = 't', long = "topic", value_name = "FILTER")]
    pub topics: Vec<OsString>,

    /// Maximum QoS to receive: 0, 1 or 2.
    #[arg(short = 'q', long = "qos", value_name = "QOS", default_value = "0", value_parser = qos_parser())]
    pub qos: QoS,

    /// Do not print messages whose topic matches this filter; repeatable.
    #[arg(short = 'T', long = "filter-out", value_name = "FILTER")]
    pub filter_out: Vec<OsString>,

    /// Unsubscribe from this filter after subscribing (to end a persistent
    /// session's subscription with -c); repeatable.
    #[arg(short = 'U', long = "unsubscribe", value_name = "FILTER")]
    pub unsubscribe: Vec<OsString>,

    /// Print the topic before the payload.
    #[arg(short = 'v', long = "verbose", help_heading = "Output")]
    pub verbose: bool,

    /// Do not print a newline after each message.
    #[arg(short = 'N', long = "no-eol", help_heading = "Output")]
    pub no_eol: bool,

    /// Print the JSON of -F %j and %J indented over several lines, as
    /// mosquitto_sub --pretty.
    #[arg(long, help_heading = "Output")]
    pub pretty: bool,

    /// Print each message with mosquitto_sub's (2.1) format language, e.g.
    /// '%t %p', '%j', '@H:@M:@S %x', '%.2:x' (hex bytes split by ':'), '%f'
    /// (a 4-byte float payload), '%d' (an 8-byte double); ours adds %v, the
    /// payload decoded by --decode as JSON.
    #[arg(
        short = 'F',
        long = "format",
        value_name = "FORMAT",
        conflicts_with = "json",
        help_heading = "Output"
    )]
    pub format: Option<String>,

    /// Print one JSON object per line: topic, payload (text or base64),
    /// qos, retain and MQTT 5 properties. `mqtt pub --json-lines` replays it.
    #[arg(long = "json", help_heading = "Output")]
    pub json: bool,

    /// Print the message rate on stderr each second: `N msgs/s` for all
    /// messages received, as mosquitto_sub 2.1 (whose rate replaces the
    /// messages; here they still go to stdout: add `> /dev/null`).
    /// `--message-rate=topic` adds a line per topic, `=filter` one per -t
    /// filter (busiest first, at most 20).
    #[arg(long = "message-rate", value_name = "PER", num_args = 0..=1, require_equals = true,
          default_missing_value = "total", help_heading = "Output")]
    pub message_rate: Option<RateBy>,

    /// On a terminal, keep one line per topic, updated in place: its last
    /// payload, how many messages and how long ago (as mosquitto_sub 2.1's
    /// -w). Not for a pipe or file: use --json there. Not with
    /// --message-rate, whose lines would scroll the table away.
    #[arg(short = 'w', long = "watch", conflicts_with_all = ["format", "json", "verbose", "no_eol", "message_rate"],
          help_heading = "Output")]
    pub watch: bool,
    /// Decode payloads with CODEC, for every topic or, as FILTER=CODEC, for
    /// the topics FILTER matches; repeatable, the first matching filter
    /// wins. CODEC: auto, json, text, hex, base64, msgpack, cbor, sparkplug,
    /// protobuf[:FILE[:TYPE]], avro[:FILE] (raw datum or single-object).
    /// The default output and -v show the decoded value as JSON, --json
    /// adds `decoded` (or `decode_error`), -F has %v.
    /// A payload that does not decode is reported on stderr and printed as
    /// it is. Given here, it replaces a profile's `decode`.
    #[arg(long = "decode", value_name = "[FILTER=]CODEC", help_heading = "Payload codecs")]
    pub decode: Vec<String>,

    /// Exit with status 65 at the first payload that does not decode (it
    /// is printed first).
    #[arg(long = "strict-decode", help_heading = "Payload codecs")]
    pub strict_decode: bool,

    #[command(flatten)]
    pub schema: SchemaArgs,

    /// When to colour the output.
    #[arg(long = "color", value_name = "WHEN", default_value = "auto", help_heading = "Output")]
    pub color: ColorChoice,

    /// Exit after this many messages.
    #[arg(short = 'C', long = "count", value_name = "COUNT", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Ending")]
    pub count: Option<u64>,

    /// Exit with status 27 when this much time has passed since the start,
    /// connecting included (as mosquitto_sub's -W).
    #[arg(short = 'W', long = "timeout", value_name = "DURATION", value_parser = parse_duration, help_heading = "Ending")]
    pub timeout: Option<Duration>,

    /// Exit when no message has arrived for this long (status 0, or 27
    /// when -C was given and not reached).
    #[arg(long = "idle-timeout", value_name = "DURATION", value_parser = parse_duration, help_heading = "Ending")]
    pub idle_timeout: Option<Duration>,

    /// Exit as soon as the subscriptions are acknowledged (e.g. to create a
    /// persistent session with -c).
    #[arg(short = 'E', long = "exit-after-subscribe", help_heading = "Ending")]
    pub exit_after_subscribe: bool,

    /// Print only retained messages and exit at the first fresh one, or
    /// when nothing more arrives shortly after the subscription (see
    /// --retained-wait), so it never hangs on an empty tree.
    #[arg(long = "retained-only", help_heading = "Retained messages")]
    pub retained_only: bool,

    /// How long --retained-only waits for another retained message.
    #[arg(long = "retained-wait", value_name = "DURATION", value_parser = parse_duration, default_value = "500ms",
          requires = "retained_only", help_heading = "Retained messages")]
    pub retained_wait: Duration,

    /// Do not print retained (stale) messages.
    #[arg(short = 'R', long = "skip-retained", help_heading = "Retained messages")]
    pub skip_retained: bool,

    /// Clear each retained message received (publishes a zero-length
    /// retained message to its topic). Works with -R too.
    #[arg(long = "remove-retained", help_heading = "Retained messages")]
    pub remove_retained: bool,

    /// MQTT 5: do not receive our own publishes.
    #[arg(long = "no-local", help_heading = "Subscription options")]
    pub no_local: bool,

    /// MQTT 5: keep the retain flag as the publisher set it.
    #[arg(long = "retain-as-published", help_heading = "Subscription options")]
    pub retain_as_published: bool,

    /// MQTT 5: when the broker sends retained messages.
    #[arg(long = "retain-handling", value_name = "WHEN", help_heading = "Subscription options")]
    pub retain_handling: Option<RetainHandlingArg>,

    /// End with status 8 when the connection is lost instead of
    /// reconnecting (by default a lost connection is resumed, for ever).
    #[arg(long = "no-reconnect", help_heading = "Reconnecting")]
    pub no_reconnect: bool,

    /// Give up (status 8) after this many failed reconnect attempts in a
    /// row. Attempts wait 0.1 s, doubling up to 30 s [default: no limit].
    #[arg(long = "reconnect-limit", value_name = "COUNT", value_parser = clap::value_parser!(u32).range(1..),
          conflicts_with = "no_reconnect", help_heading = "Reconnecting")]
    pub reconnect_limit: Option<u32>,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Print help.
    #[arg(long = "help", action = ArgAction::HelpLong, help_heading = "Help")]
    pub help: Option<bool>,
}

/// What `--message-rate` counts separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RateBy {
    /// All messages together.
    Total,
    /// Each topic.
    Topic,
    /// Each subscribed filter (-t); a message counts for every filter it matches.
    Filter,
}

/// `--retain-handling` values (MQTT 5 subscription option).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RetainHandlingArg {
    /// Send retained messages on every subscribe (0).
    #[value(name = "always", alias = "0", alias = "send")]
    Always,
    /// Only when the subscription is new (1).
    #[value(name = "new", alias = "1", alias = "if-new")]
    New,
    /// Never send retained messages (2).
    #[value(name = "never", alias = "2")]
    Never,
}
