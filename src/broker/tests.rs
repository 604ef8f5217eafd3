use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::start_embedded;

/// CONNECT: MQTT 3.1.1, clean session, keep-alive 60 s, empty client id.
const CONNECT: [u8; 14] =
    [0x10, 0x0c, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embedded_broker_binds_port_zero_answers_and_shuts_down() {
    let bind: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let (addr, handle) = start_embedded(bind).await.expect("start the embedded broker");
    assert_eq!(addr.ip(), bind.ip());
    assert_ne!(addr.port(), 0);

    let mut stream = TcpStream::connect(addr).await.expect("connect to the embedded broker");
    stream.write_all(&CONNECT).await.unwrap();
    let mut connack = [0u8; 4];
    stream.read_exact(&mut connack).await.expect("CONNACK");
    assert_eq!(connack, [0x20, 0x02, 0x00, 0x00]);

    handle.shutdown().await.expect("graceful shutdown");
    // The shutdown closed the connection (the read ends) and the listener.
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the connection stayed open after shutdown");
    assert!(TcpStream::connect(addr).await.is_err(), "{addr} still accepts after shutdown");
}
