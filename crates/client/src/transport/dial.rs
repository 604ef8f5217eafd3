//! The first hop of every transport: a Unix socket, or a TCP connection
//! (from a chosen local address, `-A`) to the broker or to a proxy that
//! then opens the tunnel to the broker.
//!
//! Policy: addresses are tried in the resolver's order and the last error
//! is reported. With a bind address, only addresses of its family are
//! tried. Every step runs under the caller's one deadline.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::net::{TcpSocket, TcpStream};
use tokio::time::{timeout_at, Instant};

use crate::transport::error::{ConnectStage, TransportError};
use crate::transport::proxy::Proxy;

/// What the dial needs; borrowed from the `Connector`.
pub(crate) struct Dial<'a> {
    /// The broker's host and port.
    pub host: &'a str,
    pub port: u16,
    /// `host:port` of the broker, for messages.
    pub authority: String,
    pub proxy: Option<&'a Proxy>,
    pub bind: Option<IpAddr>,
    pub nodelay: bool,
    pub timeout: Duration,
    pub deadline: Instant,
}

/// An open TCP connection (through the proxy's tunnel, if any) and the
/// time spent resolving.
pub(crate) struct Dialled {
    pub stream: TcpStream,
    pub dns_lookup: Duration,
}

impl Dial<'_> {
    fn timed_out(&self, stage: ConnectStage) -> TransportError {
        TransportError::Timeout { authority: self.authority.clone(), stage, timeout: self.timeout }
    }

    /// Resolves, connects, and opens the proxy's tunnel.
    pub(crate) async fn tcp(&self) -> Result<Dialled, TransportError> {
        let started = Instant::now();
        let Some(proxy) = self.proxy else {
            let addresses = self.resolve(self.host, self.port).await?;
            let dns_lookup = started.elapsed();
            let stream = self.connect_any(&addresses, &self.authority).await?;
            return Ok(Dialled { stream, dns_lookup });
        };
        let target = match proxy.resolves_locally() {
            true => Some(self.resolve(self.host, self.port).await?[0]),
            false => None,
        };
        let proxy_addresses = self.resolve(&proxy.host, proxy.port).await?;
        let dns_lookup = started.elapsed();
        let via = format!("proxy {}", proxy.authority());
        let stream = self.connect_any(&proxy_addresses, &via).await?;
        let stream = timeout_at(self.deadline, proxy.tunnel(stream, self.host, self.port, target))
            .await
            .map_err(|_| self.timed_out(ConnectStage::ProxyHandshake))?
            .map_err(|reason| TransportError::Proxy {
                proxy: proxy.to_string(),
                authority: self.authority.clone(),
                reason,
            })?;
        Ok(Dialled { stream, dns_lookup })
    }

    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, TransportError> {
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let resolve_error = |source| TransportError::Resolve { host: host.to_owned(), source };
        let addresses: Vec<SocketAddr> =
            timeout_at(self.deadline, tokio::net::lookup_host((host, port)))
                .await
                .map_err(|_| self.timed_out(ConnectStage::Resolve))?
                .map_err(resolve_error)?
                .collect();
        if addresses.is_empty() {
            return Err(resolve_error(io::Error::new(
                io::ErrorKind::NotFound,
                "no addresses found",
            )));
        }
        Ok(addresses)
    }

    /// Tries the addresses in order (only those of the bind address's
    /// family); the last error is reported.
    async fn connect_any(
        &self,
        addresses: &[SocketAddr],
        authority: &str,
    ) -> Result<TcpStream, TransportError> {
        let connect_error =
            |source| TransportError::Connect { authority: authority.to_owned(), source };
        let mut last_error = None;
        for address in addresses {
            let socket = match self.socket_for(address) {
                Ok(Some(socket)) => socket,
                Ok(None) => continue,
                Err(error) => return Err(error),
            };
            let attempt = timeout_at(self.deadline, socket.connect(*address))
                .await
                .map_err(|_| self.timed_out(ConnectStage::TcpConnect))?;
            match attempt {
                Ok(stream) => {
                    stream.set_nodelay(self.nodelay).map_err(connect_error)?;
                    return Ok(stream);
                }
                Err(error) => last_error = Some(error),
            }
        }
        Err(connect_error(last_error.unwrap_or_else(|| match self.bind {
            Some(bind) => io::Error::new(
                io::ErrorKind::AddrNotAvailable,
                format!("no address of the bind address {bind}'s family"),
            ),
            None => io::Error::new(io::ErrorKind::NotFound, "no address to connect to"),
        })))
    }

    /// A socket for `address`, bound to the bind address; `None` when the
    /// bind address is of the other family.
    fn socket_for(&self, address: &SocketAddr) -> Result<Option<TcpSocket>, TransportError> {
        let socket = match address {
            SocketAddr::V4(_) => TcpSocket::new_v4(),
            SocketAddr::V6(_) => TcpSocket::new_v6(),
        };
        let bind_error =
            |bind: IpAddr, source| TransportError::Bind { address: bind.to_string(), source };
        let socket = socket.map_err(|source| TransportError::Connect {
            authority: self.authority.clone(),
            source,
        })?;
        if let Some(bind) = self.bind {
            if bind.is_ipv4() != address.is_ipv4() {
                return Ok(None);
            }
            socket.bind(SocketAddr::new(bind, 0)).map_err(|source| bind_error(bind, source))?;
        }
        Ok(Some(socket))
    }
}

/// Connects to the Unix socket at `path`.
#[cfg(unix)]
pub(crate) async fn unix(
    path: &str,
    timeout: Duration,
    deadline: Instant,
) -> Result<tokio::net::UnixStream, TransportError> {
    timeout_at(deadline, tokio::net::UnixStream::connect(path))
        .await
        .map_err(|_| TransportError::Timeout {
            authority: path.to_owned(),
            stage: ConnectStage::TcpConnect,
            timeout,
        })?
        .map_err(|source| TransportError::Connect { authority: path.to_owned(), source })
}
