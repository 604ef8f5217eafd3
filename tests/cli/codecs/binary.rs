//! MessagePack and CBOR against Python's `msgpack` and `cbor2`, both
//! directions; a payload that does not decode is reported with its byte
//! offset and the stream goes on (or, with --strict-decode, ends with 65);
//! `auto` says what it chose.

use mqtt_test_support::Mosquitto;
use serde_json::{json, Value};

use super::{json_lines, mosquitto_pub_file, mqtt_pub, mqtt_sub, python, raw_capture};

/// Writes a value with Python's encoders to argv[1] (msgpack) and argv[2]
/// (cbor) and prints it as JSON, bytes in base64 (as our decoders show them).
const PYTHON_ENCODE: &str = r#"
import base64, json, sys, cbor2, msgpack
value = {"temperature": 21.5, "count": -42, "big": 2**63 + 5, "ok": True, "none": None,
         "name": "h\u00e9llo", "list": [1, 2.25, "x", [False]], "nested": {"a": {"b": -1}},
         "raw": b"\xde\xad\xbe\xef"}
open(sys.argv[1], "wb").write(msgpack.packb(value, use_bin_type=True))
open(sys.argv[2], "wb").write(cbor2.dumps(value))
value["raw"] = base64.b64encode(value["raw"]).decode()
print(json.dumps(value))
"#;

/// Decodes stdin with the codec named in argv[1] and prints it as JSON.
const PYTHON_DECODE: &str = r#"
import json, sys, cbor2, msgpack
data = sys.stdin.buffer.read()
value = msgpack.unpackb(data, raw=False) if sys.argv[1] == "msgpack" else cbor2.loads(data)
print(json.dumps(value))
"#;

#[test]
fn msgpack_and_cbor_from_python_decode_to_the_values_python_encoded() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let (packed, cbor) = (dir.path().join("value.msgpack"), dir.path().join("value.cbor"));
    let expected: Value = serde_json::from_slice(&python(
        PYTHON_ENCODE,
        &[packed.to_str().unwrap(), cbor.to_str().unwrap()],
        b"",
    ))
    .unwrap();
    let sub = mqtt_sub(
        &broker,
        "dec",
        &["-t", "py/#", "--decode", "py/mp=msgpack", "--decode", "py/cb=cbor", "--json", "-C", "2"],
    );
    mosquitto_pub_file(&broker, "py/mp", &packed);
    mosquitto_pub_file(&broker, "py/cb", &cbor);
    let lines = json_lines(&sub.finish().expect_code(0).stdout);
    assert_eq!(lines.len(), 2);
    for (line, codec) in lines.iter().zip(["msgpack", "cbor"]) {
        assert_eq!(line["decoded_codec"], codec, "{line}");
        assert_eq!(line["decoded"], expected, "{codec}: {line}");
        // The lossless payload is still there.
        assert_eq!(line["payload_encoding"], "base64", "{line}");
    }
}

#[test]
fn pub_encode_msgpack_and_cbor_are_read_by_python() {
    let broker = Mosquitto::start();
    let input = r#"{"t": 21.5, "n": -3, "big": 18446744073709551615, "s": "é", "l": [true, null, 0.1], "o": {"k": []}}"#;
    let expected: Value = serde_json::from_str(input).unwrap();
    for codec in ["msgpack", "cbor"] {
        let capture = raw_capture(&broker, &format!("raw-{codec}"), "enc/t");
        mqtt_pub(&broker, &["-t", "enc/t", "--encode", codec, "-m", input]);
        let bytes = capture.finish().expect_code(0).stdout;
        let decoded: Value =
            serde_json::from_slice(&python(PYTHON_DECODE, &[codec], &bytes)).unwrap();
        assert_eq!(decoded, expected, "{codec}");
    }
}

#[test]
fn a_payload_that_does_not_decode_is_reported_and_the_stream_goes_on() {
    let broker = Mosquitto::start();
    let json_sub =
        mqtt_sub(&broker, "j", &["-t", "bad/#", "--decode", "msgpack", "--json", "-C", "2"]);
    let plain_sub =
        mqtt_sub(&broker, "v", &["-t", "bad/#", "--decode", "msgpack", "-v", "-C", "2"]);
    let dir = tempfile::tempdir().unwrap();
    // A fixmap of two entries cut after its first key.
    let cut = dir.path().join("cut");
    std::fs::write(&cut, [0x82, 0xa1, b'a', 0x01, 0xa1]).unwrap();
    mosquitto_pub_file(&broker, "bad/cut", &cut);
    mqtt_pub(&broker, &["-t", "bad/ok", "--encode", "msgpack", "-m", "[1, 2]"]);

    let out = json_sub.finish().expect_code(0);
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["topic"], "bad/cut");
    assert_eq!(lines[0]["payload"], "gqFhAaE=");
    assert_eq!(lines[0]["decode_error"]["offset"], 5, "{}", lines[0]);
    assert!(lines[0].get("decoded").is_none());
    assert_eq!(lines[1]["decoded"], json!([1, 2]));
    assert!(out.stderr.contains("bad/cut: not msgpack: "), "{}", out.stderr);
    assert!(out.stderr.contains("at byte 5"), "{}", out.stderr);

    let out = plain_sub.finish().expect_code(0);
    let text = out.stdout;
    assert!(text.starts_with(b"bad/cut \x82\xa1a\x01\xa1\n"), "{}", String::from_utf8_lossy(&text));
    assert!(text.ends_with(b"bad/ok [1,2]\n"), "{}", String::from_utf8_lossy(&text));
}

