//! From `ConnectArgs` (+ an optional profile) to a validated
//! [`ConnectPlan`], and from the plan to the client's `ConnectOptions`.
//!
//! Precedence, highest first: command-line flags, the `-L` URL's parts,
//! environment variables (`MQTT_PASSWORD`), then the `--profile`. Password
//! sources are tried in the order `-P VALUE`, `-P` (prompt), `--password-file`,
//! the URL's password, `MQTT_PASSWORD`, the profile's `password_file` or
//! `password_env`. The prompt comes last of all checks, so a typo elsewhere
//! never costs the user a typed password.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;

use mqtt_client::{BrokerUrl, Proxy, Scheme, Secret};
use mqtt_proto::{ProtocolVersion, QoS, Topic, WillProperties};

use crate::args::properties::PropertySet;
use crate::args::topics::topic_name;
use crate::cli::connect::{whole_seconds_up, BindSpec, ConnectArgs, TlsVersionArg, VersionArg};
use crate::config::{load_profile, Profile};
use crate::exit::usage;

mod address;
pub mod open;
pub mod password;
pub mod proxy;

use self::address::{broker_url, tls_plan};
pub use self::address::{without_password, UrlSource};
pub use self::proxy::ProxyEnvironment;

/// The value clap stores for `-P` given without a value. It contains a NUL,
/// which no real argument can, so it never collides with a real password.
pub const PROMPT_SENTINEL: &str = "\0prompt";

/// TLS settings, used when the scheme is mqtts/wss.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsPlan {
    pub cafile: Option<PathBuf>,
    pub capath: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub insecure: bool,
    pub version: Option<TlsVersionArg>,
    pub alpn: Vec<String>,
    pub server_name: Option<String>,
    /// `--tls-keylog`, else `SSLKEYLOGFILE`: where TLS secrets are appended.
    pub key_log: Option<PathBuf>,
}

/// The will message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WillPlan {
    pub topic: Topic,
    pub payload: Vec<u8>,
    pub qos: QoS,
    pub retain: bool,
    pub delay: Option<u32>,
    /// `-D will` properties; `delay` replaces their will delay.
    pub properties: WillProperties,
}

/// How long a connect may take without `--connect-timeout`.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an acknowledgement may be outstanding without `--ack-timeout`.
pub const DEFAULT_ACK_TIMEOUT: Duration = mqtt_client::DEFAULT_ACK_TIMEOUT;

