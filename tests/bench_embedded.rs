//! `mqtt bench --embedded`: a real report with no broker installed.
#![cfg(feature = "serve")]

use std::process::{Command, Stdio};

#[allow(dead_code)] // this test uses only `mqtt()`
mod common {
    pub mod mqtt_cmd;
}

/// The scrubbed `mqtt` of the other tests, with no stdin.
fn mqtt() -> Command {
    let mut command = common::mqtt_cmd::mqtt();
    command.stdin(Stdio::null());
    command
}

#[test]
fn embedded_run_delivers_every_qos1_message_and_reports_json() {
    let output = mqtt()
        .args(["bench", "--embedded", "-q", "1", "--count", "2000", "--json", "-"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("embedded broker (mqtt serve) on mqtt://127.0.0.1:"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["schema"], "mqtt-bench/1");
    assert_eq!(report["totals"]["sent"], 2000, "{report:#}");
    assert_eq!(report["totals"]["completed"], 2000, "every QoS 1 publish acknowledged");
    assert_eq!(report["totals"]["received"], 2000, "every message delivered");
}

#[test]
fn embedded_refuses_another_broker_address() {
    let output =
        mqtt().args(["bench", "--embedded", "-p", "1883", "--count", "1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--embedded runs its own broker"));
}
