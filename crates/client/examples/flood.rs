//! Throughput of one publisher and one subscriber through a broker.
//!
//! ```text
//! cargo run --release -p mqtt-client --example flood -- [--host H] [--port P]
//!     [--count N] [--qos 0|1|2] [--size BYTES] [--version 3.1|3.1.1|5]
//!     [--threads N] [--inflight N]
//! ```
//!
//! Start the broker with `max_queued_messages` raised (for example
//! 1000000): with mosquitto's default of 1000, a subscriber that falls
//! behind loses QoS 1/2 messages at the broker ("Outgoing messages are
//! being dropped"), and the run stops after five seconds without messages.
//!
//! Both clients live in this process on a runtime with `--threads` workers
//! (default 2; 1 runs everything on the main thread). The
//! publisher sends `count` messages of `size` bytes as fast as the client
//! lets it (QoS 1/2 limited by the in-flight window; handles are dropped,
//! delivery is counted at the subscriber). Prints messages per second from
//! the first publish to the last message received, and the process CPU
//! time (user + system, from getrusage).

use std::time::{Duration, Instant};

use bytes::Bytes;
use mqtt_client::{
    connect, BrokerUrl, ConnectOptions, Event, OutgoingPublish, ProtocolVersion, QoS,
    SubscribeProperties, SubscriptionOptions, Topic, TopicFilter, TransportOptions,
};

struct Args {
    host: String,
    port: u16,
    count: u64,
    qos: QoS,
    size: usize,
    version: ProtocolVersion,
    /// Runtime worker threads; 1 runs everything on the main thread.
    threads: usize,
    /// Outbound window (`--inflight`), default: the client's.
    inflight: Option<u16>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 1883,
        count: 200_000,
        qos: QoS::AtMostOnce,
        size: 64,
        version: ProtocolVersion::V5,
        threads: 2,
        inflight: None,
    };
    let mut words = std::env::args().skip(1);
    while let Some(flag) = words.next() {
        let value = words.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |what: &str| format!("{flag}: invalid {what} {value:?}");
        match flag.as_str() {
            "--host" => args.host = value,
            "--port" => args.port = value.parse().map_err(|_| bad("port"))?,
            "--count" => args.count = value.parse().map_err(|_| bad("count"))?,
            "--qos" => {
                args.qos = value
                    .parse::<u8>()
                    .ok()
                    .and_then(|level| QoS::try_from(level).ok())
                    .ok_or_else(|| bad("QoS"))?
            }
            "--size" => args.size = value.parse().map_err(|_| bad("size"))?,
            "--threads" => args.threads = value.parse().map_err(|_| bad("thread count"))?,
            "--inflight" => args.inflight = Some(value.parse().map_err(|_| bad("window"))?),
            "--version" => {
                args.version = match value.as_str() {
                    "5" => ProtocolVersion::V5,
                    "3.1.1" | "311" => ProtocolVersion::V3_1_1,
                    "3.1" | "31" => ProtocolVersion::V3_1,
                    _ => return Err(bad("version")),
                }
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

/// User + system CPU time of this process.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time =
        |value: libc::timeval| Duration::new(value.tv_sec as u64, value.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn options(args: &Args) -> Result<ConnectOptions, Box<dyn std::error::Error>> {
    let url = BrokerUrl::parse(&format!("mqtt://{}:{}", args.host, args.port))?;
    let mut options = ConnectOptions::new(TransportOptions::new(url));
    options.protocol = args.version;
    options.max_inflight = args.inflight;
    Ok(options)
}

const USAGE: &str = "usage: flood [--host H] [--port P] [--count N] [--qos 0|1|2] [--size BYTES] \
                     [--version 3.1|3.1.1|5] [--threads N] [--inflight N]";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args().map_err(|error| format!("{error}\n{USAGE}"))?;
    let runtime = if args.threads <= 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(args.threads)
            .enable_all()
            .build()?
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let topic_text = format!("flood/{}", std::process::id());
    let (subscriber, mut events) = connect(options(&args)?).await?;
    let filter = TopicFilter::try_from(topic_text.as_str())?;
    subscriber
        .subscribe(
            vec![(filter, SubscriptionOptions::new(args.qos))],
            SubscribeProperties::default(),
        )
        .await?;
    let (publisher, _publisher_events) = connect(options(&args)?).await?;

    let topic = Topic::try_from(topic_text.as_str())?;
    let payload = Bytes::from(vec![b'x'; args.size]);
    let (count, qos) = (args.count, args.qos);
    let cpu_before = cpu_time();
    let started = Instant::now();
    let sending = tokio::spawn(async move {
        for _ in 0..count {
            // The handle is dropped: delivery is counted at the subscriber.
            publisher.publish(OutgoingPublish::new(topic.clone(), payload.clone(), qos)).await?;
        }
        Ok::<_, mqtt_client::ClientError>((started.elapsed(), publisher))
    });

    let mut received = 0u64;
    let mut last = started.elapsed();
    let mut batch = Vec::with_capacity(256);
    while received < count {
        // A QoS 0 message the broker dropped never comes: stop after a
        // five seconds of silence instead of waiting forever.
        match tokio::time::timeout(Duration::from_secs(5), events.recv_many(&mut batch, 256)).await
        {
            Ok(0) => return Err("the subscriber's connection closed".into()),
            Ok(_) => {
                for event in batch.drain(..) {
                    match event {
                        Event::Message(_) => received += 1,
                        other => return Err(format!("unexpected event: {other:?}").into()),
                    }
                }
                last = started.elapsed();
            }
            Err(_) => break,
        }
    }
    let (sent_in, publisher) = sending.await??;
    let cpu = cpu_time() - cpu_before;
    println!(
        "qos {} size {} version {} threads {}: sent {count} in {:.3} s, received {received} in {:.3} s: {:.0} msg/s, cpu {:.3} s ({:.2} µs/msg)",
        qos.level(),
        args.size,
        args.version,
        args.threads,
        sent_in.as_secs_f64(),
        last.as_secs_f64(),
        received as f64 / last.as_secs_f64(),
        cpu.as_secs_f64(),
        cpu.as_secs_f64() * 1e6 / received.max(1) as f64,
    );
    publisher.disconnect(Default::default()).await?;
    subscriber.disconnect(Default::default()).await?;
    Ok(())
}
