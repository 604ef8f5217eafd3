//! `mqtt bench conn`: connection rate and connect latency.
//!
//! Without `--churn`, every connection is opened once (paced by
//! `--connect-rate`, at most `--connect-concurrency` at a time), all are
//! held for `--hold`, then closed; the measured span runs from the start to
//! the last CONNACK. With `--churn`, each connection cycles connect → hold
//! → disconnect → connect until `--duration` ends: a reconnect storm.
//! Every attempt counts in `sent`, every accepted one in `completed`.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mqtt_client::{Client, DisconnectReasonCode, Events};
use tokio::time::{Interval, MissedTickBehavior};

use crate::cmd::bench::collector::{connection_line, Collector};
use crate::cmd::bench::dial::{in_turn, Dialer};
use crate::cmd::bench::env::Signal;
use crate::cmd::bench::finish::{self, Finished, Measured};
use crate::cmd::bench::metrics;
use crate::cmd::bench::plan::{ConnPlan, Role};
use crate::cmd::bench::signals::{announcement, StopSignal, StopSignals};
use crate::cmd::bench::timer::PreciseTimer;
use crate::cmd::bench::workers::Registry;
use crate::cmd::bench::{broker_version, schedule_start, setup_failed};
use mqtt_bench::clock::RunClock;
use mqtt_bench::delivery::DeliveryCounts;
use mqtt_bench::recorder::{MeasureWindow, Phase};
use mqtt_bench::selfmon::max_rss_bytes;

/// Pause after a failed attempt in a churn, so a refusing broker is not
/// hammered in a tight loop.
const CHURN_RETRY: Duration = Duration::from_millis(10);

/// What one connection task ends with.
struct Outcome {
    /// Held open (without `--churn`).
    held: Option<(Client, Events)>,
    /// The first failure, for the error message when nothing connected.
    error: Option<mqtt_client::ClientError>,
}

/// Runs `bench conn`.
pub async fn run(plan: Arc<ConnPlan>) -> anyhow::Result<Finished> {
    let clock = RunClock::start();
    let cpu_start = mqtt_bench::selfmon::cpu_seconds();
    let registry = Arc::new(Registry::new(MeasureWindow { start_ns: 0, end_ns: None }));
    let timer = PreciseTimer::start()?;
    let mut collector = Collector::new(plan.common.quiet);
    if let Some(board) = metrics::board_for(&plan.common, &plan.scenario)? {
        collector.serve_metrics(board);
    }
    timer.sleep_until(schedule_start(&clock, plan.common.start_at)?).await;
    let common = &plan.common;
    let dialer = Dialer::new(
        common.options.clone(),
        &common.connect.bind_addresses,
        common.ids.clone(),
        common.connect_rate,
        common.connect_concurrency,
        registry.clone(),
        timer.clone(),
    )
    .map_err(|error| setup_failed(common, error))?;
    let version = if common.broker_version { broker_version(&dialer).await } else { None };
    let mut run = Run::start(plan, registry, timer, collector)?;
    let dialer = Arc::new(dialer);
    let held = run.open(dialer.clone()).await?;
    if let Some(line) = dialer.per_address_line() {
        run.collector.note(&line);
    }
    run.hold(&held).await?;
    let max_rss = max_rss_bytes();
    run.close(held).await?;
    run.report(clock, cpu_start, max_rss, version, dialer.per_address())
}

/// What the steps of `bench conn` share.
struct Run {
    plan: Arc<ConnPlan>,
    registry: Arc<Registry>,
    timer: PreciseTimer,
    collector: Collector,
    /// Ends the connection tasks early (SIGINT, SIGTERM).
    stop: Arc<Signal>,
    start: Instant,
    /// When the last connection task finished connecting.
    connected_at: Instant,
    ticker: Interval,
    signals: StopSignals,
    /// The signal that ended the run early, and when.
    interrupted: Option<(StopSignal, Instant)>,
}

impl Run {
    /// The measurement starts now; the live output ticks from here.
    fn start(
        plan: Arc<ConnPlan>,
        registry: Arc<Registry>,
        timer: PreciseTimer,
        mut collector: Collector,
    ) -> anyhow::Result<Run> {
        let signals = StopSignals::listen()?;
        let start = Instant::now();
        collector.set_start(start);
        let second = Duration::from_secs(1);
        let mut ticker = tokio::time::interval_at((start + second).into(), second);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Ok(Run {
            plan,
            registry,
            timer,
            collector,
            stop: Arc::new(Signal::default()),
            start,
            connected_at: start,
            ticker,
            signals,
            interrupted: None,
        })
    }

    /// Runs every connection task to its end; returns the connections held
    /// open. Fails when none connected (without `--churn`).
    async fn open(&mut self, dialer: Arc<Dialer>) -> anyhow::Result<Vec<(Client, Events)>> {
        let joined = self.connect_all(dialer);
        tokio::pin!(joined);
        let mut outcomes = loop {
            tokio::select! {
                _ = self.ticker.tick() => self.collector.tick(&self.registry, Phase::Measure, 0, connection_line)?,
                outcomes = &mut joined => break outcomes?,
                signal = self.signals.next(), if self.interrupted.is_none() => {
                    self.interrupted = Some((signal, Instant::now()));
                    self.collector.note(&announcement(signal));
                    self.stop.raise();
                }
            }
        };
        self.connected_at = Instant::now();
        let held: Vec<(Client, Events)> =
            outcomes.iter_mut().filter_map(|outcome| outcome.held.take()).collect();
        let first_error = outcomes.into_iter().find_map(|outcome| outcome.error);
        if held.is_empty() && self.plan.churn.is_none() {
            self.collector.finish()?;
            if let Some(error) = first_error {
                return Err(setup_failed(&self.plan.common, error));
            }
        }
        Ok(held)
    }

