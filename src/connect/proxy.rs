//! Which proxy, if any: `--proxy`, else the environment's proxy variables,
//! as curl reads them.
//!
//! Precedence, highest first:
//! 1. `--proxy URL` (`socks5h://`, `socks5://`, `http://`; no scheme means
//!    `http://`); `--proxy ''` means no proxy, whatever the environment says.
//! 2. For `ws://`: `http_proxy`; for `wss://`: `https_proxy`/`HTTPS_PROXY`;
//!    then, for every TCP transport, `all_proxy`/`ALL_PROXY`. Plain MQTT
//!    (`mqtt://`, `mqtts://`) is not HTTP, so only `ALL_PROXY` applies to
//!    it. The lowercase name wins over the uppercase one.
//! 3. `no_proxy`/`NO_PROXY` turns an environment proxy off for the hosts it
//!    lists: `*`, a host name (which also covers its subdomains; a leading
//!    `.` is allowed) or an IP address, comma-separated. It never
//!    overrides `--proxy`.
//!
//! A Unix socket is never proxied; `--proxy` with one is a usage error.

use mqtt_client::{BrokerUrl, Proxy, Scheme};

use crate::exit::usage;

/// The proxy variables of the environment (lowercase name first).
#[derive(Clone, Debug, Default)]
pub struct ProxyEnvironment {
    pub all_proxy: Option<(String, &'static str)>,
    pub http_proxy: Option<(String, &'static str)>,
    pub https_proxy: Option<(String, &'static str)>,
    pub no_proxy: Option<String>,
}

impl ProxyEnvironment {
    /// Reads the process environment.
    pub fn process() -> ProxyEnvironment {
        let first = |names: &[&'static str]| {
            names.iter().find_map(|name| {
                std::env::var(name).ok().filter(|v| !v.trim().is_empty()).map(|v| (v, *name))
            })
        };
        ProxyEnvironment {
            all_proxy: first(&["all_proxy", "ALL_PROXY"]),
            // curl reads only the lowercase http_proxy: HTTP_PROXY can be set
            // by a CGI request's `Proxy:` header.
            http_proxy: first(&["http_proxy"]),
            https_proxy: first(&["https_proxy", "HTTPS_PROXY"]),
            no_proxy: first(&["no_proxy", "NO_PROXY"]).map(|(value, _)| value),
        }
    }
}

/// The proxy for `broker` and where it came from (`--proxy` or a variable).
pub fn choose(
    flag: Option<&str>,
    env: &ProxyEnvironment,
    broker: &BrokerUrl,
) -> anyhow::Result<Option<(Proxy, &'static str)>> {
    if let Some(text) = flag {
        if text.is_empty() {
            return Ok(None);
        }
        if broker.scheme == Scheme::Unix {
            return Err(usage("--proxy cannot be used with a unix socket"));
        }
        return parse(text, "--proxy").map(|proxy| Some((proxy, "--proxy")));
    }
    let from_env = match broker.scheme {
        Scheme::Unix => None,
        Scheme::Ws => env.http_proxy.as_ref().or(env.all_proxy.as_ref()),
        Scheme::Wss => env.https_proxy.as_ref().or(env.all_proxy.as_ref()),
        Scheme::Mqtt | Scheme::Mqtts => env.all_proxy.as_ref(),
    };
    let Some((text, name)) = from_env else { return Ok(None) };
    if env.no_proxy.as_deref().is_some_and(|list| excluded(list, &broker.host)) {
        return Ok(None);
    }
    parse(text, name).map(|proxy| Some((proxy, *name)))
}

fn parse(text: &str, what: &str) -> anyhow::Result<Proxy> {
    let with_scheme = if text.contains("://") { text.to_owned() } else { format!("http://{text}") };
    Proxy::parse(&with_scheme)
        .map_err(|err| usage(format!("{what} {:?}: {err}", super::address::without_password(text))))
}

/// Whether `host` is on the `NO_PROXY` list.
fn excluded(list: &str, host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    list.split(',').map(str::trim).filter(|entry| !entry.is_empty()).any(|entry| {
        let entry = entry.trim_start_matches('.').to_ascii_lowercase();
        let entry = entry.trim_start_matches('[').trim_end_matches(']');
        entry == "*" || host == entry || host.ends_with(&format!(".{entry}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(all: Option<&str>, https: Option<&str>, no: Option<&str>) -> ProxyEnvironment {
        ProxyEnvironment {
            all_proxy: all.map(|v| (v.to_owned(), "ALL_PROXY")),
            http_proxy: None,
            https_proxy: https.map(|v| (v.to_owned(), "HTTPS_PROXY")),
            no_proxy: no.map(str::to_owned),
        }
    }

    fn chosen(flag: Option<&str>, env: &ProxyEnvironment, url: &str) -> Option<String> {
        let broker = BrokerUrl::parse(url).unwrap();
        choose(flag, env, &broker).unwrap().map(|(proxy, from)| format!("{proxy} {from}"))
    }

    #[test]
    fn the_flag_wins_and_an_empty_flag_turns_the_environment_off() {
        let env = env(Some("socks5h://envproxy:1080"), None, Some("*"));
        let got = chosen(Some("socks5://flag:9"), &env, "mqtt://broker");
        assert_eq!(got.as_deref(), Some("socks5://flag:9 --proxy"));
        assert_eq!(chosen(Some(""), &env, "mqtt://broker"), None);
    }

    #[test]
    fn https_proxy_applies_to_wss_only_and_all_proxy_to_every_tcp_transport() {
        let env = env(Some("socks5h://all:1080"), Some("proxy:3128"), None);
        assert_eq!(chosen(None, &env, "wss://b").as_deref(), Some("http://proxy:3128 HTTPS_PROXY"));
        assert_eq!(
            chosen(None, &env, "mqtts://b").as_deref(),
            Some("socks5h://all:1080 ALL_PROXY")
        );
        assert_eq!(chosen(None, &env, "unix:///tmp/s"), None);
    }

    #[test]
    fn no_proxy_matches_hosts_domains_and_star() {
        for (list, host, hit) in [
            ("example.com", "example.com", true),
            (".example.com", "b.example.com", true),
            ("example.com", "badexample.com", false),
            ("localhost, 127.0.0.1", "127.0.0.1", true),
            ("*", "anything", true),
            ("::1", "[::1]", true),
        ] {
            assert_eq!(excluded(list, host), hit, "{list} vs {host}");
        }
    }

    #[test]
    fn a_bad_proxy_names_its_source_without_the_password() {
        let env = env(Some("socks4://u:secret@h"), None, None);
        let broker = BrokerUrl::parse("mqtt://b").unwrap();
        let err = choose(None, &env, &broker).unwrap_err().to_string();
        assert!(err.starts_with("ALL_PROXY") && !err.contains("secret"), "{err}");
        let unix = BrokerUrl::parse("unix:///tmp/s").unwrap();
        assert!(choose(Some("socks5h://h"), &env, &unix).is_err());
    }
}
