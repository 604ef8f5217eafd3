//! Starting and stopping the embedded broker (the `mqtt5` crate's
//! `MqttBroker`), for `mqtt serve` and for other commands that want a
//! broker in-process (`mqtt bench --embedded`).
//!
//! Policy: sessions, queued messages and retained messages live in memory
//! only (nothing is written to disk, nothing survives a restart). Every
//! listener binds before [`start`] returns, port 0 gets a free port, and the
//! addresses actually bound are reported. A listener that cannot be bound is
//! an error, never a warning: a dev broker silently missing its TLS port
//! wastes more time than one that refuses to start. Dropping the
//! [`ShutdownHandle`] stops the broker.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context};
use mqtt5::broker::config::{StorageBackend, StorageConfig, TlsConfig, WebSocketConfig};
use mqtt5::broker::{BrokerConfig, BrokerShutdownHandle, MqttBroker};
use tokio::task::JoinHandle;

use self::auth::AccessProvider;

pub use self::auth::Access;
pub use self::password_file::PasswordFile;

mod auth;
mod password_file;
use crate::exit::{CodedError, Exit};

/// The WebSocket path the broker serves (MQTT.js and MQTTX use it too).
pub const WS_PATH: &str = "/mqtt";

/// A TLS listener: its port and its PEM certificate chain and key.
#[derive(Clone, Debug)]
pub struct TlsListener {
    /// Port to bind (0: any free port).
    pub port: u16,
    /// PEM certificate chain, leaf first.
    pub cert: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// What to start.
#[derive(Debug)]
pub struct BrokerOptions {
    /// Address every listener binds to.
    pub bind: IpAddr,
    /// Plain MQTT port (0: any free port).
    pub port: u16,
    /// Optional MQTT over TLS listener.
    pub tls: Option<TlsListener>,
    /// Optional MQTT over WebSocket port (path [`WS_PATH`]).
    pub ws_port: Option<u16>,
    /// Who may connect.
    pub access: Access,
    /// The largest packet accepted, announced in MQTT 5 CONNACKs.
    pub max_packet_size: u32,
}

/// The largest Maximum Packet Size a CONNACK may announce (mqtt5's
/// default, 268435456, is one more than MQTT allows: paho refuses it).
pub const MAX_PACKET_SIZE: u32 = crate::cli::serve::MAX_PACKET_SIZE;

impl BrokerOptions {
    /// A plain listener on `bind`, open to everyone.
    pub fn plain(bind: SocketAddr) -> BrokerOptions {
        BrokerOptions {
            bind: bind.ip(),
            port: bind.port(),
            tls: None,
            ws_port: None,
            access: Access::default(),
            max_packet_size: MAX_PACKET_SIZE,
        }
    }
}

/// The addresses a started broker listens on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listening {
    /// Plain MQTT.
    pub mqtt: SocketAddr,
    /// MQTT over TLS, if asked for.
    pub mqtts: Option<SocketAddr>,
    /// MQTT over WebSocket, if asked for.
    pub ws: Option<SocketAddr>,
}

impl Listening {
    /// One URL per listener, as our client and MQTTX accept them.
    pub fn urls(&self) -> Vec<String> {
        let mut urls = vec![format!("mqtt://{}", self.mqtt)];
        urls.extend(self.mqtts.map(|addr| format!("mqtts://{addr}")));
        urls.extend(self.ws.map(|addr| format!("ws://{addr}{WS_PATH}")));
        urls
    }
}

/// Stops a running broker: [`ShutdownHandle::shutdown`] for a graceful stop
/// that waits for the broker, or drop for a stop signal without waiting.
pub struct ShutdownHandle {
    signal: BrokerShutdownHandle,
    task: JoinHandle<mqtt5::Result<()>>,
}

impl ShutdownHandle {
    /// Asks the broker to stop (it closes its listeners and connections,
    /// waiting at most five seconds for them) and waits until it has.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        self.signal.shutdown();
        join(&mut self.task).await
    }

    /// Waits until the broker stops on its own, which only an error makes it do.
    pub async fn stopped(&mut self) -> anyhow::Result<()> {
        join(&mut self.task).await
    }
}

impl Drop for ShutdownHandle {
    fn drop(&mut self) {
        self.signal.shutdown();
    }
}

async fn join(task: &mut JoinHandle<mqtt5::Result<()>>) -> anyhow::Result<()> {
    match task.await {
        Ok(result) => result.map_err(|err| anyhow!("the broker stopped: {err}")),
        Err(err) => Err(anyhow!("the broker task failed: {err}")),
    }
}

