//! Property-based tests: every packet of every version survives
//! encode → decode; streams decode the same whatever the chunking; and
//! random or mutated bytes never make `decode` panic, and whatever it
//! accepts encodes and decodes back to itself.

use bytes::BytesMut;
use mqtt_proto::{decode, EncodeError, Packet, ProtocolVersion};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use crate::support::strategies::{for_version, packet, version};

const MAX: usize = 1 << 20;

fn encode(packet: &Packet, version: ProtocolVersion) -> BytesMut {
    let mut buf = BytesMut::new();
    packet.encode(version, &mut buf).unwrap_or_else(|err| panic!("{version} {packet:?}: {err}"));
    buf
}

/// Whether `packet` holds a reason code its packet does not list, which
/// decoding accepts from a peer and encoding refuses.
fn has_unlisted_reason(packet: &Packet) -> bool {
    match packet {
        Packet::PubAck(ack) => !ack.reason_code.is_listed(),
        Packet::PubRec(ack) => !ack.reason_code.is_listed(),
        Packet::SubAck(suback) => suback.reason_codes.iter().any(|code| !code.is_listed()),
        Packet::UnsubAck(unsuback) => unsuback.reason_codes.iter().any(|code| !code.is_listed()),
        _ => false,
    }
}

/// Decodes everything in `bytes` (fed whole); whatever decodes must
/// re-encode to a packet that decodes to itself, except a reason code the
/// packet does not list, which we never send.
fn decode_all_checked(bytes: &[u8], version: ProtocolVersion, max: usize) {
    let mut buf = BytesMut::from(bytes);
    while let Ok(Some(packet)) = decode(&mut buf, version, max) {
        if has_unlisted_reason(&packet) {
            let err = packet.encode(version, &mut BytesMut::new()).unwrap_err();
            assert!(matches!(err, EncodeError::ReasonCodeNotInPacket { .. }), "{err}");
            continue;
        }
        let mut again = encode(&packet, version);
        assert_eq!(again.len(), packet.encoded_len(version));
        let decoded = decode(&mut again, version, usize::MAX).unwrap().unwrap();
        assert_eq!(decoded, packet);
        assert!(again.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/properties_roundtrip.txt"
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn encode_then_decode_gives_the_packet_back(packet in packet(), version in version(), junk in vec(any::<u8>(), 0..8)) {
        let packet = for_version(packet, version);
        let mut buf = encode(&packet, version);
        prop_assert_eq!(buf.len(), packet.encoded_len(version));
        buf.extend_from_slice(&junk);
        let decoded = decode(&mut buf, version, MAX).unwrap();
        prop_assert_eq!(decoded.as_ref(), Some(&packet));
        prop_assert_eq!(&buf[..], &junk[..]);
    }

    #[test]
    fn chunked_streams_decode_like_whole_ones(
        packets in vec(packet(), 1..5),
        version in version(),
        cuts in vec(1usize..40, 1..30),
    ) {
        let packets: Vec<Packet> = packets.into_iter().map(|packet| for_version(packet, version)).collect();
        let mut stream = BytesMut::new();
        for packet in &packets {
            packet.encode(version, &mut stream).unwrap();
        }
        let mut buf = BytesMut::new();
        let mut decoded = Vec::new();
        let mut fed = 0;
        let mut cuts = cuts.into_iter().cycle();
        while decoded.len() < packets.len() {
            match decode(&mut buf, version, MAX).unwrap() {
                Some(packet) => decoded.push(packet),
                None => {
                    prop_assert!(fed < stream.len(), "asked for more after the whole stream");
                    let next = (fed + cuts.next().unwrap()).min(stream.len());
                    buf.extend_from_slice(&stream[fed..next]);
                    fed = next;
                }
            }
        }
        prop_assert_eq!(decoded, packets);
        prop_assert!(buf.is_empty());
    }

    #[test]
    fn random_bytes_never_panic(bytes in vec(any::<u8>(), 0..96), version in version(), max in 2usize..200) {
        decode_all_checked(&bytes, version, max);
    }

    #[test]
    fn mutated_packets_never_panic(
        packet in packet(),
        version in version(),
        mutations in vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..4),
    ) {
        let packet = for_version(packet, version);
        let mut bytes = encode(&packet, version).to_vec();
        for (index, value, kind) in mutations {
            let at = index.index(bytes.len().max(1));
            match kind {
                0 if !bytes.is_empty() => bytes[at] = value,
                1 if !bytes.is_empty() => bytes[at] ^= 1 << (value % 8),
                2 => bytes.insert(at.min(bytes.len()), value),
                _ => bytes.truncate(at),
            }
        }
        decode_all_checked(&bytes, version, MAX);
    }
}
