//! Splits input bytes into packets with the codec and keeps, for each one,
//! where it sits in the input and which protocol version decoded it.
//!
//! Policy: packets are decoded in order with the current version: `-V`, or
//! 5.0 by default; a CONNECT switches to its own version for the packets
//! after it. When the version was not given, no CONNECT was seen and a
//! packet is malformed as 5.0 but valid as 3.1.1, it is decoded as 3.1.1
//! (with a note saying so) and 3.1.1 is kept. Decoding stops at the first
//! malformed or truncated packet: without a valid length there is no
//! reliable place to resume.

use bytes::{Bytes, BytesMut};
use mqtt_proto::{Packet, PacketType, ProtocolVersion, MAX_REMAINING_LENGTH};

use crate::describe::malformed::{self, Located};

/// One decoded packet.
#[derive(Debug, Clone)]
pub struct Frame {
    /// 1-based position in the input.
    pub index: usize,
    /// Offset of its first byte in the input.
    pub offset: usize,
    /// The packet's bytes, fixed header included.
    pub bytes: Bytes,
    /// Length of the fixed header (type byte and remaining length).
    pub header_len: usize,
    /// The version it was decoded with.
    pub version: ProtocolVersion,
    /// Why the version is not the one asked for, when it is not.
    pub version_note: Option<String>,
    /// The packet.
    pub packet: Packet,
}

/// Where and why decoding stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based number of the packet that failed.
    pub index: usize,
    /// Offset of that packet's first byte in the input.
    pub packet_offset: usize,
    /// Its type, when the first byte names one.
    pub packet_type: Option<PacketType>,
    /// Absolute offset of the offending field in the input.
    pub offset: usize,
    /// The field.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.packet_type.map_or("packet", PacketType::name);
        write!(
            f,
            "malformed input at byte {}: {} (packet {}, starting at byte {}): {}: {}",
            self.offset, name, self.index, self.packet_offset, self.field, self.reason
        )
    }
}

impl std::error::Error for Failure {}

/// Everything the input held.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The packets decoded, in order.
    pub frames: Vec<Frame>,
    /// Why decoding stopped early, if it did.
    pub failure: Option<Failure>,
}

/// Decodes all packets in `input`. `version` is `-V` when given.
pub fn decode_all(input: &[u8], version: Option<ProtocolVersion>) -> Decoded {
    let explicit = version.is_some();
    let mut current = version.unwrap_or(ProtocolVersion::V5);
    let mut seen_connect = false;
    let mut frames = Vec::new();
    let mut offset = 0;
    while offset < input.len() {
        let index = frames.len() + 1;
        let rest = &input[offset..];
        let mut outcome = decode_one(rest, current);
        let mut note = None;
        if outcome.is_err() && !explicit && !seen_connect && current == ProtocolVersion::V5 {
            if let Ok(fallback) = decode_one(rest, ProtocolVersion::V3_1_1) {
                let why = outcome
                    .as_ref()
                    .err()
                    .map(|err| format!("{}: {}", err.field, err.reason))
                    .unwrap_or_default();
                note = Some(format!(
                    "not valid as MQTT 5.0 ({why}); decoded as MQTT 3.1.1 — pass -V to choose"
                ));
                current = ProtocolVersion::V3_1_1;
                outcome = Ok(fallback);
            }
        }
        match outcome {
            Ok((packet, len, header_len)) => {
                let version = match &packet {
                    Packet::Connect(connect) => connect.protocol,
                    _ => current,
                };
                if let Packet::Connect(connect) = &packet {
                    seen_connect = true;
                    current = connect.protocol;
                }
                frames.push(Frame {
                    index,
                    offset,
                    bytes: Bytes::copy_from_slice(&rest[..len]),
                    header_len,
                    version,
                    version_note: note,
                    packet,
                });
                offset += len;
            }
            Err(located) => {
                let failure = Failure {
                    index,
                    packet_offset: offset,
                    packet_type: PacketType::from_u8(rest[0] >> 4),
                    offset: offset + located.offset,
                    field: located.field,
                    reason: located.reason,
                };
                return Decoded { frames, failure: Some(failure) };
            }
        }
    }
    Decoded { frames, failure: None }
}

