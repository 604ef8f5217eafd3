//! `inspect` against brokers that behave as foreign ones did: each check
//! answers what the broker did, not what a stricter or luckier broker
//! would have done.

use mqtt_proto::ConnectReasonCode;
use serde_json::Value;

use crate::inspect::report::check;
use crate::support::pubsub::mqtt_at;
use crate::support::tiny_broker::{Quirks, TinyBroker};
use crate::support::{mqtt, run};

fn report(port: u16, extra: &[&str]) -> (Value, crate::support::Outcome) {
    let out = run(
        mqtt()
            .args([
                "inspect",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "--json",
                "--timeout",
                "2s",
            ])
            .args(extra),
        b"",
    );
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", out.stderr));
    (doc, out)
}

#[test]
fn receive_maximum_does_not_depend_on_qos0_delivery() {
    let broker =
        TinyBroker::start(Quirks { drop_qos0_when_window_full: true, ..Quirks::default() });
    let (doc, _) = report(broker.port, &["--only", "receive-maximum"]);
    let result = check(&doc, "receive-maximum");
    assert_eq!(result["status"], "yes", "{result}");
}

#[test]
fn size_searches_never_exceed_the_announced_maximum_packet_size() {
    let broker = TinyBroker::start(Quirks { maximum_packet_size: Some(2048), ..Quirks::default() });
    let (doc, _) = report(broker.port, &["--only", "max-payload,max-topic"]);
    for id in ["max-payload", "max-topic"] {
        let result = check(&doc, id);
        assert_eq!(result["status"], "yes", "{result}");
        assert_eq!(result["details"]["announced_maximum"], 2048, "{result}");
        let summary = result["summary"].as_str().unwrap();
        assert!(summary.contains("Maximum Packet Size of 2048 bytes"), "{summary}");
    }
    assert!(broker.largest_packet() <= 2048, "sent a {}-byte packet", broker.largest_packet());
}

#[test]
fn a_311_connack_to_mqtt5_is_named_for_what_it_is() {
    let broker = TinyBroker::start(Quirks { v311_only: true, ..Quirks::default() });
    let (doc, out) = report(broker.port, &["--only", "mqtt5,qos0"]);
    assert_eq!(out.code(), 0, "{}", out.stderr);
    assert_eq!(doc["protocol_version"], "3.1.1");
    let summary = check(&doc, "mqtt5")["summary"].as_str().unwrap().to_string();
    assert!(
        summary.contains(
            "the broker answered with an MQTT 3.1.1 CONNACK, code 1: unacceptable protocol version"
        ),
        "{summary}"
    );
}

#[test]
fn a_311_refusal_shows_its_return_code_not_an_mqtt5_name() {
    let broker = TinyBroker::start(Quirks {
        refuse: Some(ConnectReasonCode::NotAuthorized),
        ..Quirks::default()
    });
    let out = run(
        mqtt().args(["inspect", "-h", "127.0.0.1", "-p", &broker.port.to_string(), "-V", "311"]),
        b"",
    )
    .expect_code(5);
    assert!(out.stderr.contains("return code 5 (not authorized)"), "{}", out.stderr);
    assert!(!out.stderr.contains("0x87"), "{}", out.stderr);
}

#[test]
fn a_broker_that_drops_sys_subscriptions_answers_no() {
    let broker = TinyBroker::start(Quirks { close_on_sys: true, ..Quirks::default() });
    let (doc, _) = report(broker.port, &["--only", "sys"]);
    let result = check(&doc, "sys");
    assert_eq!(result["status"], "no", "{result}");
    let summary = result["summary"].as_str().unwrap();
    assert!(summary.contains("subscribing to $SYS/broker/version"), "{summary}");
}

#[test]
fn a_stray_message_is_named_instead_of_a_wrong_answer() {
    let broker =
        TinyBroker::start(Quirks { stray_on_subscribe: Some("$SYS/stray"), ..Quirks::default() });
    let (doc, _) = report(broker.port, &["--only", "sys,no-local"]);
    for id in ["sys", "no-local"] {
        let result = check(&doc, id);
        assert_eq!(result["status"], "error", "{result}");
        let summary = result["summary"].as_str().unwrap();
        assert!(summary.contains("unexpected message arrived on \"$SYS/stray\""), "{summary}");
    }
}

/// mosquitto speaks 3.1; its CONNACK has no session-present flag there.
#[test]
fn mqtt31_session_is_judged_by_delivery_and_d_shows_no_flag() {
    let broker = mqtt_test_support::Mosquitto::start();
    let out =
        run(mqtt_at(&broker, "inspect").args(["-V", "31", "--only", "session", "--json"]), b"");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = check(&doc, "session");
    assert_eq!(result["status"], "yes", "{result}");
    assert!(result["summary"].as_str().unwrap().contains("MQTT 3.1"), "{result}");
    let out = run(mqtt_at(&broker, "pub").args(["-V", "31", "-d", "-t", "a", "-m", "x"]), b"")
        .expect_code(0);
    let connack = out.stderr.lines().find(|line| line.contains("received CONNACK")).unwrap();
    assert!(!connack.contains("session present"), "{connack}");
}
