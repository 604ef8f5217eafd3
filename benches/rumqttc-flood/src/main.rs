//! rumqttc flood: one publisher and one subscriber, 64-byte payloads by
//! default, prints delivered messages, msg/s and this process's CPU seconds.
//!
//! usage: rumqttc-flood PORT QOS COUNT [SIZE]

use std::time::{Duration, Instant};

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct we pass; no other invariants.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = args[1].parse().unwrap();
    let qos = match args[2].as_str() {
        "0" => QoS::AtMostOnce,
        "1" => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    };
    let count: usize = args[3].parse().unwrap();
    let size: usize = args.get(4).map(|s| s.parse().unwrap()).unwrap_or(64);
    let topic = format!("flood/{}", std::process::id());

    let mut sub_options = MqttOptions::new(format!("flood-sub-{}", std::process::id()), "127.0.0.1", port);
    sub_options.set_keep_alive(Duration::from_secs(60)).set_inflight(1000).set_max_packet_size(1 << 20, 1 << 20);
    let (sub, mut sub_loop) = AsyncClient::new(sub_options, 100_000);
    sub.subscribe(&topic, qos).await.unwrap();
    loop {
        if let Event::Incoming(Packet::SubAck(_)) = sub_loop.poll().await.unwrap() {
            break;
        }
    }

    let mut pub_options = MqttOptions::new(format!("flood-pub-{}", std::process::id()), "127.0.0.1", port);
    pub_options.set_keep_alive(Duration::from_secs(60)).set_inflight(1000).set_max_packet_size(1 << 20, 1 << 20);
    let (publisher, mut pub_loop) = AsyncClient::new(pub_options, 100_000);
    let payload = vec![b'x'; size];

    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let pub_task = tokio::spawn(async move {
        let producer = tokio::spawn(async move {
            for _ in 0..count {
                publisher.publish(topic.as_str(), qos, false, payload.clone()).await.unwrap();
            }
            publisher
        });
        let mut acked = 0usize;
        loop {
            match pub_loop.poll().await {
                Ok(Event::Incoming(Packet::PubAck(_))) | Ok(Event::Incoming(Packet::PubComp(_))) => {
                    acked += 1;
                    if acked == count {
                        break;
                    }
                }
                Ok(Event::Outgoing(rumqttc::Outgoing::Publish(_))) if qos == QoS::AtMostOnce => {
                    acked += 1;
                    if acked == count {
                        // Flush the last writes before stopping the loop.
                        let _ = tokio::time::timeout(Duration::from_millis(200), pub_loop.poll()).await;
                        break;
                    }
                }
                Ok(_) => {}
                Err(err) => panic!("publisher: {err}"),
            }
        }
        producer.await.unwrap()
    });

    let mut received = 0usize;
    let mut last_received = start;
    let deadline = Duration::from_secs(120);
    while received < count {
        match tokio::time::timeout(Duration::from_secs(5), sub_loop.poll()).await {
            Ok(Ok(Event::Incoming(Packet::Publish(_)))) => {
                received += 1;
                last_received = Instant::now();
            }
            Ok(Ok(_)) => {}
            Ok(Err(err)) => panic!("subscriber: {err}"),
            Err(_) => break, // nothing for 5 s: the rest is lost (QoS 0)
        }
        if start.elapsed() > deadline {
            break;
        }
    }
    let elapsed = (last_received - start).as_secs_f64();
    let _ = pub_task.await;
    let cpu = cpu_seconds() - cpu_start;
    println!(
        "rumqttc qos={} sent={count} received={received} elapsed={elapsed:.3}s rate={:.0} msg/s client_cpu={cpu:.2}s cpu_us_per_msg={:.2}",
        args[2],
        received as f64 / elapsed,
        cpu * 1e6 / received.max(1) as f64
    );
}
