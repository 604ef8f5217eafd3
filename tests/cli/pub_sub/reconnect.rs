//! Bounded waits and giving up: `--connect-timeout`, `sub -W` while
//! connecting, `--no-reconnect` and `--reconnect-limit` against a broker
//! that stops.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::support::{mqtt, run};

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
