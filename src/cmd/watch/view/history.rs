//! The history table: the selected topic's kept messages, newest first.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::cmd::watch::app::App;
use crate::cmd::watch::view::text::{self, clean};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let block = |count: usize| {
        let limit = app.tree.settings().history;
        Block::bordered().title(format!(" history {count}/{limit} "))
    };
    let Some(topic) = app.selected_topic() else {
        frame.render_widget(Paragraph::new("").block(block(0)), area);
        return;
    };
    let rows = topic.history.iter().rev().map(|sample| {
        let mut payload = clean(sample.preview());
        if !sample.is_whole() {
            payload.push('…');
        }
        Row::new([
            Cell::from(Line::from(text::age(app.now.saturating_sub(sample.at()))).right_aligned()),
            Cell::from(format!("q{}{}", sample.qos, if sample.retain { " R" } else { "" })),
            Cell::from(Line::from(sample.size.to_string()).right_aligned()),
            Cell::from(
                Line::from(sample.value().map(text::number).unwrap_or_default()).right_aligned(),
            ),
            Cell::from(payload),
        ])
    });
    let header = Row::new(["ago", "qos", "bytes", "value", "payload"]).style(text::bold());
    let widths = [
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Fill(1),
    ];
    let table = Table::new(rows, widths).header(header).block(block(topic.history.len()));
    frame.render_widget(table, area);
}