/// Everything needed to connect, fully validated.
#[derive(Clone, Debug)]
pub struct ConnectPlan {
    /// Where to connect; credentials and topic are moved out of it.
    pub broker: BrokerUrl,
    /// The proxy to go through, and where it was configured (`--proxy`
    /// or the environment variable's name).
    pub proxy: Option<(Proxy, &'static str)>,
    /// `-A`: local addresses to connect from (more than one for bench only).
    pub bind_addresses: Vec<IpAddr>,
    /// The topic from an `mqtt(s)://host/topic` URL, as mosquitto's -L.
    pub url_topic: Option<String>,
    pub tls: TlsPlan,
    pub protocol: ProtocolVersion,
    pub client_id: Option<String>,
    pub keep_alive: Duration,
    /// `--connect-timeout`: the limit for each connect, first and again.
    pub connect_timeout: Duration,
    /// `--ack-timeout`: how long the broker may leave us waiting for an ack.
    pub ack_timeout: Duration,
    pub clean_start: bool,
    pub session_expiry: Option<u32>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub will: Option<WillPlan>,
    pub properties: PropertySet,
    pub debug: bool,
    pub quiet: bool,
}

impl ConnectPlan {
    /// `host:port` (brackets for IPv6), for messages.
    pub fn address(&self) -> String {
        self.broker.authority()
    }
}

/// What the process environment contributes: the documented `MQTT_*`
/// variables (each below its flag, above the profile) and the prompt.
pub struct Environment {
    /// `MQTT_HOST`.
    pub host: Option<String>,
    /// `MQTT_PORT`, checked when used.
    pub port: Option<String>,
    /// `MQTT_USERNAME`.
    pub username: Option<String>,
    /// `MQTT_PASSWORD`.
    pub mqtt_password: Option<String>,
    /// `MQTT_PROFILE`.
    pub profile: Option<String>,
    /// `ALL_PROXY`, `HTTPS_PROXY`, `http_proxy`, `NO_PROXY`.
    pub proxy: ProxyEnvironment,
    /// `SSLKEYLOGFILE`.
    pub ssl_key_log_file: Option<PathBuf>,
    /// Asks for the password on the terminal (`-P` without a value).
    pub prompt: Box<dyn Fn() -> anyhow::Result<String>>,
}

impl Environment {
    /// The real process environment and terminal.
    pub fn process() -> Environment {
        let var = |name: &str| std::env::var(name).ok();
        Environment {
            host: var("MQTT_HOST"),
            port: var("MQTT_PORT"),
            username: var("MQTT_USERNAME"),
            mqtt_password: var("MQTT_PASSWORD"),
            profile: var("MQTT_PROFILE"),
            proxy: ProxyEnvironment::process(),
            ssl_key_log_file: std::env::var_os("SSLKEYLOGFILE")
                .filter(|value| !value.is_empty())
                .map(PathBuf::from),
            prompt: Box::new(|| {
                rpassword::prompt_password("Password: ").map_err(|_| {
                    usage(
                        "-P without a value asks on the terminal, and there is none; \
                         use MQTT_PASSWORD or --password-file",
                    )
                })
            }),
        }
    }
}

impl Default for Environment {
    /// No variables set, and no terminal to prompt on.
    fn default() -> Environment {
        Environment {
            host: None,
            port: None,
            username: None,
            mqtt_password: None,
            profile: None,
            proxy: ProxyEnvironment::default(),
            ssl_key_log_file: None,
            prompt: Box::new(|| Err(usage("no terminal to prompt for the password"))),
        }
    }
}

/// Builds the plan from the flags, loading `--profile` if given; `-A`
/// takes one address.
pub fn plan(args: &ConnectArgs, env: &Environment) -> anyhow::Result<ConnectPlan> {
    plan_with_profile(args, &profile(args, env)?, env)
}

/// [`plan`], with `-A` allowed to list several local addresses (bench).
pub fn plan_with_bind_list(args: &ConnectArgs, env: &Environment) -> anyhow::Result<ConnectPlan> {
    build(args, &profile(args, env)?, env)
}

/// The profile `--profile` (or `MQTT_PROFILE`) names; the default (empty)
/// profile when none is named.
pub fn profile(args: &ConnectArgs, env: &Environment) -> anyhow::Result<Profile> {
    let named = match (&args.profile, &env.profile) {
        (Some(name), _) => Some((name, "--profile")),
        (None, Some(name)) => Some((name, "MQTT_PROFILE")),
        (None, None) => None,
    };
    let profile = match named {
        Some((name, what)) => {
            load_profile(name).map_err(|err| usage(format!("{what} {name}: {err:#}")))?
        }
        None => Profile::default(),
    };
    Ok(profile)
}

/// Builds the plan from the flags and an already loaded profile; `-A`
/// takes one address.
pub fn plan_with_profile(
    args: &ConnectArgs,
    profile: &Profile,
    env: &Environment,
) -> anyhow::Result<ConnectPlan> {
    if args.bind_address.len() > 1 {
        return Err(usage(
            "-A takes one local address here; only mqtt bench spreads connections over a list",
        ));
    }
    build(args, profile, env)
}

/// The steps run in this order so that errors come in the order of the
/// command line's concerns, and the password prompt comes last.
fn build(args: &ConnectArgs, profile: &Profile, env: &Environment) -> anyhow::Result<ConnectPlan> {
    let properties = PropertySet::from_dash_d(&args.property)?;
    let protocol = protocol_version(args, profile)?;
    let (mut broker, url_source) = broker_url(args, profile, env)?;
    let tls = tls_plan(args, profile, env, broker.scheme)?;
    let proxy = proxy::choose(args.proxy.as_deref(), &env.proxy, &broker)?;
    let bind_addresses = bind_addresses(args, &broker)?;
    let client_id = client_id(args, profile, protocol)?;
    let keep_alive = keep_alive(args, profile)?;
    let connect_timeout = args.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
    if connect_timeout.is_zero() {
        return Err(usage("--connect-timeout must be above zero"));
    }
    let ack_timeout = args.ack_timeout.unwrap_or(DEFAULT_ACK_TIMEOUT);
    if ack_timeout.is_zero() {
        return Err(usage("--ack-timeout must be above zero"));
    }
    let clean_start = !args.no_clean;
    let session_expiry = session_expiry(args, &properties, clean_start, protocol);
    check_kept_session_can_end(args, profile, session_expiry)?;
    let will = will_plan(args, &properties)?;
    // Checked by the subcommand: a topic name for pub, a filter for sub.
    let url_topic = broker.topic.take();
    check_v5_only(args, &properties, protocol)?;

    let username = username(args, profile, env, broker.username.take(), url_source);
    let password_source = password::source(args, profile, broker.password.take(), url_source, env);
    if password_source.is_some() && username.is_none() && protocol != ProtocolVersion::V5 {
        return Err(usage("a password without a user name needs MQTT 5; add -u USER"));
    }
    // Read (or asked for) last, once every other check has passed.
    let password = password_source.map(|source| source.read(env)).transpose()?;

    Ok(ConnectPlan {
        broker,
        proxy,
        bind_addresses,
        url_topic,
        tls,
        protocol,
        client_id,
        keep_alive,
        connect_timeout,
        ack_timeout,
        clean_start,
        session_expiry,
        username,
        password,
        will,
        properties,
        debug: args.debug,
        quiet: args.quiet,
    })
}

/// `-A`: distinct addresses, and none with a Unix socket.
fn bind_addresses(args: &ConnectArgs, broker: &BrokerUrl) -> anyhow::Result<Vec<IpAddr>> {
    if !args.bind_address.is_empty() && broker.scheme == Scheme::Unix {
        return Err(usage("-A (bind address) cannot be used with a unix socket"));
    }
    let mut addresses: Vec<IpAddr> = Vec::new();
    for spec in &args.bind_address {
        for address in expand_bind(*spec) {
            if addresses.contains(&address) {
                return Err(usage(format!("-A: {address} is listed twice")));
            }
            addresses.push(address);
        }
    }
    Ok(addresses)
}

/// The addresses of one `-A` item: a block's host addresses (without the
/// network and broadcast addresses of an IPv4 block of 4 or more).
fn expand_bind(spec: BindSpec) -> Vec<IpAddr> {
    match spec {
        BindSpec::Address(address) => vec![address],
        BindSpec::Block(IpAddr::V4(address), prefix) => {
            let size = 1u32 << (32 - u32::from(prefix));
            let network = u32::from(address) & !(size - 1);
            let hosts = if size >= 4 { 1..size - 1 } else { 0..size };
            hosts.map(|offset| IpAddr::V4((network + offset).into())).collect()
        }
        BindSpec::Block(IpAddr::V6(address), prefix) => {
            let size = 1u128 << (128 - u32::from(prefix));
            let network = u128::from(address) & !(size - 1);
            (0..size).map(|offset| IpAddr::V6((network + offset).into())).collect()
        }
    }
}

/// `-u`, a `-L` URL's user, `MQTT_USERNAME`, a profile URL's user, the
/// profile's `username`: the first one set.
fn username(
    args: &ConnectArgs,
    profile: &Profile,
    env: &Environment,
    from_url: Option<String>,
    url_source: UrlSource,
) -> Option<String> {
    let (command_line_url, profile_url) = match url_source {
        UrlSource::CommandLine => (from_url, None),
        UrlSource::Profile => (None, from_url),
    };
    args.username
        .clone()
        .or(command_line_url)
        .or(env.username.clone())
        .or(profile_url)
        .or(profile.username.clone())
}

/// `-V`, else the profile's `protocol_version`, else MQTT 5.
fn protocol_version(args: &ConnectArgs, profile: &Profile) -> anyhow::Result<ProtocolVersion> {
    let version = match (args.protocol_version, &profile.protocol_version) {
        (Some(version), _) => version,
        (None, Some(text)) => VersionArg::from_str(text, true).map_err(|_| {
            usage(format!("profile: protocol_version {text:?} is not 31, 311 or 5"))
        })?,
        (None, None) => VersionArg::V5,
    };
    Ok(version.into())
}

/// The client id: `-i`, else `-I` plus the process id, else the profile's.
/// MQTT 3.1 allows at most 23 bytes.
fn client_id(
    args: &ConnectArgs,
    profile: &Profile,
    protocol: ProtocolVersion,
) -> anyhow::Result<Option<String>> {
    let client_id = match (&args.client_id, &args.id_prefix) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(prefix)) => Some(format!("{prefix}{}", std::process::id())),
        (None, None) => profile
            .client_id
            .clone()
            .or(profile.id_prefix.as_ref().map(|prefix| format!("{prefix}{}", std::process::id()))),
    };
    if let (ProtocolVersion::V3_1, Some(id)) = (protocol, &client_id) {
        if id.len() > 23 {
            return Err(usage(format!(
                "client id {id:?} is {} bytes; MQTT 3.1 allows at most 23 (use -V 311 or 5)",
                id.len()
            )));
        }
    }
    Ok(client_id)
}

