//! Opening a transport: resolve, TCP connect, TLS and WebSocket handshakes,
//! all under one connect timeout, with the time each stage took.
//!
//! Policy: a [`Connector`] prepares everything that does not depend on the
//! connection (the TLS configuration with its CA store, the server name, the
//! WebSocket URL) once, so reconnects and many parallel connections (bench)
//! share it. TCP_NODELAY is on by default: MQTT packets are small and the
//! client batches writes itself.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio::time::{timeout_at, Instant};
use tokio_rustls::TlsConnector;

use crate::transport::error::{ConnectStage, TransportError};
use crate::transport::tls::{client_config, handshake_hint, TlsOptions, TlsSessionInfo};
use crate::transport::ws::handshake;
use crate::transport::Transport;
use crate::url::BrokerUrl;

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
}

impl TransportOptions {
    /// Options with the defaults: 10 s timeout, TCP_NODELAY, verified TLS.
    pub fn new(broker: BrokerUrl) -> TransportOptions {
        TransportOptions {
            broker,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            tcp_nodelay: true,
            tls: TlsOptions::default(),
        }
    }
}

/// How the connection went, for `mqtt inspect` and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectInfo {
    /// The address the TCP connection went to.
    pub peer_addr: SocketAddr,
    /// Our end of the TCP connection.
    pub local_addr: SocketAddr,
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
        })
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
        let started = Instant::now();
        let addresses = timeout_at(deadline, self.resolve())
            .await
            .map_err(|_| timed_out(ConnectStage::Resolve))??;
        let dns_lookup = started.elapsed();

        let started = Instant::now();
        let tcp = self.connect_tcp(&addresses, deadline).await?;
        let tcp_connect = started.elapsed();
        let mut info = ConnectInfo {
            peer_addr: tcp.peer_addr().map_err(|source| self.connect_error(source))?,
            local_addr: tcp.local_addr().map_err(|source| self.connect_error(source))?,
            dns_lookup,
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

    async fn resolve(&self) -> Result<Vec<SocketAddr>, TransportError> {
        let host = &self.broker.host;
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, self.broker.port)]);
        }
        let resolve_error = |source| TransportError::Resolve { host: host.clone(), source };
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), self.broker.port))
            .await
            .map_err(resolve_error)?
            .collect();
        if addresses.is_empty() {
            return Err(resolve_error(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no addresses found",
            )));
        }
        Ok(addresses)
    }

    /// Tries the addresses in order; the last error is reported.
    async fn connect_tcp(
        &self,
        addresses: &[SocketAddr],
        deadline: Instant,
    ) -> Result<TcpStream, TransportError> {
        let mut last_error = None;
        for address in addresses {
            let attempt =
                timeout_at(deadline, TcpStream::connect(address)).await.map_err(|_| {
                    TransportError::Timeout {
                        authority: self.broker.authority(),
                        stage: ConnectStage::TcpConnect,
                        timeout: self.connect_timeout,
                    }
                })?;
            match attempt {
                Ok(stream) => {
                    stream.set_nodelay(self.tcp_nodelay).map_err(|e| self.connect_error(e))?;
                    return Ok(stream);
                }
                Err(error) => last_error = Some(error),
            }
        }
        Err(self.connect_error(last_error.unwrap_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, "no address to connect to")
        })))
    }

    fn connect_error(&self, source: std::io::Error) -> TransportError {
        TransportError::Connect { authority: self.broker.authority(), source }
    }
}

/// Prepares `options` and opens one transport; see [`Connector`] to open
/// many with the same settings.
pub async fn connect(options: &TransportOptions) -> Result<Connected, TransportError> {
    Connector::new(options)?.connect().await
}
