//! Connection options shared by every subcommand that talks to a broker.
//!
//! The flags follow mosquitto_pub/sub (`-h`, `-p`, `-L`, `-V`, `-i`, `-I`,
//! `-k`, `-c`, `-x`, `-u`, `-P`, `--cafile`, `--will-*`, `-D`) so a
//! mosquitto user's fingers keep working. `--help` is long-only because
//! `-h` is the host, as in mosquitto.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::TypedValueParser;
use clap::{Args, ValueEnum};
use mqtt_proto::{ProtocolVersion, QoS};

/// The MQTT protocol version to speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VersionArg {
    /// MQTT 3.1 (protocol name MQIsdp, level 3).
    #[value(name = "31", alias = "mqttv31", alias = "3.1")]
    V31,
    /// MQTT 3.1.1 (level 4).
    #[value(name = "311", alias = "mqttv311", alias = "3.1.1", alias = "4")]
    V311,
    /// MQTT 5.0 (level 5).
    #[value(name = "5", alias = "mqttv5", alias = "5.0")]
    V5,
}

impl From<VersionArg> for ProtocolVersion {
    fn from(version: VersionArg) -> ProtocolVersion {
        match version {
            VersionArg::V31 => ProtocolVersion::V3_1,
            VersionArg::V311 => ProtocolVersion::V3_1_1,
            VersionArg::V5 => ProtocolVersion::V5,
        }
    }
}

/// One `-A` item: an address, or a block of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindSpec {
    Address(IpAddr),
    /// An address and a prefix length, e.g. 127.0.0.0/30.
    Block(IpAddr, u8),
}

/// `ADDR` or `ADDR/PREFIX`.
fn parse_bind(text: &str) -> Result<BindSpec, String> {
    let Some((address, prefix)) = text.split_once('/') else {
        return text.parse().map(BindSpec::Address).map_err(|err| format!("{text:?}: {err}"));
    };
    let address: IpAddr = address.parse().map_err(|err| format!("{text:?}: {err}"))?;
    let prefix: u8 =
        prefix.parse().map_err(|_| format!("{text:?}: a prefix length is 0 to 128"))?;
    let (bits, smallest) = if address.is_ipv4() { (32, 16) } else { (128, 112) };
    if prefix > bits || prefix < smallest {
        return Err(format!(
            "{text:?}: the prefix length must be {smallest} to {bits} (at most 65,536 addresses)"
        ));
    }
    Ok(BindSpec::Block(address, prefix))
}

/// Parses a QoS level, 0, 1 or 2, into the codec's type (clap words the
/// error for anything else).
pub fn qos_parser() -> impl TypedValueParser<Value = QoS> {
    clap::value_parser!(u8).range(0..=2).try_map(QoS::try_from)
}

/// TLS protocol versions accepted by `--tls-version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TlsVersionArg {
    /// TLS 1.2 only.
    #[value(name = "tlsv1.2", alias = "1.2")]
    Tls12,
    /// TLS 1.3 only.
    #[value(name = "tlsv1.3", alias = "1.3")]
    Tls13,
}

/// Where and how to connect.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Connection")]
pub struct ConnectArgs {
    /// Broker host name or address [default: localhost] [env: MQTT_HOST].
    #[arg(short = 'h', long, value_name = "HOST")]
    pub host: Option<String>,

    /// Broker port [default: 1883, or 8883 with TLS] [env: MQTT_PORT].
    #[arg(short = 'p', long, value_name = "PORT")]
    pub port: Option<u16>,

    /// Broker URL: mqtt://, mqtts://, ws://, wss:// or unix:///PATH, with
    /// optional user:password@ and a /topic path (as mosquitto's -L).
    #[arg(short = 'L', long, value_name = "URL", conflicts_with_all = ["host", "port"])]
    pub url: Option<String>,

    /// Connect to the broker's Unix domain socket at PATH instead of TCP
    /// (as mosquitto's --unix; the same as -L unix://PATH).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["host", "port", "url"])]
    pub unix: Option<String>,

    /// Reach the broker through a proxy: socks5h://[USER[:PASS]@]HOST[:PORT]
    /// (the proxy resolves the broker's name), socks5://… (resolved here)
    /// or http://… (CONNECT); port 1080 by default. Without it, ALL_PROXY
    /// (and HTTPS_PROXY for wss://, http_proxy for ws://) apply, minus
    /// NO_PROXY; --proxy '' ignores them.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,

