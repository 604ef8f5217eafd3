//! Feeds arbitrary bytes to `mqtt_proto::decode` and checks that it never
//! panics, never claims more bytes than it was given, and that whatever it
//! accepts encodes again and decodes to the same packet.
//!
//! The first input byte chooses the protocol version, whether the input is
//! fed in small chunks (as a socket would deliver it) and the maximum
//! packet size; the rest is the byte stream.

#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use mqtt_proto::{decode, Packet, ProtocolVersion};

fuzz_target!(|data: &[u8]| {
    let Some((&control, stream)) = data.split_first() else {
        return;
    };
    let version = ProtocolVersion::ALL[usize::from(control % 3)];
    let chunked = control & 0x04 != 0;
    let max_packet_size = if control & 0x08 != 0 { 64 } else { 1 << 20 };
    let chunk = if chunked { 1 + usize::from(control >> 4) } else { stream.len().max(1) };

    let mut buf = BytesMut::new();
    let mut fed = 0;
    loop {
        match decode(&mut buf, version, max_packet_size) {
            Ok(Some(packet)) => check_round_trip(&packet, version, max_packet_size),
            Ok(None) => {
                if fed == stream.len() {
                    return;
                }
                let next = (fed + chunk).min(stream.len());
                buf.extend_from_slice(&stream[fed..next]);
                fed = next;
            }
            Err(_) => return,
        }
    }
});

fn check_round_trip(packet: &Packet, version: ProtocolVersion, max_packet_size: usize) {
    let mut encoded = BytesMut::new();
    packet.encode(version, &mut encoded).expect("a decoded packet must encode again");
    assert_eq!(encoded.len(), packet.encoded_len(version), "encoded_len disagrees with encode");
    let limit = max_packet_size.max(encoded.len());
    let again = decode(&mut encoded, version, limit)
        .expect("a re-encoded packet must decode")
        .expect("a re-encoded packet is complete");
    assert_eq!(&again, packet, "re-encoded packet decodes differently");
    assert!(encoded.is_empty(), "re-encoded packet left bytes behind");
}
