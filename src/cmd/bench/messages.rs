//! The message scenarios (`bench`, `bench pub`, `bench sub`) from connect
//! to report.
//!
//! Sequence: connect and subscribe every subscriber, connect every
//! publisher, fix the schedule start (now, or `--start-at`), send, drain
//! (wait for missing acks and deliveries, at most `--drain` without
//! progress), settle delivery accounting with each publisher's final
//! count, and build the report. pipeline_tests.rs shows the same sequence
//! on synthetic time.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mqtt_client::ClientError;

use crate::cmd::bench::accounting::Accounts;
use crate::cmd::bench::collector::Collector;
use crate::cmd::bench::dial::{in_turn, Dialer};
use crate::cmd::bench::env::Env;
use crate::cmd::bench::finish::{self, Finished, Measured};
use crate::cmd::bench::metrics;
use crate::cmd::bench::plan::{Mode, RunPlan};
use crate::cmd::bench::publisher::Publisher;
use crate::cmd::bench::running::Running;
use crate::cmd::bench::signals::{announcement, StopSignal, StopSignals};
use crate::cmd::bench::subscriber::{SetupError, Subscriber};
use crate::cmd::bench::timer::PreciseTimer;
use crate::cmd::bench::workers::Registry;
use crate::cmd::bench::{broker_version, schedule_start, setup_failed};
use crate::exit::{coded, Exit};
use mqtt_bench::clock::RunClock;
use mqtt_bench::recorder::MeasureWindow;
use mqtt_bench::schedule::{Limit, Pacer, Rate};

/// Runs a message scenario; returns the report and the signal that ended
/// it early, if one did.
pub async fn run(plan: Arc<RunPlan>) -> anyhow::Result<Finished> {
    let mut run = Run::prepare(plan)?;
    // Caught from here on: a broker that never answers the connects still
    // gets a report, marked interrupted, instead of a killed process.
    let mut signals = StopSignals::listen()?;
    let connecting = async {
        let broker_version = run.broker_version().await;
        run.connect().await.map(|connected| (broker_version, connected))
    };
    let connected = tokio::select! {
        connected = connecting => Ok(connected?),
        signal = signals.next() => Err(signal),
    };
    let (broker_version, (subscribers, publishers)) = match connected {
        Ok(connected) => connected,
        Err(signal) => return run.interrupted_while_connecting(signal),
    };
    drop(signals);
    let schedule = run.fix_schedule()?;
    let mut running = run.start(subscribers, publishers, &schedule)?;
    let collector = &mut run.collector;
    let sent_by = running.send(collector, schedule.measure_start, schedule.measure_end).await?;
    let sending_ended = Instant::now();
    let expected = run.accounts.expected(&run.plan, &sent_by);
    running.drain(&mut run.collector, expected).await?;
    running.stop(&mut run.collector).await?;
    run.report(&schedule, &sent_by, sending_ended, broker_version, running.interrupted)
}

/// What the steps of a run share.
struct Run {
    plan: Arc<RunPlan>,
    env: Arc<Env>,
    dialer: Arc<Dialer>,
    collector: Collector,
    accounts: Accounts,
    cpu_start: Option<f64>,
}

/// When the schedule starts, and the measurement window it implies.
struct Schedule {
    start: Instant,
    measure_start: Instant,
    measure_end: Option<Instant>,
    window: MeasureWindow,
}

impl Run {
    /// The run before any connection; nothing is measured until the
    /// schedule start is known.
    fn prepare(plan: Arc<RunPlan>) -> anyhow::Result<Run> {
        let clock = RunClock::start();
        let cpu_start = mqtt_bench::selfmon::cpu_seconds();
        let registry =
            Arc::new(Registry::new(MeasureWindow { start_ns: u64::MAX, end_ns: Some(0) }));
        let timer = PreciseTimer::start()?;
        let env = Arc::new(Env::new(clock, registry.clone(), timer.clone()));
        let common = &plan.common;
        let dialer = Dialer::new(
            common.options.clone(),
            &common.connect.bind_addresses,
            common.ids.clone(),
            common.connect_rate,
            common.connect_concurrency,
            registry,
            timer,
        )
        .map_err(|error| setup_failed(common, error))?;
        let mut collector = Collector::new(common.quiet);
        if let Some(board) = metrics::board_for(common, &plan.scenario)? {
            collector.serve_metrics(board);
        }
        let accounts = Accounts::new(&plan);
        Ok(Run { plan, env, dialer: Arc::new(dialer), collector, accounts, cpu_start })
    }

