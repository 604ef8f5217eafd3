//! One publisher connection: open-loop sending on the absolute schedule.
//!
//! Policy: the pacer says when each message is due; a paced publisher
//! sleeps on the precise timer and then sends everything that is due (a
//! late publisher catches up, the lateness shows as schedule lag). QoS 1/2
//! keep at most `window` messages unacknowledged, QoS 0 at most `window`
//! messages not yet encoded by the client; a send that had to wait for
//! room counts as `window_blocked`. QoS 0 has no per-message future.
//! Payloads are cut from one reused buffer, so sending does not allocate.

use std::sync::Arc;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use mqtt_client::{
    Client, ClientError, Event, Events, OutgoingPublish, PublishProperties, QoS, Topic,
};

use crate::cmd::bench::acks::{self, AckTracker};
use crate::cmd::bench::dial::{record_error, Dialer};
use crate::cmd::bench::env::Env;
use crate::cmd::bench::plan::{Role, RunPlan};
use crate::cmd::bench::timer::TaskTimer;
use mqtt_bench::errors::Stage;
use mqtt_bench::payload::{PayloadHeader, HEADER_LEN};
use mqtt_bench::rng::SplitMix64;
use mqtt_bench::schedule::{Pacer, Slot};

/// Bytes cut from the payload buffer before it is replaced.
const POOL_CHUNK: usize = 256 * 1024;

/// Payload bytes cut from one buffer. A chunk is reused in place once every
/// payload cut from it has been sent (and, at QoS 1/2, acknowledged).
struct PayloadPool {
    buffer: BytesMut,
    size: usize,
}

impl PayloadPool {
    fn new(size: usize) -> PayloadPool {
        PayloadPool { buffer: BytesMut::with_capacity(POOL_CHUNK.max(size)), size }
    }

    fn next(&mut self, header: &PayloadHeader) -> Bytes {
        if self.buffer.capacity() < self.size {
            self.buffer.reserve(POOL_CHUNK.max(self.size));
        }
        self.buffer.resize(self.size, 0);
        // The size was checked against HEADER_LEN when the plan was built.
        let _ = header.encode_header(&mut self.buffer[..HEADER_LEN.max(self.size)]);
        self.buffer.split().freeze()
    }
}

/// What a publisher did, for delivery accounting.
pub struct PublisherOutcome {
    /// Global publisher index (the publisher id in payloads).
    pub index: u32,
    /// Messages handed to the client (sequence numbers 0..sent).
    pub sent: u64,
}

/// A connected publisher waiting for the start.
pub struct Publisher {
    index: u32,
    client: Client,
    events: Events,
    acks: Arc<AckTracker>,
    topic: Option<Topic>,
}

impl Publisher {
    /// Connects publisher `index`.
    pub async fn connect(
        env: &Env,
        plan: &RunPlan,
        dialer: &Dialer,
        index: u32,
    ) -> Result<Publisher, mqtt_client::ClientError> {
        let acks = Arc::new(AckTracker::default());
        let hook = acks::hook(acks.clone(), env.registry.clone(), env.window.clone());
        let (client, events) = dialer
            .dial(Role::Publisher, index, |options| {
                options.trace = Some(hook);
                options.max_inflight = Some(plan.inflight);
                options.message_capacity = 16;
            })
            .await?;
        // QoS 1/2: the broker's Receive Maximum caps the window, which is
        // kept full. QoS 0 messages only wait to be encoded; the publisher
        // refills that queue half a window at a time.
        match plan.qos {
            QoS::AtMostOnce => {
                let window = u32::from(plan.inflight);
                acks.set_window(window, window / 2);
            }
            _ => {
                let broker = client.connack().limits.receive_maximum;
                let window = u32::from(plan.inflight.min(broker).max(1));
                acks.set_window(window, window - 1);
            }
        }
        let topic = match plan.static_topic(index) {
            Some(Ok(topic)) => Some(topic),
            // Checked when the plan was built; a %c/%u expansion that fails
            // here is reported by the first send instead.
            _ => None,
        };
        Ok(Publisher { index, client, events, acks, topic })
    }

    /// This publisher's ack tracker (for the inflight column).
    pub fn acks(&self) -> Arc<AckTracker> {
        self.acks.clone()
    }

