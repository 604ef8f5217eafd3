//! One subscriber connection: receives, times and accounts for bench
//! payloads.
//!
//! Policy: messages are taken from the client in batches and stamped once
//! per batch (they were all there at that instant). Deliveries from the
//! retained store (retain flag set on delivery) and payloads stamped before
//! this run started are stale, not ours to count; payloads without the bench
//! header are ignored. With `--subscriber-delay`, the subscriber goes
//! offline right after subscribing and comes back that far into the run;
//! without a kept session it subscribes again.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use mqtt_client::{
    Client, ClientError, DisconnectReasonCode, Event, Events, SubscribeProperties,
    SubscriptionOptions, TopicFilter,
};

use crate::cmd::bench::dial::{record_error, Dialer};
use crate::cmd::bench::env::Env;
use crate::cmd::bench::plan::{Role, RunPlan};
use mqtt_bench::delivery::{Arrival, DeliveryTracker};
use mqtt_bench::errors::Stage;
use mqtt_bench::payload::PayloadHeader;

/// Events taken from the client per batch.
const BATCH: usize = 256;
/// How far before this run's start a payload may be stamped and still be
/// ours (shards on other hosts start at the same `--start-at`).
const STALE_BEFORE: Duration = Duration::from_secs(5);

/// Delivery accounting shared by the subscribers that feed it (one, or a
/// whole shared-subscription group); `None` when it cannot be meaningful.
pub type SharedTracker = Option<Arc<Mutex<DeliveryTracker>>>;

/// Why a subscriber could not be set up.
pub enum SetupError {
    Client(ClientError),
    /// The broker refused the subscription (recorded with its code).
    Refused,
}

/// A subscribed subscriber waiting for the start.
pub struct Subscriber {
    index: u32,
    filter: TopicFilter,
    client: Client,
    events: Events,
    tracker: SharedTracker,
}

impl Subscriber {
    /// Connects subscriber `index` and subscribes it.
    pub async fn connect(
        env: &Env,
        plan: &RunPlan,
        dialer: &Dialer,
        index: u32,
        filter: TopicFilter,
        tracker: SharedTracker,
    ) -> Result<Subscriber, SetupError> {
        let (client, events) =
            dialer.dial(Role::Subscriber, index, tune).await.map_err(SetupError::Client)?;
        subscribe(env, plan, &client, &filter).await?;
        Ok(Subscriber { index, filter, client, events, tracker })
    }

    /// Receives until the run ends.
    pub async fn run(mut self, env: Arc<Env>, plan: Arc<RunPlan>, dialer: Arc<Dialer>) {
        if let Some(delay) = plan.subscriber_delay {
            let _ = self.client.disconnect(DisconnectReasonCode::NormalDisconnection).await;
            let Some(start) = env.started().await else { return };
            tokio::select! {
                () = env.timer.sleep_until(start + delay) => {}
                () = env.stop_all.raised() => return,
            }
            let reconnected = tokio::select! {
                result = self.reconnect(&env, &plan, &dialer) => result,
                () = env.stop_all.raised() => return,
            };
            match reconnected {
                Ok(()) => {}
                Err(SetupError::Client(_) | SetupError::Refused) => return,
            }
        }
        let stale_ns = env.clock.origin_unix_ns().saturating_sub(STALE_BEFORE.as_nanos() as u64);
        let mut batch = Vec::with_capacity(BATCH);
        let mut deliveries: Vec<(PayloadHeader, usize, Arrival)> = Vec::with_capacity(BATCH);
        loop {
            let count = tokio::select! {
                count = self.events.recv_many(&mut batch, BATCH) => count,
                () = env.stop_all.raised() => break,
            };
            if count == 0 {
                break;
            }
            let received_ns = env.clock.unix_ns(Instant::now());
            let mut link_lost = None;
            {
                let mut tracker =
                    self.tracker.as_ref().map(|t| t.lock().unwrap_or_else(PoisonError::into_inner));
                for event in batch.drain(..) {
                    match event {
                        Event::Message(message) => {
                            if message.retain {
                                continue;
                            }
                            let Some(header) = PayloadHeader::decode(&message.payload) else {
                                continue;
                            };
                            if header.intended_ns < stale_ns {
                                continue;
                            }
                            let arrival = match tracker.as_mut() {
                                Some(tracker) => {
                                    tracker.receive(header.publisher_id, header.sequence)
                                }
                                None => Arrival::InOrder,
                            };
                            deliveries.push((header, message.payload.len(), arrival));
                        }
                        Event::Disconnected { reason } => link_lost = Some(reason),
                        Event::Reconnected { .. } => {}
                    }
                }
            }
            let mut fresh = 0;
            let mut measured = 0;
            env.registry.with(|stats| {
                for (header, length, arrival) in deliveries.drain(..) {
                    if arrival != Arrival::Duplicate {
                        fresh += 1;
                        measured += u64::from(env.window.contains(header.intended_ns));
                    }
                    stats.recorder.on_delivery(&header, received_ns, length, arrival);
                }
                if let Some(reason) = &link_lost {
                    record_error(stats, Stage::Transport, reason, true);
                }
            });
            env.received.fetch_add(fresh, Ordering::Relaxed);
            if measured > 0 {
                env.saw_event(received_ns);
            }
            if let Some(target) = plan.receive_count {
                let total = env.measured_received.fetch_add(measured, Ordering::Relaxed) + measured;
                if total >= target {
                    env.stop_all.raise();
                }
            }
            if link_lost.is_some() {
                break;
            }
        }
        let _ = self.client.disconnect(DisconnectReasonCode::NormalDisconnection).await;
    }

    /// Comes back after `--subscriber-delay`, subscribing again when the
    /// broker kept no session.
    async fn reconnect(
        &mut self,
        env: &Env,
        plan: &RunPlan,
        dialer: &Dialer,
    ) -> Result<(), SetupError> {
        let (client, events) =
            dialer.dial(Role::Subscriber, self.index, tune).await.map_err(SetupError::Client)?;
        if !client.connack().session_present {
            subscribe(env, plan, &client, &self.filter).await?;
        }
        self.client = client;
        self.events = events;
        Ok(())
    }
}

/// Subscribers buffer generously: a full stream stops reading the socket.
fn tune(options: &mut mqtt_client::ConnectOptions) {
    options.message_capacity = 4096;
}

/// Subscribes and times the SUBACK; a refusal is an error.
async fn subscribe(
    env: &Env,
    plan: &RunPlan,
    client: &Client,
    filter: &TopicFilter,
) -> Result<(), SetupError> {
    let options = SubscriptionOptions { qos: plan.qos, ..SubscriptionOptions::default() };
    let started = Instant::now();
    let result =
        client.subscribe(vec![(filter.clone(), options)], SubscribeProperties::default()).await;
    let elapsed = started.elapsed();
    let suback = match result {
        Ok(suback) => suback,
        Err(error) => {
            env.registry.with(|stats| record_error(stats, Stage::Subscribe, &error, true));
            return Err(SetupError::Client(error));
        }
    };
    let code = suback.reason_codes.first().map_or(0x80, |code| code.code());
    env.registry.with(|stats| {
        stats.recorder.on_suback(elapsed);
        if code >= 0x80 {
            stats.code(Stage::Subscribe, code, true);
        }
    });
    if code >= 0x80 {
        return Err(SetupError::Refused);
    }
    Ok(())
}