    async fn broker_version(&self) -> Option<String> {
        if self.plan.common.broker_version {
            broker_version(&self.dialer).await
        } else {
            None
        }
    }

    /// Connects every subscriber, then every publisher; fails when a role
    /// that is wanted got no connection at all.
    async fn connect(&mut self) -> anyhow::Result<(Vec<Subscriber>, Vec<Publisher>)> {
        let mut first_error = None;
        let subscribers = self.connect_subscribers(&mut first_error).await?;
        let publishers = self.connect_publishers(subscribers.len(), &mut first_error).await?;
        self.check_connected(subscribers.len(), publishers.len(), first_error)?;
        if let Some(line) = self.dialer.per_address_line() {
            self.collector.note(&line);
        }
        Ok((subscribers, publishers))
    }

    /// Subscribers come first, so nothing published is missed.
    async fn connect_subscribers(
        &mut self,
        first_error: &mut Option<ClientError>,
    ) -> anyhow::Result<Vec<Subscriber>> {
        let mut wanted = Vec::new();
        for (offset, index) in self.plan.subscribers.clone().enumerate() {
            wanted.push((index, self.plan.subscription(index)?, self.accounts.tracker(offset)));
        }
        let (env, plan, dialer) = (self.env.clone(), self.plan.clone(), self.dialer.clone());
        let setups = wanted.into_iter().map(move |(index, filter, tracker)| {
            let (env, plan, dialer) = (env.clone(), plan.clone(), dialer.clone());
            async move { Subscriber::connect(&env, &plan, &dialer, index, filter, tracker).await }
        });
        let limit = self.plan.common.connect_concurrency;
        let results = in_turn(setups, limit, |count| self.connecting(count)).await?;
        let mut subscribers = Vec::new();
        for result in results {
            match result {
                Ok(subscriber) => subscribers.push(subscriber),
                Err(SetupError::Client(error)) => {
                    first_error.get_or_insert(error);
                }
                Err(SetupError::Refused) => {}
            }
        }
        Ok(subscribers)
    }

