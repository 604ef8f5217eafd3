//! Size limits found by binary search: the largest payload, the longest
//! topic and the longest client identifier the broker accepts.
//!
//! Policy: the largest size is tried first (one attempt when there is no
//! limit), then the search halves the range. A size is accepted when the
//! broker takes it and, for messages, delivers it back; a refusal is a
//! failure reason code, a DISCONNECT, or the message missing before a
//! marker sent after it, so a refused size costs no timeout. The search
//! keeps one connection while sizes succeed and reconnects after a refusal.

use bytes::Bytes;
use mqtt_proto::{MqttString, QoS, SubscriptionOptions};

use crate::cmd::inspect::report::check::CheckResult;
use crate::cmd::inspect::report::context::{before_marker, message, Ctx};
use crate::cmd::inspect::report::probe::{Probe, ProbeError};

/// What is being measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// PUBLISH payload bytes.
    Payload,
    /// Topic name bytes.
    Topic,
    /// Client identifier bytes.
    ClientId,
}

/// The longest MQTT string.
const MAX_STRING: usize = 65_535;

/// Finds the largest accepted size.
pub async fn limit(ctx: &Ctx<'_>, kind: Limit) -> Result<CheckResult, ProbeError> {
    let mut search = Search { ctx, kind, probe: None, subscribed: false };
    let (mut low, mut high) = match kind {
        Limit::Payload => (0, ctx.max_payload_probe),
        Limit::Topic => (search.topic_of(0).len(), MAX_STRING),
        Limit::ClientId => (ctx.target.client_id_prefix.len() + 2, MAX_STRING),
    };
    let mut refusal = match search.attempt(high).await? {
        None => {
            search.close().await;
            let note = if kind == Limit::Payload {
                " (the largest size tried; --max-payload-probe raises it)"
            } else {
                " (the MQTT maximum)"
            };
            return Ok(CheckResult::yes(format!("{high} bytes accepted{note}"))
                .detail("largest_accepted", high)
                .detail("bounded_by_search", true));
        }
        Some(reason) => reason,
    };
    if let Some(reason) = search.attempt(low).await? {
        search.close().await;
        return Ok(CheckResult::no(format!("even {low} bytes were refused: {reason}")));
    }
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        match search.attempt(middle).await? {
            None => low = middle,
            Some(reason) => {
                high = middle;
                refusal = reason;
            }
        }
    }
    search.close().await;
    Ok(CheckResult::yes(format!("{low} bytes; {high} refused: {refusal}"))
        .detail("largest_accepted", low)
        .detail("smallest_refused", high)
        .detail("refusal", refusal)
        .detail("bounded_by_search", false))
}

struct Search<'c, 'a> {
    ctx: &'c Ctx<'a>,
    kind: Limit,
    probe: Option<Probe>,
    subscribed: bool,
}

impl Search<'_, '_> {
    /// A topic of exactly `len` bytes (at least the prefix).
    fn topic_of(&self, len: usize) -> String {
        let base = self.ctx.topic("max-topic/");
        let pad = len.saturating_sub(base.len());
        format!("{base}{}", "a".repeat(pad))
    }

    async fn close(&mut self) {
        if let Some(probe) = self.probe.take() {
            probe.disconnect().await;
        }
    }

    /// `None` when `size` is accepted, else why not.
    async fn attempt(&mut self, size: usize) -> Result<Option<String>, ProbeError> {
        let outcome = match self.kind {
            Limit::ClientId => self.client_id(size).await,
            Limit::Payload | Limit::Topic => self.message(size).await,
        };
        match outcome {
            Ok(verdict) => Ok(verdict),
            // A refusal by closing the connection or by a broken answer.
            Err(
                err @ (ProbeError::Closed(_)
                | ProbeError::Decode(_)
                | ProbeError::Timeout(_)
                | ProbeError::Io(_)),
            ) => {
                self.probe = None;
                self.subscribed = false;
                Ok(Some(err.to_string()))
            }
            Err(err) => Err(err),
        }
    }

    async fn client_id(&mut self, size: usize) -> Result<Option<String>, ProbeError> {
        let mut connect = self.ctx.connect_packet();
        let base = connect.client_id.to_string();
        let id = format!("{base}{}", "a".repeat(size.saturating_sub(base.len())));
        connect.client_id = MqttString::try_from(id).unwrap_or_default();
        match self.ctx.target.open_with(connect).await {
            Ok(probe) => {
                probe.disconnect().await;
                Ok(None)
            }
            Err(ProbeError::Refused { reason, .. }) => Ok(Some(format!("CONNACK {reason}"))),
            Err(err) => Err(err),
        }
    }

    /// Publishes one message of `size` (payload or topic length) and checks
    /// that it comes back before a marker.
    async fn message(&mut self, size: usize) -> Result<Option<String>, ProbeError> {
        let marker_topic = self.ctx.topic("limit-marker");
        let (topic, payload) = match self.kind {
            Limit::Payload => (self.ctx.topic("max-payload"), Bytes::from(vec![b'x'; size])),
            _ => (self.topic_of(size), Bytes::from_static(b"long topic")),
        };
        if self.probe.is_none() {
            self.probe = Some(self.ctx.open().await?);
            self.subscribed = false;
        }
        let Some(probe) = self.probe.as_mut() else { return Ok(Some("no connection".into())) };
        if !self.subscribed {
            let filter = match self.kind {
                Limit::Payload => self.ctx.topic("max-payload"),
                _ => self.ctx.topic("max-topic/#"),
            };
            for filter in [filter, marker_topic.clone()] {
                let code = probe
                    .subscribe_one(&filter, SubscriptionOptions::new(QoS::AtLeastOnce))
                    .await?;
                if code >= 0x80 {
                    return Ok(Some(format!("SUBSCRIBE {filter} refused ({code:#04x})")));
                }
            }
            self.subscribed = true;
        }
        let ack = probe.publish(message(&topic, payload.clone(), QoS::AtLeastOnce)).await?;
        if !ack.accepted() {
            return Ok(Some(format!("PUBACK {:#04x} {}", ack.code, ack.name)));
        }
        let before = before_marker(None, probe, &marker_topic).await?;
        let back = before.iter().any(|publish| {
            publish.topic.as_str() == topic && publish.payload.len() == payload.len()
        });
        Ok(if back { None } else { Some("accepted but not delivered".into()) })
    }
}
