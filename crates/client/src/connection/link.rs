//! Driving one link: socket reads, the session, batched writes, timers.
//!
//! Policy: one `select!` loop, no per-packet flush. Commands are drained
//! from the queue in batches (`recv_many`) and encoded straight into one
//! write buffer; acks produced while decoding a read are appended to the
//! same buffer, so under load one `write` carries many packets. Reading and
//! writing proceed independently, so neither side can deadlock the other.
//! Taking commands stops while the write buffer is above its high-water
//! mark or a message waits for the in-flight window; reading stops while an
//! event waits for room in the [`crate::Events`] stream. On a current-thread
//! runtime a small write after a read first yields once, so that what the
//! broker sends meanwhile is acknowledged in the same write.

use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bytes::{Buf, BytesMut};
use futures_util::FutureExt;
use mqtt_proto::{decode, Disconnect, DisconnectReasonCode, EncodeError, Packet, ProtocolVersion};
use tokio::io::{AsyncReadExt, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::time::Sleep;

use crate::client::{Command, RequestDone};
use crate::connection::{Connection, LinkEnd};
use crate::error::ClientError;
use crate::events::Event;
use crate::options::{Direction, Trace};
use crate::session::{Expired, Incoming, Outbox, Violation};
use crate::transport::Transport;

/// Commands taken from the queue per batch.
const COMMAND_BATCH: usize = 512;
/// Stop taking commands while this much is waiting to be written.
const WRITE_HIGH_WATER: usize = 256 * 1024;
/// Free space kept in the read buffer before each read: it starts small,
/// since an idle connection (a bench holding 10,000) should cost little,
/// doubles whenever a read fills what was free, up to the maximum, and
/// halves again when reads stay small; an empty buffer much larger than
/// the reserve is given back.
pub(crate) const READ_RESERVE_MIN: usize = 256;
const READ_RESERVE_MAX: usize = 64 * 1024;
/// Reads tried without waiting after a read, before writing.
const EXTRA_READS: usize = 8;
/// Writes up to this size wait one scheduler pass for more to join them.
const COALESCE_BELOW: usize = 4 * 1024;
/// How long a closing DISCONNECT may take to write.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// The session's [`Outbox`]: encodes into the write buffer and traces.
pub(crate) struct Encoder<'a> {
    buf: &'a mut BytesMut,
    trace: Option<&'a Trace>,
    version: ProtocolVersion,
}

impl<'a> Encoder<'a> {
    pub(crate) fn new(
        buf: &'a mut BytesMut,
        trace: Option<&'a Trace>,
        version: ProtocolVersion,
    ) -> Encoder<'a> {
        Encoder { buf, trace, version }
    }
}

impl Outbox for Encoder<'_> {
    fn send(&mut self, packet: &Packet) -> Result<(), EncodeError> {
        packet.encode(self.version, self.buf)?;
        if let Some(trace) = self.trace {
            trace(Direction::Sent, packet);
        }
        Ok(())
    }
}

/// What the command batch asked for beyond sending packets.
enum Flow {
    Continue,
    Disconnect(Disconnect, tokio::sync::oneshot::Sender<Result<(), ClientError>>),
}

/// What woke the link loop.
enum Wake {
    Nothing,
    /// `Some(n)`: bytes written; `None`: flushed.
    Wrote(std::io::Result<Option<usize>>),
    Read(std::io::Result<usize>),
    Delivered,
    EventsClosed,
    Commands(usize),
    Timer,
}

/// What `drive`'s loop keeps between wake-ups.
struct LoopState {
    /// The deadline the timer is set for, if any.
    armed: Option<Instant>,
    /// The last write emptied the buffer: flush once more.
    flush_needed: bool,
    /// The command queue still has senders.
    commands_open: bool,
    /// Yield once before a small write. Only on a current-thread runtime:
    /// on a multi-thread one each yield costs another worker's wake-up.
    coalesce: bool,
}

impl LoopState {
    fn new(commands_open: bool) -> LoopState {
        let flavor = tokio::runtime::Handle::current().runtime_flavor();
        LoopState {
            armed: None,
            flush_needed: false,
            commands_open,
            coalesce: flavor == tokio::runtime::RuntimeFlavor::CurrentThread,
        }
    }
}

