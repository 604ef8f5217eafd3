//! `mqtt bench` against a real mosquitto: every scenario, the JSON report,
//! `--fail-if` exit codes, shards and their merge, and loss detection.
//! Runs are short and paced (`--count`, small rates); no assertion depends
//! on how fast this machine is.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use hdrhistogram::serialization::Deserializer;
use hdrhistogram::Histogram;
use mqtt_test_support::Mosquitto;
use serde_json::Value;

use crate::support::pubsub::{wait_for_log, wait_subscribed};
use crate::support::{mqtt, run, Background, Outcome};

/// `mqtt bench [SCENARIO] -h 127.0.0.1 -p PORT ARGS…` (a scenario's
/// options follow its name).
fn bench_command(broker: &Mosquitto, args: &[&str]) -> Command {
    let mut command = mqtt();
    command.arg("bench");
    let rest = match args.first() {
        Some(&scenario) if ["pub", "sub", "conn"].contains(&scenario) => {
            command.arg(scenario);
            &args[1..]
        }
        _ => args,
    };
    command.args(["-h", "127.0.0.1", "-p", &broker.port().to_string()]).args(rest);
    command
}

/// Runs `mqtt bench ARGS…` against `broker`.
fn bench(broker: &Mosquitto, args: &[&str]) -> Outcome {
    run(&mut bench_command(broker, args), b"")
}

/// Runs a scenario with `--json -` and returns the exit code and report.
pub(crate) fn report(broker: &Mosquitto, args: &[&str]) -> (i32, Value, Outcome) {
    let mut full = args.to_vec();
    full.extend(["--json", "-"]);
    let outcome = bench(broker, &full);
    let json: Value = serde_json::from_slice(&outcome.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not one JSON report ({err})\nstdout:\n{}\nstderr:\n{}",
            outcome.stdout_text(),
            outcome.stderr
        )
    });
    (outcome.code(), json, outcome)
}

pub(crate) fn number(json: &Value, pointer: &str) -> u64 {
    json.pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("{pointer} missing or not a count in {json:#}"))
}

fn float(json: &Value, pointer: &str) -> f64 {
    json.pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} missing or not a number in {json:#}"))
}

fn histogram(json: &Value, name: &str) -> Histogram<u64> {
    let encoded =
        json["histograms"][name].as_str().unwrap_or_else(|| panic!("no {name} histogram"));
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
    Deserializer::new().deserialize(&mut bytes.as_slice()).unwrap()
}

