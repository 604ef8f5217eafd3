//! Plain TCP and WebSocket transports against a real mosquitto (WebSocket
//! through the test-support relay, since Debian's mosquitto has none), and
//! the errors of connecting and of preparing TLS settings.

use std::net::TcpListener;
use std::time::Duration;

use mqtt_client::transport::{ConnectStage, Connector, Transport, TransportError};
use mqtt_test_support::relay::Relay;
use mqtt_test_support::{free_port, Mosquitto};

use crate::support::transport::{
    connect_and_expect_connack, connect_error, exchange_connect, material_in, options, tls_options,
    CONNACK_ACCEPTED,
};

#[tokio::test]
async fn plain_tcp_gets_connack_with_nodelay_on() {
    let broker = Mosquitto::start();
    let connected =
        connect_and_expect_connack(&options(&format!("mqtt://{}", broker.addr()))).await;
    assert!(matches!(connected.transport, Transport::Tcp(_)));
    assert!(connected.transport.tcp_stream().unwrap().nodelay().unwrap(), "TCP_NODELAY is off");
    let info = connected.info;
    assert_eq!(info.peer_addr, mqtt_client::Endpoint::Inet(broker.addr()));
    let local = connected.transport.tcp_stream().unwrap().local_addr().unwrap();
    assert_eq!(info.local_addr, mqtt_client::Endpoint::Inet(local));
    assert!(info.tls.is_none() && info.tls_handshake.is_none() && info.ws_handshake.is_none());
    let log = broker.log();
    assert!(log.contains("New client connected"), "broker log:\n{log}");
}

#[tokio::test]
async fn one_connector_opens_many_connections() {
    let broker = Mosquitto::start();
    let connector = Connector::new(&options(&format!("tcp://{}", broker.addr()))).unwrap();
    let mut transports = Vec::new();
    for _ in 0..3 {
        let mut connected = connector.connect().await.unwrap();
        let reply = exchange_connect(&mut connected.transport).await.unwrap();
        assert_eq!(reply, CONNACK_ACCEPTED);
        transports.push(connected.transport);
    }
    let ports: std::collections::HashSet<u16> =
        transports.iter().map(|t| t.tcp_stream().unwrap().local_addr().unwrap().port()).collect();
    assert_eq!(ports.len(), 3, "connections share a socket");
}

#[tokio::test]
async fn websocket_through_the_relay_gets_connack_in_one_frame() {
    let broker = Mosquitto::start();
    let relay = Relay::builder(broker.addr()).websocket().start();
    let url = format!("ws://127.0.0.1:{}/mqtt", relay.port());
    let connected = connect_and_expect_connack(&options(&url)).await;
    assert!(matches!(connected.transport, Transport::Ws(_)));
    assert!(connected.info.ws_handshake.is_some() && connected.info.tls.is_none());
    // CONNECT went out as two writes and one flush: one binary frame.
    assert_eq!(relay.frames_received(), 1);
}

#[tokio::test]
async fn websocket_server_without_the_mqtt_subprotocol_is_refused() {
    let broker = Mosquitto::start();
    let relay = Relay::builder(broker.addr()).websocket().answer_subprotocol(None).start();
    let url = format!("ws://127.0.0.1:{}/mqtt", relay.port());
    let error = connect_error(&options(&url)).await;
    assert!(matches!(error, TransportError::WebSocketSubprotocol { .. }), "{error:?}");
    assert!(error.to_string().contains(&url), "{error}");
}

#[tokio::test]
async fn secure_websocket_through_a_tls_relay_gets_connack() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = Mosquitto::start();
    let relay =
        Relay::builder(broker.addr()).websocket().tls(material.rustls_server_config(&[])).start();
    let mut options = tls_options(relay.port(), &material);
    options.broker.scheme = mqtt_client::Scheme::Wss;
    let connected = connect_and_expect_connack(&options).await;
    assert!(matches!(connected.transport, Transport::Wss(_)));
    let info = connected.info;
    assert!(info.tls_handshake.is_some() && info.ws_handshake.is_some());
    assert_eq!(info.tls.unwrap().server_name, "127.0.0.1");
    assert_eq!(relay.frames_received(), 1);
}

