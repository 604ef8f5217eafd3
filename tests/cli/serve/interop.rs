//! Foreign clients against `mqtt serve`: paho-mqtt (PyPI) at MQTT 5 gets a
//! CONNACK it accepts and user properties unaltered and in order.

use std::process::Command;

use super::harness::Serve;

/// What the script sends, in order, as [key, value] pairs.
const SENT: &str =
    r#"[["b","2"],["x-mqtt-client-id","mine"],["a","1"],["x-mqtt-sender","me"],["a","3"]]"#;

fn paho(port: u16) -> std::process::Output {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/scripts/paho_user_properties.py");
    Command::new("python3").arg(script).arg(port.to_string()).output().expect("run python3")
}

#[test]
fn paho_gets_user_properties_unaltered_and_in_order() {
    let serve = Serve::start(&[]);
    let out = paho(serve.port());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "paho: {:?}: {stderr}", out.status);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let messages: Vec<serde_json::Value> =
        stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let sent: serde_json::Value = serde_json::from_str(SENT).unwrap();
    assert_eq!(messages.len(), 2, "{stdout}");
    for (message, topic) in messages.iter().zip(["props/message", "props/will"]) {
        assert_eq!(message["topic"], topic);
        assert_eq!(message["user_properties"], sent, "{topic}: forwarded as sent");
    }
}

#[test]
fn the_maximum_packet_size_is_valid_and_configurable() {
    for (extra, announced) in [
        (&[][..], "Maximum Packet Size=268435455"),
        (&["--max-packet-size", "2048"][..], "Maximum Packet Size=2048"),
    ] {
        let serve = Serve::start(extra);
        let out = crate::support::run(
            crate::support::mqtt().args([
                "pub",
                "-d",
                "-p",
                &serve.port().to_string(),
                "-t",
                "a",
                "-m",
                "x",
            ]),
            b"",
        )
        .expect_code(0);
        assert!(out.stderr.contains(announced), "{extra:?}: {}", out.stderr);
    }
    let out = crate::support::run(
        crate::support::mqtt().args(["serve", "--max-packet-size", "268435456"]),
        b"",
    )
    .expect_code(2);
    assert!(out.stderr.contains("--max-packet-size"), "{}", out.stderr);
}
