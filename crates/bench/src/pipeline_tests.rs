//! The measurement core end to end, without a network: pacers drive sends
//! on synthetic time, payloads are encoded and decoded, a simulated broker
//! delivers (with one loss, one duplicate and a generator stall), and the
//! recorder, delivery tracker, report, `--fail-if` and exporters see it all.
//! This is the call sequence the runner will follow.

use std::time::{Duration, Instant};

use crate::clock::RunClock;
use crate::delivery::DeliveryTracker;
use crate::errors::ErrorCounts;
use crate::export::csv::CsvExporter;
use crate::export::json::JsonExporter;
use crate::export::table::TableExporter;
use crate::export::Exporter;
use crate::fail_if;
use crate::fixtures;
use crate::payload::{check_size, PayloadHeader};
use crate::recorder::{MeasureWindow, Phase, Recorder};
use crate::report::{Report, ReportParts, RunContext};
use crate::schedule::{Limit, Pacer, Plan, Rate, Slot};
use crate::selfmon::{SelfCheck, SelfCheckInput};
use crate::stats::LatencyKind;

const NETWORK: Duration = Duration::from_micros(200);
const ACK: Duration = Duration::from_micros(150);
const STALL_FROM: Duration = Duration::from_millis(300);
const STALL_UNTIL: Duration = Duration::from_millis(320);

#[derive(Clone)]
struct Delivery {
    at: Instant,
    payload: Vec<u8>,
}