    /// Local address to connect from (as mosquitto's -A). bench: a
    /// comma-separated list or a CIDR block (127.0.0.0/30: its host
    /// addresses); connections take the addresses in turn.
    #[arg(short = 'A', long = "bind-address", visible_alias = "bind", value_name = "ADDR",
          value_delimiter = ',', value_parser = parse_bind)]
    pub bind_address: Vec<BindSpec>,

    /// MQTT protocol version.
    #[arg(short = 'V', long = "protocol-version", value_name = "VERSION")]
    pub protocol_version: Option<VersionArg>,

    /// Client identifier [default: generated].
    #[arg(short = 'i', long = "id", value_name = "ID", conflicts_with = "id_prefix")]
    pub client_id: Option<String>,

    /// Client identifier prefix; the process id is appended.
    #[arg(short = 'I', long = "id-prefix", value_name = "PREFIX")]
    pub id_prefix: Option<String>,

    /// Keep-alive interval, e.g. 60, 30s, 2m [default: 60s].
    #[arg(short = 'k', long, value_name = "DURATION", value_parser = parse_duration)]
    pub keepalive: Option<Duration>,

    /// Give up connecting (TCP, TLS, WebSocket and the CONNACK together)
    /// after this long, e.g. 5, 500ms, 1m [default: 10s]. Each automatic
    /// reconnect attempt has the same limit.
    #[arg(long = "connect-timeout", value_name = "DURATION", value_parser = parse_duration)]
    pub connect_timeout: Option<Duration>,

    /// While a QoS 1/2 message, SUBSCRIBE or UNSUBSCRIBE awaits its
    /// acknowledgement, fail when the broker acknowledges nothing for this
    /// long, e.g. 10s, 2m [default: 30s]. The connection is then closed
    /// (pub: exit 7 with the count of unconfirmed messages).
    #[arg(long = "ack-timeout", value_name = "DURATION", value_parser = parse_duration)]
    pub ack_timeout: Option<Duration>,

    /// Keep the session: clean session off (3.1.1) / clean start off (5).
    #[arg(short = 'c', long = "no-clean")]
    pub no_clean: bool,

    /// MQTT 5 session expiry interval (e.g. 1h, or "never").
    #[arg(short = 'x', long = "session-expiry", value_name = "DURATION", value_parser = parse_expiry, allow_negative_numbers = true)]
    pub session_expiry: Option<u32>,

    /// Username to authenticate with [env: MQTT_USERNAME].
    #[arg(short = 'u', long, value_name = "USER")]
    pub username: Option<String>,

    /// Password; with no value, prompt for it. Prefer MQTT_PASSWORD or
    /// --password-file: a password on the command line is visible to `ps`.
    #[arg(short = 'P', long, value_name = "PASSWORD", num_args = 0..=1, default_missing_value = "\0prompt")]
    pub password: Option<String>,

    /// Read the password from the first line of this file.
    #[arg(long, value_name = "FILE", conflicts_with = "password")]
    pub password_file: Option<PathBuf>,

    /// Use the named profile from the config file [env: MQTT_PROFILE].
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// An MQTT 5 property as mosquitto's -D: COMMAND NAME VALUE, e.g.
    /// `-D connect receive-maximum 10`, `-D publish content-type text/plain`,
    /// or `-D publish user-property KEY VALUE` (four values).
    #[arg(short = 'D', long = "property", value_names = ["COMMAND", "NAME", "VALUE"], num_args = 3..=4, action = clap::ArgAction::Append)]
    pub property: Vec<String>,

    #[command(flatten)]
    pub tls: TlsArgs,

    #[command(flatten)]
    pub will: WillArgs,

    /// Accepted for mosquitto's scripts: TCP_NODELAY is always on here
    /// (the client batches its own writes).
    #[arg(long = "nodelay")]
    pub nodelay: bool,

    /// Print every packet sent and received, decoded, on stderr.
    #[arg(short = 'd', long)]
    pub debug: bool,

    /// Print no warnings or status messages.
    #[arg(long)]
    pub quiet: bool,
}

/// TLS options. Certificate verification is on unless `--insecure`.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "TLS")]
pub struct TlsArgs {
    /// Trust the CA certificates in this PEM file (enables TLS).
    #[arg(long, value_name = "FILE")]
    pub cafile: Option<PathBuf>,

    /// Trust the CA certificates in this directory (enables TLS).
    #[arg(long, value_name = "DIR")]
    pub capath: Option<PathBuf>,

    /// Client certificate (PEM) for mutual TLS.
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,

    /// Private key (PEM) of the client certificate.
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,

    /// Do not verify the broker's certificate or host name. Dangerous.
    #[arg(long)]
    pub insecure: bool,

    /// Use TLS with the system's trusted roots.
    #[arg(long)]
    pub tls: bool,

    /// Restrict the TLS version.
    #[arg(long, value_name = "VERSION")]
    pub tls_version: Option<TlsVersionArg>,

    /// ALPN protocol to offer (repeatable).
    #[arg(long, value_name = "PROTOCOL")]
    pub alpn: Vec<String>,

    /// Server name to send and verify, when it differs from the host.
    #[arg(long, value_name = "NAME")]
    pub sni: Option<String>,

    /// Append the TLS session secrets to FILE (NSS key log format, for
    /// Wireshark; created with mode 0600) [env: SSLKEYLOGFILE]. Whoever
    /// reads the file can decrypt the traffic.
    #[arg(long = "tls-keylog", value_name = "FILE")]
    pub tls_keylog: Option<PathBuf>,
}

/// The last will: published by the broker if we vanish without DISCONNECT.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Will")]
pub struct WillArgs {
    /// Topic of the will message.
    #[arg(long, value_name = "TOPIC")]
    pub will_topic: Option<String>,

