//! Payload decode benchmarks, per message: a Sparkplug B DDATA with 10
//! metrics sent by alias (decoded with the alias tracker, as `sub --decode
//! sparkplug` does, after the DBIRTH that defines the aliases) and a
//! 10-field protobuf message against a schema compiled at run time, each
//! decoded to its JSON value.
//!
//! Run: `cargo bench -p mqtt-codec --bench decode`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use mqtt_codec::protobuf::Schema;
use mqtt_codec::{sparkplug, Codec, Decoder, Rule};
use serde_json::{json, Value};

const TYPES: [&str; 10] = [
    "Int32", "Double", "Boolean", "String", "UInt64", "Float", "Int64", "Int16", "DateTime", "Text",
];

fn value(kind: &str, index: u64) -> Value {
    match kind {
        "Double" | "Float" => json!(20.5 + index as f64),
        "Boolean" => json!(index.is_multiple_of(2)),
        "String" | "Text" => json!(format!("value {index}")),
        "Int32" | "Int64" | "Int16" => json!(-(index as i64) * 7),
        _ => json!(1_700_000_000_000_u64 + index),
    }
}

/// A DBIRTH (seq 0) and DDATA messages with seq 1, 2, … 255, 0, 1, …, so
/// that the tracker sees no gap as they cycle.
fn sparkplug_messages() -> (Vec<u8>, Vec<Vec<u8>>) {
    let metrics = |by_alias: bool| -> Vec<Value> {
        TYPES
            .iter()
            .enumerate()
            .map(|(index, kind)| {
                let mut metric = json!({"alias": index, "type": kind, "value": value(kind, index as u64),
                                        "timestamp": 1_700_000_000_000_u64});
                if !by_alias {
                    metric["name"] = json!(format!("Line 1/Motor {index}/{kind}"));
                }
                metric
            })
            .collect()
    };
    let birth = json!({"seq": 0, "timestamp": 1_700_000_000_000_u64, "metrics": metrics(false)});
    let data = (1..=256_u64).map(|seq| {
        let data =
            json!({"seq": seq % 256, "timestamp": 1_700_000_000_000_u64, "metrics": metrics(true)});
        sparkplug::encode(&data).unwrap()
    });
    (sparkplug::encode(&birth).unwrap(), data.collect())
}

const PROTO: &str = r#"
syntax = "proto3";
package bench;
message Reading {
  string device = 1; double temperature = 2; double humidity = 3; int64 counter = 4;
  uint32 battery = 5; bool ok = 6; string unit = 7; float pressure = 8;
  repeated string tags = 9; int32 rssi = 10;
}
"#;

fn protobuf_codec() -> (Codec, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.proto");
    std::fs::write(&path, PROTO).unwrap();
    let message = Schema::compile(&[path], &[]).unwrap().message(Some("bench.Reading")).unwrap();
    let codec = Codec::Protobuf(message);
    let payload = codec
        .encode(&json!({"device": "sensor-0042", "temperature": 21.5, "humidity": 40.25,
            "counter": "123456789", "battery": 87, "ok": true, "unit": "C", "pressure": 1013.5,
            "tags": ["north", "roof"], "rssi": -67}))
        .unwrap();
    (codec, payload)
}

fn benches(c: &mut Criterion) {
    let (birth, data) = sparkplug_messages();
    let rule = Rule { filter: None, codec: Codec::Sparkplug };
    let mut decoder = Decoder::new(vec![rule]);
    decoder.decode("spBv1.0/plant/DBIRTH/edge1/pump", &birth).unwrap().result.unwrap();
    c.bench_function("sparkplug DDATA, 10 metrics by alias", |b| {
        let mut next = data.iter().cycle();
        b.iter(|| {
            let payload = next.next().unwrap();
            let decoded = decoder.decode("spBv1.0/plant/DDATA/edge1/pump", black_box(payload));
            let decoded = decoded.unwrap();
            debug_assert!(decoded.notes.is_empty(), "{:?}", decoded.notes);
            black_box(decoded.result.unwrap())
        })
    });
    let (codec, payload) = protobuf_codec();
    c.bench_function("protobuf message, 10 fields", |b| {
        b.iter(|| black_box(codec.decode(black_box(&payload)).unwrap()))
    });
}

criterion_group!(decode, benches);
criterion_main!(decode);
