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
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use mqtt_client::QoS;
use tokio::task::JoinHandle;

use crate::cmd::bench::acks::AckTracker;
use crate::cmd::bench::collector::{message_line, Collector};
use crate::cmd::bench::dial::Dialer;
use crate::cmd::bench::env::Env;
use crate::cmd::bench::plan::{Mode, RunPlan};
use crate::cmd::bench::publisher::{Publisher, PublisherOutcome};
use crate::cmd::bench::subscriber::{SetupError, Subscriber};
use crate::cmd::bench::timer::PreciseTimer;
use crate::cmd::bench::workers::Registry;
use crate::cmd::bench::{broker_version, schedule_start, self_check, setup_failed, Finished};
use mqtt_bench::clock::RunClock;
use mqtt_bench::delivery::{DeliveryCounts, DeliveryTracker};
use mqtt_bench::recorder::{MeasureWindow, Phase};
use mqtt_bench::report::{Report, ReportParts, RunContext};
use mqtt_bench::schedule::{Limit, Pacer, Rate};
use mqtt_bench::stats::LatencyKind;

/// How often the drain checks for progress.
const DRAIN_POLL: Duration = Duration::from_millis(10);

/// A delivery tracker and the publishers it should hear from.
struct Accounting {
    tracker: Arc<Mutex<DeliveryTracker>>,
    expected: Vec<u32>,
}

