//! Protobuf against `protoc` (Debian's protobuf-compiler): messages that
//! `protoc --encode` wrote from text format decode to the protobuf JSON
//! mapping, with the schema given as a .proto (compiled at run time) or as
//! protoc's descriptor set; what `mqtt pub --encode protobuf` sends,
//! `protoc --decode` reads back as the same text.

use std::path::Path;
use std::process::Command;

use mqtt_test_support::Mosquitto;
use serde_json::{json, Value};

use super::{mqtt_pub, raw_capture, tool};
use crate::support::pubsub::{mosquitto_tool, mqtt_at};
use crate::support::run;

const PROTO: &str = r#"
syntax = "proto3";
package telemetry;
import "google/protobuf/timestamp.proto";

message Reading {
  enum Unit { UNIT_UNSPECIFIED = 0; CELSIUS = 1; KELVIN = 2; }
  message Place { string site = 1; int32 floor = 2; }
  double temperature = 1;
  int64 counter = 2;
  Unit unit = 3;
  Place place = 4;
  repeated string tags = 5;
  map<string, int32> limits = 6;
  oneof source { string sensor = 7; uint32 channel = 8; }
  google.protobuf.Timestamp at = 9;
  repeated Place history = 10;
  bool ok = 11;
}
"#;

/// Nested messages, repeated fields, a map, a oneof, an enum and a
/// Timestamp, in protoc's text format.
const TEXT: &str = r#"
temperature: 21.5
counter: -9007199254740993
unit: KELVIN
place { site: "north" floor: -2 }
tags: "a"
tags: "b"
limits { key: "hi" value: 30 }
limits { key: "lo" value: -5 }
channel: 7
at { seconds: 1700000000 nanos: 500000000 }
history { site: "s1" }
history { floor: 3 }
ok: true
"#;

fn protoc(dir: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    tool(
        Command::new("protoc").arg("-I").arg(dir).args(args),
        stdin,
        "apt-get install protobuf-compiler",
    )
}

fn schema_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("telemetry.proto"), PROTO).unwrap();
    dir
}

#[test]
fn protoc_encoded_messages_decode_to_the_json_mapping() {
    let broker = Mosquitto::start();
    let dir = schema_dir();
    let proto = dir.path().join("telemetry.proto");
    let encoded =
        protoc(dir.path(), &["--encode=telemetry.Reading", "telemetry.proto"], TEXT.as_bytes());
    let file = dir.path().join("reading.bin");
    std::fs::write(&file, &encoded).unwrap();
    let set = dir.path().join("set.pb");
    let set_arg = format!("--descriptor_set_out={}", set.display());
    protoc(dir.path(), &["--include_imports", &set_arg, "telemetry.proto"], b"");
    // Retained, so that each subscriber below gets it.
    retain_file(&broker, "tele/r", &file);

    let expected = json!({
        "temperature": 21.5, "counter": "-9007199254740993", "unit": "KELVIN",
        "place": {"site": "north", "floor": -2}, "tags": ["a", "b"],
        "limits": {"hi": 30, "lo": -5}, "channel": 7, "at": "2023-11-14T22:13:20.500Z",
        "history": [{"site": "s1"}, {"floor": 3}], "ok": true
    });
    let spec = format!("tele/#=protobuf:{}:telemetry.Reading", proto.display());
    let schemas: [Vec<&str>; 3] = [
        vec!["--decode", &spec],
        vec!["--proto", proto.to_str().unwrap(), "--decode", "protobuf"],
        vec![
            "--descriptor-set",
            set.to_str().unwrap(),
            "--proto-type",
            "telemetry.Reading",
            "--decode",
            "protobuf",
        ],
    ];
    for schema in schemas {
        let out = run(
            mqtt_at(&broker, "sub")
                .args(["-t", "tele/r", "--json", "-C", "1", "-W", "30"])
                .args(&schema),
            b"",
        )
        .expect_code(0);
        let line: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(line["decoded_codec"], "protobuf", "{schema:?}");
        assert_eq!(line["decoded"], expected, "{schema:?}");
    }

    // Cut inside the Timestamp (field 9): the error names where field 9 starts.
    // Tag 9 (length-delimited), 12 bytes, then the seconds' tag.
    let at = encoded.windows(3).position(|bytes| bytes == [0x4a, 0x0c, 0x08]).expect("field 9");
    let cut = dir.path().join("cut.bin");
    std::fs::write(&cut, &encoded[..at + 4]).unwrap();
    retain_file(&broker, "tele/cut", &cut);
    let out = run(
        mqtt_at(&broker, "sub")
            .args(["-t", "tele/cut", "--json", "-C", "1", "-W", "30", "--decode", &spec]),
        b"",
    )
    .expect_code(0);
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["decode_error"]["offset"], at, "{line}");
    assert!(line["decode_error"]["message"].as_str().unwrap().starts_with("field 9"), "{line}");
}

/// Publishes the file's bytes as a retained message.
fn retain_file(broker: &Mosquitto, topic: &str, file: &Path) {
    let status = mosquitto_tool(broker, "mosquitto_pub")
        .args(["-r", "-t", topic, "-f"])
        .arg(file)
        .status()
        .expect("run mosquitto_pub");
    assert!(status.success(), "mosquitto_pub -r -f {}", file.display());
}

#[test]
fn pub_encode_protobuf_is_read_by_protoc_as_the_same_text() {
    let broker = Mosquitto::start();
    let dir = schema_dir();
    // One map entry: protoc prints map entries in wire order.
    let text = TEXT.replace("limits { key: \"lo\" value: -5 }\n", "");
    let canonical = protoc(
        dir.path(),
        &["--decode=telemetry.Reading", "telemetry.proto"],
        &protoc(dir.path(), &["--encode=telemetry.Reading", "telemetry.proto"], text.as_bytes()),
    );
    let input = r#"{"temperature": 21.5, "counter": "-9007199254740993", "unit": "KELVIN",
        "place": {"site": "north", "floor": -2}, "tags": ["a", "b"], "limits": {"hi": 30},
        "channel": 7, "at": "2023-11-14T22:13:20.500Z",
        "history": [{"site": "s1"}, {"floor": 3}], "ok": true}"#;
    let capture = raw_capture(&broker, "raw", "tele/p");
    let proto = dir.path().join("telemetry.proto");
    mqtt_pub(
        &broker,
        &["-t", "tele/p", "--encode", "protobuf", "--proto", proto.to_str().unwrap(), "-m", input],
    );
    let sent = capture.finish().expect_code(0).stdout;
    let decoded = protoc(dir.path(), &["--decode=telemetry.Reading", "telemetry.proto"], &sent);
    assert_eq!(String::from_utf8_lossy(&decoded), String::from_utf8_lossy(&canonical));
}
