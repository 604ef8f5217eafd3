//! The TLS and WebSocket listeners, and listeners that cannot be bound.
//! mosquitto's clients have no WebSocket support, so the WebSocket side is
//! driven by our own transport with raw MQTT 3.1.1 packets.

use std::net::TcpListener;
use std::time::Duration;

use mqtt_client::transport::{Transport, TransportOptions};
use mqtt_client::BrokerUrl;
use mqtt_test_support::tls::TlsMaterial;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::harness::{publish, run_mqtt, Serve, Subscriber};

/// CONNECT: MQTT 3.1.1, clean session, keep-alive 60 s, empty client id.
const CONNECT: [u8; 14] =
    [0x10, 0x0c, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00];
/// CONNACK: accepted, no session present.
const CONNACK: [u8; 4] = [0x20, 0x02, 0x00, 0x00];
/// SUBSCRIBE packet id 1 to `ws/in` at QoS 0.
const SUBSCRIBE: [u8; 12] =
    [0x82, 0x0a, 0x00, 0x01, 0x00, 0x05, b'w', b's', b'/', b'i', b'n', 0x00];
/// SUBACK for packet id 1, granted QoS 0.
const SUBACK: [u8; 5] = [0x90, 0x03, 0x00, 0x01, 0x00];
/// A QoS 0 PUBLISH (topic and payload under 128 bytes together).
fn publish_packet(topic: &str, payload: &str) -> Vec<u8> {
    let remaining = 2 + topic.len() + payload.len();
    let mut packet = vec![0x30, u8::try_from(remaining).expect("short packet")];
    packet.extend_from_slice(&u16::try_from(topic.len()).unwrap().to_be_bytes());
    packet.extend_from_slice(topic.as_bytes());
    packet.extend_from_slice(payload.as_bytes());
    packet
}

/// Guards reads against a hang; no test asserts on time.
const REPLY_GUARD: Duration = Duration::from_secs(30);

async fn expect_bytes(transport: &mut Transport, expected: &[u8], what: &str) {
    let mut reply = vec![0u8; expected.len()];
    tokio::time::timeout(REPLY_GUARD, transport.read_exact(&mut reply))
        .await
        .unwrap_or_else(|_| panic!("no {what} within {REPLY_GUARD:?}"))
        .unwrap_or_else(|err| panic!("reading {what}: {err}"));
    assert_eq!(reply, expected, "unexpected {what}");
}

async fn send(transport: &mut Transport, bytes: &[u8]) {
    transport.write_all(bytes).await.expect("write to the broker");
    transport.flush().await.expect("flush to the broker");
}