#[test]
fn end_to_end_qos1_delivers_everything_and_the_report_adds_up() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("series.csv");
    let hdr_log = dir.path().join("latency.hlog");
    let (csv_arg, hdr_arg) = (csv.display().to_string(), hdr_log.display().to_string());
    let (code, json, outcome) = report(
        &broker,
        &[
            "--publishers",
            "2",
            "--subscribers",
            "2",
            "-q",
            "1",
            "--rate",
            "400",
            "--count",
            "50",
            "--warmup",
            "100ms",
            "--csv",
            &csv_arg,
            "--hdr-log",
            &hdr_arg,
        ],
    );
    assert_eq!(code, 0, "{}", outcome.stderr);
    assert_eq!(json["schema"], "mqtt-bench/1");
    assert_eq!(json["config"]["mode"], "pubsub");
    assert_eq!((number(&json, "/config/publishers"), number(&json, "/config/qos")), (2, 1));
    assert!(json["config"]["broker"].as_str().unwrap().ends_with(&format!(":{}", broker.port())));
    assert!(
        json["context"]["broker_version"].as_str().unwrap().contains("mosquitto"),
        "{:#}",
        json["context"]
    );
    // 50 measured messages per publisher, every one acknowledged and delivered once.
    assert_eq!(number(&json, "/totals/sent"), 100);
    assert_eq!(number(&json, "/totals/completed"), 100);
    assert_eq!(number(&json, "/totals/received"), 100);
    assert_eq!(number(&json, "/totals/bytes_sent"), 100 * 64);
    assert_eq!(number(&json, "/latency/e2e/count"), 100);
    assert_eq!(number(&json, "/latency/e2e_service/count"), 100);
    assert_eq!(number(&json, "/latency/pub_ack/count"), 100);
    assert_eq!(number(&json, "/latency/connect/count"), 4);
    assert_eq!(number(&json, "/latency/connect_tcp/count"), 4);
    assert_eq!(number(&json, "/latency/suback/count"), 2);
    assert_eq!(number(&json, "/latency/schedule_lag/count"), 100);
    for name in json["latency"].as_object().unwrap().keys() {
        let summary = &json["latency"][name];
        assert_eq!(histogram(&json, name).len(), summary["count"].as_u64().unwrap(), "{name}");
        assert!(float(summary, "/p50_us") <= float(summary, "/p99_us"), "{name}");
        assert!(float(summary, "/p99_us") <= float(summary, "/max_us"), "{name}");
    }
    // Subscriber i receives publisher i: two flows, warmup included, nothing lost.
    assert_eq!(number(&json, "/delivery/flows"), 2);
    assert_eq!(number(&json, "/delivery/lost"), 0);
    assert_eq!(number(&json, "/delivery/duplicates"), 0);
    let warmup = number(&json, "/delivery/received") - 100;
    assert!(warmup > 0, "warmup messages are delivery-checked too");
    // The per-second series saw every send, warmup included.
    let series = json["series"].as_array().unwrap();
    assert!(!series.is_empty());
    let series_sent: u64 = series.iter().map(|row| row["sent"].as_u64().unwrap()).sum();
    assert_eq!(series_sent, 100 + warmup);
    assert_eq!(series.last().unwrap()["phase"], "drain");
    assert_eq!(json["verdict"]["passed"], true);
    assert!(json["self_check"]["cpu_seconds"].as_f64().unwrap() > 0.0);
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    // The CSV has the series, one line per row; the hdr-log one tagged
    // histogram per latency per second.
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(csv.lines().count(), series.len() + 1, "{csv}");
    assert!(csv.starts_with("elapsed_s,phase,sent,"), "{csv}");
    let log = std::fs::read_to_string(&hdr_log).unwrap();
    assert!(log.contains("#[StartTime: "), "{log}");
    assert!(log.lines().any(|line| line.starts_with("Tag=e2e,")), "{log}");
    assert!(log.lines().any(|line| line.starts_with("Tag=pub_ack,")), "{log}");
    // The summary table goes to stderr when stdout carries the JSON.
    assert!(outcome.stderr.contains("PUBLISH -> PUBACK"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("result     PASS"), "{}", outcome.stderr);
}

#[test]
fn publishers_alone_time_the_qos2_handshake() {
    let broker = Mosquitto::start();
    let (code, json, outcome) =
        report(&broker, &["pub", "-q", "2", "--count", "30", "--rate", "1000", "--warmup", "0s"]);
    assert_eq!(code, 0, "{}", outcome.stderr);
    assert_eq!(json["config"]["mode"], "pub");
    assert_eq!(number(&json, "/config/subscribers"), 0);
    assert_eq!(number(&json, "/totals/sent"), 30);
    assert_eq!(number(&json, "/totals/completed"), 30);
    assert_eq!(number(&json, "/totals/received"), 0);
    assert_eq!(number(&json, "/latency/pub_rec/count"), 30);
    assert_eq!(number(&json, "/latency/pub_comp/count"), 30);
    assert!(json.pointer("/latency/e2e").is_none(), "nobody received anything");
    assert_eq!(number(&json, "/delivery/flows"), 0);
    // No subscriber: mosquitto says so with reason code 0x10, which is counted, not a failure.
    let errors = json["errors"].as_array().unwrap();
    assert!(errors.iter().all(|entry| entry["failure"] == false), "{errors:#?}");
}

