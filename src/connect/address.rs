//! Where to connect: the broker's URL, resolved field by field with the
//! precedence command line > environment > profile > defaults.
//!
//! - `-L URL` on the command line sets every field it has (scheme, host,
//!   port, credentials, topic) and wins over `MQTT_HOST`/`MQTT_PORT`.
//! - Otherwise the profile's `url` (or its `host`/`port`/`tls`) is the
//!   base, `MQTT_HOST` and `MQTT_PORT` override its host and port, and `-h`
//!   and `-p` override those. A field nobody sets keeps the profile's value,
//!   so `-h` alone keeps a profile URL's port and scheme.
//! - TLS options (`--tls`, `--cafile`, …) switch a URL built from parts to
//!   `mqtts://`; the port then defaults to 8883.
//!
//! Errors name where the bad value came from: the flag, the environment
//! variable or the profile.

use std::path::Path;

use mqtt_client::{BrokerUrl, Scheme};

use crate::cli::connect::ConnectArgs;
use crate::config::Profile;
use crate::connect::{Environment, TlsPlan};
use crate::exit::usage;

/// Where the broker's URL came from: `-L`, or the profile (possibly with
/// host and port overridden).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlSource {
    CommandLine,
    Profile,
}

/// The broker's URL, and where its credentials came from (a `-L` URL's
/// user and password rank with the flags, a profile URL's with the profile).
pub fn broker_url(
    args: &ConnectArgs,
    profile: &Profile,
    env: &Environment,
) -> anyhow::Result<(BrokerUrl, UrlSource)> {
    if let Some(path) = &args.unix {
        let url = BrokerUrl::unix(path).map_err(|err| usage(format!("--unix {path:?}: {err}")))?;
        return Ok((url, UrlSource::CommandLine));
    }
    if let Some(text) = &args.url {
        let url = BrokerUrl::parse(text)
            .map_err(|err| usage(format!("-L {:?}: {err}", without_password(text))))?;
        return Ok((url, UrlSource::CommandLine));
    }
    let mut url = profile_base(args, profile)?;
    let default_port = url.port;
    if let Some(host) = &env.host {
        url.host = checked_host(host, "MQTT_HOST")?;
    }
    if let Some(host) = &args.host {
        url.host = checked_host(host, "-h")?;
    }
    url.port = match (args.port, &env.port) {
        (Some(port), _) => checked_port(port, "-p")?,
        (None, Some(text)) => {
            let port = text.trim().parse::<u16>().map_err(|_| {
                usage(format!("MQTT_PORT {text:?}: not a port number (1 to 65535)"))
            })?;
            checked_port(port, "MQTT_PORT")?
        }
        (None, None) => default_port,
    };
    Ok((url, UrlSource::Profile))
}

/// The profile's URL, or a URL from its host, port and TLS settings (TLS
/// flags on the command line count too), or `mqtt://localhost:1883`.
fn profile_base(args: &ConnectArgs, profile: &Profile) -> anyhow::Result<BrokerUrl> {
    let tls_flags = args.tls.tls
        || args.tls.cafile.is_some()
        || args.tls.capath.is_some()
        || args.tls.cert.is_some();
    if let Some(text) = &profile.url {
        let mut url = BrokerUrl::parse(text)
            .map_err(|err| usage(format!("profile: url {:?}: {err}", without_password(text))))?;
        if tls_flags && !url.scheme.is_tls() {
            let port_was_default = url.port == url.scheme.default_port();
            url.scheme = if url.scheme == Scheme::Ws { Scheme::Wss } else { Scheme::Mqtts };
            if port_was_default {
                url.port = url.scheme.default_port();
            }
        }
        return Ok(url);
    }
    let tls_wanted = tls_flags
        || profile.tls
        || profile.cafile.is_some()
        || profile.capath.is_some()
        || profile.cert.is_some();
    let scheme = if tls_wanted { Scheme::Mqtts } else { Scheme::Mqtt };
    let host = match &profile.host {
        Some(host) => checked_host(host, "profile: host")?,
        None => "localhost".to_owned(),
    };
    let mut url = BrokerUrl::new(scheme, host);
    if let Some(port) = profile.port {
        url.port = checked_port(port, "profile: port")?;
    }
    Ok(url)
}

/// A broker URL as typed, for messages: a password in it becomes `***`,
/// whether or not the rest of the URL is valid.
pub fn without_password(text: &str) -> String {
    let Some(scheme_end) = text.find("://").map(|at| at + 3) else { return text.to_owned() };
    let rest = &text[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else { return text.to_owned() };
    match rest[..at].split_once(':') {
        Some((user, _)) => format!("{}{user}:***{}", &text[..scheme_end], &rest[at..]),
        None => text.to_owned(),
    }
}

fn checked_host(host: &str, what: &str) -> anyhow::Result<String> {
    if host.trim().is_empty() {
        return Err(usage(format!("{what}: the host name is empty")));
    }
    Ok(host.to_owned())
}

fn checked_port(port: u16, what: &str) -> anyhow::Result<u16> {
    if port == 0 {
        return Err(usage(format!("{what} 0: ports go from 1 to 65535")));
    }
    Ok(port)
}

/// The TLS settings, flags before the profile; TLS-only options need a TLS
/// scheme, and every file named must be readable.
pub fn tls_plan(
    args: &ConnectArgs,
    profile: &Profile,
    env: &Environment,
    scheme: Scheme,
) -> anyhow::Result<TlsPlan> {
    let tls = TlsPlan {
        cafile: args.tls.cafile.clone().or(profile.cafile.clone()),
        capath: args.tls.capath.clone().or(profile.capath.clone()),
        cert: args.tls.cert.clone().or(profile.cert.clone()),
        key: args.tls.key.clone().or(profile.key.clone()),
        // A profile's `insecure` only matters where there is TLS to relax.
        insecure: args.tls.insecure || (profile.insecure && scheme.is_tls()),
        version: args.tls.tls_version,
        alpn: args.tls.alpn.clone(),
        server_name: args.tls.sni.clone(),
        // SSLKEYLOGFILE is a standing setting for every TLS program, so it
        // is simply unused without TLS; the flag is a request.
        key_log: args.tls.tls_keylog.clone().or(if scheme.is_tls() {
            env.ssl_key_log_file.clone()
        } else {
            None
        }),
    };
    if scheme == Scheme::Unix && (args.tls.tls || tls.cafile.is_some() || tls.capath.is_some()) {
        return Err(usage("TLS options cannot be used with a unix socket (mosquitto's are plain)"));
    }
    if !scheme.is_tls()
        && (tls.insecure || tls.version.is_some() || !tls.alpn.is_empty() || tls.key_log.is_some())
    {
        return Err(usage(
            "--insecure, --tls-version, --alpn and --tls-keylog need TLS: add --tls, --cafile or use an mqtts:// or wss:// URL",
        ));
    }
    let named = |flag: &Option<std::path::PathBuf>, name| if flag.is_some() { name } else { "" };
    for (path, flag, key) in [
        (&tls.cafile, named(&args.tls.cafile, "--cafile"), "profile: cafile"),
        (&tls.cert, named(&args.tls.cert, "--cert"), "profile: cert"),
        (&tls.key, named(&args.tls.key, "--key"), "profile: key"),
    ] {
        if let Some(path) = path {
            check_readable(path, if flag.is_empty() { key } else { flag })?;
        }
    }
    Ok(tls)
}

fn check_readable(path: &Path, flag: &str) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .map(drop)
        .map_err(|err| usage(format!("{flag} {}: {err}", path.display())))
}