    /// Payload of the will message.
    #[arg(long, value_name = "TEXT", requires = "will_topic")]
    pub will_payload: Option<String>,

    /// QoS of the will message.
    #[arg(long, value_name = "QOS", value_parser = qos_parser(), requires = "will_topic")]
    pub will_qos: Option<QoS>,

    /// Retain the will message.
    #[arg(long, requires = "will_topic")]
    pub will_retain: bool,

    /// MQTT 5 will delay interval (e.g. 10s).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "will_topic")]
    pub will_delay: Option<Duration>,
}

/// MQTT 5 message properties, as plain flags and as mosquitto's `-D`.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "MQTT 5 properties")]
pub struct PropertyArgs {
    /// User property KEY=VALUE (repeatable; order and duplicates kept).
    #[arg(long = "user-property", value_name = "KEY=VALUE")]
    pub user_property: Vec<String>,

    /// Content type of the message.
    #[arg(long, value_name = "TYPE")]
    pub content_type: Option<String>,

    /// Response topic for request/response.
    #[arg(long, value_name = "TOPIC")]
    pub response_topic: Option<String>,

    /// Correlation data (text) for request/response.
    #[arg(long, value_name = "DATA")]
    pub correlation_data: Option<String>,

    /// Message expiry interval, e.g. 10m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub message_expiry: Option<Duration>,

    /// Payload format indicator.
    #[arg(long, value_name = "FORMAT")]
    pub payload_format: Option<PayloadFormatArg>,
}

/// Payload format indicator values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PayloadFormatArg {
    /// Unspecified bytes (0).
    #[value(alias = "0")]
    Bytes,
    /// UTF-8 text (1).
    #[value(name = "utf8", alias = "1", alias = "utf-8")]
    Utf8,
}

/// The longest duration any option takes: MQTT's longest interval,
/// 4294967295 s (about 136 years). Longer values are refused, not clamped.
pub const MAX_DURATION: Duration = Duration::from_secs(u32::MAX as u64);

/// Parses `500ms`, `2m`, `1h 30m` (humantime) or bare (fractional) seconds,
/// from 0 up to [`MAX_DURATION`].
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let out_of_range =
        || format!("{text:?} is out of range: durations go from 0 to {} s", MAX_DURATION.as_secs());
    if let Ok(seconds) = text.parse::<f64>() {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(format!("{text:?} is not a non-negative number of seconds"));
        }
        if seconds > MAX_DURATION.as_secs_f64() {
            return Err(out_of_range());
        }
        return Ok(Duration::from_secs_f64(seconds));
    }
    let duration = humantime::parse_duration(text).map_err(|err| match err {
        humantime::DurationError::NumberOverflow => out_of_range(),
        err => format!("{text:?} is not a duration ({err}); try 30s, 500ms or 2m"),
    })?;
    if duration > MAX_DURATION {
        return Err(out_of_range());
    }
    Ok(duration)
}

/// Whole seconds for the fields MQTT counts in seconds (keep-alive, expiry
/// and delay intervals): a fraction rounds up, so a value above zero never
/// turns into 0, which means "off" or "at once" on the wire.
pub fn whole_seconds_up(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// Session expiry: a duration in whole seconds (a fraction rounds up), or
/// `never`/`-1`/`∞` for 0xFFFFFFFF (the session never expires).
pub fn parse_expiry(text: &str) -> Result<u32, String> {
    match text.trim() {
        "never" | "-1" | "∞" | "infinite" => Ok(u32::MAX),
        other => {
            let duration = parse_duration(other)?;
            u32::try_from(whole_seconds_up(duration))
                .map_err(|_| format!("{other:?} is longer than MQTT's maximum of {} s", u32::MAX))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_humantime_and_bare_seconds() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
        assert!(parse_duration("-1").unwrap_err().contains("non-negative"));
        assert!(parse_duration("soon").unwrap_err().contains("not a duration"));
    }

    #[test]
    fn durations_beyond_the_maximum_are_refused_not_panicked() {
        for text in ["1e30", "99999999999999999999", "4294967296", "200years", "1e400"] {
            let err = parse_duration(text).unwrap_err();
            assert!(err.contains("out of range") || err.contains("not a"), "{text}: {err}");
        }
        assert_eq!(parse_duration("4294967295").unwrap(), MAX_DURATION);
    }

    #[test]
    fn whole_second_fields_round_up() {
        assert_eq!(whole_seconds_up(Duration::from_millis(500)), 1);
        assert_eq!(whole_seconds_up(Duration::from_secs(2)), 2);
        assert_eq!(whole_seconds_up(Duration::ZERO), 0);
        assert_eq!(parse_expiry("0.5").unwrap(), 1);
    }

    #[test]
    fn expiry_accepts_never() {
        assert_eq!(parse_expiry("never").unwrap(), u32::MAX);
        assert_eq!(parse_expiry("-1").unwrap(), u32::MAX);
        assert_eq!(parse_expiry("1h").unwrap(), 3600);
        assert!(parse_expiry("200000000000").is_err());
    }
}