/// Runs a message scenario; returns the report and whether Ctrl-C ended it.
pub async fn run(plan: RunPlan) -> anyhow::Result<Finished> {
    let plan = Arc::new(plan);
    let clock = RunClock::start();
    let cpu_start = mqtt_bench::selfmon::cpu_seconds();
    // Nothing is measured before the schedule start is known.
    let registry = Arc::new(Registry::new(MeasureWindow { start_ns: u64::MAX, end_ns: Some(0) }));
    let timer = PreciseTimer::start()?;
    let env = Arc::new(Env::new(clock, registry.clone(), timer.clone()));
    let dialer = Arc::new(
        Dialer::new(
            plan.common.options.clone(),
            plan.common.ids.clone(),
            plan.common.connect_rate,
            plan.common.connect_concurrency,
            registry.clone(),
            timer,
        )
        .map_err(|error| setup_failed(&plan.common, error))?,
    );
    let mut collector = Collector::new(plan.common.quiet);
    let broker_version =
        if plan.common.broker_version { broker_version(&dialer).await } else { None };

    // Subscribers first, so nothing published is missed.
    let accounts = accounting(&plan);
    let total = plan.subscribers.len() + plan.publishers.len();
    let mut setups = Vec::new();
    for (offset, index) in plan.subscribers.clone().enumerate() {
        let filter = plan.subscription(index)?;
        let tracker =
            accounts.get(offset).and_then(|account| account.as_ref().map(|a| a.tracker.clone()));
        let (env, plan, dialer) = (env.clone(), plan.clone(), dialer.clone());
        setups.push(tokio::spawn(async move {
            Subscriber::connect(&env, &plan, &dialer, index, filter, tracker).await
        }));
    }
    let mut subscribers = Vec::new();
    let mut first_error = None;
    for setup in setups {
        match setup.await? {
            Ok(subscriber) => subscribers.push(subscriber),
            Err(SetupError::Client(error)) => {
                first_error.get_or_insert(error);
            }
            Err(SetupError::Refused) => {}
        }
        collector.status(format!("connecting {}/{total}", subscribers.len()));
    }
    let mut setups = Vec::new();
    for index in plan.publishers.clone() {
        let (env, plan, dialer) = (env.clone(), plan.clone(), dialer.clone());
        setups.push(tokio::spawn(
            async move { Publisher::connect(&env, &plan, &dialer, index).await },
        ));
    }
    let mut publishers = Vec::new();
    for setup in setups {
        match setup.await? {
            Ok(publisher) => publishers.push(publisher),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
        collector.status(format!("connecting {}/{total}", subscribers.len() + publishers.len()));
    }
    let wanted_subscribers = !plan.subscribers.is_empty();
    if (wanted_subscribers && subscribers.is_empty())
        || (!plan.publishers.is_empty() && publishers.is_empty())
    {
        collector.finish()?;
        return Err(match first_error {
            Some(error) => setup_failed(&plan.common, error),
            None => crate::exit::coded(
                crate::exit::Exit::SubscribeRefused,
                "the broker refused every subscription (see the SUBACK reason above)",
            ),
        });
    }
    let failed = total - subscribers.len() - publishers.len();
    if failed > 0 && !plan.common.quiet {
        diag!("mqtt: bench: {failed} of {total} connections failed; running with the rest");
    }

    // The schedule.
    let start = schedule_start(&env.clock, plan.common.start_at)?;
    let probe = Pacer::new(plan.schedule, start);
    let window = MeasureWindow {
        start_ns: env.clock.unix_ns(probe.measure_start()),
        end_ns: probe.measure_end().map(|end| env.clock.unix_ns(end)),
    };
    env.registry.set_window(window);
    env.window.set(window);
    if let Some(path) = &plan.common.outputs.hdr_log {
        let start_time = std::time::UNIX_EPOCH + Duration::from_nanos(env.clock.unix_ns(start));
        collector.open_hdr_log(
            path,
            start_time,
            &format!("mqtt bench {}", plan.scenario.broker),
        )?;
    }
    let acks: Vec<Arc<AckTracker>> = publishers.iter().map(Publisher::acks).collect();
    let receivers: Vec<JoinHandle<()>> = subscribers
        .into_iter()
        .map(|subscriber| tokio::spawn(subscriber.run(env.clone(), plan.clone(), dialer.clone())))
        .collect();
    let senders: Vec<JoinHandle<PublisherOutcome>> = publishers
        .into_iter()
        .map(|publisher| tokio::spawn(publisher.run(env.clone(), plan.clone())))
        .collect();
    env.start_at(start);
    collector.set_start(start);

    let inflight = || acks.iter().map(|tracker| u64::from(tracker.outstanding())).sum::<u64>();
    let mut ticker =
        tokio::time::interval_at((start + Duration::from_secs(1)).into(), Duration::from_secs(1));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first Ctrl-C stops sending and drains; a second one stops at once.
    let mut interrupted = false;
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());

    // Sending.
    let sending = sending_done(env.clone(), plan.clone(), senders, probe.measure_end());
    tokio::pin!(sending);
    let outcomes = loop {
        tokio::select! {
            _ = ticker.tick() => {
                let phase = if Instant::now() < probe.measure_start() { Phase::Warmup } else { Phase::Measure };
                collector.tick(&env.registry, phase, inflight(), message_line)?;
            }
            outcomes = &mut sending => break outcomes?,
            _ = &mut ctrl_c, if !interrupted => {
                interrupted = true;
                env.stop_sending.raise();
                ctrl_c = Box::pin(tokio::signal::ctrl_c());
            }
        }
    };
    let sending_ended = Instant::now();

    // Draining.
    let sent_by: HashMap<u32, u64> = outcomes.iter().map(|o| (o.index, o.sent)).collect();
    let expected = expected_deliveries(&plan, &accounts, &sent_by);
    let mut last_received = env.received.load(Ordering::Relaxed);
    let mut idle_since = Instant::now();
    collector.status("draining".into());
    while !env.stop_all.is_raised() {
        tokio::select! {
            _ = ticker.tick() => collector.tick(&env.registry, Phase::Drain, inflight(), message_line)?,
            () = tokio::time::sleep(DRAIN_POLL) => {}
            _ = &mut ctrl_c => { interrupted = true; break; }
        }
        let received = env.received.load(Ordering::Relaxed);
        if received != last_received {
            last_received = received;
            idle_since = Instant::now();
        }
        let complete = expected.is_some_and(|expected| received >= expected) && inflight() == 0;
        if complete || idle_since.elapsed() >= plan.drain {
            break;
        }
    }
    env.stop_all.raise();
    for receiver in receivers {
        receiver.await?;
    }
    collector.tick(&env.registry, Phase::Drain, inflight(), message_line)?;
    collector.finish()?;

    // Accounting and the report.
    let mut delivery = DeliveryCounts::default();
    for account in accounts.iter().flatten() {
        let mut tracker = account.tracker.lock().unwrap_or_else(PoisonError::into_inner);
        tracker.finish(|publisher| sent_by.get(&publisher).copied());
        delivery += tracker.counts();
    }
    // Up to the last measured send, ack or delivery: a backlog that drains
    // after the window dilutes the rates instead of inflating them.
    let last_event_ns = match env.last_event_ns.load(Ordering::Relaxed) {
        0 => env.clock.unix_ns(sending_ended),
        last => last,
    };
    let span_s = last_event_ns.saturating_sub(window.start_ns) as f64 / 1e9;
    let measured_s = match plan.schedule.limit() {
        Limit::Duration(duration) => duration.as_secs_f64().max(span_s),
        Limit::Count(_) => span_s,
    };
    let total = collector.recorder.total().clone();
    let lag_p99 = total
        .latencies
        .get(LatencyKind::ScheduleLag)
        .map(|histogram| Duration::from_nanos(histogram.value_at_quantile(0.99)));
    let paced = matches!(plan.schedule.rate(), Rate::PerSecond(_)) && plan.mode != Mode::Sub;
    let check = self_check(&plan.common, &env.clock, cpu_start, paced, lag_p99, &total.counters);
    let mut context = RunContext::local(env.clock.unix_ns(start), measured_s, plan.common.shard);
    context.broker_version = broker_version;
    let report = Report::build(ReportParts {
        config: plan.scenario.clone(),
        context,
        counters: total.counters,
        latencies: &total.latencies,
        delivery,
        errors: collector.errors.entries(),
        self_check: check,
        series: std::mem::take(&mut collector.series),
    })
    .map_err(anyhow::Error::msg)?;
    Ok(Finished { report, interrupted })
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

/// One delivery tracker per subscriber (per shared group for `--shared`),
/// in subscriber order; `None` where accounting cannot be meaningful.
fn accounting(plan: &RunPlan) -> Vec<Option<Accounting>> {
    let count = plan.subscribers.len();
    let joining = plan.mode == Mode::Sub;
    let new_tracker = || {
        Arc::new(Mutex::new(if joining {
            DeliveryTracker::joining()
        } else {
            DeliveryTracker::default()
        }))
    };
    // Which of this process's publishers deliver to `filter`.
    let matching = |filter: &mqtt_client::TopicFilter| -> Vec<u32> {
        plan.publishers
            .clone()
            .filter(|&index| {
                matches!(plan.static_topic(index), Some(Ok(topic)) if filter.matches(&topic))
            })
            .collect()
    };
    let per_message = plan.topic.per_message();
    if plan.shared.is_some() {
        // A group splits the messages among its members, possibly across
        // shards; only a whole group in one process can be accounted.
        if plan.common.shard.is_some_and(|shard| shard.count > 1) || per_message {
            return (0..count).map(|_| None).collect();
        }
        let tracker = new_tracker();
        let mut expected: Vec<u32> = Vec::new();
        for index in plan.subscribers.clone() {
            if let Ok(filter) = plan.subscription(index) {
                expected.extend(matching(&filter));
            }
        }
        expected.sort_unstable();
        expected.dedup();
        return (0..count)
            .map(|_| Some(Accounting { tracker: tracker.clone(), expected: expected.clone() }))
            .collect();
    }
    plan.subscribers
        .clone()
        .map(|index| {
            if per_message {
                // Each subscriber sees an unpredictable subset of every flow.
                return None;
            }
            let expected =
                plan.subscription(index).map(|filter| matching(&filter)).unwrap_or_default();
            let tracker = new_tracker();
            {
                let mut guard = tracker.lock().unwrap_or_else(PoisonError::into_inner);
                for &publisher in &expected {
                    guard.expect(publisher);
                }
            }
            Some(Accounting { tracker, expected })
        })
        .collect()
}

/// Deliveries the subscribers should see in total, when it is knowable.
fn expected_deliveries(
    plan: &RunPlan,
    accounts: &[Option<Accounting>],
    sent_by: &HashMap<u32, u64>,
) -> Option<u64> {
    if plan.mode == Mode::Sub || plan.qos == QoS::AtMostOnce && plan.subscriber_delay.is_some() {
        return None;
    }
    let mut seen = Vec::new();
    let mut total = 0;
    for account in accounts {
        let account = account.as_ref()?;
        // A shared group's tracker appears once per member: count it once.
        if seen.iter().any(|other| Arc::ptr_eq(other, &account.tracker)) {
            continue;
        }
        seen.push(account.tracker.clone());
        total += account
            .expected
            .iter()
            .map(|index| sent_by.get(index).copied().unwrap_or(0))
            .sum::<u64>();
    }
    Some(total)
}
