//! A scripted fake broker on our own codec, for faults a real broker will
//! not produce: out-of-order acks, duplicate QoS 2 deliveries, malformed
//! packets, silence, DISCONNECT with a reason, sessions lost or resumed on
//! demand. It listens on 127.0.0.1:0; each test scripts it step by step.

use std::time::Duration;

use bytes::BytesMut;
use mqtt_client::{BrokerUrl, ConnectOptions, Packet, ProtocolVersion, TransportOptions};
use mqtt_proto::{decode, ConnAck, Connect, ConnectReasonCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Guards against a hang only.
const GUARD: Duration = Duration::from_secs(30);

/// The listening side.
pub struct FakeBroker {
    listener: TcpListener,
    version: ProtocolVersion,
}

impl FakeBroker {
    pub async fn start(version: ProtocolVersion) -> FakeBroker {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        FakeBroker { listener, version }
    }

    /// Client options pointing at this fake broker.
    pub fn options(&self) -> ConnectOptions {
        let port = self.listener.local_addr().unwrap().port();
        let url = BrokerUrl::parse(&format!("mqtt://127.0.0.1:{port}")).unwrap();
        let mut options = ConnectOptions::new(TransportOptions::new(url));
        options.protocol = self.version;
        options
    }

    /// The next TCP connection.
    pub async fn accept(&self) -> Peer {
        let (stream, _) = tokio::time::timeout(GUARD, self.listener.accept())
            .await
            .expect("no client connected")
            .expect("accept");
        Peer { stream, buf: BytesMut::new(), version: self.version }
    }

    /// Accepts a connection, reads CONNECT and answers `connack`.
    pub async fn accept_with(&self, connack: ConnAck) -> (Peer, Connect) {
        let mut peer = self.accept().await;
        let connect = peer.expect_connect().await;
        peer.send(&[Packet::ConnAck(connack)]).await;
        (peer, connect)
    }
}

/// An accepted CONNACK.
pub fn accepted() -> ConnAck {
    ConnAck::new(ConnectReasonCode::Success)
}

/// One connection, from the broker's side.
pub struct Peer {
    stream: TcpStream,
    buf: BytesMut,
    version: ProtocolVersion,
}

impl Peer {
    /// The next packet from the client; `None` when it closed the
    /// connection.
    pub async fn read(&mut self) -> Option<Packet> {
        tokio::time::timeout(GUARD, async {
            loop {
                if let Some(packet) = decode(&mut self.buf, self.version, usize::MAX)
                    .expect("client sent a valid packet")
                {
                    return Some(packet);
                }
                match self.stream.read_buf(&mut self.buf).await {
                    Ok(0) | Err(_) => return None,
                    Ok(_) => {}
                }
            }
        })
        .await
        .expect("the client sent nothing")
    }

    /// The next packet, which must exist.
    pub async fn next(&mut self) -> Packet {
        self.read().await.expect("the client closed the connection")
    }

    pub async fn expect_connect(&mut self) -> Connect {
        match self.next().await {
            Packet::Connect(connect) => connect,
            other => panic!("expected CONNECT, got {other:?}"),
        }
    }

    /// Sends `packets` in one write.
    pub async fn send(&mut self, packets: &[Packet]) {
        let mut out = BytesMut::new();
        for packet in packets {
            packet.encode(self.version, &mut out).expect("encode");
        }
        self.send_raw(&out).await;
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.expect("write to the client");
    }
}
