//! `mqtt watch` as a user sees it: the full-screen view running in tmux
//! (a real terminal, driven with send-keys and read with capture-pane)
//! against mosquitto, fed by mosquitto_pub and Eclipse Tahu's Sparkplug
//! encoder; and the statistics it prints off a terminal, as text and JSON.
//! tmux must be installed (`.ci/run` installs it); a missing tmux fails
//! the test with the command that installs it.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use mqtt_test_support::Mosquitto;
use serde_json::Value;

use crate::codecs::{mosquitto_pub_file, node_vectors};
use crate::support::pubsub::{mosquitto_tool, mqtt_at, wait_subscribed};
use crate::support::{run, scrub, wait_for, Background, MQTT};

/// How long a screen may take to show what a test waits for.
const SCREEN_LIMIT: Duration = Duration::from_secs(20);

/// A tmux server of the test's own (its socket in a temporary directory),
/// running one command in a window of a fixed size; killed on drop.
struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    fn start(command_line: &str, width: u16, height: u16) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let tmux = Tmux { socket: dir.path().join("tmux.sock"), _dir: dir };
        let (width, height) = (width.to_string(), height.to_string());
        let status = tmux
            .command()
            .args(["new-session", "-d", "-x", &width, "-y", &height, command_line])
            .status()
            .unwrap_or_else(|err| panic!("tmux: {err}; install it with: apt-get install tmux"));
        assert!(status.success(), "tmux new-session failed");
        tmux
    }

    /// `tmux` on this server, with the environment `mqtt` runs with.
    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        scrub(&mut command);
        command.arg("-S").arg(&self.socket).args(["-f", "/dev/null"]);
        command
    }

    /// Types text, then presses the named keys (`Enter`, `Escape`, `Left`).
    fn keys(&self, text: &str, named: &[&str]) {
        if !text.is_empty() {
            assert!(self.command().args(["send-keys", "-l", text]).status().unwrap().success());
        }
        if !named.is_empty() {
            assert!(self.command().arg("send-keys").args(named).status().unwrap().success());
        }
    }

    /// The screen as text.
    fn screen(&self) -> String {
        let out = self.command().args(["capture-pane", "-p"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `needle`; returns the screen.
    fn wait(&self, needle: &str) -> String {
        wait_for("the tmux screen", SCREEN_LIMIT, || self.screen(), needle);
        self.screen()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").status();
    }
}

fn mosquitto_pub(broker: &Mosquitto, args: &[&str]) {
    let status =
        mosquitto_tool(broker, "mosquitto_pub").args(args).status().expect("mosquitto_pub");
    assert!(status.success(), "mosquitto_pub {args:?}");
}

#[test]
fn the_view_shows_topics_values_sparkplug_by_name_and_clears_retained() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    mosquitto_pub(&broker, &["-t", "site/a/x", "-m", "1", "-r"]);
    mosquitto_pub(&broker, &["-t", "site/a/y", "-m", "2", "-r"]);
    let line = format!(
        "'{MQTT}' watch -h 127.0.0.1 -p {} -i watch-e2e --decode 'spBv1.0/#=sparkplug'; \
         echo \"exit status $?\"; sleep 60",
        broker.port()
    );
    let tmux = Tmux::start(&line, 140, 60);
    wait_subscribed(&broker, "watch-e2e");
    mosquitto_pub(&broker, &["-t", "home/kitchen/temp", "-m", "21.5 °C"]);
    mosquitto_pub(&broker, &["-t", "home/kitchen/temp", "-m", "22.5 °C"]);
    let reference = node_vectors(&["write", dir.path().to_str().unwrap()]);
    mosquitto_pub_file(&broker, "spBv1.0/plant/NBIRTH/edge1", &dir.path().join("nbirth.bin"));
    mosquitto_pub_file(&broker, "spBv1.0/plant/NDATA/edge1", &dir.path().join("ndata.bin"));
    let screen = tmux.wait("6 msgs");
    assert!(screen.contains("● connected 127.0.0.1:"), "{screen}");
    assert!(screen.contains("5 topics") && screen.contains("dropped 0"), "{screen}");
    for level in ["▸ home", "▸ site", "▸ spBv1.0"] {
        assert!(screen.contains(level), "{level} collapsed at the top level:\n{screen}");
    }

    // The filter opens the topic: its last payload, number, history and chart.
    tmux.keys("/temp", &["Enter"]);
    let screen = tmux.wait("┌ home/kitchen/temp ");
    assert!(screen.contains("temp q0 = 22.5 °C"), "{screen}");
    assert!(screen.contains("msgs 2 ") && screen.contains("value 22.5"), "{screen}");
    assert!(screen.contains("history 2/50"), "{screen}");
    let history: Vec<&str> = screen.lines().filter(|line| line.contains(" °C ")).collect();
    assert!(history.iter().any(|line| line.contains(" 21.5 21.5 °C")), "{screen}");
    assert!(screen.contains("now│") && screen.contains("22.6│"), "a chart up to 22.5:\n{screen}");

    // The Sparkplug NDATA carries aliases only; the view names its metrics.
    tmux.keys("", &["Escape"]);
    tmux.keys("/NDATA", &["Enter"]);
    tmux.wait("┌ spBv1.0/plant/NDATA/edge1 ");
    tmux.keys("vvv", &[]);
    let screen = tmux.wait("decoded as sparkplug");
    let float = reference["data"]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|metric| metric["alias"] == "10")
        .expect("alias 10 in the reference NDATA")["value"]
        .as_f64()
        .unwrap();
    assert!(screen.contains(&format!("Float = {float} Float")), "{screen}");
    assert!(screen.contains("Int8 = -7 Int8") && screen.contains("seq 1"), "{screen}");

    // Clearing the retained messages under site/a asks first, with the count.
    tmux.keys("", &["Escape"]);
    tmux.keys("/site/a/", &["Enter", "Left"]);
    tmux.wait("┌ site/a ");
    tmux.keys("c", &[]);
    let screen = tmux.wait("Clear 2 retained messages at or under site/a?");
    assert!(screen.contains("site/a/x") && screen.contains("site/a/y"), "{screen}");
    tmux.keys("y", &[]);
    tmux.wait("cleared 2 of 2 retained messages");
    let left = run(mqtt_at(&broker, "sub").args(["-t", "site/#", "--retained-only", "-v"]), b"");
    assert_eq!(left.expect_code(0).stdout_text(), "", "no retained message left under site/");

    // q ends with 0 and gives the terminal back.
    tmux.keys("q", &[]);
    let screen = tmux.wait("exit status 0");
    assert!(!screen.contains("topics"), "the view is gone:\n{screen}");
}

