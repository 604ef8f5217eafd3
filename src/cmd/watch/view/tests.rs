//! Snapshots of the rendered screen (ratatui's test backend), with the
//! time and the messages chosen by the test.

use std::time::Duration;

use mqtt_watch::{Incoming, Settings, TopicTree};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use crate::cmd::watch::app::{Action, App, Connection, Mode};

fn secs(n: f64) -> Duration {
    Duration::from_secs_f64(n)
}

fn record(app: &mut App, at: f64, topic: &str, payload: &[u8], retain: bool) {
    let value = mqtt_watch::value::text_number(payload);
    let message = Incoming { topic, payload, qos: 1, retain, value, properties: Vec::new() };
    app.tree.record(secs(at), message);
}

/// An app with a small topic space, rates measured at t=2s, now t=3s.
fn sample() -> App {
    let mut app = App::new(TopicTree::new(Settings::default()), "localhost:1883".into(), false);
    app.connection = Connection::Connected;
    for n in 0..4 {
        let payload = format!("{}.5 °C", 20 + n);
        record(&mut app, f64::from(n) * 0.5, "home/kitchen/temp", payload.as_bytes(), false);
    }
    record(&mut app, 0.2, "home/hall/light", b"on", true);
    record(&mut app, 0.3, "home/hall/door", b"closed", true);
    record(&mut app, 0.4, "evil", b"\x1b[2Jboom", false);
    app.tree.tick(secs(2.0));
    app.now = secs(3.0);
    app
}

