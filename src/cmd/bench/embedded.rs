//! `mqtt bench --embedded`: the scenario runs against the `mqtt serve`
//! broker started in this process on a free loopback port, so a newcomer
//! sees a real report with nothing installed.
//!
//! Policy: the broker gets its own runtime on its own thread, so the bench's
//! workers and the broker do not queue behind each other's tasks; both still
//! share this machine's cores, and the bench's CPU figures then include the
//! broker's (the summary says so). Numbers from an embedded run describe the
//! embedded broker, not mosquitto: use a real broker for comparisons.

use std::net::{Ipv4Addr, SocketAddr};

use anyhow::Context;

use crate::broker::{start_embedded, ShutdownHandle};
use crate::cli::connect::ConnectArgs;
use crate::runtime;

/// A running embedded broker; dropping it stops the broker.
pub struct EmbeddedBroker {
    address: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    handle: Option<ShutdownHandle>,
}

impl EmbeddedBroker {
    /// Worker threads of the broker's own runtime.
    pub const THREADS: usize = 1;

    /// Starts the broker on 127.0.0.1 with a free port.
    pub fn start() -> anyhow::Result<EmbeddedBroker> {
        // Its own worker, so the broker is not scheduled behind the load.
        let runtime = runtime::build(runtime::workers(Some(Self::THREADS), "mqtt-embedded-broker"))
            .context("starting the embedded broker")?;
        let bind = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let (address, handle) = runtime
            .block_on(start_embedded(bind))
            .context("starting the embedded broker (mqtt serve)")?;
        Ok(EmbeddedBroker { address, runtime: Some(runtime), handle: Some(handle) })
    }

    /// Aims `connect` at loopback before the plan is built (the port
    /// follows once the broker runs); the user may not give another broker.
    pub fn claim(connect: &mut ConnectArgs) -> anyhow::Result<()> {
        if connect.url.is_some() || connect.host.is_some() || connect.port.is_some() {
            return Err(crate::exit::usage(
                "--embedded runs its own broker: leave out -h, -p and -L",
            ));
        }
        connect.host = Some(Ipv4Addr::LOCALHOST.to_string());
        Ok(())
    }

    /// The broker's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for EmbeddedBroker {
    fn drop(&mut self) {
        if let (Some(runtime), Some(handle)) = (self.runtime.take(), self.handle.take()) {
            // A graceful stop; an error here cannot change the bench's result.
            let _ = runtime.block_on(handle.shutdown());
            runtime.shutdown_background();
        }
    }
}
