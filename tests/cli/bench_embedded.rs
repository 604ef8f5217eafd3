//! `mqtt bench --embedded`: a real report with no broker installed.

use std::process::{Command, Stdio};

use crate::support;

/// The scrubbed `mqtt` of the other tests, with no stdin.
fn mqtt() -> Command {
    let mut command = support::mqtt();
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
    // The report names the broker the run really used.
    let url = stderr.split("on ").nth(1).and_then(|rest| rest.split(';').next()).unwrap();
    assert_eq!(report["config"]["broker"], url, "{report:#}");
    assert_eq!(report["totals"]["sent"], 2000, "{report:#}");
    assert_eq!(report["totals"]["completed"], 2000, "every QoS 1 publish acknowledged");
    assert_eq!(report["totals"]["received"], 2000, "every message delivered");
    // The broker's CPU is in the process's, so its thread counts as a core
    // of the self-check: with --threads 1 that is two, where there are two.
    let explicit = mqtt()
        .args(["bench", "--embedded", "--threads", "1", "--count", "200", "--json", "-"])
        .output()
        .unwrap();
    assert!(explicit.status.success(), "{}", String::from_utf8_lossy(&explicit.stderr));
    let report: serde_json::Value = serde_json::from_slice(&explicit.stdout).unwrap();
    let available = std::thread::available_parallelism().map_or(1, usize::from);
    assert_eq!(report["self_check"]["cores"], available.min(2), "{report:#}");
}

#[test]
fn embedded_refuses_another_broker_address() {
    let output =
        mqtt().args(["bench", "--embedded", "-p", "1883", "--count", "1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--embedded runs its own broker"));
}

#[test]
fn embedded_validates_the_whole_plan_before_starting_the_broker() {
    let output = mqtt().args(["bench", "--embedded", "--fail-if", "p99 <"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--fail-if"), "{stderr}");
    assert!(
        !stderr.contains("embedded broker"),
        "started a broker for a bad command line: {stderr}"
    );
}
