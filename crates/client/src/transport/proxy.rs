//! Reaching the broker through a proxy: SOCKS5 (`socks5://`, `socks5h://`)
//! or an HTTP proxy's CONNECT tunnel (`http://`). The tunnel carries
//! whatever runs above TCP (MQTT, TLS, WebSocket) unchanged.
//!
//! Policy:
//! * `socks5h://` lets the proxy resolve the broker's name (as curl and
//!   mosquitto's `--proxy`); `socks5://` resolves it here and sends the
//!   address. HTTP CONNECT always sends the name.
//! * A proxy URL without a port means 1080, as in curl.
//! * The proxy's password is a [`Secret`]: never in `Debug`, `Display` or
//!   an error message. A refusal carries the proxy's own reason (the SOCKS
//!   reply, or the HTTP status line).
//! * The SOCKS5 exchange is tokio-socks'; the HTTP one is a request and a
//!   header block read byte by byte, so not one byte of the broker's
//!   stream is consumed with the proxy's answer.

use std::fmt;
use std::net::SocketAddr;

use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_socks::tcp::Socks5Stream;

use crate::secret::Secret;
use crate::url::{decode, parse_host_port, UrlError};

/// The port of a proxy URL that gives none.
pub const DEFAULT_PROXY_PORT: u16 = 1080;

/// The longest HTTP proxy answer (status line and headers) read.
const MAX_HTTP_ANSWER: usize = 16 * 1024;

/// The proxy protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyKind {
    /// SOCKS5; `remote_dns` (`socks5h://`) sends the host name.
    Socks5 {
        /// Whether the proxy resolves the broker's host name.
        remote_dns: bool,
    },
    /// An HTTP proxy's CONNECT method.
    HttpConnect,
}

/// A proxy to tunnel through. `Display` leaves the password out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    /// The protocol.
    pub kind: ProxyKind,
    /// The proxy's host name or address (IPv6 without brackets).
    pub host: String,
    /// The proxy's port.
    pub port: u16,
    /// User name for the proxy (SOCKS5 user/password, HTTP Basic).
    pub username: Option<String>,
    /// Password for the proxy.
    pub password: Option<Secret>,
}

impl Proxy {
    /// Parses `socks5h://[user[:pass]@]host[:port]`, `socks5://…` or
    /// `http://…` (user and password percent-decoded).
    pub fn parse(text: &str) -> Result<Proxy, UrlError> {
        let (scheme, rest) = text.split_once("://").ok_or(UrlError::MissingScheme)?;
        let kind = match scheme.to_ascii_lowercase().as_str() {
            "socks5h" => ProxyKind::Socks5 { remote_dns: true },
            "socks5" => ProxyKind::Socks5 { remote_dns: false },
            "http" => ProxyKind::HttpConnect,
            _ => return Err(UrlError::UnsupportedProxyScheme(scheme.to_owned())),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains('/') {
            return Err(UrlError::ProxyPath);
        }
        let (userinfo, host_port) = match authority.rfind('@') {
            Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
            None => (None, authority),
        };
        let (host, port) = parse_host_port(DEFAULT_PROXY_PORT, host_port)?;
        let mut proxy = Proxy { kind, host, port, username: None, password: None };
        if let Some(userinfo) = userinfo {
            let (user, password) = match userinfo.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (userinfo, None),
            };
            proxy.username = Some(decode(user, "proxy user name")?);
            proxy.password =
                password.map(|p| decode(p, "proxy password").map(Secret::new)).transpose()?;
        }
        Ok(proxy)
    }

    /// `host:port` of the proxy, brackets around IPv6.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// Whether the broker's host name is resolved here, not by the proxy.
    pub fn resolves_locally(&self) -> bool {
        self.kind == ProxyKind::Socks5 { remote_dns: false }
    }

    /// Asks the proxy, over `stream`, for a tunnel to the broker; `target`
    /// is the resolved address when [`resolves_locally`](Self::resolves_locally).
    pub(crate) async fn tunnel(
        &self,
        stream: TcpStream,
        host: &str,
        port: u16,
        target: Option<SocketAddr>,
    ) -> Result<TcpStream, String> {
        match self.kind {
            ProxyKind::Socks5 { .. } => self.socks5(stream, host, port, target).await,
            ProxyKind::HttpConnect => self.http_connect(stream, host, port).await,
        }
    }

