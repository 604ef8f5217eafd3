//! Opening a transport: resolve, TCP connect (or a Unix socket), a proxy's
//! tunnel, TLS and WebSocket handshakes, all under one connect timeout,
//! with the time each stage took.
//!
//! Policy: a [`Connector`] prepares everything that does not depend on the
//! connection (the TLS configuration with its CA store, the server name, the
//! WebSocket URL) once, so reconnects and many parallel connections (bench)
//! share it. TCP_NODELAY is on by default: MQTT packets are small and the
//! client batches writes itself.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::time::{timeout_at, Instant};
use tokio_rustls::TlsConnector;

use crate::transport::dial::Dial;
use crate::transport::error::{ConnectStage, TransportError};
use crate::transport::proxy::Proxy;
use crate::transport::tls::{client_config, handshake_hint, TlsOptions, TlsSessionInfo};
use crate::transport::ws::handshake;
use crate::transport::Transport;
use crate::url::{BrokerUrl, Scheme};

/// Connect timeout used by [`TransportOptions::new`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything needed to open a transport to a broker.
#[derive(Debug, Clone)]
pub struct TransportOptions {
    /// Where to connect, and over which transport.
    pub broker: BrokerUrl,
    /// Limit for resolve + TCP + TLS + WebSocket together.
    pub connect_timeout: Duration,
    /// Set TCP_NODELAY (default: true).
    pub tcp_nodelay: bool,
    /// TLS settings, used for `mqtts://` and `wss://` only.
    pub tls: TlsOptions,
    /// Reach the broker through this proxy (not for Unix sockets).
    pub proxy: Option<Proxy>,
    /// Connect from this local address (mosquitto's `-A`).
    pub bind_address: Option<IpAddr>,
}

impl TransportOptions {
    /// Options with the defaults: 10 s timeout, TCP_NODELAY, verified TLS.
    pub fn new(broker: BrokerUrl) -> TransportOptions {
        TransportOptions {
            broker,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            tcp_nodelay: true,
            tls: TlsOptions::default(),
            proxy: None,
            bind_address: None,
        }
    }
}

/// One end of a connection: an IP address and port, or a Unix socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A TCP endpoint.
    Inet(SocketAddr),
    /// A Unix socket's path (empty for an unnamed client socket).
    Unix(PathBuf),
}

/// `127.0.0.1:1883`, or the socket's path (`(unnamed)` when it has none).
impl fmt::Display for Endpoint {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Inet(address) => address.fmt(formatter),
            Endpoint::Unix(path) if path.as_os_str().is_empty() => formatter.write_str("(unnamed)"),
            Endpoint::Unix(path) => path.display().fmt(formatter),
        }
    }
}

/// How the connection went, for `mqtt inspect` and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectInfo {
    /// Where the connection went: the broker, or the proxy.
    pub peer_addr: Endpoint,
    /// Our end of the connection.
    pub local_addr: Endpoint,
    /// Time spent resolving the host (zero for an IP address).
    pub dns_lookup: Duration,
    /// Time from the first connection attempt to an established TCP connection.
    pub tcp_connect: Duration,
    /// TLS handshake time, for TLS transports.
    pub tls_handshake: Option<Duration>,
    /// WebSocket upgrade time, for WebSocket transports.
    pub ws_handshake: Option<Duration>,
    /// What the TLS handshake negotiated, for TLS transports.
    pub tls: Option<TlsSessionInfo>,
}

/// An open transport and how it was opened.
#[derive(Debug)]
pub struct Connected {
    /// The byte stream to the broker.
    pub transport: Transport,
    /// Timings and TLS details.
    pub info: ConnectInfo,
}

/// Prepared connection settings; cheap to clone, reusable for reconnects.
#[derive(Clone)]
pub struct Connector {
    broker: BrokerUrl,
    connect_timeout: Duration,
    tcp_nodelay: bool,
    tls: Option<PreparedTls>,
    proxy: Option<Proxy>,
    bind_address: Option<IpAddr>,
}

#[derive(Clone)]
struct PreparedTls {
    connector: TlsConnector,
    server_name: ServerName<'static>,
    server_name_text: String,
}

impl fmt::Debug for Connector {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Connector")
            .field("broker", &self.broker)
            .field("connect_timeout", &self.connect_timeout)
            .field("tcp_nodelay", &self.tcp_nodelay)
            .field("tls_server_name", &self.tls.as_ref().map(|tls| &tls.server_name_text))
            .field("proxy", &self.proxy.as_ref().map(Proxy::to_string))
            .field("bind_address", &self.bind_address)
            .finish()
    }
}

