//! `mqtt pub` and `mqtt sub` against a real mosquitto, cross-checked with
//! mosquitto's own clients: what `mosquitto_pub` sends, `mqtt sub` prints,
//! and what `mqtt pub` sends, `mosquitto_sub` receives.

use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mosquitto_tool, mqtt_at, wait_for_log, wait_subscribed};
use crate::support::{mqtt, run, scrub, Background, MQTT};

/// Starts `mosquitto_sub -v -F` style capture of `count` messages and waits
/// for its SUBACK.
fn mosquitto_capture(
    broker: &Mosquitto,
    id: &str,
    filter: &str,
    count: u32,
    format: &str,
) -> Background {
    let sub = Background::start(mosquitto_tool(broker, "mosquitto_sub").args([
        "-V",
        "5",
        "-q",
        "2",
        "-i",
        id,
        "-t",
        filter,
        "-C",
        &count.to_string(),
        "-W",
        "30",
        "-F",
        format,
    ]));
    wait_subscribed(broker, id);
    sub
}

/// Starts `mqtt sub` with `args` and waits for its SUBACK.
fn mqtt_capture(broker: &Mosquitto, id: &str, args: &[&str]) -> Background {
    let sub = Background::start(mqtt_at(broker, "sub").args(["-i", id, "-W", "30"]).args(args));
    wait_subscribed(broker, id);
    sub
}

#[test]
fn pub_at_each_qos_reaches_mosquitto_sub() {
    let broker = Mosquitto::start();
    let sub = mosquitto_capture(&broker, "cap", "q/#", 3, "%t %q %p");
    for qos in ["0", "1", "2"] {
        run(
            mqtt_at(&broker, "pub").args(["-t", &format!("q/{qos}"), "-q", qos, "-m", "hello"]),
            b"",
        )
        .expect_code(0);
    }
    let out = sub.finish().expect_code(0);
    assert_eq!(out.stdout_text(), "q/0 0 hello\nq/1 1 hello\nq/2 2 hello\n");
}

#[test]
fn mosquitto_pub_reaches_mqtt_sub_as_mosquitto_sub_prints_it() {
    let broker = Mosquitto::start();
    let ours = mqtt_capture(&broker, "ours", &["-t", "m/#", "-v", "-C", "4"]);
    let theirs = Background::start(
        mosquitto_tool(&broker, "mosquitto_sub")
            .args(["-i", "theirs", "-t", "m/#", "-v", "-C", "4", "-W", "30"]),
    );
    wait_subscribed(&broker, "theirs");
    for args in [
        &["-t", "m/a", "-m", "one"][..],
        &["-t", "m/b", "-n"],
        &["-t", "m/c", "-m", "two words"],
        &["-t", "m/d", "-q", "1", "-m", "x"],
    ] {
        let status = mosquitto_tool(&broker, "mosquitto_pub").args(args).status().unwrap();
        assert!(status.success());
    }
    let ours = ours.finish().expect_code(0);
    let theirs = theirs.finish().expect_code(0);
    assert_eq!(ours.stdout_text(), "m/a one\nm/b (null)\nm/c two words\nm/d x\n");
    assert_eq!(ours.stdout, theirs.stdout);
}

#[test]
fn payload_sources_file_stdin_null_and_repeat() {
    let broker = Mosquitto::start();
    let sub = mosquitto_capture(&broker, "cap", "p/#", 6, "%t %l %x");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("payload.bin");
    std::fs::write(&file, b"\x00\x01\xfe\xff").unwrap();
    run(mqtt_at(&broker, "pub").args(["-t", "p/file", "-f"]).arg(&file), b"").expect_code(0);
    run(mqtt_at(&broker, "pub").args(["-t", "p/stdin", "-s"]), b"a\nb").expect_code(0);
    run(mqtt_at(&broker, "pub").args(["-t", "p/null", "-n"]), b"").expect_code(0);
    run(
        mqtt_at(&broker, "pub").args([
            "-t",
            "p/rep",
            "-m",
            "r",
            "--repeat",
            "3",
            "--repeat-delay",
            "10ms",
        ]),
        b"",
    )
    .expect_code(0);
    let out = sub.finish().expect_code(0);
    assert_eq!(
        out.stdout_text(),
        "p/file 4 0001feff\np/stdin 3 610a62\np/null 0 \np/rep 1 72\np/rep 1 72\np/rep 1 72\n"
    );
}