/// Decodes the packet at the front of `bytes`: the packet, its length and
/// its fixed header length; or the located error.
fn decode_one(bytes: &[u8], version: ProtocolVersion) -> Result<(Packet, usize, usize), Located> {
    let header = fixed_header(bytes);
    let mut buf = BytesMut::from(bytes);
    // Any size MQTT can express: this is a capture, not a connection.
    match mqtt_proto::decode(&mut buf, version, MAX_REMAINING_LENGTH + 5) {
        Ok(Some(packet)) => {
            let len = bytes.len() - buf.len();
            Ok((packet, len, header.map_or(2, |(header_len, _)| header_len)))
        }
        Ok(None) => Err(truncated(bytes, header)),
        Err(err) => {
            let (header_len, packet_len) = header.unwrap_or((1, bytes.len()));
            Err(malformed::locate(&err, header_len, packet_len))
        }
    }
}

/// The fixed header's length and the whole packet's length, when the
/// remaining length is complete and valid.
pub fn fixed_header(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value: usize = 0;
    for index in 0..4 {
        let byte = *bytes.get(1 + index)?;
        value |= usize::from(byte & 0x7F) << (7 * index);
        if byte & 0x80 == 0 {
            let header_len = 2 + index;
            return Some((header_len, header_len + value));
        }
    }
    None
}

/// Explains input that ends inside a packet.
fn truncated(bytes: &[u8], header: Option<(usize, usize)>) -> Located {
    match header {
        Some((_, packet_len)) => Located {
            offset: bytes.len(),
            field: "end of input".into(),
            reason: format!(
                "the packet's remaining length makes it {packet_len} bytes long, but only {} bytes are left",
                bytes.len()
            ),
        },
        None => Located {
            offset: bytes.len(),
            field: "remaining length".into(),
            reason: "the input ends inside the remaining length".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_switches_the_version_for_later_packets() {
        // CONNECT 3.1.1, then a PUBLISH that is only valid as 3.1.1.
        let input = [
            0x10, 0x0D, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01,
            b'c', 0x30, 0x05, 0x00, 0x01, b'a', b'h', b'i',
        ];
        let decoded = decode_all(&input, Some(ProtocolVersion::V5));
        assert_eq!(decoded.failure, None);
        assert_eq!(decoded.frames.len(), 2);
        assert_eq!(decoded.frames[1].version, ProtocolVersion::V3_1_1);
        assert_eq!(decoded.frames[1].offset, 15);
        assert!(decoded.frames[1].version_note.is_none());
    }

    #[test]
    fn default_version_falls_back_to_311_with_a_note() {
        let decoded = decode_all(&[0x30, 0x05, 0x00, 0x01, b'a', b'h', b'i'], None);
        assert_eq!(decoded.failure, None);
        assert_eq!(decoded.frames[0].version, ProtocolVersion::V3_1_1);
        assert!(decoded.frames[0]
            .version_note
            .as_deref()
            .unwrap()
            .contains("not valid as MQTT 5.0"));
        let explicit =
            decode_all(&[0x30, 0x05, 0x00, 0x01, b'a', b'h', b'i'], Some(ProtocolVersion::V5));
        let failure = explicit.failure.unwrap();
        // The property length (byte 5) announces 0x68 bytes; the block
        // starting at byte 6 runs past the packet.
        assert_eq!(failure.offset, 6);
        assert_eq!(failure.field, "properties");
    }

    #[test]
    fn truncation_is_located_at_the_end_of_input() {
        let decoded = decode_all(&[0xC0, 0x00, 0x30, 0x05, 0x00], None);
        assert_eq!(decoded.frames.len(), 1);
        let failure = decoded.failure.unwrap();
        assert_eq!((failure.index, failure.packet_offset, failure.offset), (2, 2, 5));
        let decoded = decode_all(&[0x30, 0x80], None);
        assert_eq!(decoded.failure.unwrap().field, "remaining length");
    }
}
