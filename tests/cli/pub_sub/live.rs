//! `sub --message-rate` (rates on stderr, messages still on stdout) and
//! `sub --watch` (a table on a terminal; refused on a pipe), against a
//! real mosquitto.

use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mosquitto_tool, mqtt_at, wait_subscribed};
use crate::support::{run, scrub, Background, MQTT};

/// Publishes `lines` (`topic payload`) with one mosquitto_pub per topic.
fn publish(broker: &Mosquitto, topic: &str, payloads: &[&str]) {
    let input = payloads.join("\n") + "\n";
    run(
        mosquitto_tool(broker, "mosquitto_pub").args(["-t", topic, "-l", "-q", "1"]),
        input.as_bytes(),
    )
    .expect_code(0);
}

/// The sum over every report of the `N msgs/s NAME` lines for `name`.
fn counted(stderr: &str, name: &str) -> u64 {
    stderr
        .lines()
        .filter_map(|line| line.trim().strip_suffix(&format!(" msgs/s {name}")))
        .map(|count| count.parse::<u64>().unwrap())
        .sum()
}

#[test]
fn message_rate_reports_per_topic_on_stderr_while_messages_go_to_stdout() {
    let broker = Mosquitto::start();
    let sub = Background::start(mqtt_at(&broker, "sub").args([
        "-i",
        "rates",
        "-t",
        "r/#",
        "--message-rate=topic",
        "--idle-timeout",
        "2500ms",
    ]));
    wait_subscribed(&broker, "rates");
    publish(&broker, "r/a", &["1", "2", "3"]);
    publish(&broker, "r/b", &["4", "5"]);
    let out = sub.finish().expect_code(0);
    assert_eq!(out.stdout_text(), "1\n2\n3\n4\n5\n");
    // Every second brings a report; the messages are counted once in all.
    assert!(out.stderr.lines().any(|line| line.ends_with(" msgs/s")), "{}", out.stderr);
    assert_eq!(counted(&out.stderr, "r/a"), 3, "{}", out.stderr);
    assert_eq!(counted(&out.stderr, "r/b"), 2, "{}", out.stderr);
    let totals: u64 = out
        .stderr
        .lines()
        .filter_map(|line| line.strip_suffix(" msgs/s"))
        .map(|count| count.parse::<u64>().unwrap())
        .sum();
    assert_eq!(totals, 5, "{}", out.stderr);
}

#[test]
fn watch_draws_one_line_per_topic_on_a_terminal_and_refuses_a_pipe() {
    let broker = Mosquitto::start();
    let out = run(mqtt_at(&broker, "sub").args(["-t", "w/#", "--watch"]), b"");
    assert_eq!(out.code(), 2, "{}", out.stderr);
    assert!(out.stderr.contains("--watch redraws a table on a terminal"), "{}", out.stderr);
    assert!(out.stdout.is_empty());

    // `script` gives mqtt a pseudo-terminal for stdout.
    let command = format!(
        "{MQTT} sub -h 127.0.0.1 -p {} -i watcher -t 'w/#' --watch -C 3 -W 30",
        broker.port()
    );
    let watcher = Background::start(scrub(&mut std::process::Command::new("script")).args([
        "-qec",
        &command,
        "/dev/null",
    ]));
    wait_subscribed(&broker, "watcher");
    publish(&broker, "w/temp", &["20.5", "21.0"]);
    publish(&broker, "w/door", &["open\u{1b}[2J"]);
    let out = watcher.finish().expect_code(0);
    // The terminal turns each "\n" into "\r\n"; carriage returns are noise here.
    let screen = out.stdout_text().replace('\r', "");
    assert!(screen.starts_with("\u{1b}[2J\u{1b}[H"), "{screen:?}");
    // The last frame: both topics, in arrival order, with counts and the
    // last payload, the hostile one escaped.
    let last = screen.rsplit("\u{1b}[H").next().unwrap();
    let rows: Vec<&str> = last.split("\u{1b}[K\n").collect();
    assert!(rows[0].starts_with("2 topics, 3 messages"), "{last:?}");
    assert!(
        rows[1].starts_with("w/temp") && rows[1].contains(" 2 ") && rows[1].ends_with("21.0"),
        "{last:?}"
    );
    assert!(rows[2].starts_with("w/door") && rows[2].ends_with("open\\u{1b}[2J"), "{last:?}");
}
