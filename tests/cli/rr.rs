//! `mqtt rr` against a real mosquitto: requests answered by
//! `mqtt rr --respond`, by a paho-mqtt responder and by nothing, responses
//! matched by correlation data (interleaved, foreign ones ignored), the
//! 3.1.1 fallback, and our responder answering mosquitto_rr.

use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mosquitto_tool, mqtt_at, wait_subscribed};
use crate::support::{run, Background};

/// `mqtt rr --respond -i ID -t FILTER ARGS… -- CMD…`, subscribed.
fn responder(broker: &Mosquitto, id: &str, args: &[&str], command: &[&str]) -> Background {
    let responder = Background::start(
        mqtt_at(broker, "rr").args(["--respond", "-i", id]).args(args).arg("--").args(command),
    );
    wait_subscribed(broker, id);
    responder
}

#[test]
fn a_request_is_answered_by_a_responder_command() {
    let broker = Mosquitto::start();
    let answering =
        responder(&broker, "upper", &["-t", "svc/upper", "-C", "2"], &["tr", "a-z", "A-Z"]);
    let out =
        run(mqtt_at(&broker, "rr").args(["-t", "svc/upper", "-m", "hello", "--latency"]), b"")
            .expect_code(0);
    assert_eq!(out.stdout_text(), "HELLO\n");
    assert!(out.stderr.lines().any(|line| line.starts_with("Latency: ")), "{}", out.stderr);
    // The responder sees the request's topic and correlation data.
    let out = run(
        mqtt_at(&broker, "rr")
            .args(["-t", "svc/upper", "--correlation-data", "id-42", "-e", "replies/me"])
            .args(["-m", "x", "-F", "%t|%p|%D", "--json"]),
        b"",
    );
    assert_eq!(out.code(), 2, "-F and --json together: {}", out.stderr);
    let out = run(
        mqtt_at(&broker, "rr")
            .args(["-t", "svc/upper", "--correlation-data", "id-42", "-e", "replies/me"])
            .args(["-m", "x", "-F", "%t|%p|%D"]),
        b"",
    )
    .expect_code(0);
    assert_eq!(out.stdout_text(), "replies/me|X|id-42\n");
    answering.finish().expect_code(0);
}

#[test]
fn pipelined_requests_get_their_own_answers_in_whatever_order_they_come() {
    let broker = Mosquitto::start();
    // Each answer takes as long as its request says, so they overtake.
    let script =
        r#"read delay; sleep "$delay"; printf '%s after %s' "$MQTT_CORRELATION_DATA" "$delay""#;
    let answering = responder(
        &broker,
        "sleepy",
        &["-t", "svc/slow", "--concurrency", "3", "-C", "3"],
        &["sh", "-c", script],
    );
    let out =
        run(mqtt_at(&broker, "rr").args(["-t", "svc/slow", "-l", "--correlation-data", "x"]), b"");
    assert_eq!(out.code(), 2, "--correlation-data with -l: {}", out.stderr);
    let out = run(
        mqtt_at(&broker, "rr").args(["-t", "svc/slow", "-l", "-F", "%D=%p", "-W", "20"]),
        b"1.2\n0.1\n0.6\n",
    )
    .expect_code(0);
    let lines: Vec<String> = out.stdout_text().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    // Arrival order follows the delays, and every answer carries the
    // correlation data of its own request (PREFIX-N for line N).
    let delays: Vec<&str> = lines.iter().map(|line| line.rsplit(' ').next().unwrap()).collect();
    assert_eq!(delays, ["0.1", "0.6", "1.2"], "{lines:?}");
    for line in &lines {
        let (correlation, answer) = line.split_once('=').unwrap();
        let index = ["1.2", "0.1", "0.6"].iter().position(|d| answer.ends_with(d)).unwrap();
        assert!(correlation.ends_with(&format!("-{index}")), "{line}");
        assert!(answer.starts_with(correlation), "the responder saw another correlation: {line}");
    }
    answering.finish().expect_code(0);
}

#[test]
fn a_foreign_response_is_ignored_and_a_missing_one_times_out() {
    let broker = Mosquitto::start();
    let requester = Background::start(mqtt_at(&broker, "rr").args([
        "-i",
        "asker",
        "-t",
        "svc/manual",
        "-e",
        "resp/manual",
        "--correlation-data",
        "mine",
        "-m",
        "q",
        "-W",
        "20",
    ]));
    wait_subscribed(&broker, "asker");
    for (payload, correlation) in [("not for us", "theirs"), ("for us", "mine")] {
        run(
            mosquitto_tool(&broker, "mosquitto_pub")
                .args(["-V", "5", "-t", "resp/manual", "-m", payload])
                .args(["-D", "publish", "correlation-data", correlation]),
            b"",
        )
        .expect_code(0);
    }
    let out = requester.finish().expect_code(0);
    assert_eq!(out.stdout_text(), "for us\n");
    assert!(out.stderr.contains("ignored 1 messages"), "{}", out.stderr);

    let out = run(mqtt_at(&broker, "rr").args(["-t", "svc/nobody", "-m", "x", "-W", "0.5"]), b"");
    assert_eq!(out.code(), 27, "{}", out.stderr);
    assert!(out.stderr.contains("1 of 1 requests still waiting"), "{}", out.stderr);
}

