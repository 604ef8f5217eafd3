//! TLS transport against a real mosquitto with a TLS listener whose
//! certificates come from a CA generated for each test: verification,
//! insecure mode, mutual TLS, server names, versions and ALPN.

use mqtt_client::transport::{TlsVersion, Transport, TransportError};
use mqtt_test_support::relay::Relay;

use crate::support::transport::{
    connect_and_expect_connack, connect_error, exchange_connect, material_in, tls_broker,
    tls_options,
};

#[tokio::test]
async fn tls_with_the_test_ca_is_accepted_and_reports_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "");
    let connected = connect_and_expect_connack(&tls_options(broker.extra_port(0), &material)).await;
    assert!(matches!(connected.transport, Transport::Tls(_)));
    let info = connected.info;
    assert!(info.tls_handshake.is_some() && info.ws_handshake.is_none());
    let tls = info.tls.expect("tls session info");
    assert_eq!(tls.server_name, "127.0.0.1");
    assert!(tls.version.is_some(), "no protocol version in {tls:?}");
    let suite = tls.cipher_suite.clone().expect("a cipher suite");
    assert!(suite.starts_with("TLS"), "unexpected cipher suite name {suite}");
    assert_eq!(tls.alpn_protocol, None);
    let leaf = tls.peer_certificates.first().expect("a peer certificate");
    assert_eq!(leaf.as_slice(), material.server.cert_der.as_ref());
}

#[tokio::test]
async fn a_dns_name_is_verified_against_the_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "");
    let mut options = tls_options(broker.extra_port(0), &material);
    options.broker.host = "localhost".into();
    let connected = connect_and_expect_connack(&options).await;
    assert_eq!(connected.info.tls.unwrap().server_name, "localhost");
}

#[tokio::test]
async fn a_ca_directory_is_trusted_like_a_ca_file() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let ca_dir = dir.path().join("capath");
    std::fs::create_dir(&ca_dir).unwrap();
    std::fs::copy(&material.ca.cert_path, ca_dir.join("test-ca.pem")).unwrap();
    std::fs::write(ca_dir.join("README"), "not a certificate\n").unwrap();
    let broker = tls_broker(&material, "");
    let mut options = tls_options(broker.extra_port(0), &material);
    options.tls.ca_file = None;
    options.tls.ca_dir = Some(ca_dir);
    connect_and_expect_connack(&options).await;
}

#[tokio::test]
async fn an_unknown_ca_fails_verification_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let other = material_in(dir.path(), "other");
    let broker = tls_broker(&material, "");
    let port = broker.extra_port(0);
    let error = connect_error(&tls_options(port, &other)).await;
    assert!(matches!(error, TransportError::TlsHandshake { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(message.contains("UnknownIssuer"), "{message}");
    assert!(message.contains("not signed by a trusted ca"), "{message}");

    // The defaults (system CA store, no extra CA) fail too: with an
    // unknown issuer, or, on a machine without a CA store, before connecting.
    let mut options = tls_options(port, &material);
    options.tls = Default::default();
    match connect_error(&options).await {
        TransportError::TlsHandshake { source, .. } => {
            assert!(source.to_string().contains("UnknownIssuer"), "{source}")
        }
        TransportError::NoTrustAnchors { .. } => {}
        other => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test]
async fn insecure_mode_accepts_an_unknown_ca_and_any_name() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "");
    let mut options = tls_options(broker.extra_port(0), &material);
    options.tls.ca_file = None;
    options.tls.danger_accept_any_certificate = true;
    options.tls.server_name = Some("not-the-broker.example".into());
    let connected = connect_and_expect_connack(&options).await;
    assert_eq!(connected.info.tls.unwrap().server_name, "not-the-broker.example");
}

#[tokio::test]
async fn a_wrong_server_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "");
    let mut options = tls_options(broker.extra_port(0), &material);
    options.tls.server_name = Some("broker.example.org".into());
    let error = connect_error(&options).await;
    let message = error.to_string();
    assert!(matches!(error, TransportError::TlsHandshake { .. }), "{error:?}");
    assert!(message.contains("server name `broker.example.org`"), "{message}");
    assert!(message.contains("does not cover this host name"), "{message}");
    // The override also works the other way: an IP host, a DNS name checked.
    options.tls.server_name = Some("localhost".into());
    connect_and_expect_connack(&options).await;
}

#[tokio::test]
async fn each_tls_version_can_be_selected() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "");
    for version in [TlsVersion::Tls12, TlsVersion::Tls13] {
        let mut options = tls_options(broker.extra_port(0), &material);
        options.tls.versions = vec![version];
        let connected = connect_and_expect_connack(&options).await;
        assert_eq!(connected.info.tls.unwrap().version, Some(version));
    }
}

#[tokio::test]
async fn mutual_tls_accepts_the_client_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "require_certificate true");
    let mut options = tls_options(broker.extra_port(0), &material);
    options.tls.client_cert = Some(material.client.cert_path.clone());
    options.tls.client_key = Some(material.client.key_path.clone());
    connect_and_expect_connack(&options).await;
}

#[tokio::test]
async fn mutual_tls_refuses_a_client_without_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "require_certificate true");
    // TLS 1.3: the client finishes its side of the handshake before the
    // server has checked the (missing) certificate, so the refusal arrives
    // as the first read; either way no CONNACK may come back.
    let options = tls_options(broker.extra_port(0), &material);
    if let Ok(mut connected) = mqtt_client::transport::connect(&options).await {
        let reply = exchange_connect(&mut connected.transport).await;
        assert!(reply.is_err(), "got {reply:?} instead of a refusal");
    }
    // TLS 1.2: the refusal is part of the handshake itself.
    let mut options = tls_options(broker.extra_port(0), &material);
    options.tls.versions = vec![TlsVersion::Tls12];
    let message = connect_error(&options).await.to_string();
    assert!(message.contains("tls handshake"), "{message}");
    assert!(message.contains("may require a client certificate"), "{message}");
}

#[tokio::test]
async fn alpn_is_offered_to_mosquitto_which_negotiates_none() {
    // mosquitto 2.0.11 has no listener ALPN setting: the offer is ignored
    // and the connection proceeds without a negotiated protocol.
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = tls_broker(&material, "");
    let mut options = tls_options(broker.extra_port(0), &material);
    options.tls.alpn = vec![b"mqtt".to_vec()];
    let connected = connect_and_expect_connack(&options).await;
    assert_eq!(connected.info.tls.unwrap().alpn_protocol, None);
}

#[tokio::test]
async fn alpn_is_negotiated_with_a_server_that_supports_it() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = mqtt_test_support::Mosquitto::start();
    let relay = Relay::builder(broker.addr())
        .tls(material.rustls_server_config(&[b"x-amzn-mqtt-ca", b"mqtt"]))
        .start();
    let mut options = tls_options(relay.port(), &material);
    options.tls.alpn = vec![b"mqtt".to_vec(), b"http/1.1".to_vec()];
    let connected = connect_and_expect_connack(&options).await;
    assert_eq!(connected.info.tls.unwrap().alpn_protocol.as_deref(), Some(&b"mqtt"[..]));
}

#[tokio::test]
async fn an_alpn_mismatch_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let material = material_in(dir.path(), "pki");
    let broker = mqtt_test_support::Mosquitto::start();
    let relay =
        Relay::builder(broker.addr()).tls(material.rustls_server_config(&[b"x-other"])).start();
    let mut options = tls_options(relay.port(), &material);
    options.tls.alpn = vec![b"mqtt".to_vec()];
    let message = connect_error(&options).await.to_string();
    assert!(message.contains("none of the offered alpn protocols"), "{message}");
}
