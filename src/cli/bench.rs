//! `mqtt bench` options. The names follow emqtt-bench and MQTTX where they
//! have one (`-q`, `-s`, `-t`, `-r`, `--inflight`); the connection options
//! are the toolkit's shared ones (`-h`, `-p`, `-L`, TLS, `-V`, `-u`, `-P`).
//! Values are parsed here when clap can do it; everything that needs the
//! combination of options (topics, shards, limits) is checked when the run
//! plan is built, still before any connection is made.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Subcommand, ValueEnum};
use mqtt_client::QoS;

use crate::cli::connect::{parse_duration, qos_parser, ConnectArgs};

/// `mqtt bench`: publishers and subscribers together, end to end. With a
/// subcommand: publishers only, subscribers only, connections, or merging
/// shard reports.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    disable_help_flag = true,
    after_help = "Scenarios: `mqtt bench` (end to end), `mqtt bench pub`, `mqtt bench sub`, \
                  `mqtt bench conn`, `mqtt bench merge`. docs/bench.md explains every number.\n\
                  Exit status: 0 when the run passed, 9 when it ran but failed a --fail-if \
                  condition or its own rules (QoS 1/2 loss, QoS 2 duplicates, nothing sent or \
                  received), 130 after Ctrl-C and 143 after SIGTERM (the report of what was \
                  measured is written first, marked interrupted; an interrupted run never \
                  passes). bench merge: 65 for a report it cannot read, 66 for a missing file."
)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: Option<BenchCommand>,

    #[command(flatten)]
    pub run: RunArgs,
}

/// The bench scenarios besides the default end-to-end one.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Publishers only: send rate, PUBLISH -> PUBACK/PUBCOMP latency.
    Pub(RunArgs),
    /// Subscribers only: count and time what other processes publish
    /// (their payloads carry the bench header).
    Sub(RunArgs),
    /// Connections only: connect rate and latency, holding many
    /// connections, and reconnect storms (--churn).
    Conn(ConnArgs),
    /// Merge `--json` reports of the shards of one scenario into one.
    Merge(MergeArgs),
}

/// Options of the message scenarios (`bench`, `bench pub`, `bench sub`).
#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct RunArgs {
    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// The scenario presets of `--scenario`, after EMQ's Open MQTT Benchmark
/// Suite (emqx/mqttbs); docs/bench.md gives each definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScenarioArg {
    /// 5 publishers, 50 msg/s each, on 5 topics that each of 1,000
    /// subscribers subscribes to (mqttbs fanout-5-1000-5-250K).
    FanOut,
    /// 50,000 publishers, 1 msg/s each, one topic each, and 50,000
    /// subscribers, one per topic (mqttbs p2p-50K-50K-50K-50K).
    P2p,
    /// 50,000 publishers, 1 msg/s each, to a shared subscription of 500
    /// subscribers (mqttbs sharesub-50K-500-50K-50K).
    Shared,
    /// 50,000 publishers, 1 msg/s each, to one subscriber of every topic
    /// (mqttbs's fan-in without the shared subscription).
    FanIn,
}

/// What the publishers and subscribers do.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Load")]
pub struct LoadArgs {
    /// Start from a preset topology (publishers, subscribers, topics,
    /// filters, rate, QoS 1, 32-byte payloads); any flag given overrides
    /// its part, e.g. `--scenario fan-out --subscribers 50`.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<ScenarioArg>,

    /// Publisher connections [default: 1; 0 for `bench sub`].
    #[arg(long, value_name = "N")]
    pub publishers: Option<u32>,

    /// Subscriber connections [default: 1; 0 for `bench pub`].
    #[arg(long, value_name = "N")]
    pub subscribers: Option<u32>,

    /// Publish topic template: %i (publisher index), %c (client id),
    /// %u (user name), %s (sequence), %rand_N, %% [default: bench/%i].
    #[arg(short = 't', long, value_name = "TEMPLATE")]
    pub topic: Option<String>,

    /// Subscription filter template, %i being the subscriber index
    /// [default: the topic template, so subscriber i receives publisher i;
    /// use 'bench/#' for fan-out].
    #[arg(long, value_name = "TEMPLATE")]
    pub filter: Option<String>,

    /// Subscribe as shared subscription group GROUP ($share/GROUP/filter).
    #[arg(long, value_name = "GROUP")]
    pub shared: Option<String>,

    /// Quality of service of publishes and subscriptions [default: 0].
    #[arg(short = 'q', long, value_name = "QOS", value_parser = qos_parser())]
    pub qos: Option<QoS>,

    /// Payload size in bytes, including the 32-byte bench header
    /// [default: 64].
    #[arg(short = 's', long, value_name = "BYTES")]
    pub size: Option<usize>,

    /// Publish with the retain flag.
    #[arg(short = 'r', long)]
    pub retain: bool,

    /// Total messages per second over all publishers (50k, 1.5M); 0 sends
    /// as fast as the inflight window allows [default: 0].
    #[arg(long, value_name = "RATE", conflicts_with = "pub_rate")]
    pub rate: Option<String>,

