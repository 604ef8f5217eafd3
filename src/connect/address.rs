//! Where to connect: the broker's URL (from `-L`, the profile's `url`, or
//! `-h`/`-p`/`--tls` and the profile's host and port) and the TLS settings.

use std::path::Path;

use mqtt_client::{BrokerUrl, Scheme};

use crate::cli::connect::ConnectArgs;
use crate::config::Profile;
use crate::connect::TlsPlan;
use crate::exit::usage;

/// `-L`, else the profile's url (unless `-h` is given), else a URL built
/// from `-h`/`-p` and the profile's host and port; TLS when any TLS option
/// asks for it.
pub fn broker_url(args: &ConnectArgs, profile: &Profile) -> anyhow::Result<BrokerUrl> {
    let url =
        args.url.as_deref().or(if args.host.is_none() { profile.url.as_deref() } else { None });
    if let Some(text) = url {
        return BrokerUrl::parse(text).map_err(|err| usage(format!("-L {text:?}: {err}")));
    }
    let tls_wanted = args.tls.tls
        || profile.tls
        || args.tls.cafile.is_some()
        || args.tls.capath.is_some()
        || args.tls.cert.is_some()
        || profile.cafile.is_some()
        || profile.capath.is_some()
        || profile.cert.is_some();
    let scheme = if tls_wanted { Scheme::Mqtts } else { Scheme::Mqtt };
    let host = args.host.clone().or(profile.host.clone()).unwrap_or_else(|| "localhost".to_owned());
    let mut url = BrokerUrl::new(scheme, host);
    url.port = args.port.or(profile.port).unwrap_or(scheme.default_port());
    Ok(url)
}

/// The TLS settings, flags before the profile; TLS-only options need a TLS
/// scheme, and every file named must be readable.
pub fn tls_plan(args: &ConnectArgs, profile: &Profile, scheme: Scheme) -> anyhow::Result<TlsPlan> {
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
    Ok(tls)
}

fn check_readable(path: &Path, flag: &str) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .map(drop)
        .map_err(|err| usage(format!("{flag} {}: {err}", path.display())))
}