#[test]
fn stdin_lines_become_messages_like_mosquitto_pub_l() {
    let broker = Mosquitto::start();
    let input = b"first\r\n\nthird\nlast-without-newline";
    let sub = mosquitto_capture(&broker, "cap", "l/#", 8, "%t %x");
    run(mqtt_at(&broker, "pub").args(["-t", "l/ours", "-l", "-q", "1"]), input).expect_code(0);
    let status = mosquitto_tool(&broker, "mosquitto_pub")
        .args(["-t", "l/theirs", "-l", "-q", "1"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(input)?;
            child.wait()
        })
        .unwrap();
    assert!(status.success());
    let text = sub.finish().expect_code(0).stdout_text();
    let ours: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("l/ours ")).collect();
    let theirs: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("l/theirs ")).collect();
    assert_eq!(
        ours,
        ["66697273740d", "", "7468697264", "6c6173742d776974686f75742d6e65776c696e65"]
    );
    assert_eq!(ours, theirs, "mqtt pub -l and mosquitto_pub -l send the same messages");
    // Empty input: nothing to send, and no hang (mosquitto #676).
    run(mqtt_at(&broker, "pub").args(["-t", "l/empty", "-l", "-q", "1"]), b"").expect_code(0);
    wait_for_log(&broker, "disconnected.");
    assert!(!broker.log().contains("'l/empty'"), "{}", broker.log());
}

#[test]
fn many_qos1_and_qos2_lines_are_all_acknowledged() {
    let broker = Mosquitto::start();
    let lines: String = (0..3000).map(|n| format!("line {n}\n")).collect();
    for qos in ["1", "2"] {
        let sub =
            mqtt_capture(&broker, &format!("cap{qos}"), &["-t", "many", "-q", qos, "-C", "3000"]);
        run(
            mqtt_at(&broker, "pub").args(["-t", "many", "-l", "-q", qos, "-M", "50"]),
            lines.as_bytes(),
        )
        .expect_code(0);
        let out = sub.finish().expect_code(0);
        assert_eq!(out.stdout_text(), lines, "QoS {qos}: every line, in order");
    }
}

#[test]
fn retained_messages_skip_remove_and_retained_only() {
    let broker = Mosquitto::start();
    for (topic, text) in [("r/a", "A"), ("r/b", "B")] {
        run(mqtt_at(&broker, "pub").args(["-t", topic, "-m", text, "-r", "-q", "1"]), b"")
            .expect_code(0);
    }
    // --retained-only ends by itself once the retained burst is over.
    let out = run(mqtt_at(&broker, "sub").args(["-t", "r/#", "-v", "--retained-only"]), b"")
        .expect_code(0);
    let mut lines: Vec<String> = out.stdout_text().lines().map(str::to_owned).collect();
    lines.sort();
    assert_eq!(lines, ["r/a A", "r/b B"]);
    // -R prints nothing retained: with --idle-timeout it ends quietly.
    let out =
        run(mqtt_at(&broker, "sub").args(["-t", "r/#", "-R", "--idle-timeout", "300ms"]), b"")
            .expect_code(0);
    assert_eq!(out.stdout_text(), "");
    // --remove-retained clears them (and -R keeps them off stdout).
    run(
        mqtt_at(&broker, "sub").args(["-t", "r/#", "-R", "--remove-retained", "--retained-only"]),
        b"",
    )
    .expect_code(0);
    let out =
        run(mqtt_at(&broker, "sub").args(["-t", "r/#", "--retained-only"]), b"").expect_code(0);
    assert_eq!(out.stdout_text(), "", "no retained message is left");
}

#[test]
fn filter_out_unsubscribe_count_and_no_eol() {
    let broker = Mosquitto::start();
    let sub = mqtt_capture(&broker, "f", &["-t", "f/#", "-T", "f/secret/#", "-C", "2", "-N"]);
    for (topic, text) in [("f/secret/x", "hidden"), ("f/a", "1"), ("f/b", "2"), ("f/c", "3")] {
        run(mqtt_at(&broker, "pub").args(["-t", topic, "-m", text]), b"").expect_code(0);
    }
    assert_eq!(sub.finish().expect_code(0).stdout_text(), "12");

    // -c -E creates a session; -U removes its subscription again.
    run(
        mqtt_at(&broker, "sub")
            .args(["-i", "keep", "-c", "-q", "1", "-t", "u/a", "-t", "u/b", "-E"]),
        b"",
    )
    .expect_code(0);
    run(mqtt_at(&broker, "sub").args(["-i", "keep", "-c", "-U", "u/a", "-E"]), b"").expect_code(0);
    for topic in ["u/a", "u/b"] {
        run(mqtt_at(&broker, "pub").args(["-t", topic, "-q", "1", "-m", topic]), b"")
            .expect_code(0);
    }
    let out = run(
        mqtt_at(&broker, "sub").args(["-i", "keep", "-c", "-q", "1", "-t", "u/b", "-v", "-C", "1"]),
        b"",
    )
    .expect_code(0);
    assert_eq!(out.stdout_text(), "u/b u/b\n", "only u/b was queued for the session");
}

