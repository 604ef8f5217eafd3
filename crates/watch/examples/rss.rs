//! Memory of the aggregation core with N distinct topics (BENCHMARKS.md,
//! "watch"): records `messages_per_topic` messages on each of `topics`
//! topics and prints the process's resident set size.
//!
//! `cargo run --release -p mqtt-watch --example rss -- TOPICS [HISTORY] [MESSAGES_PER_TOPIC]`

use std::time::{Duration, Instant};

use mqtt_watch::{value, Incoming, Settings, TopicTree};

fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<usize>().expect("a number"));
    let topics = args.next().unwrap_or(100_000);
    let history = args.next().unwrap_or(Settings::default().history);
    let per_topic = args.next().unwrap_or(10);
    let settings = Settings { max_topics: topics, history, ..Settings::default() };
    let mut tree = TopicTree::new(settings);
    let started = Instant::now();
    let mut name = String::new();
    for round in 0..per_topic {
        for n in 0..topics {
            use std::fmt::Write;
            name.clear();
            write!(name, "site/{}/line{}/sensor{n}", n % 10, n % 1000).unwrap();
            let payload = format!("{}.{round} °C", 20 + n % 7);
            let message = Incoming {
                topic: &name,
                payload: payload.as_bytes(),
                value: value::text_number(payload.as_bytes()),
                ..Incoming::default()
            };
            tree.record(Duration::from_millis(round as u64), message);
        }
    }
    let elapsed = started.elapsed();
    let messages = tree.totals().counts.messages;
    println!(
        "topics {} history {history} messages {messages} in {:.2}s ({:.0} msg/s incl. formatting) rss {}",
        tree.totals().topics,
        elapsed.as_secs_f64(),
        messages as f64 / elapsed.as_secs_f64(),
        rss()
    );
}

/// VmRSS from /proc (Linux).
fn rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .map(|line| line[6..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
