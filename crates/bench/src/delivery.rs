//! Delivery accounting per (publisher → subscriber) flow: received, lost,
//! duplicated and reordered messages, from the sequence numbers in payloads.
//!
//! Each flow keeps `base` (every sequence below it is settled: received or
//! counted lost), a 1024-bit ring (128 bytes) of what arrived in
//! `[base, base + 1024)`, and a short list of recently lost ranges. Memory
//! per flow is fixed and nothing is allocated per message (the lost-range
//! list grows only when losses happen, up to 128 ranges). The counts are
//! exact whenever reordering stays within 1024 sequences.
//!
//! Policy:
//! - a sequence already received is a duplicate;
//! - a sequence arriving after a higher one is reordered;
//! - a sequence that falls out of the window unreceived is lost; if it shows
//!   up later it is un-lost and counted as reordered ("late");
//! - a late arrival older than the remembered lost ranges cannot be told
//!   from a duplicate and is counted as a duplicate (never hides a real one);
//! - at QoS 1 and 2 any loss fails the run, at QoS 2 any duplicate does too.

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

const WINDOW: u64 = 1024;
const WORDS: usize = (WINDOW / 64) as usize;
const MAX_LOST_RANGES: usize = 128;

/// How one delivery was classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// The highest sequence so far.
    InOrder,
    /// New, but a higher sequence arrived before it.
    Reordered,
    /// New, after it had already been counted lost.
    Late,
    /// Already received.
    Duplicate,
}

/// Totals for one flow or many.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryCounts {
    /// Flows (publisher → subscriber pairs) that were tracked.
    pub flows: u64,
    /// Distinct messages received.
    pub received: u64,
    /// Messages never received.
    pub lost: u64,
    /// Extra copies of messages already received.
    pub duplicates: u64,
    /// Messages that arrived after a higher sequence of the same flow.
    pub reordered: u64,
}

impl DeliveryCounts {
    /// Lost messages as a percentage of expected ones (received + lost).
    pub fn loss_pct(&self) -> f64 {
        let expected = self.received + self.lost;
        if expected == 0 {
            0.0
        } else {
            self.lost as f64 * 100.0 / expected as f64
        }
    }

    /// Why these counts fail a run at delivery `qos`; empty when they pass.
    pub fn failures(&self, qos: u8) -> Vec<String> {
        let mut failures = Vec::new();
        if qos >= 1 && self.lost > 0 {
            failures.push(format!("{} message(s) lost at QoS {qos}", self.lost));
        }
        if qos == 2 && self.duplicates > 0 {
            failures
                .push(format!("{} duplicate(s) at QoS 2 (exactly-once violated)", self.duplicates));
        }
        failures
    }
}

impl std::ops::AddAssign for DeliveryCounts {
    fn add_assign(&mut self, other: DeliveryCounts) {
        self.flows += other.flows;
        self.received += other.received;
        self.lost += other.lost;
        self.duplicates += other.duplicates;
        self.reordered += other.reordered;
    }
}

/// The state of one publisher → subscriber flow.
#[derive(Clone, Debug, Default)]
pub struct FlowTracker {
    base: u64,
    highest: Option<u64>,
    window: [u64; WORDS],
    lost_ranges: Vec<Range<u64>>,
    counts: DeliveryCounts,
}

impl FlowTracker {
    /// A flow whose first sequence is 0.
    pub fn new() -> FlowTracker {
        FlowTracker::default()
    }

    /// A flow joined mid-stream: `first` is the first sequence seen, and
    /// nothing before it is expected.
    pub fn starting_at(first: u64) -> FlowTracker {
        FlowTracker { base: first, ..FlowTracker::default() }
    }

    /// Counts so far (one flow).
    pub fn counts(&self) -> DeliveryCounts {
        DeliveryCounts { flows: 1, ..self.counts }
    }

    /// Classifies and records the arrival of `sequence`.
    pub fn receive(&mut self, sequence: u64) -> Arrival {
        if sequence < self.base {
            return self.receive_settled(sequence);
        }
        if sequence >= self.base + WINDOW {
            self.settle_until(sequence - WINDOW + 1);
        }
        if self.is_set(sequence) {
            self.counts.duplicates += 1;
            return Arrival::Duplicate;
        }
        self.set(sequence);
        self.counts.received += 1;
        let arrival = match self.highest {
            Some(highest) if sequence < highest => {
                self.counts.reordered += 1;
                Arrival::Reordered
            }
            _ => {
                self.highest = Some(sequence);
                Arrival::InOrder
            }
        };
        while self.is_set(self.base) {
            self.clear(self.base);
            self.base += 1;
        }
        arrival
    }

