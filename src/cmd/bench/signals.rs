//! The signals that end a run early: SIGINT (Ctrl-C) and SIGTERM (what
//! `kill`, Kubernetes and systemd send).
//!
//! Policy: both end a run the same way. The first stops sending and
//! drains; a second one stops at once; either way every output is written
//! with what was measured, the report is marked `interrupted` (and fails),
//! and the exit code is 128 + the signal number, as a shell reports a
//! process the signal killed: 130 for SIGINT, 143 for SIGTERM. They are
//! caught from the first connection on, so a broker that never answers the
//! connects still gets a report; before that (checking options, opening
//! files) the signal's default action ends the process with the same
//! status and no report.

use crate::exit::Exit;

/// A signal that ended the run early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopSignal {
    Interrupt,
    Terminate,
}

impl StopSignal {
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Interrupt => "SIGINT",
            StopSignal::Terminate => "SIGTERM",
        }
    }

    /// The exit code of a run this signal ended.
    pub fn exit(self) -> Exit {
        match self {
            StopSignal::Interrupt => Exit::Interrupted,
            StopSignal::Terminate => Exit::Terminated,
        }
    }
}

/// SIGINT and SIGTERM, caught from the moment this is created.
pub struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Starts listening (inside the runtime).
    pub fn listen() -> anyhow::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let listen = |kind: SignalKind, name: &str| {
                signal(kind).map_err(|err| anyhow::anyhow!("listening for {name}: {err}"))
            };
            Ok(StopSignals {
                interrupt: listen(SignalKind::interrupt(), "SIGINT")?,
                terminate: listen(SignalKind::terminate(), "SIGTERM")?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// Resolves at the next signal and names it.
    pub async fn next(&mut self) -> StopSignal {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => StopSignal::Interrupt,
                _ = self.terminate.recv() => StopSignal::Terminate,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            StopSignal::Interrupt
        }
    }
}

/// What to say on standard error when `signal` stops the run.
pub fn announcement(signal: StopSignal) -> String {
    format!(
        "mqtt: bench: {}: stopping; the report covers what was measured and is marked interrupted (a second signal stops at once)",
        signal.name()
    )
}
