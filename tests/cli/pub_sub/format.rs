//! Output fidelity: `mqtt sub -F` is byte-identical to `mosquitto_sub -F`
//! for the same messages and template; MQTT 5 properties set with our
//! flags arrive as mosquitto reads them; and `mqtt sub --json | mqtt pub
//! --json-lines` reproduces a capture exactly.

use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mosquitto_tool, mqtt_at, wait_for_log, wait_subscribed};
use crate::support::{run, Background, Outcome};

/// Templates without time or per-subscriber values (packet ids, expiry).
const TEMPLATES: &[&str] = &[
    "%t %p",
    "%x|%X|%l",
    "%q %r",
    "%10t|%-12p|%05l|%8.3t",
    "%C|%R|%D|%F|%P",
    "\\t%t\\\\%%@@\\e",
    "%j",
    "%J",
];

/// Publishes the fixture messages with mosquitto_pub (MQTT 5).
fn publish_fixtures(broker: &Mosquitto, dir: &std::path::Path) -> usize {
    let binary = dir.join("binary");
    std::fs::write(&binary, b"ab\x00cd\xff\n\x1b[31m").unwrap();
    let binary = binary.to_str().unwrap().to_owned();
    let fixtures: Vec<Vec<&str>> = vec![
        vec!["-t", "fmt/a", "-m", "hello"],
        vec!["-t", "fmt/b", "-f", &binary],
        vec!["-t", "fmt/c", "-n"],
        vec![
            "-t",
            "fmt/d",
            "-m",
            "{\"k\":[1,2.5,\"x\"]}",
            // Properties in the order mqtt pub sends them.
            "-D",
            "publish",
            "payload-format-indicator",
            "1",
            "-D",
            "publish",
            "response-topic",
            "resp/t",
            "-D",
            "publish",
            "correlation-data",
            "corr",
            "-D",
            "publish",
            "content-type",
            "application/json",
            "-D",
            "publish",
            "user-property",
            "a",
            "1",
            "-D",
            "publish",
            "user-property",
            "a",
            "2",
        ],
        vec![
            "-t",
            "fmt/foreign",
            "-m",
            "order",
            // An order of another publisher's choosing: user properties
            // around the others, expiry in the middle, the format last.
            "-D",
            "publish",
            "user-property",
            "z",
            "first",
            "-D",
            "publish",
            "content-type",
            "text/plain",
            "-D",
            "publish",
            "message-expiry-interval",
            "3600",
            "-D",
            "publish",
            "user-property",
            "y",
            "second",
            "-D",
            "publish",
            "response-topic",
            "resp/foreign",
            "-D",
            "publish",
            "payload-format-indicator",
            "1",
        ],
        vec!["-t", "fmt/e", "-q", "1", "-r", "-m", "retained"],
        vec!["-t", "fmt/with space", "-q", "2", "-m", "x y"],
    ];
    for args in &fixtures {
        let status =
            mosquitto_tool(broker, "mosquitto_pub").arg("-V").arg("5").args(args).status().unwrap();
        assert!(status.success(), "mosquitto_pub {args:?}");
    }
    // The same kind of message from mqtt pub, with the plain property flags.
    // QoS 2 like the one before it: mosquitto_sub hands a QoS 2 message to
    // its printer only at PUBREL, so a QoS 1 message right after one could
    // overtake it there (mqtt sub prints on arrival).
    run(
        mqtt_at(broker, "pub").args([
            "-t",
            "fmt/ours",
            "-q",
            "2",
            "-m",
            "{\"ours\":true}",
            "--payload-format",
            "utf8",
            "--content-type",
            "application/json",
            "--response-topic",
            "resp/ours",
            "--correlation-data",
            "c\u{1}d",
            "--user-property",
            "b=2",
            "--user-property",
            "b=3",
        ]),
        b"",
    )
    .expect_code(0);
    fixtures.len() + 1
}

