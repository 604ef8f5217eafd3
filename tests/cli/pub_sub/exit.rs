//! Exit codes and error messages of `mqtt pub`/`mqtt sub` (docs/exit-codes.md):
//! each code is produced by a real broker refusing, timing out or going
//! away, except the MQTT 5 refusal, which mosquitto 2 never sends and a
//! scripted peer provides.

use std::io::{Read, Write};
use std::net::TcpListener;

use mqtt_test_support::{free_port, Mosquitto};

use crate::support::pubsub::{mqtt_at, wait_for_log, wait_subscribed};
use crate::support::{mqtt, run, scrub, wait_bounded, Background, MQTT, PROCESS_LIMIT};

/// A broker with user `alice`/`secret`, an ACL that lets her write only
/// `open/#` and read only `open/#`.
fn guarded_broker(dir: &std::path::Path) -> Mosquitto {
    let passwords = dir.join("passwd");
    let status = std::process::Command::new("mosquitto_passwd")
        .args(["-b", "-c"])
        .arg(&passwords)
        .args(["alice", "secret"])
        .status()
        .expect("run mosquitto_passwd");
    assert!(status.success());
    let acl = dir.join("acl");
    std::fs::write(&acl, "user alice\ntopic readwrite open/#\n").unwrap();
    Mosquitto::builder()
        .password_file(&passwords)
        .config(format!("acl_file {}", acl.display()))
        .start()
}

#[test]
fn unreachable_broker_is_3() {
    let port = free_port().to_string();
    let out = run(mqtt().args(["pub", "-h", "127.0.0.1", "-p", &port, "-t", "a", "-m", "x"]), b"")
        .expect_code(3);
    assert!(out.stderr.contains(&format!("127.0.0.1:{port}")), "{}", out.stderr);
}

#[test]
fn bad_credentials_are_5_on_every_version() {
    let dir = tempfile::tempdir().unwrap();
    let broker = guarded_broker(dir.path());
    for version in ["5", "311"] {
        let out = run(
            mqtt_at(&broker, "pub")
                .args(["-V", version, "-u", "alice", "-P", "wrong", "-t", "open/a", "-m", "x"]),
            b"",
        )
        .expect_code(5);
        assert!(out.stderr.contains("refused the connection"), "{}", out.stderr);
        assert!(!out.stderr.contains("wrong"), "the password is never shown: {}", out.stderr);
    }
    // The right password, from each source.
    run(
        mqtt_at(&broker, "pub").args(["-u", "alice", "-P", "secret", "-t", "open/a", "-m", "x"]),
        b"",
    )
    .expect_code(0);
    run(
        mqtt_at(&broker, "pub")
            .args(["-u", "alice", "-t", "open/a", "-m", "x"])
            .env("MQTT_PASSWORD", "secret"),
        b"",
    )
    .expect_code(0);
    let file = dir.path().join("pw");
    std::fs::write(&file, "secret\n").unwrap();
    run(
        mqtt_at(&broker, "pub")
            .args(["-u", "alice", "--password-file"])
            .arg(&file)
            .args(["-t", "open/a", "-m", "x"]),
        b"",
    )
    .expect_code(0);
    // -P without a value prompts on the terminal (`script` provides one).
    let command =
        format!("{} pub -h 127.0.0.1 -p {} -u alice -P -t open/prompt -m x", MQTT, broker.port());
    let prompted = run(
        scrub(&mut std::process::Command::new("script")).args(["-qec", &command, "/dev/null"]),
        b"secret\n",
    );
    assert_eq!(prompted.code(), 0, "{}{}", prompted.stdout_text(), prompted.stderr);
    assert!(prompted.stdout_text().contains("Password:"), "{}", prompted.stdout_text());
    let url = format!("mqtt://alice:secret@127.0.0.1:{}/open/url", broker.port());
    run(mqtt().args(["pub", "-L", &url, "-m", "x"]), b"").expect_code(0);
}

