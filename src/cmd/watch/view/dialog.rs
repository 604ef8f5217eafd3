//! The retained-clear dialog: which topics would be cleared (the dry run)
//! and the key that does it.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::cmd::watch::view::text::{self, clean};

/// Topics listed by name before the rest are counted.
const LISTED: usize = 8;

pub fn draw(frame: &mut Frame<'_>, area: Rect, under: &str, topics: &[String]) {
    let shown = topics.len().min(LISTED);
    let more = topics.len() > LISTED;
    let height = (shown + usize::from(more) + 6) as u16;
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [dialog] = Layout::horizontal([Constraint::Percentage(70)]).flex(Flex::Center).areas(row);
    let under = if under.is_empty() { "(all topics)".to_owned() } else { clean(under.as_bytes()) };
    let count = topics.len();
    let noun = if count == 1 { "message" } else { "messages" };
    let mut lines = vec![
        Line::from(format!("Clear {count} retained {noun} at or under {under}?")),
        Line::from(""),
    ];
    lines.extend(
        topics
            .iter()
            .take(LISTED)
            .map(|topic| Line::from(format!("  {}", clean(topic.as_bytes())))),
    );
    if more {
        lines.push(Line::from(format!("  … and {} more", count - LISTED)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from("y: clear them    n or Esc: keep them").style(text::bold()));
    frame.render_widget(Clear, dialog);
    let block = Block::bordered().title(" clear retained messages ");
    frame.render_widget(Paragraph::new(lines).block(block), dialog);
}
