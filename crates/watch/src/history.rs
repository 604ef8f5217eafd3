//! The last messages of one topic, oldest first, at most a set number.
//!
//! Policy: a sample is a fixed-size value of 64 bytes (the payload's first
//! [`PREVIEW`] bytes, its size, flags, time and number), so recording a
//! message never allocates once the ring has grown to its bound; the ring
//! grows as messages come, to the bound and no further, so a topic that
//! got one message holds one.

use std::collections::VecDeque;
use std::time::Duration;

/// Payload bytes kept per sample (for the history table).
pub const PREVIEW: usize = 45;

/// One message as the history keeps it: 64 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Milliseconds since the tree's start (49 days fit).
    at_ms: u32,
    /// Its payload size in bytes.
    pub size: u32,
    /// Its number, NaN when it has none.
    value: f64,
    pub qos: u8,
    pub retain: bool,
    preview_len: u8,
    preview: [u8; PREVIEW],
}

impl Sample {
    /// A sample of `payload`.
    pub fn new(at: Duration, payload: &[u8], qos: u8, retain: bool, value: Option<f64>) -> Sample {
        let kept = payload.len().min(PREVIEW);
        let mut preview = [0; PREVIEW];
        preview[..kept].copy_from_slice(&payload[..kept]);
        Sample {
            at_ms: u32::try_from(at.as_millis()).unwrap_or(u32::MAX),
            size: u32::try_from(payload.len()).unwrap_or(u32::MAX),
            value: value.unwrap_or(f64::NAN),
            qos,
            retain,
            preview_len: kept as u8,
            preview,
        }
    }

    /// When it arrived, since the tree's start (to the millisecond).
    pub fn at(&self) -> Duration {
        Duration::from_millis(u64::from(self.at_ms))
    }

    /// Its number, if it has one (see [`crate::value`]).
    pub fn value(&self) -> Option<f64> {
        (!self.value.is_nan()).then_some(self.value)
    }

    /// The payload's first bytes.
    pub fn preview(&self) -> &[u8] {
        &self.preview[..usize::from(self.preview_len)]
    }

    /// Whether [`Sample::preview`] is the whole payload.
    pub fn is_whole(&self) -> bool {
        self.size as usize == usize::from(self.preview_len)
    }
}

/// A bounded ring of samples.
#[derive(Clone, Debug, Default)]
pub struct History {
    samples: VecDeque<Sample>,
}

impl History {
    /// Adds a sample, dropping the oldest when `limit` are kept already.
    pub fn push(&mut self, sample: Sample, limit: usize) {
        if limit == 0 {
            return;
        }
        while self.samples.len() >= limit {
            self.samples.pop_front();
        }
        // Grow by doubling, but never past the limit (a ring at its limit
        // holds no spare room).
        let len = self.samples.len();
        if len == self.samples.capacity() {
            self.samples.reserve_exact(len.clamp(1, limit - len));
        }
        self.samples.push_back(sample);
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Sample> + ExactSizeIterator {
        self.samples.iter()
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The samples that have a number, as (seconds since start, value).
    pub fn points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.samples.iter().filter_map(|s| s.value().map(|value| (s.at().as_secs_f64(), value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_up_to_the_limit() {
        let mut history = History::default();
        for n in 0..5u64 {
            let payload = n.to_string();
            let value = Some(n as f64);
            history
                .push(Sample::new(Duration::from_secs(n), payload.as_bytes(), 1, false, value), 3);
        }
        let kept: Vec<&[u8]> = history.iter().map(Sample::preview).collect();
        assert_eq!(kept, [b"2", b"3", b"4"]);
        assert_eq!(history.points().collect::<Vec<_>>(), [(2.0, 2.0), (3.0, 3.0), (4.0, 4.0)]);
        history.push(Sample::new(Duration::ZERO, b"x", 0, false, None), 0);
        assert_eq!(history.len(), 3, "a limit of 0 keeps nothing new");
        assert_eq!(history.samples.capacity(), 3, "no room past the limit");
        assert_eq!(std::mem::size_of::<Sample>(), 64);
    }

    #[test]
    fn long_payloads_keep_a_preview_and_their_size() {
        let long = vec![b'a'; 1000];
        let sample = Sample::new(Duration::ZERO, &long, 2, true, None);
        assert_eq!(
            (sample.preview().len(), sample.size, sample.is_whole()),
            (PREVIEW, 1000, false)
        );
        assert!(Sample::new(Duration::ZERO, b"ab", 0, false, None).is_whole());
    }
}