#[test]
fn rejected_publishes_are_7_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let broker = guarded_broker(dir.path());
    let out = run(
        mqtt_at(&broker, "pub").args([
            "-u", "alice", "-P", "secret", "-t", "closed/a", "-q", "1", "-m", "x", "--repeat", "3",
        ]),
        b"",
    )
    .expect_code(7);
    assert!(
        out.stderr.contains("3 of 3 messages were not delivered: 3 rejected"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("0x87"), "{}", out.stderr);
    // A mix: accepted lines and rejected lines in one stream.
    let out = run(
        mqtt_at(&broker, "pub").args(["-u", "alice", "-P", "secret", "--json-lines", "-q", "1"]),
        b"{\"topic\":\"open/x\",\"payload\":\"ok\"}\n{\"topic\":\"closed/x\",\"payload\":\"no\"}\n",
    )
    .expect_code(7);
    assert!(out.stderr.contains("1 of 2 messages were not delivered"), "{}", out.stderr);
}

#[test]
fn oversized_publish_refused_with_a_code_not_listed_for_puback_is_7() {
    // mosquitto 2.0 answers a QoS 1 PUBLISH over `message_size_limit` with
    // PUBACK 0x95 Packet too large, which MQTT 5 does not list for PUBACK:
    // a refusal by name, not a malformed packet.
    let broker = Mosquitto::builder().config("message_size_limit 10").start();
    let long = "x".repeat(100);
    let out = run(
        mqtt_at(&broker, "pub").args(["-d", "-V", "5", "-q", "1", "-t", "big", "-m", &long]),
        b"",
    )
    .expect_code(7);
    assert!(
        out.stderr
            .contains("1 of 1 messages were not delivered: 1 rejected (Packet too large (0x95))"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "received PUBACK (id 1, 0x95 Packet too large; not a PUBACK reason code in MQTT 5)"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.to_lowercase().contains("malformed"), "{}", out.stderr);
    // Within the limit it is delivered.
    run(mqtt_at(&broker, "pub").args(["-V", "5", "-q", "1", "-t", "big", "-m", "small"]), b"")
        .expect_code(0);
}

#[test]
fn refused_subscription_is_6_naming_the_filter() {
    // mosquitto's acl_file only filters deliveries; the dynamic security
    // plugin refuses the SUBSCRIBE itself.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("dynsec.json");
    std::fs::write(
        &config,
        r#"{"defaultACLAccess": {"publishClientSend": true, "publishClientReceive": true, "subscribe": true, "unsubscribe": true},
            "clients": [], "anonymousGroup": "anon",
            "groups": [{"groupname": "anon", "roles": [{"rolename": "limited"}], "clients": []}],
            "roles": [{"rolename": "limited", "acls": [{"acltype": "subscribePattern", "topic": "closed/#", "priority": 0, "allow": false}]}]}"#,
    )
    .unwrap();
    let broker = Mosquitto::builder()
        .config("plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so")
        .config(format!("plugin_opt_config_file {}", config.display()))
        .start();
    let out =
        run(mqtt_at(&broker, "sub").args(["-t", "open/#", "-t", "closed/#", "-W", "10"]), b"")
            .expect_code(6);
    assert!(out.stderr.contains("\"closed/#\": Not authorized (0x87)"), "{}", out.stderr);
    assert!(!out.stderr.contains("\"open/#\""), "{}", out.stderr);
}

#[test]
fn timeouts_27_idle_0_and_short_count_27() {
    let broker = Mosquitto::start();
    run(mqtt_at(&broker, "sub").args(["-t", "quiet", "-W", "300ms"]), b"").expect_code(27);
    run(mqtt_at(&broker, "sub").args(["-t", "quiet", "--idle-timeout", "300ms"]), b"")
        .expect_code(0);
    run(mqtt_at(&broker, "sub").args(["-t", "quiet", "--idle-timeout", "300ms", "-C", "2"]), b"")
        .expect_code(27);
    // --retained-only on an empty tree ends too (mosquitto_sub hangs there).
    run(mqtt_at(&broker, "sub").args(["-t", "nothing/#", "--retained-only"]), b"").expect_code(0);
}