/// Writes what is buffered, or flushes once the buffer is empty (TLS and
/// WebSocket streams hold data until flushed).
async fn write_or_flush(
    writer: &mut WriteHalf<Transport>,
    buf: &[u8],
) -> std::io::Result<Option<usize>> {
    if buf.is_empty() {
        writer.flush().await.map(|()| None)
    } else {
        writer.write(buf).await.map(Some)
    }
}

/// Why reading without waiting stopped the link.
enum ReadStop {
    /// The socket failed or closed.
    Failed(ClientError),
    /// A packet ended the link (see [`ReadEnd`]).
    Bad(ReadEnd),
}

/// A reason to drop the link found while reading.
enum ReadEnd {
    Server(Disconnect),
    Violation(Violation),
    Decode(mqtt_proto::DecodeError),
}

impl Connection {
    pub(crate) async fn drive(&mut self, transport: Transport) -> LinkEnd {
        let (mut reader, mut writer) = tokio::io::split(transport);
        let sleep = tokio::time::sleep(Duration::from_secs(3600));
        tokio::pin!(sleep);
        // Futures that live across iterations: re-registering a waiter (or
        // a timer) on every wake-up would cost more than the work itself.
        let shared = self.shared.clone();
        let closing = shared.closing.notified();
        tokio::pin!(closing);
        let events = self.events.clone();
        let events_closed = events.closed();
        tokio::pin!(events_closed);
        let mut state = LoopState::new(!self.commands.is_closed());
        if let Some(end) = self.start(&mut writer).await {
            return end;
        }
        loop {
            if let Some(end) = self.stop_requested(&state, &mut writer).await {
                return end;
            }
            self.arm_timer(sleep.as_mut(), &mut state.armed);
            self.reserve_read_space();
            let can_write = !self.write_buf.is_empty();
            let can_read = self.pending_events.is_empty();
            let can_take = state.commands_open
                && self.session.accepts_commands()
                && self.write_buf.len() < WRITE_HIGH_WATER;
            let deliver = !self.pending_events.is_empty();
            // Branches only report what happened; `handle` runs after the
            // select has dropped its borrows.
            let wake = tokio::select! {
                result = write_or_flush(&mut writer, &self.write_buf), if can_write || state.flush_needed => Wake::Wrote(result),
                result = reader.read_buf(&mut self.read_buf), if can_read => Wake::Read(result),
                permit = self.events.reserve(), if deliver => match permit {
                    Ok(permit) => {
                        permit.send(self.pending_events.pop_front().expect("checked non-empty"));
                        Wake::Delivered
                    }
                    Err(_) => Wake::EventsClosed,
                },
                _ = &mut events_closed, if self.events_open && !deliver => Wake::EventsClosed,
                count = self.commands.recv_many(&mut self.batch, COMMAND_BATCH), if can_take => Wake::Commands(count),
                _ = &mut closing => {
                    closing.set(shared.closing.notified());
                    Wake::Nothing
                }
                _ = &mut sleep, if state.armed.is_some() => Wake::Timer,
            };
            if let Some(end) = self.handle(wake, &mut state, &mut reader, &mut writer).await {
                return end;
            }
        }
    }

    /// Before the loop: commands held over from a reconnect wait, then the
    /// bytes that came with the CONNACK.
    async fn start(&mut self, writer: &mut WriteHalf<Transport>) -> Option<LinkEnd> {
        if !self.batch.is_empty() {
            if let Flow::Disconnect(disconnect, done) = self.process_commands() {
                return Some(self.close_link(disconnect, Some(done), writer).await);
            }
        }
        match self.process_input(Instant::now()) {
            Ok(()) => None,
            Err(end) => Some(self.read_failed(end, writer).await),
        }
    }

    /// An abort, or nobody left to send or receive (then close politely).
    async fn stop_requested(
        &mut self,
        state: &LoopState,
        writer: &mut WriteHalf<Transport>,
    ) -> Option<LinkEnd> {
        if self.shared.abort_requested.load(Ordering::SeqCst) {
            return Some(LinkEnd::Aborted);
        }
        if !state.commands_open && !self.events_open {
            return Some(self.close_link(Disconnect::default(), None, writer).await);
        }
        None
    }

