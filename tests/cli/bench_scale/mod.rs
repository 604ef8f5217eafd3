//! `mqtt bench` at scale against a real mosquitto: scenario presets and
//! their topology, live Prometheus metrics.

// --metrics-listen scraped mid-run by Prometheus's reference parser.
mod metrics;
// --scenario presets: who receives what.
mod scenarios;

use mqtt_test_support::Mosquitto;
use serde_json::Value;

use crate::support::{mqtt, run, Outcome};

/// `mqtt bench ARGS… --json -` against `broker`: exit code, report, output.
pub fn report(broker: &Mosquitto, args: &[&str]) -> (i32, Value, Outcome) {
    let port = broker.port().to_string();
    let outcome = run(
        mqtt().args(["bench", "-h", "127.0.0.1", "-p", &port]).args(args).args(["--json", "-"]),
        b"",
    );
    let json = serde_json::from_slice(&outcome.stdout).unwrap_or_else(|err| {
        panic!("not one JSON report ({err}): {}\n{}", outcome.stdout_text(), outcome.stderr)
    });
    (outcome.code(), json, outcome)
}

pub fn count(json: &Value, pointer: &str) -> u64 {
    json.pointer(pointer).and_then(Value::as_u64).unwrap_or_else(|| panic!("{pointer}: {json}"))
}
