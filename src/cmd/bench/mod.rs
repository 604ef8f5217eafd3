//! `mqtt bench`: connections, schedules and the run itself, on top of the
//! measurement core in `crates/bench` (`mqtt_bench`: schedule, recorder,
//! stats, delivery accounting, merge, `--fail-if`, exporters).
//!
//! | module | owns |
//! |---|---|
//! | `plan` | options → checked [`plan::RunPlan`] / [`plan::ConnPlan`] |
//! | `dial` | one shared transport `Connector`, connect pacing, connect timings |
//! | `publisher`, `acks` | open-loop sending, the inflight window, ack timing |
//! | `subscriber` | receiving, e2e latency, delivery accounting |
//! | `messages`, `running`, `conn` | the scenarios from connect to report |
//! | `accounting` | which deliveries each subscriber should see |
//! | `finish` | the report every scenario ends with, and the self-check |
//! | `workers`, `collector` | per-thread recorders, the per-second rows |
//! | `timer` | the high-resolution send timer |
//! | `env` | what a run's tasks share |
//! | `outputs`, `output`, `limits` | the outputs asked for; writing them and the exit code; `RLIMIT_NOFILE` |
//! | `signals` | SIGINT and SIGTERM: ending a run early, and its exit code |
//! | `scenario` | `--scenario` presets (emqx/mqttbs topologies) |
//! | `metrics` | `--metrics-listen`: live Prometheus text over HTTP |
//! | `embedded` | `--embedded`: the broker of `mqtt serve`, in-process |
//!
//! Policy: the generator must never be the bottleneck, so the hot paths do
//! not allocate per message, record into per-thread recorders, and let the
//! client batch socket writes; the run checks itself (the report's `self_check`) and says
//! so loudly when it was the limit anyway.

mod accounting;
mod acks;
mod collector;
mod conn;
mod dial;
#[cfg(feature = "serve")]
mod embedded;
mod env;
mod finish;
mod limits;
mod messages;
mod metrics;
mod output;
mod outputs;
mod plan;
mod publisher;
mod running;
mod scenario;
mod signals;
mod subscriber;
mod timer;
mod workers;

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use mqtt_client::{
    ClientError, DisconnectReasonCode, Event, SubscribeProperties, SubscriptionOptions, TopicFilter,
};

use crate::cli::bench::{BenchArgs, BenchCommand, RunArgs};
use crate::exit::usage;
use mqtt_bench::clock::RunClock;
use mqtt_bench::shard;

use self::dial::Dialer;
use self::finish::Finished;
use self::plan::{CommonPlan, ConnPlan, Mode, RunPlan};

/// How long before the schedule starts the tasks are told the start time.
const START_LEAD: Duration = Duration::from_millis(20);
/// How long to wait for `$SYS/broker/version`.
const VERSION_WAIT: Duration = Duration::from_secs(1);

/// `mqtt bench …`.
pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    #[cfg(feature = "serve")]
    let args = claim_embedded(args)?;
    match args.command {
        None => run_messages(Mode::PubSub, &args.run),
        Some(BenchCommand::Pub(run)) => run_messages(Mode::Pub, &run),
        Some(BenchCommand::Sub(run)) => run_messages(Mode::Sub, &run),
        Some(BenchCommand::Conn(conn)) => {
            let plan = ConnPlan::build(&conn)?;
            // Kept alive until the run is over; dropping it stops the broker.
            #[cfg(feature = "serve")]
            let (plan, _embedded) = {
                let mut plan = plan;
                let broker =
                    start_embedded(conn.common.embedded, &mut plan.common, &mut plan.scenario)?;
                (plan, broker)
            };
            limits::raise_fd_limit(u64::from(plan.connections.end - plan.connections.start))?;
            let plan = Arc::new(plan);
            execute(&plan.common, conn::run(plan.clone()))
        }
        Some(BenchCommand::Merge(merge)) => output::merge(&merge),
    }
}

/// With `--embedded`, refuses another broker address and aims the
/// connection options at loopback; the port is set once the broker runs,
/// after the whole plan has been validated.
#[cfg(feature = "serve")]
fn claim_embedded(mut args: BenchArgs) -> anyhow::Result<BenchArgs> {
    let common = match &mut args.command {
        None => &mut args.run.common,
        Some(BenchCommand::Pub(run)) | Some(BenchCommand::Sub(run)) => &mut run.common,
        Some(BenchCommand::Conn(conn)) => &mut conn.common,
        Some(BenchCommand::Merge(_)) => return Ok(args),
    };
    if common.embedded {
        crate::cmd::bench::embedded::EmbeddedBroker::claim(&mut common.connect)?;
    }
    Ok(args)
}

