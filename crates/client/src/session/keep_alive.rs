//! Keep-alive and dead-link detection; time is passed in, never read here.
//!
//! Policy:
//! * A PINGREQ is due when nothing was sent for the keep-alive interval (the
//!   broker needs to hear from us), or when nothing was *received* for that
//!   long (a probe: a client that only publishes QoS 0 hears nothing back and
//!   would otherwise never notice a dead link). Never more than one PINGREQ
//!   is outstanding, and none is sent while traffic flows both ways.
//! * The link is dead when nothing at all arrived for `dead_after` (default
//!   1.5 × keep-alive). A healthy broker answers the probe above well within
//!   that, so silence that long means the peer or the path is gone.
//! * While inbound reading is paused for backpressure the silence is our own
//!   doing, so it never counts against the broker.

use std::time::{Duration, Instant};

/// Keep-alive timers of one connection.
pub(crate) struct KeepAlive {
    interval: Option<Duration>,
    dead_after: Option<Duration>,
    last_sent: Instant,
    last_received: Instant,
    ping_outstanding: bool,
    paused: bool,
}

impl KeepAlive {
    /// `interval` zero disables pings; `dead_after` `None` disables the
    /// dead-link check.
    pub(crate) fn new(interval: Duration, dead_after: Option<Duration>, now: Instant) -> KeepAlive {
        KeepAlive {
            interval: (!interval.is_zero()).then_some(interval),
            dead_after: dead_after.filter(|after| !after.is_zero()),
            last_sent: now,
            last_received: now,
            ping_outstanding: false,
            paused: false,
        }
    }

    /// Bytes reached the socket.
    pub(crate) fn on_sent(&mut self, now: Instant) {
        self.last_sent = now;
    }

    /// A packet (any packet) arrived.
    pub(crate) fn on_received(&mut self, now: Instant) {
        self.last_received = now;
        self.ping_outstanding = false;
    }

    /// Whether a PINGREQ should be sent now.
    pub(crate) fn ping_due(&self, now: Instant) -> bool {
        match self.interval {
            Some(interval) if !self.ping_outstanding => {
                let quiet_since = self.last_sent.min(self.last_received_for_checks(now));
                now.saturating_duration_since(quiet_since) >= interval
            }
            _ => false,
        }
    }

    /// A PINGREQ was queued.
    pub(crate) fn on_ping_sent(&mut self, now: Instant) {
        self.ping_outstanding = true;
        self.last_sent = now;
    }

    /// Whether the link must be declared dead.
    pub(crate) fn is_dead(&self, now: Instant) -> bool {
        match self.dead_after {
            Some(after) if !self.paused => {
                now.saturating_duration_since(self.last_received) >= after
            }
            _ => false,
        }
    }

    /// The silence that made the link dead (for the error message).
    pub(crate) fn dead_after(&self) -> Option<Duration> {
        self.dead_after
    }

    /// The earliest instant at which `ping_due` or `is_dead` may change.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        let ping = match self.interval {
            Some(interval) if !self.ping_outstanding && !self.paused => {
                Some(self.last_sent.min(self.last_received) + interval)
            }
            Some(interval) if !self.ping_outstanding => Some(self.last_sent + interval),
            _ => None,
        };
        let dead = match self.dead_after {
            Some(after) if !self.paused => Some(self.last_received + after),
            _ => None,
        };
        match (ping, dead) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Inbound reading stopped (the event stream is full).
    pub(crate) fn pause(&mut self) {
        self.paused = true;
    }

    /// Inbound reading resumed; the paused time does not count as silence.
    pub(crate) fn resume(&mut self, now: Instant) {
        if self.paused {
            self.paused = false;
            self.last_received = self.last_received.max(now);
        }
    }

    /// While paused only the send side decides whether a ping is due.
    fn last_received_for_checks(&self, now: Instant) -> Instant {
        if self.paused {
            now
        } else {
            self.last_received
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn pings_only_after_a_quiet_interval_and_one_at_a_time() {
        let start = Instant::now();
        let mut keep_alive = KeepAlive::new(10 * SECOND, Some(15 * SECOND), start);
        assert!(!keep_alive.ping_due(start + 9 * SECOND));
        assert_eq!(keep_alive.next_deadline(), Some(start + 10 * SECOND));
        assert!(keep_alive.ping_due(start + 10 * SECOND));
        keep_alive.on_ping_sent(start + 10 * SECOND);
        assert!(!keep_alive.ping_due(start + 14 * SECOND), "a ping is already outstanding");
        assert_eq!(keep_alive.next_deadline(), Some(start + 15 * SECOND));
        keep_alive.on_received(start + 11 * SECOND);
        assert!(!keep_alive.is_dead(start + 25 * SECOND));
        assert!(keep_alive.is_dead(start + 26 * SECOND));
    }

    #[test]
    fn no_ping_while_traffic_flows_both_ways() {
        let start = Instant::now();
        let mut keep_alive = KeepAlive::new(10 * SECOND, Some(15 * SECOND), start);
        for step in 1..100u32 {
            let now = start + step * SECOND;
            keep_alive.on_sent(now);
            keep_alive.on_received(now);
            assert!(!keep_alive.ping_due(now));
            assert!(!keep_alive.is_dead(now));
        }
    }

    #[test]
    fn probes_when_only_sending() {
        let start = Instant::now();
        let mut keep_alive = KeepAlive::new(10 * SECOND, Some(15 * SECOND), start);
        keep_alive.on_sent(start + 9 * SECOND);
        assert!(keep_alive.ping_due(start + 10 * SECOND), "nothing received for 10 s");
    }

    #[test]
    fn paused_reading_is_not_silence() {
        let start = Instant::now();
        let mut keep_alive = KeepAlive::new(10 * SECOND, Some(15 * SECOND), start);
        keep_alive.pause();
        assert!(!keep_alive.is_dead(start + 60 * SECOND));
        keep_alive.on_sent(start + 60 * SECOND);
        assert!(!keep_alive.ping_due(start + 65 * SECOND));
        keep_alive.resume(start + 60 * SECOND);
        assert!(!keep_alive.is_dead(start + 74 * SECOND));
        assert!(keep_alive.is_dead(start + 75 * SECOND));
    }

    #[test]
    fn zero_interval_disables_everything() {
        let start = Instant::now();
        let keep_alive = KeepAlive::new(Duration::ZERO, None, start);
        assert!(!keep_alive.ping_due(start + 1000 * SECOND));
        assert!(!keep_alive.is_dead(start + 1000 * SECOND));
        assert_eq!(keep_alive.next_deadline(), None);
    }
}