#[test]
fn a_simulated_run_is_measured_and_reported_correctly() {
    let t0 = Instant::now();
    let clock = RunClock::from_parts(t0, 1_777_636_800_000_000_000);
    let size = check_size(64).unwrap();
    let publishers = 2u32;
    let plan = Plan::new(
        Rate::PerSecond(1000.0).split(publishers),
        Duration::from_millis(100),
        Limit::Duration(Duration::from_millis(500)),
    )
    .unwrap();
    let probe = Pacer::new(plan, t0);
    let window = MeasureWindow {
        start_ns: clock.unix_ns(probe.measure_start()),
        end_ns: probe.measure_end().map(|end| clock.unix_ns(end)),
    };
    let mut recorder = Recorder::new(window);
    let mut deliveries = Vec::new();
    let mut sent_by = Vec::new();

    for publisher_id in 0..publishers {
        let mut pacer = Pacer::new(plan.staggered(publisher_id, publishers), t0);
        let mut now = t0;
        let mut buffer = vec![0u8; size];
        loop {
            // Publisher 0's generator freezes for 20 ms.
            if publisher_id == 0 && now >= t0 + STALL_FROM && now < t0 + STALL_UNTIL {
                now = t0 + STALL_UNTIL;
            }
            match pacer.next(now) {
                Slot::Wait(until) => now = until,
                Slot::Done => break,
                Slot::Send(slot) => {
                    let header = PayloadHeader {
                        publisher_id,
                        sequence: slot.sequence,
                        intended_ns: clock.unix_ns(slot.intended),
                        sent_ns: clock.unix_ns(now),
                    };
                    header.encode_header(&mut buffer).unwrap();
                    recorder.on_send(&slot, size, false);
                    recorder.on_complete(LatencyKind::PubAck, slot.measured, ACK);
                    deliveries.push(Delivery { at: now + NETWORK, payload: buffer.clone() });
                }
            }
        }
        sent_by.push(pacer.sent());
    }

    // The "broker": drops publisher 1's message 50, duplicates publisher 0's 60.
    deliveries.sort_by_key(|delivery| delivery.at);
    let header_of = |delivery: &Delivery| PayloadHeader::decode(&delivery.payload).unwrap();
    deliveries.retain(|d| (header_of(d).publisher_id, header_of(d).sequence) != (1, 50));
    let duplicate =
        deliveries.iter().find(|d| (header_of(d).publisher_id, header_of(d).sequence) == (0, 60));
    deliveries.push(duplicate.cloned().unwrap());
    deliveries.push(Delivery { at: t0, payload: b"someone else's message".to_vec() });

    let mut tracker = DeliveryTracker::default();
    for publisher_id in 0..publishers {
        tracker.expect(publisher_id);
    }
    for delivery in &deliveries {
        let Some(header) = PayloadHeader::decode(&delivery.payload) else { continue };
        let arrival = tracker.receive(header.publisher_id, header.sequence);
        recorder.on_delivery(&header, clock.unix_ns(delivery.at), delivery.payload.len(), arrival);
    }
    tracker.finish(|publisher_id| sent_by.get(publisher_id as usize).copied());
    let row = recorder.end_interval(
        Duration::from_millis(700),
        Duration::from_millis(700),
        Phase::Drain,
        0,
    );
    assert_eq!(row.sent, sent_by.iter().sum::<u64>(), "the interval saw warmup sends too");

    let total = recorder.total().clone();
    let lag_p99 = total
        .latencies
        .get(LatencyKind::ScheduleLag)
        .map(|h| Duration::from_nanos(h.value_at_quantile(0.99)));
    let self_check = SelfCheck::evaluate(&SelfCheckInput {
        cpu_seconds: None,
        wall_seconds: 0.7,
        cores: 2,
        paced: true,
        lag_p99,
        sends: total.counters.sent,
        late_sends: total.counters.late_sends,
        window_blocked: total.counters.window_blocked,
    });
    let mut report = Report::build(ReportParts {
        config: fixtures::scenario(1),
        context: RunContext::local(clock.origin_unix_ns(), 0.5, None),
        counters: total.counters,
        warmup: recorder.warmup(),
        latencies: &total.latencies,
        delivery: tracker.counts(),
        errors: ErrorCounts::default().entries(),
        self_check,
        series: vec![row],
    })
    .unwrap();

    // 500 msg/s per publisher over a 0.5 s window: 250 each.
    assert_eq!(report.totals.counters.sent, 500);
    assert_eq!(report.totals.send_rate, 1000.0);
    assert_eq!(report.totals.counters.completed, 500);
    assert_eq!(report.totals.counters.received, 499, "one lost, the duplicate not counted");
    let delivery = &report.delivery.counts;
    assert_eq!(
        (delivery.flows, delivery.lost, delivery.duplicates, delivery.reordered),
        (2, 1, 1, 0)
    );
    assert!(!report.verdict.passed);
    assert_eq!(report.verdict.failures, ["1 message(s) lost at QoS 1"]);

    // Coordinated omission: the stall shows in latency from the intended
    // send time, not in the service time measured from the actual send.
    let e2e = &report.latency["e2e"];
    let service = &report.latency["e2e_service"];
    assert!(e2e.max_us >= 19_000.0, "{e2e:?}");
    assert!(service.max_us < 250.0, "{service:?}");
    assert!(report.latency["schedule_lag"].max_us >= 19_000.0);
    assert!(report.self_check.late_sends > 0);
    assert!(report.self_check.generator_limited, "lag p99 > 1 ms with room in the window");

    let conditions =
        fail_if::parse("p99 < 1ms, e2e_service_p99 < 1ms, loss == 0, duplicates == 1").unwrap();
    let outcomes = fail_if::evaluate(&conditions, &report).unwrap();
    let passed: Vec<bool> = outcomes.iter().map(|outcome| outcome.passed).collect();
    assert_eq!(passed, [false, true, false, true]);
    report.apply_checks(outcomes);

    let json = JsonExporter::default().render(&report).unwrap();
    assert_eq!(Report::from_json(&json).unwrap(), report);
    let table = String::from_utf8(TableExporter.render(&report).unwrap()).unwrap();
    assert!(table.contains("WARNING: the load generator was the bottleneck"), "{table}");
    let csv = String::from_utf8(CsvExporter.render(&report).unwrap()).unwrap();
    assert!(csv.lines().nth(1).unwrap().starts_with("0.700,drain,"), "{csv}");
}