    /// Runs every connection's task. Without `--churn` a task ends once
    /// its connection is up, so they run in turn, at most
    /// `--connect-concurrency` at a time (`dial::in_turn`); a churn needs
    /// every task for the whole run.
    fn connect_all(
        &self,
        dialer: Arc<Dialer>,
    ) -> impl Future<Output = anyhow::Result<Vec<Outcome>>> {
        let deadline = self.plan.churn.map(|duration| self.start + duration);
        let hold = self.plan.hold;
        let limit = match deadline {
            Some(_) => usize::MAX,
            None => self.plan.common.connect_concurrency,
        };
        let (registry, timer, stop) =
            (self.registry.clone(), self.timer.clone(), self.stop.clone());
        // A task started after a signal returns at once (`connection`).
        let setups = self.plan.connections.clone().map(move |index| {
            let (dialer, registry, timer, stop) =
                (dialer.clone(), registry.clone(), timer.clone(), stop.clone());
            async move { connection(&dialer, &registry, &timer, &stop, index, hold, deadline).await }
        });
        in_turn(setups, limit, |_| {})
    }

    /// Keeps the connections open for `--hold` (or until a signal).
    async fn hold(&mut self, held: &[(Client, Events)]) -> anyhow::Result<()> {
        if held.is_empty() || self.interrupted.is_some() {
            return Ok(());
        }
        self.collector.status(format!("holding {} connections", held.len()));
        let hold_end = self.connected_at + self.plan.hold;
        loop {
            tokio::select! {
                _ = self.ticker.tick() => self.collector.tick(&self.registry, Phase::Drain, 0, connection_line)?,
                () = self.timer.sleep_until(hold_end) => return Ok(()),
                signal = self.signals.next() => {
                    self.interrupted = Some((signal, Instant::now()));
                    return Ok(());
                }
            }
        }
    }

    /// Disconnects what is held and closes the live output.
    async fn close(&mut self, held: Vec<(Client, Events)>) -> anyhow::Result<()> {
        for (client, _events) in &held {
            let _ = client.disconnect(DisconnectReasonCode::NormalDisconnection).await;
        }
        drop(held);
        self.collector.tick(&self.registry, Phase::Drain, 0, connection_line)?;
        self.collector.finish()
    }

    /// The report: rates over the time to the last CONNACK, or over the
    /// `--churn` duration (up to the signal, when one ended the churn).
    fn report(
        mut self,
        clock: RunClock,
        cpu_start: Option<f64>,
        max_rss_bytes: Option<u64>,
        broker_version: Option<String>,
        by_address: Vec<(String, u64)>,
    ) -> anyhow::Result<Finished> {
        let measured = match (self.plan.churn, self.interrupted) {
            (Some(duration), Some((_, at))) => duration.min(at.duration_since(self.start)),
            (Some(duration), None) => duration,
            (None, _) => self.connected_at.duration_since(self.start),
        };
        let measured = Measured {
            common: &self.plan.common,
            scenario: &self.plan.scenario,
            clock: &clock,
            cpu_start,
            start: self.start,
            measured_s: measured.as_secs_f64(),
            delivery: DeliveryCounts::default(),
            paced: false,
            max_rss_bytes,
            broker_version,
            interrupted: self.interrupted.map(|(signal, _)| signal),
            by_address,
        };
        finish::report(measured, &mut self.collector)
    }
}

/// One connection's life: once (held), or in a loop until `deadline`.
async fn connection(
    dialer: &Dialer,
    registry: &Registry,
    timer: &PreciseTimer,
    stop: &Signal,
    index: u32,
    hold: Duration,
    deadline: Option<Instant>,
) -> Outcome {
    let mut first_error = None;
    loop {
        if stop.is_raised() || deadline.is_some_and(|end| Instant::now() >= end) {
            return Outcome { held: None, error: first_error };
        }
        let result = dialer.dial(Role::Connection, index, |_| {}).await;
        registry.with(|stats| stats.recorder.on_connection_attempt(result.is_ok()));
        let Some(deadline) = deadline else {
            return match result {
                Ok(connection) => Outcome { held: Some(connection), error: None },
                Err(error) => Outcome { held: None, error: Some(error) },
            };
        };
        match result {
            Ok((client, _events)) => {
                let until = (Instant::now() + hold).min(deadline);
                tokio::select! {
                    () = timer.sleep_until(until) => {}
                    () = stop.raised() => {}
                }
                let _ = client.disconnect(DisconnectReasonCode::NormalDisconnection).await;
            }
            Err(error) => {
                first_error.get_or_insert(error);
                timer.sleep_until(Instant::now() + CHURN_RETRY).await;
            }
        }
    }
}
