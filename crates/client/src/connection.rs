//! The connection task: one tokio task per connection owns the socket and
//! the session, and outlives links when reconnecting.
//!
//! Policy: [`connect`] does the first CONNECT/CONNACK itself, so a refusal
//! is returned to the caller, then spawns the task. The task drives one
//! link at a time (`link.rs`: read, session, batched write, timers). When a
//! link fails it tells the caller ([`Event::Disconnected`]), fails pending
//! SUBSCRIBE/UNSUBSCRIBE requests, and either stops (failing every
//! unconfirmed message with the link's error) or, with a reconnect policy,
//! reconnects with backoff (never after a protocol violation or a
//! malformed packet: the broker would do it again). On reconnect, MQTT 5 asks to resume the session
//! (clean start off); 3.x keeps the caller's clean-session choice, because
//! a 3.x session without clean session never expires. A resumed session
//! resends unconfirmed messages; a lost one reports them.

mod link;

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

use bytes::BytesMut;
use mqtt_proto::ProtocolVersion;
use tokio::sync::oneshot;

use crate::client::{Client, Command, PublishDone, RequestDone, Shared};
use crate::error::ClientError;
use crate::events::{Event, Events};
use crate::handshake::{client_id, establish, Established};
use crate::options::ConnectOptions;
use crate::queue::{self, TrySendError};
use crate::reconnect::{Backoff, ReconnectPolicy};
use crate::session::{Session, SessionConfig};
use crate::transport::{Connector, Transport};

/// Capacity of the command queue between `Client`s and the task.
const COMMAND_CAPACITY: usize = 1024;

/// Connects (transport, CONNECT, CONNACK) and spawns the connection task.
/// A CONNACK refusal is [`ClientError::Refused`] with its reason code.
pub async fn connect(options: ConnectOptions) -> Result<(Client, Events), ClientError> {
    let connector = Connector::new(&options.transport)?;
    connect_with(connector, options).await
}

/// [`connect`] through a prepared [`Connector`] (its broker and TLS
/// settings win over `options.transport`), so many connections share one
/// TLS configuration instead of reading CA files for each (`bench`).
pub async fn connect_with(
    connector: Connector,
    options: ConnectOptions,
) -> Result<(Client, Events), ClientError> {
    let client_id = client_id(&options);
    let established = establish(&connector, &options, options.clean_start, &client_id).await?;
    let version = options.protocol;
    let info = Arc::new(established.info.clone());
    let shared = Arc::new(Shared::new(version, info));
    let (command_sender, commands) = queue::bounded(COMMAND_CAPACITY);
    let (event_sender, events) = queue::bounded(options.message_capacity.max(1));
    let config = SessionConfig {
        version,
        max_inflight: options.window(),
        receive_maximum: options.receive_maximum.unwrap_or(u16::MAX).max(1),
        topic_alias_maximum: options.topic_alias_maximum,
        ack_timeout: options.ack_timeout,
    };
    let connection = Connection {
        client_id: established.info.client_id.clone(),
        session: Session::new(config, Instant::now()),
        options,
        connector,
        version,
        commands,
        events: event_sender,
        events_open: true,
        pending_events: VecDeque::new(),
        shared: shared.clone(),
        read_buf: BytesMut::new(),
        read_reserve: link::READ_RESERVE_MIN,
        write_buf: BytesMut::new(),
        batch: Vec::new(),
    };
    let mut connection = connection;
    let transport = connection.start_link(established, false);
    tokio::spawn(connection.run(transport));
    Ok((Client::new(command_sender, shared), Events::new(events)))
}

/// How a link ended.
pub(crate) enum LinkEnd {
    /// DISCONNECT sent (by request, or because every `Client` was dropped).
    Closed(Option<oneshot::Sender<Result<(), ClientError>>>),
    /// [`Client::abort`]: dropped without DISCONNECT.
    Aborted,
    /// The link failed or the broker disconnected us.
    Failed(ClientError),
}

pub(crate) struct Connection {
    options: ConnectOptions,
    connector: Connector,
    client_id: String,
    version: ProtocolVersion,
    session: Session<PublishDone, RequestDone>,
    commands: queue::Receiver<Command>,
    events: queue::Sender<Event>,
    /// False once `Events` was dropped: messages are then discarded.
    events_open: bool,
    /// Events waiting for room in the stream; reading pauses meanwhile.
    pending_events: VecDeque<Event>,
    shared: Arc<Shared>,
    read_buf: BytesMut,
    /// Free space to keep in `read_buf` before a read (see `link.rs`).
    read_reserve: usize,
    write_buf: BytesMut,
    batch: Vec<Command>,
}

impl Connection {
    /// The task's life. A plain fn returning an `async move` block, not an
    /// `async fn`: an async fn keeps a second copy of `self` (and the
    /// CONNACK it started from) in its state for as long as it runs, which
    /// doubled the memory of every idle connection.
    #[allow(clippy::manual_async_fn)] // the point: see above
    fn run(mut self, first: Transport) -> impl std::future::Future<Output = ()> + Send {
        async move {
            let mut transport = first;
            loop {
                match self.drive(transport).await {
                    LinkEnd::Closed(done) => {
                        self.finish(ClientError::Closed).await;
                        if let Some(done) = done {
                            let _ = done.send(Ok(()));
                        }
                        return;
                    }
                    LinkEnd::Aborted => return self.finish(ClientError::Closed).await,
                    LinkEnd::Failed(error) => {
                        for request in self.session.on_link_lost() {
                            request.fail(error.clone());
                        }
                        self.read_buf.clear();
                        self.write_buf.clear();
                        self.deliver(Event::Disconnected { reason: error.clone() });
                        let policy =
                            self.options.reconnect.clone().filter(|_| error.is_retryable());
                        let Some(policy) = policy else {
                            return self.finish(error).await;
                        };
                        match self.reconnect(policy).await {
                            Some(next) => transport = next,
                            None => return self.finish(error).await,
                        }
                    }
                }
            }
        }
    }

