//! `mqtt inspect` (the broker report) against real mosquitto brokers
//! configured two ways: defaults, and restricted (retain off, max_qos 1,
//! small message and packet limits, a password, a TLS listener with a
//! test CA). The report must state each difference, in JSON and in text,
//! `--require` must fail with exit 9 on what is missing, and the test
//! topics must be gone afterwards.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use bytes::BytesMut;
use mqtt_proto::{
    Connect, MqttString, Packet, PacketId, ProtocolVersion, Publish, QoS, Subscribe,
    SubscriptionOptions, Topic, TopicFilter,
};
use mqtt_test_support::tls::TlsMaterial;
use mqtt_test_support::Mosquitto;
use serde_json::Value;

use crate::support;

const USER: &str = "alice";
const PASSWORD: &str = "wonderland";
const MESSAGE_SIZE_LIMIT: u64 = 1000;
const MAX_PACKET_SIZE: u64 = 4000;

fn mqtt(args: &[String]) -> Output {
    support::mqtt().arg("inspect").args(args).output().expect("run mqtt")
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|arg| arg.to_string()).collect()
}

fn json_report(arguments: &[String]) -> (Value, Output) {
    let mut all = arguments.to_vec();
    all.push("--json".into());
    let out = mqtt(&all);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out)
}

pub(crate) fn check<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {doc}"))
}

fn status(doc: &Value, id: &str) -> String {
    check(doc, id)["status"].as_str().unwrap().to_string()
}

fn plain_target(broker: &Mosquitto) -> Vec<String> {
    args(&["-h", "127.0.0.1", "-p", &broker.port().to_string()])
}

/// A mosquitto with retain off, max_qos 1, message_size_limit and
/// max_packet_size, a password file, and a TLS listener (its port is
/// `extra_port(0)`) signed by a fresh test CA.
fn restricted(dir: &Path) -> (Mosquitto, TlsMaterial) {
    let tls = TlsMaterial::generate(&dir.join("tls"));
    let passwords = dir.join("passwords");
    let made = Command::new("mosquitto_passwd")
        .args(["-b", "-c"])
        .arg(&passwords)
        .args([USER, PASSWORD])
        .status()
        .expect("run mosquitto_passwd");
    assert!(made.success(), "mosquitto_passwd failed");
    let lines = tls.mosquitto_listener_lines();
    let broker = Mosquitto::builder()
        .password_file(&passwords)
        .config("retain_available false")
        .config(format!("message_size_limit {MESSAGE_SIZE_LIMIT}"))
        .config(format!("max_packet_size {MAX_PACKET_SIZE}"))
        // max_qos belongs to a listener.
        .listener(move |port| format!("listener {port} 127.0.0.1\nmax_qos 1\n{lines}"))
        .start();
    (broker, tls)
}

fn tls_target(broker: &Mosquitto, tls: &TlsMaterial) -> Vec<String> {
    args(&[
        "-h",
        "localhost",
        "-p",
        &broker.extra_port(0).to_string(),
        "--cafile",
        tls.ca.cert_path.to_str().unwrap(),
        "-u",
        USER,
        "-P",
        PASSWORD,
    ])
}

/// Retained messages under `prefix/#`, read with our own codec over a
/// plain MQTT 3.1.1 connection: subscribe, publish a marker, collect what
/// came before it (retained messages are sent first).
fn retained_under(port: u16, prefix: &str, credentials: Option<(&str, &str)>) -> Vec<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let version = ProtocolVersion::V3_1_1;
    let mut connect = Connect::new(version, MqttString::from_static("inspect-test-verifier"), 30);
    if let Some((user, password)) = credentials {
        connect.username = Some(MqttString::try_from(user).unwrap());
        connect.password = Some(bytes::Bytes::copy_from_slice(password.as_bytes()));
    }
    let filter = TopicFilter::try_from(format!("{prefix}/#")).unwrap();
    let marker_topic = Topic::try_from(format!("{prefix}/verifier-marker")).unwrap();
    let mut out = BytesMut::new();
    Packet::Connect(connect).encode(version, &mut out).unwrap();
    let options = SubscriptionOptions::new(QoS::AtMostOnce);
    Packet::Subscribe(Subscribe::new(PacketId::MIN, vec![(filter, options)]))
        .encode(version, &mut out)
        .unwrap();
    stream.write_all(&out).unwrap();
    let mut buf = BytesMut::new();
    let mut retained = Vec::new();
    let mut marker_sent = false;
    loop {
        while let Some(packet) = mqtt_proto::decode(&mut buf, version, usize::MAX).unwrap() {
            match packet {
                Packet::SubAck(_) if !marker_sent => {
                    let mut marker = BytesMut::new();
                    Packet::Publish(Publish::new(marker_topic.clone(), &b"end"[..]))
                        .encode(version, &mut marker)
                        .unwrap();
                    stream.write_all(&marker).unwrap();
                    marker_sent = true;
                }
                Packet::Publish(publish) if publish.topic == marker_topic => return retained,
                Packet::Publish(publish) => retained.push(publish.topic.to_string()),
                _ => {}
            }
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).expect("the verifier's marker never came back");
        assert!(read > 0, "the broker closed the verifier's connection");
        buf.extend_from_slice(&chunk[..read]);
    }
}

