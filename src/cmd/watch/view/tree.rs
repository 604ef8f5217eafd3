//! The topic tree: one row per shown level with its counts (the whole
//! subtree for a level with children), and for a topic its retained
//! marker, QoS and last payload.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};
use ratatui::Frame;

use crate::cmd::watch::app::App;
use crate::cmd::watch::view::text::{self, clean};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &mut App) {
    let rows = app.rows();
    let selected = app.selected_index(&rows);
    let height = usize::from(area.height.saturating_sub(3)).max(1);
    app.page = height;
    // Keep the selection on screen, moving the window as little as possible.
    if let Some(selected) = selected {
        if selected < app.offset {
            app.offset = selected;
        } else if selected >= app.offset + height {
            app.offset = selected + 1 - height;
        }
    }
    app.offset = app.offset.min(rows.len().saturating_sub(1));
    let color = app.color;
    let lines = rows.iter().skip(app.offset).take(height).map(|row| {
        let node = app.tree.node(row.id);
        let marker = match (row.has_children, row.expanded) {
            (false, _) => "  ",
            (true, true) => "▾ ",
            (true, false) => "▸ ",
        };
        let mut topic = vec![
            Span::raw("  ".repeat(row.indent)),
            Span::raw(marker),
            Span::styled(clean(node.name().as_bytes()), text::fg(color, Color::Cyan)),
        ];
        let counts = match (&node.topic, row.has_children) {
            (Some(own), false) => own.counts,
            _ => node.subtree,
        };
        if let Some(own) = &node.topic {
            if own.retained {
                topic.push(Span::styled(" R", text::fg(color, Color::Yellow)));
            }
            topic.push(Span::raw(format!(" q{}", own.last.qos)));
            let preview = own.last.payload.iter().take(64).copied().collect::<Vec<u8>>();
            topic.push(Span::styled(
                format!(" = {}", clean(&preview)),
                text::fg(color, Color::Gray),
            ));
        }
        Row::new([
            Cell::from(Line::from(topic)),
            Cell::from(Line::from(counts.messages.to_string()).right_aligned()),
            Cell::from(Line::from(text::rate(counts.msg_rate)).right_aligned()),
            Cell::from(Line::from(text::rate(counts.byte_rate)).right_aligned()),
        ])
    });
    let header = Row::new([
        Cell::from("topic"),
        Cell::from(Line::from("msgs").right_aligned()),
        Cell::from(Line::from("msg/s").right_aligned()),
        Cell::from(Line::from("B/s").right_aligned()),
    ])
    .style(text::bold());
    let filter = if app.filter.is_empty() { String::new() } else { format!(" /{}", app.filter) };
    let title = format!(" topics {}{filter} ", app.tree.totals().topics);
    let table = Table::new(
        lines,
        [Constraint::Fill(1), Constraint::Length(7), Constraint::Length(6), Constraint::Length(8)],
    )
    .header(header)
    .block(Block::bordered().title(title))
    .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(selected.map(|index| index - app.offset));
    frame.render_stateful_widget(table, area, &mut state);
}
