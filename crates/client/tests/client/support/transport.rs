//! Shared helpers of the transport tests: a fixed MQTT 3.1.1 CONNECT in raw
//! bytes (the codec lives elsewhere), TLS brokers, and option builders.

use std::path::Path;
use std::time::Duration;

use mqtt_client::transport::{Connected, Transport, TransportError, TransportOptions};
use mqtt_client::BrokerUrl;
use mqtt_test_support::tls::TlsMaterial;
use mqtt_test_support::Mosquitto;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// CONNECT: MQTT 3.1.1, clean session, keep-alive 60 s, empty client id.
pub const CONNECT: [u8; 14] =
    [0x10, 0x0c, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00];

/// CONNACK: no session present, return code 0 (accepted).
pub const CONNACK_ACCEPTED: [u8; 4] = [0x20, 0x02, 0x00, 0x00];

/// Guards against a hang only; no test asserts on time.
const REPLY_GUARD: Duration = Duration::from_secs(30);

/// Sends CONNECT (in two writes and one flush, so a WebSocket transport
/// must merge them) and reads four bytes of reply.
pub async fn exchange_connect(transport: &mut Transport) -> std::io::Result<[u8; 4]> {
    let work = async {
        transport.write_all(&CONNECT[..2]).await?;
        transport.write_all(&CONNECT[2..]).await?;
        transport.flush().await?;
        let mut reply = [0u8; 4];
        transport.read_exact(&mut reply).await?;
        Ok(reply)
    };
    tokio::time::timeout(REPLY_GUARD, work).await.expect("the broker neither replied nor closed")
}

/// Connects with `options` and asserts the broker accepts our CONNECT.
pub async fn connect_and_expect_connack(options: &TransportOptions) -> Connected {
    let mut connected = mqtt_client::transport::connect(options)
        .await
        .unwrap_or_else(|error| panic!("connect to {}: {error}", options.broker));
    let reply = exchange_connect(&mut connected.transport).await.expect("read CONNACK");
    assert_eq!(reply, CONNACK_ACCEPTED, "unexpected reply from {}", options.broker);
    connected
}

/// Options for `url` with default settings.
pub fn options(url: &str) -> TransportOptions {
    TransportOptions::new(BrokerUrl::parse(url).expect("test url parses"))
}

/// Options for a TLS broker on `port` that trust only the test CA.
pub fn tls_options(port: u16, material: &TlsMaterial) -> TransportOptions {
    let mut options = options(&format!("mqtts://127.0.0.1:{port}"));
    options.tls.use_system_roots = false;
    options.tls.ca_file = Some(material.ca.cert_path.clone());
    options
}

/// A broker with one TLS listener (its port: `extra_port(0)`) using
/// `material`, plus `extra` listener lines.
pub fn tls_broker(material: &TlsMaterial, extra: &str) -> Mosquitto {
    let lines = material.mosquitto_listener_lines();
    let extra = extra.to_owned();
    Mosquitto::builder()
        .listener(move |port| format!("listener {port} 127.0.0.1\n{lines}\n{extra}"))
        .start()
}

/// Generates TLS material into a new directory under `dir`.
pub fn material_in(dir: &Path, name: &str) -> TlsMaterial {
    TlsMaterial::generate(&dir.join(name))
}

/// Connects and returns the error, panicking if the connection succeeded.
pub async fn connect_error(options: &TransportOptions) -> TransportError {
    match mqtt_client::transport::connect(options).await {
        Ok(connected) => {
            panic!("connect to {} unexpectedly succeeded: {connected:?}", options.broker)
        }
        Err(error) => error,
    }
}
