//! The broker address as a URL: `mqtt://`, `mqtts://`, `ws://`, `wss://`
//! (aliases `tcp://` for `mqtt://`, `ssl://` and `tls://` for `mqtts://`),
//! with optional `user:password@`, a host (name, IPv4, or IPv6 in brackets),
//! an optional port and a path; or `unix:///path/to/socket`, a Unix domain
//! socket (everything after `unix://` is the socket's path).
//!
//! Policy:
//! * The user name and password are percent-decoded (so `@`, `:` and `/`
//!   can be written as `%40`, `%3A`, `%2F`); the password is held in a
//!   [`Secret`] and is never part of `Debug`, `Display` or an error message.
//! * For `mqtt(s)://` the path after the first `/` is mosquitto's `-L`
//!   topic, taken verbatim (not decoded), so wildcards such as
//!   `mqtt://host/sensors/#` work as they do in `mosquitto_sub -L`.
//! * For `ws(s)://` the path (with any query) is the HTTP request path,
//!   `/mqtt` when the URL has none.
//! * The parser is hand-written rather than the `url` crate: that crate
//!   would treat `#` as a fragment and pulls in IDNA tables, and the grammar
//!   here is small.

use std::fmt;
use std::net::Ipv6Addr;
use std::str::FromStr;

use percent_encoding::percent_decode_str;

use crate::secret::Secret;

/// The transport a URL asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// MQTT over TCP (`mqtt://`, `tcp://`), default port 1883.
    Mqtt,
    /// MQTT over TLS (`mqtts://`, `ssl://`, `tls://`), default port 8883.
    Mqtts,
    /// MQTT over WebSocket (`ws://`), default port 80.
    Ws,
    /// MQTT over WebSocket over TLS (`wss://`), default port 443.
    Wss,
    /// MQTT over a Unix domain socket (`unix:///path`); no port.
    Unix,
}

impl Scheme {
    /// Parses a scheme name (case-insensitive), accepting the aliases.
    pub fn from_name(name: &str) -> Option<Scheme> {
        match name.to_ascii_lowercase().as_str() {
            "mqtt" | "tcp" => Some(Scheme::Mqtt),
            "mqtts" | "ssl" | "tls" => Some(Scheme::Mqtts),
            "ws" => Some(Scheme::Ws),
            "wss" => Some(Scheme::Wss),
            "unix" => Some(Scheme::Unix),
            _ => None,
        }
    }

    /// The canonical name: `mqtt`, `mqtts`, `ws`, `wss` or `unix`.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Mqtt => "mqtt",
            Scheme::Mqtts => "mqtts",
            Scheme::Ws => "ws",
            Scheme::Wss => "wss",
            Scheme::Unix => "unix",
        }
    }

    /// The port used when the URL gives none (0 for a Unix socket).
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Mqtt => 1883,
            Scheme::Mqtts => 8883,
            Scheme::Ws => 80,
            Scheme::Wss => 443,
            Scheme::Unix => 0,
        }
    }

    /// Whether the transport runs over TLS.
    pub fn is_tls(self) -> bool {
        matches!(self, Scheme::Mqtts | Scheme::Wss)
    }

    /// Whether the transport is a WebSocket.
    pub fn is_websocket(self) -> bool {
        matches!(self, Scheme::Ws | Scheme::Wss)
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// The WebSocket request path used when a `ws(s)://` URL has none.
pub const DEFAULT_WS_PATH: &str = "/mqtt";

/// A parsed broker address. `Display` prints it without the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerUrl {
    /// Which transport to use.
    pub scheme: Scheme,
    /// Host name or IP address; IPv6 without brackets. For
    /// [`Scheme::Unix`], the socket's path.
    pub host: String,
    /// TCP port (the scheme's default when the URL has none; 0 for a Unix
    /// socket).
    pub port: u16,
    /// Percent-decoded user name, if the URL has one.
    pub username: Option<String>,
    /// Percent-decoded password, if the URL has one.
    pub password: Option<Secret>,
    /// WebSocket request path with query, [`DEFAULT_WS_PATH`] by default.
    pub ws_path: String,
    /// The topic of a `mqtt(s)://host/topic` URL (mosquitto's `-L`),
    /// verbatim; `None` for WebSocket URLs and URLs without a path.
    pub topic: Option<String>,
}

