//! `mqtt inspect` options: the packet decoder (`--decode`) and the broker
//! report (connection options plus check selection).

use std::time::Duration;

use clap::{ArgAction, Args, ValueEnum};

use crate::cli::connect::{parse_duration, ConnectArgs};

/// The broker report's checks, in the order they run (`--list-checks`
/// prints what each one does). The value names are the ids users type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Check {
    #[value(name = "mqtt31")]
    Mqtt31,
    #[value(name = "mqtt311")]
    Mqtt311,
    #[value(name = "mqtt5")]
    Mqtt5,
    Sys,
    Qos0,
    Qos1,
    Qos2,
    Retain,
    Wildcards,
    Shared,
    Overlap,
    Will,
    WillDelay,
    Session,
    Expiry,
    TopicAlias,
    NoLocal,
    RetainAsPublished,
    RetainHandling,
    ReceiveMaximum,
    MaxPayload,
    MaxTopic,
    MaxClientId,
}

impl Check {
    /// Every check, in the order they run.
    pub fn all() -> &'static [Check] {
        Check::value_variants()
    }

    /// The id of `--only`, `--skip`, `--require` and the report (`qos2`).
    pub fn id(self) -> String {
        self.to_possible_value().map(|value| value.get_name().to_owned()).unwrap_or_default()
    }

    /// The size searches: they send packets at (and, when asked, past) the
    /// broker's limits, the heaviest thing a report does to a broker.
    pub fn probes_limits(self) -> bool {
        matches!(self, Check::MaxPayload | Check::MaxTopic | Check::MaxClientId)
    }
}

/// `mqtt inspect`: report what a broker is, supports and does; or, with
/// `--decode`, explain raw MQTT packets byte by byte.
#[derive(Debug, Args)]
#[command(
    disable_help_flag = true,
    after_help = "Examples:\n  \
        mqtt inspect -h broker.example --json\n  \
        mqtt inspect -L mqtts://broker.example --require qos2,retain,shared\n  \
        mqtt inspect --decode '30 05 00 01 61 68 69' -V 311\n  \
        mqtt inspect --decode @capture.bin --json\n  \
        xxd capture.bin | mqtt inspect --decode -\n\n\
        Exit status of the report: 0 when it ran (whatever the answers); 9 when a --require \
        check did not answer yes; 3, 4 or 5 when the broker cannot be reached, refuses the \
        connection or the credentials.\n\
        Exit status with --decode: 0 when every byte decoded; 1 when a packet is malformed \
        or cut short (the error names the byte offset and the field); 2 when the input \
        cannot be read or is not hex."
)]
pub struct InspectArgs {
    /// Decode MQTT packets instead of contacting a broker. INPUT is hex
    /// (spaces, 0x, \x, commas and colons allowed), @FILE (raw bytes, or a
    /// hex dump such as xxd or hexdump -C output: a file that is all
    /// printable text is read as hex), or - for stdin (detected the same
    /// way). -V sets the protocol version of the packets; without it,
    /// 5.0 is tried first and a packet that is only valid as 3.1.1 is
    /// decoded as 3.1.1, with a note. A CONNECT sets the version for the
    /// packets after it.
    #[arg(long, value_name = "INPUT", help_heading = "Decoder", allow_hyphen_values = true)]
    pub decode: Option<String>,

    /// Show passwords and authentication data in decoded packets (hidden
    /// by default, with their length).
    #[arg(long, help_heading = "Decoder")]
    pub show_secrets: bool,

    /// Run only these checks (comma-separated; see --list-checks).
    #[arg(long, value_name = "CHECKS", value_delimiter = ',', help_heading = "Report")]
    pub only: Vec<Check>,

    /// Do not run these checks (comma-separated).
    #[arg(long, value_name = "CHECKS", value_delimiter = ',', help_heading = "Report")]
    pub skip: Vec<Check>,

    /// Exit with status 9 unless each of these checks answers yes, e.g.
    /// `--require qos2,retain,shared` as a CI health check. Required
    /// checks run even when --only or --skip would leave them out.
    #[arg(long, value_name = "CHECKS", value_delimiter = ',', help_heading = "Report")]
    pub require: Vec<Check>,

    /// The longest wait for any one answer from the broker; each check is
    /// also bounded (6 times this, 12 for the size searches).
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, help_heading = "Report")]
    pub timeout: Duration,

    /// The largest payload the max-payload search tries.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20, help_heading = "Report")]
    pub max_payload_probe: usize,

    /// Leave out the size searches (max-payload, max-topic,
    /// max-client-id): the checks that send packets at and past a broker's
    /// limits, which a production broker may not welcome.
    #[arg(long, help_heading = "Report")]
    pub no_size_probes: bool,

    /// Let the size searches send packets larger than the Maximum Packet
    /// Size the broker announced (MQTT-3.2.2-15 forbids it; brokers
    /// disconnect, and a buggy one may fall over). Without it the search
    /// stops at the announced limit.
    #[arg(long, help_heading = "Report")]
    pub exceed_announced_limits: bool,

    /// List the checks and exit.
    #[arg(long, help_heading = "Report")]
    pub list_checks: bool,

    /// Print JSON on stdout instead of text.
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Print help.
    #[arg(long = "help", action = ArgAction::Help, help_heading = "Help")]
    pub help: Option<bool>,
}
