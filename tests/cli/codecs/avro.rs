//! Avro against Python's `fastavro`, both directions: raw datums, and the
//! single-object encoding built in Python from the specification (marker,
//! CRC-64-AVRO of the schema's canonical form, little-endian, then the
//! datum), so the fingerprint is checked against an independent one.

use mqtt_test_support::Mosquitto;
use serde_json::Value;

use super::{json_lines, mosquitto_pub_file, mqtt_pub, mqtt_sub, python, raw_capture};

const SCHEMA: &str = r#"{"type": "record", "name": "Reading", "namespace": "acme", "fields": [
    {"name": "temperature", "type": "double"},
    {"name": "count", "type": "long"},
    {"name": "unit", "type": {"type": "enum", "name": "Unit", "symbols": ["C", "K"]}},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "limits", "type": {"type": "map", "values": "int"}},
    {"name": "note", "type": ["null", "string"]},
    {"name": "ok", "type": "boolean"}
]}"#;

/// Shared by the scripts: the schema (argv[1]) and the single-object header.
const PYTHON_PRELUDE: &str = r#"
import io, json, sys, fastavro
from fastavro.schema import to_parsing_canonical_form
schema = fastavro.parse_schema(json.load(open(sys.argv[1])))
EMPTY = 0xc15d213aa4d7a795
TABLE = []
for i in range(256):
    fp = i
    for _ in range(8):
        fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
    TABLE.append(fp)
def header():
    fp = EMPTY
    for byte in to_parsing_canonical_form(schema).encode():
        fp = (fp >> 8) ^ TABLE[(fp ^ byte) & 0xff]
    return b"\xc3\x01" + fp.to_bytes(8, "little")
"#;

/// Writes the value of argv[2] (JSON) raw to argv[3], single-object to argv[4].
const PYTHON_WRITE: &str = r#"
out = io.BytesIO()
fastavro.schemaless_writer(out, schema, json.loads(sys.argv[2]))
open(sys.argv[3], "wb").write(out.getvalue())
open(sys.argv[4], "wb").write(header() + out.getvalue())
"#;

/// Reads stdin (raw, or single-object when argv[2] is "single") as JSON.
const PYTHON_READ: &str = r#"
data = sys.stdin.buffer.read()
if sys.argv[2] == "single":
    assert data[:10] == header(), (data[:10].hex(), header().hex())
    data = data[10:]
print(json.dumps(fastavro.schemaless_reader(io.BytesIO(data), schema)))
"#;

const VALUE: &str = r#"{"temperature": 21.5, "count": -9007199254740993, "unit": "K", "tags": ["a", "b"], "limits": {"hi": 30}, "note": "x", "ok": true}"#;

#[test]
fn fastavro_datums_raw_and_single_object_decode_to_the_values_written() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("reading.avsc");
    std::fs::write(&schema, SCHEMA).unwrap();
    let (raw, single) = (dir.path().join("raw.avro"), dir.path().join("single.avro"));
    let script = format!("{PYTHON_PRELUDE}{PYTHON_WRITE}");
    let paths = [schema.to_str().unwrap(), VALUE, raw.to_str().unwrap(), single.to_str().unwrap()];
    python(&script, &paths, b"");
    let sub = mqtt_sub(
        &broker,
        "avro",
        &[
            "-t",
            "av/#",
            "--decode",
            "avro",
            "--avro-schema",
            schema.to_str().unwrap(),
            "--json",
            "-C",
            "2",
        ],
    );
    mosquitto_pub_file(&broker, "av/raw", &raw);
    mosquitto_pub_file(&broker, "av/single", &single);
    let lines = json_lines(&sub.finish().expect_code(0).stdout);
    let expected: Value = serde_json::from_str(VALUE).unwrap();
    for line in &lines {
        assert_eq!(line["decoded"], expected, "{line}");
    }
}

#[test]
fn pub_encode_avro_is_read_by_fastavro() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("reading.avsc");
    std::fs::write(&schema, SCHEMA).unwrap();
    let spec = format!("avro:{}", schema.display());
    let expected: Value = serde_json::from_str(VALUE).unwrap();
    let script = format!("{PYTHON_PRELUDE}{PYTHON_READ}");
    for (form, extra) in [("raw", None), ("single", Some("--avro-single-object"))] {
        let capture = raw_capture(&broker, &format!("cap-{form}"), "av/out");
        let mut args = vec!["-t", "av/out", "--encode", &spec, "-m", VALUE];
        args.extend(extra);
        mqtt_pub(&broker, &args);
        let sent = capture.finish().expect_code(0).stdout;
        let read = python(&script, &[schema.to_str().unwrap(), form], &sent);
        assert_eq!(serde_json::from_slice::<Value>(&read).unwrap(), expected, "{form}");
    }
}