impl BrokerUrl {
    /// An address with the scheme's default port and no credentials.
    pub fn new(scheme: Scheme, host: impl Into<String>) -> BrokerUrl {
        BrokerUrl {
            scheme,
            host: host.into(),
            port: scheme.default_port(),
            username: None,
            password: None,
            ws_path: DEFAULT_WS_PATH.to_owned(),
            topic: None,
        }
    }

    /// Parses a broker URL; see the module documentation for the grammar.
    pub fn parse(text: &str) -> Result<BrokerUrl, UrlError> {
        let (scheme_name, rest) = text.split_once("://").ok_or(UrlError::MissingScheme)?;
        let scheme = Scheme::from_name(scheme_name)
            .ok_or_else(|| UrlError::UnsupportedScheme(scheme_name.to_owned()))?;
        if scheme == Scheme::Unix {
            return BrokerUrl::unix(rest);
        }
        let authority_end = rest.find('/').unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        let (userinfo, host_port) = match authority.rfind('@') {
            Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
            None => (None, authority),
        };
        let (host, port) = parse_host_port(scheme.default_port(), host_port).map_err(|error| {
            // An unencoded `/` in a password cuts the authority short; say
            // so instead of quoting a piece of the password back.
            if userinfo.is_none() && path.contains('@') {
                UrlError::UnencodedUserinfo
            } else {
                error
            }
        })?;
        let mut url = BrokerUrl::new(scheme, host);
        url.port = port;
        if let Some(userinfo) = userinfo {
            let (user, password) = match userinfo.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (userinfo, None),
            };
            if !user.is_empty() {
                url.username = Some(decode(user, "user name")?);
            }
            if let Some(password) = password {
                url.password = Some(Secret::new(decode(password, "password")?));
            }
        }
        if scheme.is_websocket() {
            if !path.is_empty() {
                if let Some(bad) = path.chars().find(|c| c.is_whitespace() || c.is_control()) {
                    return Err(UrlError::InvalidPath { path: path.to_owned(), character: bad });
                }
                url.ws_path = path.to_owned();
            }
        } else {
            let topic = path.strip_prefix('/').unwrap_or(path);
            if !topic.is_empty() {
                url.topic = Some(topic.to_owned());
            }
        }
        Ok(url)
    }

    /// A Unix domain socket at `path` (as mosquitto's `--unix`).
    pub fn unix(path: &str) -> Result<BrokerUrl, UrlError> {
        if path.is_empty() {
            return Err(UrlError::MissingSocketPath);
        }
        if let Some(bad) = path.chars().find(|c| c.is_control()) {
            return Err(UrlError::InvalidPath { path: path.to_owned(), character: bad });
        }
        Ok(BrokerUrl::new(Scheme::Unix, path))
    }

    /// `host:port`, with brackets around an IPv6 host; the socket's path
    /// for a Unix socket.
    pub fn authority(&self) -> String {
        if self.scheme == Scheme::Unix {
            self.host.clone()
        } else if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

impl FromStr for BrokerUrl {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<BrokerUrl, UrlError> {
        BrokerUrl::parse(text)
    }
}

/// `scheme://[user@]host:port[/ws-path]`: the password and topic are left out.
impl fmt::Display for BrokerUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}://", self.scheme)?;
        if let Some(user) = &self.username {
            write!(formatter, "{user}@")?;
        }
        formatter.write_str(&self.authority())?;
        if self.scheme.is_websocket() {
            formatter.write_str(&self.ws_path)?;
        }
        Ok(())
    }
}

