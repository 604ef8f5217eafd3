//! `mqtt inspect`: the packet decoder (`--decode`) and the broker report.
//!
//! | module | owns |
//! |---|---|
//! | `input`, `hex` | reading `--decode INPUT`: hex, hex dumps, raw files, stdin |
//! | `decode` | splitting bytes into packets with the codec, version tracking |
//! | `malformed` | locating codec errors: absolute byte offset and field |
//! | `describe` | one packet as a labelled tree (fixed header, variable header, payload) |
//! | `tree` | that tree's text and JSON renderings |
//! | `render` | [`render::render_packet`]: one packet on one line, for `-d` traces |
//! | `show` | text-or-hex display of bytes |
//!
//! Output discipline: decoded packets go to stdout; the reason decoding
//! stopped goes to stderr (and into the JSON document, for machines).

mod decode;
mod describe;
mod hex;
mod input;
mod malformed;
// The one-line renderer is for the other subcommands' `-d` traces.
#[allow(dead_code)]
pub mod render;
mod show;
mod tree;

use std::io::Write;
use std::process::ExitCode;

use mqtt_proto::ProtocolVersion;

use crate::cli::connect::VersionArg;
use crate::cli::InspectArgs;

use self::decode::{decode_all, Decoded};
use self::describe::{describe, Secrets};
use self::tree::Node;

/// Runs `mqtt inspect`.
pub fn run(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    match &args.decode {
        Some(input) => decode_command(args, input),
        None => anyhow::bail!(
            "the broker report of `mqtt inspect` is not implemented yet; use --decode"
        ),
    }
}

fn protocol(version: VersionArg) -> ProtocolVersion {
    match version {
        VersionArg::V31 => ProtocolVersion::V3_1,
        VersionArg::V311 => ProtocolVersion::V3_1_1,
        VersionArg::V5 => ProtocolVersion::V5,
    }
}

fn decode_command(args: &InspectArgs, input: &str) -> anyhow::Result<ExitCode> {
    let (bytes, _kind) = input::read(input)?;
    let version = args.connect.protocol_version.map(protocol);
    let decoded = decode_all(&bytes, version);
    let secrets = Secrets(args.show_secrets);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        writeln!(stdout, "{}", json_document(&decoded, bytes.len(), secrets))?;
    } else {
        let mut text = String::new();
        for (position, frame) in decoded.frames.iter().enumerate() {
            if position > 0 {
                text.push('\n');
            }
            describe(frame, secrets).render_text(&mut text);
        }
        stdout.write_all(text.as_bytes())?;
    }
    stdout.flush()?;
    match decoded.failure {
        Some(failure) => Err(failure.into()),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn json_document(decoded: &Decoded, input_len: usize, secrets: Secrets) -> String {
    let mut packets = Node::list("packets", "packets");
    for frame in &decoded.frames {
        packets.push(describe(frame, secrets));
    }
    let error = match &decoded.failure {
        None => Node::json_only("error", serde_json::Value::Null),
        Some(failure) => Node::group("error", "error")
            .with(Node::json_only("message", failure.to_string()))
            .with(Node::json_only("offset", failure.offset))
            .with(Node::json_only("field", failure.field.clone()))
            .with(Node::json_only("reason", failure.reason.clone()))
            .with(Node::json_only("packet_index", failure.index))
            .with(Node::json_only("packet_offset", failure.packet_offset))
            .with(Node::json_only(
                "packet_type",
                failure.packet_type.map(|packet_type| packet_type.name()),
            )),
    };
    Node::group("", "")
        .with(Node::json_only("input_bytes", input_len))
        .with(packets)
        .with(error)
        .to_json_string()
}
