//! A high-resolution timer for the send schedule.
//!
//! tokio's timer wheel has a 1 ms resolution: a publisher due every 100 µs
//! would send in 1 ms bursts, and every message would carry up to a
//! millisecond of the generator's own timer error in its end-to-end
//! latency (measured from the intended send time). This timer is one
//! thread that sleeps until the earliest deadline with a 1 ns timer slack
//! and wakes the waiting tasks, so sends leave within tens of
//! microseconds of their due time.
//!
//! Policy: a sleep registers its waker once (again only if the task's
//! waker changes); a deadline already passed completes without touching
//! the thread. Dropping the [`PreciseTimer`] stops the thread.
//!
//! Publishers, which sleep once per message, use a [`TaskTimer`] instead:
//! on Linux a `timerfd` of their own in the runtime's epoll set, so a due
//! send wakes the worker thread directly, without a hop through the timer
//! thread (two context switches fewer per message). Worker threads run with
//! a 1 ns timer slack ([`lower_timer_slack`]) for the same precision.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

struct Entry {
    at: Instant,
    waker: Waker,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.at == other.at
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    /// Reversed, so the max-heap pops the earliest deadline first.
    fn cmp(&self, other: &Entry) -> Ordering {
        other.at.cmp(&self.at)
    }
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    heap: BinaryHeap<Entry>,
    stop: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The timer thread's handle; cheap to clone.
#[derive(Clone)]
pub struct PreciseTimer {
    shared: Arc<Shared>,
    _owner: Arc<Owner>,
}

/// Stops the thread when the last handle goes away.
struct Owner(Arc<Shared>);

impl Drop for Owner {
    fn drop(&mut self) {
        self.0.lock().stop = true;
        self.0.changed.notify_all();
    }
}

impl PreciseTimer {
    /// Starts the timer thread.
    pub fn start() -> std::io::Result<PreciseTimer> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State { heap: BinaryHeap::new(), stop: false }),
            changed: Condvar::new(),
        });
        let thread_shared = shared.clone();
        std::thread::Builder::new()
            .name("mqtt-bench-timer".into())
            .spawn(move || run(&thread_shared))?;
        Ok(PreciseTimer { _owner: Arc::new(Owner(shared.clone())), shared })
    }

    /// Completes at `at` (at once if that has passed).
    pub fn sleep_until(&self, at: Instant) -> Sleep {
        Sleep { shared: self.shared.clone(), at, registered: None }
    }
}

fn run(shared: &Shared) {
    lower_timer_slack();
    let mut due = Vec::new();
    let mut state = shared.lock();
    loop {
        if state.stop {
            return;
        }
        let now = Instant::now();
        while state.heap.peek().is_some_and(|entry| entry.at <= now) {
            due.push(state.heap.pop().expect("peeked").waker);
        }
        if !due.is_empty() {
            drop(state);
            due.drain(..).for_each(Waker::wake);
            state = shared.lock();
            continue;
        }
        state = match state.heap.peek().map(|entry| entry.at - now) {
            None => shared.changed.wait(state).unwrap_or_else(PoisonError::into_inner),
            Some(wait) => {
                shared.changed.wait_timeout(state, wait).unwrap_or_else(PoisonError::into_inner).0
            }
        };
    }
}

/// Asks the kernel to wake this thread within ~1 ns of its deadline
/// instead of the default 50 µs slack (also for timers this thread arms).
pub fn lower_timer_slack() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_TIMERSLACK takes one unsigned long and affects only
    // the calling thread; failure leaves the default slack.
    unsafe {
        libc::prctl(libc::PR_SET_TIMERSLACK, 1 as libc::c_ulong, 0, 0, 0);
    }
}

/// The future of [`PreciseTimer::sleep_until`].
pub struct Sleep {
    shared: Arc<Shared>,
    at: Instant,
    registered: Option<Waker>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if Instant::now() >= this.at {
            return Poll::Ready(());
        }
        if this.registered.as_ref().is_some_and(|waker| waker.will_wake(cx.waker())) {
            return Poll::Pending;
        }
        this.registered = Some(cx.waker().clone());
        let mut state = this.shared.lock();
        let earliest = state.heap.peek().is_none_or(|entry| this.at < entry.at);
        state.heap.push(Entry { at: this.at, waker: cx.waker().clone() });
        drop(state);
        if earliest {
            this.shared.changed.notify_one();
        }
        Poll::Pending
    }
}

/// A publisher's own precise timer: a timerfd on Linux, else (or when no
/// descriptor is left) the shared timer thread.
pub enum TaskTimer {
    #[cfg(target_os = "linux")]
    Fd(tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>),
    Shared(PreciseTimer),
}

