//! Errors of the transport layer: preparing TLS material, resolving,
//! connecting, TLS and WebSocket handshakes.
//!
//! Policy: every message names what failed and where (the file, the
//! `host:port`, the stage), starts lowercase, and never contains a password.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// A stage of [`connect`](crate::transport::connect), named in timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectStage {
    /// Resolving the host name.
    Resolve,
    /// Establishing the TCP connection.
    TcpConnect,
    /// The TLS handshake.
    TlsHandshake,
    /// The WebSocket (HTTP upgrade) handshake.
    WebSocketHandshake,
    /// Asking the proxy for a tunnel to the broker.
    ProxyHandshake,
}

impl std::fmt::Display for ConnectStage {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            ConnectStage::Resolve => "dns lookup",
            ConnectStage::TcpConnect => "tcp connect",
            ConnectStage::TlsHandshake => "tls handshake",
            ConnectStage::WebSocketHandshake => "websocket handshake",
            ConnectStage::ProxyHandshake => "proxy handshake",
        })
    }
}

/// Why a transport could not be prepared or connected.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// A certificate, key or CA file or directory could not be read.
    #[error("cannot read {what} {path}: {source}")]
    ReadFile {
        /// What the file is for ("ca file", "client certificate", ...).
        what: &'static str,
        /// The path as given.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A PEM file is malformed.
    #[error("cannot parse {what} {path} as pem: {source}")]
    Pem {
        /// What the file is for.
        what: &'static str,
        /// The path as given.
        path: PathBuf,
        /// The PEM parser's error.
        source: rustls_pki_types::pem::Error,
    },
    /// A PEM file has none of the expected items.
    #[error("no {item} found in {what} {path}")]
    NothingInFile {
        /// The kind of item looked for ("certificate", "private key").
        item: &'static str,
        /// What the file is for.
        what: &'static str,
        /// The path as given.
        path: PathBuf,
    },
    /// A CA certificate was rejected as a trust anchor.
    #[error("invalid ca certificate in {path}: {source}")]
    InvalidCaCertificate {
        /// The file it came from.
        path: PathBuf,
        /// Why it was rejected.
        source: rustls::Error,
    },
    /// A client certificate without a key, or a key without a certificate.
    #[error("a client certificate and its private key must be given together (got only the {0})")]
    ClientAuthIncomplete(&'static str),
    /// The client certificate and key do not fit together, or are unusable.
    #[error("cannot use client certificate {cert} with key {key}: {source}")]
    ClientCertificate {
        /// The certificate file.
        cert: PathBuf,
        /// The key file.
        key: PathBuf,
        /// Why rustls refused them.
        source: rustls::Error,
    },
    /// Verification is on but there is no CA to verify against.
    #[error(
        "no trusted ca certificates: the system store gave none{detail}; \
         give a ca file or directory, or turn verification off explicitly"
    )]
    NoTrustAnchors {
        /// Errors met while loading the system store, if any.
        detail: String,
    },
    /// The TLS version list is unusable.
    #[error("invalid tls settings: {0}")]
    TlsConfig(rustls::Error),
    /// The TLS key log file could not be opened for appending.
    #[error("cannot open tls key log {path}: {source}")]
    KeyLog {
        /// The path as given.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The name to verify the server's certificate against is invalid.
    #[error("invalid tls server name `{0}`")]
    InvalidServerName(String),
    /// A host name did not resolve, or resolved to no address.
    #[error("cannot resolve {host}: {source}")]
    Resolve {
        /// The host name.
        host: String,
        /// The resolver's error.
        source: io::Error,
    },
    /// Every resolved address refused or failed the TCP connection.
    #[error("cannot connect to {authority}: {source}")]
    Connect {
        /// `host:port`.
        authority: String,
        /// The last connection error.
        source: io::Error,
    },
    /// The local address to connect from could not be bound.
    #[error("cannot bind the local address {address}: {source}")]
    Bind {
        /// The bind address.
        address: String,
        /// The I/O error.
        source: io::Error,
    },
    /// The proxy refused or failed to open the tunnel to the broker.
    #[error("proxy {proxy} could not reach {authority}: {reason}")]
    Proxy {
        /// The proxy, without its password.
        proxy: String,
        /// The broker's `host:port`.
        authority: String,
        /// The proxy's reason.
        reason: String,
    },
    /// The connect timeout ran out.
    #[error("timed out after {timeout:?} during {stage} with {authority}")]
    Timeout {
        /// `host:port`.
        authority: String,
        /// The stage that was under way.
        stage: ConnectStage,
        /// The configured timeout.
        timeout: Duration,
    },
    /// The TLS handshake failed (certificate verification, protocol, alert).
    #[error("tls handshake with {authority} (server name `{server_name}`) failed: {source}{hint}")]
    TlsHandshake {
        /// `host:port`.
        authority: String,
        /// The name the certificate was checked against.
        server_name: String,
        /// The error; its inner error is a `rustls::Error` when TLS itself failed.
        source: io::Error,
        /// A hint for well-known causes, starting with "; " (or empty).
        hint: &'static str,
    },
    /// The WebSocket upgrade failed.
    #[error("websocket handshake with {url} failed: {source}")]
    WebSocketHandshake {
        /// The WebSocket URL.
        url: String,
        /// The WebSocket library's error.
        source: Box<tokio_tungstenite::tungstenite::Error>,
    },
    /// The server did not agree to the `mqtt` WebSocket subprotocol.
    #[error("websocket server at {url} did not accept subprotocol `mqtt` (answered {answer})")]
    WebSocketSubprotocol {
        /// The WebSocket URL.
        url: String,
        /// What the server answered, e.g. "none" or "`chat`".
        answer: String,
    },
    /// The WebSocket request could not be built from the URL.
    #[error("invalid websocket url {url}: {reason}")]
    WebSocketUrl {
        /// The WebSocket URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl TransportError {
    /// Whether the settings themselves are wrong (a file that cannot be
    /// read or holds no certificate, a key without a certificate, a bad
    /// server name or WebSocket URL), so no attempt to reach the broker was
    /// made; the user must fix the options, not the network.
    pub fn is_settings_error(&self) -> bool {
        match self {
            TransportError::ReadFile { .. }
            | TransportError::Pem { .. }
            | TransportError::NothingInFile { .. }
            | TransportError::InvalidCaCertificate { .. }
            | TransportError::ClientAuthIncomplete(_)
            | TransportError::ClientCertificate { .. }
            | TransportError::NoTrustAnchors { .. }
            | TransportError::TlsConfig(_)
            | TransportError::InvalidServerName(_)
            | TransportError::KeyLog { .. }
            | TransportError::Bind { .. }
            | TransportError::WebSocketUrl { .. } => true,
            TransportError::Resolve { .. }
            | TransportError::Connect { .. }
            | TransportError::Timeout { .. }
            | TransportError::Proxy { .. }
            | TransportError::TlsHandshake { .. }
            | TransportError::WebSocketHandshake { .. }
            | TransportError::WebSocketSubprotocol { .. } => false,
        }
    }
}
