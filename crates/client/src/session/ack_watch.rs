//! The acknowledgement watchdog: no wait on the broker is unbounded.
//!
//! Policy: while anything we sent awaits an answer (a QoS 1/2 PUBLISH or
//! its PUBREL, a SUBSCRIBE, an UNSUBSCRIBE), the broker must answer
//! *something* within the ack timeout. The clock starts when waiting starts
//! and restarts at every acknowledgement, so a busy window that keeps
//! moving never times out, while a broker that stops answering (or answers
//! everything but one message) is caught within one timeout of its last
//! answer. One clock per connection, not one per message: the hot path
//! pays a comparison, not a timer. While inbound reading is paused for
//! backpressure the silence is our own doing and never counts.

use std::time::{Duration, Instant};

/// The ack timeout of one connection.
pub(crate) struct AckWatch {
    timeout: Option<Duration>,
    /// When the current wait started (or last moved); `None`: nothing awaited.
    since: Option<Instant>,
    paused: bool,
}

impl AckWatch {
    /// `None` (or zero) disables the watchdog.
    pub(crate) fn new(timeout: Option<Duration>) -> AckWatch {
        AckWatch { timeout: timeout.filter(|t| !t.is_zero()), since: None, paused: false }
    }

    /// Something that needs an answer was sent.
    pub(crate) fn on_waiting(&mut self, now: Instant) {
        if self.since.is_none() {
            self.since = Some(now);
        }
    }

    /// An acknowledgement arrived; `still_waiting` when more are awaited.
    pub(crate) fn on_answer(&mut self, now: Instant, still_waiting: bool) {
        self.since = still_waiting.then_some(now);
    }

    /// Nothing is awaited any more (a new link, the session dropped).
    pub(crate) fn reset(&mut self, now: Instant, waiting: bool) {
        self.since = waiting.then_some(now);
    }

    /// Whether the broker left us waiting too long.
    pub(crate) fn expired(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|deadline| now >= deadline)
    }

    /// The timeout, for the error message.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout.unwrap_or_default()
    }

    /// When `expired` turns true, if nothing changes.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        match (self.timeout, self.since) {
            (Some(timeout), Some(since)) if !self.paused => Some(since + timeout),
            _ => None,
        }
    }

    /// Inbound reading stopped (the event stream is full).
    pub(crate) fn pause(&mut self) {
        self.paused = true;
    }

    /// Inbound reading resumed: the wait starts over.
    pub(crate) fn resume(&mut self, now: Instant) {
        if self.paused {
            self.paused = false;
            if self.since.is_some() {
                self.since = Some(now);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn expires_one_timeout_after_the_last_answer() {
        let start = Instant::now();
        let mut watch = AckWatch::new(Some(10 * SECOND));
        assert_eq!(watch.deadline(), None, "nothing awaited");
        watch.on_waiting(start);
        watch.on_waiting(start + 5 * SECOND);
        assert_eq!(watch.deadline(), Some(start + 10 * SECOND), "the first wait counts");
        watch.on_answer(start + 8 * SECOND, true);
        assert!(!watch.expired(start + 17 * SECOND));
        assert!(watch.expired(start + 18 * SECOND));
        watch.on_answer(start + 18 * SECOND, false);
        assert!(!watch.expired(start + 100 * SECOND), "nothing left to wait for");
    }

    #[test]
    fn paused_reading_does_not_count() {
        let start = Instant::now();
        let mut watch = AckWatch::new(Some(10 * SECOND));
        watch.on_waiting(start);
        watch.pause();
        assert!(!watch.expired(start + 60 * SECOND));
        watch.resume(start + 60 * SECOND);
        assert!(!watch.expired(start + 69 * SECOND));
        assert!(watch.expired(start + 70 * SECOND));
    }

    #[test]
    fn zero_or_none_disables_it() {
        let start = Instant::now();
        for timeout in [None, Some(Duration::ZERO)] {
            let mut watch = AckWatch::new(timeout);
            watch.on_waiting(start);
            assert!(!watch.expired(start + 1000 * SECOND));
        }
    }
}