#[test]
fn defaults_every_check_answers_yes_in_json_and_nothing_is_left_behind() {
    let broker = Mosquitto::start();
    let (doc, out) = json_report(&plain_target(&broker));
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    for check in doc["checks"].as_array().unwrap() {
        assert_eq!(check["status"], "yes", "{check}");
    }
    assert_eq!(doc["checks"].as_array().unwrap().len(), 23);
    assert_eq!(doc["protocol_version"], "5.0");
    assert_eq!(doc["tls"], Value::Null);
    assert!(doc["server"]["version"].as_str().unwrap().starts_with("mosquitto version"), "{doc}");
    let names: Vec<&str> = doc["connack_properties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"Retain Available") && !names.contains(&"Maximum QoS"), "{names:?}");
    let payload = &check(&doc, "max-payload")["details"];
    assert_eq!(payload["largest_accepted"], 1 << 20);
    assert_eq!(payload["bounded_by_search"], true);
    assert_eq!(check(&doc, "max-topic")["details"]["largest_accepted"], 65535);
    assert_eq!(check(&doc, "max-client-id")["details"]["largest_accepted"], 65535);
    assert_eq!(check(&doc, "qos2")["details"]["delivered_qos"], 2);
    assert_eq!(doc["cleanup_problems"], serde_json::json!([]));
    let prefix = doc["topic_prefix"].as_str().unwrap();
    assert!(prefix.starts_with("mqtt-inspect/"), "{prefix}");
    assert_eq!(retained_under(broker.port(), prefix, None), Vec::<String>::new());
}

#[test]
fn defaults_text_table() {
    let broker = Mosquitto::start();
    let mut arguments = plain_target(&broker);
    arguments.extend(args(&["--skip", "will-delay,expiry,max-payload"]));
    let out = mqtt(&arguments);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("Broker         mqtt://127.0.0.1:{}\n", broker.port())),
        "{text}"
    );
    assert!(text.contains("Server         mosquitto version"), "{text}");
    assert!(text.contains("MQTT 5.0 CONNACK properties\n"), "{text}");
    for id in [
        "qos2",
        "retain",
        "shared",
        "will",
        "session",
        "topic-alias",
        "receive-maximum",
        "max-topic",
    ] {
        let row = text
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row {id}:\n{text}"));
        assert!(row.split_whitespace().nth(1) == Some("yes"), "{row}");
    }
    assert!(
        !text.contains("will-delay") && !text.contains("max-payload"),
        "skipped checks are left out:\n{text}"
    );
}