    async fn connect_publishers(
        &mut self,
        subscribers: usize,
        first_error: &mut Option<ClientError>,
    ) -> anyhow::Result<Vec<Publisher>> {
        let (env, plan, dialer) = (self.env.clone(), self.plan.clone(), self.dialer.clone());
        let setups = self.plan.publishers.clone().map(move |index| {
            let (env, plan, dialer) = (env.clone(), plan.clone(), dialer.clone());
            async move { Publisher::connect(&env, &plan, &dialer, index).await }
        });
        let limit = self.plan.common.connect_concurrency;
        let results = in_turn(setups, limit, |count| self.connecting(subscribers + count)).await?;
        let mut publishers = Vec::new();
        for result in results {
            match result {
                Ok(publisher) => publishers.push(publisher),
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        Ok(publishers)
    }

    fn connections(&self) -> usize {
        self.plan.subscribers.len() + self.plan.publishers.len()
    }

    fn connecting(&mut self, connected: usize) {
        let total = self.connections();
        self.collector.status(format!("connecting {connected}/{total}"));
    }

    /// Refuses to run without subscribers or publishers when some were
    /// asked for; warns when only some connections failed.
    fn check_connected(
        &mut self,
        subscribers: usize,
        publishers: usize,
        first_error: Option<ClientError>,
    ) -> anyhow::Result<()> {
        let plan = &self.plan;
        if (!plan.subscribers.is_empty() && subscribers == 0)
            || (!plan.publishers.is_empty() && publishers == 0)
        {
            self.collector.finish()?;
            return Err(match first_error {
                Some(error) => setup_failed(&plan.common, error),
                None => coded(
                    Exit::SubscribeRefused,
                    "the broker refused every subscription (see the SUBACK reason above)",
                ),
            });
        }
        let total = self.connections();
        let failed = total - subscribers - publishers;
        if failed > 0 && !self.plan.common.quiet {
            diag!("mqtt: bench: {failed} of {total} connections failed; running with the rest");
        }
        Ok(())
    }

    /// Fixes the schedule start and with it the measurement window; opens
    /// `--hdr-log`.
    fn fix_schedule(&mut self) -> anyhow::Result<Schedule> {
        let clock = self.env.clock;
        let start = schedule_start(&clock, self.plan.common.start_at)?;
        let probe = Pacer::new(self.plan.schedule, start);
        let window = MeasureWindow {
            start_ns: clock.unix_ns(probe.measure_start()),
            end_ns: probe.measure_end().map(|end| clock.unix_ns(end)),
        };
        self.env.registry.set_window(window);
        self.env.window.set(window);
        if let Some(path) = &self.plan.common.outputs.hdr_log {
            let start_time = std::time::UNIX_EPOCH + Duration::from_nanos(clock.unix_ns(start));
            let comment = format!("mqtt bench {}", self.plan.scenario.broker);
            self.collector.open_hdr_log(path, start_time, &comment)?;
        }
        let (measure_start, measure_end) = (probe.measure_start(), probe.measure_end());
        Ok(Schedule { start, measure_start, measure_end, window })
    }

    /// Hands every connection to its task and tells them the start.
    fn start(
        &mut self,
        subscribers: Vec<Subscriber>,
        publishers: Vec<Publisher>,
        schedule: &Schedule,
    ) -> anyhow::Result<Running> {
        let (env, plan, dialer) = (&self.env, &self.plan, &self.dialer);
        let collector = &mut self.collector;
        Running::start(env, plan, dialer, subscribers, publishers, schedule.start, collector)
    }

    /// The report of a run a signal ended before every connection was up:
    /// nothing was sent, and it says so.
    fn interrupted_while_connecting(mut self, signal: StopSignal) -> anyhow::Result<Finished> {
        self.collector.note(&announcement(signal));
        self.collector.finish()?;
        let schedule = self.fix_schedule()?;
        self.report(&schedule, &HashMap::new(), Instant::now(), None, Some(signal))
    }

    /// Settles delivery accounting and builds the report.
    fn report(
        mut self,
        schedule: &Schedule,
        sent_by: &HashMap<u32, u64>,
        sending_ended: Instant,
        broker_version: Option<String>,
        interrupted: Option<StopSignal>,
    ) -> anyhow::Result<Finished> {
        let delivery = self.accounts.settle(sent_by);
        self.collector.update_metrics(Some(&delivery));
        let plan = &self.plan;
        let measured = Measured {
            common: &plan.common,
            scenario: &plan.scenario,
            clock: &self.env.clock,
            cpu_start: self.cpu_start,
            start: schedule.start,
            measured_s: self.measured_s(schedule.window, sending_ended, interrupted.is_some()),
            delivery,
            paced: matches!(plan.schedule.rate(), Rate::PerSecond(_)) && plan.mode != Mode::Sub,
            max_rss_bytes: None,
            broker_version,
            interrupted,
            by_address: self.dialer.per_address(),
        };
        finish::report(measured, &mut self.collector)
    }

    /// Up to the last measured send, ack or delivery: a backlog that drains
    /// after the window dilutes the rates instead of inflating them. A
    /// `--duration` run measures at least its window, unless a signal ended
    /// it early: then only what it measured (0 when it stopped in warmup).
    fn measured_s(&self, window: MeasureWindow, sending_ended: Instant, interrupted: bool) -> f64 {
        let last_event_ns = match self.env.last_event_ns.load(Ordering::Relaxed) {
            0 => self.env.clock.unix_ns(sending_ended),
            last => last,
        };
        let span_s = last_event_ns.saturating_sub(window.start_ns) as f64 / 1e9;
        match self.plan.schedule.limit() {
            Limit::Duration(duration) if !interrupted => duration.as_secs_f64().max(span_s),
            Limit::Duration(_) | Limit::Count(_) => span_s,
        }
    }
}
