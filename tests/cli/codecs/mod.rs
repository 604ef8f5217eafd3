//! Payload codecs end to end through mosquitto, checked against encoders
//! and decoders that are not ours: Python's `msgpack`, `cbor2` and
//! `fastavro`, Eclipse
//! Tahu's JavaScript Sparkplug library (`tests/sparkplug-js`), and
//! `protoc`. Each tool must be installed (`.ci/run` installs them); a
//! missing one fails the test with the command that installs it.

// Avro against Python's fastavro: raw datums and single-object encoding.
mod avro;
// MessagePack and CBOR against Python, bad payloads, --strict-decode, auto.
mod binary;
// Protobuf against protoc: .proto at run time, descriptor sets, both directions.
mod protobuf;
// Sparkplug B against Tahu's encoder: births, aliases, replay of a capture.
mod sparkplug;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mqtt_test_support::Mosquitto;
use serde_json::Value;

use crate::support::pubsub::{mosquitto_tool, mqtt_at, wait_subscribed};
use crate::support::{run, Background};

/// Runs an external tool, panicking with `install` when it is missing and
/// with its stderr when it fails; returns its stdout.
fn tool(command: &mut Command, stdin: &[u8], install: &str) -> Vec<u8> {
    let shown = format!("{command:?}");
    let child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
    let child = child.unwrap_or_else(|err| panic!("{shown}: {err}; install it with: {install}"));
    let out = crate::support::finish(child, stdin);
    assert!(out.status.success(), "{shown} failed ({:?}):\n{}", out.status, out.stderr);
    out.stdout
}

/// `python3 -c SCRIPT ARGS…` with msgpack, cbor2 and fastavro importable.
fn python(script: &str, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    tool(
        Command::new("python3").arg("-c").arg(script).args(args),
        stdin,
        "python3 -m pip install msgpack cbor2 fastavro",
    )
}

/// The directory of the Sparkplug reference encoder, installed.
fn sparkplug_js() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sparkplug-js");
    assert!(
        dir.join("node_modules/sparkplug-payload").is_dir(),
        "the Sparkplug reference encoder is not installed; run: npm ci --ignore-scripts --prefix {}",
        dir.display()
    );
    dir
}

/// `node tests/sparkplug-js/vectors.js ARGS…`.
pub(crate) fn node_vectors(args: &[&str]) -> Value {
    let dir = sparkplug_js();
    let out = tool(
        Command::new("node").arg(dir.join("vectors.js")).args(args),
        b"",
        "apt-get install nodejs npm",
    );
    serde_json::from_slice(&out).expect("vectors.js prints JSON")
}

/// Publishes the file's bytes with `mosquitto_pub -f`.
pub(crate) fn mosquitto_pub_file(broker: &Mosquitto, topic: &str, file: &Path) {
    let status = mosquitto_tool(broker, "mosquitto_pub")
        .args(["-t", topic, "-f"])
        .arg(file)
        .status()
        .expect("run mosquitto_pub");
    assert!(status.success(), "mosquitto_pub -f {}", file.display());
}

/// Starts `mqtt sub ARGS` and waits for its SUBACK.
fn mqtt_sub(broker: &Mosquitto, id: &str, args: &[&str]) -> Background {
    let sub = Background::start(mqtt_at(broker, "sub").args(["-i", id, "-W", "30"]).args(args));
    wait_subscribed(broker, id);
    sub
}

/// Starts `mosquitto_sub -N -C 1` on `topic`, printing the raw payload.
fn raw_capture(broker: &Mosquitto, id: &str, topic: &str) -> Background {
    let sub = Background::start(
        mosquitto_tool(broker, "mosquitto_sub")
            .args(["-i", id, "-t", topic, "-C", "1", "-N", "-W", "30", "-F", "%p"]),
    );
    wait_subscribed(broker, id);
    sub
}

/// `mqtt pub ARGS`, which must succeed.
fn mqtt_pub(broker: &Mosquitto, args: &[&str]) {
    run(mqtt_at(broker, "pub").args(args), b"").expect_code(0);
}

/// The JSON lines of a `sub --json` run.
fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}")))
        .collect()
}
