//! `mqtt watch` options: what to subscribe to, how much to keep, and the
//! text statistics mode for pipes and CI logs.

use std::ffi::OsString;
use std::time::Duration;

use clap::{ArgAction, Args};
use mqtt_proto::QoS;

use crate::cli::codec::SchemaArgs;
use crate::cli::connect::{parse_duration, qos_parser, ConnectArgs};
use crate::output::color::ColorChoice;

/// `mqtt watch`: a live view of a broker's topic space.
#[derive(Debug, Args)]
#[command(
    disable_help_flag = true,
    after_long_help = WATCH_HELP
)]
pub struct WatchArgs {
    /// Topic filter to watch; repeatable [default: #].
    #[arg(short = 't', long = "topic", value_name = "FILTER")]
    pub topics: Vec<OsString>,

    /// Maximum QoS to receive: 0, 1 or 2.
    #[arg(short = 'q', long = "qos", value_name = "QOS", default_value = "0", value_parser = qos_parser())]
    pub qos: QoS,

    /// Read the number charted for each message from this JSON field of
    /// the payload (or of its decoded value with --decode), e.g.
    /// `sensor.temp`, `list.0`, or `metrics.Temp.value` (an array element
    /// by its `name`) [default: the payload as a number, a unit allowed,
    /// such as `20.5 °C`].
    #[arg(long = "value", value_name = "PATH", help_heading = "What is kept")]
    pub value: Option<String>,

    /// Messages kept per topic for the history table and the chart.
    #[arg(long = "history", value_name = "COUNT", default_value = "50",
          value_parser = clap::value_parser!(u32).range(1..=100_000), help_heading = "What is kept")]
    pub history: u32,

    /// Topics kept; messages on further topics are counted in the totals
    /// only (the status line says how many).
    #[arg(long = "max-topics", value_name = "COUNT", default_value = "100000",
          value_parser = clap::value_parser!(u64).range(1..=100_000_000), help_heading = "What is kept")]
    pub max_topics: u64,

    /// Print per-topic statistics every --interval instead of the
    /// full-screen view (the default when stdout is not a terminal).
    #[arg(long = "stats", help_heading = "Statistics")]
    pub stats: bool,

    /// Statistics as one JSON object per topic and interval (implies
    /// --stats).
    #[arg(long = "json", help_heading = "Statistics")]
    pub json: bool,

    /// How often statistics are printed, and what their rates are measured
    /// over.
    #[arg(long = "interval", value_name = "DURATION", default_value = "1s", value_parser = parse_duration,
          help_heading = "Statistics")]
    pub interval: Duration,

    /// End after this long (status 0), printing the statistics once more
    /// [default: until Ctrl-C or q].
    #[arg(long = "duration", value_name = "DURATION", value_parser = parse_duration,
          help_heading = "Statistics")]
    pub duration: Option<Duration>,

    /// Decode payloads with CODEC, for every topic or, as FILTER=CODEC, for
    /// the topics FILTER matches; repeatable, the first matching filter
    /// wins. CODEC: auto, json, text, hex, base64, msgpack, cbor, sparkplug,
    /// protobuf[:FILE[:TYPE]]. The detail pane shows the decoded value
    /// (Sparkplug metrics by name); --json statistics add `decoded`.
    #[arg(long = "decode", value_name = "[FILTER=]CODEC", help_heading = "Payload codecs")]
    pub decode: Vec<String>,

    #[command(flatten)]
    pub schema: SchemaArgs,

    /// When to colour the view.
    #[arg(long = "color", value_name = "WHEN", default_value = "auto", help_heading = "Output")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Print help.
    #[arg(long = "help", action = ArgAction::HelpLong, help_heading = "Help")]
    pub help: Option<bool>,
}

/// The keys of the view, after the options in `--help`.
const WATCH_HELP: &str = "\
Keys:
  Up/Down, k/j      move;  PgUp/PgDn, Home/End   move further
  Right/l, Left/h   expand, collapse (or go to the parent);  Enter  toggle
  /                 filter topics by a text (Enter keeps it, Esc clears it)
  v                 payload as text, hex, JSON or decoded (--decode)
  p                 pause (messages are held, and counted, until resumed)
  c                 clear the retained messages at and under the selection
                    (asks first, with how many there are)
  w                 publish a message to the selected topic
  s                 save the selected topic's last payload to a file
  q, Ctrl-C         quit

Exit status: 0 quit with q or --duration ended; 2 usage error; 3 the broker
could not be reached; 4 or 5 it refused the connection or the credentials;
6 it refused a subscription; 8 the connection was lost and could not be
resumed; 130 Ctrl-C.";