#[test]
fn strict_decode_prints_the_message_then_exits_65() {
    let broker = Mosquitto::start();
    let sub =
        mqtt_sub(&broker, "s", &["-t", "s/#", "--decode", "json", "--strict-decode", "-C", "5"]);
    mqtt_pub(&broker, &["-t", "s/1", "-m", "{\"a\":1}"]);
    mqtt_pub(&broker, &["-t", "s/2", "-m", "{\"a\":"]);
    let out = sub.finish().expect_code(65);
    assert_eq!(out.stdout_text(), "{\"a\":1}\n{\"a\":\n");
    assert!(
        out.stderr.contains("s/2: not json: ") && out.stderr.contains("--strict-decode"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.matches("not json").count(), 1, "{}", out.stderr);
}

#[test]
fn auto_picks_by_content_and_says_once_what_it_chose() {
    let broker = Mosquitto::start();
    let sub =
        mqtt_sub(&broker, "a", &["-t", "auto/#", "--decode", "auto", "-F", "%t %v", "-C", "4"]);
    mqtt_pub(&broker, &["-t", "auto/cbor", "--encode", "cbor", "-m", "{\"x\": [1]}"]);
    mqtt_pub(&broker, &["-t", "auto/cbor2", "--encode", "cbor", "-m", "{\"y\": 2}"]);
    mqtt_pub(&broker, &["-t", "auto/text", "-m", "plain words"]);
    mqtt_pub(&broker, &["-t", "auto/json", "-m", "{\"z\":true}"]);
    let out = sub.finish().expect_code(0);
    assert_eq!(
        out.stdout_text(),
        "auto/cbor {\"x\":[1]}\nauto/cbor2 {\"y\":2}\nauto/text \"plain words\"\nauto/json {\"z\":true}\n"
    );
    assert_eq!(out.stderr.matches("auto: decoding as cbor").count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("auto: decoding as text"), "{}", out.stderr);
    assert!(out.stderr.contains("auto: decoding as json"), "{}", out.stderr);
}

#[test]
fn bad_codecs_are_usage_errors_before_connecting() {
    // Port 1 is closed: a usage error must come before any connection attempt.
    for (args, needle) in [
        (vec!["sub", "-t", "a", "--decode", "yaml"], "unknown codec \"yaml\""),
        (vec!["sub", "-t", "a", "--decode", "a/#/b=json"], "--decode \"a/#/b\""),
        (vec!["sub", "-t", "a", "--decode", "protobuf:/nonexistent/x.proto:A"], "x.proto"),
        (vec!["pub", "-t", "a", "--encode", "msgpack", "-m", "{nope"], "msgpack needs JSON input"),
        (vec!["pub", "-t", "a", "--encode", "auto", "-m", "1"], "auto only decodes"),
    ] {
        let out = crate::support::run(crate::support::mqtt().args(&args).args(["-p", "1"]), b"");
        let out = out.expect_code(2);
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn a_profile_carries_codecs_and_the_command_line_replaces_them() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.lab]\nhost = \"127.0.0.1\"\nport = {}\ndecode = [\"lab/raw=hex\", \"msgpack\"]\nencode = \"msgpack\"\n",
            broker.port()
        ),
    )
    .unwrap();
    let with_profile = |command: &mut std::process::Command| {
        command.env("MQTT_CONFIG", &config).args(["--profile", "lab"]);
    };
    let mut sub = crate::support::mqtt();
    sub.args(["sub", "-i", "lab-sub", "-t", "lab/#", "-v", "-C", "2", "-W", "30"]);
    with_profile(&mut sub);
    let sub = crate::support::Background::start(&mut sub);
    crate::support::pubsub::wait_subscribed(&broker, "lab-sub");
    let mut overriding = crate::support::mqtt();
    overriding.args([
        "sub", "-i", "lab-hex", "-t", "lab/#", "-v", "-C", "2", "-W", "30", "--decode", "hex",
    ]);
    with_profile(&mut overriding);
    let overriding = crate::support::Background::start(&mut overriding);
    crate::support::pubsub::wait_subscribed(&broker, "lab-hex");
    for (topic, message) in [("lab/a", "[1, 2]"), ("lab/raw", "\"hi\"")] {
        let mut publish = crate::support::mqtt();
        publish.args(["pub", "-t", topic, "-m", message]);
        with_profile(&mut publish);
        crate::support::run(&mut publish, b"").expect_code(0);
    }
    // msgpack [1, 2] is 92 01 02; msgpack "hi" is a2 68 69.
    assert_eq!(sub.finish().expect_code(0).stdout_text(), "lab/a [1,2]\nlab/raw \"a26869\"\n");
    assert_eq!(
        overriding.finish().expect_code(0).stdout_text(),
        "lab/a \"920102\"\nlab/raw \"a26869\"\n"
    );
}
