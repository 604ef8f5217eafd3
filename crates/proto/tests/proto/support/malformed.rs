//! Helpers shared by the malformed-packet test files.

use bytes::BytesMut;
use mqtt_proto::{decode, DecodeError, ProtocolVersion};

/// Decodes `bytes` and returns the error it must produce.
pub fn decode_err(version: ProtocolVersion, bytes: &[u8]) -> DecodeError {
    let mut buf = BytesMut::from(bytes);
    match decode(&mut buf, version, 1 << 20) {
        Err(err) => {
            // The message is printable and names something.
            assert!(!err.to_string().is_empty());
            err
        }
        Ok(packet) => panic!("{version} {bytes:02x?} decoded to {packet:?}"),
    }
}

pub fn decodes(version: ProtocolVersion, bytes: &[u8]) {
    let mut buf = BytesMut::from(bytes);
    match decode(&mut buf, version, 1 << 20) {
        Ok(Some(_)) => assert!(buf.is_empty()),
        other => panic!("{version} {bytes:02x?}: {other:?}"),
    }
}

/// A v5 PUBLISH (QoS 0, topic "t") with this property block content.
pub fn publish_with_properties(properties: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x01, b't', properties.len() as u8];
    body.extend_from_slice(properties);
    let mut packet = vec![0x30, body.len() as u8];
    packet.extend_from_slice(&body);
    packet
}