/// `-k`, else the profile's `keepalive`, else 60 s; whole seconds (a
/// fraction rounds up), at most 65535.
fn keep_alive(args: &ConnectArgs, profile: &Profile) -> anyhow::Result<Duration> {
    let keep_alive = match (args.keepalive, &profile.keepalive) {
        (Some(duration), _) => duration,
        (None, Some(text)) => crate::cli::connect::parse_duration(text)
            .map_err(|err| usage(format!("profile: keepalive: {err}")))?,
        (None, None) => Duration::from_secs(60),
    };
    let seconds = whole_seconds_up(keep_alive);
    if seconds > u64::from(u16::MAX) {
        return Err(usage(format!(
            "-k {keep_alive:?}: MQTT keep-alive is at most 65535 s (18h 12m 15s)"
        )));
    }
    Ok(Duration::from_secs(seconds))
}

/// `-x`, else `-D connect session-expiry-interval`; as mosquitto, a kept
/// session (`-c`) on MQTT 5 lasts until `-x` says otherwise.
fn session_expiry(
    args: &ConnectArgs,
    properties: &PropertySet,
    clean_start: bool,
    protocol: ProtocolVersion,
) -> Option<u32> {
    match (args.session_expiry, properties.connect.session_expiry_interval()) {
        (Some(seconds), _) | (None, Some(seconds)) => Some(seconds),
        (None, None) if !clean_start && protocol == ProtocolVersion::V5 => Some(u32::MAX),
        (None, None) => None,
    }
}

