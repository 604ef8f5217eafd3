//! Per-thread recorders: where publishers, subscribers, connects and the
//! ack hook record, without sharing one lock across threads.
//!
//! Policy: every thread that records gets its own [`WorkerStats`] on first
//! use (a recorder is a few hundred KiB once its histograms grow, so one
//! per thread, never one per connection). Recording locks only that
//! thread's slot, which nobody else touches except the collector once a
//! second, so the lock is uncontended on the hot path. The collector moves
//! everything into the run's global recorder with [`Registry::collect`]:
//! it swaps an emptied spare recorder in (holding the lock only for the
//! swap) and adds the full one up outside the lock, so a recording thread
//! never waits for histograms being added.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use mqtt_bench::errors::{ErrorCounts, Stage};
use mqtt_bench::recorder::{MeasureWindow, Recorder};

/// What one thread recorded since the last collection.
pub struct WorkerStats {
    pub recorder: Recorder,
    pub errors: ErrorCounts,
}

impl WorkerStats {
    /// Records a failure with an MQTT reason code (or a non-failure code
    /// such as 0x10, which is counted but not an error).
    pub fn code(&mut self, stage: Stage, code: u8, measured: bool) {
        self.errors.record_code(stage, code);
        if code >= 0x80 {
            self.recorder.on_error(measured);
        }
    }

    /// Records a failure without a reason code.
    pub fn failure(&mut self, stage: Stage, label: &str, measured: bool) {
        self.errors.record_other(stage, label);
        self.recorder.on_error(measured);
    }
}

type Slot = Arc<Mutex<WorkerStats>>;

/// The slots of one run.
pub struct Registry {
    id: u64,
    state: Mutex<State>,
    /// One emptied recorder per slot, swapped in at each collection.
    spares: Mutex<Vec<Recorder>>,
}

struct State {
    window: MeasureWindow,
    slots: Vec<Slot>,
}

static NEXT_REGISTRY: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's slot, tagged with the registry it belongs to.
    static LOCAL: RefCell<Option<(u64, Slot)>> = const { RefCell::new(None) };
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Registry {
    /// A registry whose recorders measure `window` (changeable later).
    pub fn new(window: MeasureWindow) -> Registry {
        Registry {
            id: NEXT_REGISTRY.fetch_add(1, Ordering::Relaxed),
            state: Mutex::new(State { window, slots: Vec::new() }),
            spares: Mutex::new(Vec::new()),
        }
    }

    /// Runs `record` on this thread's stats. Must not be nested.
    pub fn with<R>(&self, record: impl FnOnce(&mut WorkerStats) -> R) -> R {
        LOCAL.with(|local| {
            let mut local = local.borrow_mut();
            if !matches!(&*local, Some((id, _)) if *id == self.id) {
                let mut state = lock(&self.state);
                let slot = Arc::new(Mutex::new(WorkerStats {
                    recorder: Recorder::new(state.window),
                    errors: ErrorCounts::default(),
                }));
                state.slots.push(slot.clone());
                *local = Some((self.id, slot));
            }
            let (_, slot) = local.as_ref().expect("set just above");
            let mut stats = lock(slot);
            record(&mut stats)
        })
    }

    /// Sets the measured window of every recorder, present and future.
    pub fn set_window(&self, window: MeasureWindow) {
        let mut state = lock(&self.state);
        state.window = window;
        for slot in &state.slots {
            lock(slot).recorder.set_window(window);
        }
    }

    /// Moves everything recorded so far into `global` and `errors`.
    pub fn collect(&self, global: &mut Recorder, errors: &mut ErrorCounts) -> Result<(), String> {
        let (slots, window) = {
            let state = lock(&self.state);
            (state.slots.clone(), state.window)
        };
        let mut spares = lock(&self.spares);
        spares.resize_with(slots.len(), || Recorder::new(window));
        for (slot, spare) in slots.iter().zip(spares.iter_mut()) {
            spare.set_window(window);
            let slot_errors = {
                let mut stats = lock(slot);
                std::mem::swap(&mut stats.recorder, spare);
                std::mem::take(&mut stats.errors)
            };
            // `spare` now holds what the slot recorded; adding it up empties
            // it (keeping its histograms' memory) for the next swap.
            global.absorb(spare)?;
            if slot_errors != ErrorCounts::default() {
                errors.add_entries(&slot_errors.entries());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use mqtt_bench::recorder::ConnectTimes;

    fn window() -> MeasureWindow {
        MeasureWindow { start_ns: 0, end_ns: None }
    }

    #[test]
    fn every_thread_records_into_its_own_slot_and_collect_sees_all() {
        let registry = Arc::new(Registry::new(window()));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let registry = registry.clone();
                std::thread::spawn(move || {
                    for _ in 0..100 {
                        registry.with(|stats| {
                            stats.recorder.on_connect(&ConnectTimes {
                                total: Duration::from_micros(5),
                                ..ConnectTimes::default()
                            })
                        });
                    }
                    registry.with(|stats| stats.failure(Stage::Transport, "reset", true));
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(lock(&registry.state).slots.len(), 4);
        let mut global = Recorder::new(window());
        let mut errors = ErrorCounts::default();
        registry.collect(&mut global, &mut errors).unwrap();
        let connects = global.total().latencies.summary(mqtt_bench::stats::LatencyKind::Connect);
        assert_eq!(connects.map(|s| s.count), Some(400));
        assert_eq!(global.total().counters.errors, 4);
        assert_eq!(errors.failures(), 4);
        // A second collection finds nothing new.
        let mut again = ErrorCounts::default();
        registry.collect(&mut global, &mut again).unwrap();
        assert_eq!(again.failures(), 0);
        assert_eq!(global.total().counters.errors, 4);
    }

    #[test]
    fn a_new_registry_gets_fresh_slots_on_the_same_thread() {
        let first = Registry::new(window());
        first.with(|stats| stats.failure(Stage::Timeout, "x", true));
        let second = Registry::new(window());
        second.with(|stats| assert_eq!(stats.errors.failures(), 0));
    }

    #[test]
    fn non_failure_codes_are_counted_but_not_errors() {
        let registry = Registry::new(window());
        registry.with(|stats| {
            stats.code(Stage::Publish, 0x10, true);
            stats.code(Stage::Publish, 0x87, true);
        });
        let mut global = Recorder::new(window());
        let mut errors = ErrorCounts::default();
        registry.collect(&mut global, &mut errors).unwrap();
        assert_eq!(errors.entries().len(), 2);
        assert_eq!(global.total().counters.errors, 1);
    }
}
