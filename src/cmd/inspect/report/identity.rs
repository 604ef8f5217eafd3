//! Who the broker is and how it is reached: address and timings, TLS
//! version, cipher, ALPN and certificate chain, the protocol versions it
//! accepts with its MQTT 5 CONNACK, and what it says about itself in
//! `$SYS`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mqtt_proto::{ConnectReasonCode, ProtocolVersion, QoS, SubscriptionOptions};
use serde_json::{json, Value};
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

use crate::cmd::inspect::report::check::{human, millis, CheckResult};
use crate::cmd::inspect::report::context::{before_marker, stray, Ctx};
use crate::cmd::inspect::report::probe::{v3_return_code_text, Probe, ProbeError, Target};
use crate::describe::packet::{property_text, Secrets};

/// Certificates expiring sooner than this get a warning.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// One certificate of the broker's chain.
#[derive(Debug, Clone)]
pub struct Certificate {
    /// Subject distinguished name.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// DNS names and IP addresses it is valid for.
    pub names: Vec<String>,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// Whole days until it expires (negative when expired).
    pub days_left: i64,
}

impl Certificate {
    /// Reads a DER certificate; `None` when it does not parse.
    pub fn from_der(der: &[u8]) -> Option<Certificate> {
        let (_, cert) = X509Certificate::from_der(der).ok()?;
        let mut names = Vec::new();
        if let Ok(Some(extension)) = cert.subject_alternative_name() {
            for name in &extension.value.general_names {
                match name {
                    GeneralName::DNSName(dns) => names.push(dns.to_string()),
                    GeneralName::IPAddress(bytes) => names.push(ip_text(bytes)),
                    _ => {}
                }
            }
        }
        let expires = cert.validity().not_after.timestamp();
        let now =
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64);
        let not_after = jiff::Timestamp::from_second(expires)
            .map_or_else(|_| expires.to_string(), |at| at.to_string());
        Some(Certificate {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            names,
            not_after,
            days_left: (expires - now).div_euclid(86_400),
        })
    }

    /// A warning when it expires within [`EXPIRY_WARNING_DAYS`].
    pub fn warning(&self) -> Option<String> {
        if self.days_left < 0 {
            Some(format!("expired {} days ago", -self.days_left))
        } else if self.days_left < EXPIRY_WARNING_DAYS {
            Some(format!("expires in {} days", self.days_left))
        } else {
            None
        }
    }

    /// The certificate as JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "subject": self.subject,
            "issuer": self.issuer,
            "names": self.names,
            "not_after": self.not_after,
            "days_left": self.days_left,
            "warning": self.warning(),
        })
    }
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        _ => format!("IP {bytes:02x?}"),
    }
}

/// How the first connection went.
#[derive(Debug, Clone)]
pub struct Reach {
    /// The broker URL as given.
    pub broker: String,
    /// The address connected to.
    pub address: String,
    /// DNS, TCP, TLS, WebSocket and CONNECT→CONNACK times.
    pub timings: Vec<(&'static str, Duration)>,
    /// TLS version, cipher, ALPN (when TLS).
    pub tls: Option<(String, String, Option<String>)>,
    /// The chain, end-entity first.
    pub certificates: Vec<Certificate>,
}

impl Reach {
    /// Reads the first connection's transport details.
    pub fn of(probe: &Probe, target: &Target) -> Reach {
        let info = &probe.info;
        let mut timings = vec![("dns", info.dns_lookup), ("tcp_connect", info.tcp_connect)];
        timings.extend(info.tls_handshake.map(|time| ("tls_handshake", time)));
        timings.extend(info.ws_handshake.map(|time| ("websocket_handshake", time)));
        timings.push(("connack", probe.connack_after));
        let tls = info.tls.as_ref().map(|tls| {
            (
                tls.version.map_or("unknown".to_string(), |version| version.to_string()),
                tls.cipher_suite.clone().unwrap_or_else(|| "unknown".into()),
                tls.alpn_protocol.as_ref().map(|alpn| String::from_utf8_lossy(alpn).into_owned()),
            )
        });
        let certificates = info
            .tls
            .as_ref()
            .map(|tls| {
                tls.peer_certificates.iter().filter_map(|der| Certificate::from_der(der)).collect()
            })
            .unwrap_or_default();
        Reach {
            broker: target.connector.broker().to_string(),
            address: info.peer_addr.to_string(),
            timings,
            tls,
            certificates,
        }
    }