#[test]
fn subscribers_alone_measure_what_another_process_publishes() {
    let broker = Mosquitto::start();
    let sub = Background::start(&mut bench_command(
        &broker,
        &["sub", "-I", "onlysub-", "-q", "1", "--count", "40", "--warmup", "0s", "--json", "-"],
    ));
    wait_subscribed(&broker, "onlysub-s0");
    let publisher =
        bench(&broker, &["pub", "-q", "1", "--count", "40", "--rate", "500", "--warmup", "0s"]);
    assert_eq!(publisher.code(), 0, "{}", publisher.stderr);
    let outcome = sub.finish();
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
    let json: Value = serde_json::from_slice(&outcome.stdout).unwrap();
    assert_eq!(json["config"]["mode"], "sub");
    assert_eq!(number(&json, "/totals/received"), 40);
    assert_eq!(number(&json, "/latency/e2e/count"), 40);
    assert_eq!(number(&json, "/delivery/flows"), 1);
    assert_eq!(number(&json, "/delivery/lost"), 0);
}

#[test]
fn connections_are_counted_and_timed_and_churn_reconnects() {
    let broker = Mosquitto::start();
    let (code, json, outcome) =
        report(&broker, &["conn", "-n", "20", "--connect-rate", "400", "--hold", "100ms"]);
    assert_eq!(code, 0, "{}", outcome.stderr);
    assert_eq!(json["config"]["mode"], "conn");
    assert_eq!(number(&json, "/config/connections"), 20);
    assert_eq!(number(&json, "/totals/sent"), 20);
    assert_eq!(number(&json, "/totals/completed"), 20);
    for name in ["connect", "connect_tcp", "connack"] {
        assert_eq!(number(&json, &format!("/latency/{name}/count")), 20, "{name}");
    }
    assert!(json["self_check"]["max_rss_bytes"].as_u64().unwrap() > 0);

    let (code, json, outcome) =
        report(&broker, &["conn", "-n", "4", "--churn", "--duration", "1s", "--hold", "20ms"]);
    assert_eq!(code, 0, "{}", outcome.stderr);
    let attempts = number(&json, "/totals/sent");
    assert!(attempts > 4, "every connection reconnects: {attempts} attempts");
    assert_eq!(number(&json, "/totals/completed"), attempts);
}

#[test]
fn a_broker_refusing_every_connection_is_reported_with_its_exit_code() {
    let broker = Mosquitto::builder().allow_anonymous(false).start();
    let outcome = bench(&broker, &["conn", "-n", "3"]);
    assert_eq!(outcome.code(), 5, "not authorized: {}", outcome.stderr);
    assert!(outcome.stderr.contains("authori"), "{}", outcome.stderr);
}