/// Starts the in-process broker for a validated plan and points the plan
/// (connections and the report's broker name) at its port.
#[cfg(feature = "serve")]
fn start_embedded(
    embedded: bool,
    common: &mut CommonPlan,
    scenario: &mut mqtt_bench::config::Scenario,
) -> anyhow::Result<Option<crate::cmd::bench::embedded::EmbeddedBroker>> {
    if !embedded {
        return Ok(None);
    }
    let broker = crate::cmd::bench::embedded::EmbeddedBroker::start()?;
    let port = broker.address().port();
    common.broker_threads = crate::cmd::bench::embedded::EmbeddedBroker::THREADS;
    common.connect.broker.port = port;
    common.options.transport.broker.port = port;
    scenario.broker = common.broker_label();
    if !common.quiet {
        diag!(
            "mqtt bench: embedded broker (mqtt serve) on mqtt://{}; its CPU counts as the bench's",
            broker.address()
        );
    }
    Ok(Some(broker))
}

fn run_messages(mode: Mode, args: &RunArgs) -> anyhow::Result<ExitCode> {
    let plan = RunPlan::build(mode, &args.load, &args.common)?;
    // Kept alive until the run is over; dropping it stops the broker.
    #[cfg(feature = "serve")]
    let (plan, _embedded) = {
        let mut plan = plan;
        let broker = start_embedded(args.common.embedded, &mut plan.common, &mut plan.scenario)?;
        (plan, broker)
    };
    // A socket per connection, and a timerfd per publisher.
    let descriptors = 2 * plan.publishers.len() + plan.subscribers.len();
    limits::raise_fd_limit(descriptors as u64)?;
    let plan = Arc::new(plan);
    execute(&plan.common, messages::run(plan.clone()))
}

/// Runs a scenario on its runtime, then writes its outputs; the exit code
/// follows from the report.
fn execute(
    common: &CommonPlan,
    scenario: impl Future<Output = anyhow::Result<Finished>>,
) -> anyhow::Result<ExitCode> {
    let finished = runtime(common.threads)?.block_on(scenario)?;
    output::deliver(finished, &common.outputs, &common.fail_if)
}

/// One worker runs on this thread (a current-thread runtime): the client
/// then coalesces small writes with a yield, which a multi-thread runtime
/// makes dearer than it saves (QoS 1 1->1, interleaved: 83k msg/s at 11.4
/// µs/msg against 80k at 12.3 on a one-worker pool).
fn runtime(threads: usize) -> anyhow::Result<tokio::runtime::Runtime> {
    if threads <= 1 {
        timer::lower_timer_slack();
        return crate::runtime::one_thread();
    }
    let mut builder = crate::runtime::workers(Some(threads), "mqtt-bench");
    builder.on_thread_start(timer::lower_timer_slack);
    crate::runtime::build(builder)
}

/// The schedule start: just ahead of now, or `--start-at`.
fn schedule_start(clock: &RunClock, start_at: Option<SystemTime>) -> anyhow::Result<Instant> {
    let now = Instant::now();
    match start_at {
        Some(at) => shard::schedule_start(clock, at, now + START_LEAD).map_err(usage),
        None => Ok(now + START_LEAD),
    }
}

/// The error (and exit code) for a scenario whose connections all failed.
fn setup_failed(common: &CommonPlan, error: ClientError) -> anyhow::Error {
    crate::connect::open::connect_error(&common.connect, error)
}

/// The broker's `$SYS/broker/version`, if it answers within a second.
async fn broker_version(dialer: &Dialer) -> Option<String> {
    let attempt = async {
        let (client, mut events) = dialer.probe().await.ok()?;
        let filter = TopicFilter::from_static("$SYS/broker/version");
        let options = SubscriptionOptions::default();
        client.subscribe(vec![(filter, options)], SubscribeProperties::default()).await.ok()?;
        let mut version = None;
        while let Some(event) = events.recv().await {
            if let Event::Message(message) = event {
                version = Some(String::from_utf8_lossy(&message.payload).trim().to_owned());
                break;
            }
        }
        let _ = client.disconnect(DisconnectReasonCode::NormalDisconnection).await;
        version
    };
    tokio::time::timeout(VERSION_WAIT, attempt).await.ok().flatten()
}
