//! MQTT over WebSocket: the client handshake (subprotocol `mqtt`) and an
//! adapter from the WebSocket message stream to `AsyncRead`/`AsyncWrite`.
//!
//! Policy:
//! * Writes are collected and sent as one binary frame per flush (MQTT
//!   6.0.0-2 lets frames split and merge packets freely), so a batch of
//!   packets costs one frame; a batch grows to about [`FRAME_TARGET`] before
//!   a frame is sent without waiting for the flush.
//! * Reads hand out a received frame piece by piece, as a byte stream.
//! * Ping frames are answered by tungstenite on the next read; pong frames
//!   are ignored; a close frame or the end of the stream reads as EOF.
//! * A text frame is a protocol violation (MQTT 6.0.0-1): `InvalidData`.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_util::{Sink, Stream};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::error::{ProtocolError, SubProtocolError};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

use crate::transport::error::TransportError;

/// The WebSocket subprotocol MQTT requires (MQTT 6.0.0-3).
pub const SUBPROTOCOL: &str = "mqtt";

/// A write batch this large is sent as a frame without waiting for a flush.
pub const FRAME_TARGET: usize = 64 * 1024;

/// Largest message accepted: several maximal MQTT packets can share one.
const MAX_MESSAGE_SIZE: usize = 512 << 20;

/// A WebSocket connection used as a byte stream; see the module docs.
#[derive(Debug)]
pub struct WsStream<S> {
    inner: WebSocketStream<S>,
    read_buffer: Bytes,
    read_closed: bool,
    write_buffer: BytesMut,
}

impl<S> WsStream<S> {
    pub(crate) fn new(inner: WebSocketStream<S>) -> WsStream<S> {
        WsStream {
            inner,
            read_buffer: Bytes::new(),
            read_closed: false,
            write_buffer: BytesMut::new(),
        }
    }
}

/// Upgrades `stream` to a WebSocket at `url` (`ws://host:port/path`),
/// requesting subprotocol `mqtt` and insisting the server accepts it.
pub(crate) async fn handshake<S>(stream: S, url: &str) -> Result<WsStream<S>, TransportError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut request = url.into_client_request().map_err(|error| TransportError::WebSocketUrl {
        url: url.to_owned(),
        reason: error.to_string(),
    })?;
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(SUBPROTOCOL));
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE_SIZE))
        .max_frame_size(Some(MAX_MESSAGE_SIZE));
    let subprotocol_error = |answer: &str| TransportError::WebSocketSubprotocol {
        url: url.to_owned(),
        answer: answer.to_owned(),
    };
    match tokio_tungstenite::client_async_with_config(request, stream, Some(config)).await {
        Ok((inner, response)) => {
            match response.headers().get("Sec-WebSocket-Protocol").map(HeaderValue::to_str) {
                Some(Ok(SUBPROTOCOL)) => Ok(WsStream::new(inner)),
                Some(Ok(other)) => Err(subprotocol_error(&format!("`{other}`"))),
                Some(Err(_)) => Err(subprotocol_error("a non-text value")),
                None => Err(subprotocol_error("none")),
            }
        }
        Err(WsError::Protocol(ProtocolError::SecWebSocketSubProtocolError(error))) => {
            Err(subprotocol_error(match error {
                SubProtocolError::NoSubProtocol => "none",
                _ => "a different one",
            }))
        }
        Err(source) => Err(TransportError::WebSocketHandshake {
            url: url.to_owned(),
            source: Box::new(source),
        }),
    }
}

fn to_io_error(error: WsError) -> io::Error {
    match error {
        WsError::Io(error) => error,
        WsError::ConnectionClosed | WsError::AlreadyClosed => {
            io::Error::new(io::ErrorKind::BrokenPipe, "websocket connection closed")
        }
        other => io::Error::other(other),
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> WsStream<S> {
    /// The stream under the WebSocket (TCP or TLS).
    pub fn get_ref(&self) -> &S {
        self.inner.get_ref()
    }

    /// Hands the batch collected so far to the WebSocket as one frame.
    fn poll_send_batch(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.write_buffer.is_empty() {
            return Poll::Ready(Ok(()));
        }
        ready!(Pin::new(&mut self.inner).poll_ready(cx)).map_err(to_io_error)?;
        let frame = self.write_buffer.split().freeze();
        Pin::new(&mut self.inner).start_send(Message::Binary(frame)).map_err(to_io_error)?;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for WsStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if buf.remaining() == 0 {
                return Poll::Ready(Ok(()));
            }
            if !this.read_buffer.is_empty() {
                let count = this.read_buffer.len().min(buf.remaining());
                buf.put_slice(&this.read_buffer.split_to(count));
                return Poll::Ready(Ok(()));
            }
            if this.read_closed {
                return Poll::Ready(Ok(()));
            }
            match ready!(Pin::new(&mut this.inner).poll_next(cx)) {
                Some(Ok(Message::Binary(data))) => this.read_buffer = data,
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Close(_))) | None => this.read_closed = true,
                Some(Ok(Message::Text(_))) => {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "websocket text frame received: mqtt over websocket uses binary frames",
                    )));
                }
                Some(Err(error)) => return Poll::Ready(Err(to_io_error(error))),
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for WsStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.write_buffer.len() >= FRAME_TARGET {
            ready!(this.poll_send_batch(cx))?;
        }
        this.write_buffer.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.write_buffer.len() >= FRAME_TARGET {
            ready!(this.poll_send_batch(cx))?;
        }
        let mut written = 0;
        for buf in bufs {
            this.write_buffer.extend_from_slice(buf);
            written += buf.len();
        }
        Poll::Ready(Ok(written))
    }

    fn is_write_vectored(&self) -> bool {
        // Slices are copied into the batch anyway, so vectors cost nothing.
        true
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_send_batch(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx).map_err(to_io_error)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_send_batch(cx))?;
        Pin::new(&mut this.inner).poll_close(cx).map_err(to_io_error)
    }
}

#[cfg(test)]
mod tests;
