//! The aggregation core at the goal's shape: messages spread over 10,000
//! topics of four levels, each with a short numeric payload (BENCHMARKS.md,
//! "watch"). Run with `cargo bench -p mqtt-watch`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mqtt_watch::{value, Incoming, Settings, TopicTree};

const TOPICS: usize = 10_000;
const BATCH: usize = 100_000;

fn topics() -> Vec<String> {
    (0..TOPICS).map(|n| format!("site/{}/line{}/sensor{n}", n % 10, n % 100)).collect()
}

fn record(c: &mut Criterion) {
    let topics = topics();
    let payloads: Vec<String> = (0..97).map(|n| format!("{}.{} °C", 20 + n % 7, n)).collect();
    let mut tree = TopicTree::new(Settings::default());
    let mut now = Duration::ZERO;
    let mut group = c.benchmark_group("watch");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("record 100k messages over 10k topics", |b| {
        b.iter(|| {
            for n in 0..BATCH {
                let payload = payloads[n % payloads.len()].as_bytes();
                let message = Incoming {
                    topic: &topics[(n * 7919) % TOPICS],
                    payload,
                    qos: 0,
                    retain: false,
                    value: value::text_number(payload),
                    properties: Vec::new(),
                };
                tree.record(now, message);
            }
            now += Duration::from_secs(1);
            black_box(tree.tick(now));
        })
    });
    group.finish();
}

criterion_group!(benches, record);
criterion_main!(benches);
