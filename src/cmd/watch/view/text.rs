//! Numbers, times and untrusted text as the panes show them.

use std::time::Duration;

use ratatui::style::{Color, Modifier, Style};

use crate::output::sanitize::{self, Layout};

/// Untrusted bytes as one line of text, every control character escaped.
pub fn clean(bytes: &[u8]) -> String {
    sanitize::escape(bytes, Layout::SingleLine).into_owned()
}

/// A payload as lines, each cleaned (tabs and other controls escaped).
pub fn clean_lines(bytes: &[u8]) -> Vec<String> {
    bytes.split(|byte| *byte == b'\n').map(clean).collect()
}

/// `0`, `12.5`, `1.2k`, `3.4M`: a rate or a count per second.
pub fn rate(value: f64) -> String {
    if value >= 1_000_000.0 {
        format!("{:.1}M", value / 1_000_000.0)
    } else if value >= 10_000.0 {
        format!("{:.1}k", value / 1_000.0)
    } else if value == 0.0 || value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// `512 B`, `1.5 kB`, `2.0 MB`.
pub fn bytes(value: f64) -> String {
    if value >= 1_000_000.0 {
        format!("{:.1} MB", value / 1_000_000.0)
    } else if value >= 1_000.0 {
        format!("{:.1} kB", value / 1_000.0)
    } else {
        format!("{value:.0} B")
    }
}

/// `0.4s`, `12s`, `3m04s`, `2h05m`.
pub fn age(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    match seconds {
        0..=9 => format!("{:.1}s", elapsed.as_secs_f64()),
        10..=59 => format!("{seconds}s"),
        60..=3599 => format!("{}m{:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h{:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}

/// A number as a chart label or a table cell: short, no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// `fg` when colouring, plain otherwise.
pub fn fg(color: bool, fg: Color) -> Style {
    if color {
        Style::new().fg(fg)
    } else {
        Style::new()
    }
}

/// Bold (an attribute, not a colour: kept under NO_COLOR).
pub fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_and_escaped_text() {
        assert_eq!(rate(0.0), "0");
        assert_eq!(rate(2.5), "2.5");
        assert_eq!(rate(250.0), "250");
        assert_eq!(rate(100_000.0), "100.0k");
        assert_eq!(bytes(1500.0), "1.5 kB");
        assert_eq!(number(21.50), "21.5");
        assert_eq!(number(-0.0001), "0");
        assert_eq!(age(Duration::from_secs(75)), "1m15s");
        assert_eq!(clean(b"a\x1b[2Jb\tc"), "a\\u{1b}[2Jb\\u{9}c");
        assert_eq!(clean_lines(b"x\ny"), ["x", "y"]);
    }
}
