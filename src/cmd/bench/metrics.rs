//! `--metrics-listen ADDR:PORT`: the run's figures for Prometheus, over
//! HTTP, while it runs.
//!
//! Policy: the listener is bound before any connection to the broker (a
//! port in use is a usage error, exit 2, not a surprise halfway through),
//! and its address is said on stderr. The text is rendered once a second
//! by the collector (`mqtt_bench::export::prometheus`) and handed out as it
//! stands, so a scrape costs the run nothing. `GET /metrics` answers 200,
//! anything else 404; each connection serves one request and closes, and a
//! client that sends nothing is dropped after a few seconds. The server is
//! a dozen lines on the runtime's own TCP listener, not a web framework.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::cmd::bench::plan::CommonPlan;
use crate::exit::{coded, Exit};
use mqtt_bench::config::Scenario;
use mqtt_bench::export::prometheus::{render, Labels, Snapshot};

/// How long a scraper may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// The most of a request that is read (the request line is all we need).
const REQUEST_LIMIT: usize = 8 * 1024;

/// Where the collector puts the text the server hands out.
#[derive(Clone)]
pub struct MetricsBoard {
    labels: Labels,
    text: Arc<Mutex<String>>,
}

impl MetricsBoard {
    /// Binds `address` and serves the board from now on (inside the runtime).
    pub fn serve(address: SocketAddr, labels: Labels) -> anyhow::Result<MetricsBoard> {
        let listener = std::net::TcpListener::bind(address)
            .and_then(|listener| listener.set_nonblocking(true).map(|()| listener))
            .and_then(TcpListener::from_std)
            .map_err(|err| coded(Exit::Usage, format!("--metrics-listen {address}: {err}")))?;
        let bound = listener.local_addr().unwrap_or(address);
        diag!("mqtt: bench: metrics at http://{bound}/metrics");
        let board = MetricsBoard { labels, text: Arc::new(Mutex::new(String::new())) };
        tokio::spawn(accept(listener, board.text.clone()));
        Ok(board)
    }

    /// Renders `snapshot` for the next scrapes.
    pub fn update(&self, snapshot: &Snapshot<'_>) {
        let text = render(&self.labels, snapshot);
        *self.text.lock().unwrap_or_else(PoisonError::into_inner) = text;
    }
}

async fn accept(listener: TcpListener, text: Arc<Mutex<String>>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        tokio::spawn(answer(stream, text.clone()));
    }
}

/// Reads one request head and answers it.
async fn answer(mut stream: TcpStream, text: Arc<Mutex<String>>) {
    let mut request = Vec::with_capacity(512);
    let read = tokio::time::timeout(REQUEST_TIMEOUT, async {
        let mut chunk = [0u8; 1024];
        while !request.windows(4).any(|window| window == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return false,
                Ok(count) => request.extend_from_slice(&chunk[..count]),
            }
            if request.len() > REQUEST_LIMIT {
                return false;
            }
        }
        true
    })
    .await;
    if read != Ok(true) {
        return;
    }
    let line = request.split(|byte| *byte == b'\n').next().unwrap_or_default();
    let metrics = line.starts_with(b"GET /metrics ") || line.starts_with(b"GET /metrics?");
    let (status, body) = if metrics {
        ("200 OK", text.lock().unwrap_or_else(PoisonError::into_inner).clone())
    } else {
        ("404 Not Found", "not found: the metrics are at /metrics\n".to_string())
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// The board `--metrics-listen` asks for, labelled with the shard and the
/// scenario (its preset, else its mode); `None` without the flag.
pub fn board_for(common: &CommonPlan, scenario: &Scenario) -> anyhow::Result<Option<MetricsBoard>> {
    let Some(address) = common.metrics_listen else { return Ok(None) };
    let shard =
        common.shard.map_or("0/1".to_string(), |shard| format!("{}/{}", shard.index, shard.count));
    let name = scenario.preset.clone().unwrap_or_else(|| scenario.mode.clone());
    MetricsBoard::serve(address, Labels { shard, scenario: name }).map(Some)
}