async fn connect(url: &str, customise: impl FnOnce(&mut TransportOptions)) -> Transport {
    let mut options = TransportOptions::new(BrokerUrl::parse(url).expect("printed URL parses"));
    customise(&mut options);
    let mut connected = mqtt_client::transport::connect(&options)
        .await
        .unwrap_or_else(|err| panic!("connect to {url}: {err}"));
    send(&mut connected.transport, &CONNECT).await;
    expect_bytes(&mut connected.transport, &CONNACK, "CONNACK").await;
    connected.transport
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_clients_talk_to_tcp_clients() {
    let serve = Serve::start(&["--ws-port", "0"]);
    let port = serve.port();
    let ws_url = serve.urls.iter().find(|url| url.starts_with("ws://")).expect("a ws URL").clone();
    assert!(ws_url.ends_with("/mqtt"), "{ws_url}");
    serve.port_of("ws");

    let mut ws = connect(&ws_url, |_| {}).await;
    send(&mut ws, &SUBSCRIBE).await;
    expect_bytes(&mut ws, &SUBACK, "SUBACK").await;

    // TCP to WebSocket.
    tokio::task::spawn_blocking(move || publish(port, &["-t", "ws/in", "-m", "to ws"]))
        .await
        .unwrap();
    expect_bytes(&mut ws, &publish_packet("ws/in", "to ws"), "PUBLISH over WebSocket").await;

    // WebSocket to TCP.
    let mut tcp = tokio::task::spawn_blocking(move || Subscriber::start(port, &["-t", "ws/out"]))
        .await
        .unwrap();
    send(&mut ws, &publish_packet("ws/out", "from ws")).await;
    let (_, line) = tokio::task::spawn_blocking(move || tcp.message()).await.unwrap();
    assert_eq!(line, "ws/out from ws");
}

#[test]
fn tls_listener_serves_mosquitto_clients() {
    let dir = tempfile::tempdir().unwrap();
    let material = TlsMaterial::generate(dir.path());
    let cert = material.server.cert_path.to_str().unwrap();
    let key = material.server.key_path.to_str().unwrap();
    let serve = Serve::start(&["--tls-port", "0", "--cert", cert, "--key", key]);
    let tls_port = serve.port_of("mqtts");
    assert_ne!(tls_port, serve.port());
    let cafile = material.ca.cert_path.to_str().unwrap();

    let mut subscriber =
        Subscriber::start(tls_port, &["--cafile", cafile, "-q", "2", "-t", "tls/t"]);
    publish(tls_port, &["--cafile", cafile, "-q", "2", "-t", "tls/t", "-m", "over tls"]);
    let (header, line) = subscriber.message();
    assert_eq!(line, "tls/t over tls");
    assert!(header.contains("q2,"), "{header}");

    // The plain listener stays plain, and both share one broker.
    let mut plain = Subscriber::start(serve.port(), &["-t", "tls/t"]);
    publish(tls_port, &["--cafile", cafile, "-t", "tls/t", "-m", "shared"]);
    assert_eq!(plain.message().1, "tls/t shared");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_listener_serves_our_transport_with_the_printed_url() {
    let dir = tempfile::tempdir().unwrap();
    let material = TlsMaterial::generate(dir.path());
    let cert = material.server.cert_path.to_str().unwrap().to_owned();
    let key = material.server.key_path.to_str().unwrap().to_owned();
    let serve = Serve::start(&["--tls-port", "0", "--cert", &cert, "--key", &key]);
    let url = serve.urls.iter().find(|url| url.starts_with("mqtts://")).expect("mqtts URL");

    connect(url, |options| {
        options.tls.use_system_roots = false;
        options.tls.ca_file = Some(material.ca.cert_path.clone());
    })
    .await;
}

#[test]
fn busy_port_is_an_error_naming_the_address() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let output = run_mqtt(&["serve", "--bind", "127.0.0.1", "-p", &port]);
    assert_eq!(output.status.code(), Some(1), "{}", output.describe());
    assert!(output.stderr.contains(&format!("127.0.0.1:{port}")), "{}", output.describe());
    assert!(!output.stderr.contains("listening"), "{}", output.describe());
}

#[test]
fn busy_tls_port_is_an_error_not_a_missing_listener() {
    let dir = tempfile::tempdir().unwrap();
    let material = TlsMaterial::generate(dir.path());
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let cert = material.server.cert_path.to_str().unwrap();
    let key = material.server.key_path.to_str().unwrap();
    let output = run_mqtt(&["serve", "-p", "0", "--tls-port", &port, "--cert", cert, "--key", key]);
    assert_eq!(output.status.code(), Some(1), "{}", output.describe());
    let expected = format!("cannot listen for TLS on 127.0.0.1:{port}");
    assert!(output.stderr.contains(&expected), "{}", output.describe());
}

#[test]
fn busy_websocket_port_is_an_error() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let output = run_mqtt(&["serve", "-p", "0", "--ws-port", &port]);
    assert_eq!(output.status.code(), Some(1), "{}", output.describe());
    let expected = format!("cannot listen for WebSocket on 127.0.0.1:{port}");
    assert!(output.stderr.contains(&expected), "{}", output.describe());
}

#[test]
fn unreadable_certificate_is_named() {
    let output = run_mqtt(&[
        "serve",
        "-p",
        "0",
        "--tls-port",
        "0",
        "--cert",
        "/nonexistent/server.pem",
        "--key",
        "/nonexistent/server.key",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", output.describe());
    assert!(output.stderr.contains("--cert /nonexistent/server.pem"), "{}", output.describe());
}

#[test]
fn certificate_file_that_is_not_pem_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.pem");
    std::fs::write(&junk, "not a certificate\n").unwrap();
    let junk = junk.to_str().unwrap();
    let output = run_mqtt(&["serve", "-p", "0", "--tls-port", "0", "--cert", junk, "--key", junk]);
    assert_ne!(output.status.code(), Some(0), "{}", output.describe());
    assert!(output.stderr.contains(junk), "{}", output.describe());
    assert!(!output.stderr.contains("listening"), "{}", output.describe());
}

#[test]
fn tls_options_need_each_other() {
    for args in [
        &["serve", "--tls-port", "0"][..],
        &["serve", "--cert", "c.pem", "--key", "k.pem"],
        &["serve", "--tls-port", "0", "--cert", "c.pem"],
    ] {
        let output = run_mqtt(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", output.describe());
    }
}