#[test]
fn fail_if_passes_or_fails_the_run_with_exit_code_9() {
    let broker = Mosquitto::start();
    let args = ["-q", "1", "--count", "20", "--rate", "500", "--warmup", "0s"];
    let mut passing = args.to_vec();
    passing.extend(["--fail-if", "loss == 0, received >= 20", "--fail-if", "pub_ack_max < 60s"]);
    let (code, json, outcome) = report(&broker, &passing);
    assert_eq!(code, 0, "{}", outcome.stderr);
    let checks = json["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert!(checks.iter().all(|check| check["passed"] == true), "{checks:#?}");

    let mut failing = args.to_vec();
    failing.extend(["--fail-if", "p99 < 1ns"]);
    let (code, json, outcome) = report(&broker, &failing);
    assert_eq!(code, 9, "{}", outcome.stderr);
    assert_eq!(json["verdict"]["passed"], false);
    assert_eq!(json["checks"][0]["passed"], false);
    assert!(outcome.stderr.contains("bench failed: --fail-if `p99 < 1ns`"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("result     FAIL"), "the summary is still written");

    let bad = bench(&broker, &["--fail-if", "p99 < 20xs"]);
    assert_eq!(bad.code(), 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("unknown duration unit `xs`"), "{}", bad.stderr);
}

#[test]
fn two_shards_merge_into_the_whole_run() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let scenario = [
        "--publishers",
        "2",
        "--subscribers",
        "2",
        "-q",
        "1",
        "--count",
        "40",
        "--rate",
        "400",
        "--warmup",
        "0s",
    ];
    let run_to = |file: &str, extra: &[&str]| {
        let mut args = scenario.to_vec();
        let target = path(file);
        args.extend(extra);
        args.extend(["--json", &target]);
        let outcome = bench(&broker, &args);
        assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
        read_json(&dir.path().join(file))
    };
    let whole = run_to("whole.json", &[]);
    let first = run_to("shard0.json", &["--shard", "0/2"]);
    let second = run_to("shard1.json", &["--shard", "1/2"]);
    assert_eq!(number(&first, "/totals/sent"), 40, "one publisher per shard");

    let mut merge = mqtt();
    merge.args([
        "bench",
        "merge",
        &path("shard0.json"),
        &path("shard1.json"),
        "--json",
        &path("merged.json"),
    ]);
    let outcome = run(&mut merge, b"");
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
    assert!(
        outcome.stdout_text().contains("merged from 2 shard reports"),
        "{}",
        outcome.stdout_text()
    );
    let merged = read_json(&dir.path().join("merged.json"));
    for pointer in [
        "/totals/sent",
        "/totals/completed",
        "/totals/received",
        "/delivery/flows",
        "/delivery/received",
        "/delivery/lost",
        "/latency/e2e/count",
        "/latency/connect/count",
    ] {
        assert_eq!(number(&merged, pointer), number(&whole, pointer), "{pointer}");
    }
    // Percentiles come from the added histograms, exactly.
    for name in ["e2e", "pub_ack", "connect"] {
        let mut combined = Histogram::<u64>::new(3).unwrap();
        combined.add(histogram(&first, name)).unwrap();
        combined.add(histogram(&second, name)).unwrap();
        let summary = &merged["latency"][name];
        for (field, quantile) in [("p50_us", 0.5), ("p99_us", 0.99), ("p99_9_us", 0.999)] {
            let expected = combined.value_at_quantile(quantile) as f64 / 1e3;
            assert_eq!(float(summary, &format!("/{field}")), expected, "{name} {field}");
        }
        assert_eq!(float(summary, "/max_us"), combined.max() as f64 / 1e3, "{name} max");
    }

    let mut twice = mqtt();
    twice.args(["bench", "merge", &path("shard0.json"), &path("shard0.json")]);
    let outcome = run(&mut twice, b"");
    assert_eq!(outcome.code(), 65, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("both contain shard 0/2"), "{}", outcome.stderr);
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_late_subscriber_loses_qos0_but_nothing_at_qos1_with_a_kept_session() {
    let broker = Mosquitto::start();
    let late = [
        "--rate",
        "200",
        "--count",
        "100",
        "--warmup",
        "0s",
        "--subscriber-delay",
        "300ms",
        "--drain",
        "500ms",
    ];

    let mut qos0 = late.to_vec();
    qos0.extend(["-q", "0"]);
    let (code, json, outcome) = report(&broker, &qos0);
    assert_eq!(code, 0, "QoS 0 may lose messages: {}", outcome.stderr);
    let lost = number(&json, "/delivery/lost");
    assert!(lost > 0, "published while the subscriber was away: {:#}", json["delivery"]);
    assert_eq!(number(&json, "/delivery/received") + lost, 100);

    let mut qos1_clean = late.to_vec();
    qos1_clean.extend(["-q", "1"]);
    let (code, json, outcome) = report(&broker, &qos1_clean);
    assert_eq!(code, 9, "QoS 1 loss fails the run: {}", outcome.stderr);
    assert!(number(&json, "/delivery/lost") > 0);
    assert!(json["verdict"]["failures"][0].as_str().unwrap().contains("lost at QoS 1"));

    let mut qos1_kept = late.to_vec();
    qos1_kept.extend(["-q", "1", "-c", "-x", "60"]);
    let (code, json, outcome) = report(&broker, &qos1_kept);
    assert_eq!(code, 0, "{}", outcome.stderr);
    assert_eq!(number(&json, "/delivery/lost"), 0, "{:#}", json["delivery"]);
    assert_eq!(number(&json, "/delivery/received"), 100);
    assert_eq!(number(&json, "/totals/received"), 100);
}

#[test]
fn bad_options_are_usage_errors_before_connecting() {
    let broker = Mosquitto::start();
    for (args, needle) in [
        (vec!["--size", "16"], "32-byte bench header"),
        (vec!["-t", "bench/%x"], "unknown placeholder `%x`"),
        (vec!["-t", "bench/#"], "wildcard '#'"),
        (vec!["--shard", "2/2"], "out of range"),
        (vec!["--rate", "fast"], "bad rate"),
        (vec!["--json", "-", "--csv", "-"], "both want standard output"),
        (vec!["pub", "--subscribers", "2"], "`bench pub` has no subscribers"),
    ] {
        let outcome = bench(&broker, &args);
        assert_eq!(outcome.code(), 2, "{args:?}: {}", outcome.stderr);
        assert!(outcome.stderr.contains(needle), "{args:?}: {}", outcome.stderr);
    }
}

#[test]
fn tls_and_websocket_connections_are_timed_by_phase() {
    let dir = tempfile::tempdir().unwrap();
    let tls = mqtt_test_support::tls::TlsMaterial::generate(&dir.path().join("tls"));
    let lines = tls.mosquitto_listener_lines();
    let broker = Mosquitto::builder()
        .listener(move |port| format!("listener {port} 127.0.0.1\n{lines}"))
        .listener(|port| format!("listener {port} 127.0.0.1\nprotocol websockets"))
        .start();
    let cafile = tls.ca.cert_path.display().to_string();
    let tls_url = format!("mqtts://localhost:{}", broker.extra_port(0));
    let ws_url = format!("ws://127.0.0.1:{}/mqtt", broker.extra_port(1));
    for (url, extra) in [(&tls_url, vec!["--cafile", cafile.as_str()]), (&ws_url, vec![])] {
        let mut command = mqtt();
        command.args(["bench", "conn", "-L", url, "-n", "3", "--json", "-"]).args(&extra);
        let outcome = run(&mut command, b"");
        assert_eq!(outcome.code(), 0, "{url}: {}", outcome.stderr);
        let json: Value = serde_json::from_slice(&outcome.stdout).unwrap();
        assert_eq!(number(&json, "/totals/completed"), 3, "{url}");
        assert!(json["config"]["broker"].as_str().unwrap().starts_with(&url[..4]), "{url}");
        let tls_phase = json.pointer("/latency/connect_tls/count").and_then(Value::as_u64);
        assert_eq!(tls_phase, url.starts_with("mqtts").then_some(3), "{url}");
    }
}

/// Starts `mqtt bench ARGS… --json -` in the background, sends it
/// `signal` once the broker has seen `ready` in its log, and returns the
/// outcome, the JSON report and how long the process ran.
fn signalled(
    broker: &Mosquitto,
    args: &[&str],
    ready: &[&str],
    signal: &str,
) -> (Outcome, Value, std::time::Duration) {
    let started = std::time::Instant::now();
    let mut full = args.to_vec();
    full.extend(["--json", "-"]);
    let run = Background::start(&mut bench_command(broker, &full));
    for needle in ready {
        wait_for_log(broker, needle);
    }
    run.signal(signal);
    let outcome = run.finish();
    let lived = started.elapsed();
    let json: Value = serde_json::from_slice(&outcome.stdout).unwrap_or_else(|err| {
        panic!("stdout is not one JSON report ({err})\nstderr:\n{}", outcome.stderr)
    });
    (outcome, json, lived)
}

/// What every interrupted report must say: interrupted, measured no longer
/// than the process lived, rates over that span, and not passed.
fn assert_interrupted(json: &Value, outcome: &Outcome, lived: std::time::Duration) {
    assert_eq!(json["context"]["interrupted"], true, "{:#}", json["context"]);
    let measured = float(json, "/context/measured_s");
    assert!(measured <= lived.as_secs_f64(), "measured {measured} s in a {lived:?} run");
    let sent = number(json, "/totals/sent") as f64;
    assert!(
        (float(json, "/totals/send_rate") * measured - sent).abs() < 1.0,
        "{:#}",
        json["totals"]
    );
    assert_eq!(json["verdict"]["passed"], false, "{:#}", json["verdict"]);
    let failures = json["verdict"]["failures"].to_string();
    assert!(failures.contains("interrupted"), "{failures}");
    assert!(outcome.stderr.contains("INTERRUPTED"), "the table says so: {}", outcome.stderr);
    assert!(outcome.stderr.contains("result     FAIL: interrupted"), "{}", outcome.stderr);
}

#[test]
fn ctrl_c_ends_the_run_with_a_partial_report_marked_interrupted_and_exit_130() {
    let broker = Mosquitto::start();
    let (outcome, json, lived) = signalled(
        &broker,
        &[
            "-I",
            "interrupted-",
            "--rate",
            "100",
            "--duration",
            "60s",
            "--warmup",
            "0s",
            "--fail-if",
            "loss == 0",
        ],
        &["Sending SUBACK to interrupted-s0", "Received PUBLISH from interrupted-p0"],
        "INT",
    );
    assert_eq!(outcome.code(), 130, "{}", outcome.stderr);
    assert!(number(&json, "/delivery/received") > 0, "{:#}", json["delivery"]);
    assert_interrupted(&json, &outcome, lived);
    // A condition that holds does not make an interrupted run pass.
    assert_eq!(json["checks"][0]["passed"], true, "{:#}", json["checks"]);
}

#[test]
fn sigterm_ends_a_run_like_ctrl_c_with_exit_143() {
    let broker = Mosquitto::start();
    let (outcome, json, lived) = signalled(
        &broker,
        &["-I", "terminated-", "--rate", "100", "--duration", "60s", "--warmup", "0s"],
        &["Sending SUBACK to terminated-s0", "Received PUBLISH from terminated-p0"],
        "TERM",
    );
    assert_eq!(outcome.code(), 143, "{}", outcome.stderr);
    assert!(number(&json, "/totals/received") > 0, "{:#}", json["totals"]);
    assert_interrupted(&json, &outcome, lived);

    let (outcome, json, lived) = signalled(
        &broker,
        &["conn", "-I", "churned-", "-n", "2", "--churn", "--duration", "60s", "--hold", "20ms"],
        &["as churned-c1"],
        "TERM",
    );
    assert_eq!(outcome.code(), 143, "{}", outcome.stderr);
    assert!(number(&json, "/totals/completed") > 0, "{:#}", json["totals"]);
    assert_interrupted(&json, &outcome, lived);
}

#[test]
fn merging_an_interrupted_shard_carries_interrupted_and_fails() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let scenario = [
        "--publishers",
        "2",
        "--subscribers",
        "2",
        "-q",
        "1",
        "--rate",
        "100",
        "--duration",
        "3s",
        "--warmup",
        "0s",
    ];
    let mut interrupted = scenario.to_vec();
    interrupted.extend(["--shard", "1/2", "-I", "shardint-"]);
    let (outcome, json, _) = signalled(
        &broker,
        &interrupted,
        &["Sending SUBACK to shardint-s1", "Received PUBLISH from shardint-p1"],
        "INT",
    );
    assert_eq!(outcome.code(), 130, "{}", outcome.stderr);
    std::fs::write(path("shard1.json"), serde_json::to_vec(&json).unwrap()).unwrap();
    let mut whole = scenario.to_vec();
    let target = path("shard0.json");
    whole.extend(["--shard", "0/2", "--json", &target]);
    let outcome = bench(&broker, &whole);
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);

    let mut merge = crate::support::mqtt();
    merge.args(["bench", "merge", &path("shard0.json"), &path("shard1.json"), "--json", "-"]);
    let outcome = run(&mut merge, b"");
    assert_eq!(outcome.code(), 9, "{}", outcome.stderr);
    let merged: Value = serde_json::from_slice(&outcome.stdout).unwrap();
    assert_eq!(merged["context"]["interrupted"], true, "{:#}", merged["context"]);
    assert_eq!(merged["verdict"]["passed"], false);
    let failures = merged["verdict"]["failures"].to_string();
    assert!(failures.contains("interrupted") && failures.contains("1/2"), "{failures}");
    assert!(outcome.stderr.contains("INTERRUPTED"), "{}", outcome.stderr);
}

#[test]
fn a_run_that_receives_nothing_fails_with_no_message_received() {
    let broker = Mosquitto::start();
    // QoS 0, and the only subscriber is away for the whole run: 100% loss,
    // which the QoS 0 delivery policy allows, but nothing arrived at all.
    let away = [
        "--rate",
        "200",
        "--count",
        "20",
        "--warmup",
        "0s",
        "--subscriber-delay",
        "60s",
        "--drain",
        "200ms",
    ];
    let outcome = bench(&broker, &away);
    assert_eq!(outcome.code(), 9, "{}", outcome.stdout_text());
    let table = outcome.stdout_text();
    assert!(table.contains("no message received"), "{table}");
    assert!(!table.contains("PASS"), "{table}");
    assert!(outcome.stderr.contains("bench failed: no message received"), "{}", outcome.stderr);

    // Said explicitly, receiving nothing is what the user expects.
    let mut expected = away.to_vec();
    expected.extend(["--fail-if", "received == 0"]);
    let (code, json, outcome) = report(&broker, &expected);
    assert_eq!(code, 0, "{}", outcome.stderr);
    assert_eq!(json["verdict"]["passed"], true, "{:#}", json["verdict"]);

    // `bench sub` that hears nothing in its window.
    let (code, json, outcome) = report(&broker, &["sub", "--duration", "1s", "--warmup", "0s"]);
    assert_eq!(code, 9, "{}", outcome.stderr);
    assert!(json["verdict"]["failures"][0].as_str().unwrap().contains("no message received"));
}

#[test]
fn a_publisher_that_cannot_send_ends_the_run_with_no_message_sent() {
    let broker = Mosquitto::builder().config("max_packet_size 100").start();
    let (code, json, outcome) =
        report(&broker, &["pub", "-s", "200", "--count", "20", "--rate", "200", "--warmup", "0s"]);
    assert_eq!(code, 9, "{}", outcome.stderr);
    assert_eq!(number(&json, "/totals/sent"), 0);
    assert!(json["verdict"]["failures"][0].as_str().unwrap().contains("no message sent"));
    assert!(json["errors"].to_string().contains("maximum packet size"), "{:#}", json["errors"]);
}

#[test]
fn a_churn_that_never_connects_fails_with_no_connection_accepted() {
    let broker = Mosquitto::builder().allow_anonymous(false).start();
    let (code, json, outcome) =
        report(&broker, &["conn", "-n", "2", "--churn", "--duration", "500ms"]);
    assert_eq!(code, 9, "{}", outcome.stderr);
    assert!(number(&json, "/totals/sent") > 0);
    assert_eq!(number(&json, "/totals/completed"), 0);
    let failures = json["verdict"]["failures"].to_string();
    assert!(failures.contains("no connection accepted"), "{failures}");
}

/// The rows of the summary table under `heading`, as (label, count).
fn table_rows(table: &str, heading: &str) -> Vec<(String, String)> {
    table
        .lines()
        .skip_while(|line| !line.starts_with(heading))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let label_end = fields
                .iter()
                .position(|field| field.starts_with(|c: char| c.is_ascii_digit()))
                .unwrap_or(fields.len());
            (fields[..label_end].join(" "), fields.get(label_end).unwrap_or(&"").to_string())
        })
        .collect()
}

