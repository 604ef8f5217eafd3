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

/// Every duration option, in every subcommand that has it: a number too
/// large for any timer is a usage error naming the range, never a panic.
#[test]
fn every_duration_option_refuses_huge_values_with_the_range() {
    let options: &[&[&str]] = &[
        &["sub", "-t", "x", "-W"],
        &["sub", "-t", "x", "--idle-timeout"],
        &["sub", "-t", "x", "--retained-wait"],
        &["sub", "-t", "x", "-k"],
        &["pub", "-t", "x", "-m", "y", "-k"],
        &["pub", "-t", "x", "-m", "y", "--repeat-delay"],
        &["pub", "-t", "x", "-m", "y", "--message-expiry"],
        &["pub", "-t", "x", "-m", "y", "--will-topic", "w", "--will-delay"],
        &["pub", "-t", "x", "-m", "y", "-x"],
        &["bench", "--duration"],
        &["bench", "--warmup"],
        &["bench", "--drain"],
        &["inspect", "--timeout"],
    ];
    for option in options {
        for value in ["1e30", "99999999999999999999", "4294967296"] {
            let outcome = run(mqtt().args(*option).arg(value), b"");
            let context = format!("{option:?} {value}: {}", outcome.stderr);
            assert_eq!(outcome.code(), 2, "{context}");
            assert!(outcome.stderr.contains("out of range"), "{context}");
            assert!(!outcome.stderr.contains("panicked"), "{context}");
        }
    }
}

/// Every option that takes a topic refuses control characters before
/// connecting (mosquitto would drop the connection, losing a QoS 0 publish).
#[test]
fn every_topic_option_refuses_control_characters() {
    for bad in ["a\u{1}b", "x\u{1b}[31m", "a\u{7f}", "a\u{85}b"] {
        usage_error(&["pub", "-m", "x", "-t", bad], "control character U+");
        usage_error(&["sub", "-t", bad], "control character U+");
        usage_error(&["sub", "-t", "ok", "-T", bad], "control character U+");
        usage_error(&["pub", "-t", "ok", "-m", "x", "--will-topic", bad], "control character U+");
        usage_error(
            &["pub", "-t", "ok", "-m", "x", "--response-topic", bad],
            "control character U+",
        );
        usage_error(&["bench", "-t", bad], "control character U+");
    }
}

/// `-c` without a fixed client id would leave a session nobody can resume.
#[test]
fn a_kept_session_needs_a_client_id() {
    usage_error(&["sub", "-c", "-t", "x"], "add -i ID");
    usage_error(&["pub", "-c", "-t", "x", "-m", "y"], "add -i ID");
    usage_error(&["sub", "-c", "-I", "pre-", "-t", "x"], "add -i ID");
    // With an id (or a finite expiry) it goes on to connect: exit 3 here.
    let port = dead_port();
    for ok in [
        &["-i", "me", "-c"][..],
        &["-I", "pre-", "-c", "-x", "60"],
        &["-i", "me", "-c", "-x", "-1"],
    ] {
        let outcome = run(mqtt().args(["sub", "-t", "x", "-p", &port]).args(ok), b"");
        assert_eq!(outcome.code(), 3, "{ok:?}: {}", outcome.stderr);
    }
}

#[test]
fn port_zero_empty_host_and_unusable_tls_files_are_usage_errors() {
    let outcome = run(mqtt().args(["pub", "-t", "x", "-m", "y", "-p", "0"]), b"").expect_code(2);
    assert!(outcome.stderr.contains("-p 0: ports go from 1 to 65535"), "{}", outcome.stderr);
    let outcome = run(mqtt().args(["pub", "-t", "x", "-m", "y", "-h", ""]), b"").expect_code(2);
    assert!(outcome.stderr.contains("-h: the host name is empty"), "{}", outcome.stderr);
    let dir = tempfile::tempdir().unwrap();
    let not_a_certificate = dir.path().join("ca.pem");
    std::fs::write(&not_a_certificate, "not a certificate\n").unwrap();
    let ca = not_a_certificate.to_str().unwrap();
    usage_error(&["pub", "-t", "x", "-m", "y", "--cafile", ca], "no certificate found");
    usage_error(&["pub", "-t", "x", "-m", "y", "--cafile", "/nonexistent/ca.pem"], "--cafile");
}

/// A file larger than any PUBLISH is refused from its size, before reading.
#[test]
fn pub_refuses_a_file_too_large_for_a_publish_before_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.bin");
    std::fs::File::create(&big).unwrap().set_len(300 << 20).unwrap();
    usage_error(
        &["pub", "-t", "x", "-f", big.to_str().unwrap()],
        "the message is 314572800 bytes; MQTT packets carry at most",
    );
}

#[test]
fn help_is_there_for_every_subcommand_and_h_alone_says_it_is_the_host() {
    for args in [&["bench", "merge", "--help"][..], &["bench", "merge", "-h"], &["help", "pub"]] {
        let outcome = run(mqtt().args(args), b"").expect_code(0);
        assert!(outcome.stdout_text().contains("Usage: mqtt"), "{args:?}");
    }
    for subcommand in ["pub", "sub", "bench", "inspect", "passwd", "config"] {
        run(mqtt().args([subcommand, "--help"]), b"").expect_code(0);
    }
    let outcome = run(mqtt().args(["pub", "-h"]), b"").expect_code(2);
    assert!(outcome.stderr.contains("-h is the broker host here"), "{}", outcome.stderr);
}

/// `-P` without a value on a process with no terminal: a usage error.
#[test]
fn a_password_prompt_without_a_terminal_is_a_usage_error() {
    let port = dead_port();
    let mut command = std::process::Command::new("setsid");
    crate::support::scrub(&mut command);
    command.args(["-w", crate::support::MQTT, "pub", "-t", "x", "-m", "y", "-p", &port, "-P"]);
    let outcome = run(&mut command, b"").expect_code(2);
    assert!(outcome.stderr.contains("there is none; use MQTT_PASSWORD"), "{}", outcome.stderr);
}

#[test]
fn misspelt_operators_and_half_user_properties_are_named() {
    let outcome = run(mqtt().args(["bench", "--fail-if", "p99 =< 5ms"]), b"").expect_code(2);
    assert!(outcome.stderr.contains("`=<` is not an operator"), "{}", outcome.stderr);
    usage_error(
        &["pub", "-t", "x", "-m", "y", "-D", "publish", "user-property", "k"],
        "expected COMMAND user-property KEY VALUE",
    );
}
