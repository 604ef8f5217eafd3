//! `mqtt inspect`: the packet decoder (`--decode`) and the broker report.
//!
//! | module | owns |
//! |---|---|
//! | `input`, `hex` | reading `--decode INPUT`: hex, hex dumps, raw files, stdin |
//! | `report` | the broker report: connection, TLS, protocol support, behaviour checks |
//!
//! Decoding and describing packets is [`crate::describe`], shared with the
//! `-d` trace of every subcommand.
//!
//! Output discipline: decoded packets go to stdout; the reason decoding
//! stopped goes to stderr (and into the JSON document, for machines).

mod hex;
mod input;
mod report;

use std::io::Write;
use std::process::ExitCode;

use mqtt_proto::ProtocolVersion;

use crate::cli::InspectArgs;

use crate::describe::decode::{decode_all, Decoded};
use crate::describe::packet::{describe, Secrets};
use crate::describe::tree::Node;

/// Runs `mqtt inspect`.
pub fn run(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    match &args.decode {
        Some(input) => decode_command(args, input),
        None => report::run(args),
    }
}

fn decode_command(args: &InspectArgs, input: &str) -> anyhow::Result<ExitCode> {
    let (bytes, _kind) = input::read(input)?;
    let version = args.connect.protocol_version.map(ProtocolVersion::from);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator: no dependency, same run every time.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    /// Decodes, describes and renders; any panic fails the test.
    fn exercise(input: &[u8]) {
        for version in [None, Some(ProtocolVersion::V3_1), Some(ProtocolVersion::V5)] {
            let decoded = decode_all(input, version);
            let consumed: usize = decoded.frames.iter().map(|frame| frame.bytes.len()).sum();
            match &decoded.failure {
                None => assert_eq!(consumed, input.len()),
                Some(failure) => {
                    assert_eq!(failure.packet_offset, consumed);
                    assert!(
                        failure.offset >= failure.packet_offset && failure.offset <= input.len()
                    );
                }
            }
            for frame in &decoded.frames {
                let node = describe(frame, Secrets(false));
                let mut text = String::new();
                node.render_text(&mut text);
                serde_json::from_str::<serde_json::Value>(&node.to_json_string()).unwrap();
                crate::describe::line::render_packet(
                    &frame.packet,
                    crate::describe::line::Direction::Received,
                    frame.version,
                );
            }
        }
    }

    #[test]
    fn random_and_mutated_input_never_panics() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let seeds: [&[u8]; 4] = [
            &[
                0x10, 0x10, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x05, 0xC2, 0x00, 0x3C, 0x00, 0x00,
                0x01, b'c', 0x00, 0x00,
            ],
            &[0x32, 0x0A, 0x00, 0x03, b'a', b'/', b'b', 0x00, 0x07, 0x02, 0x01, 0x01],
            &[0x82, 0x08, 0x00, 0x01, 0x00, 0x00, 0x03, b'a', b'/', b'#'],
            &[0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, 0x05],
        ];
        for round in 0..20_000 {
            let mut input: Vec<u8> = if round % 2 == 0 {
                let len = (rng.next() % 40) as usize;
                (0..len).map(|_| rng.next() as u8).collect()
            } else {
                seeds[round % seeds.len()].to_vec()
            };
            if !input.is_empty() {
                for _ in 0..=(rng.next() % 3) {
                    let at = (rng.next() as usize) % input.len();
                    input[at] = rng.next() as u8;
                }
            }
            exercise(&input);
        }
    }
}
