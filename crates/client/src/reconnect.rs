//! Reconnect policy: when the link drops, how long to wait before the next
//! attempt and when to give up.
//!
//! Policy: exponential backoff from `min_delay` doubling up to `max_delay`,
//! each delay reduced by up to a quarter at random so that many clients cut
//! off by the same broker restart do not all come back in the same
//! millisecond. Each reconnect sequence starts a fresh `Backoff`.
//! Reconnecting is opt-in (`ConnectOptions::reconnect`); what happens to
//! unacknowledged messages is decided by the session (see `connection`).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// When and how often to reconnect after the link is lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconnectPolicy {
    /// Delay before the first attempt.
    pub min_delay: Duration,
    /// Upper bound of the delay between attempts.
    pub max_delay: Duration,
    /// Give up after this many failed attempts in a row (`None`: never).
    pub max_attempts: Option<u32>,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy {
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(30),
            max_attempts: None,
        }
    }
}

/// The running state of one reconnect sequence.
pub(crate) struct Backoff {
    policy: ReconnectPolicy,
    attempts: u32,
    jitter: RandomState,
}

impl Backoff {
    pub(crate) fn new(policy: ReconnectPolicy) -> Backoff {
        Backoff { policy, attempts: 0, jitter: RandomState::new() }
    }

    /// The delay before the next attempt, or `None` when the policy says to
    /// give up.
    pub(crate) fn next_delay(&mut self) -> Option<Duration> {
        if let Some(max) = self.policy.max_attempts {
            if self.attempts >= max {
                return None;
            }
        }
        let exponent = self.attempts.min(20);
        self.attempts += 1;
        let base = self
            .policy
            .min_delay
            .saturating_mul(1u32 << exponent)
            .min(self.policy.max_delay)
            .max(self.policy.min_delay.min(self.policy.max_delay));
        Some(base - base.mul_f64(self.random_fraction() * 0.25))
    }

    /// A number in [0, 1) from the process-random hasher keys.
    fn random_fraction(&self) -> f64 {
        let mut hasher = self.jitter.build_hasher();
        hasher.write_u32(self.attempts);
        (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(min_ms: u64, max_ms: u64, attempts: Option<u32>) -> ReconnectPolicy {
        ReconnectPolicy {
            min_delay: Duration::from_millis(min_ms),
            max_delay: Duration::from_millis(max_ms),
            max_attempts: attempts,
        }
    }

    #[test]
    fn delays_double_within_jitter_and_stop_at_the_maximum() {
        let mut backoff = Backoff::new(policy(100, 1000, None));
        for base in [100u64, 200, 400, 800, 1000, 1000] {
            let delay = backoff.next_delay().unwrap();
            let base = Duration::from_millis(base);
            assert!(delay <= base && delay >= base.mul_f64(0.75), "{delay:?} vs base {base:?}");
        }
    }

    #[test]
    fn gives_up_after_max_attempts() {
        let mut backoff = Backoff::new(policy(10, 100, Some(2)));
        assert!(backoff.next_delay().is_some());
        assert!(backoff.next_delay().is_some());
        assert_eq!(backoff.next_delay(), None);
        assert_eq!(backoff.next_delay(), None);
    }
}