fn key(app: &mut App, code: KeyCode) -> Option<Action> {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| super::draw(frame, app)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..height {
        let line: String = (0..width).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Compares a screen with the expected one, written with a `|` at the
/// left margin of each line; on a difference, prints the screen in that
/// form.
fn assert_screen(shown: &str, expected: &str) {
    let expected: String = expected
        .lines()
        .map(str::trim_start)
        .filter(|line| !line.is_empty())
        .map(|line| format!("{}\n", line.strip_prefix('|').unwrap_or(line).trim_end()))
        .collect();
    if shown != expected {
        let margin: String = shown.lines().map(|line| format!("        |{line}\n")).collect();
        panic!("the screen differs; it is:\n{margin}");
    }
}

#[test]
fn tree_with_counts_expansion_and_escaped_topics() {
    let mut app = sample();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 100, 10);
    assert_screen(
        &shown,
        r#"
        |┌ topics 4 ─────────────────────────────────┐┌ home/hall ──────────────────────────────────────────┐
        |│topic                  msgs  msg/s      B/s││no message on this level itself; below it: 2 msgs,   │
        |│  evil q1 = \u{1b}[       1    0.5      4.0││1.0 msg/s, 4 B/s                                     │
        |│▾ home                    6    3.0     20.0│└─────────────────────────────────────────────────────┘
        |│  ▾ hall                  2    1.0      4.0│┌ history 0/50 ───────────────────────────────────────┐
        |│      door R q1 = c       1    0.5      3.0│└─────────────────────────────────────────────────────┘
        |│      light R q1 =        1    0.5      1.0│┌ chart ──────────────────────────────────────────────┐
        |│  ▸ kitchen               4    2.0     16.0││no numbers in this topic's payloads (a number, a     │
        |└───────────────────────────────────────────┘└─────────────────────────────────────────────────────┘
        |● connected localhost:1883 │ 4 topics │ 7 msgs │ 3.5 msg/s │ 24 B/s │ dropped 0 │ q quit / filter v
    "#,
    );
}

#[test]
fn detail_shows_the_last_message_properties_and_payload_views() {
    let mut app = sample();
    let properties = vec![
        ("content_type".to_owned(), "\"text/plain\"".to_owned()),
        ("user_property".to_owned(), "\"unit\" = \"\\u{1b}C\"".to_owned()),
    ];
    let message = Incoming {
        topic: "home/kitchen/temp",
        payload: b"23.5 \xc2\xb0C",
        qos: 2,
        retain: true,
        value: Some(23.5),
        properties,
    };
    app.tree.record(secs(2.5), message);
    app.filter = "temp".into();
    app.selected = app.tree.find("home/kitchen/temp");
    let text = screen(&mut app, 100, 24);
    key(&mut app, KeyCode::Char('v'));
    let hex = screen(&mut app, 100, 24);
    let both: String = text
        .lines()
        .take(10)
        .chain(hex.lines().skip(5).take(2))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_screen(
        &both,
        r#"
        |┌ topics 4 /temp ───────────────────────────┐┌ home/kitchen/temp ──────────────────────────────────┐
        |│topic                  msgs  msg/s      B/s││msgs 5  rate 2.0 msg/s 16 B/s  last 0.5s ago         │
        |│▾ home                    7    3.0     20.0││qos 2  size 8 B  retained  value 23.5                │
        |│  ▾ kitchen               5    2.0     16.0││  content_type "text/plain"                          │
        |│      temp R q2 = 2       5    2.0     16.0││  user_property "unit" = "\u{1b}C"                   │
        |│                                           ││payload (text, v: next)                              │
        |│                                           ││23.5 °C                                              │
        |│                                           ││                                                     │
        |│                                           │└─────────────────────────────────────────────────────┘
        |│                                           │┌ history 5/50 ───────────────────────────────────────┐
        |│                                           ││payload (hex, v: next)                               │
        |│                                           ││0000  32 33 2e 35 20 c2 b0 43                        │
    "#,
    );
}

#[test]
fn chart_of_numbers_with_units_over_time() {
    let mut app = sample();
    app.selected = app.tree.find("home/kitchen/temp");
    app.filter = "kitchen".into();
    let shown = screen(&mut app, 90, 30);
    let chart: String = shown.lines().skip(20).map(|line| format!("{line}\n")).collect();
    assert_screen(
        &chart,
        r#"
        |│                                       │┌ chart ────────────────────────────────────────┐
        |│                                       ││23.8│                                   ⡠      │
        |│                                       ││    │                                 ⡠⠊       │
        |│                                       ││    │                               ⢀⠎         │
        |│                                       ││    │                              ⡔⠁          │
        |│                                       ││20.2│                             ⠊            │
        |│                                       ││    └──────────────────────────────────────────│
        |│                                       ││  -10                                       now│
        |└───────────────────────────────────────┘└───────────────────────────────────────────────┘
        |● connected localhost:1883 │ 4 topics │ 7 msgs │ 3.5 msg/s │ 24 B/s │ dropped 0 │ q quit /
    "#,
    );
}

#[test]
fn clearing_retained_messages_asks_with_a_dry_run_count() {
    let mut app = sample();
    key(&mut app, KeyCode::Down);
    assert_eq!(app.tree.full_name(app.selected.unwrap()), "home");
    assert_eq!(key(&mut app, KeyCode::Char('c')), None);
    let shown = screen(&mut app, 80, 16);
    assert_screen(
        &shown,
        r#"
        |┌ topics 4 ────────────────────────┐┌ home ────────────────────────────────────┐
        |│topic         msgs  msg/s      B/s││no message on this level itself; below it:│
        |│  evil q1        1    0.5      4.0││6 msgs, 3.0 msg/s, 20 B/s                 │
        |│▸ home           6    3.0     20.0││                                          │
        |│           ┌ clear retained messages ─────────────────────────────┐           │
        |│           │Clear 2 retained messages at or under home?           │───────────┘
        |│           │                                                      │───────────┐
        |│           │  home/hall/door                                      │           │
        |│           │  home/hall/light                                     │           │
        |│           │                                                      │           │
        |│           │y: clear them    n or Esc: keep them                  │───────────┘
        |│           └──────────────────────────────────────────────────────┘───────────┐
        |│                                  ││no numbers in this topic's payloads (a    │
        |│                                  ││number, a number with a unit, or the JSON │
        |└──────────────────────────────────┘└──────────────────────────────────────────┘
        |● connected localhost:1883 │ 4 topics │ 7 msgs │ 3.5 msg/s │ 24 B/s │ dropped 0
    "#,
    );
    assert_eq!(
        key(&mut app, KeyCode::Char('y')),
        Some(Action::Clear(vec!["home/hall/door".into(), "home/hall/light".into()]))
    );
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(key(&mut app, KeyCode::Char('n')), None, "anything but y keeps them");
    assert_eq!(app.mode, Mode::Browse);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.mode, Mode::Browse, "nothing retained under evil: no dialog");
    assert!(app.notice.as_deref().unwrap().starts_with("no retained messages"));
}

#[test]
fn keys_filter_pause_publish_save_and_quit() {
    let mut app = sample();
    key(&mut app, KeyCode::Char('/'));
    for c in "light".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert_eq!(app.tree.full_name(app.selected.unwrap()), "home/hall/light", "the first match");
    key(&mut app, KeyCode::Enter);
    let rows: Vec<String> = app.rows().iter().map(|row| app.tree.full_name(row.id)).collect();
    assert_eq!(rows, ["home", "home/hall", "home/hall/light"]);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.rows().len(), 2, "the filter cleared, home collapsed again");
    // `/` starts a new filter, even when a terminal reads Esc then `/` as
    // Alt-/ and the Esc never arrives.
    app.filter = "light".into();
    app.on_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::ALT));
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.filter, "d");
    key(&mut app, KeyCode::Esc);

    assert_eq!(key(&mut app, KeyCode::Char('p')), None);
    assert!(app.paused);
    assert_eq!(key(&mut app, KeyCode::Char('p')), Some(Action::Resume));

    app.selected = app.tree.find("home/hall/light");
    assert_eq!(app.selected_index(&app.rows()), Some(1), "hidden: its level on screen");
    assert_eq!(app.tree.full_name(app.selected.unwrap()), "home");
    app.filter = "light".into();
    app.selected = app.tree.find("home/hall/light");
    key(&mut app, KeyCode::Char('w'));
    for c in "off".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let published = key(&mut app, KeyCode::Enter);
    assert_eq!(
        published,
        Some(Action::Publish { topic: "home/hall/light".into(), payload: b"off".to_vec() })
    );

    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.mode, Mode::Save { input: "light.payload".into() });
    key(&mut app, KeyCode::Backspace);
    let saved = key(&mut app, KeyCode::Enter);
    assert_eq!(saved, Some(Action::Save { path: "light.payloa".into(), payload: b"on".to_vec() }));

    key(&mut app, KeyCode::Char('w'));
    assert_eq!(key(&mut app, KeyCode::Esc), None, "Esc cancels a publish");
    assert_eq!(key(&mut app, KeyCode::Char('q')), Some(Action::Quit));
    let ctrl_c = app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(ctrl_c, Some(Action::Interrupt));
}
