//! `--metrics-listen`: scraped mid-run and read with Prometheus's reference
//! parser (Python prometheus_client); the figures agree with the final JSON.

use std::process::Command;
use std::time::{Duration, Instant};

use mqtt_test_support::{free_port, Mosquitto};
use serde_json::Value;

use crate::support::{mqtt, Background};

/// One parsed sample.
struct Sample {
    name: String,
    labels: Value,
    value: f64,
}

fn scrape(url: &str) -> Result<Vec<Sample>, String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/scripts/scrape_prometheus.py");
    let out = Command::new("python3").arg(script).arg(url).output().expect("run python3");
    if !out.status.success() {
        return Err(format!("{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let json: Value = serde_json::from_str(line).unwrap();
            Sample {
                name: json["name"].as_str().unwrap().to_string(),
                labels: json["labels"].clone(),
                value: json["value"].as_f64().unwrap(),
            }
        })
        .collect())
}

fn value(samples: &[Sample], name: &str) -> f64 {
    samples.iter().find(|sample| sample.name == name).unwrap_or_else(|| panic!("no {name}")).value
}

#[test]
fn a_scrape_mid_run_parses_and_agrees_with_the_final_report() {
    let broker = Mosquitto::start();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/metrics");
    let bench = Background::start(mqtt().args([
        "bench",
        "-h",
        "127.0.0.1",
        "-p",
        &broker.port().to_string(),
        "-q",
        "1",
        "--pub-rate",
        "200",
        "--warmup",
        "0s",
        "--duration",
        "4s",
        "--metrics-listen",
        &format!("127.0.0.1:{port}"),
        "--json",
        "-",
    ]));
    // The endpoint comes up before the connections; wait for a second's
    // figures, as Prometheus would at its next scrape.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mid = loop {
        if let Ok(samples) = scrape(&url) {
            if samples.iter().any(|s| s.name == "mqtt_bench_sent_total" && s.value > 0.0) {
                break samples;
            }
        }
        assert!(Instant::now() < deadline, "no figures at {url}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let out = bench.finish();
    assert_eq!(out.code(), 0, "{}", out.stderr);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();

    let sent = value(&mid, "mqtt_bench_sent_total");
    let received = value(&mid, "mqtt_bench_received_total");
    let completed = value(&mid, "mqtt_bench_completed_total");
    let total = |key: &str| report["totals"][key].as_f64().unwrap();
    assert!(sent > 0.0 && sent <= total("sent"), "{sent} vs {}", total("sent"));
    assert!(received <= total("received") && completed <= total("completed"));
    for sample in &mid {
        assert_eq!(sample.labels["shard"], "0/1", "{}", sample.name);
        assert_eq!(sample.labels["scenario"], "pubsub", "{}", sample.name);
    }
    // The e2e histogram: buckets only grow, +Inf is the count, and the
    // count is no more than the final report's.
    let buckets: Vec<&Sample> = mid
        .iter()
        .filter(|s| s.name == "mqtt_bench_latency_seconds_bucket" && s.labels["kind"] == "e2e")
        .collect();
    assert!(buckets.len() > 10, "buckets of the e2e latency");
    assert!(buckets.windows(2).all(|pair| pair[0].value <= pair[1].value));
    let count = mid
        .iter()
        .find(|s| s.name == "mqtt_bench_latency_seconds_count" && s.labels["kind"] == "e2e")
        .unwrap()
        .value;
    assert_eq!(buckets.last().unwrap().value, count);
    let final_count = report["latency"]["e2e"]["count"].as_f64().unwrap();
    assert!(count > 0.0 && count <= final_count, "{count} vs {final_count}");
}

#[test]
fn a_port_in_use_is_a_usage_error_before_connecting() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let port = free_port().to_string();
    let out = crate::support::run(
        mqtt().args(["bench", "-h", "127.0.0.1", "-p", &port, "--metrics-listen", &address]),
        b"",
    )
    .expect_code(2);
    assert!(out.stderr.contains(&format!("--metrics-listen {address}")), "{}", out.stderr);
}