    /// Settles the flow at the end of the run. `end` is the publisher's next
    /// sequence (how many it sent) when known; otherwise only gaps below the
    /// highest received sequence count as lost.
    pub fn finish(&mut self, end: Option<u64>) {
        let seen_end = self.highest.map_or(0, |highest| highest + 1);
        self.settle_until(end.unwrap_or(0).max(seen_end));
    }

    fn receive_settled(&mut self, sequence: u64) -> Arrival {
        let position = self.lost_ranges.iter().position(|range| range.contains(&sequence));
        let Some(index) = position else {
            self.counts.duplicates += 1;
            return Arrival::Duplicate;
        };
        let range = self.lost_ranges[index].clone();
        if range.start == sequence {
            self.lost_ranges[index].start += 1;
            if self.lost_ranges[index].is_empty() {
                self.lost_ranges.remove(index);
            }
        } else if range.end == sequence + 1 {
            self.lost_ranges[index].end -= 1;
        } else {
            self.lost_ranges[index].end = sequence;
            self.lost_ranges.insert(index + 1, sequence + 1..range.end);
            self.forget_oldest();
        }
        self.counts.lost -= 1;
        self.counts.received += 1;
        self.counts.reordered += 1;
        Arrival::Late
    }

    /// Moves `base` up to `target`, counting every unreceived sequence lost.
    fn settle_until(&mut self, target: u64) {
        while self.base < target {
            if self.window == [0; WORDS] {
                // Nothing received at or above `base`: the rest is one gap.
                self.record_lost(self.base..target);
                self.base = target;
                return;
            }
            if self.is_set(self.base) {
                self.clear(self.base);
            } else {
                self.record_lost(self.base..self.base + 1);
            }
            self.base += 1;
        }
    }

    fn record_lost(&mut self, range: Range<u64>) {
        self.counts.lost += range.end - range.start;
        match self.lost_ranges.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => {
                self.lost_ranges.push(range);
                self.forget_oldest();
            }
        }
    }

    fn forget_oldest(&mut self) {
        if self.lost_ranges.len() > MAX_LOST_RANGES {
            self.lost_ranges.remove(0);
        }
    }

    fn slot(sequence: u64) -> (usize, u64) {
        let bit = sequence % WINDOW;
        ((bit / 64) as usize, 1 << (bit % 64))
    }

    fn is_set(&self, sequence: u64) -> bool {
        let (word, mask) = FlowTracker::slot(sequence);
        self.window[word] & mask != 0
    }

    fn set(&mut self, sequence: u64) {
        let (word, mask) = FlowTracker::slot(sequence);
        self.window[word] |= mask;
    }

    fn clear(&mut self, sequence: u64) {
        let (word, mask) = FlowTracker::slot(sequence);
        self.window[word] &= !mask;
    }
}

/// Flows keyed by publisher id, for one subscriber (or any receiver that
/// sees each flow in full). A flow is allocated on its first message or on
/// [`DeliveryTracker::expect`], never per message.
#[derive(Clone, Debug, Default)]
pub struct DeliveryTracker {
    flows: HashMap<u32, FlowTracker>,
    /// Flows start at their first arrival instead of sequence 0 (a
    /// subscriber watching publishers that started before it).
    joining: bool,
}

impl DeliveryTracker {
    /// A tracker whose flows start at the first sequence they see, for
    /// publishers of another process that may have started earlier.
    pub fn joining() -> DeliveryTracker {
        DeliveryTracker { flows: HashMap::new(), joining: true }
    }

    /// Declares that `publisher_id` should deliver here, so a flow that
    /// receives nothing at all still counts its losses at `finish`.
    pub fn expect(&mut self, publisher_id: u32) {
        self.flows.entry(publisher_id).or_default();
    }

