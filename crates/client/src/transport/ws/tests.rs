//! Unit tests of the WebSocket adapter against a scripted tungstenite peer
//! over an in-memory pipe: frame batching, partial reads, control frames
//! and the subprotocol check, which a real broker would not let us provoke.

use futures_util::{SinkExt, StreamExt};
use tokio::io::{duplex, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::{handshake, WsStream, FRAME_TARGET};
use crate::transport::error::TransportError;

async fn pair() -> (WsStream<DuplexStream>, WebSocketStream<DuplexStream>) {
    let (client, server) = duplex(1 << 20);
    let client = WebSocketStream::from_raw_socket(client, Role::Client, None).await;
    let server = WebSocketStream::from_raw_socket(server, Role::Server, None).await;
    (WsStream::new(client), server)
}

async fn next_binary(server: &mut WebSocketStream<DuplexStream>) -> Vec<u8> {
    match server.next().await {
        Some(Ok(Message::Binary(data))) => data.to_vec(),
        other => panic!("expected a binary frame, got {other:?}"),
    }
}

#[tokio::test]
async fn writes_until_flush_form_one_binary_frame() {
    let (mut client, mut server) = pair().await;
    client.write_all(b"\x10\x0c").await.unwrap();
    client.write_all(b"\x00\x04MQTT").await.unwrap();
    let parts = [std::io::IoSlice::new(b"\x04\x02"), std::io::IoSlice::new(b"\x00\x3c\x00\x00")];
    assert_eq!(client.write_vectored(&parts).await.unwrap(), 6, "all slices are taken at once");
    client.flush().await.unwrap();
    client.write_all(b"\xc0\x00").await.unwrap();
    client.flush().await.unwrap();
    assert_eq!(next_binary(&mut server).await, b"\x10\x0c\x00\x04MQTT\x04\x02\x00\x3c\x00\x00");
    assert_eq!(next_binary(&mut server).await, b"\xc0\x00");
}

#[tokio::test]
async fn a_full_batch_is_sent_before_the_next_write() {
    let (mut client, mut server) = pair().await;
    let big = vec![7u8; FRAME_TARGET];
    client.write_all(&big).await.unwrap();
    client.write_all(b"x").await.unwrap();
    client.flush().await.unwrap();
    assert_eq!(next_binary(&mut server).await.len(), FRAME_TARGET);
    assert_eq!(next_binary(&mut server).await, b"x");
}

#[tokio::test]
async fn a_frame_can_be_read_in_pieces_and_frames_join() {
    let (mut client, mut server) = pair().await;
    server.send(Message::Binary(b"\x20\x02".to_vec().into())).await.unwrap();
    server.send(Message::Binary(b"\x00\x00rest".to_vec().into())).await.unwrap();
    let mut first = [0u8; 1];
    client.read_exact(&mut first).await.unwrap();
    let mut next = [0u8; 7];
    client.read_exact(&mut next).await.unwrap();
    assert_eq!((&first[..], &next[..]), (&b"\x20"[..], &b"\x02\x00\x00rest"[..]));
}

#[tokio::test]
async fn ping_is_answered_pong_ignored_and_close_reads_as_eof() {
    let (mut client, mut server) = pair().await;
    server.send(Message::Ping(b"are you there".to_vec().into())).await.unwrap();
    server.send(Message::Pong(b"unsolicited".to_vec().into())).await.unwrap();
    server.send(Message::Binary(b"data".to_vec().into())).await.unwrap();
    let mut data = [0u8; 4];
    client.read_exact(&mut data).await.unwrap();
    assert_eq!(&data, b"data");
    match server.next().await {
        Some(Ok(Message::Pong(payload))) => assert_eq!(&payload[..], b"are you there"),
        other => panic!("expected the pong answer, got {other:?}"),
    }
    server.close(None).await.unwrap();
    let mut rest = Vec::new();
    assert_eq!(client.read_to_end(&mut rest).await.unwrap(), 0);
}

#[tokio::test]
async fn a_text_frame_is_invalid_data() {
    let (mut client, mut server) = pair().await;
    server.send(Message::text("{\"not\":\"mqtt\"}")).await.unwrap();
    let mut buffer = [0u8; 8];
    let error = client.read(&mut buffer).await.expect_err("text must be refused");
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains("binary frames"), "{error}");
}

/// Runs the client handshake against a server answering `answer`.
// The callback's result type is tungstenite's, not ours to shrink.
#[allow(clippy::result_large_err)]
async fn handshake_answering(answer: Option<&'static str>) -> Result<(), TransportError> {
    let (client, server) = duplex(1 << 16);
    let server_task = tokio::spawn(async move {
        let callback = move |request: &Request, mut response: Response| {
            let offered = request.headers().get("Sec-WebSocket-Protocol").cloned();
            assert_eq!(offered, Some(HeaderValue::from_static("mqtt")));
            if let Some(answer) = answer {
                response.headers_mut().insert("Sec-WebSocket-Protocol", answer.parse().unwrap());
            }
            Ok(response)
        };
        let _ = tokio_tungstenite::accept_hdr_async(server, callback).await;
    });
    let result = handshake(client, "ws://127.0.0.1:1/mqtt").await.map(|_| ());
    server_task.await.unwrap();
    result
}

#[tokio::test]
async fn handshake_requests_and_checks_the_mqtt_subprotocol() {
    handshake_answering(Some("mqtt")).await.expect("mqtt accepted");
    for (answer, expected) in [(None, "answered none"), (Some("chat"), "answered a different one")]
    {
        let error = handshake_answering(answer).await.expect_err("must be refused");
        assert!(matches!(error, TransportError::WebSocketSubprotocol { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("subprotocol `mqtt`") && message.contains(expected), "{message}");
    }
}
