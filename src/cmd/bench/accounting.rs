//! Delivery accounting of the message scenarios: which publishers each
//! subscriber should hear from, how many deliveries the drain waits for,
//! and the loss/duplicate/reorder counts once every publisher has said how
//! many it sent.
//!
//! Policy: account only where it can be meaningful. A subscriber whose
//! topics change per message (`%s`, `%rand_N`) sees an unpredictable subset
//! of every flow, and a shared group split across shards cannot be counted
//! by one process; neither gets a tracker.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use mqtt_client::{QoS, TopicFilter};

use crate::cmd::bench::plan::{Mode, RunPlan};
use mqtt_bench::delivery::{DeliveryCounts, DeliveryTracker};

/// A shared delivery tracker.
pub type Tracker = Arc<Mutex<DeliveryTracker>>;

/// A delivery tracker and the publishers it should hear from.
#[derive(Clone)]
struct Accounting {
    tracker: Tracker,
    expected: Vec<u32>,
}

/// One tracker per subscriber (one per shared group for `--shared`), in
/// subscriber order; `None` where accounting cannot be meaningful.
pub struct Accounts(Vec<Option<Accounting>>);

impl Accounts {
    /// The accounting of `plan`'s subscribers.
    pub fn new(plan: &RunPlan) -> Accounts {
        let count = plan.subscribers.len();
        let per_message = plan.topic.per_message();
        if plan.shared.is_none() {
            return Accounts(plan.subscribers.clone().map(|index| own(plan, index)).collect());
        }
        if plan.common.shard.is_some_and(|shard| shard.count > 1) || per_message {
            return Accounts((0..count).map(|_| None).collect());
        }
        let group = shared_group(plan);
        Accounts((0..count).map(|_| Some(group.clone())).collect())
    }

    /// The tracker of the subscriber at `offset` in this shard.
    pub fn tracker(&self, offset: usize) -> Option<Tracker> {
        self.0.get(offset).and_then(|account| account.as_ref().map(|a| a.tracker.clone()))
    }

    /// Each tracker once: a shared group's tracker appears once per member,
    /// and its deliveries must be counted once.
    fn distinct(&self) -> impl Iterator<Item = &Accounting> {
        let mut seen: Vec<&Tracker> = Vec::new();
        self.0.iter().flatten().filter(move |account| {
            if seen.iter().any(|other| Arc::ptr_eq(other, &account.tracker)) {
                return false;
            }
            seen.push(&account.tracker);
            true
        })
    }

    /// Deliveries the subscribers should see in total, when it is knowable.
    pub fn expected(&self, plan: &RunPlan, sent_by: &HashMap<u32, u64>) -> Option<u64> {
        if plan.mode == Mode::Sub || plan.qos == QoS::AtMostOnce && plan.subscriber_delay.is_some()
        {
            return None;
        }
        if self.0.iter().any(Option::is_none) {
            return None;
        }
        let total = self
            .distinct()
            .map(|account| {
                account
                    .expected
                    .iter()
                    .map(|index| sent_by.get(index).copied().unwrap_or(0))
                    .sum::<u64>()
            })
            .sum();
        Some(total)
    }

    /// Closes every tracker with each publisher's final count and adds
    /// their counts up.
    pub fn settle(&self, sent_by: &HashMap<u32, u64>) -> DeliveryCounts {
        let mut delivery = DeliveryCounts::default();
        for account in self.distinct() {
            let mut tracker = account.tracker.lock().unwrap_or_else(PoisonError::into_inner);
            tracker.finish(|publisher| sent_by.get(&publisher).copied());
            delivery += tracker.counts();
        }
        delivery
    }
}

fn new_tracker(plan: &RunPlan) -> Tracker {
    Arc::new(Mutex::new(if plan.mode == Mode::Sub {
        DeliveryTracker::joining()
    } else {
        DeliveryTracker::default()
    }))
}

/// Which of this process's publishers deliver to `filter`.
fn matching(plan: &RunPlan, filter: &TopicFilter) -> Vec<u32> {
    plan.publishers
        .clone()
        .filter(
            |&index| matches!(plan.static_topic(index), Some(Ok(topic)) if filter.matches(&topic)),
        )
        .collect()
}

/// A group splits the messages among its members: one tracker for the
/// whole group, expecting every publisher any member's filter matches.
fn shared_group(plan: &RunPlan) -> Accounting {
    let mut expected: Vec<u32> = Vec::new();
    for index in plan.subscribers.clone() {
        if let Ok(filter) = plan.subscription(index) {
            expected.extend(matching(plan, &filter));
        }
    }
    expected.sort_unstable();
    expected.dedup();
    Accounting { tracker: new_tracker(plan), expected }
}

/// Subscriber `index`'s own tracker, expecting the publishers its filter
/// matches.
fn own(plan: &RunPlan, index: u32) -> Option<Accounting> {
    if plan.topic.per_message() {
        return None;
    }
    let expected =
        plan.subscription(index).map(|filter| matching(plan, &filter)).unwrap_or_default();
    let tracker = new_tracker(plan);
    {
        let mut guard = tracker.lock().unwrap_or_else(PoisonError::into_inner);
        for &publisher in &expected {
            guard.expect(publisher);
        }
    }
    Some(Accounting { tracker, expected })
}