#[test]
fn ctrl_c_disconnects_cleanly_and_exits_130() {
    let broker = Mosquitto::start();
    let sub =
        Background::start(mqtt_at(&broker, "sub").args(["-i", "stopme", "-t", "x", "-W", "60"]));
    wait_subscribed(&broker, "stopme");
    sub.signal("INT");
    sub.finish().expect_code(130);
    wait_for_log(&broker, "Client stopme disconnected.");
}

#[test]
fn closed_stdout_is_success() {
    use std::io::BufRead;
    use std::process::Stdio;
    let broker = Mosquitto::start();
    let mut child = mqtt_at(&broker, "sub")
        .args(["-i", "piped", "-t", "x", "-W", "60"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_subscribed(&broker, "piped");
    let lines: String = (0..2000).map(|n| format!("{n}\n")).collect();
    run(mqtt_at(&broker, "pub").args(["-t", "x", "-l"]), lines.as_bytes()).expect_code(0);
    // Read one line and close the pipe, as `| head -n1` does.
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first, "0\n");
    run(mqtt_at(&broker, "pub").args(["-t", "x", "-l"]), lines.as_bytes()).expect_code(0);
    let status = wait_bounded(&mut child, PROCESS_LIMIT);
    assert_eq!(status.code(), Some(0));
}

/// A peer that answers any CONNECT like a 3.1.1-only broker answers MQTT 5:
/// CONNACK with return code 1 (unacceptable protocol version).
fn v311_only_peer() -> (u16, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let thread = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buffer = [0u8; 512];
        let _ = stream.read(&mut buffer);
        let _ = stream.write_all(&[0x20, 0x02, 0x00, 0x01]);
        let _ = stream.read(&mut buffer);
    });
    (port, thread)
}

#[test]
fn broker_refusing_mqtt5_is_4_with_a_hint() {
    let (port, peer) = v311_only_peer();
    let out = run(
        mqtt().args(["pub", "-h", "127.0.0.1", "-p", &port.to_string(), "-t", "a", "-m", "x"]),
        b"",
    )
    .expect_code(4);
    assert!(out.stderr.contains("Unsupported Protocol Version (0x84)"), "{}", out.stderr);
    assert!(out.stderr.contains("does not speak MQTT 5: try -V 311"), "{}", out.stderr);
    peer.join().unwrap();
}

#[test]
fn a_lost_connection_ends_a_fixed_publish_with_8() {
    let mut broker = Mosquitto::start();
    let publisher = Background::start(mqtt_at(&broker, "pub").args([
        "-i",
        "endless",
        "-t",
        "x",
        "-m",
        "y",
        "--repeat",
        "1000000",
        "--repeat-delay",
        "10ms",
    ]));
    wait_for_log(&broker, "Received PUBLISH from endless");
    broker.stop();
    let out = publisher.finish().expect_code(8);
    assert!(out.stderr.contains("connection lost"), "{}", out.stderr);
}

/// A closed or full stderr drops diagnostics; the exit code is the one the
/// work earned (a panic, 101, before).
#[test]
fn closed_or_full_stderr_keeps_the_exit_code() {
    use std::io::BufRead;
    use std::process::Stdio;
    let full = || std::fs::File::create("/dev/full").unwrap();
    let port = free_port().to_string();
    let status = mqtt()
        .args(["pub", "-p", &port, "-t", "x", "-m", "y"])
        .stdin(Stdio::null())
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3), "unreachable broker, stderr full");

    // `mqtt sub -d … |& grep -m1 SUBACK`: the reader goes away after one line.
    let broker = Mosquitto::start();
    let mut child = mqtt_at(&broker, "sub")
        .args(["-i", "traced", "-t", "x", "-d", "-C", "1", "-W", "60"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("SUBACK") {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "no SUBACK line");
    }
    drop(stderr);
    run(mqtt_at(&broker, "pub").args(["-t", "x", "-m", "one"]), b"").expect_code(0);
    let status = wait_bounded(&mut child, PROCESS_LIMIT);
    assert_eq!(status.code(), Some(0), "-C 1 reached with stderr closed");
}