    /// The timer is only moved earlier; a timer that fires early finds
    /// nothing due and is re-armed at the real deadline. Traffic moves the
    /// keep-alive deadline on every packet, the timer rarely.
    fn arm_timer(&self, sleep: Pin<&mut Sleep>, armed: &mut Option<Instant>) {
        match (self.session.next_deadline(), *armed) {
            (None, _) => *armed = None,
            (Some(deadline), Some(current)) if current <= deadline => {}
            (Some(deadline), _) => {
                sleep.reset(deadline.into());
                *armed = Some(deadline);
            }
        }
    }

    /// What a wake-up of the loop leads to; `Some` ends the link.
    async fn handle(
        &mut self,
        wake: Wake,
        state: &mut LoopState,
        reader: &mut ReadHalf<Transport>,
        writer: &mut WriteHalf<Transport>,
    ) -> Option<LinkEnd> {
        match wake {
            Wake::Nothing => None,
            Wake::Wrote(Ok(Some(0))) | Wake::Read(Ok(0)) => {
                Some(LinkEnd::Failed(ClientError::ConnectionClosed))
            }
            Wake::Wrote(Ok(Some(count))) => {
                self.write_buf.advance(count);
                self.session.on_sent(Instant::now());
                state.flush_needed = self.write_buf.is_empty();
                None
            }
            Wake::Wrote(Ok(None)) => {
                state.flush_needed = false;
                None
            }
            Wake::Wrote(Err(error)) | Wake::Read(Err(error)) => Some(LinkEnd::Failed(error.into())),
            Wake::Read(Ok(count)) => self.on_read(count, state.coalesce, reader, writer).await,
            Wake::Delivered => self.on_delivered(writer).await,
            Wake::EventsClosed => {
                self.events_open = false;
                self.pending_events.clear();
                self.on_delivered(writer).await
            }
            Wake::Commands(0) => {
                state.commands_open = false;
                None
            }
            Wake::Commands(_) => match self.process_commands() {
                Flow::Disconnect(disconnect, done) => {
                    Some(self.close_link(disconnect, Some(done), writer).await)
                }
                Flow::Continue => None,
            },
            Wake::Timer => {
                state.armed = None;
                self.on_timer()
            }
        }
    }

    /// Bytes arrived: decode them, take whatever else already arrived, and
    /// let a small write wait one scheduler pass so more acks can join it.
    async fn on_read(
        &mut self,
        count: usize,
        coalesce: bool,
        reader: &mut ReadHalf<Transport>,
        writer: &mut WriteHalf<Transport>,
    ) -> Option<LinkEnd> {
        self.grow_read_reserve(count);
        if let Err(end) = self.process_input(Instant::now()) {
            return Some(self.read_failed(end, writer).await);
        }
        // Take whatever else already arrived before writing, so the acks and
        // messages it releases share one write.
        if let Err(end) = self.read_ready(reader) {
            return Some(self.end_read(end, writer).await);
        }
        // The broker, on another core, has often sent more after one pass of
        // the scheduler, and one write then carries all the acks. On loopback
        // every write runs the broker's receive path too, so this saves more
        // than it costs (BENCHMARKS.md, "write coalescing").
        if coalesce && !self.write_buf.is_empty() && self.write_buf.len() <= COALESCE_BELOW {
            tokio::task::yield_now().await;
            if let Err(end) = self.read_ready(reader) {
                return Some(self.end_read(end, writer).await);
            }
        }
        None
    }

    /// An event left for the caller (or the caller went away): once none
    /// wait, reading resumes.
    async fn on_delivered(&mut self, writer: &mut WriteHalf<Transport>) -> Option<LinkEnd> {
        if !self.pending_events.is_empty() {
            return None;
        }
        let now = Instant::now();
        self.session.resume_reading(now);
        match self.process_input(now) {
            Ok(()) => None,
            Err(end) => Some(self.read_failed(end, writer).await),
        }
    }

