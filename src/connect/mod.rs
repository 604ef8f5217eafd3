//! From `ConnectArgs` (+ an optional profile) to a validated
//! [`ConnectPlan`], and from the plan to the client's `ConnectOptions`.
//!
//! Precedence, highest first: command-line flags, the `-L` URL's parts,
//! environment variables (`MQTT_PASSWORD`), then the `--profile`. Password
//! sources are tried in the order `-P VALUE`, `-P` (prompt), `--password-file`,
//! the URL's password, `MQTT_PASSWORD`, the profile's `password_file` or
//! `password_env`. The prompt comes last of all checks, so a typo elsewhere
//! never costs the user a typed password.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::ValueEnum;
use mqtt_client::{BrokerUrl, Scheme, Secret};
use mqtt_proto::Topic;

use crate::args::properties::{MessageProperties, PropertySet};
use crate::args::topics::topic_name;
use crate::cli::connect::{ConnectArgs, TlsVersionArg, VersionArg};
use crate::config::{load_profile, Profile};
use crate::exit::usage;

pub mod open;

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
}

/// The will message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WillPlan {
    pub topic: Topic,
    pub payload: Vec<u8>,
    pub qos: u8,
    pub retain: bool,
    pub delay: Option<u32>,
    pub properties: MessageProperties,
}

