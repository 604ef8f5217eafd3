//! The bounded queues between `Client`s, the connection task and `Events`.
//!
//! Policy: storage grows with use and starts empty, so an idle connection
//! costs next to nothing (a channel that allocates its slots up front would
//! dominate the memory of a bench holding many idle connections; see
//! BENCHMARKS.md for the figures). Here a `VecDeque` behind a mutex
//! holds the items, a semaphore counts free capacity (so senders wait, in
//! order, for room), and a `Notify` wakes the one receiver. The receiver
//! takes a whole batch under one lock.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{Notify, Semaphore, TryAcquireError};

struct Shared<T> {
    state: Mutex<State<T>>,
    /// Free capacity; closed when the receiver closes.
    room: Semaphore,
    /// Wakes the receiver: an item arrived or the last sender left.
    readable: Notify,
    /// Wakes `Sender::closed` waiters when the receiver closes.
    receiver_gone: Notify,
}

struct State<T> {
    items: VecDeque<T>,
    senders: usize,
    receiver_closed: bool,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // Nothing panics while holding the lock; recover from poison anyway.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends an item whose room was already taken from the semaphore.
    fn push(&self, item: T) -> Result<(), T> {
        let mut state = self.lock();
        if state.receiver_closed {
            return Err(item);
        }
        state.items.push_back(item);
        drop(state);
        self.readable.notify_one();
        Ok(())
    }
}

/// Creates a queue holding at most `capacity` items (at least one).
pub(crate) fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State { items: VecDeque::new(), senders: 1, receiver_closed: false }),
        room: Semaphore::new(capacity.clamp(1, Semaphore::MAX_PERMITS)),
        readable: Notify::new(),
        receiver_gone: Notify::new(),
    });
    (Sender { shared: shared.clone() }, Receiver { shared })
}

/// The receiver closed the queue; the item comes back.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Closed<T>(pub(crate) T);

/// Why `try_send` did not queue the item.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TrySendError<T> {
    Full(T),
    Closed(T),
}

pub(crate) struct Sender<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Sender<T> {
    /// Queues `item`, waiting for room.
    pub(crate) async fn send(&self, item: T) -> Result<(), Closed<T>> {
        match self.shared.room.acquire().await {
            Ok(permit) => permit.forget(),
            Err(_) => return Err(Closed(item)),
        }
        self.shared.push(item).map_err(Closed)
    }

    /// Queues `item` if there is room now.
    pub(crate) fn try_send(&self, item: T) -> Result<(), TrySendError<T>> {
        match self.shared.room.try_acquire() {
            Ok(permit) => permit.forget(),
            Err(TryAcquireError::NoPermits) => return Err(TrySendError::Full(item)),
            Err(TryAcquireError::Closed) => return Err(TrySendError::Closed(item)),
        }
        self.shared.push(item).map_err(TrySendError::Closed)
    }

    /// Waits for room and holds it; cancel-safe (dropping the future or the
    /// permit gives the room back).
    pub(crate) async fn reserve(&self) -> Result<Permit<'_, T>, Closed<()>> {
        match self.shared.room.acquire().await {
            Ok(permit) => {
                permit.forget();
                Ok(Permit { sender: self, used: false })
            }
            Err(_) => Err(Closed(())),
        }
    }

    /// Whether the receiver has closed the queue (or was dropped).
    pub(crate) fn is_closed(&self) -> bool {
        self.shared.lock().receiver_closed
    }

    /// Completes once the receiver has closed the queue.
    pub(crate) async fn closed(&self) {
        loop {
            let notified = self.shared.receiver_gone.notified();
            tokio::pin!(notified);
            // Registered before the check, so a close in between still wakes.
            notified.as_mut().enable();
            if self.is_closed() {
                return;
            }
            notified.await;
        }
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        self.shared.lock().senders += 1;
        Sender { shared: self.shared.clone() }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.senders -= 1;
        let last = state.senders == 0;
        drop(state);
        if last {
            self.shared.readable.notify_one();
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

/// Room for one item, taken by [`Sender::reserve`].
pub(crate) struct Permit<'a, T> {
    sender: &'a Sender<T>,
    used: bool,
}

impl<T> Permit<'_, T> {
    /// Queues `item` in the reserved room (dropped if the receiver closed
    /// meanwhile, as the queue's own items are).
    pub(crate) fn send(mut self, item: T) {
        self.used = true;
        drop(self.sender.shared.push(item));
    }
}

impl<T> Drop for Permit<'_, T> {
    fn drop(&mut self) {
        if !self.used {
            self.sender.shared.room.add_permits(1);
        }
    }
}

pub(crate) struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// Nothing to take: the queue is empty, or empty and closed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TryRecvError {
    Empty,
    Disconnected,
}

impl<T> Receiver<T> {
    /// Moves up to `limit` items into `buffer`, waiting for at least one;
    /// 0 once the queue is empty and closed (every sender dropped, or
    /// [`Receiver::close`]).
    pub(crate) async fn recv_many(&mut self, buffer: &mut Vec<T>, limit: usize) -> usize {
        loop {
            match self.take(buffer, limit.max(1)) {
                Ok(count) => return count,
                Err(TryRecvError::Disconnected) => return 0,
                // A notification left over from an earlier wake-up only
                // costs one more look.
                Err(TryRecvError::Empty) => self.shared.readable.notified().await,
            }
        }
    }

    /// The next item, waiting for one; `None` once empty and closed.
    pub(crate) async fn recv(&mut self) -> Option<T> {
        loop {
            match self.try_recv() {
                Ok(item) => return Some(item),
                Err(TryRecvError::Disconnected) => return None,
                Err(TryRecvError::Empty) => self.shared.readable.notified().await,
            }
        }
    }

    /// The next item if one is queued.
    pub(crate) fn try_recv(&mut self) -> Result<T, TryRecvError> {
        let mut state = self.shared.lock();
        let item = state.items.pop_front();
        let closed = state.senders == 0 || state.receiver_closed;
        drop(state);
        match item {
            Some(item) => {
                self.shared.room.add_permits(1);
                Ok(item)
            }
            None if closed => Err(TryRecvError::Disconnected),
            None => Err(TryRecvError::Empty),
        }
    }

    fn take(&mut self, buffer: &mut Vec<T>, limit: usize) -> Result<usize, TryRecvError> {
        let mut state = self.shared.lock();
        let count = state.items.len().min(limit);
        if count == 0 {
            let closed = state.senders == 0 || state.receiver_closed;
            return Err(if closed { TryRecvError::Disconnected } else { TryRecvError::Empty });
        }
        buffer.extend(state.items.drain(..count));
        drop(state);
        self.shared.room.add_permits(count);
        Ok(count)
    }

    /// Refuses further items; those already queued can still be taken.
    pub(crate) fn close(&mut self) {
        self.shared.lock().receiver_closed = true;
        self.shared.room.close();
        self.shared.receiver_gone.notify_waiters();
    }

    /// Whether nothing more can arrive: every sender dropped, or closed.
    pub(crate) fn is_closed(&self) -> bool {
        let state = self.shared.lock();
        state.senders == 0 || state.receiver_closed
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.close();
        // Dropped here, not with the last sender: queued items may hold
        // completions their callers are waiting on.
        let items = std::mem::take(&mut self.shared.lock().items);
        drop(items);
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
