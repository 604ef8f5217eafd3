//! Size limits found by binary search: the largest payload, the longest
//! topic and the longest client identifier the broker accepts.
//!
//! Policy: the largest size is tried first (one attempt when there is no
//! limit), then the search halves the range. A size is accepted when the
//! broker takes it and, for messages, delivers it back; a refusal is a
//! failure reason code, a DISCONNECT, or the message missing before a
//! marker sent after it, so a refused size costs no timeout. The search
//! keeps one connection while sizes succeed and reconnects after a refusal.
//! Payload and topic searches stop at the Maximum Packet Size the broker
//! announced (MQTT-3.2.2-15: a client must not send more); only
//! `--exceed-announced-limits` lets them try past it.

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
    let announced = search.announced_cap(low).filter(|cap| *cap < high);
    if let Some(cap) = announced {
        high = cap.max(low);
    }
    let mut refusal = match search.attempt(high).await? {
        None => {
            search.close().await;
            let note = match (announced, kind) {
                (Some(_), _) => format!(
                    " (the most the broker's Maximum Packet Size of {} bytes allows; \
                     --exceed-announced-limits tries larger)",
                    ctx.connack.properties.maximum_packet_size().unwrap_or_default()
                ),
                (None, Limit::Payload) => {
                    " (the largest size tried; --max-payload-probe raises it)".to_string()
                }
                (None, _) => " (the MQTT maximum)".to_string(),
            };
            return Ok(CheckResult::yes(format!("{high} bytes accepted{note}"))
                .detail("largest_accepted", high)
                .detail("bounded_by_search", true)
                .detail(
                    "announced_maximum",
                    announced.and(ctx.connack.properties.maximum_packet_size()),
                ));
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
    /// The largest payload or topic length whose PUBLISH fits the Maximum
    /// Packet Size the broker announced; `None` without one (or when asked
    /// to go past it, or for client ids: CONNECT precedes the announcement).
    fn announced_cap(&self, smallest: usize) -> Option<usize> {
        let maximum = self.ctx.connack.properties.maximum_packet_size()? as usize;
        if self.ctx.exceed_limits || self.kind == Limit::ClientId {
            return None;
        }
        let (topic, payload) = match self.kind {
            Limit::Payload => (self.ctx.topic("max-payload"), Bytes::new()),
            _ => (self.topic_of(smallest), Bytes::from_static(b"long topic")),
        };
        let mut publish = message(&topic, payload, QoS::AtLeastOnce);
        publish.packet_id = mqtt_proto::PacketId::new(1);
        let base = mqtt_proto::Packet::Publish(publish).encoded_len(self.ctx.version);
        Some(smallest + largest_growth(base, maximum))
    }

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
            Err(err @ ProbeError::Refused { .. }) => Ok(Some(err.to_string())),
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

/// How many bytes a packet of `base` encoded bytes can grow by and stay
/// within `maximum`, its remaining-length field growing with it.
fn largest_growth(base: usize, maximum: usize) -> usize {
    let varint_len = |value: usize| match value {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    };
    let Some(remaining) =
        (1..=4).map(|k| base.saturating_sub(1 + k)).find(|r| varint_len(*r) + 1 + r == base)
    else {
        return 0;
    };
    let total = |growth: usize| 1 + varint_len(remaining + growth) + remaining + growth;
    let mut growth = maximum.saturating_sub(base);
    while growth > 0 && total(growth) > maximum {
        growth -= 1;
    }
    growth
}

#[cfg(test)]
mod tests {
    use super::largest_growth;

    #[test]
    fn growth_stops_where_the_packet_reaches_the_maximum() {
        // 2 + 10 bytes: remaining length 10, one varint byte.
        assert_eq!(largest_growth(12, 12), 0);
        assert_eq!(largest_growth(12, 100), 88);
        // Crossing 127 bytes of remaining length adds a varint byte.
        assert_eq!(largest_growth(12, 130), 117);
        assert_eq!(largest_growth(12, 11), 0);
    }
}
