//! Each `--scenario` preset, scaled down with the usual flags, delivers as
//! its mqttbs definition says: who subscribes to what decides who receives
//! what.

use mqtt_test_support::Mosquitto;

use crate::bench::{number, report};

const COUNT: u64 = 10;

/// Runs a preset with `extra` overrides; returns (received, flows, report).
fn run_preset(broker: &Mosquitto, preset: &str, extra: &[&str]) -> (u64, u64, serde_json::Value) {
    let count_text = COUNT.to_string();
    let mut args =
        vec!["--scenario", preset, "--count", &count_text, "--pub-rate", "200", "--warmup", "0s"];
    args.extend(extra);
    let (code, json, outcome) = report(broker, &args);
    assert_eq!(code, 0, "{preset}: {}", outcome.stderr);
    assert_eq!(json["config"]["preset"], preset, "{preset}: shown in the config");
    assert_eq!(json["config"]["qos"], 1, "{preset}: QoS 1 as mqttbs");
    assert_eq!(number(&json, "/delivery/lost"), 0, "{preset}");
    (number(&json, "/delivery/received"), number(&json, "/delivery/flows"), json)
}

#[test]
fn fan_out_sends_every_message_to_every_subscriber() {
    let broker = Mosquitto::start();
    let (received, flows, json) =
        run_preset(&broker, "fan-out", &["--publishers", "2", "--subscribers", "3"]);
    assert_eq!(json["config"]["filter"], "bench/#");
    assert_eq!(received, 2 * 3 * COUNT);
    assert_eq!(flows, 2 * 3, "every publisher reaches every subscriber");
}

#[test]
fn p2p_pairs_each_publisher_with_one_subscriber() {
    let broker = Mosquitto::start();
    let (received, flows, _) =
        run_preset(&broker, "p2p", &["--publishers", "3", "--subscribers", "3"]);
    assert_eq!(received, 3 * COUNT);
    assert_eq!(flows, 3, "publisher i reaches subscriber i only");
}

#[test]
fn shared_delivers_each_message_once_across_the_group() {
    let broker = Mosquitto::start();
    let (received, _, json) =
        run_preset(&broker, "shared", &["--publishers", "4", "--subscribers", "2"]);
    assert_eq!(json["config"]["shared"], "benchmark");
    assert_eq!(received, 4 * COUNT, "once each, not once per subscriber");
}

#[test]
fn fan_in_brings_every_publisher_to_one_subscriber() {
    let broker = Mosquitto::start();
    let (received, flows, json) = run_preset(&broker, "fan-in", &["--publishers", "4"]);
    assert_eq!(json["config"]["subscribers"], 1);
    assert_eq!(received, 4 * COUNT);
    assert_eq!(flows, 4);
}
