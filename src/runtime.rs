//! The tokio runtimes the subcommands run on, in one place.
//!
//! Policy: each command picks the smallest shape that serves it, and says
//! why where it asks. One thread when the work is one connection and a loop
//! feeding it (`pub`, `inspect`'s report): a second worker only adds
//! cross-thread wake-ups. Named worker pools where work must go on while
//! another part waits (`sub`'s blocked stdout), or where load spreads over
//! cores (`bench`, `serve`, the embedded broker).

use anyhow::Context;
use tokio::runtime::{Builder, Runtime};

/// A runtime on the calling thread.
pub fn one_thread() -> anyhow::Result<Runtime> {
    Builder::new_current_thread().enable_all().build().context("starting the async runtime")
}

/// A pool of `count` workers (one per core when `None`) named `name`,
/// for the caller to adjust and [`build`].
pub fn workers(count: Option<usize>, name: &str) -> Builder {
    let mut builder = Builder::new_multi_thread();
    if let Some(count) = count {
        builder.worker_threads(count.max(1));
    }
    builder.thread_name(name).enable_all();
    builder
}

/// Builds a runtime from [`workers`].
pub fn build(mut builder: Builder) -> anyhow::Result<Runtime> {
    builder.build().context("starting the async runtime")
}
