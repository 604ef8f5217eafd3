//! The end every bench scenario shares: the generator's self-check and the
//! report, built from what the runner measured and its collector. The
//! outputs and the exit code follow in `output`.

use std::time::{Duration, Instant};

use crate::cmd::bench::collector::Collector;
use crate::cmd::bench::plan::CommonPlan;
use crate::cmd::bench::signals::StopSignal;
use mqtt_bench::clock::RunClock;
use mqtt_bench::config::Scenario;
use mqtt_bench::delivery::DeliveryCounts;
use mqtt_bench::report::{Report, ReportParts, RunContext};
use mqtt_bench::selfmon::{cpu_seconds, SelfCheck, SelfCheckInput};
use mqtt_bench::stats::{Counters, LatencyKind};

/// A finished run.
pub struct Finished {
    pub report: Report,
    /// The signal that ended it early.
    pub interrupted: Option<StopSignal>,
}

/// What a scenario measured, besides its collector.
pub struct Measured<'a> {
    pub common: &'a CommonPlan,
    pub scenario: &'a Scenario,
    pub clock: &'a RunClock,
    /// This process's CPU seconds when the run began.
    pub cpu_start: Option<f64>,
    /// When the measurement began: the report's start time.
    pub start: Instant,
    /// The span the rates are computed over.
    pub measured_s: f64,
    pub delivery: DeliveryCounts,
    /// Sends followed a rate, so their schedule lag is the generator's.
    pub paced: bool,
    pub max_rss_bytes: Option<u64>,
    pub broker_version: Option<String>,
    pub interrupted: Option<StopSignal>,
    /// Connections opened from each `-A` address.
    pub by_address: Vec<(String, u64)>,
}

/// The report of a scenario, with the generator's verdict on itself.
pub fn report(measured: Measured<'_>, collector: &mut Collector) -> anyhow::Result<Finished> {
    let total = collector.recorder.total().clone();
    let lag_p99 = total
        .latencies
        .get(LatencyKind::ScheduleLag)
        .map(|histogram| Duration::from_nanos(histogram.value_at_quantile(0.99)));
    let mut check = self_check(&measured, lag_p99, &total.counters);
    check.max_rss_bytes = measured.max_rss_bytes;
    let start_ns = measured.clock.unix_ns(measured.start);
    let mut context = RunContext::local(start_ns, measured.measured_s, measured.common.shard);
    context.broker_version = measured.broker_version;
    context.interrupted = measured.interrupted.is_some();
    context.connections_by_address = measured.by_address.into_iter().collect();
    let report = Report::build(ReportParts {
        config: measured.scenario.clone(),
        context,
        counters: total.counters,
        warmup: collector.recorder.warmup(),
        latencies: &total.latencies,
        delivery: measured.delivery,
        errors: collector.errors.entries(),
        self_check: check,
        series: std::mem::take(&mut collector.series),
    })
    .map_err(anyhow::Error::msg)?;
    Ok(Finished { report, interrupted: measured.interrupted })
}

/// The generator's verdict on itself.
fn self_check(
    measured: &Measured<'_>,
    lag_p99: Option<Duration>,
    counters: &Counters,
) -> SelfCheck {
    let common = measured.common;
    let cores = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(common.threads + common.broker_threads);
    let cpu_start = measured.cpu_start;
    SelfCheck::evaluate(&SelfCheckInput {
        cpu_seconds: cpu_start.zip(cpu_seconds()).map(|(start, end)| end - start),
        wall_seconds: measured.clock.origin().elapsed().as_secs_f64(),
        cores: cores as u32,
        paced: measured.paced,
        lag_p99,
        sends: counters.sent,
        late_sends: counters.late_sends,
        window_blocked: counters.window_blocked,
    })
}