#[tokio::test]
async fn a_refused_connection_names_the_address() {
    let port = free_port();
    let error = connect_error(&options(&format!("mqtt://127.0.0.1:{port}"))).await;
    let message = error.to_string();
    assert!(matches!(error, TransportError::Connect { .. }), "{error:?}");
    assert!(message.starts_with(&format!("cannot connect to 127.0.0.1:{port}: ")), "{message}");
}

/// A peer that accepts TCP (the kernel does, from the backlog) and then
/// never says a word.
fn silent_peer() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

#[tokio::test]
async fn a_silent_peer_times_out_in_the_stage_under_way() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let peer = silent_peer();
    let port = peer.local_addr().unwrap().port();
    let cases = [
        (tls_options(port, &material), ConnectStage::TlsHandshake),
        (options(&format!("ws://127.0.0.1:{port}")), ConnectStage::WebSocketHandshake),
    ];
    for (mut options, expected) in cases {
        // Loopback TCP connects in well under this, so the stage is certain.
        options.connect_timeout = Duration::from_secs(1);
        match connect_error(&options).await {
            TransportError::Timeout { stage, authority, .. } => {
                assert_eq!((stage, authority), (expected, format!("127.0.0.1:{port}")));
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
    }
}

#[test]
fn tls_files_that_cannot_be_used_are_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "this is not pem\n").unwrap();
    let missing = dir.path().join("missing.pem");
    let prepare = |edit: &dyn Fn(&mut mqtt_client::TransportOptions)| {
        let mut options = tls_options(8883, &material);
        edit(&mut options);
        Connector::new(&options).expect_err("preparing must fail").to_string()
    };
    let cases: Vec<(String, String)> = vec![
        (
            prepare(&|o| o.tls.ca_file = Some(missing.clone())),
            format!("cannot read ca file {}: ", missing.display()),
        ),
        (
            prepare(&|o| o.tls.ca_file = Some(garbage.clone())),
            format!("no certificate found in ca file {}", garbage.display()),
        ),
        (
            prepare(&|o| o.tls.client_cert = Some(material.client.cert_path.clone())),
            "a client certificate and its private key must be given together (got only the certificate)".into(),
        ),
        (
            prepare(&|o| {
                o.tls.client_cert = Some(material.client.cert_path.clone());
                o.tls.client_key = Some(material.client.cert_path.clone());
            }),
            format!("no unencrypted private key found in client key {}", material.client.cert_path.display()),
        ),
        (
            prepare(&|o| {
                o.tls.ca_file = None;
                o.tls.ca_dir = Some(dir.path().join("pki").join("nowhere"));
            }),
            "cannot read ca directory ".into(),
        ),
        (
            prepare(&|o| o.tls.ca_file = None),
            "no trusted ca certificates: the system store gave none".into(),
        ),
        (
            prepare(&|o| o.tls.server_name = Some("bad name!".into())),
            "invalid tls server name `bad name!`".into(),
        ),
    ];
    for (message, expected) in cases {
        assert!(message.starts_with(&expected), "{message:?} does not start with {expected:?}");
    }
}

#[test]
fn a_client_key_that_does_not_match_the_certificate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let mut options = tls_options(8883, &material);
    options.tls.client_cert = Some(material.client.cert_path.clone());
    options.tls.client_key = Some(material.server.key_path.clone());
    let message = Connector::new(&options).expect_err("mismatched key").to_string();
    let expected = format!(
        "cannot use client certificate {} with key {}",
        material.client.cert_path.display(),
        material.server.key_path.display()
    );
    assert!(message.starts_with(&expected), "{message}");
}