/// Everything needed to connect, fully validated.
#[derive(Clone, Debug)]
pub struct ConnectPlan {
    /// Where to connect; credentials and topic are moved out of it.
    pub broker: BrokerUrl,
    /// The topic from an `mqtt(s)://host/topic` URL, as mosquitto's -L.
    pub url_topic: Option<String>,
    pub tls: TlsPlan,
    pub protocol: VersionArg,
    pub client_id: Option<String>,
    pub keep_alive: Duration,
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

/// Where the password comes from when no flag gives one.
pub struct Environment {
    pub mqtt_password: Option<String>,
    pub prompt: Box<dyn Fn() -> anyhow::Result<String>>,
}

impl Environment {
    /// The real process environment and terminal.
    pub fn process() -> Environment {
        Environment {
            mqtt_password: std::env::var("MQTT_PASSWORD").ok(),
            prompt: Box::new(|| {
                rpassword::prompt_password("Password: ").context(
                    "cannot prompt for the password (no terminal?); \
                     use MQTT_PASSWORD or --password-file",
                )
            }),
        }
    }
}

/// Builds the plan from the flags, loading `--profile` if given.
pub fn plan(args: &ConnectArgs, env: &Environment) -> anyhow::Result<ConnectPlan> {
    let profile = match &args.profile {
        Some(name) => {
            load_profile(name).map_err(|err| usage(format!("--profile {name}: {err:#}")))?
        }
        None => Profile::default(),
    };
    plan_with_profile(args, &profile, env)
}

/// Builds the plan from the flags and an already loaded profile.
pub fn plan_with_profile(
    args: &ConnectArgs,
    profile: &Profile,
    env: &Environment,
) -> anyhow::Result<ConnectPlan> {
    let properties = PropertySet::from_dash_d(&args.property)?;
    let protocol = match (args.protocol_version, &profile.protocol_version) {
        (Some(version), _) => version,
        (None, Some(text)) => VersionArg::from_str(text, true).map_err(|_| {
            usage(format!("profile: protocol_version {text:?} is not 31, 311 or 5"))
        })?,
        (None, None) => VersionArg::V5,
    };

    // Where: -L, else the profile's url, else -h/-p/--tls and profile host/port.
    let url =
        args.url.as_deref().or(if args.host.is_none() { profile.url.as_deref() } else { None });
    let parsed = match url {
        Some(text) => {
            Some(BrokerUrl::parse(text).map_err(|err| usage(format!("-L {text:?}: {err}")))?)
        }
        None => None,
    };
    let tls_wanted = args.tls.tls
        || profile.tls
        || args.tls.cafile.is_some()
        || args.tls.capath.is_some()
        || args.tls.cert.is_some()
        || profile.cafile.is_some()
        || profile.capath.is_some()
        || profile.cert.is_some();
    let mut broker = match parsed {
        Some(url) => url,
        None => {
            let scheme = if tls_wanted { Scheme::Mqtts } else { Scheme::Mqtt };
            let host = args
                .host
                .clone()
                .or(profile.host.clone())
                .unwrap_or_else(|| "localhost".to_owned());
            let mut url = BrokerUrl::new(scheme, host);
            url.port = args.port.or(profile.port).unwrap_or(scheme.default_port());
            url
        }
    };
    let scheme = broker.scheme;

    let tls = TlsPlan {
        cafile: args.tls.cafile.clone().or(profile.cafile.clone()),
        capath: args.tls.capath.clone().or(profile.capath.clone()),
        cert: args.tls.cert.clone().or(profile.cert.clone()),
        key: args.tls.key.clone().or(profile.key.clone()),
        insecure: args.tls.insecure || profile.insecure,
        version: args.tls.tls_version,
        alpn: args.tls.alpn.clone(),
        server_name: args.tls.sni.clone(),
    };
    if !scheme.is_tls() && (tls.insecure || tls.version.is_some() || !tls.alpn.is_empty()) {
        return Err(usage(
            "--insecure, --tls-version and --alpn need TLS: add --tls, --cafile or use an mqtts:// or wss:// URL",
        ));
    }
    for (path, flag) in [(&tls.cafile, "--cafile"), (&tls.cert, "--cert"), (&tls.key, "--key")] {
        if let Some(path) = path {
            check_readable(path, flag)?;
        }
    }

    let client_id = match (&args.client_id, &args.id_prefix) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(prefix)) => Some(format!("{prefix}{}", std::process::id())),
        (None, None) => profile
            .client_id
            .clone()
            .or(profile.id_prefix.as_ref().map(|prefix| format!("{prefix}{}", std::process::id()))),
    };
    if protocol == VersionArg::V31 {
        if let Some(id) = &client_id {
            if id.len() > 23 {
                return Err(usage(format!(
                    "client id {id:?} is {} bytes; MQTT 3.1 allows at most 23 (use -V 311 or 5)",
                    id.len()
                )));
            }
        }
    }

    let keep_alive = match (args.keepalive, &profile.keepalive) {
        (Some(duration), _) => duration,
        (None, Some(text)) => crate::cli::connect::parse_duration(text)
            .map_err(|err| usage(format!("profile: keepalive: {err}")))?,
        (None, None) => Duration::from_secs(60),
    };
    if keep_alive.as_secs() > u64::from(u16::MAX) {
        return Err(usage(format!(
            "-k {keep_alive:?}: MQTT keep-alive is at most 65535 s (18h 12m 15s)"
        )));
    }

    let clean_start = !args.no_clean;
    let session_expiry = match (args.session_expiry, properties.connect.session_expiry) {
        (Some(seconds), _) | (None, Some(seconds)) => Some(seconds),
        // As mosquitto: a kept session (-c) on MQTT 5 lasts until -x says otherwise.
        (None, None) if !clean_start && protocol == VersionArg::V5 => Some(u32::MAX),
        (None, None) => None,
    };

    let will = will_plan(args, &properties)?;
    // Checked by the subcommand: a topic name for pub, a filter for sub.
    let url_topic = broker.topic.take();

    let needs_v5 =
        properties.any || args.session_expiry.is_some() || args.will.will_delay.is_some();
    if needs_v5 && protocol != VersionArg::V5 {
        return Err(usage(
            "MQTT 5 properties (-D, -x, --will-delay, message property flags) need -V 5",
        ));
    }

    let username = args.username.clone().or(broker.username.take()).or(profile.username.clone());
    let password = password(args, profile, broker.password.take(), env)?;
    if password.is_some() && username.is_none() && protocol != VersionArg::V5 {
        return Err(usage("a password without a user name needs MQTT 5; add -u USER"));
    }

    Ok(ConnectPlan {
        broker,
        url_topic,
        tls,
        protocol,
        client_id,
        keep_alive,
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

fn will_plan(args: &ConnectArgs, properties: &PropertySet) -> anyhow::Result<Option<WillPlan>> {
    let Some(topic) = &args.will.will_topic else {
        if !properties.will.is_empty() || properties.will_delay.is_some() {
            return Err(usage("-D will ... needs --will-topic"));
        }
        return Ok(None);
    };
    let topic = topic_name(topic, "--will-topic")?;
    let delay = match args.will.will_delay {
        Some(duration) => Some(crate::args::properties::whole_seconds(duration, "--will-delay")?),
        None => properties.will_delay,
    };
    Ok(Some(WillPlan {
        topic,
        payload: args.will.will_payload.clone().unwrap_or_default().into_bytes(),
        qos: args.will.will_qos.unwrap_or(0),
        retain: args.will.will_retain,
        delay,
        properties: properties.will.clone(),
    }))
}

fn password(
    args: &ConnectArgs,
    profile: &Profile,
    from_url: Option<Secret>,
    env: &Environment,
) -> anyhow::Result<Option<Secret>> {
    if let Some(given) = &args.password {
        if given == PROMPT_SENTINEL {
            return (env.prompt)().map(|text| Some(Secret::new(text)));
        }
        return Ok(Some(Secret::new(given.clone())));
    }
    if let Some(path) = &args.password_file {
        return read_password_file(path, "--password-file").map(Some);
    }
    if let Some(secret) = from_url {
        return Ok(Some(secret));
    }
    if let Some(text) = &env.mqtt_password {
        return Ok(Some(Secret::new(text.clone())));
    }
    if let Some(path) = &profile.password_file {
        return read_password_file(path, "profile password_file").map(Some);
    }
    if let Some(var) = &profile.password_env {
        let text = std::env::var(var)
            .map_err(|_| usage(format!("profile: password_env names {var}, which is not set")))?;
        return Ok(Some(Secret::new(text)));
    }
    Ok(None)
}

/// The first line of `path`, without its line ending.
fn read_password_file(path: &Path, what: &str) -> anyhow::Result<Secret> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| usage(format!("{what} {}: {err}", path.display())))?;
    let line = text.lines().next().unwrap_or("");
    Ok(Secret::new(line))
}

fn check_readable(path: &Path, flag: &str) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .map(drop)
        .map_err(|err| usage(format!("{flag} {}: {err}", path.display())))
}

#[cfg(test)]
mod tests;