/// `-c` keeps a session under the client id. Without a fixed id (`-i` or
/// the profile's `client_id`) the id is new on every run, or chosen by the
/// broker, so nobody could resume or clean up that session: refused (as
/// mosquitto_sub does), unless a finite `-x` lets it expire by itself.
fn check_kept_session_can_end(
    args: &ConnectArgs,
    profile: &Profile,
    session_expiry: Option<u32>,
) -> anyhow::Result<()> {
    // `-I` replaces the profile's id with a new one per run.
    let fixed_id =
        args.client_id.is_some() || (args.id_prefix.is_none() && profile.client_id.is_some());
    let expires = session_expiry.is_some_and(|seconds| seconds != u32::MAX);
    if args.no_clean && !fixed_id && !expires {
        return Err(usage(
            "-c keeps the session under the client id, and without -i the id is new on every \
             run, so the session could never be resumed or cleaned up; add -i ID (or, with \
             MQTT 5, a finite -x so it expires)",
        ));
    }
    Ok(())
}

/// MQTT 5 properties and the options that set them need `-V 5`.
fn check_v5_only(
    args: &ConnectArgs,
    properties: &PropertySet,
    protocol: ProtocolVersion,
) -> anyhow::Result<()> {
    let needs_v5 =
        properties.any || args.session_expiry.is_some() || args.will.will_delay.is_some();
    if needs_v5 && protocol != ProtocolVersion::V5 {
        return Err(usage(
            "MQTT 5 properties (-D, -x, --will-delay, message property flags) need -V 5",
        ));
    }
    Ok(())
}

fn will_plan(args: &ConnectArgs, properties: &PropertySet) -> anyhow::Result<Option<WillPlan>> {
    let Some(topic) = &args.will.will_topic else {
        if !properties.will.is_empty() {
            return Err(usage("-D will ... needs --will-topic"));
        }
        return Ok(None);
    };
    let topic = topic_name(topic, "--will-topic")?;
    let delay = match args.will.will_delay {
        Some(duration) => Some(crate::args::properties::whole_seconds(duration, "--will-delay")?),
        None => properties.will.will_delay_interval(),
    };
    Ok(Some(WillPlan {
        topic,
        payload: args.will.will_payload.clone().unwrap_or_default().into_bytes(),
        qos: args.will.will_qos.unwrap_or_default(),
        retain: args.will.will_retain,
        delay,
        properties: properties.will.clone(),
    }))
}

#[cfg(test)]
mod tests;
