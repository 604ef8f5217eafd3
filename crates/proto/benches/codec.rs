//! Codec benchmarks: encode and decode of a PUBLISH with a 64-byte payload
//! (the hot path of `mqtt bench` and `mqtt sub`), of the same PUBLISH with
//! typical MQTT 5 properties, and of a CONNECT with properties, per
//! protocol version.
//!
//! Decoding is measured the way a connection does it: many packets sit in
//! one receive buffer and are split off its front one at a time. Refilling
//! the buffer happens outside the timed region.
//!
//! Run: `cargo bench -p mqtt-proto --bench codec`

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use criterion::{criterion_group, criterion_main, Criterion};
use mqtt_proto::{
    decode, Connect, MqttString, Packet, PacketId, ProtocolVersion, Publish, QoS, Topic, Will,
};

/// Packets per refill of the receive buffer.
const BATCH: u64 = 4096;

fn publish_64() -> Packet {
    let mut publish = Publish::new(
        Topic::from_static("bench/sensors/42/temperature"),
        Bytes::from(vec![0xA5; 64]),
    );
    publish.qos = QoS::AtLeastOnce;
    publish.packet_id = PacketId::new(4242);
    Packet::Publish(publish)
}

fn publish_64_with_properties() -> Packet {
    let Packet::Publish(mut publish) = publish_64() else { unreachable!() };
    let properties = &mut publish.properties;
    properties.set_message_expiry_interval(300);
    properties.set_content_type(MqttString::from_static("application/json"));
    properties
        .push_user_property(MqttString::from_static("unit"), MqttString::from_static("celsius"));
    Packet::Publish(publish)
}

fn connect_with_properties() -> Packet {
    let mut connect =
        Connect::new(ProtocolVersion::V5, MqttString::from_static("bench-client-0001"), 60);
    connect.username = Some(MqttString::from_static("bench-user"));
    connect.password = Some(Bytes::from_static(b"bench-password"));
    connect.will = Some(Will {
        topic: Topic::from_static("bench/status/0001"),
        payload: Bytes::from_static(b"offline"),
        qos: QoS::AtLeastOnce,
        retain: true,
        properties: Default::default(),
    });
    let properties = &mut connect.properties;
    properties.set_session_expiry_interval(3600);
    properties.set_receive_maximum(100);
    properties.set_maximum_packet_size(1 << 20);
    properties.set_topic_alias_maximum(10);
    properties
        .push_user_property(MqttString::from_static("tool"), MqttString::from_static("mqtt-bench"));
    Packet::Connect(connect)
}

fn label(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V3_1 => "v3.1",
        ProtocolVersion::V3_1_1 => "v3.1.1",
        ProtocolVersion::V5 => "v5",
    }
}

fn bench_decode(c: &mut Criterion, name: &str, packet: &Packet, version: ProtocolVersion) {
    let mut one = BytesMut::new();
    packet.encode(version, &mut one).unwrap();
    let batch: Vec<u8> = one.iter().copied().cycle().take(one.len() * BATCH as usize).collect();
    let mut buf = BytesMut::with_capacity(batch.len());
    c.bench_function(&format!("decode/{name}/{}", label(version)), |b| {
        b.iter_custom(|iters| {
            let mut elapsed = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let count = left.min(BATCH);
                buf.extend_from_slice(&batch[..one.len() * count as usize]);
                let start = Instant::now();
                for _ in 0..count {
                    // Inspect the result in place, as a `match` would, rather
                    // than moving the whole packet out of it.
                    let result = decode(black_box(&mut buf), version, usize::MAX);
                    assert!(matches!(result, Ok(Some(_))));
                    black_box(&result);
                }
                elapsed += start.elapsed();
                left -= count;
            }
            elapsed
        });
    });
}

fn bench_encode(c: &mut Criterion, name: &str, packet: &Packet, version: ProtocolVersion) {
    let mut buf = BytesMut::with_capacity(packet.encoded_len(version));
    c.bench_function(&format!("encode/{name}/{}", label(version)), |b| {
        b.iter(|| {
            buf.clear();
            black_box(packet).encode(version, &mut buf).unwrap();
            black_box(&buf);
        });
    });
}

fn codec(c: &mut Criterion) {
    let publish = publish_64();
    for version in [ProtocolVersion::V3_1_1, ProtocolVersion::V5] {
        bench_decode(c, "publish_64B", &publish, version);
        bench_encode(c, "publish_64B", &publish, version);
    }
    let publish = publish_64_with_properties();
    bench_decode(c, "publish_64B_properties", &publish, ProtocolVersion::V5);
    bench_encode(c, "publish_64B_properties", &publish, ProtocolVersion::V5);
    let connect = connect_with_properties();
    bench_decode(c, "connect_properties", &connect, ProtocolVersion::V5);
    bench_encode(c, "connect_properties", &connect, ProtocolVersion::V5);
}

criterion_group!(benches, codec);
criterion_main!(benches);
