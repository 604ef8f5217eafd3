//! Byte-stream transports to a broker: TCP, TLS, WebSocket, WebSocket
//! over TLS and Unix sockets, behind one [`Transport`] enum; TCP may go
//! through a SOCKS5 or HTTP proxy's tunnel.
//!
//! Policy: static dispatch (an enum, no `Box<dyn>`), so the codec and
//! session layers are written once against `AsyncRead + AsyncWrite` and pay
//! no virtual call per read or write. This layer knows nothing of MQTT
//! packets; it moves bytes, and reports how the connection was made
//! ([`ConnectInfo`]).

mod connect;
mod dial;
mod error;
mod insecure;
mod keylog;
mod proxy;
mod tls;
mod ws;

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

pub use connect::{
    connect, ConnectInfo, Connected, Connector, Endpoint, TransportOptions, DEFAULT_CONNECT_TIMEOUT,
};
pub use error::{ConnectStage, TransportError};
pub use proxy::{Proxy, ProxyKind, DEFAULT_PROXY_PORT};
pub use tls::{TlsOptions, TlsSessionInfo, TlsVersion};
pub use ws::{WsStream, FRAME_TARGET, SUBPROTOCOL};

/// An open connection to a broker, over one of the five transports.
#[derive(Debug)]
pub enum Transport {
    /// Plain TCP (`mqtt://`).
    Tcp(TcpStream),
    /// TLS over TCP (`mqtts://`).
    Tls(Box<TlsStream<TcpStream>>),
    /// WebSocket over TCP (`ws://`).
    Ws(Box<WsStream<TcpStream>>),
    /// WebSocket over TLS (`wss://`).
    Wss(Box<WsStream<TlsStream<TcpStream>>>),
    /// A Unix domain socket (`unix://`).
    #[cfg(unix)]
    Unix(tokio::net::UnixStream),
}

impl Transport {
    /// The TCP connection under the transport (addresses, socket options);
    /// `None` for a Unix socket.
    pub fn tcp_stream(&self) -> Option<&TcpStream> {
        match self {
            Transport::Tcp(stream) => Some(stream),
            Transport::Tls(stream) => Some(stream.get_ref().0),
            Transport::Ws(stream) => Some(stream.get_ref()),
            Transport::Wss(stream) => Some(stream.get_ref().get_ref().0),
            #[cfg(unix)]
            Transport::Unix(_) => None,
        }
    }
}

/// Forwards a poll call to whichever transport is inside.
macro_rules! dispatch {
    ($self:ident, $stream:ident => $call:expr) => {
        match $self.get_mut() {
            Transport::Tcp($stream) => $call,
            Transport::Tls($stream) => $call,
            Transport::Ws($stream) => $call,
            Transport::Wss($stream) => $call,
            #[cfg(unix)]
            Transport::Unix($stream) => $call,
        }
    };
}

impl AsyncRead for Transport {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        dispatch!(self, stream => Pin::new(stream).poll_read(cx, buf))
    }
}

impl AsyncWrite for Transport {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        dispatch!(self, stream => Pin::new(stream).poll_write(cx, buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        dispatch!(self, stream => Pin::new(stream).poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Transport::Tcp(stream) => stream.is_write_vectored(),
            Transport::Tls(stream) => stream.is_write_vectored(),
            Transport::Ws(stream) => stream.is_write_vectored(),
            Transport::Wss(stream) => stream.is_write_vectored(),
            #[cfg(unix)]
            Transport::Unix(stream) => stream.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        dispatch!(self, stream => Pin::new(stream).poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        dispatch!(self, stream => Pin::new(stream).poll_shutdown(cx))
    }
}
