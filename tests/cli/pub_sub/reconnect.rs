//! Bounded waits and giving up: `--connect-timeout`, `sub -W` while
//! connecting, `--no-reconnect` and `--reconnect-limit` against a broker
//! that stops.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mqtt_at, wait_for_log_count, wait_subscribed};
use crate::support::{mqtt, run, Background};

/// A peer that accepts TCP connections and never answers CONNECT; it
/// lives as long as the returned listener.
fn silent_peer() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    (listener, port)
}

#[test]
fn sub_timeout_counts_from_the_start_and_bounds_the_connect() {
    let (_peer, port) = silent_peer();
    let started = Instant::now();
    let out = run(mqtt().args(["sub", "-h", "127.0.0.1", "-p", &port, "-t", "a", "-W", "1"]), b"")
        .expect_code(27);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(4), "-W 1 took {took:?}");
    assert!(out.stderr.contains("-W"), "{}", out.stderr);
}

#[test]
fn connect_timeout_bounds_the_wait_for_connack() {
    let (_peer, port) = silent_peer();
    let started = Instant::now();
    let out = run(
        mqtt().args([
            "pub",
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-t",
            "a",
            "-m",
            "x",
            "--connect-timeout",
            "1",
        ]),
        b"",
    )
    .expect_code(3);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(4), "--connect-timeout 1 took {took:?}");
    assert!(out.stderr.contains("within 1s"), "{}", out.stderr);
    assert!(out.stderr.contains("--connect-timeout"), "{}", out.stderr);
}

#[test]
fn sub_no_reconnect_ends_with_8_when_the_broker_goes_away() {
    let mut broker = Mosquitto::start();
    let sub = Background::start(mqtt_at(&broker, "sub").args([
        "-i",
        "once",
        "-t",
        "x",
        "--no-reconnect",
    ]));
    wait_subscribed(&broker, "once");
    broker.stop();
    let out = sub.finish().expect_code(8);
    assert!(out.stderr.contains("connection lost"), "{}", out.stderr);
    assert!(!out.stderr.contains("reconnecting"), "{}", out.stderr);
}

#[test]
fn sub_reconnect_limit_gives_up_with_8() {
    let mut broker = Mosquitto::start();
    let sub = Background::start(mqtt_at(&broker, "sub").args([
        "-i",
        "twice",
        "-t",
        "x",
        "--reconnect-limit",
        "2",
    ]));
    wait_subscribed(&broker, "twice");
    broker.stop();
    let out = sub.finish().expect_code(8);
    assert!(out.stderr.contains("gave up reconnecting"), "{}", out.stderr);
    assert!(out.stderr.contains("after 2 failed attempts"), "{}", out.stderr);
}

/// The number in `N of TOTAL lines were not confirmed`, checked against TOTAL.
fn unconfirmed_lines(stderr: &str, total: u64) -> u64 {
    let tail = format!(" of {total} lines were not confirmed");
    let end = stderr.find(&tail).unwrap_or_else(|| panic!("no {tail:?} in {stderr}"));
    let start = stderr[..end].rfind(' ').map_or(0, |space| space + 1);
    stderr[start..end].parse().unwrap_or_else(|_| panic!("no count in {stderr}"))
}

/// Starts `pub -l -q 1` with `extra`, sends two lines and waits until the
/// broker acknowledged both.
fn lines_publisher(broker: &Mosquitto, id: &str, extra: &[&str]) -> Background {
    let mut publisher = Background::start(
        mqtt_at(broker, "pub").args(["-i", id, "-t", "x", "-q", "1", "-l"]).args(extra),
    );
    publisher.write(b"one\ntwo\n");
    wait_for_log_count(broker, &format!("Sending PUBACK to {id}"), 2);
    publisher
}

#[test]
fn pub_lines_give_up_after_the_reconnect_limit_with_8_and_count_the_lost_lines() {
    let mut broker = Mosquitto::start();
    let mut publisher = lines_publisher(&broker, "bounded", &["--reconnect-limit", "2"]);
    broker.stop();
    publisher.write(b"three\nfour\nfive\n");
    publisher.close_stdin();
    let out = publisher.finish().expect_code(8);
    assert!(out.stderr.contains("after 2 failed attempts"), "{}", out.stderr);
    let missing = unconfirmed_lines(&out.stderr, 5);
    assert!((3..=5).contains(&missing), "{}", out.stderr);
}

#[test]
fn pub_lines_no_reconnect_ends_with_8() {
    let mut broker = Mosquitto::start();
    let publisher = lines_publisher(&broker, "single", &["--no-reconnect"]);
    broker.stop();
    let out = publisher.finish().expect_code(8);
    assert!(out.stderr.contains("connection lost"), "{}", out.stderr);
    assert!(out.stderr.contains("lines were not confirmed"), "{}", out.stderr);
    assert!(!out.stderr.contains("reconnecting"), "{}", out.stderr);
}

#[test]
fn interrupted_pub_lines_say_how_many_were_not_confirmed() {
    let mut broker = Mosquitto::start();
    let mut publisher = lines_publisher(&broker, "stopped", &[]);
    broker.stop();
    publisher.write(b"three\n");
    publisher.signal("INT");
    let out = publisher.finish().expect_code(130);
    assert!(out.stderr.contains("mqtt: interrupted: "), "{}", out.stderr);
    assert!(out.stderr.contains("lines were not confirmed"), "{}", out.stderr);
}

#[test]
fn reconnect_options_need_a_run_that_reconnects() {
    for extra in [&["--no-reconnect"][..], &["--reconnect-limit", "3"]] {
        run(mqtt().args(["pub", "-t", "x", "-m", "y"]).args(extra), b"").expect_code(2);
    }
    run(mqtt().args(["sub", "-t", "x", "--no-reconnect", "--reconnect-limit", "3"]), b"")
        .expect_code(2);
}
