//! The scenario as recorded in reports: what was asked for, independent of
//! which shard ran it. Two shard reports merge only if their scenarios are
//! equal, so everything that changes the workload belongs here and nothing
//! host-specific does.

use serde::{Deserialize, Serialize};

/// The workload definition, as the user gave it (totals, not per-shard shares).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Broker URL, with any password removed.
    pub broker: String,
    /// `5`, `3.1.1` or `3.1`.
    pub mqtt_version: String,
    /// QoS level of publishes and subscriptions, as a number (0 for `conn`).
    pub qos: u8,
    pub publishers: u32,
    pub subscribers: u32,
    /// Publish topic template.
    pub topic: String,
    /// Subscription filter template.
    pub filter: String,
    /// Payload bytes per message, bench header included.
    pub payload_size: usize,
    /// Total messages per second across all publishers; 0 = saturate.
    pub rate: f64,
    /// Outstanding QoS 1/2 publishes per connection.
    pub inflight: u16,
    pub warmup_s: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<f64>,
    /// Measured messages per publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// How many shards the scenario was split into.
    pub shards: u32,
    /// `pubsub` (publishers and subscribers), `pub`, `sub` or `conn`.
    #[serde(default = "default_mode")]
    pub mode: String,
    /// Messages were published with the retain flag.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retain: bool,
    /// Shared subscription group of the subscribers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<String>,
    /// Connections opened per second at most (absent: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_rate: Option<f64>,
    /// Subscribers went offline until this far into the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscriber_delay_s: Option<f64>,
    /// `conn`: connections opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<u32>,
    /// `conn`: how long connections were held open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_s: Option<f64>,
    /// `conn`: connections reconnected in a loop.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub churn: bool,
    /// The `--scenario` preset the run started from (flags may override
    /// parts of it), e.g. `fan-out`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
}

fn default_mode() -> String {
    "pubsub".into()
}

/// Removes the password from `scheme://user:password@host…`, keeping the user.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            format!("{user}@{host}")
        }
        None => authority.to_owned(),
    };
    match scheme {
        Some(scheme) => format!("{scheme}://{authority}{tail}"),
        None => format!("{authority}{tail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_report() {
        assert_eq!(
            redact_url("mqtts://alice:s3cr3t@broker:8883/path"),
            "mqtts://alice@broker:8883/path"
        );
        assert_eq!(redact_url("mqtt://alice:p@ss:word@host"), "mqtt://alice@host");
        assert_eq!(redact_url("mqtt://host:1883"), "mqtt://host:1883");
        assert_eq!(redact_url("bob:pw@host"), "bob@host");
        assert_eq!(redact_url("ws://host/mqtt?x=a@b"), "ws://host/mqtt?x=a@b");
    }
}
