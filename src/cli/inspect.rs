//! `mqtt inspect` options: the packet decoder (`--decode`) and the broker
//! report (connection options plus check selection).

use clap::{ArgAction, Args};

use crate::cli::connect::ConnectArgs;

/// `mqtt inspect`: report what a broker is, supports and does; or, with
/// `--decode`, explain raw MQTT packets byte by byte.
#[derive(Debug, Args)]
#[command(
    disable_help_flag = true,
    after_help = "Examples:\n  \
        mqtt inspect --decode '30 05 00 01 61 68 69' -V 311\n  \
        mqtt inspect --decode @capture.bin --json\n  \
        xxd capture.bin | mqtt inspect --decode -\n\n\
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

    /// Print JSON on stdout instead of text.
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Print help.
    #[arg(long = "help", action = ArgAction::Help, help_heading = "Help")]
    pub help: Option<bool>,
}
