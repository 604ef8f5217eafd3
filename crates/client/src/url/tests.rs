//! Unit tests of broker URL parsing.

use super::{BrokerUrl, Scheme, UrlError, DEFAULT_WS_PATH};

fn parse(text: &str) -> BrokerUrl {
    BrokerUrl::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn error(text: &str) -> UrlError {
    BrokerUrl::parse(text).expect_err(text)
}

#[test]
fn default_ports_per_scheme() {
    let cases = [
        ("mqtt://broker", Scheme::Mqtt, 1883),
        ("tcp://broker", Scheme::Mqtt, 1883),
        ("mqtts://broker", Scheme::Mqtts, 8883),
        ("ssl://broker", Scheme::Mqtts, 8883),
        ("TLS://broker", Scheme::Mqtts, 8883),
        ("ws://broker", Scheme::Ws, 80),
        ("wss://broker", Scheme::Wss, 443),
    ];
    for (text, scheme, port) in cases {
        let url = parse(text);
        assert_eq!((url.scheme, url.port, url.host.as_str()), (scheme, port, "broker"), "{text}");
    }
}

#[test]
fn explicit_port_and_ws_path() {
    let url = parse("ws://example.com:9001/custom/path?token=abc");
    assert_eq!(url.port, 9001);
    assert_eq!(url.ws_path, "/custom/path?token=abc");
    assert_eq!(url.topic, None);
    assert_eq!(parse("wss://example.com").ws_path, DEFAULT_WS_PATH);
    assert_eq!(parse("ws://example.com/").ws_path, "/");
}

#[test]
fn ipv6_literal_host() {
    let url = parse("mqtts://[::1]:8884");
    assert_eq!(url.host, "::1");
    assert_eq!(url.port, 8884);
    assert_eq!(url.authority(), "[::1]:8884");
    let url = parse("ws://[fe80::1]/mqtt");
    assert_eq!((url.host.as_str(), url.port), ("fe80::1", 80));
}

#[test]
fn credentials_are_percent_decoded() {
    let url = parse("mqtt://al%40ice:p%3Ass%2Fw@rd@127.0.0.1");
    assert_eq!(url.username.as_deref(), Some("al@ice"));
    assert_eq!(url.password.as_ref().map(|secret| secret.expose()), Some("p:ss/w@rd"));
    assert_eq!(url.host, "127.0.0.1");
    let only_user = parse("mqtt://bob@host");
    assert_eq!((only_user.username.as_deref(), only_user.password), (Some("bob"), None));
    let empty_password = parse("mqtt://bob:@host");
    assert_eq!(empty_password.password.map(|secret| secret.is_empty()), Some(true));
}

#[test]
fn debug_and_display_never_show_the_password() {
    let url = parse("mqtts://alice:sup3r-s3cret@broker:8883/a/b");
    let debug = format!("{url:?}");
    let pretty = format!("{url:#?}");
    let display = url.to_string();
    for text in [&debug, &pretty, &display] {
        assert!(!text.contains("sup3r-s3cret"), "password leaked: {text}");
    }
    assert!(debug.contains("(redacted)"), "{debug}");
    assert_eq!(display, "mqtts://alice@broker:8883");
}

#[test]
fn topic_path_is_verbatim_like_mosquitto() {
    assert_eq!(parse("mqtt://host:1884/sensors/+/temp").topic.as_deref(), Some("sensors/+/temp"));
    assert_eq!(parse("mqtt://host/a/#").topic.as_deref(), Some("a/#"));
    assert_eq!(parse("mqtts://host/with%20percent").topic.as_deref(), Some("with%20percent"));
    assert_eq!(parse("mqtt://host/").topic, None);
    assert_eq!(parse("mqtt://host").topic, None);
}

#[test]
fn display_round_trips_for_websocket() {
    let url = parse("wss://user:pw@[::1]:8443/mqtt");
    assert_eq!(url.to_string(), "wss://user@[::1]:8443/mqtt");
    let again = parse(&url.to_string());
    assert_eq!((again.host, again.port, again.ws_path), (url.host, url.port, url.ws_path));
}

#[test]
fn errors_name_the_problem() {
    let cases: [(&str, UrlError); 12] = [
        ("localhost:1883", UrlError::MissingScheme),
        ("http://host", UrlError::UnsupportedScheme("http".into())),
        ("mqtt://", UrlError::MissingHost),
        ("mqtt://:1883", UrlError::MissingHost),
        ("mqtt://host:", UrlError::EmptyPort),
        ("mqtt://host:0", UrlError::InvalidPort("0".into())),
        ("mqtt://host:65536", UrlError::InvalidPort("65536".into())),
        ("mqtt://host:+12", UrlError::InvalidPort("+12".into())),
        ("mqtt://::1", UrlError::UnbracketedIpv6),
        ("mqtt://[::1", UrlError::UnbracketedIpv6),
        ("mqtt://[::g]", UrlError::InvalidIpv6("::g".into())),
        ("mqtt://[::1]x", UrlError::AfterIpv6("x".into())),
    ];
    for (text, expected) in cases {
        assert_eq!(error(text), expected, "{text}");
    }
    assert_eq!(
        error("mqtt://ho st"),
        UrlError::InvalidHost { host: "ho st".into(), character: ' ' }
    );
    assert_eq!(
        error("ws://host/a b"),
        UrlError::InvalidPath { path: "/a b".into(), character: ' ' }
    );
    assert_eq!(error("mqtt://user:p%FF@host"), UrlError::NotUtf8("password"));
}

#[test]
fn error_messages_are_clear_and_never_quote_the_password() {
    let message = error("mqtt://user:xyzzy/9@host").to_string();
    assert!(message.contains("percent-encode"), "{message}");
    assert!(!message.contains("xyzzy"), "password leaked: {message}");
    let message = error("ftp://host").to_string();
    assert_eq!(
        message,
        "unsupported scheme `ftp`: expected mqtt, mqtts, ws, wss or unix (or tcp, ssl, tls)"
    );
    let message = error("mqtt://host:99999").to_string();
    assert_eq!(message, "invalid port `99999`: expected a number from 1 to 65535");
}

#[test]
fn new_uses_the_default_port() {
    let url = BrokerUrl::new(Scheme::Wss, "example.org");
    assert_eq!((url.port, url.ws_path.as_str()), (443, DEFAULT_WS_PATH));
    assert_eq!(url.to_string(), "wss://example.org:443/mqtt");
}

#[test]
fn unix_urls_hold_the_socket_path() {
    let url = BrokerUrl::parse("unix:///run/mosquitto/mqtt.sock").unwrap();
    assert_eq!((url.scheme, url.host.as_str()), (Scheme::Unix, "/run/mosquitto/mqtt.sock"));
    assert_eq!(url.authority(), "/run/mosquitto/mqtt.sock");
    assert_eq!(url.to_string(), "unix:///run/mosquitto/mqtt.sock");
    assert_eq!(url.topic, None);
    assert_eq!(error("unix://"), UrlError::MissingSocketPath);
}
