//! Opening the bench's connections: one prepared transport `Connector`
//! shared by all of them (one per `-A` local address, taken in turn, so a
//! host can open more connections than one address has ephemeral ports),
//! `--connect-rate` pacing, at most `--connect-concurrency` handshakes at
//! once, and connect timings and failures recorded by phase and reason.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use mqtt_client::{
    connect_with, Client, ClientError, ConnAckInfo, ConnectOptions, Connector, Events,
    TransportError,
};
use tokio::sync::Semaphore;

use crate::cmd::bench::plan::{ClientIds, Role};
use crate::cmd::bench::timer::PreciseTimer;
use crate::cmd::bench::workers::{Registry, WorkerStats};
use mqtt_bench::errors::Stage;
use mqtt_bench::recorder::ConnectTimes;
use mqtt_bench::schedule::Rate;

/// Opens connections for every role.
pub struct Dialer {
    /// One connector per `-A` address (one without `-A`), and how many
    /// connections each opened.
    connectors: Vec<(Connector, AtomicU64)>,
    bind_addresses: Vec<IpAddr>,
    next_connector: AtomicU64,
    template: ConnectOptions,
    ids: ClientIds,
    registry: Arc<Registry>,
    timer: PreciseTimer,
    period: Option<Duration>,
    /// When the first paced connection started.
    origin: OnceLock<Instant>,
    next_slot: AtomicU64,
    gate: Semaphore,
}

impl Dialer {
    /// Prepares the transport (reading CA files once) for all connections.
    pub fn new(
        template: ConnectOptions,
        bind_addresses: &[IpAddr],
        ids: ClientIds,
        rate: Rate,
        concurrency: usize,
        registry: Arc<Registry>,
        timer: PreciseTimer,
    ) -> Result<Dialer, ClientError> {
        let connector = Connector::new(&template.transport)?;
        let connectors = match bind_addresses {
            [] => vec![(connector, AtomicU64::new(0))],
            list => list
                .iter()
                .map(|address| (connector.with_bind_address(Some(*address)), AtomicU64::new(0)))
                .collect(),
        };
        Ok(Dialer {
            connectors,
            bind_addresses: bind_addresses.to_vec(),
            next_connector: AtomicU64::new(0),
            template,
            ids,
            registry,
            timer,
            period: rate.period(),
            origin: OnceLock::new(),
            next_slot: AtomicU64::new(0),
            gate: Semaphore::new(concurrency.max(1)),
        })
    }

    /// Opens connection `index` of `role`, after `adjust` has tuned its
    /// options. Timings and failures are recorded; the error is returned
    /// for the caller to decide.
    pub async fn dial(
        &self,
        role: Role,
        index: u32,
        adjust: impl FnOnce(&mut ConnectOptions),
    ) -> Result<(Client, Events), ClientError> {
        if let Some(period) = self.period {
            let slot = self.next_slot.fetch_add(1, Ordering::Relaxed);
            let origin = *self.origin.get_or_init(Instant::now);
            self.timer.sleep_until(origin + period.mul_f64(slot as f64)).await;
        }
        let _permit = self.gate.acquire().await.map_err(|_| ClientError::Closed)?;
        let mut options = self.template.clone();
        options.client_id = Some(self.ids.id(role, index));
        adjust(&mut options);
        let turn = self.next_connector.fetch_add(1, Ordering::Relaxed);
        let (connector, opened) = &self.connectors[(turn % self.connectors.len() as u64) as usize];
        let started = Instant::now();
        // Boxed so the tasks that dial stay small: inline, the connect
        // machinery (TLS, WebSocket) would sit in each of thousands of
        // task allocations for as long as the task lives.
        let result = Box::pin(connect_with(connector.clone(), options)).await;
        let total = started.elapsed();
        if result.is_ok() {
            opened.fetch_add(1, Ordering::Relaxed);
        }
        self.registry.with(|stats| match &result {
            Ok((client, _)) => stats.recorder.on_connect(&connect_times(&client.connack(), total)),
            Err(error) => record_error(stats, Stage::Connect, error, true),
        });
        result
    }
}

impl Dialer {
    /// A side connection that is not part of the measurement (the
    /// `$SYS/broker/version` probe): no pacing, nothing recorded.
    pub async fn probe(&self) -> Result<(Client, Events), ClientError> {
        let mut options = self.template.clone();
        options.client_id = Some(format!("{}-sys", self.ids.id(Role::Connection, 0)));
        options.clean_start = true;
        options.session_expiry = None;
        connect_with(self.connectors[0].0.clone(), options).await
    }

    /// Connections opened from each `-A` address (empty without `-A`).
    pub fn per_address(&self) -> Vec<(String, u64)> {
        self.bind_addresses
            .iter()
            .zip(&self.connectors)
            .map(|(address, (_, opened))| (address.to_string(), opened.load(Ordering::Relaxed)))
            .collect()
    }

    /// `mqtt: bench: connections per local address: 127.0.0.2 50, …`,
    /// when `-A` gave addresses.
    pub fn per_address_line(&self) -> Option<String> {
        if self.bind_addresses.is_empty() {
            return None;
        }
        let counts: Vec<String> = self
            .bind_addresses
            .iter()
            .zip(&self.connectors)
            .map(|(address, (_, opened))| format!("{address} {}", opened.load(Ordering::Relaxed)))
            .collect();
        Some(format!("mqtt: bench: connections per local address: {}", counts.join(", ")))
    }
}