    /// Keep-alive and retry deadlines; a silent broker ends the link.
    fn on_timer(&mut self) -> Option<LinkEnd> {
        let now = Instant::now();
        let mut outbox =
            Encoder::new(&mut self.write_buf, self.options.trace.as_ref(), self.version);
        match self.session.poll_timers(now, &mut outbox) {
            Ok(()) => None,
            Err(Expired::KeepAlive(silence)) => {
                Some(LinkEnd::Failed(ClientError::KeepAliveTimeout(silence)))
            }
            Err(Expired::Ack { waited, awaiting }) => {
                Some(LinkEnd::Failed(ClientError::AckTimeout { waited, awaiting }))
            }
        }
    }

    fn read_ready(&mut self, reader: &mut ReadHalf<Transport>) -> Result<(), ReadStop> {
        for _ in 0..EXTRA_READS {
            if !self.pending_events.is_empty() {
                break;
            }
            self.reserve_read_space();
            match reader.read_buf(&mut self.read_buf).now_or_never() {
                Some(Ok(0)) => return Err(ReadStop::Failed(ClientError::ConnectionClosed)),
                Some(Ok(count)) => {
                    self.grow_read_reserve(count);
                    self.process_input(Instant::now()).map_err(ReadStop::Bad)?;
                }
                Some(Err(error)) => return Err(ReadStop::Failed(error.into())),
                None => break,
            }
        }
        Ok(())
    }

    /// Ends the link for what [`Connection::read_ready`] met.
    async fn end_read(&mut self, stop: ReadStop, writer: &mut WriteHalf<Transport>) -> LinkEnd {
        match stop {
            ReadStop::Failed(error) => LinkEnd::Failed(error),
            ReadStop::Bad(end) => self.read_failed(end, writer).await,
        }
    }

    fn reserve_read_space(&mut self) {
        if self.read_buf.is_empty() && self.read_buf.capacity() > 4 * self.read_reserve {
            // A burst is over: hold no more than the reserve while idle.
            self.read_buf = BytesMut::new();
        }
        if self.read_buf.capacity() - self.read_buf.len() < self.read_reserve / 2 {
            self.read_buf.reserve(self.read_reserve);
        }
    }

    /// A read of at least half the reserve may have filled the free space:
    /// read in larger pieces from now on; small reads shrink it again.
    fn grow_read_reserve(&mut self, count: usize) {
        if count >= self.read_reserve / 2 && self.read_reserve < READ_RESERVE_MAX {
            self.read_reserve *= 2;
        } else if count < self.read_reserve / 8 && self.read_reserve > READ_RESERVE_MIN {
            self.read_reserve /= 2;
        }
    }

    /// Decodes and handles every complete packet in the read buffer, until
    /// an event has to wait for room in the stream.
    fn process_input(&mut self, now: Instant) -> Result<(), ReadEnd> {
        let limit = self.options.inbound_packet_limit();
        while self.pending_events.is_empty() {
            let packet = match decode(&mut self.read_buf, self.version, limit) {
                Ok(Some(packet)) => packet,
                Ok(None) => break,
                Err(error) => return Err(ReadEnd::Decode(error)),
            };
            if let Some(trace) = &self.options.trace {
                trace(Direction::Received, &packet);
            }
            let mut outbox =
                Encoder::new(&mut self.write_buf, self.options.trace.as_ref(), self.version);
            match self.session.handle(packet, now, &mut outbox).map_err(ReadEnd::Violation)? {
                Incoming::Nothing => {}
                Incoming::Message(publish) => {
                    self.deliver(Event::Message(crate::Message::from(publish)));
                }
                Incoming::Published { done, outcome } => {
                    if let Some(done) = done {
                        let _ = done.send(Ok(outcome));
                    }
                }
                Incoming::SubAck { done, ack } => match done {
                    RequestDone::Subscribe(done) => drop(done.send(Ok(ack))),
                    other => other.fail(ClientError::Protocol("SUBACK for an UNSUBSCRIBE".into())),
                },
                Incoming::UnsubAck { done, ack } => match done {
                    RequestDone::Unsubscribe(done) => drop(done.send(Ok(ack))),
                    other => other.fail(ClientError::Protocol("UNSUBACK for a SUBSCRIBE".into())),
                },
                Incoming::Disconnect(disconnect) => return Err(ReadEnd::Server(disconnect)),
            }
            // An ack freed a slot or an identifier, and waiting messages
            // went out: report those that could not be encoded.
            self.fail_unencodable();
        }
        Ok(())
    }

