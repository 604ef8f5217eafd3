//! `mqtt pub` and `mqtt sub` refuse bad input before connecting: each case
//! points at a port where nothing listens, so reaching the network would
//! show up as exit 3 instead of the usage error (2) expected.

use crate::support::{mqtt, run};

/// A loopback port with no listener (bound, then released).
fn dead_port() -> String {
    mqtt_test_support::free_port().to_string()
}

fn usage_error(args: &[&str], expected: &str) {
    let port = dead_port();
    let outcome = run(mqtt().args(args).args(["-h", "127.0.0.1", "-p", &port]), b"").expect_code(2);
    assert!(outcome.stderr.contains(expected), "stderr lacks {expected:?}:\n{}", outcome.stderr);
    assert!(outcome.stdout.is_empty(), "stdout: {}", outcome.stdout_text());
}

#[test]
fn pub_refuses_wildcards_in_the_topic() {
    usage_error(&["pub", "-t", "a/+/c", "-m", "x"], "contains the wildcard '+' at byte 2");
    usage_error(&["pub", "-t", "a/#", "-m", "x"], "contains the wildcard '#'");
}

#[test]
fn pub_refuses_empty_and_oversized_topics() {
    usage_error(&["pub", "-t", "", "-m", "x"], "is empty; a PUBLISH needs a topic name");
    let long = "t".repeat(65_536);
    usage_error(&["pub", "-t", &long, "-m", "x"], "65536 bytes is longer than 65535 bytes");
}

#[test]
fn pub_refuses_topics_that_are_not_utf8() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let port = dead_port();
    let outcome = run(
        mqtt()
            .args(["pub", "-h", "127.0.0.1", "-p", &port, "-m", "x", "-t"])
            .arg(OsStr::from_bytes(b"caf\xe9")),
        b"",
    )
    .expect_code(2);
    assert!(
        outcome.stderr.contains("not valid UTF-8 (bad byte at offset 3)"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn pub_needs_exactly_one_payload_source() {
    usage_error(&["pub", "-t", "a"], "required arguments were not provided");
    usage_error(&["pub", "-t", "a", "-m", "x", "-n"], "cannot be used with");
    usage_error(&["pub", "-t", "a", "-f", "/nonexistent/payload"], "/nonexistent/payload");
}

#[test]
fn sub_refuses_malformed_filters() {
    usage_error(&["sub", "-t", "a/#/b"], "'#' at byte 2 must be the whole last level");
    usage_error(&["sub", "-t", "a", "-T", "x+"], "'+' at byte 1 must be a whole level");
    usage_error(&["sub"], "no topic filter");
    usage_error(
        &["sub", "-t", "a", "-V", "311", "--retain-handling", "never"],
        "MQTT 5 subscription option",
    );
}

#[test]
fn bad_properties_and_durations_are_usage_errors() {
    usage_error(
        &["pub", "-t", "a", "-m", "x", "-D", "publish", "no-such-property", "1"],
        "no-such-property",
    );
    usage_error(&["sub", "-t", "a", "-W", "soon"], "not a duration");
    usage_error(&["pub", "-t", "a", "-m", "x", "-V", "311", "--user-property", "k=v"], "-V 5");
}

#[test]
fn help_is_long_only_because_h_is_the_host() {
    let outcome = run(mqtt().args(["sub", "--help"]), b"").expect_code(0);
    assert!(outcome.stdout_text().contains("--idle-timeout"));
    let outcome = run(mqtt().args(["pub", "--help"]), b"").expect_code(0);
    assert!(outcome.stdout_text().contains("-h, --host <HOST>"));
}