impl TaskTimer {
    /// A timer for one task, falling back to `shared`.
    pub fn new(shared: &PreciseTimer) -> TaskTimer {
        #[cfg(target_os = "linux")]
        if let Some(fd) = timerfd() {
            return TaskTimer::Fd(fd);
        }
        TaskTimer::Shared(shared.clone())
    }

    /// Completes at `at` (at once if that has passed).
    pub async fn sleep_until(&mut self, at: Instant) {
        match self {
            #[cfg(target_os = "linux")]
            TaskTimer::Fd(fd) => timerfd_sleep(fd, at).await,
            TaskTimer::Shared(shared) => shared.sleep_until(at).await,
        }
    }
}

#[cfg(target_os = "linux")]
fn timerfd() -> Option<tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>> {
    use std::os::fd::FromRawFd;
    // SAFETY: timerfd_create has no preconditions; on success the
    // descriptor is new and owned by nobody else.
    let raw = unsafe {
        libc::timerfd_create(libc::CLOCK_MONOTONIC, libc::TFD_NONBLOCK | libc::TFD_CLOEXEC)
    };
    if raw < 0 {
        return None;
    }
    // SAFETY: `raw` is a valid descriptor we own (checked above).
    let owned = unsafe { std::os::fd::OwnedFd::from_raw_fd(raw) };
    // `new` is deprecated for types that may not own their descriptor;
    // an `OwnedFd` does, and `register` needs a newer tokio than the
    // workspace requires.
    #[allow(deprecated)]
    tokio::io::unix::AsyncFd::with_interest(owned, tokio::io::Interest::READABLE).ok()
}

#[cfg(target_os = "linux")]
async fn timerfd_sleep(fd: &tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>, at: Instant) {
    use std::os::fd::AsRawFd;
    let raw = fd.get_ref().as_raw_fd();
    loop {
        let now = Instant::now();
        if now >= at {
            return;
        }
        let wait = at - now;
        let spec = libc::itimerspec {
            it_interval: libc::timespec { tv_sec: 0, tv_nsec: 0 },
            it_value: libc::timespec {
                tv_sec: wait.as_secs() as libc::time_t,
                tv_nsec: wait.subsec_nanos() as libc::c_long,
            },
        };
        // SAFETY: `raw` is our timerfd and `spec` a valid itimerspec;
        // arming replaces any earlier expiry.
        let armed = unsafe { libc::timerfd_settime(raw, 0, &spec, std::ptr::null_mut()) } == 0;
        let Some(mut guard) = (if armed { fd.readable().await.ok() } else { None }) else {
            // Cannot happen for a valid timerfd; tokio's timer still works.
            tokio::time::sleep(wait).await;
            return;
        };
        let mut expirations = [0u8; 8];
        // SAFETY: reads at most 8 bytes into an 8-byte buffer from our fd;
        // EAGAIN (nothing expired: a stale readiness) is fine.
        let _ = unsafe { libc::read(raw, expirations.as_mut_ptr().cast(), 8) };
        guard.clear_ready();
        // Loop: an expiry left by an abandoned sleep may have woken us
        // early; the clock decides.
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn sleeps_end_at_or_after_their_deadline_in_order() {
        let timer = PreciseTimer::start().unwrap();
        let start = Instant::now();
        let deadlines: Vec<Instant> =
            [3u64, 1, 2].iter().map(|ms| start + Duration::from_millis(*ms)).collect();
        let mut tasks = Vec::new();
        for at in deadlines.clone() {
            let timer = timer.clone();
            tasks.push(tokio::spawn(async move {
                timer.sleep_until(at).await;
                Instant::now()
            }));
        }
        for (task, at) in tasks.into_iter().zip(deadlines) {
            let woke = task.await.unwrap();
            assert!(woke >= at, "woke {:?} before its deadline", at - woke);
        }
    }

    #[tokio::test]
    async fn a_task_timer_wakes_at_or_after_each_deadline_even_after_an_abandoned_sleep() {
        let shared = PreciseTimer::start().unwrap();
        let mut timer = TaskTimer::new(&shared);
        #[cfg(target_os = "linux")]
        assert!(matches!(timer, TaskTimer::Fd(_)), "Linux has timerfd");
        let start = Instant::now();
        // Abandoned: armed for a second, dropped after one poll.
        let abandoned =
            tokio::time::timeout(Duration::ZERO, timer.sleep_until(start + Duration::from_secs(1)));
        assert!(abandoned.await.is_err());
        for ms in [2u64, 3, 5] {
            let at = start + Duration::from_millis(ms);
            timer.sleep_until(at).await;
            assert!(Instant::now() >= at);
        }
        timer.sleep_until(start).await;
    }

    #[tokio::test]
    async fn a_past_deadline_completes_at_once() {
        let timer = PreciseTimer::start().unwrap();
        timer.sleep_until(Instant::now() - Duration::from_millis(5)).await;
        assert!(timer.shared.lock().heap.is_empty(), "nothing registered");
    }
}
