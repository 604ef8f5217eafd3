//! A broker that answers QoS 2 with PUBACK (RabbitMQ 3.10 does) or never
//! answers at all: every wait on it ends, with the fault named and the
//! documented exit code.

use std::time::{Duration, Instant};

use mqtt_proto::{Packet, PubAck, QoS};

use crate::support::scripted::{accept, standard, ScriptedBroker, Session};
use crate::support::{mqtt, run, Background};

/// RabbitMQ 3.10's answer to a QoS 2 PUBLISH: PUBACK, not PUBREC.
fn puback_to_qos2(packet: &Packet, session: &mut Session) -> Option<Vec<Packet>> {
    match packet {
        Packet::Publish(publish) if publish.qos == QoS::ExactlyOnce => {
            Some(vec![Packet::PubAck(PubAck::new(publish.packet_id?))])
        }
        other => standard(other, session),
    }
}

/// A broker that takes every PUBLISH and SUBSCRIBE and answers none.
fn silent(packet: &Packet, session: &mut Session) -> Option<Vec<Packet>> {
    match packet {
        Packet::Publish(_) | Packet::Subscribe(_) => Some(vec![]),
        other => standard(other, session),
    }
}

/// `mqtt SUBCOMMAND…` pointed at `broker`.
fn at(broker: &ScriptedBroker, subcommand: &[&str]) -> std::process::Command {
    let mut command = mqtt();
    command.args(subcommand).args(["-h", "127.0.0.1", "-p", &broker.port.to_string()]);
    command
}