#[test]
fn the_table_separates_measured_from_warmup_and_skips_rows_that_do_not_apply() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json").display().to_string();
    let args = ["-q", "1", "--rate", "200", "--count", "20", "--warmup", "200ms", "--json", &file];
    let outcome = bench(&broker, &args);
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
    let json = read_json(Path::new(&file));
    let table = outcome.stdout_text();
    let measured = table_rows(&table, "throughput (measured)");
    let labels: Vec<&str> = measured.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(labels, ["sent", "completed (PUBACK)", "received"], "{table}");
    assert_eq!(measured[2].1, "20", "{table}");
    let warm_sent = number(&json, "/warmup/sent");
    let warm_received = number(&json, "/warmup/received");
    assert!(warm_sent > 0 && warm_received == warm_sent, "{:#}", json["warmup"]);
    let warmup = table_rows(&table, "warmup (not measured)");
    assert_eq!(
        warmup,
        [
            ("sent".to_owned(), warm_sent.to_string()),
            ("received".to_owned(), warm_received.to_string())
        ],
        "{table}"
    );
    // Delivery accounting covers both, and says so.
    assert_eq!(number(&json, "/delivery/received"), 20 + warm_received);
    let delivery = table.lines().find(|line| line.starts_with("delivery")).unwrap();
    assert!(delivery.contains(&format!("{} received", 20 + warm_received)), "{delivery}");
    assert!(delivery.contains("measured and warmup"), "{delivery}");

    // QoS 0 has no acknowledgements, `bench pub` no receipts, `bench sub` no sends.
    let outcome = bench(&broker, &["-q", "0", "--rate", "200", "--count", "5", "--warmup", "0s"]);
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
    let table = outcome.stdout_text();
    let labels: Vec<String> =
        table_rows(&table, "throughput").into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["sent", "received"], "{table}");
    assert!(!table.contains("warmup (not measured)"), "no warmup, no rows: {table}");
    let outcome =
        bench(&broker, &["pub", "-q", "1", "--rate", "200", "--count", "5", "--warmup", "0s"]);
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
    let table = outcome.stdout_text();
    let labels: Vec<String> =
        table_rows(&table, "throughput").into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["sent", "completed (PUBACK)"], "{table}");
    assert!(!table.lines().any(|line| line.starts_with("delivery")), "no subscribers: {table}");
}

#[test]
fn merge_refuses_bad_input_files_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("truncated.json");
    std::fs::write(&bad, b"{\"schema\": \"mqtt-bench/1\", \"config\": ").unwrap();
    let mut merge = crate::support::mqtt();
    merge.args(["bench", "merge"]).arg(&bad);
    let outcome = run(&mut merge, b"");
    assert_eq!(outcome.code(), 65, "bad data in an input file: {}", outcome.stderr);
    assert!(outcome.stderr.contains("truncated.json: not valid JSON"), "{}", outcome.stderr);

    let missing = dir.path().join("missing.json");
    let mut merge = crate::support::mqtt();
    merge.args(["bench", "merge"]).arg(&missing);
    let outcome = run(&mut merge, b"");
    assert_eq!(outcome.code(), 66, "an input file does not exist: {}", outcome.stderr);
    assert!(outcome.stderr.contains("missing.json"), "{}", outcome.stderr);
}
