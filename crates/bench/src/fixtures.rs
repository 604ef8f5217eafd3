//! Test data shared by the bench module tests: real reports built from real
//! histograms, so summaries and merges are computed, never hard-coded.

use std::time::Duration;

use crate::config::Scenario;
use crate::delivery::DeliveryCounts;
use crate::errors::{ErrorCounts, Stage};
use crate::recorder::{IntervalRow, Phase};
use crate::report::{Report, ReportParts, RunContext};
use crate::selfmon::{SelfCheck, SelfCheckInput};
use crate::shard::ShardId;
use crate::stats::{Counters, LatencyKind, LatencySet};

pub fn scenario(shards: u32) -> Scenario {
    Scenario {
        broker: "mqtt://127.0.0.1:1883".into(),
        mqtt_version: "5".into(),
        qos: 1,
        publishers: 4,
        subscribers: 4,
        topic: "bench/%i".into(),
        filter: "bench/%i".into(),
        payload_size: 64,
        rate: 1000.0,
        inflight: 64,
        warmup_s: 1.0,
        duration_s: Some(10.0),
        count: None,
        shards,
        mode: "pubsub".into(),
        retain: false,
        shared: None,
        connect_rate: None,
        subscriber_delay_s: None,
        connections: None,
        hold_s: None,
        churn: false,
        preset: None,
    }
}

/// A report whose e2e histogram holds exactly `e2e_ns` and whose counters
/// are derived from it.
pub fn report(e2e_ns: &[u64], shard: Option<ShardId>) -> Report {
    let mut latencies = LatencySet::default();
    for &value in e2e_ns {
        latencies.record_ns(LatencyKind::E2e, value);
        latencies.record_ns(LatencyKind::E2eService, value / 2);
        latencies.record_ns(LatencyKind::PubAck, value / 3);
        latencies.record_ns(LatencyKind::ScheduleLag, value / 100);
    }
    latencies.record(LatencyKind::Connect, Duration::from_micros(800));
    let count = e2e_ns.len() as u64;
    let counters = Counters {
        sent: count,
        completed: count,
        received: count,
        bytes_sent: count * 64,
        bytes_received: count * 64,
        ..Counters::default()
    };
    let mut errors = ErrorCounts::default();
    errors.record_code(Stage::Publish, 0x10);
    let self_check = SelfCheck::evaluate(&SelfCheckInput {
        cpu_seconds: Some(2.0),
        wall_seconds: 11.0,
        cores: 2,
        paced: true,
        lag_p99: Some(Duration::from_micros(30)),
        sends: count,
        late_sends: 0,
        window_blocked: 0,
    });
    let series = vec![IntervalRow {
        elapsed_s: 1.0,
        phase: Phase::Measure,
        sent: count,
        completed: count,
        received: count,
        errors: 0,
        late_sends: 0,
        send_rate: count as f64,
        recv_rate: count as f64,
        inflight: 3,
        e2e_p50_us: Some(12.5),
        e2e_p99_us: Some(40.0),
        e2e_max_us: None,
        lag_p99_us: Some(0.5),
    }];
    let shards = shard.map_or(1, |shard| shard.count);
    Report::build(ReportParts {
        config: scenario(shards),
        context: RunContext::local(1_777_636_800_000_000_000, 10.0, shard),
        counters,
        warmup: Default::default(),
        latencies: &latencies,
        delivery: DeliveryCounts { flows: 4, received: count, ..DeliveryCounts::default() },
        errors: errors.entries(),
        self_check,
        series,
    })
    .expect("fixture report builds")
}
