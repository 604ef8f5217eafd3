//! `mqtt serve`: a local broker for development, embedding the `mqtt5`
//! crate's broker (MQTT 3.1.1 and 5.0; QoS 0/1/2, retained messages, wills,
//! persistent sessions in memory; TCP, TLS and WebSocket listeners).
//!
//! Policy: stdout stays empty; stderr gets one stable line per listener,
//! `mqtt serve: listening on URL`, printed only once the broker accepts
//! connections, so scripts and tests can wait for it and read a port-0
//! listener's port. SIGINT and SIGTERM stop the broker gracefully; SIGTERM
//! exits 0, Ctrl-C (SIGINT) 130 as every other command does.
//!
//! The broker itself (starting, listeners, who may connect) is
//! [`crate::broker`], shared with `mqtt bench --embedded`.

use std::process::ExitCode;

use anyhow::Context;

use crate::broker::{self, Access, BrokerOptions, PasswordFile, TlsListener};
use crate::cli::serve::ServeArgs;
use crate::exit::{CodedError, Exit};

/// Runs `mqtt serve` until SIGINT or SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let options = options_from(args)?;
    let runtime = crate::runtime::build(crate::runtime::workers(None, "mqtt-serve"))?;
    runtime.block_on(serve(options))
}

/// Turns the command line into broker options, reading the password file.
fn options_from(args: ServeArgs) -> anyhow::Result<BrokerOptions> {
    let password_file = match &args.password_file {
        Some(path) => Some(
            PasswordFile::load(path)
                .map_err(|message| CodedError { code: Exit::Usage, message })
                .context("--password-file")?,
        ),
        None => None,
    };
    let tls = match (args.tls_port, args.cert, args.key) {
        (Some(port), Some(cert), Some(key)) => Some(TlsListener { port, cert, key }),
        // clap's `requires` rules out every other combination.
        _ => None,
    };
    Ok(BrokerOptions {
        bind: args.bind,
        port: args.port,
        tls,
        ws_port: args.ws_port,
        access: Access { password_file, allow_anonymous: args.allow_anonymous },
        max_packet_size: args.max_packet_size,
    })
}

async fn serve(options: BrokerOptions) -> anyhow::Result<ExitCode> {
    let users = options.access.password_file.as_ref().map(PasswordFile::len);
    let anonymous = options.access.allow_anonymous;
    let exposed = !options.bind.is_loopback();
    // Handlers go in before the "listening" lines: a script that signals as
    // soon as it reads them must get a graceful stop, not the default kill.
    let stop = StopSignals::install()?;
    let (listening, mut handle) = broker::start(options).await?;
    for url in listening.urls() {
        diag!("mqtt serve: listening on {url}");
    }
    match users {
        Some(count) if anonymous => {
            diag!("mqtt serve: {count} users in the password file; anonymous clients accepted")
        }
        Some(count) => {
            diag!("mqtt serve: {count} users in the password file; anonymous clients refused")
        }
        None => diag!("mqtt serve: no password file; every client is accepted"),
    }
    if exposed && (users.is_none() || anonymous) {
        diag!(
            "mqtt serve: warning: reachable from other hosts and open to anonymous clients; \
             this broker is meant for development"
        );
    }

    tokio::select! {
        signal = stop.wait() => {
            let name = signal?;
            diag!("mqtt serve: {name} received, shutting down");
            handle.shutdown().await?;
            diag!("mqtt serve: stopped");
            // Ctrl-C is an interruption, as for every command; SIGTERM is a
            // service manager's ordinary stop.
            Ok(if name == "SIGTERM" { ExitCode::SUCCESS } else { Exit::Interrupted.into() })
        }
        stopped = handle.stopped() => {
            stopped?;
            anyhow::bail!("the broker stopped unexpectedly")
        }
    }
}

/// SIGINT (Ctrl-C) and SIGTERM, listened for from the moment of `install`.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> anyhow::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?,
                terminate: signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// Waits for the first signal and names it.
    async fn wait(mut self) -> anyhow::Result<&'static str> {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => Ok("SIGINT"),
                _ = self.terminate.recv() => Ok("SIGTERM"),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await.context("cannot listen for Ctrl-C")?;
            Ok("Ctrl-C")
        }
    }
}
