//! `mqtt bench` at scale against a real mosquitto: scenario presets and
//! their topology, live Prometheus metrics.

// -A/--bind with a CIDR block: per-address counts in the report.
mod addresses;
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
        mqtt()
            .arg("bench")
            .args(subcommand(args))
            .args(["-h", "127.0.0.1", "-p", &port])
            .args(rest(args))
            .args(["--json", "-"]),
        b"",
    );
    let json = serde_json::from_slice(&outcome.stdout).unwrap_or_else(|err| {
        panic!("not one JSON report ({err}): {}\n{}", outcome.stdout_text(), outcome.stderr)
    });
    (outcome.code(), json, outcome)
}

/// `conn`, `pub` or `sub` must come before the connection flags.
fn subcommand<'a>(args: &[&'a str]) -> Option<&'a str> {
    args.first().copied().filter(|first| ["conn", "pub", "sub"].contains(first))
}

fn rest<'a>(args: &'a [&'a str]) -> &'a [&'a str] {
    if subcommand(args).is_some() {
        &args[1..]
    } else {
        args
    }
}

pub fn count(json: &Value, pointer: &str) -> u64 {
    json.pointer(pointer).and_then(Value::as_u64).unwrap_or_else(|| panic!("{pointer}: {json}"))
}