    /// Sends on the schedule until it is done or the run stops.
    pub async fn run(mut self, env: Arc<Env>, plan: Arc<RunPlan>) -> PublisherOutcome {
        let Some(start) = env.started().await else {
            return self.outcome(0);
        };
        let schedule = plan.schedule.staggered(self.index, plan.total_publishers);
        let mut pacer = Pacer::new(schedule, start);
        let mut pool = PayloadPool::new(plan.size);
        let mut timer = TaskTimer::new(&env.timer);
        let client_id = plan.common.ids.id(Role::Publisher, self.index);
        let mut rng = SplitMix64::new(u64::from(self.index));
        let qos = plan.qos;
        let mut blocked = false;
        // The last sequence handed out but refused by a closed client.
        let mut unsent = false;
        loop {
            if env.stop_sending.is_raised() {
                break;
            }
            if self.acks.is_full() {
                blocked = true;
                tokio::select! {
                    () = self.acks.room() => {}
                    event = self.events.recv() => if self.link_ended(&env, event) { break },
                    () = env.stop_sending.raised() => break,
                }
                continue;
            }
            let now = Instant::now();
            let slot = match pacer.next(now) {
                Slot::Done => break,
                Slot::Wait(until) => {
                    tokio::select! {
                        () = timer.sleep_until(until) => {}
                        event = self.events.recv() => if self.link_ended(&env, event) { break },
                        () = env.stop_sending.raised() => break,
                    }
                    continue;
                }
                Slot::Send(slot) => slot,
            };
            let header = PayloadHeader {
                publisher_id: self.index,
                sequence: slot.sequence,
                intended_ns: env.clock.unix_ns(slot.intended),
                sent_ns: env.clock.unix_ns(now),
            };
            let topic = match &self.topic {
                Some(topic) => topic.clone(),
                None => match plan.expand_topic(self.index, &client_id, slot.sequence, &mut rng) {
                    Ok(topic) => topic,
                    Err(error) => {
                        env.registry.with(|stats| {
                            stats.failure(Stage::Publish, "bad topic expansion", slot.measured)
                        });
                        diag!("mqtt: bench: publisher {}: {error:#}", self.index);
                        break;
                    }
                },
            };
            let message = OutgoingPublish {
                topic,
                payload: pool.next(&header),
                qos,
                retain: plan.retain,
                properties: PublishProperties::default(),
            };
            self.acks.take_slot();
            // The client's queue can be full while the broker holds acks
            // back: a signal must still end the run.
            let published = tokio::select! {
                result = self.client.publish(message) => result,
                () = env.stop_sending.raised() => {
                    self.acks.return_slot();
                    unsent = true;
                    break;
                }
            };
            if let Err(error) = published {
                self.acks.return_slot();
                unsent = true;
                // A closed client says why in its events; a refusal before
                // sending (too large, QoS or retain not supported) leaves the
                // link up, and every later message would be refused alike.
                let error = match error {
                    ClientError::Closed => self.link_error().await.unwrap_or(error),
                    refused => refused,
                };
                env.registry.with(|stats| record_error(stats, Stage::Publish, &error, true));
                break;
            }
            env.registry.with(|stats| stats.recorder.on_send(&slot, plan.size, blocked));
            blocked = false;
        }
        let sent = pacer.sent() - u64::from(unsent);
        env.saw_event(env.clock.unix_ns(Instant::now()));
        if self.finish(&env, plan.drain).await {
            env.saw_event(env.clock.unix_ns(Instant::now()));
        }
        self.outcome(sent)
    }

    fn outcome(self, sent: u64) -> PublisherOutcome {
        PublisherOutcome { index: self.index, sent }
    }

    /// Handles an event that arrived while waiting; true when the link is gone.
    fn link_ended(&self, env: &Env, event: Option<Event>) -> bool {
        match event {
            Some(Event::Disconnected { reason }) => {
                env.registry.with(|stats| record_error(stats, Stage::Transport, &reason, true));
                true
            }
            None => true,
            Some(_) => false,
        }
    }

    /// The reason the link died, if the client reported one.
    async fn link_error(&mut self) -> Option<mqtt_client::ClientError> {
        while let Some(event) = self.events.recv().await {
            if let Event::Disconnected { reason } = event {
                return Some(reason);
            }
        }
        None
    }

    /// Waits for outstanding acknowledgements (at most `drain`, or until
    /// the run stops), then disconnects; true when every one arrived.
    async fn finish(&mut self, env: &Env, drain: std::time::Duration) -> bool {
        // Wake when the last one is released.
        self.acks.set_window(1, 0);
        let deadline = tokio::time::Instant::now() + drain;
        while self.acks.outstanding() > 0 && !self.client.is_closed() {
            tokio::select! {
                () = self.acks.room() => {}
                event = self.events.recv() => if self.link_ended(env, event) { return false },
                () = tokio::time::sleep_until(deadline) => break,
                () = env.stop_all.raised() => break,
            }
        }
        let acknowledged = self.acks.outstanding() == 0;
        let _ =
            self.client.disconnect(mqtt_client::DisconnectReasonCode::NormalDisconnection).await;
        acknowledged
    }
}