/// What is wrong with a broker URL. Messages never contain the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// No `scheme://` prefix.
    #[error("missing scheme: expected a url like mqtt://host:1883 (mqtt, mqtts, ws, wss or unix)")]
    MissingScheme,
    /// A scheme other than the supported ones.
    #[error("unsupported scheme `{0}`: expected mqtt, mqtts, ws, wss or unix (or tcp, ssl, tls)")]
    UnsupportedScheme(String),
    /// A proxy URL with a scheme other than socks5, socks5h or http.
    #[error("unsupported proxy scheme `{0}`: expected socks5h, socks5 or http")]
    UnsupportedProxyScheme(String),
    /// A proxy URL with a path.
    #[error("a proxy url has no path: expected socks5h://[user[:password]@]host[:port]")]
    ProxyPath,
    /// `unix://` with nothing after it.
    #[error("missing socket path: expected a url like unix:///run/mosquitto.sock")]
    MissingSocketPath,
    /// Nothing between `://` (or `@`) and the port or path.
    #[error("missing host in the url")]
    MissingHost,
    /// A host with a character no host name may contain.
    #[error("invalid character {character:?} in host `{host}`")]
    InvalidHost {
        /// The host as written.
        host: String,
        /// The first offending character.
        character: char,
    },
    /// Text inside `[...]` that is not an IPv6 address.
    #[error("invalid ipv6 address `[{0}]`")]
    InvalidIpv6(String),
    /// An IPv6 host without brackets, or an unclosed bracket.
    #[error("an ipv6 address must be written in brackets, like mqtt://[::1]:1883")]
    UnbracketedIpv6,
    /// Something other than `:port` after `]`.
    #[error("unexpected `{0}` after the ipv6 address (expected `:port` or `/`)")]
    AfterIpv6(String),
    /// A `:` with no digits after it.
    #[error("empty port after `:`")]
    EmptyPort,
    /// A port that is not a number from 1 to 65535.
    #[error("invalid port `{0}`: expected a number from 1 to 65535")]
    InvalidPort(String),
    /// The user name or password decodes to bytes that are not UTF-8.
    #[error("the {0} in the url is not valid utf-8 after percent-decoding")]
    NotUtf8(&'static str),
    /// The host could not be parsed and `@` follows a `/`: most likely a
    /// password with an unencoded `/`.
    #[error(
        "cannot parse the host: if the user name or password contains `/`, `?` or `#`, \
         percent-encode it (%2F, %3F, %23)"
    )]
    UnencodedUserinfo,
    /// A WebSocket path with whitespace or control characters.
    #[error("invalid character {character:?} in websocket path `{path}`")]
    InvalidPath {
        /// The path as written.
        path: String,
        /// The first offending character.
        character: char,
    },
}

pub(crate) fn parse_host_port(default_port: u16, text: &str) -> Result<(String, u16), UrlError> {
    let (host, port) = if let Some(bracketed) = text.strip_prefix('[') {
        let (inside, after) = bracketed.split_once(']').ok_or(UrlError::UnbracketedIpv6)?;
        inside.parse::<Ipv6Addr>().map_err(|_| UrlError::InvalidIpv6(inside.to_owned()))?;
        let port = match after {
            "" => None,
            _ => {
                Some(after.strip_prefix(':').ok_or_else(|| UrlError::AfterIpv6(after.to_owned()))?)
            }
        };
        (inside, port)
    } else {
        match text.split_once(':') {
            Some((_, port)) if port.contains(':') => return Err(UrlError::UnbracketedIpv6),
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    if host.is_empty() {
        return Err(UrlError::MissingHost);
    }
    if !text.starts_with('[') {
        let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
        if let Some(character) = host.chars().find(|c| !valid(*c)) {
            return Err(UrlError::InvalidHost { host: host.to_owned(), character });
        }
    }
    let port = match port {
        None => default_port,
        Some("") => return Err(UrlError::EmptyPort),
        Some(digits) => match digits.parse::<u16>() {
            Ok(port) if port != 0 && digits.bytes().all(|b| b.is_ascii_digit()) => port,
            _ => return Err(UrlError::InvalidPort(digits.to_owned())),
        },
    };
    Ok((host.to_owned(), port))
}

pub(crate) fn decode(text: &str, what: &'static str) -> Result<String, UrlError> {
    percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| UrlError::NotUtf8(what))
}

#[cfg(test)]
mod tests;
