//! The bottom line: the connection, the totals and rates, the messages
//! the view dropped (0 unless a pause outlasted its bound), and the keys;
//! or, while a filter, a payload or a file name is typed, that line.

use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::cmd::watch::app::{App, Connection, Mode};
use crate::cmd::watch::view::text::{self, clean};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let color = app.color;
    let typing = |prompt: String, input: &str, hint: &str| {
        Line::from(vec![
            Span::styled(prompt, text::bold()),
            Span::raw(clean(input.as_bytes())),
            Span::raw("█ "),
            Span::styled(hint.to_owned(), text::fg(color, Color::DarkGray)),
        ])
    };
    let line = match &app.mode {
        Mode::Search => typing("/".into(), &app.filter, "(Enter keeps the filter, Esc clears it)"),
        Mode::Publish { topic, input } => typing(
            format!("publish to {}: ", clean(topic.as_bytes())),
            input,
            "(Enter sends, Esc cancels)",
        ),
        Mode::Save { input } => {
            typing("save payload to: ".into(), input, "(Enter saves, Esc cancels)")
        }
        Mode::Browse | Mode::ConfirmClear { .. } => summary(app),
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn summary(app: &App) -> Line<'static> {
    let color = app.color;
    let (state, state_color) = match &app.connection {
        Connection::Connecting => ("connecting".to_owned(), Color::Yellow),
        Connection::Connected => ("connected".to_owned(), Color::Green),
        Connection::Reconnecting(why) => {
            (format!("reconnecting ({})", clean(why.as_bytes())), Color::Red)
        }
    };
    let totals = app.tree.totals();
    let mut spans = vec![
        Span::styled(format!("● {state}"), text::fg(color, state_color)),
        Span::raw(format!(
            " {} │ {} topics │ {} msgs │ {} msg/s │ {}/s │ dropped {}",
            app.broker,
            totals.topics,
            totals.counts.messages,
            text::rate(totals.counts.msg_rate),
            text::bytes(totals.counts.byte_rate),
            app.dropped
        )),
    ];
    if totals.untracked_messages > 0 {
        spans.push(Span::raw(format!(" │ {} msgs past --max-topics", totals.untracked_messages)));
    }
    if app.paused {
        spans.push(Span::styled(format!(" │ PAUSED ({} held)", app.held), text::bold()));
    }
    match &app.notice {
        Some(notice) => spans.push(Span::raw(format!(" │ {notice}"))),
        None => spans.push(Span::styled(
            " │ q quit / filter v view p pause c clear w publish s save",
            text::fg(color, Color::DarkGray),
        )),
    }
    Line::from(spans)
}