impl Connector {
    /// Prepares `options`: reads CA and client certificate files and builds
    /// the TLS configuration (for TLS schemes only).
    pub fn new(options: &TransportOptions) -> Result<Connector, TransportError> {
        let tls = if options.broker.scheme.is_tls() {
            let config = client_config(&options.tls)?;
            let name = options.tls.server_name.as_deref().unwrap_or(&options.broker.host);
            // Accept `[::1]` as well as `::1` for an IPv6 server name.
            let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
            let server_name = ServerName::try_from(name.to_owned())
                .map_err(|_| TransportError::InvalidServerName(name.to_owned()))?;
            Some(PreparedTls {
                connector: TlsConnector::from(config),
                server_name,
                server_name_text: name.to_owned(),
            })
        } else {
            None
        };
        Ok(Connector {
            broker: options.broker.clone(),
            connect_timeout: options.connect_timeout,
            tcp_nodelay: options.tcp_nodelay,
            tls,
            proxy: options.proxy.clone(),
            bind_address: options.bind_address,
        })
    }

    /// The same settings, connecting from `address` (bench spreads its
    /// connections over several local addresses this way).
    pub fn with_bind_address(&self, address: Option<IpAddr>) -> Connector {
        Connector { bind_address: address, ..self.clone() }
    }

    /// The broker this connector connects to.
    pub fn broker(&self) -> &BrokerUrl {
        &self.broker
    }

    /// Opens a new transport to the broker.
    pub async fn connect(&self) -> Result<Connected, TransportError> {
        let deadline = Instant::now() + self.connect_timeout;
        let timed_out = |stage| TransportError::Timeout {
            authority: self.broker.authority(),
            stage,
            timeout: self.connect_timeout,
        };
        #[cfg(unix)]
        if self.broker.scheme == Scheme::Unix {
            return self.connect_unix(deadline).await;
        }
        let dialled = Dial {
            host: &self.broker.host,
            port: self.broker.port,
            authority: self.broker.authority(),
            proxy: self.proxy.as_ref(),
            bind: self.bind_address,
            nodelay: self.tcp_nodelay,
            timeout: self.connect_timeout,
            deadline,
        };
        let started = Instant::now();
        let dialled = dialled.tcp().await?;
        let tcp = dialled.stream;
        let tcp_connect = started.elapsed().saturating_sub(dialled.dns_lookup);
        let connect_error =
            |source| TransportError::Connect { authority: self.broker.authority(), source };
        let mut info = ConnectInfo {
            peer_addr: Endpoint::Inet(tcp.peer_addr().map_err(connect_error)?),
            local_addr: Endpoint::Inet(tcp.local_addr().map_err(connect_error)?),
            dns_lookup: dialled.dns_lookup,
            tcp_connect,
            tls_handshake: None,
            ws_handshake: None,
            tls: None,
        };

        let ws_url = format!(
            "{}://{}{}",
            if self.broker.scheme.is_tls() { "wss" } else { "ws" },
            self.broker.authority(),
            self.broker.ws_path
        );
        let websocket = self.broker.scheme.is_websocket();
        let transport = match &self.tls {
            None if !websocket => Transport::Tcp(tcp),
            None => {
                let started = Instant::now();
                let stream = timeout_at(deadline, handshake(tcp, &ws_url))
                    .await
                    .map_err(|_| timed_out(ConnectStage::WebSocketHandshake))??;
                info.ws_handshake = Some(started.elapsed());
                Transport::Ws(Box::new(stream))
            }
            Some(tls) => {
                let started = Instant::now();
                let stream =
                    timeout_at(deadline, tls.connector.connect(tls.server_name.clone(), tcp))
                        .await
                        .map_err(|_| timed_out(ConnectStage::TlsHandshake))?
                        .map_err(|source| TransportError::TlsHandshake {
                            authority: self.broker.authority(),
                            server_name: tls.server_name_text.clone(),
                            hint: handshake_hint(&source),
                            source,
                        })?;
                info.tls_handshake = Some(started.elapsed());
                info.tls = Some(TlsSessionInfo::from_connection(
                    tls.server_name_text.clone(),
                    stream.get_ref().1,
                ));
                if websocket {
                    let started = Instant::now();
                    let stream = timeout_at(deadline, handshake(stream, &ws_url))
                        .await
                        .map_err(|_| timed_out(ConnectStage::WebSocketHandshake))??;
                    info.ws_handshake = Some(started.elapsed());
                    Transport::Wss(Box::new(stream))
                } else {
                    Transport::Tls(Box::new(stream))
                }
            }
        };
        Ok(Connected { transport, info })
    }

    #[cfg(unix)]
    async fn connect_unix(&self, deadline: Instant) -> Result<Connected, TransportError> {
        let started = Instant::now();
        let path = &self.broker.host;
        let stream = crate::transport::dial::unix(path, self.connect_timeout, deadline).await?;
        let info = ConnectInfo {
            peer_addr: Endpoint::Unix(PathBuf::from(path)),
            local_addr: Endpoint::Unix(PathBuf::new()),
            dns_lookup: Duration::ZERO,
            tcp_connect: started.elapsed(),
            tls_handshake: None,
            ws_handshake: None,
            tls: None,
        };
        Ok(Connected { transport: Transport::Unix(stream), info })
    }
}

/// Prepares `options` and opens one transport; see [`Connector`] to open
/// many with the same settings.
pub async fn connect(options: &TransportOptions) -> Result<Connected, TransportError> {
    Connector::new(options)?.connect().await
}