#[test]
fn restricted_broker_differences_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let (broker, tls) = restricted(dir.path());
    let (doc, out) = json_report(&tls_target(&broker, &tls));
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));

    // Identity and reach: TLS with the test CA's chain.
    let tls_info = &doc["tls"];
    assert!(tls_info["version"].as_str().unwrap().starts_with("TLSv1."), "{tls_info}");
    assert!(!tls_info["cipher"].as_str().unwrap().is_empty());
    let leaf = &tls_info["certificates"][0];
    assert!(leaf["subject"].as_str().unwrap().contains("localhost"), "{leaf}");
    assert!(leaf["issuer"].as_str().unwrap().contains("mqtt test CA"), "{leaf}");
    let names: Vec<&str> =
        leaf["names"].as_array().unwrap().iter().map(|name| name.as_str().unwrap()).collect();
    assert!(names.contains(&"localhost") && names.contains(&"127.0.0.1"), "{names:?}");
    assert!(leaf["days_left"].as_i64().unwrap() > 30);
    assert_eq!(leaf["warning"], Value::Null);

    // The CONNACK says what is restricted.
    let connack = doc["connack_properties"].as_array().unwrap();
    let property =
        |name: &str| connack.iter().find(|p| p["name"] == name).map(|p| p["value"].clone());
    assert_eq!(property("Maximum QoS"), Some(1.into()));
    assert_eq!(property("Retain Available"), Some(false.into()));
    assert_eq!(property("Maximum Packet Size"), Some(MAX_PACKET_SIZE.into()));

    // Measured behaviour.
    assert_eq!(status(&doc, "qos1"), "yes");
    assert_eq!(status(&doc, "qos2"), "no");
    assert!(check(&doc, "qos2")["summary"].as_str().unwrap().contains("Maximum QoS 1"));
    assert_eq!(check(&doc, "qos2")["details"]["granted_qos"], 1);
    assert_eq!(status(&doc, "retain"), "no");
    assert!(
        check(&doc, "retain")["summary"].as_str().unwrap().contains("Retain not supported"),
        "{}",
        check(&doc, "retain")
    );
    assert_eq!(status(&doc, "sys"), "no", "$SYS needs retained messages");
    assert_eq!(status(&doc, "retain-as-published"), "skipped");
    assert_eq!(status(&doc, "retain-handling"), "skipped");
    for id in [
        "mqtt311",
        "mqtt5",
        "qos0",
        "wildcards",
        "shared",
        "will",
        "session",
        "no-local",
        "receive-maximum",
    ] {
        assert_eq!(status(&doc, id), "yes", "{}", check(&doc, id));
    }
    let payload = &check(&doc, "max-payload")["details"];
    assert_eq!(payload["largest_accepted"], MESSAGE_SIZE_LIMIT);
    // mosquitto refuses with PUBACK 0x95, a code MQTT 5 does not list for
    // PUBACK: a refusal by name all the same.
    assert_eq!(payload["refusal"], "PUBACK 0x95 Packet too large", "{payload}");
    // The topic search stops at the announced Maximum Packet Size
    // (MQTT-3.2.2-15); the client id search cannot know it (CONNECT comes
    // first) and finds the refusal.
    let topic = &check(&doc, "max-topic")["details"];
    let largest = topic["largest_accepted"].as_u64().unwrap();
    assert!(largest < MAX_PACKET_SIZE && largest > MAX_PACKET_SIZE - 100, "{topic}");
    assert_eq!(topic["announced_maximum"], MAX_PACKET_SIZE, "{topic}");
    assert_eq!(topic["smallest_refused"], serde_json::Value::Null, "nothing over the limit sent");
    let client_id = &check(&doc, "max-client-id")["details"];
    let largest = client_id["largest_accepted"].as_u64().unwrap();
    assert!(largest < MAX_PACKET_SIZE && largest > MAX_PACKET_SIZE - 100, "{client_id}");
    assert_eq!(client_id["smallest_refused"], largest + 1);
    assert_eq!(doc["cleanup_problems"], serde_json::json!([]));
}

/// Asked to, the size search goes past the announced limit and finds where
/// the broker refuses; the refusal is named once.
#[test]
fn size_searches_past_the_announced_limit_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (broker, _tls) = restricted(dir.path());
    let mut arguments = plain_target(&broker);
    arguments.extend(args(&[
        "-u",
        USER,
        "-P",
        PASSWORD,
        "--only",
        "max-topic",
        "--exceed-announced-limits",
    ]));
    let (doc, out) = json_report(&arguments);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let details = &check(&doc, "max-topic")["details"];
    let largest = details["largest_accepted"].as_u64().unwrap();
    assert_eq!(details["smallest_refused"], largest + 1, "{details}");
    let refusal = details["refusal"].as_str().unwrap();
    assert_eq!(refusal.matches("Packet too large").count(), 1, "{refusal}");

    let mut arguments = plain_target(&broker);
    arguments.extend(args(&["-u", USER, "-P", PASSWORD, "--no-size-probes"]));
    let (doc, _) = json_report(&arguments);
    for id in ["max-payload", "max-topic", "max-client-id"] {
        assert!(
            doc["checks"].as_array().unwrap().iter().all(|check| check["id"] != id),
            "--no-size-probes leaves {id} out"
        );
    }
    assert_eq!(status(&doc, "qos1"), "yes", "the other checks run");
}

#[test]
fn restricted_broker_differences_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let (broker, tls) = restricted(dir.path());
    let mut arguments = tls_target(&broker, &tls);
    arguments.extend(args(&["--only", "qos1,qos2,retain,retain-handling,max-payload"]));
    let out = mqtt(&arguments);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("TLS            TLSv1."), "{text}");
    assert!(text.contains("Certificate 1  CN=localhost"), "{text}");
    assert!(text.contains("Maximum QoS                       1"), "{text}");
    assert!(text.contains("Retain Available                  0"), "{text}");
    let row = |id: &str| {
        text.lines()
            .find(|line| line.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("qos1").contains(" yes "), "{text}");
    assert!(row("qos2").contains(" no ") && row("qos2").contains("Maximum QoS 1"), "{text}");
    assert!(row("retain").contains(" no "), "{text}");
    assert!(row("retain-handling").contains(" skipped "), "{text}");
    assert!(
        row("max-payload").contains(&format!(
            "{MESSAGE_SIZE_LIMIT} bytes; {} refused: PUBACK 0x95 Packet too large",
            MESSAGE_SIZE_LIMIT + 1
        )),
        "{text}"
    );
}

