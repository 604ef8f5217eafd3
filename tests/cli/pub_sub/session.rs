//! Sessions and connection changes: persistent sessions (-c, -x), the will,
//! reconnecting after a broker restart (sub resubscribes, pub -l loses
//! nothing), and the packet trace (-d).

use std::time::Duration;

use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{
    log_count, mosquitto_tool, mqtt_at, wait_for_log, wait_for_log_count, wait_subscribed,
};
use crate::support::{run, wait_for, Background};

#[test]
fn persistent_session_queues_messages_while_away() {
    let broker = Mosquitto::start();
    run(
        mqtt_at(&broker, "sub")
            .args(["-i", "away", "-c", "-x", "1h", "-q", "1", "-t", "s/#", "-E"]),
        b"",
    )
    .expect_code(0);
    let lines: String = (0..50).map(|n| format!("queued {n}\n")).collect();
    run(mqtt_at(&broker, "pub").args(["-t", "s/q", "-q", "1", "-l"]), lines.as_bytes())
        .expect_code(0);
    let out = run(
        mqtt_at(&broker, "sub").args(["-i", "away", "-c", "-q", "1", "-t", "s/#", "-C", "50"]),
        b"",
    )
    .expect_code(0);
    assert_eq!(out.stdout_text(), lines);
}

#[test]
fn will_is_published_when_the_client_vanishes() {
    let broker = Mosquitto::start();
    let watcher = Background::start(mosquitto_tool(&broker, "mosquitto_sub").args([
        "-V",
        "5",
        "-q",
        "1",
        "-i",
        "watch",
        "-t",
        "wills/#",
        "-C",
        "1",
        "-W",
        "30",
        "-F",
        "%t %p %r %q %P %C",
    ]));
    wait_subscribed(&broker, "watch");
    let doomed = Background::start(mqtt_at(&broker, "sub").args([
        "-i",
        "doomed",
        "-t",
        "x",
        "--will-topic",
        "wills/doomed",
        "--will-payload",
        "gone",
        "--will-qos",
        "1",
        "--will-delay",
        "500ms",
        "-D",
        "will",
        "user-property",
        "why",
        "crash",
        "-D",
        "will",
        "content-type",
        "text/plain",
        "-W",
        "60",
    ]));
    wait_subscribed(&broker, "doomed");
    doomed.signal("KILL");
    let _ = doomed.finish();
    assert_eq!(
        watcher.finish().expect_code(0).stdout_text(),
        "wills/doomed gone 0 1 why:crash text/plain\n"
    );
    assert!(broker.log().contains("Will message specified"), "{}", broker.log());
}

#[test]
fn sub_reconnects_and_resubscribes_after_a_restart() {
    let mut broker = Mosquitto::start();
    let mut sub = Background::start(
        mqtt_at(&broker, "sub").args(["-i", "phoenix", "-t", "r/x", "-C", "2", "-W", "60"]),
    );
    wait_subscribed(&broker, "phoenix");
    run(mqtt_at(&broker, "pub").args(["-t", "r/x", "-m", "before"]), b"").expect_code(0);
    broker.restart();
    wait_for_log_count(&broker, "Sending SUBACK to phoenix", 2);
    run(mqtt_at(&broker, "pub").args(["-t", "r/x", "-m", "after"]), b"").expect_code(0);
    sub.close_stdin();
    let out = sub.finish().expect_code(0);
    assert_eq!(out.stdout_text(), "before\nafter\n");
    assert!(out.stderr.contains("connection lost"), "{}", out.stderr);
    assert!(out.stderr.contains("reconnected"), "{}", out.stderr);
}

#[test]
fn pub_lines_survive_a_broker_restart_without_loss() {
    let mut broker = Mosquitto::builder().persistence(true).start();
    // A persistent QoS 1 subscriber collects everything, across the restart.
    run(
        mosquitto_tool(&broker, "mosquitto_sub").args([
            "-i",
            "collector",
            "-c",
            "-q",
            "1",
            "-t",
            "stream",
            "-E",
        ]),
        b"",
    )
    .expect_code(0);
    let mut publisher = Background::start(
        mqtt_at(&broker, "pub").args(["-i", "streamer", "-t", "stream", "-q", "1", "-l"]),
    );
    let first: String = (0..500).map(|n| format!("{n}\n")).collect();
    publisher.write(first.as_bytes());
    wait_for("broker log", Duration::from_secs(20), || broker.log(), "(d0, q1, r0, m500, 'stream'");
    broker.restart();
    let second: String = (500..1000).map(|n| format!("{n}\n")).collect();
    publisher.write(second.as_bytes());
    publisher.close_stdin();
    let out = publisher.finish();
    assert_eq!(out.code(), 0, "{}", out.stderr);
    assert!(out.stderr.contains("reconnected"), "{}", out.stderr);
    let received = run(
        mosquitto_tool(&broker, "mosquitto_sub").args([
            "-i",
            "collector",
            "-c",
            "-q",
            "1",
            "-t",
            "stream",
            "-W",
            "20",
            "-C",
            "1000",
        ]),
        b"",
    );
    let mut numbers: Vec<u32> =
        received.stdout_text().lines().map(|l| l.parse().unwrap()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(
        numbers,
        (0..1000).collect::<Vec<u32>>(),
        "every line arrived (duplicates allowed at QoS 1)"
    );
}

#[test]
fn debug_prints_every_packet_on_stderr() {
    let broker = Mosquitto::start();
    let out = run(
        mqtt_at(&broker, "pub")
            .args(["-d", "-u", "user", "-P", "hunter2", "-t", "d", "-q", "1", "-m", "x"])
            .args(["-D", "connect", "receive-maximum", "7"]),
        b"",
    )
    .expect_code(0);
    for packet in
        ["sent CONNECT", "received CONNACK", "sent PUBLISH", "received PUBACK", "sent DISCONNECT"]
    {
        assert!(out.stderr.contains(packet), "no {packet} in:\n{}", out.stderr);
    }
    assert!(!out.stderr.contains("hunter2"), "the password leaked:\n{}", out.stderr);
    assert!(
        out.stderr.contains("Receive Maximum=7"),
        "-D connect reaches CONNECT:\n{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
    assert_eq!(log_count(&broker, "Received PUBLISH from"), 1);
    wait_for_log(&broker, "disconnected.");
}

/// More queued messages than the client buffers arrive before the SUBACK
/// of a resumed session; the subscriber must keep reading to see it.
#[test]
fn a_big_backlog_before_the_suback_drains() {
    let broker = Mosquitto::builder().config("max_queued_messages 0").start();
    run(mqtt_at(&broker, "sub").args(["-i", "backlog", "-c", "-q", "1", "-t", "b", "-E"]), b"")
        .expect_code(0);
    let lines: String = (0..20_000).map(|n| format!("{n}\n")).collect();
    run(mqtt_at(&broker, "pub").args(["-t", "b", "-q", "1", "-l"]), lines.as_bytes())
        .expect_code(0);
    let out = run(
        mqtt_at(&broker, "sub").args(["-i", "backlog", "-c", "-q", "1", "-t", "b", "-C", "20000"]),
        b"",
    )
    .expect_code(0);
    assert_eq!(out.stdout_text(), lines);
}