/// Binds every listener, starts the broker on the current tokio runtime and
/// returns once it accepts connections.
pub async fn start(options: BrokerOptions) -> anyhow::Result<(Listening, ShutdownHandle)> {
    // mqtt5 builds its TLS config from the process-wide provider; make sure
    // there is exactly one (ring, as everywhere else in this workspace).
    let _already_installed = rustls::crypto::ring::default_provider().install_default();

    let mut config = BrokerConfig::default()
        .with_bind_address(SocketAddr::new(options.bind, options.port))
        .with_max_packet_size(options.max_packet_size as usize)
        .with_storage(
            StorageConfig::default().with_backend(StorageBackend::Memory).with_persistence(true),
        );
    if let Some(tls) = &options.tls {
        check_readable(&tls.cert, "--cert")?;
        check_readable(&tls.key, "--key")?;
        config = config.with_tls(
            TlsConfig::new(tls.cert.clone(), tls.key.clone())
                .with_bind_address(SocketAddr::new(options.bind, tls.port)),
        );
    }
    if let Some(port) = options.ws_port {
        config = config.with_websocket(
            WebSocketConfig::new()
                .with_bind_address(SocketAddr::new(options.bind, port))
                .with_path(WS_PATH),
        );
    }

    let broker = MqttBroker::with_config(config).await.map_err(|err| match &options.tls {
        Some(tls) => anyhow!(
            "cannot start the broker (TLS certificate {}, key {}): {err}",
            tls.cert.display(),
            tls.key.display()
        ),
        None => anyhow!("cannot start the broker: {err}"),
    })?;
    let mut broker = broker.with_auth_provider(Arc::new(AccessProvider::new(options.access)));

    let mqtt = broker.local_addr().context("the broker has no MQTT listener")?;
    // mqtt5 only logs a TLS or WebSocket listener it could not bind.
    let mqtts = match &options.tls {
        Some(tls) => {
            Some(broker.tls_local_addr().ok_or_else(|| bind_error("TLS", options.bind, tls.port))?)
        }
        None => None,
    };
    let ws = match options.ws_port {
        Some(port) => Some(
            broker.ws_local_addr().ok_or_else(|| bind_error("WebSocket", options.bind, port))?,
        ),
        None => None,
    };

    let mut ready = broker.ready_receiver();
    let signal = broker.shutdown_handle();
    let mut task = tokio::spawn(async move { broker.run().await });
    tokio::select! {
        became_ready = async { ready.wait_for(|ready| *ready).await.is_ok() } => {
            if !became_ready {
                join(&mut task).await?;
                bail!("the broker stopped before it was ready");
            }
        }
        result = &mut task => {
            return Err(match result {
                Ok(Ok(())) => anyhow!("the broker stopped before it was ready"),
                Ok(Err(err)) => anyhow!("cannot start the broker: {err}"),
                Err(err) => anyhow!("the broker task failed: {err}"),
            });
        }
    }
    Ok((Listening { mqtt, mqtts, ws }, ShutdownHandle { signal, task }))
}

/// Fails with the file and the option it came from when `path` can't be read.
fn check_readable(path: &Path, option: &str) -> anyhow::Result<()> {
    std::fs::File::open(path).map(drop).map_err(|err| {
        CodedError {
            code: Exit::Usage,
            message: format!("{option} {}: cannot read the file: {err}", path.display()),
        }
        .into()
    })
}

/// The error for a listener mqtt5 did not bind. The reason is recovered by
/// binding the same address once more (mqtt5 logs it but does not return it).
fn bind_error(what: &str, ip: IpAddr, port: u16) -> anyhow::Error {
    let addr = SocketAddr::new(ip, port);
    match TcpListener::bind(addr) {
        Err(err) => anyhow!("cannot listen for {what} on {addr}: {err}"),
        Ok(_) => anyhow!("cannot listen for {what} on {addr}"),
    }
}

/// Starts a broker open to everyone with a plain MQTT listener on `bind`
/// (port 0: a free one) on the current tokio runtime, and returns the
/// address it listens on and the handle that stops it.
pub async fn start_embedded(bind: SocketAddr) -> anyhow::Result<(SocketAddr, ShutdownHandle)> {
    let (listening, handle) = start(BrokerOptions::plain(bind)).await?;
    Ok((listening.mqtt, handle))
}

#[cfg(test)]
mod tests;