#[test]
fn require_fails_with_exit_9_naming_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (broker, tls) = restricted(dir.path());
    let mut arguments = tls_target(&broker, &tls);
    arguments.extend(args(&["--only", "qos0", "--require", "qos1,qos2,retain"]));
    let (doc, out) = json_report(&arguments);
    assert_eq!(out.status.code(), Some(9), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(doc["missing"], serde_json::json!(["qos2", "retain"]));
    let ran: Vec<&str> =
        doc["checks"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ran, ["qos0", "qos1", "qos2", "retain"], "required checks run despite --only");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("qos2 (no:") && stderr.contains("retain (no:"), "{stderr}");
    assert!(!stderr.contains("qos1 ("), "{stderr}");

    let defaults = Mosquitto::start();
    let mut arguments = plain_target(&defaults);
    arguments.extend(args(&["--only", "mqtt5", "--require", "qos2,retain,shared"]));
    let out = mqtt(&arguments);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn connection_failures_have_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (broker, tls) = restricted(dir.path());
    let mut arguments = tls_target(&broker, &tls);
    let password = arguments.iter().position(|arg| arg == PASSWORD).unwrap();
    arguments[password] = "wrong".into();
    let out = mqtt(&arguments);
    assert_eq!(out.status.code(), Some(5), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Not authorized") || stderr.contains("Bad User Name or Password"),
        "{stderr}"
    );
    // Without our CA the certificate is not trusted: unreachable.
    let out = mqtt(&args(&["-h", "localhost", "-p", &broker.extra_port(0).to_string(), "--tls"]));
    assert_eq!(out.status.code(), Some(3), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let nobody = mqtt_test_support::free_port();
    let out = mqtt(&args(&["-h", "127.0.0.1", "-p", &nobody.to_string()]));
    assert_eq!(out.status.code(), Some(3), "stderr: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_mqtt_311_report_skips_mqtt_5_checks() {
    let broker = Mosquitto::start();
    let mut arguments = plain_target(&broker);
    arguments.extend(args(&["-V", "311", "--only", "qos1,will-delay,no-local,session"]));
    let (doc, out) = json_report(&arguments);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(doc["protocol_version"], "3.1.1");
    assert_eq!(doc["connack_properties"], Value::Null);
    assert_eq!(status(&doc, "qos1"), "yes");
    assert_eq!(status(&doc, "session"), "yes");
    assert_eq!(status(&doc, "will-delay"), "skipped");
    assert_eq!(status(&doc, "no-local"), "skipped");
}

#[test]
fn debug_traces_packets_with_the_password_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let (broker, tls) = restricted(dir.path());
    let mut arguments = tls_target(&broker, &tls);
    arguments.extend(args(&["--only", "qos1", "-d"]));
    let out = mqtt(&arguments);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sent CONNECT (MQTT 5.0"), "{stderr}");
    assert!(stderr.contains("password (10 bytes, hidden)"), "{stderr}");
    assert!(stderr.contains("received CONNACK (Success"), "{stderr}");
    assert!(stderr.contains("received PUBACK (id "), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "the password leaked: {stderr}");
}

/// The report opens its own connections: options that would do nothing
/// there are refused, and `--json` always prints a document.
#[test]
fn ignored_options_are_refused_and_json_reports_a_failure_too() {
    let refused = mqtt(&args(&["-i", "me", "-c", "--will-topic", "w", "--ack-timeout", "5s"]));
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(
            "-i, -c, --will-topic, --ack-timeout (use --timeout) cannot be used with mqtt inspect"
        ),
        "{stderr}"
    );

    let port = mqtt_test_support::free_port().to_string();
    let failed = mqtt(&args(&["-h", "127.0.0.1", "-p", &port, "--json"]));
    assert_eq!(failed.status.code(), Some(3));
    let doc: Value = serde_json::from_slice(&failed.stdout).expect("a JSON document on stdout");
    assert_eq!(doc["error"]["exit_code"], 3);
    assert!(doc["error"]["message"].as_str().unwrap().contains("cannot connect"), "{doc}");
}