/// Waits for a condition a test is built around; panics after `limit`.
fn wait_until(what: &str, limit: Duration, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + limit;
    while !condition() {
        assert!(Instant::now() < deadline, "{what} did not happen within {limit:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn pub_qos2_answered_with_puback_is_a_protocol_error_exit_7() {
    for version in ["5", "311"] {
        let broker = ScriptedBroker::start(accept, puback_to_qos2);
        let out =
            run(at(&broker, &["pub"]).args(["-V", version, "-q", "2", "-t", "a", "-m", "x"]), b"")
                .expect_code(7);
        assert!(
            out.stderr.contains(
                "protocol error: PUBACK for packet 1, which was a QoS 2 PUBLISH: the broker must answer PUBREC"
            ),
            "-V {version}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("1 of 1 messages were not delivered"), "{}", out.stderr);
    }
}

#[test]
fn pub_lines_at_qos2_stop_at_the_first_puback_without_reconnecting() {
    let broker = ScriptedBroker::start(accept, puback_to_qos2);
    let lines = "one\ntwo\nthree\n";
    let out = run(at(&broker, &["pub"]).args(["-q", "2", "-t", "a", "-l"]), lines.as_bytes())
        .expect_code(7);
    assert!(out.stderr.contains("protocol error: PUBACK"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("reconnecting"),
        "a protocol error is not retried: {}",
        out.stderr
    );
    let connects = broker.count(|packet| matches!(packet, Packet::Connect(_)));
    assert_eq!(connects, 1, "one connection, no reconnect");
}

#[test]
fn an_unacknowledged_publish_ends_at_the_ack_timeout_with_7() {
    let broker = ScriptedBroker::start(accept, silent);
    let out = run(
        at(&broker, &["pub"]).args(["-q", "1", "-t", "a", "-m", "x", "--ack-timeout", "1s"]),
        b"",
    )
    .expect_code(7);
    assert!(
        out.stderr.contains(
            "1 never acknowledged (no acknowledgement from the broker for 1s while waiting for PUBACK for packet 1)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unanswered_subscribe_ends_at_the_ack_timeout() {
    let broker = ScriptedBroker::start(accept, silent);
    let out = run(at(&broker, &["sub"]).args(["-t", "a", "--ack-timeout", "1s"]), b"");
    assert_ne!(out.code(), 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("no acknowledgement from the broker for 1s while waiting for SUBACK"),
        "{}",
        out.stderr
    );
}

#[test]
fn ack_timeout_must_be_above_zero() {
    let out =
        run(mqtt().args(["pub", "-t", "a", "-m", "x", "--ack-timeout", "0"]), b"").expect_code(2);
    assert!(out.stderr.contains("--ack-timeout must be above zero"), "{}", out.stderr);
}

#[test]
fn bench_qos2_against_puback_ends_with_a_report_that_fails() {
    let broker = ScriptedBroker::start(accept, puback_to_qos2);
    let out =
        run(at(&broker, &["bench", "pub"]).args(["-q", "2", "--count", "100", "--json", "-"]), b"");
    assert_eq!(out.code(), 9, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout_text()).unwrap();
    let errors = report.to_string();
    assert!(errors.contains("protocol error"), "the report names the fault: {errors}");
}

#[test]
fn bench_against_a_broker_that_never_acks_ends_at_ctrl_c_with_a_partial_report() {
    for signals in [&["INT"][..], &["INT", "INT"][..], &["TERM"][..]] {
        let broker = ScriptedBroker::start(accept, silent);
        let bench = Background::start(at(&broker, &["bench", "pub"]).args([
            "-q",
            "2",
            "--duration",
            "1h",
            "--ack-timeout",
            "1h",
            "--json",
            "-",
        ]));
        let publishes = || broker.count(|packet| matches!(packet, Packet::Publish(_)));
        wait_until("the first PUBLISH", Duration::from_secs(20), || publishes() > 0);
        // The window is full and nothing will ever free it.
        std::thread::sleep(Duration::from_millis(300));
        for signal in signals {
            bench.signal(signal);
            std::thread::sleep(Duration::from_millis(200));
        }
        let out = bench.finish();
        let expected = if signals[0] == "TERM" { 143 } else { 130 };
        assert_eq!(out.code(), expected, "{signals:?}: {}", out.stderr);
        let report: serde_json::Value = serde_json::from_str(&out.stdout_text())
            .unwrap_or_else(|err| panic!("{signals:?}: no report ({err}): {}", out.stderr));
        assert_eq!(report["context"]["interrupted"], true, "{report}");
    }
}

/// mosquitto announces `max_packet_size` in its MQTT 5 CONNACK; a larger
/// PUBLISH is refused before it is sent: a rejected publish (7) naming the
/// limit, not a lost connection (8).
#[test]
fn a_payload_over_the_brokers_maximum_packet_size_is_7_naming_the_limit() {
    let broker = mqtt_test_support::Mosquitto::builder().config("max_packet_size 200").start();
    let payload = "x".repeat(300);
    let out = run(
        crate::support::pubsub::mqtt_at(&broker, "pub")
            .args(["-t", "a", "-q", "1", "-m", &payload]),
        b"",
    )
    .expect_code(7);
    assert!(out.stderr.contains("maximum packet size of 200 bytes"), "{}", out.stderr);
}

/// RabbitMQ 3.10 closes the socket on an MQTT 5 CONNECT instead of
/// answering: a refusal (4) with the same hint other refusals get.
#[test]
fn a_v5_connect_answered_by_closing_the_socket_is_4_with_a_hint() {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.read(&mut [0u8; 512]);
    });
    let out = run(
        mqtt().args(["pub", "-h", "127.0.0.1", "-p", &port.to_string(), "-t", "a", "-m", "x"]),
        b"",
    )
    .expect_code(4);
    assert!(
        out.stderr.contains("before answering CONNECT; it may not speak MQTT 5: try -V 311"),
        "{}",
        out.stderr
    );
    peer.join().unwrap();
}

/// A broker that grants less than asked (mosquitto with `max_qos 1`): said
/// once on stderr, never in the data.
#[test]
fn sub_says_when_the_broker_grants_a_lower_qos() {
    let broker = mqtt_test_support::Mosquitto::builder()
        .listener(|port| format!("listener {port} 127.0.0.1\nmax_qos 1"))
        .start();
    let port = broker.extra_port(0).to_string();
    let sub = |args: &[&str]| {
        let mut command = mqtt();
        command.args(["sub", "-h", "127.0.0.1", "-p", &port, "-E"]).args(args);
        run(&mut command, b"").expect_code(0)
    };
    for mode in [&[][..], &["--json"][..]] {
        let out = sub(&[&["-q", "2", "-t", "a/#"][..], mode].concat());
        assert!(
            out.stderr.contains("the broker granted QoS 1 for \"a/#\" (asked for QoS 2)"),
            "{mode:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{mode:?}: nothing on stdout");
    }
    let out = sub(&["-q", "1", "-t", "a"]);
    assert!(!out.stderr.contains("granted"), "QoS 1 asked, QoS 1 granted: {}", out.stderr);
}

/// A broker that takes the TCP connections and never answers CONNECT:
/// Ctrl-C still ends the bench with a report, marked interrupted, that
/// says nothing was sent.
#[test]
fn bench_interrupted_while_connecting_still_reports() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    let bench = Background::start(mqtt().args([
        "bench",
        "-h",
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "--connect-timeout",
        "1h",
        "--no-sys",
        "--json",
        "-",
    ]));
    wait_until("a connection attempt", Duration::from_secs(20), || {
        accepted.load(Ordering::SeqCst) > 0
    });
    bench.signal("INT");
    let out = bench.finish();
    assert_eq!(out.code(), 130, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout_text())
        .unwrap_or_else(|err| panic!("no report ({err}): {}", out.stderr));
    assert_eq!(report["context"]["interrupted"], true, "{report}");
    assert_eq!(report["totals"]["sent"], 0, "{report}");
    assert_eq!(report["verdict"]["passed"], false, "{report}");
}
