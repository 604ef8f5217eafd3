//! The report as a human table (text) and as one JSON document.
//!
//! Policy: both come from the same values in the same order. Text aligns
//! a status column (`yes`, `no`, `skipped`, `error`) so a reader scans
//! down it; JSON keeps every measurement under `details`.

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::cmd::inspect::report::check::{millis, Check, CheckResult, Status};
use crate::cmd::inspect::report::context::Ctx;
use crate::cmd::inspect::report::identity::{connack_properties, Reach};
use crate::describe::tree::Node;

/// Everything the report prints.
pub struct Report<'r, 'a> {
    /// How the broker was reached.
    pub reach: &'r Reach,
    /// Shared state (prefix, version, first CONNACK).
    pub ctx: &'r Ctx<'a>,
    /// Check results, in order.
    pub results: &'r [CheckResult],
    /// What could not be cleaned up.
    pub cleanup: &'r [String],
    /// `--require` ids.
    pub required: &'r [Check],
    /// Required checks that did not answer yes.
    pub missing: &'r [&'r CheckResult],
}

impl Report<'_, '_> {
    fn server(&self) -> Option<String> {
        let sys = self.results.iter().find(|result| result.id == "sys")?;
        (sys.status == Status::Yes).then(|| sys.summary.clone())
    }

    /// The human table.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let reach = self.reach;
        let line = |out: &mut String, label: &str, text: &str| {
            let _ = writeln!(out, "{label:<15}{text}");
        };
        line(&mut out, "Broker", &reach.broker);
        line(&mut out, "Address", &format!("{}  ({})", reach.address, reach.timings_text()));
        if let Some((version, cipher, alpn)) = &reach.tls {
            line(
                &mut out,
                "TLS",
                &format!("{version}, {cipher}, ALPN {}", alpn.as_deref().unwrap_or("none")),
            );
        }
        for (index, cert) in reach.certificates.iter().enumerate() {
            line(&mut out, &format!("Certificate {}", index + 1), &cert.subject);
            let names =
                if cert.names.is_empty() { "none".to_string() } else { cert.names.join(", ") };
            line(&mut out, "", &format!("  issuer {}; names {names}", cert.issuer));
            let warning =
                cert.warning().map(|text| format!("  WARNING: {text}")).unwrap_or_default();
            line(
                &mut out,
                "",
                &format!("  expires {} ({} days){warning}", cert.not_after, cert.days_left),
            );
        }
        if let Some(server) = self.server() {
            line(&mut out, "Server", &server);
        }
        line(&mut out, "Checks speak", &format!("MQTT {}", self.ctx.version.number()));
        let cleaned =
            if self.cleanup.is_empty() { "cleaned up" } else { "NOT all cleaned up (see stderr)" };
        line(&mut out, "Test topics", &format!("{}/... ({cleaned})", self.ctx.prefix));
        if self.ctx.version.is_v5() {
            out.push_str("\nMQTT 5.0 CONNACK properties\n");
            let properties = connack_properties(&self.ctx.connack);
            if properties.is_empty() {
                out.push_str("  (none: every limit at its default)\n");
            }
            for (name, text, _) in properties {
                let _ = writeln!(out, "  {name:<34}{text}");
            }
        }
        out.push_str("\nChecks\n");
        for result in self.results {
            let _ =
                writeln!(out, "  {:<21}{:<9}{}", result.id, result.status.word(), result.summary);
        }
        if !self.required.is_empty() {
            let verdict = if self.missing.is_empty() {
                "all yes".to_string()
            } else {
                format!(
                    "missing {}",
                    self.missing
                        .iter()
                        .map(|result| result.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let _ = writeln!(
                out,
                "\nRequired       {}: {verdict}",
                self.required.iter().map(|check| check.id()).collect::<Vec<_>>().join(", ")
            );
        }
        out
    }

    /// The JSON document.
    pub fn to_json(&self) -> String {
        let reach = self.reach.to_json();
        let mut checks = Node::list("checks", "checks");
        for result in self.results {
            let details: serde_json::Map<String, Value> = result
                .details
                .iter()
                .map(|(key, value)| (key.to_string(), value.clone()))
                .collect();
            checks.push(
                Node::group("", "")
                    .with(Node::json_only("id", result.id.as_str()))
                    .with(Node::json_only("title", result.title))
                    .with(Node::json_only("status", result.status.word()))
                    .with(Node::json_only("summary", result.summary.clone()))
                    .with(Node::json_only("elapsed_ms", millis(result.elapsed)))
                    .with(Node::json_only("details", Value::Object(details))),
            );
        }
        let connack: Vec<Value> = connack_properties(&self.ctx.connack)
            .into_iter()
            .map(|(name, _, value)| json!({ "name": name, "value": value }))
            .collect();
        let server = self.results.iter().find(|result| result.id == "sys").map(|sys| {
            let field = |key: &str| {
                sys.details.iter().find(|(name, _)| *name == key).map(|(_, value)| value.clone())
            };
            json!({ "version": field("version"), "uptime": field("uptime") })
        });
        Node::group("", "")
            .with(Node::json_only("broker", reach["broker"].clone()))
            .with(Node::json_only("address", reach["address"].clone()))
            .with(Node::json_only("timings", reach["timings"].clone()))
            .with(Node::json_only("tls", reach["tls"].clone()))
            .with(Node::json_only("server", server))
            .with(Node::json_only("protocol_version", self.ctx.version.number()))
            .with(Node::json_only(
                "connack_properties",
                if self.ctx.version.is_v5() { Value::from(connack) } else { Value::Null },
            ))
            .with(checks)
            .with(Node::json_only(
                "required",
                json!(self.required.iter().map(|check| check.id()).collect::<Vec<_>>()),
            ))
            .with(Node::json_only(
                "missing",
                json!(self.missing.iter().map(|result| result.id.as_str()).collect::<Vec<_>>()),
            ))
            .with(Node::json_only("topic_prefix", self.ctx.prefix.clone()))
            .with(Node::json_only("cleanup_problems", json!(self.cleanup)))
            .to_json_string()
    }
}