    async fn socks5(
        &self,
        stream: TcpStream,
        host: &str,
        port: u16,
        target: Option<SocketAddr>,
    ) -> Result<TcpStream, String> {
        let user = self.username.as_deref().unwrap_or("");
        let password = self.password.as_ref().map(Secret::expose).unwrap_or("");
        let opened = match (target, &self.username) {
            (Some(address), None) => Socks5Stream::connect_with_socket(stream, address).await,
            (Some(address), Some(_)) => {
                Socks5Stream::connect_with_password_and_socket(stream, address, user, password)
                    .await
            }
            (None, None) => Socks5Stream::connect_with_socket(stream, (host, port)).await,
            (None, Some(_)) => {
                Socks5Stream::connect_with_password_and_socket(stream, (host, port), user, password)
                    .await
            }
        };
        opened.map(Socks5Stream::into_inner).map_err(socks_reason)
    }

    async fn http_connect(
        &self,
        mut stream: TcpStream,
        host: &str,
        port: u16,
    ) -> Result<TcpStream, String> {
        let target =
            if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        if let Some(user) = &self.username {
            let password = self.password.as_ref().map(Secret::expose).unwrap_or("");
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            request.push_str(&format!("Proxy-Authorization: Basic {token}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).await.map_err(|err| err.to_string())?;
        let answer = read_header_block(&mut stream).await?;
        let status_line = answer.lines().next().unwrap_or("").trim();
        let mut words = status_line.splitn(3, ' ');
        let (version, code) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        if !version.starts_with("HTTP/") {
            return Err(format!("not an http proxy (answered {:?})", truncate(status_line)));
        }
        match code.parse::<u16>() {
            Ok(200..=299) => Ok(stream),
            _ => Err(format!("the proxy answered {:?}", truncate(status_line))),
        }
    }
}

/// `scheme://[user@]host:port`, without the password.
impl fmt::Display for Proxy {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.kind {
            ProxyKind::Socks5 { remote_dns: true } => "socks5h",
            ProxyKind::Socks5 { remote_dns: false } => "socks5",
            ProxyKind::HttpConnect => "http",
        };
        write!(formatter, "{scheme}://")?;
        if let Some(user) = &self.username {
            write!(formatter, "{user}@")?;
        }
        formatter.write_str(&self.authority())
    }
}

/// Reads up to the blank line that ends the HTTP answer's headers.
async fn read_header_block(stream: &mut TcpStream) -> Result<String, String> {
    let mut answer = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        if answer.len() >= MAX_HTTP_ANSWER {
            return Err(format!("the proxy's answer is longer than {MAX_HTTP_ANSWER} bytes"));
        }
        match stream.read(&mut byte).await {
            Ok(0) if answer.is_empty() => return Err("the proxy closed the connection".into()),
            Ok(0) => break,
            Ok(_) => answer.push(byte[0]),
            Err(err) => return Err(err.to_string()),
        }
    }
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// The proxy's words, at most a line's worth.
fn truncate(text: &str) -> String {
    text.chars().take(200).collect()
}

/// The SOCKS5 failure in the words of RFC 1928 (lowercase, as our errors).
fn socks_reason(error: tokio_socks::Error) -> String {
    match error {
        tokio_socks::Error::PasswordAuthFailure(_) => {
            "the proxy refused the user name or password".to_owned()
        }
        tokio_socks::Error::NoAcceptableAuthMethods => {
            "the proxy accepts none of our authentication methods (does it need a user name and password?)".to_owned()
        }
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Proxy, ProxyKind};

    #[test]
    fn proxy_urls_parse_with_defaults_and_hide_the_password() {
        let proxy = Proxy::parse("socks5h://al%40ice:s3cr%3At@proxy.example:1081").unwrap();
        assert_eq!(proxy.kind, ProxyKind::Socks5 { remote_dns: true });
        assert_eq!((proxy.host.as_str(), proxy.port), ("proxy.example", 1081));
        assert_eq!(proxy.username.as_deref(), Some("al@ice"));
        assert_eq!(proxy.password.as_ref().unwrap().expose(), "s3cr:t");
        assert_eq!(proxy.to_string(), "socks5h://al@ice@proxy.example:1081");
        assert!(!format!("{proxy:?}").contains("s3cr"));

        let plain = Proxy::parse("socks5://127.0.0.1").unwrap();
        assert!(plain.resolves_locally());
        assert_eq!(plain.port, 1080);
        let http = Proxy::parse("http://[::1]:3128/").unwrap();
        assert_eq!((http.kind, http.authority().as_str()), (ProxyKind::HttpConnect, "[::1]:3128"));
    }

    #[test]
    fn unusable_proxy_urls_are_refused() {
        for bad in
            ["socks4://h", "https://h", "h:1080", "http://h/path", "socks5h://", "http://h:0"]
        {
            assert!(Proxy::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