    /// The reach section as JSON.
    pub fn to_json(&self) -> Value {
        let timings: serde_json::Map<String, Value> = self
            .timings
            .iter()
            .map(|(name, time)| (format!("{name}_ms"), json!(millis(*time))))
            .collect();
        json!({
            "broker": self.broker,
            "address": self.address,
            "timings": timings,
            "tls": self.tls.as_ref().map(|(version, cipher, alpn)| json!({
                "version": version,
                "cipher": cipher,
                "alpn": alpn,
                "certificates": self.certificates.iter().map(Certificate::to_json).collect::<Vec<_>>(),
            })),
        })
    }

    /// "TCP 0.21 ms, CONNACK 1.30 ms".
    pub fn timings_text(&self) -> String {
        self.timings
            .iter()
            .map(|(name, time)| {
                let label = match *name {
                    "dns" => "DNS",
                    "tcp_connect" => "TCP",
                    "tls_handshake" => "TLS",
                    "websocket_handshake" => "WebSocket",
                    _ => "CONNACK",
                };
                format!("{label} {}", human(*time))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The CONNACK properties, verbatim, as (name, text, JSON value).
pub fn connack_properties(probe_connack: &mqtt_proto::ConnAck) -> Vec<(String, String, Value)> {
    probe_connack
        .properties
        .to_properties()
        .iter()
        .map(|property| {
            let text = property_text(property, Secrets(false));
            let value = match property {
                mqtt_proto::Property::UserProperty(key, value) => {
                    json!({ "key": key.as_str(), "value": value.as_str() })
                }
                mqtt_proto::Property::MaximumQoS(qos) => json!(qos.level()),
                mqtt_proto::Property::ReceiveMaximum(value)
                | mqtt_proto::Property::TopicAliasMaximum(value)
                | mqtt_proto::Property::ServerKeepAlive(value) => json!(value),
                mqtt_proto::Property::SessionExpiryInterval(value)
                | mqtt_proto::Property::MaximumPacketSize(value) => json!(value),
                mqtt_proto::Property::RetainAvailable(flag)
                | mqtt_proto::Property::WildcardSubscriptionAvailable(flag)
                | mqtt_proto::Property::SubscriptionIdentifierAvailable(flag)
                | mqtt_proto::Property::SharedSubscriptionAvailable(flag) => json!(flag),
                _ => json!(text.trim_matches('"')),
            };
            (property.id().name().to_string(), text, value)
        })
        .collect()
}

/// `$SYS/broker/version` as shown: mosquitto's "mosquitto version 2.0.11"
/// as it is, a bare "0.49.0" (the mqtt5 crate's broker) as "version 0.49.0".
fn version_text(version: &str) -> String {
    if version.starts_with(|c: char| c.is_ascii_digit()) {
        format!("version {version}")
    } else {
        version.to_owned()
    }
}

/// `$SYS/broker/uptime` as shown: "123 seconds" (mosquitto) as it is, a
/// bare "390" with its unit.
fn uptime_text(uptime: &str) -> String {
    match uptime.trim().parse::<u64>() {
        Ok(seconds) => format!("up {seconds} seconds"),
        Err(_) => format!("up {uptime}"),
    }
}

/// Whether the broker accepts a CONNECT in `version`.
pub async fn protocol(
    target: &Target,
    version: ProtocolVersion,
) -> Result<CheckResult, ProbeError> {
    let label = version.number();
    match target.open(version).await {
        Ok(probe) => {
            let after = probe.connack_after;
            let mut result = CheckResult::yes(format!("accepted, CONNACK after {}", human(after)))
                .detail("connack_ms", millis(after));
            if version.is_v5() {
                let properties: Vec<Value> = connack_properties(&probe.connack)
                    .into_iter()
                    .map(|(name, _, value)| json!({ "name": name, "value": value }))
                    .collect();
                result = result.detail("connack_properties", properties);
            }
            probe.disconnect().await;
            Ok(result)
        }
        Err(ProbeError::Refused { reason, reason_string, return_code, asked_v5 }) => {
            let code = match return_code {
                // A 3.x CONNACK to our MQTT 5 CONNECT: say what arrived.
                Some(code) if asked_v5 => format!(
                    "the broker answered with an MQTT 3.1.1 CONNACK, code {code}: {}",
                    v3_return_code_text(code)
                ),
                Some(code) => format!("CONNACK return code {code} ({})", v3_return_code_text(code)),
                None => format!("CONNACK {:#04x} {}", reason.code(), reason.name()),
            };
            let text = reason_string.map(|text| format!(" ({text})")).unwrap_or_default();
            let mut result = CheckResult::no(format!("refused: {code}{text}"));
            if reason != ConnectReasonCode::UnsupportedProtocolVersion {
                result
                    .summary
                    .push_str(&format!(" (the MQTT {label} CONNECT itself was understood)"));
            }
            Ok(result.detail("reason_code", reason.code()))
        }
        Err(
            err @ (ProbeError::Closed(_)
            | ProbeError::Timeout(_)
            | ProbeError::Decode(_)
            | ProbeError::Io(_)),
        ) => Ok(CheckResult::no(format!("not accepted: {err}"))),
        Err(err) => Err(err),
    }
}

/// What the broker publishes about itself under `$SYS/broker/`.
pub async fn sys(ctx: &Ctx<'_>) -> Result<CheckResult, ProbeError> {
    const VERSION: &str = "$SYS/broker/version";
    const UPTIME: &str = "$SYS/broker/uptime";
    let mut probe = ctx.open().await?;
    let marker = ctx.topic("sys-marker");
    let mut granted = Vec::new();
    for filter in [VERSION, UPTIME, marker.as_str()] {
        match probe.subscribe_one(filter, SubscriptionOptions::new(QoS::AtMostOnce)).await {
            Ok(code) => granted.push(code),
            // Some brokers drop the connection rather than refuse a $SYS
            // subscription: that is an answer, not a failure of the check.
            Err(err @ (ProbeError::Closed(_) | ProbeError::Io(_))) => {
                return Ok(CheckResult::no(format!("subscribing to {filter}: {err}")));
            }
            Err(err) => return Err(err),
        }
    }
    let before = before_marker(None, &mut probe, &marker).await?;
    probe.disconnect().await;
    if let Some(error) =
        stray(&before, |publish| [VERSION, UPTIME].contains(&publish.topic.as_str()))
    {
        return Ok(error);
    }
    let value_of = |topic: &str| {
        before
            .iter()
            .rev()
            .find(|publish| publish.topic.as_str() == topic)
            .map(|publish| String::from_utf8_lossy(&publish.payload).into_owned())
    };
    let version = value_of(VERSION);
    let uptime = value_of(UPTIME);
    let result = match (&version, &uptime) {
        (None, None) if granted[..2].iter().any(|code| *code >= 0x80) => {
            CheckResult::no("subscribing to $SYS was refused")
        }
        (None, None) => {
            CheckResult::no("nothing retained under $SYS/broker/version or $SYS/broker/uptime")
        }
        _ => CheckResult::yes(
            [version.as_deref().map(version_text), uptime.as_deref().map(uptime_text)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    Ok(result.detail("version", version).detail("uptime", uptime))
}

#[cfg(test)]
mod tests {
    use mqtt_test_support::tls::TlsMaterial;

    use super::*;

    #[test]
    fn bare_sys_values_get_their_name_and_unit() {
        assert_eq!(version_text("0.49.0"), "version 0.49.0");
        assert_eq!(version_text("mosquitto version 2.0.11"), "mosquitto version 2.0.11");
        assert_eq!(uptime_text("390"), "up 390 seconds");
        assert_eq!(uptime_text("123 seconds"), "up 123 seconds");
    }

    #[test]
    fn reads_a_generated_chain() {
        let dir = tempfile::tempdir().unwrap();
        let material = TlsMaterial::generate(dir.path());
        let server = Certificate::from_der(&material.server.cert_der).unwrap();
        assert!(server.subject.contains("localhost"), "{server:?}");
        assert!(server.issuer.contains("mqtt test CA"), "{server:?}");
        assert_eq!(server.names, ["localhost", "127.0.0.1", "::1"]);
        assert!(server.days_left > EXPIRY_WARNING_DAYS);
        assert_eq!(server.warning(), None);
        assert!(Certificate::from_der(b"not a certificate").is_none());
    }

    #[test]
    fn warns_under_thirty_days_and_when_expired() {
        let mut cert = Certificate {
            subject: "CN=x".into(),
            issuer: "CN=y".into(),
            names: Vec::new(),
            not_after: "2030-01-01T00:00:00Z".into(),
            days_left: 29,
        };
        assert_eq!(cert.warning().as_deref(), Some("expires in 29 days"));
        cert.days_left = 30;
        assert_eq!(cert.warning(), None);
        cert.days_left = -2;
        assert_eq!(cert.warning().as_deref(), Some("expired 2 days ago"));
        assert_eq!(cert.to_json()["warning"], "expired 2 days ago");
    }
}