/// `"tst":"…",` differs between two subscribers; everything else must not.
fn without_timestamps(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut rest: &str = &text;
    while let Some(at) = rest.find("\"tst\":\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 7..];
        let end = after.find("\",").map(|e| e + 2).unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

#[test]
fn format_output_is_byte_identical_to_mosquitto_sub() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let count = "8";
    let mut pairs: Vec<(&str, Background, Background)> = Vec::new();
    for (index, template) in TEMPLATES.iter().enumerate() {
        let theirs_id = format!("theirs{index}");
        let ours_id = format!("ours{index}");
        let theirs = Background::start(mosquitto_tool(&broker, "mosquitto_sub").args([
            "-V", "5", "-q", "2", "-i", &theirs_id, "-t", "fmt/#", "-C", count, "-W", "30", "-F",
            template,
        ]));
        let ours = Background::start(mqtt_at(&broker, "sub").args([
            "-q", "2", "-i", &ours_id, "-t", "fmt/#", "-C", count, "-W", "30", "-F", template,
        ]));
        wait_subscribed(&broker, &theirs_id);
        wait_subscribed(&broker, &ours_id);
        pairs.push((template, theirs, ours));
    }
    publish_fixtures(&broker, dir.path());
    for (template, theirs, ours) in pairs {
        let theirs: Outcome = theirs.finish().expect_code(0);
        let ours: Outcome = ours.finish().expect_code(0);
        assert!(!theirs.stdout.is_empty(), "{template}: mosquitto_sub printed nothing");
        assert_eq!(
            without_timestamps(&ours.stdout),
            without_timestamps(&theirs.stdout),
            "-F {template:?}\nours:   {:?}\ntheirs: {:?}",
            ours.stdout_text(),
            theirs.stdout_text()
        );
    }
}

#[test]
fn property_flags_arrive_as_mosquitto_reads_them() {
    let broker = Mosquitto::start();
    let sub = Background::start(mosquitto_tool(&broker, "mosquitto_sub").args([
        "-V",
        "5",
        "-i",
        "props",
        "-t",
        "props/#",
        "-C",
        "2",
        "-W",
        "30",
        "-F",
        "%t|%C|%R|%D|%F|%P|%E",
    ]));
    wait_subscribed(&broker, "props");
    run(
        mqtt_at(&broker, "pub").args([
            "-t",
            "props/flags",
            "-m",
            "x",
            "--user-property",
            "k=v",
            "--user-property",
            "k=w",
            "--content-type",
            "text/plain",
            "--response-topic",
            "reply/here",
            "--correlation-data",
            "id-1",
            "--message-expiry",
            "10m",
            "--payload-format",
            "utf8",
        ]),
        b"",
    )
    .expect_code(0);
    run(
        mqtt_at(&broker, "pub").args([
            "-t",
            "props/dash-d",
            "-m",
            "x",
            "-D",
            "publish",
            "user-property",
            "k",
            "v",
            "-D",
            "publish",
            "content-type",
            "text/plain",
            "-D",
            "publish",
            "message-expiry-interval",
            "600",
        ]),
        b"",
    )
    .expect_code(0);
    let text = sub.finish().expect_code(0).stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let (flags, expiry) = lines[0].rsplit_once('|').unwrap();
    assert_eq!(flags, "props/flags|text/plain|reply/here|id-1|1|k:v k:w");
    let expiry: u32 = expiry.parse().unwrap();
    assert!((590..=600).contains(&expiry), "message expiry {expiry}");
    assert!(lines[1].starts_with("props/dash-d|text/plain|||"), "{}", lines[1]);
    assert!(lines[1].contains("|k:v|"), "{}", lines[1]);
}

/// A JSON line with the members that differ between two captures removed.
fn stable(line: &str) -> serde_json::Value {
    let mut value: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let object = value.as_object_mut().expect("an object per line");
    for volatile in ["timestamp", "packet_id", "dup"] {
        object.remove(volatile);
    }
    value
}

fn sorted_capture(out: &Outcome) -> Vec<String> {
    let mut lines: Vec<String> = out.stdout_text().lines().map(|l| stable(l).to_string()).collect();
    lines.sort();
    lines
}

#[test]
fn json_capture_replays_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let first = Mosquitto::start();
    let capture_args =
        ["--json", "--retain-as-published", "-q", "2", "-t", "rt/#", "-C", "7", "-W", "30"];
    let capture = Background::start(mqtt_at(&first, "sub").args(["-i", "cap1"]).args(capture_args));
    wait_subscribed(&first, "cap1");
    let all_bytes = dir.path().join("all-bytes");
    std::fs::write(&all_bytes, (0..=255u8).collect::<Vec<u8>>()).unwrap();
    let all_bytes = all_bytes.to_str().unwrap().to_owned();
    let ours: [&[&str]; 6] = [
        &["-t", "rt/a", "-q", "1", "-r", "-m", "retained text"],
        &[
            "-t",
            "rt/b",
            "-q",
            "2",
            "--content-type",
            "x/y",
            "--user-property",
            "k=1",
            "--user-property",
            "k=1",
            "-f",
            &all_bytes,
        ],
        &["-t", "rt/c", "-n"],
        &[
            "-t",
            "rt/d",
            "-m",
            "{\"j\":1}",
            "--correlation-data",
            "c",
            "--response-topic",
            "r/t",
            "--payload-format",
            "utf8",
        ],
        &["-t", "rt/e", "-q", "1", "-r", "-n"],
        &["-t", "rt/f", "-q", "2", "-r", "-m", "\u{1b}[31m red \u{7f}"],
    ];
    for args in ours {
        run(mqtt_at(&first, "pub").args(args), b"").expect_code(0);
    }
    let status = mosquitto_tool(&first, "mosquitto_pub")
        .args(["-V", "5", "-t", "rt/g", "-m", "plain", "-D", "publish", "user-property", "u", "v"])
        .status()
        .unwrap();
    assert!(status.success());
    let recorded = capture.finish().expect_code(0);
    assert_eq!(recorded.stdout_text().lines().count(), 7, "{}", recorded.stdout_text());

    let second = Mosquitto::start();
    let replayed =
        Background::start(mqtt_at(&second, "sub").args(["-i", "cap2"]).args(capture_args));
    wait_subscribed(&second, "cap2");
    run(mqtt_at(&second, "pub").arg("--json-lines"), &recorded.stdout).expect_code(0);
    let replayed = replayed.finish().expect_code(0);
    assert_eq!(sorted_capture(&replayed), sorted_capture(&recorded));
}