    /// Puts an accepted connection into service: resumes or drops the
    /// session, publishes the new CONNACK, reports a reconnect.
    fn start_link(&mut self, established: Established, reconnected: bool) -> Transport {
        let Established { transport, info, leftover } = established;
        let info = Arc::new(info);
        self.read_buf = leftover;
        let dead_after = self.options.dead_link_after(info.keep_alive);
        let mut outbox =
            link::Encoder::new(&mut self.write_buf, self.options.trace.as_ref(), self.version);
        let unconfirmed = self.session.on_connected(
            info.session_present,
            info.limits.receive_maximum,
            info.keep_alive,
            dead_after,
            Instant::now(),
            &mut outbox,
        );
        self.fail_unencodable();
        let mut undelivered = Vec::with_capacity(unconfirmed.len());
        for (publish, done) in unconfirmed {
            if let Some(done) = done {
                let _ = done.send(Err(ClientError::SessionLost));
            }
            undelivered.push(publish);
        }
        // Resume under the identifier the broker knows us by.
        self.client_id.clone_from(&info.client_id);
        self.shared.set_connack(info.clone());
        if reconnected {
            let session_present = info.session_present;
            self.deliver(Event::Reconnected { session_present, undelivered, connack: info });
        }
        transport
    }

    /// Fails messages that could not be encoded when they left the queue.
    fn fail_unencodable(&mut self) {
        for (done, error) in self.session.take_failed() {
            if let Some(done) = done {
                let _ = done.send(Err(ClientError::Encode(error)));
            }
        }
    }

    /// Reconnects with backoff and puts the new link into service; `None`
    /// when the policy gives up or the caller closed the client meanwhile.
    async fn reconnect(&mut self, policy: ReconnectPolicy) -> Option<Transport> {
        let mut backoff = Backoff::new(policy);
        // MQTT 5 sessions expire on their own, so always ask to resume.
        let clean_start = if self.version.is_v5() { false } else { self.options.clean_start };
        loop {
            let delay = backoff.next_delay()?;
            if !self.wait_unless_closed(delay).await {
                return None;
            }
            // Boxed: inline, the whole connect machinery (TLS, WebSocket)
            // would sit in every connection task's future for its lifetime.
            let attempt =
                Box::pin(establish(&self.connector, &self.options, clean_start, &self.client_id));
            let closing = self.shared.closing.notified();
            tokio::select! {
                result = attempt => if let Ok(established) = result {
                    return Some(self.start_link(established, true));
                },
                _ = closing => {
                    if self.close_requested() {
                        return None;
                    }
                }
            }
        }
    }

    /// Sleeps for `delay` while delivering pending events; false when the
    /// caller aborted or disconnected meanwhile.
    async fn wait_unless_closed(&mut self, delay: std::time::Duration) -> bool {
        let deadline = tokio::time::Instant::now() + delay;
        loop {
            if self.close_requested() {
                return false;
            }
            let deliver = !self.pending_events.is_empty() && self.events_open;
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => return true,
                _ = self.shared.closing.notified() => {}
                permit = self.events.reserve(), if deliver => match permit {
                    Ok(permit) => permit.send(self.pending_events.pop_front().expect("checked non-empty")),
                    Err(_) => self.events_open = false,
                },
            }
        }
    }

    /// Whether `abort` was called or a DISCONNECT is queued (commands are
    /// moved into the batch, to run on the next link if not closing).
    fn close_requested(&mut self) -> bool {
        if self.shared.abort_requested.load(std::sync::atomic::Ordering::SeqCst) {
            return true;
        }
        while let Ok(command) = self.commands.try_recv() {
            self.batch.push(command);
        }
        self.batch.iter().any(|command| matches!(command, Command::Disconnect { .. }))
    }

    /// Queues an event for the caller; reading pauses while any wait.
    fn deliver(&mut self, event: Event) {
        if !self.events_open {
            return;
        }
        if !self.pending_events.is_empty() {
            self.pending_events.push_back(event);
            return;
        }
        match self.events.try_send(event) {
            Ok(()) => {}
            Err(TrySendError::Full(event)) => {
                self.pending_events.push_back(event);
                self.session.pause_reading();
            }
            Err(TrySendError::Closed(_)) => self.events_open = false,
        }
    }

    /// Ends the task: fails every completion still held with `error`,
    /// answers queued commands, and hands over the remaining events.
    async fn finish(&mut self, error: ClientError) {
        let (publishes, requests) = self.session.close();
        for done in publishes.into_iter().flatten() {
            let _ = done.send(Err(error.clone()));
        }
        for request in requests {
            request.fail(error.clone());
        }
        self.commands.close();
        while let Ok(command) = self.commands.try_recv() {
            self.batch.push(command);
        }
        for command in self.batch.drain(..) {
            match command {
                Command::Publish { done: Some(done), .. } => {
                    drop(done.send(Err(ClientError::Closed)))
                }
                Command::Publish { done: None, .. } => {}
                Command::Subscribe { done, .. } => drop(done.send(Err(ClientError::Closed))),
                Command::Unsubscribe { done, .. } => drop(done.send(Err(ClientError::Closed))),
                Command::Disconnect { done, .. } => drop(done.send(Ok(()))),
            }
        }
        while let Some(event) = self.pending_events.pop_front() {
            if !self.events_open || self.events.send(event).await.is_err() {
                break;
            }
        }
    }
}
