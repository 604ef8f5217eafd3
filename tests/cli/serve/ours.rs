//! Our own `mqtt pub` and `mqtt sub` through `mqtt serve`, and across to
//! mosquitto's clients: QoS 0, 1 and 2, retained messages and a will.

use std::process::{Child, Stdio};

use super::harness::{publish, run_mqtt, wait_guarded, Lines, Serve, Subscriber};
use crate::support::mqtt;

/// A running `mqtt sub -d …`, returned once the broker acknowledged the
/// subscription (the `-d` trace says so on stderr).
struct OurSubscriber {
    child: Child,
    stdout: Lines,
    stderr: Lines,
}

impl OurSubscriber {
    fn start(port: u16, args: &[&str]) -> OurSubscriber {
        let mut child = mqtt()
            .args(["sub", "-h", "127.0.0.1", "-p", &port.to_string(), "-d"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run mqtt sub");
        let stdout = Lines::read(child.stdout.take().unwrap());
        let mut stderr = Lines::read(child.stderr.take().unwrap());
        loop {
            match stderr.next() {
                Some(line) if line.contains("received SUBACK") => break,
                Some(_) => {}
                None => panic!("mqtt sub {args:?} never subscribed:\n{}", stderr.rest()),
            }
        }
        OurSubscriber { child, stdout, stderr }
    }

    /// Waits for it to exit (it was given -C) and returns its stdout.
    fn finish(mut self) -> String {
        let status = wait_guarded(&mut self.child);
        let stdout = self.stdout.rest();
        assert!(status.success(), "mqtt sub: {status}\n{stdout}\n{}", self.stderr.rest());
        stdout
    }
}

impl Drop for OurSubscriber {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn our_publish(port: u16, args: &[&str]) {
    let port = port.to_string();
    let mut all = vec!["pub", "-h", "127.0.0.1", "-p", &port];
    all.extend_from_slice(args);
    let finished = run_mqtt(&all);
    assert!(finished.status.success(), "mqtt pub {args:?}:\n{}", finished.describe());
}

#[test]
fn mqtt_pub_to_mqtt_sub_at_every_qos_and_version() {
    let serve = Serve::start(&[]);
    let port = serve.port();
    for version in ["311", "5"] {
        for qos in ["0", "1", "2"] {
            let topic = format!("ours/{version}/q{qos}");
            let payload = format!("hello {version} {qos}");
            let subscriber =
                OurSubscriber::start(port, &["-V", version, "-q", qos, "-t", "ours/#", "-C", "1"]);
            our_publish(port, &["-V", version, "-q", qos, "-t", &topic, "-m", &payload]);
            let out = subscriber.finish();
            assert_eq!(out, payload, "V{version} QoS {qos}");
        }
    }
}

#[test]
fn mqtt_and_mosquitto_clients_exchange_both_ways() {
    let serve = Serve::start(&[]);
    let port = serve.port();
    for qos in ["0", "1", "2"] {
        // mosquitto_pub -> mqtt sub
        let topic = format!("cross/in/q{qos}");
        let subscriber = OurSubscriber::start(port, &["-q", qos, "-t", &topic, "-C", "1", "-v"]);
        publish(port, &["-q", qos, "-t", &topic, "-m", "from mosquitto"]);
        assert_eq!(subscriber.finish(), format!("{topic} from mosquitto"));

        // mqtt pub -> mosquitto_sub
        let topic = format!("cross/out/q{qos}");
        let mut subscriber = Subscriber::start(port, &["-q", qos, "-t", &topic]);
        our_publish(port, &["-q", qos, "-t", &topic, "-m", "from mqtt"]);
        let (header, line) = subscriber.message();
        assert_eq!(line, format!("{topic} from mqtt"));
        assert!(header.contains(&format!("q{qos},")), "delivered at another QoS: {header}");
    }
}

#[test]
fn retained_message_from_mqtt_pub_reaches_a_later_mqtt_sub() {
    let serve = Serve::start(&[]);
    let port = serve.port();
    our_publish(port, &["-q", "1", "-r", "-t", "kept/x", "-m", "still here"]);
    let finished = run_mqtt(&[
        "sub",
        "-p",
        &port.to_string(),
        "-t",
        "kept/#",
        "-C",
        "1",
        "-W",
        "10",
        "-F",
        "%r %t %p",
    ]);
    assert!(finished.status.success(), "{}", finished.describe());
    assert_eq!(finished.stdout.trim_end(), "1 kept/x still here");
}

#[test]
fn will_of_a_killed_mqtt_sub_reaches_another_mqtt_sub() {
    let serve = Serve::start(&[]);
    let port = serve.port();
    let watcher = OurSubscriber::start(port, &["-t", "wills/#", "-C", "1", "-v"]);
    let mut doomed = OurSubscriber::start(
        port,
        &[
            "-t",
            "unrelated",
            "--will-topic",
            "wills/doomed",
            "--will-payload",
            "gone",
            "--will-qos",
            "1",
        ],
    );
    // SIGKILL: no DISCONNECT, so the broker must publish the will.
    doomed.child.kill().unwrap();
    doomed.child.wait().unwrap();
    assert_eq!(watcher.finish(), "wills/doomed gone");
}

/// `mqtt inspect` on `mqtt serve`: the server line says the bare `$SYS`
/// version is a version, and `-V 31` (which the broker does not speak) ends
/// with a refusal that suggests `-V 311`.
#[test]
fn inspect_names_the_server_and_v31_is_a_refusal_with_a_hint() {
    let serve = Serve::start(&[]);
    let port = serve.port().to_string();
    let report = run_mqtt(&["inspect", "-h", "127.0.0.1", "-p", &port, "--only", "sys"]);
    assert!(report.status.success(), "{}", report.describe());
    let server = report.stdout.lines().find(|line| line.starts_with("Server")).unwrap_or("");
    // The uptime comes later (published periodically); its unit is unit-tested.
    assert!(server.contains("version 0."), "{}", report.stdout);

    let old = run_mqtt(&["pub", "-h", "127.0.0.1", "-p", &port, "-V", "31", "-t", "t", "-m", "x"]);
    assert_eq!(old.status.code(), Some(4), "{}", old.describe());
    assert!(old.stderr.contains("try -V 311"), "{}", old.describe());
}
