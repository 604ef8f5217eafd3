//! A relay in front of a TCP address (usually mosquitto): it accepts on
//! `127.0.0.1:0`, optionally terminates TLS and/or a WebSocket, and pipes the
//! bytes to and from the target. Debian's mosquitto has no WebSocket
//! listener, so `ws://` and `wss://` tests go through this relay; a TLS-only
//! relay offering ALPN stands in for a broker that negotiates ALPN.
//!
//! Policy: the relay runs on its own thread with its own single-threaded
//! tokio runtime, so synchronous and asynchronous tests can both use it. Its
//! listener is bound before [`RelayBuilder::start`] returns (no waiting, no
//! race); dropping the [`Relay`] stops the runtime and every connection.
//! It is deliberately simple: one TCP connection to the target per client.

use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;
use tokio_tungstenite::tungstenite::handshake::server::{
    Callback, ErrorResponse, Request, Response,
};
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::Message;

/// How a [`Relay`] is set up; see [`Relay::builder`].
pub struct RelayBuilder {
    target: SocketAddr,
    websocket: bool,
    subprotocol: Option<String>,
    tls: Option<Arc<rustls::ServerConfig>>,
}

impl RelayBuilder {
    /// Terminates a WebSocket (binary frames carry the bytes). The relay
    /// answers subprotocol `mqtt` when the client asks for it.
    pub fn websocket(mut self) -> Self {
        self.websocket = true;
        self
    }

    /// Answers this subprotocol instead of `mqtt` (`None`: answer none), to
    /// test a client's subprotocol check.
    pub fn answer_subprotocol(mut self, subprotocol: Option<&str>) -> Self {
        self.subprotocol = subprotocol.map(str::to_owned);
        self
    }

    /// Terminates TLS with this server config before anything else.
    pub fn tls(mut self, config: Arc<rustls::ServerConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    /// Binds `127.0.0.1:0` and starts relaying on a thread of its own.
    pub fn start(self) -> Relay {
        let listener = StdTcpListener::bind("127.0.0.1:0").expect("bind the relay listener");
        listener.set_nonblocking(true).expect("make the relay listener non-blocking");
        let addr = listener.local_addr().expect("relay listener address");
        let frames = Arc::new(AtomicUsize::new(0));
        let (stop, stopped) = oneshot::channel();
        let setup = Arc::new(Setup {
            target: self.target,
            websocket: self.websocket,
            subprotocol: self.subprotocol,
            tls: self.tls.map(TlsAcceptor::from),
            frames: frames.clone(),
        });
        let thread = std::thread::Builder::new()
            .name(format!("relay-{addr}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("relay runtime");
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(listener).expect("relay listener");
                    tokio::select! {
                        _ = stopped => {}
                        _ = accept_loop(listener, setup) => {}
                    }
                });
            })
            .expect("spawn the relay thread");
        Relay { addr, frames, stop: Some(stop), thread: Some(thread) }
    }
}

/// A running relay; stopped on drop.
pub struct Relay {
    addr: SocketAddr,
    frames: Arc<AtomicUsize>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Relay {
    /// A relay to `target`: plain TCP until [`RelayBuilder::websocket`] or
    /// [`RelayBuilder::tls`] are chosen.
    pub fn builder(target: SocketAddr) -> RelayBuilder {
        RelayBuilder { target, websocket: false, subprotocol: Some("mqtt".to_owned()), tls: None }
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Binary WebSocket messages received from clients so far (all
    /// connections together).
    pub fn frames_received(&self) -> usize {
        self.frames.load(Ordering::SeqCst)
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Setup {
    target: SocketAddr,
    websocket: bool,
    subprotocol: Option<String>,
    tls: Option<TlsAcceptor>,
    frames: Arc<AtomicUsize>,
}

async fn accept_loop(listener: TcpListener, setup: Arc<Setup>) {
    while let Ok((stream, _peer)) = listener.accept().await {
        let setup = setup.clone();
        tokio::spawn(async move {
            // A failed client (bad handshake, reset) ends only its own task.
            let _ = serve(stream, &setup).await;
        });
    }
}

async fn serve(stream: TcpStream, setup: &Setup) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    match &setup.tls {
        Some(acceptor) => {
            let stream = acceptor.accept(stream).await?;
            serve_plain_or_ws(stream, setup).await
        }
        None => serve_plain_or_ws(stream, setup).await,
    }
}

async fn serve_plain_or_ws<S>(mut client: S, setup: &Setup) -> std::io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut upstream = TcpStream::connect(setup.target).await?;
    upstream.set_nodelay(true)?;
    if !setup.websocket {
        tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
        return Ok(());
    }
    let answer = SubprotocolAnswer(setup.subprotocol.clone());
    let websocket =
        tokio_tungstenite::accept_hdr_async(client, answer).await.map_err(std::io::Error::other)?;
    let (mut ws_sink, mut ws_stream) = websocket.split();
    let (mut upstream_read, mut upstream_write) = upstream.split();
    let client_to_broker = async {
        while let Some(message) = ws_stream.next().await {
            match message.map_err(std::io::Error::other)? {
                Message::Binary(data) => {
                    setup.frames.fetch_add(1, Ordering::SeqCst);
                    upstream_write.write_all(&data).await?;
                }
                Message::Close(_) => break,
                // tungstenite answers pings itself; text is not MQTT.
                Message::Text(_) => return Err(std::io::Error::other("text frame from client")),
                _ => {}
            }
        }
        upstream_write.shutdown().await
    };
    let broker_to_client = async {
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let read = upstream_read.read(&mut buffer).await?;
            if read == 0 {
                let _ = ws_sink.close().await;
                return Ok::<(), std::io::Error>(());
            }
            ws_sink
                .send(Message::Binary(buffer[..read].to_vec().into()))
                .await
                .map_err(std::io::Error::other)?;
        }
    };
    tokio::select! {
        result = client_to_broker => result,
        result = broker_to_client => result,
    }
}

/// Answers the configured subprotocol when the client offered any; a
/// client that offered no subprotocol at all is refused, like a
/// WebSocket-enabled mosquitto does.
struct SubprotocolAnswer(Option<String>);

impl Callback for SubprotocolAnswer {
    fn on_request(
        self,
        request: &Request,
        mut response: Response,
    ) -> Result<Response, ErrorResponse> {
        let offered = request
            .headers()
            .get_all("Sec-WebSocket-Protocol")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|protocol| !protocol.trim().is_empty());
        if !offered {
            let mut refusal = ErrorResponse::new(Some("no WebSocket subprotocol offered".into()));
            *refusal.status_mut() = StatusCode::BAD_REQUEST;
            return Err(refusal);
        }
        if let Some(answer) = self.0 {
            let value = HeaderValue::from_str(&answer).expect("subprotocol is a header value");
            response.headers_mut().insert("Sec-WebSocket-Protocol", value);
        }
        Ok(response)
    }
}