    /// Hands the batch of commands to the session (encoding their packets).
    fn process_commands(&mut self) -> Flow {
        let mut flow = Flow::Continue;
        let now = Instant::now();
        let mut outbox =
            Encoder::new(&mut self.write_buf, self.options.trace.as_ref(), self.version);
        for command in self.batch.drain(..) {
            if !matches!(flow, Flow::Continue) {
                // Queued after a DISCONNECT: dropped, their callers see Closed.
                continue;
            }
            match command {
                Command::Publish { publish, done } => {
                    if let Err((Some(done), error)) =
                        self.session.publish(publish, done, now, &mut outbox)
                    {
                        let _ = done.send(Err(ClientError::Encode(error)));
                    }
                }
                Command::Subscribe { subscribe, done } => {
                    if let Err((done, error)) = self.session.subscribe(
                        subscribe,
                        RequestDone::Subscribe(done),
                        now,
                        &mut outbox,
                    ) {
                        done.fail(error);
                    }
                }
                Command::Unsubscribe { unsubscribe, done } => {
                    let done = RequestDone::Unsubscribe(done);
                    if let Err((done, error)) =
                        self.session.unsubscribe(unsubscribe, done, now, &mut outbox)
                    {
                        done.fail(error);
                    }
                }
                Command::Disconnect { disconnect, done } => {
                    flow = Flow::Disconnect(disconnect, done)
                }
            }
        }
        flow
    }

    /// Writes DISCONNECT after everything queued, and closes the socket.
    async fn close_link(
        &mut self,
        disconnect: Disconnect,
        done: Option<tokio::sync::oneshot::Sender<Result<(), ClientError>>>,
        writer: &mut WriteHalf<Transport>,
    ) -> LinkEnd {
        let mut outbox =
            Encoder::new(&mut self.write_buf, self.options.trace.as_ref(), self.version);
        if outbox.send(&Packet::Disconnect(disconnect)).is_err() {
            let _ = outbox.send(&Packet::Disconnect(Disconnect::default()));
        }
        let write = async {
            writer.write_all(&self.write_buf).await?;
            writer.flush().await?;
            writer.shutdown().await
        };
        // The broker may already be gone; closing succeeds either way.
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, write).await;
        self.write_buf.clear();
        LinkEnd::Closed(done)
    }

    /// Ends the link after a bad packet or a server DISCONNECT; tells an
    /// MQTT 5 broker why before closing (MQTT 5.0 §4.13).
    async fn read_failed(&mut self, end: ReadEnd, writer: &mut WriteHalf<Transport>) -> LinkEnd {
        let (reason, error) = match end {
            ReadEnd::Server(disconnect) => {
                return LinkEnd::Failed(ClientError::Disconnected {
                    reason_code: disconnect.reason_code,
                    reason_string: disconnect
                        .properties
                        .reason_string()
                        .map(|text| text.as_str().to_owned()),
                });
            }
            ReadEnd::Violation(violation) => {
                (violation.reason, ClientError::Protocol(violation.message))
            }
            ReadEnd::Decode(error) => {
                let reason = match error {
                    mqtt_proto::DecodeError::PacketTooLarge { .. } => {
                        DisconnectReasonCode::PacketTooLarge
                    }
                    _ => DisconnectReasonCode::MalformedPacket,
                };
                (reason, ClientError::Decode(error))
            }
        };
        if self.version.is_v5() {
            let disconnect = Disconnect { reason_code: reason, ..Disconnect::default() };
            let mut outbox =
                Encoder::new(&mut self.write_buf, self.options.trace.as_ref(), self.version);
            let _ = outbox.send(&Packet::Disconnect(disconnect));
            let _ = tokio::time::timeout(CLOSE_TIMEOUT, writer.write_all(&self.write_buf)).await;
        }
        LinkEnd::Failed(error)
    }
}