#[test]
fn a_bad_json_line_stops_the_replay_naming_the_line() {
    let broker = Mosquitto::start();
    let input =
        b"{\"topic\":\"j/ok\",\"payload\":\"fine\",\"qos\":1}\n\n{\"topic\":\"j/bad\",\"qos\":7}\n";
    let out = run(mqtt_at(&broker, "pub").arg("--json-lines"), input).expect_code(2);
    assert!(out.stderr.contains("standard input line 3: field `qos`"), "{}", out.stderr);
    assert!(out.stderr.contains("the 1 message(s) before it were sent"), "{}", out.stderr);
    // The line before it was sent and acknowledged.
    wait_for_log(&broker, "'j/ok'");
    assert!(!broker.log().contains("'j/bad'"));
}

/// `--skip-invalid` goes on past bad lines and counts them; members of a
/// newer schema are ignored; `-t` fills in a line without a topic.
#[test]
fn replay_skips_bad_lines_on_request_ignores_new_members_and_fills_in_the_topic() {
    let broker = Mosquitto::start();
    let sub = Background::start(
        mqtt_at(&broker, "sub").args(["-i", "replayed", "-t", "r/#", "-v", "-C", "3"]),
    );
    wait_subscribed(&broker, "replayed");
    let input = concat!(
        "{\"topic\":\"r/one\",\"payload\":\"1\",\"added_in_a_later_version\":true}\n",
        "{\"topic\":\"r/bad\",\"qos\":7}\n",
        "not json\n",
        "{\"topic\":\"r/two\",\"payload\":\"2\"}\n",
    );
    let out =
        run(mqtt_at(&broker, "pub").args(["--json-lines", "--skip-invalid"]), input.as_bytes())
            .expect_code(0);
    assert!(out.stderr.contains("skipped standard input line 2"), "{}", out.stderr);
    assert!(out.stderr.contains("skipped standard input line 3"), "{}", out.stderr);
    assert!(out.stderr.contains("skipped 2 invalid line(s) of 4"), "{}", out.stderr);

    let no_topic = "{\"payload\":\"3\"}\n";
    let refused =
        run(mqtt_at(&broker, "pub").arg("--json-lines"), no_topic.as_bytes()).expect_code(2);
    assert!(refused.stderr.contains("give -t to fill it in"), "{}", refused.stderr);
    run(mqtt_at(&broker, "pub").args(["--json-lines", "-t", "r/filled"]), no_topic.as_bytes())
        .expect_code(0);
    let received = sub.finish().expect_code(0).stdout_text();
    assert_eq!(received, "r/one 1\nr/two 2\nr/filled 3\n");
}

/// mosquitto 2.1's `%f`, `%d` and grouped hex on messages that crossed a
/// real broker; a payload of the wrong size prints nothing for that field,
/// says so on stderr, and the rest of the line is still printed.
#[test]
fn float_double_and_grouped_hex_specifiers_of_mosquitto_2_1() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let sub = Background::start(mqtt_at(&broker, "sub").args([
        "-i",
        "floats",
        "-t",
        "num/#",
        "-F",
        "%t [%.3f][%10.2d][%.2:x][%.4X]",
        "-C",
        "3",
        "-W",
        "30",
    ]));
    wait_subscribed(&broker, "floats");
    for (topic, bytes) in [
        ("num/f32", 1.25f32.to_le_bytes().to_vec()),
        ("num/f64", (-1234.5678f64).to_le_bytes().to_vec()),
        ("num/text", b"abc".to_vec()),
    ] {
        let file = dir.path().join(topic.replace('/', "_"));
        std::fs::write(&file, bytes).unwrap();
        run(mqtt_at(&broker, "pub").args(["-t", topic, "-f", file.to_str().unwrap()]), b"")
            .expect_code(0);
    }
    let out = sub.finish().expect_code(0);
    assert_eq!(
        out.stdout_text(),
        "num/f32 [1.250][][00:00:a0:3f][0000 A03F]\n\
         num/f64 [][  -1234.57][ad:fa:5c:6d:45:4a:93:c0][ADFA 5C6D 454A 93C0]\n\
         num/text [][][61:62:63][6162 63]\n"
    );
    for (kind, topic) in [("double", "num/f32"), ("float", "num/f64"), ("float", "num/text")] {
        let wanted =
            format!("requested {kind} printing, but non-{kind} data received on topic {topic}");
        assert!(out.stderr.contains(&wanted), "{wanted:?} not in {}", out.stderr);
    }
}
