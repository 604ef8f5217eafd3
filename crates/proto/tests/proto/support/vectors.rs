//! Helpers shared by the byte-exact vector test files.

use bytes::BytesMut;
use mqtt_proto::{decode, Packet, ProtocolVersion};

pub const JUNK: &[u8] = &[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00];

/// Decodes `bytes` followed by junk and checks what is left over.
pub fn decode_vector(version: ProtocolVersion, bytes: &[u8]) -> Packet {
    let mut buf = BytesMut::from(bytes);
    buf.extend_from_slice(JUNK);
    let packet = decode(&mut buf, version, 1 << 20)
        .unwrap_or_else(|err| panic!("{version} {bytes:02x?}: {err}"))
        .unwrap_or_else(|| panic!("{version} {bytes:02x?}: asks for more bytes"));
    assert_eq!(&buf[..], JUNK, "{version} {bytes:02x?}: did not stop at the frame boundary");
    packet
}

/// Encodes and checks `encoded_len`.
pub fn encode(packet: &Packet, version: ProtocolVersion) -> Vec<u8> {
    let mut buf = BytesMut::new();
    packet.encode(version, &mut buf).unwrap_or_else(|err| panic!("{version} {packet:?}: {err}"));
    assert_eq!(buf.len(), packet.encoded_len(version));
    buf.to_vec()
}
