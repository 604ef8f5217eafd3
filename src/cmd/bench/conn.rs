//! `mqtt bench conn`: connection rate and connect latency.
//!
//! Without `--churn`, every connection is opened once (paced by
//! `--connect-rate`, at most `--connect-concurrency` at a time), all are
//! held for `--hold`, then closed; the measured span runs from the start to
//! the last CONNACK. With `--churn`, each connection cycles connect → hold
//! → disconnect → connect until `--duration` ends: a reconnect storm.
//! Every attempt counts in `sent`, every accepted one in `completed`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use mqtt_client::{Client, DisconnectReasonCode, Events};
use tokio::task::JoinHandle;

use crate::cmd::bench::collector::{connection_line, Collector};
use crate::cmd::bench::dial::Dialer;
use crate::cmd::bench::env::Signal;
use crate::cmd::bench::plan::{ConnPlan, Role};
use crate::cmd::bench::timer::PreciseTimer;
use crate::cmd::bench::workers::Registry;
use crate::cmd::bench::{broker_version, schedule_start, self_check, setup_failed, Finished};
use mqtt_bench::clock::RunClock;
use mqtt_bench::delivery::DeliveryCounts;
use mqtt_bench::recorder::{MeasureWindow, Phase};
use mqtt_bench::report::{Report, ReportParts, RunContext};
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
pub async fn run(plan: ConnPlan) -> anyhow::Result<Finished> {
    let plan = Arc::new(plan);
    let clock = RunClock::start();
    let cpu_start = mqtt_bench::selfmon::cpu_seconds();
    let registry = Arc::new(Registry::new(MeasureWindow { start_ns: 0, end_ns: None }));
    let timer = PreciseTimer::start()?;
    let stop = Arc::new(Signal::default());
    let mut collector = Collector::new(plan.common.quiet);
    let start = schedule_start(&clock, plan.common.start_at)?;
    timer.sleep_until(start).await;
    let dialer = Arc::new(
        Dialer::new(
            plan.common.options.clone(),
            plan.common.ids.clone(),
            plan.common.connect_rate,
            plan.common.connect_concurrency,
            registry.clone(),
            timer.clone(),
        )
        .map_err(|error| setup_failed(&plan.common, error))?,
    );
    let version = if plan.common.broker_version { broker_version(&dialer).await } else { None };
    let start = Instant::now();
    collector.set_start(start);
    let deadline = plan.churn.map(|duration| start + duration);
    let tasks: Vec<JoinHandle<Outcome>> = plan
        .connections
        .clone()
        .map(|index| {
            let (dialer, registry, timer, stop) =
                (dialer.clone(), registry.clone(), timer.clone(), stop.clone());
            let hold = plan.hold;
            tokio::spawn(async move {
                connection(&dialer, &registry, &timer, &stop, index, hold, deadline).await
            })
        })
        .collect();

    let mut ticker =
        tokio::time::interval_at((start + Duration::from_secs(1)).into(), Duration::from_secs(1));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut interrupted = false;
    let joined = join_all(tasks);
    tokio::pin!(joined);
    let mut outcomes = loop {
        tokio::select! {
            _ = ticker.tick() => collector.tick(&registry, Phase::Measure, 0, connection_line)?,
            outcomes = &mut joined => break outcomes?,
            _ = &mut ctrl_c, if !interrupted => {
                interrupted = true;
                stop.raise();
            }
        }
    };
    let connected_at = Instant::now();
    let held: Vec<(Client, Events)> =
        outcomes.iter_mut().filter_map(|outcome| outcome.held.take()).collect();
    let first_error = outcomes.into_iter().find_map(|outcome| outcome.error);
    if held.is_empty() && plan.churn.is_none() {
        collector.finish()?;
        if let Some(error) = first_error {
            return Err(setup_failed(&plan.common, error));
        }
    }
    if !held.is_empty() && !interrupted {
        collector.status(format!("holding {} connections", held.len()));
        let hold_end = connected_at + plan.hold;
        loop {
            tokio::select! {
                _ = ticker.tick() => collector.tick(&registry, Phase::Drain, 0, connection_line)?,
                () = timer.sleep_until(hold_end) => break,
                _ = &mut ctrl_c => { interrupted = true; break; }
            }
        }
    }
    let max_rss = max_rss_bytes();
    for (client, _events) in &held {
        let _ = client.disconnect(DisconnectReasonCode::NormalDisconnection).await;
    }
    drop(held);
    collector.tick(&registry, Phase::Drain, 0, connection_line)?;
    collector.finish()?;

    let measured_s = match plan.churn {
        Some(duration) => duration.as_secs_f64(),
        None => connected_at.duration_since(start).as_secs_f64(),
    };
    let total = collector.recorder.total().clone();
    let mut check = self_check(&plan.common, &clock, cpu_start, false, None, &total.counters);
    check.max_rss_bytes = max_rss;
    let mut context = RunContext::local(clock.unix_ns(start), measured_s, plan.common.shard);
    context.broker_version = version;
    let report = Report::build(ReportParts {
        config: plan.scenario.clone(),
        context,
        counters: total.counters,
        latencies: &total.latencies,
        delivery: DeliveryCounts::default(),
        errors: collector.errors.entries(),
        self_check: check,
        series: std::mem::take(&mut collector.series),
    })
    .map_err(anyhow::Error::msg)?;
    Ok(Finished { report, interrupted })
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

async fn join_all(tasks: Vec<JoinHandle<Outcome>>) -> anyhow::Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(tasks.len());
    for task in tasks {
        outcomes.push(task.await?);
    }
    Ok(outcomes)
}
