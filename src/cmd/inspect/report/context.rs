//! What every check shares: the target, the protocol version the
//! behaviour checks speak, the unique topic prefix, the main CONNACK, and
//! the list of things to clean up afterwards.
//!
//! Policy: every topic a check touches is `{prefix}/...`, where the prefix
//! holds a random part, so concurrent reports and real traffic never mix.
//! A check that leaves a retained message or a persistent session behind
//! registers it here, and [`Ctx::clean_up`] removes all of them at the end,
//! even when the check itself failed.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;

use bytes::Bytes;
use mqtt_proto::{ConnAck, Connect, MqttString, ProtocolVersion, Publish, QoS, Topic};

use crate::cmd::inspect::report::check::CheckResult;
use crate::cmd::inspect::report::probe::{Probe, ProbeError, Target};

/// A random 32-bit tag as 8 hex digits (std's hasher keys are random per
/// process, which is all the randomness a topic prefix needs).
pub fn random_tag() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    format!("{:08x}", hasher.finish() as u32)
}

/// Shared state of one report.
pub struct Ctx<'a> {
    /// How to connect.
    pub target: &'a Target,
    /// The version the behaviour checks speak.
    pub version: ProtocolVersion,
    /// Every test topic starts with this.
    pub prefix: String,
    /// The CONNACK of the first connection (limits, properties).
    pub connack: ConnAck,
    /// Upper bound of the payload size search.
    pub max_payload_probe: usize,
    /// `--exceed-announced-limits`: size searches may send packets larger
    /// than the broker's Maximum Packet Size.
    pub exceed_limits: bool,
    retained: Mutex<Vec<String>>,
    sessions: Mutex<Vec<String>>,
}

impl<'a> Ctx<'a> {
    /// A context for `version` with a fresh random prefix.
    pub fn new(
        target: &'a Target,
        version: ProtocolVersion,
        prefix: String,
        connack: ConnAck,
    ) -> Ctx<'a> {
        Ctx {
            target,
            version,
            prefix,
            connack,
            max_payload_probe: 1 << 20,
            exceed_limits: false,
            retained: Mutex::new(Vec::new()),
            sessions: Mutex::new(Vec::new()),
        }
    }

    /// `{prefix}/{name}`.
    pub fn topic(&self, name: &str) -> String {
        format!("{}/{name}", self.prefix)
    }

    /// Whether the behaviour checks speak MQTT 5.
    pub fn v5(&self) -> bool {
        self.version.is_v5()
    }

    /// A new connection in the report's version.
    pub async fn open(&self) -> Result<Probe, ProbeError> {
        self.target.open(self.version).await
    }

    /// A CONNECT in the report's version (fresh client id).
    pub fn connect_packet(&self) -> Connect {
        self.target.connect_packet(self.version)
    }

    /// Remembers a topic that holds our retained message.
    pub fn retained(&self, topic: &str) {
        let mut topics = self.retained.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !topics.iter().any(|known| known == topic) {
            topics.push(topic.to_string());
        }
    }

    /// Remembers a client id that has a persistent session.
    pub fn session(&self, client_id: &str) {
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(client_id.to_string());
    }

    /// Removes our retained messages and sessions. Returns what could not
    /// be removed, as messages.
    pub async fn clean_up(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let topics = std::mem::take(
            &mut *self.retained.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        for topic in topics {
            if let Err(err) = self.clear_retained(&topic).await {
                problems.push(format!("retained message on {topic}: {err}"));
            }
        }
        let sessions = std::mem::take(
            &mut *self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        for client_id in sessions {
            if let Err(err) = self.end_session(&client_id).await {
                problems.push(format!("session {client_id}: {err}"));
            }
        }
        problems
    }

    /// Publishes an empty retained message, which deletes the retained one.
    pub async fn clear_retained(&self, topic: &str) -> Result<(), ProbeError> {
        let mut probe = self.open().await?;
        let mut publish = message(topic, Bytes::new(), QoS::AtLeastOnce);
        publish.retain = true;
        probe.publish(publish).await?;
        probe.disconnect().await;
        Ok(())
    }

    /// Connects with clean start (and session expiry 0) as `client_id`,
    /// which discards its session, then disconnects.
    pub async fn end_session(&self, client_id: &str) -> Result<(), ProbeError> {
        let mut connect = self.connect_packet();
        connect.client_id = MqttString::try_from(client_id).unwrap_or_default();
        connect.clean_start = true;
        let probe = self.target.open_with(connect).await?;
        probe.disconnect().await;
        Ok(())
    }
}

/// A PUBLISH to `topic` (a topic we built, so valid).
pub fn message(topic: &str, payload: impl Into<Bytes>, qos: QoS) -> Publish {
    let topic =
        Topic::try_from(topic).unwrap_or_else(|_| Topic::from_static("mqtt-inspect/invalid"));
    let mut publish = Publish::new(topic, payload);
    publish.qos = qos;
    publish
}

/// The first message a check did not cause (a retained message left by
/// someone else, say), as an error naming its topic: a report that counted
/// it would give a wrong yes or no.
pub fn stray(messages: &[Publish], ours: impl Fn(&Publish) -> bool) -> Option<CheckResult> {
    messages.iter().find(|publish| !ours(publish)).map(|publish| {
        CheckResult::error(format!(
            "an unexpected message arrived on {:?} ({} bytes{}), so the answer is unknown",
            publish.topic.as_str(),
            publish.payload.len(),
            if publish.retain { ", retained" } else { "" }
        ))
        .detail("unexpected_topic", publish.topic.as_str())
    })
}

static MARKERS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// A unique marker payload.
fn marker_payload() -> Bytes {
    let number = MARKERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Bytes::from(format!("mqtt-inspect marker {number}"))
}

/// Publishes a QoS 1 marker on `topic` (which `reader` must be subscribed
/// to) and returns what `reader` received before it. Brokers route a
/// publisher's messages in order, so anything the broker was going to send
/// `reader` first has arrived by then: "nothing came" is an event, not a
/// guess after a sleep.
pub async fn before_marker(
    publisher: Option<&mut Probe>,
    reader: &mut Probe,
    topic: &str,
) -> Result<Vec<Publish>, ProbeError> {
    let payload = marker_payload();
    let marker = message(topic, payload.clone(), QoS::AtLeastOnce);
    match publisher {
        Some(publisher) => publisher.publish(marker).await?,
        None => reader.publish(marker).await?,
    };
    let deadline = reader.deadline();
    let (mut seen, found) =
        reader.messages_until(|publish| publish.payload == payload, deadline).await?;
    if !found {
        return Err(ProbeError::Timeout("marker message"));
    }
    seen.pop();
    Ok(seen)
}