    /// Messages per second of each publisher (instead of --rate).
    #[arg(long, value_name = "RATE")]
    pub pub_rate: Option<String>,

    /// QoS 1/2 messages each publisher keeps unacknowledged at most (the
    /// broker's Receive Maximum may lower it) [default: 64; 20 for MQTT
    /// 3.x, whose brokers cap it without saying so].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub inflight: Option<u16>,

    /// Length of the measurement, after --warmup [default: 10s].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "count")]
    pub duration: Option<Duration>,

    /// Measured messages per publisher, instead of --duration (for `bench
    /// sub`: measured messages in total).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Time to send before measuring; those messages are delivery-checked
    /// but not counted.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1s")]
    pub warmup: Duration,

    /// Subscribers go offline after subscribing and come back this long
    /// into the run (with -c and -x the broker queues QoS 1/2 meanwhile).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub subscriber_delay: Option<Duration>,

    /// After the last send, wait this long at most for acks and
    /// deliveries that are still missing.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "2s")]
    pub drain: Duration,
}

/// Options of `mqtt bench conn`.
#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct ConnArgs {
    /// Connections to open.
    #[arg(short = 'n', long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..), help_heading = "Load")]
    pub connections: u32,

    /// Keep every connection open this long after the last one is up
    /// (with --churn: how long each stays up before reconnecting).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "0s",
          help_heading = "Load")]
    pub hold: Duration,

    /// Reconnect storm: every connection disconnects and reconnects
    /// (after --hold) until --duration ends.
    #[arg(long, requires = "duration", help_heading = "Load")]
    pub churn: bool,

    /// How long --churn runs.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Load")]
    pub duration: Option<Duration>,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options every scenario shares: connection pacing, outputs, CI and
/// sharding, and the broker connection.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Connections opened per second at most; 0 = as fast as
    /// --connect-concurrency allows.
    #[arg(long, value_name = "RATE", default_value = "0", help_heading = "Load")]
    pub connect_rate: String,

    /// Connection attempts in progress at once at most.
    #[arg(long, value_name = "N", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..), help_heading = "Load")]
    pub connect_concurrency: u32,

    /// Worker threads of the load generator [default: one per core, one
    /// fewer for a broker on loopback].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..),
          help_heading = "Load")]
    pub threads: Option<u32>,

    /// Write the report (schema mqtt-bench/1) as JSON to FILE, or to
    /// standard output with `-`.
    #[arg(long, value_name = "FILE|-", help_heading = "Output")]
    pub json: Option<String>,

    /// Write the per-second series as CSV to FILE, or standard output with `-`.
    #[arg(long, value_name = "FILE|-", help_heading = "Output")]
    pub csv: Option<String>,

    /// Write an HdrHistogram interval log (one tagged histogram per
    /// latency per second) to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub hdr_log: Option<PathBuf>,

    /// Do not ask the broker for $SYS/broker/version.
    #[arg(long, help_heading = "Output")]
    pub no_sys: bool,

    /// Serve live metrics for Prometheus at http://ADDR:PORT/metrics while
    /// the run lasts (counters, errors, latency histograms; labels shard
    /// and scenario), e.g. 127.0.0.1:9464 or 0.0.0.0:9464 in a pod.
    #[arg(long, value_name = "ADDR:PORT", help_heading = "Output")]
    pub metrics_listen: Option<std::net::SocketAddr>,

    /// Fail (exit 9) unless these hold, e.g. 'p99 < 20ms, loss == 0,
    /// rate >= 50k' (repeatable; see docs/bench.md).
    #[arg(long, value_name = "CONDITIONS", action = ArgAction::Append, help_heading = "CI")]
    pub fail_if: Vec<String>,

    /// Run shard I of N (0-based) of the scenario; merge the --json
    /// reports with `mqtt bench merge`.
    #[arg(long, value_name = "I/N", help_heading = "CI")]
    pub shard: Option<String>,

    /// Start the schedule at this time (RFC 3339 or UNIX seconds), so
    /// shards on several hosts start together.
    #[arg(long, value_name = "TIME", help_heading = "CI")]
    pub start_at: Option<String>,

    /// Run against a broker started inside this process (`mqtt serve`)
    /// on a free loopback port: no set-up needed. Its CPU counts as the
    /// bench's, so use a real broker for comparisons.
    #[cfg(feature = "serve")]
    #[arg(long, help_heading = "Connection")]
    pub embedded: bool,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Print help.
    #[arg(long = "help", action = ArgAction::Help, help_heading = "Help")]
    pub help: Option<bool>,
}

/// `mqtt bench merge FILES…`.
#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct MergeArgs {
    /// Shard reports written with --json.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Write the merged report as JSON to FILE, or standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<String>,

    /// Write the merged per-second series as CSV to FILE, or standard
    /// output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub csv: Option<String>,

    /// Fail (exit 9) unless these hold for the merged result.
    #[arg(long, value_name = "CONDITIONS", action = ArgAction::Append)]
    pub fail_if: Vec<String>,

    /// Print help (no broker options here, so -h is help too).
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "Help")]
    pub help: Option<bool>,
}
