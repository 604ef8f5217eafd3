//! Drawing the state of [`App`] into a ratatui frame: the topic tree on
//! the left; the detail pane, the history table and the chart on the
//! right; the status line (or the line being typed) at the bottom; the
//! retained-clear dialog over everything.
//!
//! Policy: every untrusted string (topics, payloads, property values) goes
//! through [`text::clean`] before it reaches a cell, so a message cannot
//! move the cursor or recolour the screen; colour only when the plan says
//! so (a terminal without NO_COLOR), and the selection is shown by
//! reversed video either way.

mod chart;
mod detail;
mod dialog;
mod history;
mod status;
pub mod text;
mod tree;

use ratatui::layout::{Constraint, Layout};
use ratatui::Frame;

use crate::cmd::watch::app::{App, Mode};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let [main, status_line] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main);
    let [detail_area, history_area, chart_area] = Layout::vertical([
        Constraint::Percentage(40),
        Constraint::Percentage(30),
        Constraint::Percentage(30),
    ])
    .areas(right);
    tree::draw(frame, left, app);
    detail::draw(frame, detail_area, app);
    history::draw(frame, history_area, app);
    chart::draw(frame, chart_area, app);
    status::draw(frame, status_line, app);
    if let Mode::ConfirmClear { under, topics } = &app.mode {
        dialog::draw(frame, main, under, topics);
    }
}

#[cfg(test)]
mod tests;