/// `mqtt watch` off a terminal for a few seconds while messages arrive.
fn stats(broker: &Mosquitto, id: &str, extra: &[&str]) -> String {
    let watch = Background::start(
        mqtt_at(broker, "watch")
            .args(["-i", id, "-t", "stats/#", "-q", "1", "--interval", "300ms", "--duration", "3s"])
            .args(extra),
    );
    wait_subscribed(broker, id);
    mosquitto_pub(broker, &["-t", "stats/a", "-m", "20.5 °C"]);
    mosquitto_pub(broker, &["-t", "stats/a", "-m", "21.5 °C"]);
    mosquitto_pub(broker, &["-t", "stats/b", "-m", "hello", "-q", "1"]);
    let out = watch.finish().expect_code(0);
    assert_eq!(out.stderr, "");
    out.stdout_text()
}

#[test]
fn stats_as_text_are_the_default_off_a_terminal() {
    let broker = Mosquitto::start();
    let text = stats(&broker, "stats-text", &[]);
    let interval = text.split("\n-- final, ").next().unwrap();
    assert!(interval.contains("-- ") && interval.contains(" msg/s"), "{text}");
    assert!(
        interval.lines().any(|line| line.starts_with("stats/a ")),
        "an interval report:\n{text}"
    );
    let (_, last) = text.split_once("\n-- final, ").expect("a final report");
    let lines: Vec<&str> = last.lines().collect();
    assert!(lines[0].contains(": 2 topics, 3 msgs,"), "{text}");
    let a: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!((a[0], a[1], a[2]), ("stats/a", "2", "msgs"), "{text}");
    assert!(lines[1].ends_with("q0    = 21.5 °C  value 21.5"), "{text}");
    assert!(lines[2].starts_with("stats/b ") && lines[2].ends_with("q1    = hello"), "{text}");
}

#[test]
fn stats_as_json_lines_per_topic_and_interval() {
    let broker = Mosquitto::start();
    let text = stats(&broker, "stats-json", &["--json"]);
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}")))
        .collect();
    let active =
        lines.iter().find(|line| line["report"] == "interval" && line["topic"] == "stats/a");
    assert!(active.expect("an interval report for stats/a")["msg_rate"].as_f64().unwrap() > 0.0);
    let last: Vec<&Value> = lines.iter().filter(|line| line["report"] == "final").collect();
    assert_eq!(last.len(), 2, "{text}");
    let a = last[0];
    assert_eq!(a["topic"], "stats/a");
    assert_eq!((a["messages"].as_u64(), a["bytes"].as_u64()), (Some(2), Some(16)));
    assert_eq!((a["payload"].as_str(), a["value"].as_f64()), (Some("21.5 °C"), Some(21.5)));
    assert_eq!((a["qos"].as_u64(), a["retained"].as_bool()), (Some(0), Some(false)));
    assert_eq!((last[1]["topic"].as_str(), last[1]["qos"].as_u64()), (Some("stats/b"), Some(1)));
    assert!(last[1]["value"].is_null());
}

#[test]
fn stats_decode_sparkplug_and_report_the_decoders_notes_on_stderr() {
    let broker = Mosquitto::start();
    let watch = Background::start(mqtt_at(&broker, "watch").args([
        "-i",
        "stats-spb",
        "-t",
        "spBv1.0/#",
        "--decode",
        "sparkplug",
        "--value",
        "metrics.0.value",
        "--json",
        "--duration",
        "2s",
    ]));
    wait_subscribed(&broker, "stats-spb");
    // An NDATA by alias with no NBIRTH seen: decoded, but the alias has no name.
    let data = r#"{"seq": 1, "metrics": [{"alias": 3, "type": "Double", "value": 2.5}]}"#;
    let topic = "spBv1.0/plant/NDATA/edge1";
    run(mqtt_at(&broker, "pub").args(["-t", topic, "--encode", "sparkplug", "-m", data]), b"")
        .expect_code(0);
    let out = watch.finish().expect_code(0);
    assert!(out.stderr.contains(topic) && out.stderr.contains("alias"), "{}", out.stderr);
    let text = out.stdout_text();
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["topic"], topic);
    assert_eq!(last["decoded"]["metrics"][0]["value"], 2.5, "{text}");
    assert_eq!(last["value"], 2.5, "--value reads the decoded value");
}
