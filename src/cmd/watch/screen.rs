//! The full-screen view's loop: messages into the tree, keys into the
//! [`App`], a frame every [`FRAME`], and the actions keys ask for.
//!
//! Policy:
//! * The terminal is restored on every way out: the [`Screen`] guard on
//!   return and on error, ratatui's panic hook on a panic (installed by
//!   `ratatui::try_init`, it restores before the panic message prints).
//! * Keys are read on a thread of their own (crossterm reads block) and
//!   handed over a channel; a key redraws at once.
//! * While paused, messages are held (up to [`HELD`]) and recorded on
//!   resume; past the bound they are dropped and counted on the status
//!   line, the only way the view loses a message.

use std::collections::VecDeque;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use mqtt_client::{Client, Event, Events, Message, OutgoingPublish, PublishProperties, QoS};
use mqtt_watch::TopicTree;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;
use tokio::time::{interval, Instant, MissedTickBehavior};

use crate::cmd::watch::app::{Action, App, Connection};
use crate::cmd::watch::feed::Feed;
use crate::cmd::watch::plan::WatchPlan;
use crate::cmd::watch::view;
use crate::cmd::watch::{resubscribe, End, Setup};
use crate::connect::open::Interrupt;
use crate::exit::{coded, Exit};

/// Time between frames (10 frames a second).
const FRAME: Duration = Duration::from_millis(100);

/// Messages held while paused.
const HELD: usize = 100_000;

/// Events taken from the connection at a time.
const BATCH: usize = 1024;

/// The terminal in raw mode on the alternate screen, restored on drop.
struct Screen {
    terminal: DefaultTerminal,
}

impl Screen {
    fn enter() -> anyhow::Result<Screen> {
        let terminal = ratatui::try_init().context("setting up the terminal")?;
        Ok(Screen { terminal })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// What the key thread sends.
enum Input {
    Key(KeyEvent),
    Resize,
}

/// Reads keys until the receiver is gone.
fn read_keys(sender: mpsc::Sender<Input>) {
    while !sender.is_closed() {
        match event::poll(FRAME) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(_) => return,
        }
        let input = match event::read() {
            Ok(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => Input::Key(key),
            Ok(TermEvent::Resize(..)) => Input::Resize,
            Ok(_) => continue,
            Err(_) => return,
        };
        if sender.blocking_send(input).is_err() {
            return;
        }
    }
}

/// Runs the view until `q`, Ctrl-C or a lost connection.
pub async fn run(
    plan: &WatchPlan,
    client: &Client,
    events: &mut Events,
    interrupt: &mut Interrupt,
    setup: &mut Setup,
    color: bool,
) -> anyhow::Result<End> {
    let mut screen = Screen::enter()?;
    let (sender, mut keys) = mpsc::channel(64);
    std::thread::Builder::new()
        .name("mqtt-watch-keys".into())
        .spawn(move || read_keys(sender))
        .context("starting the key reader")?;
    let started = Instant::now();
    let mut app = App::new(TopicTree::new(plan.settings), plan.connect.address(), color);
    app.connection = Connection::Connected;
    let mut feed = Feed::new(plan.decode.clone(), plan.value.clone());
    let mut frames = interval(FRAME);
    frames.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut held: VecDeque<Message> = VecDeque::new();
    let mut batch = Vec::with_capacity(BATCH);
    let ends_at = plan.duration.map(|duration| started + duration);
    loop {
        let mut redraw = false;
        tokio::select! {
            biased;
            _ = interrupt.wait() => return Ok(End::Interrupted),
            err = setup.failed() => return Err(err),
            _ = tokio::time::sleep_until(ends_at.unwrap_or_else(super::far)), if ends_at.is_some() => {
                return Ok(End::Done);
            }
            input = keys.recv() => {
                let Some(input) = input else { return Err(anyhow::anyhow!("the terminal closed")) };
                redraw = true;
                let Input::Key(key) = input else { continue_draw(&mut screen, &mut app, started)?; continue };
                match app.on_key(key) {
                    None => {}
                    Some(Action::Quit) => return Ok(End::Done),
                    Some(Action::Interrupt) => return Ok(End::Interrupted),
                    Some(Action::Resume) => {
                        let now = started.elapsed();
                        for message in held.drain(..) {
                            // The view has no room for notes (stderr is the screen).
                            let _ = feed.record(&mut app.tree, &mut app.decoded, now, &message);
                        }
                        app.held = 0;
                    }
                    Some(action) => app.notice = Some(act(client, action).await),
                }
            }
            // Before the messages: a stream that never pauses must not
            // starve the frames.
            _ = frames.tick() => redraw = true,
            count = events.recv_many(&mut batch, BATCH) => {
                if count == 0 {
                    return Err(coded(Exit::ConnectionLost, "the connection ended"));
                }
                let now = started.elapsed();
                for event in batch.drain(..) {
                    match event {
                        Event::Message(message) if app.paused => {
                            if held.len() < HELD {
                                held.push_back(message);
                                app.held = held.len();
                            } else {
                                app.dropped += 1;
                            }
                        }
                        Event::Message(message) => {
                            let _ = feed.record(&mut app.tree, &mut app.decoded, now, &message);
                        }
                        Event::Disconnected { reason } => {
                            app.connection = Connection::Reconnecting(reason.to_string());
                        }
                        Event::Reconnected { session_present, .. } => {
                            app.connection = Connection::Connected;
                            if !session_present {
                                tokio::spawn(resubscribe(client.clone(), plan.filters.clone(), plan.qos));
                            }
                        }
                    }
                }
            }
        }
        if redraw {
            continue_draw(&mut screen, &mut app, started)?;
        }
    }
}

/// Draws a frame as of now.
fn continue_draw(screen: &mut Screen, app: &mut App, started: Instant) -> anyhow::Result<()> {
    app.now = started.elapsed();
    app.tree.tick(app.now);
    screen.terminal.draw(|frame| view::draw(frame, app)).context("drawing")?;
    Ok(())
}

/// Carries out an action that needs the connection or a file; what the
/// status line says about it.
async fn act(client: &Client, action: Action) -> String {
    let publish = |topic: &str, payload: Vec<u8>, retain: bool| {
        mqtt_proto::Topic::try_from(topic).map(|topic| OutgoingPublish {
            topic,
            payload: Bytes::from(payload),
            qos: QoS::AtMostOnce,
            retain,
            properties: PublishProperties::default(),
        })
    };
    match action {
        Action::Clear(topics) => {
            let mut cleared = 0;
            for topic in &topics {
                let Ok(message) = publish(topic, Vec::new(), true) else { continue };
                if client.publish(message).await.is_ok() {
                    cleared += 1;
                }
            }
            format!("cleared {cleared} of {} retained messages", topics.len())
        }
        Action::Publish { topic, payload } => {
            let size = payload.len();
            match publish(&topic, payload, false) {
                Err(err) => format!("not published: {err}"),
                Ok(message) => match client.publish(message).await {
                    Ok(_) => format!("published {size} bytes"),
                    Err(err) => format!("not published: {err}"),
                },
            }
        }
        Action::Save { path, payload } => match std::fs::write(&path, &payload) {
            Ok(()) => format!("saved {} bytes to {path}", payload.len()),
            Err(err) => format!("not saved to {path}: {err}"),
        },
        Action::Quit | Action::Interrupt | Action::Resume => String::new(),
    }
}
