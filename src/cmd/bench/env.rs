//! What every task of a run shares: the plan, the clock, the recorders,
//! the timer, and the start and stop signals.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::watch;

use crate::cmd::bench::acks::SharedWindow;
use crate::cmd::bench::timer::PreciseTimer;
use crate::cmd::bench::workers::Registry;
use mqtt_bench::clock::RunClock;

/// A one-way signal tasks can poll cheaply and await.
pub struct Signal {
    flag: AtomicBool,
    sender: watch::Sender<bool>,
}

impl Default for Signal {
    fn default() -> Signal {
        Signal { flag: AtomicBool::new(false), sender: watch::channel(false).0 }
    }
}

impl Signal {
    /// Raises the signal (idempotent).
    pub fn raise(&self) {
        self.flag.store(true, Ordering::Release);
        self.sender.send_replace(true);
    }

    /// Whether the signal was raised (one atomic load).
    pub fn is_raised(&self) -> bool {
        self.flag.load(Ordering::Acquire)
    }

    /// Completes once the signal is raised.
    pub async fn raised(&self) {
        let mut receiver = self.sender.subscribe();
        // The sender lives in `self`, so waiting cannot fail.
        let _ = receiver.wait_for(|raised| *raised).await;
    }
}

/// The shared state of one run.
pub struct Env {
    pub clock: RunClock,
    pub registry: Arc<Registry>,
    pub timer: PreciseTimer,
    pub window: Arc<SharedWindow>,
    /// The schedule start, once every connection is up.
    start: watch::Sender<Option<Instant>>,
    /// Publishers stop sending; subscribers keep receiving.
    pub stop_sending: Signal,
    /// Subscribers stop too: the run is over.
    pub stop_all: Signal,
    /// Bench payloads received by all subscribers (for the drain).
    pub received: AtomicU64,
    /// Of those, the ones inside the measured window (`bench sub --count`).
    pub measured_received: AtomicU64,
    /// The last send, acknowledgement or delivery seen, ns on the run
    /// clock: where a `--count` run's measured span ends.
    pub last_event_ns: AtomicU64,
}

impl Env {
    pub fn new(clock: RunClock, registry: Arc<Registry>, timer: PreciseTimer) -> Env {
        Env {
            clock,
            registry,
            timer,
            window: Arc::new(SharedWindow::default()),
            start: watch::channel(None).0,
            stop_sending: Signal::default(),
            stop_all: Signal::default(),
            received: AtomicU64::new(0),
            measured_received: AtomicU64::new(0),
            last_event_ns: AtomicU64::new(0),
        }
    }

    /// Notes that something measured happened at `at_ns`.
    pub fn saw_event(&self, at_ns: u64) {
        self.last_event_ns.fetch_max(at_ns, Ordering::Relaxed);
    }

    /// Announces the schedule start to every task.
    pub fn start_at(&self, start: Instant) {
        self.start.send_replace(Some(start));
    }

    /// Waits for the schedule start; `None` when the run ended first.
    pub async fn started(&self) -> Option<Instant> {
        let mut receiver = self.start.subscribe();
        tokio::select! {
            result = receiver.wait_for(Option::is_some) => result.ok().and_then(|start| *start),
            () = self.stop_all.raised() => None,
        }
    }
}