    /// Records one delivery.
    pub fn receive(&mut self, publisher_id: u32, sequence: u64) -> Arrival {
        let joining = self.joining;
        self.flows
            .entry(publisher_id)
            .or_insert_with(|| {
                if joining {
                    FlowTracker::starting_at(sequence)
                } else {
                    FlowTracker::new()
                }
            })
            .receive(sequence)
    }

    /// Settles every flow; `sent(publisher_id)` gives how many messages that
    /// publisher sent, when known.
    pub fn finish(&mut self, sent: impl Fn(u32) -> Option<u64>) {
        for (publisher_id, flow) in &mut self.flows {
            flow.finish(sent(*publisher_id));
        }
    }

    /// Totals over all flows.
    pub fn counts(&self) -> DeliveryCounts {
        let mut total = DeliveryCounts::default();
        for flow in self.flows.values() {
            total += flow.counts();
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::rng::SplitMix64;

    fn feed(flow: &mut FlowTracker, sequences: impl IntoIterator<Item = u64>) -> Vec<Arrival> {
        sequences.into_iter().map(|sequence| flow.receive(sequence)).collect()
    }

    fn counts(received: u64, lost: u64, duplicates: u64, reordered: u64) -> DeliveryCounts {
        DeliveryCounts { flows: 1, received, lost, duplicates, reordered }
    }

    #[test]
    fn an_in_order_stream_is_clean() {
        let mut flow = FlowTracker::new();
        assert!(feed(&mut flow, 0..10_000).iter().all(|&a| a == Arrival::InOrder));
        flow.finish(Some(10_000));
        assert_eq!(flow.counts(), counts(10_000, 0, 0, 0));
    }

    #[test]
    fn gaps_are_lost_once_settled() {
        let mut flow = FlowTracker::new();
        feed(&mut flow, [0, 1, 3, 4]);
        assert_eq!(flow.counts().lost, 0, "2 might still arrive");
        flow.finish(None);
        assert_eq!(flow.counts(), counts(4, 1, 0, 0));
    }

    #[test]
    fn tail_loss_needs_the_publishers_count() {
        let mut flow = FlowTracker::new();
        feed(&mut flow, 0..10);
        flow.finish(Some(15));
        assert_eq!(flow.counts(), counts(10, 5, 0, 0));
    }

    #[test]
    fn duplicates_are_caught_inside_and_behind_the_window() {
        let mut flow = FlowTracker::new();
        assert_eq!(
            feed(&mut flow, [0, 1, 1]),
            [Arrival::InOrder, Arrival::InOrder, Arrival::Duplicate]
        );
        feed(&mut flow, 2..1000);
        assert_eq!(flow.receive(5), Arrival::Duplicate, "long settled, was received");
        // A duplicate of a sequence still in the window above a gap.
        flow.receive(1001);
        assert_eq!(flow.receive(1001), Arrival::Duplicate);
        flow.finish(Some(1002));
        assert_eq!(flow.counts(), counts(1001, 1, 3, 0));
    }

    #[test]
    fn reordering_is_counted_without_loss() {
        let mut flow = FlowTracker::new();
        assert_eq!(
            feed(&mut flow, [0, 2, 1]),
            [Arrival::InOrder, Arrival::InOrder, Arrival::Reordered]
        );
        flow.finish(Some(3));
        assert_eq!(flow.counts(), counts(3, 0, 0, 1));
    }

    #[test]
    fn a_very_late_message_is_un_lost() {
        let mut flow = FlowTracker::new();
        feed(&mut flow, (0..1400).filter(|&s| s != 5));
        assert_eq!(flow.counts().lost, 1, "5 fell out of the 1024 window");
        assert_eq!(flow.receive(5), Arrival::Late);
        assert_eq!(flow.receive(5), Arrival::Duplicate);
        flow.finish(Some(1400));
        assert_eq!(flow.counts(), counts(1400, 0, 1, 1));
    }

    #[test]
    fn a_huge_jump_is_one_bulk_gap() {
        let mut flow = FlowTracker::new();
        feed(&mut flow, [0, 1_000_000_000]);
        assert_eq!(flow.counts().lost, 1_000_000_000 - 1024, "all but the window settled");
        flow.finish(None);
        assert_eq!(flow.counts(), counts(2, 999_999_999, 0, 0));
        assert_eq!(flow.receive(500_000_000), Arrival::Late);
    }

    #[test]
    fn late_arrivals_older_than_memory_count_as_duplicates() {
        let mut flow = FlowTracker::new();
        // 140 single-sequence gaps, all settled: more than the 128 remembered.
        feed(&mut flow, (0..3000).filter(|s| !(s % 10 == 5 && *s < 1400)));
        assert_eq!(flow.counts().lost, 140);
        assert_eq!(flow.receive(5), Arrival::Duplicate, "forgotten: conservatively a duplicate");
        assert_eq!(flow.receive(1395), Arrival::Late, "recent gaps are remembered");
    }

    #[test]
    fn expected_flows_that_received_nothing_lose_everything() {
        let mut tracker = DeliveryTracker::default();
        tracker.expect(7);
        tracker.receive(3, 0);
        tracker.receive(3, 1);
        tracker.finish(|publisher| Some(if publisher == 7 { 10 } else { 2 }));
        let total = tracker.counts();
        assert_eq!(
            total,
            DeliveryCounts { flows: 2, received: 2, lost: 10, duplicates: 0, reordered: 0 }
        );
        assert!((total.loss_pct() - 10.0 * 100.0 / 12.0).abs() < 1e-9);
    }

    #[test]
    fn a_joining_tracker_does_not_count_what_came_before_it() {
        let mut tracker = DeliveryTracker::joining();
        tracker.receive(4, 500);
        tracker.receive(4, 502);
        tracker.finish(|_| None);
        assert_eq!(
            tracker.counts(),
            DeliveryCounts { flows: 1, received: 2, lost: 1, duplicates: 0, reordered: 0 }
        );
        let mut from_zero = DeliveryTracker::default();
        from_zero.receive(4, 500);
        from_zero.finish(|_| None);
        assert_eq!(from_zero.counts().lost, 500);
    }

    #[test]
    fn flows_are_independent() {
        let mut tracker = DeliveryTracker::default();
        assert_eq!(tracker.receive(1, 0), Arrival::InOrder);
        assert_eq!(tracker.receive(2, 0), Arrival::InOrder, "same sequence, other publisher");
        assert_eq!(tracker.receive(1, 0), Arrival::Duplicate);
    }

    #[test]
    fn failure_policy_depends_on_qos() {
        let lossy = DeliveryCounts { lost: 3, ..DeliveryCounts::default() };
        let duplicated = DeliveryCounts { duplicates: 2, ..DeliveryCounts::default() };
        assert!(lossy.failures(0).is_empty(), "QoS 0 may lose");
        assert_eq!(lossy.failures(1), ["3 message(s) lost at QoS 1"]);
        assert!(duplicated.failures(1).is_empty(), "QoS 1 may duplicate");
        assert_eq!(duplicated.failures(2).len(), 1);
    }

    /// Compares the tracker with an exact set-based model on shuffled,
    /// lossy, duplicated streams.
    #[test]
    fn matches_an_exact_model_on_random_streams() {
        for (seed, displacement) in [(1u64, 3u64), (2, 40), (3, 200), (4, 900)] {
            let mut rng = SplitMix64::new(seed);
            let sent = 20_000u64;
            let mut arrivals: Vec<(u64, u64)> = Vec::new();
            for sequence in 0..sent {
                let roll = rng.below(1000);
                if roll < 10 {
                    continue; // dropped
                }
                let copies = if roll >= 990 { 2 } else { 1 };
                for _ in 0..copies {
                    arrivals.push((sequence * 4 + rng.below(displacement * 4), sequence));
                }
            }
            arrivals.sort();
            let mut flow = FlowTracker::new();
            let (mut seen, mut highest, mut reordered, mut duplicates) =
                (HashSet::new(), None, 0, 0);
            for &(_, sequence) in &arrivals {
                flow.receive(sequence);
                if !seen.insert(sequence) {
                    duplicates += 1;
                } else if highest.is_some_and(|h| sequence < h) {
                    reordered += 1;
                } else {
                    highest = Some(sequence);
                }
            }
            flow.finish(Some(sent));
            let unique = seen.len() as u64;
            let expected = counts(unique, sent - unique, duplicates, reordered);
            assert_eq!(flow.counts(), expected, "seed {seed}, displacement {displacement}");
        }
    }
}
