//! Messages through `mqtt serve`: QoS 0, 1 and 2 in both protocol versions,
//! retained messages, wills and persistent sessions.

use super::harness::{publish, run, Serve, Subscriber};

/// Publishes at `qos` with a subscriber at `qos` and checks the whole
/// handshake on both sides, as mosquitto's clients report it.
fn exchange(version: &str, qos: &str) {
    let serve = Serve::start(&[]);
    let port = serve.port();
    let topic = format!("test/{version}/q{qos}");
    let payload = format!("hello {version} q{qos}");
    let mut subscriber = Subscriber::start(port, &["-V", version, "-q", qos, "-t", &topic]);

    let sent = publish(port, &["-V", version, "-q", qos, "-t", &topic, "-m", &payload]);

    let (header, line) = subscriber.message();
    assert_eq!(line, format!("{topic} {payload}"));
    assert!(header.contains(&format!("q{qos},")), "delivered at another QoS: {header}");
    let (publisher_acks, subscriber_acks): (&[&str], &[&str]) = match qos {
        "0" => (&[], &[]),
        "1" => (&["received PUBACK"], &["sending PUBACK"]),
        _ => (
            &["received PUBREC", "sending PUBREL", "received PUBCOMP"],
            &["sending PUBREC", "received PUBREL", "sending PUBCOMP"],
        ),
    };
    for ack in publisher_acks {
        assert!(sent.stdout.contains(ack), "publisher: no `{ack}`:\n{}", sent.describe());
    }
    // Both sides print their acknowledgements before the message line.
    let seen = subscriber.seen();
    for ack in subscriber_acks {
        assert!(seen.contains(ack), "subscriber: no `{ack}`:\n{seen}");
    }
}

#[test]
fn qos0_mqtt311() {
    exchange("mqttv311", "0");
}

#[test]
fn qos1_mqtt311() {
    exchange("mqttv311", "1");
}

#[test]
fn qos2_mqtt311() {
    exchange("mqttv311", "2");
}

#[test]
fn qos0_mqtt5() {
    exchange("mqttv5", "0");
}

#[test]
fn qos1_mqtt5() {
    exchange("mqttv5", "1");
}

#[test]
fn qos2_mqtt5() {
    exchange("mqttv5", "2");
}

#[test]
fn retained_messages_reach_later_subscribers_at_every_qos() {
    let serve = Serve::start(&[]);
    let port = serve.port();
    for qos in ["0", "1", "2"] {
        let payload = format!("kept at q{qos}");
        publish(port, &["-q", qos, "-r", "-t", &format!("kept/{qos}"), "-m", &payload]);
    }

    for version in ["mqttv311", "mqttv5"] {
        let mut late = Subscriber::start(port, &["-V", version, "-q", "2", "-t", "kept/#"]);
        let mut lines = Vec::new();
        for _ in 0..3 {
            let (header, line) = late.message();
            assert!(header.contains(" r1,"), "{version}: not flagged retained: {header}");
            lines.push(line);
        }
        lines.sort();
        assert_eq!(lines, ["kept/0 kept at q0", "kept/1 kept at q1", "kept/2 kept at q2"]);
    }

    // An empty retained message clears it: a fresh subscriber to both
    // topics gets only the one still retained.
    publish(port, &["-r", "-t", "kept/0", "-n"]);
    let mut late = Subscriber::start(port, &["-t", "kept/0", "-t", "kept/2"]);
    let (_, line) = late.message();
    assert_eq!(line, "kept/2 kept at q2");
}

#[test]
fn will_is_published_when_a_client_dies() {
    for version in ["mqttv311", "mqttv5"] {
        let serve = Serve::start(&[]);
        let port = serve.port();
        let mut watcher = Subscriber::start(port, &["-V", version, "-q", "1", "-t", "wills/#"]);
        let dying = Subscriber::start(
            port,
            &[
                "-V",
                version,
                "-i",
                "dying-client",
                "-t",
                "unrelated",
                "--will-topic",
                "wills/dying-client",
                "--will-payload",
                "gone",
                "--will-qos",
                "1",
            ],
        );

        dying.kill();

        let (header, line) = watcher.message();
        assert_eq!(line, "wills/dying-client gone", "{version}");
        assert!(header.contains("q1,"), "{version}: will not at QoS 1: {header}");
    }
}

#[test]
fn clean_disconnect_does_not_publish_the_will() {
    let serve = Serve::start(&[]);
    let port = serve.port();
    let mut watcher = Subscriber::start(port, &["-t", "wills/#", "-t", "marker"]);
    // -E: subscribe, then DISCONNECT normally.
    let polite = run(
        "mosquitto_sub",
        &[
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-E",
            "-t",
            "unrelated",
            "--will-topic",
            "wills/polite",
            "--will-payload",
            "gone",
        ],
    );
    assert!(polite.status.success(), "{}", polite.describe());
    // Anything the broker sent for the polite client came before this.
    publish(port, &["-t", "marker", "-m", "after"]);
    let (_, line) = watcher.message();
    assert_eq!(line, "marker after", "a will was published on a clean disconnect");
}

/// Subscribes with a persistent session, goes away, and checks that a QoS 1
/// message published meanwhile is delivered when it comes back.
fn offline_message_is_queued(version: &str, session: &[&str]) {
    let serve = Serve::start(&[]);
    let port = serve.port().to_string();
    let client = ["-h", "127.0.0.1", "-p", &port, "-V", version, "-i", "keeper", "-q", "1"];
    let topic = ["-t", "queued/topic"];

    let first = run("mosquitto_sub", &[&client[..], session, &topic, &["-E"]].concat());
    assert!(first.status.success(), "{}", first.describe());

    publish(serve.port(), &["-V", version, "-q", "1", "-t", "queued/topic", "-m", "while away"]);

    let back = run("mosquitto_sub", &[&client[..], session, &topic, &["-C", "1", "-v"]].concat());
    assert!(back.status.success(), "{}", back.describe());
    assert_eq!(back.stdout.trim(), "queued/topic while away");
}

#[test]
fn persistent_session_queues_qos1_mqtt311() {
    offline_message_is_queued("mqttv311", &["-c"]);
}

#[test]
fn persistent_session_queues_qos1_mqtt5() {
    offline_message_is_queued("mqttv5", &["-c", "-x", "300"]);
}

/// mqtt5's broker speaks 3.1.1 and 5.0 only: an MQTT 3.1 client is refused.
/// (If this starts to pass, update `mqtt serve --help` and the README.)
#[test]
fn mqtt31_is_refused() {
    let serve = Serve::start(&[]);
    let port = serve.port().to_string();
    let refused = run(
        "mosquitto_pub",
        &["-h", "127.0.0.1", "-p", &port, "-V", "mqttv31", "-t", "t", "-m", "x"],
    );
    assert!(!refused.status.success(), "MQTT 3.1 was accepted:\n{}", refused.describe());
}