/// The phases of a connect, from the transport's timings.
fn connect_times(connack: &ConnAckInfo, total: Duration) -> ConnectTimes {
    let Some(transport) = &connack.transport else {
        return ConnectTimes { total, ..ConnectTimes::default() };
    };
    let before_connect = transport.dns_lookup
        + transport.tcp_connect
        + transport.tls_handshake.unwrap_or_default()
        + transport.ws_handshake.unwrap_or_default();
    ConnectTimes {
        tcp: Some(transport.tcp_connect),
        tls: transport.tls_handshake,
        connack: Some(total.saturating_sub(before_connect)),
        total,
    }
}

/// Records a client error under its reason code or a short label.
pub fn record_error(stats: &mut WorkerStats, stage: Stage, error: &ClientError, measured: bool) {
    match error {
        ClientError::Refused { reason_code, .. } => {
            stats.code(Stage::Connect, reason_code.code(), measured)
        }
        ClientError::Disconnected { reason_code, .. } => {
            stats.code(Stage::Disconnect, reason_code.code(), measured)
        }
        other => {
            let (stage, label) = classify(stage, other);
            stats.failure(stage, &label, measured);
        }
    }
}

/// The stage and label of an error without a reason code.
fn classify(stage: Stage, error: &ClientError) -> (Stage, String) {
    match error {
        ClientError::Transport(transport) => match &**transport {
            TransportError::Timeout { .. } => (Stage::Timeout, "connect timeout".into()),
            TransportError::Resolve { .. } => (stage, "DNS lookup failed".into()),
            TransportError::Connect { source, .. } => (Stage::Transport, source.kind().to_string()),
            TransportError::TlsHandshake { .. } => {
                (Stage::Transport, "TLS handshake failed".into())
            }
            TransportError::WebSocketHandshake { .. }
            | TransportError::WebSocketSubprotocol { .. } => {
                (Stage::Transport, "WebSocket handshake failed".into())
            }
            _ => (stage, "transport setup failed".into()),
        },
        ClientError::Io(io) => (Stage::Transport, io.kind().to_string()),
        ClientError::ConnectTimeout(_) => (Stage::Timeout, "no CONNACK in time".into()),
        ClientError::ConnectionClosed => (Stage::Transport, "closed by the broker".into()),
        ClientError::KeepAliveTimeout(_) => (Stage::Timeout, "keep-alive timeout".into()),
        ClientError::Protocol(_) | ClientError::Decode(_) => {
            (Stage::Transport, "protocol error".into())
        }
        ClientError::Closed => (stage, "client closed".into()),
        // Refused before sending, the same way for every message of a run:
        // the whole message says what to change.
        ClientError::PacketTooLarge { .. }
        | ClientError::QoSNotSupported { .. }
        | ClientError::RetainNotSupported => (stage, error.to_string()),
        _ => (stage, "client error".into()),
    }
}

/// Runs each setup on a task of its own, at most `limit` at a time, calling
/// `done` with the number finished so far, and returns the outputs in the
/// order of `setups`. Setups are taken from the iterator only as they
/// start: spawning (or even building) every connection's setup at once
/// would allocate every connect state machine up front, and the allocator
/// keeps that memory after they end; `--connect-concurrency` of them run at
/// once anyway.
pub async fn in_turn<F>(
    setups: impl IntoIterator<Item = F>,
    limit: usize,
    mut done: impl FnMut(usize),
) -> anyhow::Result<Vec<F::Output>>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut pending = setups.into_iter().enumerate();
    let mut running = tokio::task::JoinSet::new();
    let mut outputs: Vec<(usize, F::Output)> = Vec::new();
    loop {
        while running.len() < limit.max(1) {
            let Some((position, setup)) = pending.next() else { break };
            running.spawn(async move { (position, setup.await) });
        }
        match running.join_next().await {
            Some(finished) => {
                outputs.push(finished?);
                done(outputs.len());
            }
            None => break,
        }
    }
    outputs.sort_unstable_by_key(|(position, _)| *position);
    Ok(outputs.into_iter().map(|(_, output)| output).collect())
}

#[cfg(test)]
mod tests {
    use mqtt_client::ConnectReasonCode;

    use super::*;
    use mqtt_bench::errors::ErrorCounts;
    use mqtt_bench::recorder::{MeasureWindow, Recorder};

    #[test]
    fn errors_are_keyed_by_code_or_label() {
        let registry = Registry::new(MeasureWindow { start_ns: 0, end_ns: None });
        registry.with(|stats| {
            let refused = ClientError::Refused {
                reason_code: ConnectReasonCode::NotAuthorized,
                reason_string: None,
            };
            record_error(stats, Stage::Connect, &refused, true);
            record_error(stats, Stage::Transport, &ClientError::ConnectionClosed, true);
            let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
            record_error(stats, Stage::Transport, &ClientError::Io(Arc::new(reset)), true);
            let large = ClientError::PacketTooLarge { packet: "PUBLISH", size: 213, maximum: 100 };
            record_error(stats, Stage::Publish, &large, true);
        });
        let mut recorder = Recorder::new(MeasureWindow { start_ns: 0, end_ns: None });
        let mut errors = ErrorCounts::default();
        registry.collect(&mut recorder, &mut errors).unwrap();
        let reasons: Vec<String> = errors.entries().into_iter().map(|e| e.reason).collect();
        assert_eq!(
            reasons,
            [
                "0x87",
                "PUBLISH of 213 bytes exceeds the broker's maximum packet size of 100 bytes",
                "closed by the broker",
                "connection reset",
            ]
        );
        assert_eq!(recorder.total().counters.errors, 4);
    }
}
