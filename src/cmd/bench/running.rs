//! A message scenario once its connections are up: every connection in its
//! task, the live output ticking once a second, and SIGINT/SIGTERM.
//!
//! Phases: send (until every publisher is done, or the first signal), drain
//! (until everything expected arrived, `--drain` passed without progress,
//! or a signal), stop (every task, then the live output).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;
use tokio::time::{Interval, MissedTickBehavior};

use crate::cmd::bench::acks::AckTracker;
use crate::cmd::bench::collector::{message_line, Collector};
use crate::cmd::bench::dial::Dialer;
use crate::cmd::bench::env::Env;
use crate::cmd::bench::plan::RunPlan;
use crate::cmd::bench::publisher::{Publisher, PublisherOutcome};
use crate::cmd::bench::signals::{announcement, StopSignal, StopSignals};
use crate::cmd::bench::subscriber::Subscriber;
use mqtt_bench::recorder::Phase;

/// How often the drain checks for progress.
const DRAIN_POLL: Duration = Duration::from_millis(10);

/// The tasks of a started run and what its live output needs.
pub struct Running {
    env: Arc<Env>,
    plan: Arc<RunPlan>,
    acks: Vec<Arc<AckTracker>>,
    receivers: Vec<JoinHandle<()>>,
    senders: Vec<JoinHandle<PublisherOutcome>>,
    ticker: Interval,
    /// The first signal stops sending and drains; a second one stops at once.
    signals: StopSignals,
    /// The signal that ended the run early.
    pub interrupted: Option<StopSignal>,
}

impl Running {
    /// Hands every connection to its task and tells them the start.
    pub fn start(
        env: &Arc<Env>,
        plan: &Arc<RunPlan>,
        dialer: &Arc<Dialer>,
        subscribers: Vec<Subscriber>,
        publishers: Vec<Publisher>,
        start: Instant,
        collector: &mut Collector,
    ) -> anyhow::Result<Running> {
        let signals = StopSignals::listen()?;
        let acks = publishers.iter().map(Publisher::acks).collect();
        let receivers = subscribers
            .into_iter()
            .map(|subscriber| {
                tokio::spawn(subscriber.run(env.clone(), plan.clone(), dialer.clone()))
            })
            .collect();
        let senders = publishers
            .into_iter()
            .map(|publisher| tokio::spawn(publisher.run(env.clone(), plan.clone())))
            .collect();
        env.start_at(start);
        collector.set_start(start);
        let second = Duration::from_secs(1);
        let mut ticker = tokio::time::interval_at((start + second).into(), second);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Ok(Running {
            env: env.clone(),
            plan: plan.clone(),
            acks,
            receivers,
            senders,
            ticker,
            signals,
            interrupted: None,
        })
    }

    /// Sends until every publisher is done, or the first signal; returns
    /// what each publisher sent.
    pub async fn send(
        &mut self,
        collector: &mut Collector,
        measure_start: Instant,
        measure_end: Option<Instant>,
    ) -> anyhow::Result<HashMap<u32, u64>> {
        let senders = std::mem::take(&mut self.senders);
        let sending = sending_done(self.env.clone(), self.plan.clone(), senders, measure_end);
        tokio::pin!(sending);
        let outcomes = loop {
            tokio::select! {
                _ = self.ticker.tick() => {
                    let phase = if Instant::now() < measure_start { Phase::Warmup } else { Phase::Measure };
                    collector.tick(&self.env.registry, phase, self.inflight(), message_line)?;
                }
                outcomes = &mut sending => break outcomes?,
                signal = self.signals.next() => {
                    if self.interrupted.is_some() {
                        // A second signal: stop waiting for anything.
                        self.env.stop_all.raise();
                    } else {
                        self.interrupted = Some(signal);
                        collector.note(&announcement(signal));
                    }
                    self.env.stop_sending.raise();
                }
            }
        };
        Ok(outcomes.iter().map(|outcome| (outcome.index, outcome.sent)).collect())
    }

    /// Waits for missing acks and for `expected` deliveries (when known).
    pub async fn drain(
        &mut self,
        collector: &mut Collector,
        expected: Option<u64>,
    ) -> anyhow::Result<()> {
        let mut last_received = self.env.received.load(Ordering::Relaxed);
        let mut idle_since = Instant::now();
        collector.status("draining".into());
        while !self.env.stop_all.is_raised() {
            tokio::select! {
                _ = self.ticker.tick() => collector.tick(&self.env.registry, Phase::Drain, self.inflight(), message_line)?,
                () = tokio::time::sleep(DRAIN_POLL) => {}
                signal = self.signals.next() => {
                    self.interrupted.get_or_insert(signal);
                    break;
                }
            }
            let received = self.env.received.load(Ordering::Relaxed);
            if received != last_received {
                last_received = received;
                idle_since = Instant::now();
            }
            let complete =
                expected.is_some_and(|expected| received >= expected) && self.inflight() == 0;
            if complete || idle_since.elapsed() >= self.plan.drain {
                break;
            }
        }
        Ok(())
    }

    /// Stops every task, waits for the receivers and closes the live output.
    pub async fn stop(&mut self, collector: &mut Collector) -> anyhow::Result<()> {
        self.env.stop_all.raise();
        for receiver in std::mem::take(&mut self.receivers) {
            receiver.await?;
        }
        collector.tick(&self.env.registry, Phase::Drain, self.inflight(), message_line)?;
        collector.finish()
    }

    /// QoS 1/2 messages not yet acknowledged, over all publishers.
    fn inflight(&self) -> u64 {
        self.acks.iter().map(|tracker| u64::from(tracker.outstanding())).sum()
    }
}

/// Waits for every publisher (or, without publishers, for the end of the
/// measurement or `--count` deliveries).
async fn sending_done(
    env: Arc<Env>,
    plan: Arc<RunPlan>,
    senders: Vec<JoinHandle<PublisherOutcome>>,
    measure_end: Option<Instant>,
) -> anyhow::Result<Vec<PublisherOutcome>> {
    if plan.publishers.is_empty() {
        let end = async {
            match measure_end {
                Some(end) => env.timer.sleep_until(end).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = end => {}
            () = env.stop_all.raised() => {}
            () = env.stop_sending.raised() => {}
        }
        return Ok(Vec::new());
    }
    let mut outcomes = Vec::with_capacity(senders.len());
    for sender in senders {
        outcomes.push(sender.await?);
    }
    Ok(outcomes)
}