#[test]
fn a_failing_command_still_answers_with_its_exit_status() {
    let broker = Mosquitto::start();
    let answering = responder(
        &broker,
        "failing",
        &["-t", "svc/fail", "-C", "1"],
        &["sh", "-c", "cat; echo ' oops'; exit 3"],
    );
    let out = run(mqtt_at(&broker, "rr").args(["-t", "svc/fail", "-m", "in", "-F", "%p|%P"]), b"")
        .expect_code(0);
    assert_eq!(out.stdout_text(), "in oops\n|exit-status:3\n");
    answering.finish().expect_code(0);
}

#[test]
fn mqtt_3_1_1_falls_back_to_a_known_response_topic_and_answers_mosquitto_rr() {
    let broker = Mosquitto::start();
    let answering = responder(
        &broker,
        "v3",
        &["-V", "311", "-t", "svc/v3", "-e", "resp/v3", "-C", "1"],
        &["tr", "a-z", "A-Z"],
    );
    let out = run(
        mqtt_at(&broker, "rr").args(["-V", "311", "-t", "svc/v3", "-e", "resp/v3", "-m", "old"]),
        b"",
    )
    .expect_code(0);
    assert_eq!(out.stdout_text(), "OLD\n");
    answering.finish().expect_code(0);
    // mosquitto_rr (MQTT 5) sets a Response Topic and no correlation data;
    // our MQTT 5 responder answers there.
    let answering = responder(&broker, "v5", &["-t", "svc/v5", "-C", "1"], &["tr", "a-z", "A-Z"]);
    let out = run(
        mosquitto_tool(&broker, "mosquitto_rr").args([
            "-t",
            "svc/v5",
            "-e",
            "resp/theirs",
            "-m",
            "mosquitto",
            "-W",
            "10",
        ]),
        b"",
    );
    assert_eq!(out.code(), 0, "{}", out.stderr);
    assert_eq!(out.stdout_text(), "MOSQUITTO\n");
    answering.finish().expect_code(0);
}

/// A responder written with paho-mqtt answers pipelined requests out of
/// order; each answer is matched to its own request.
#[test]
fn a_paho_mqtt_responder_answers_pipelined_requests_out_of_order() {
    let broker = Mosquitto::start();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/scripts/paho_responder.py");
    let paho = Background::start(std::process::Command::new("python3").args([
        script,
        &broker.port().to_string(),
        "svc/paho",
        "3",
    ]));
    wait_subscribed(&broker, "paho-responder");
    let out = run(
        mqtt_at(&broker, "rr").args(["-t", "svc/paho", "-q", "1", "-l", "-F", "%D %p", "-W", "20"]),
        b"0.8:slow\n0.1:fast\n0.4:middle\n",
    )
    .expect_code(0);
    let lines: Vec<(String, String)> = out
        .stdout_text()
        .lines()
        .map(|line| {
            let (correlation, answer) = line.split_once(' ').unwrap();
            (correlation.rsplit('-').next().unwrap().to_owned(), answer.to_owned())
        })
        .collect();
    let expected = [("1", "FAST"), ("2", "MIDDLE"), ("0", "SLOW")];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(n, word)| (n.to_string(), word.to_string())).collect();
    assert_eq!(lines, expected, "{}", out.stdout_text());
    let paho = paho.finish();
    assert_eq!(paho.code(), 0, "{}", paho.stderr);
}

/// A responder whose filter also matches the topic it answers on does not
/// take its own answers for requests (no endless loop).
#[test]
fn a_responder_never_answers_its_own_answers() {
    let broker = Mosquitto::start();
    let watcher = Background::start(mosquitto_tool(&broker, "mosquitto_sub").args([
        "-i",
        "answers",
        "-t",
        "loop/answers",
        "-v",
        "-C",
        "2",
        "-W",
        "4",
    ]));
    wait_subscribed(&broker, "answers");
    let answering = responder(
        &broker,
        "looper",
        &["-V", "311", "-t", "loop/#", "-e", "loop/answers", "-W", "3"],
        &["cat"],
    );
    run(mosquitto_tool(&broker, "mosquitto_pub").args(["-t", "loop/req", "-m", "hi"]), b"")
        .expect_code(0);
    let seen = watcher.finish();
    assert_eq!(seen.code(), 27, "a second answer came: {}", seen.stdout_text());
    assert_eq!(seen.stdout_text(), "loop/answers hi\n");
    answering.finish().expect_code(0);
}

/// Responses go through the codec layer as `sub`'s messages do: a
/// MessagePack answer is shown as JSON.
#[test]
fn responses_are_decoded_with_the_codec_layer() {
    let broker = Mosquitto::start();
    // {"a": 1} in MessagePack.
    let answering = responder(
        &broker,
        "packer",
        &["-t", "svc/pack", "-C", "1"],
        &["printf", "\\201\\241a\\001"],
    );
    let out =
        run(mqtt_at(&broker, "rr").args(["-t", "svc/pack", "-m", "x", "--decode", "msgpack"]), b"")
            .expect_code(0);
    assert_eq!(out.stdout_text(), "{\"a\":1}\n");
    answering.finish().expect_code(0);
}