#[test]
fn connection_options_reach_the_broker() {
    let broker = Mosquitto::start();
    let port = broker.port().to_string();
    run(mqtt().args(["pub", "-L", &format!("mqtt://127.0.0.1:{port}/via/url"), "-m", "u"]), b"")
        .expect_code(0);
    wait_for_log(&broker, "'via/url'");
    run(
        mqtt_at(&broker, "pub")
            .args(["-i", "my-id", "-k", "30", "-V", "311", "-t", "x", "-m", "x"]),
        b"",
    )
    .expect_code(0);
    wait_for_log(&broker, "as my-id (p2, c1, k30)");
    run(mqtt_at(&broker, "pub").args(["-i", "old", "-V", "31", "-t", "x", "-m", "x"]), b"")
        .expect_code(0);
    wait_for_log(&broker, "as old (p1, c1, k60)");
    run(mqtt_at(&broker, "sub").args(["-I", "pre-", "-c", "-x", "60", "-t", "x", "-E"]), b"")
        .expect_code(0);
    wait_for_log(&broker, "as pre-");
    assert!(broker.log().contains(", c0, k60)"), "{}", broker.log());
}

#[test]
fn mqtt5_subscription_options() {
    let broker = Mosquitto::start();
    run(mqtt_at(&broker, "pub").args(["-t", "o/kept", "-r", "-q", "1", "-m", "old"]), b"")
        .expect_code(0);
    let never = run(
        mqtt_at(&broker, "sub").args([
            "-t",
            "o/#",
            "--retain-handling",
            "never",
            "--idle-timeout",
            "300ms",
        ]),
        b"",
    )
    .expect_code(0);
    assert_eq!(never.stdout_text(), "", "retain-handling never: no retained message");
    let always = run(
        mqtt_at(&broker, "sub").args([
            "-t",
            "o/#",
            "--retain-handling",
            "always",
            "-C",
            "1",
            "-W",
            "10",
        ]),
        b"",
    )
    .expect_code(0);
    assert_eq!(always.stdout_text(), "old\n");
    // The options travel in the SUBSCRIBE packet, as the trace shows.
    let traced = run(
        mqtt_at(&broker, "sub").args([
            "-d",
            "-t",
            "o/x",
            "--no-local",
            "--retain-as-published",
            "-E",
        ]),
        b"",
    )
    .expect_code(0);
    assert!(traced.stderr.contains("no local"), "{}", traced.stderr);
    assert!(traced.stderr.contains("retain as published"), "{}", traced.stderr);
}

/// On a terminal a payload cannot drive the terminal; into a pipe the bytes
/// are unchanged.
#[test]
fn a_terminal_gets_escaped_control_characters_and_a_pipe_gets_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let broker = Mosquitto::start();
    run(
        mqtt_at(&broker, "pub")
            .args(["-t", "t/x", "-r", "-q", "1", "-m"])
            .arg(OsStr::from_bytes(b"\x1b[2Jgotcha")),
        b"",
    )
    .expect_code(0);
    let piped = run(mqtt_at(&broker, "sub").args(["-t", "t/x", "-C", "1"]), b"").expect_code(0);
    assert_eq!(piped.stdout, b"\x1b[2Jgotcha\n");
    // `script` runs the command on a pseudo-terminal.
    let command = format!("{} sub -h 127.0.0.1 -p {} -t t/x -C 1", MQTT, broker.port());
    let on_terminal = run(
        scrub(&mut std::process::Command::new("script")).args(["-qec", &command, "/dev/null"]),
        b"",
    );
    assert_eq!(on_terminal.code(), 0, "{}", on_terminal.stderr);
    let shown = on_terminal.stdout_text();
    assert!(shown.contains("\\u{1b}[2Jgotcha"), "{shown:?}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}

/// Whole-second fields round a fraction up: `-k 0.5` is a keep-alive of
/// 1 s on the wire, never 0 (which would turn keep-alive off).
#[test]
fn a_fractional_keep_alive_rounds_up() {
    let broker = Mosquitto::start();
    run(mqtt_at(&broker, "pub").args(["-i", "half", "-k", "0.5", "-t", "x", "-m", "x"]), b"")
        .expect_code(0);
    wait_for_log(&broker, "as half (p5, c1, k1)");
}
