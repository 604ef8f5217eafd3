//! `sub --watch`: a table on the terminal with one line per topic, redrawn
//! in place: the topic, how many messages it received, how long ago the
//! last one came, and its payload.
//!
//! Policy:
//! * Lines keep the order in which topics first arrived (as mosquitto_sub
//!   2.1's `--watch`), so a line never jumps.
//! * Each line is cut to the terminal's width and each payload to its first
//!   line, with control characters escaped, so one message can never break
//!   the table. Topics that do not fit the terminal's height are counted
//!   on the last line instead of scrolling the table away.
//! * The screen is cleared once at the start; the final table stays on the
//!   screen when `mqtt` ends.

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::output::sanitize::{self, Layout};

/// Clears the screen and homes the cursor.
pub const CLEAR: &[u8] = b"\x1b[2J\x1b[H";

/// The widest the topic column grows.
const MAX_TOPIC_COLUMN: usize = 40;

struct Row {
    topic: String,
    payload: String,
    count: u64,
    last: Instant,
}

/// The topics seen so far.
#[derive(Default)]
pub struct WatchTable {
    rows: Vec<Row>,
    index: HashMap<String, usize>,
    total: u64,
}

impl WatchTable {
    /// Records a message on `topic` received at `now`.
    pub fn record(&mut self, topic: &str, payload: &[u8], now: Instant) {
        self.total += 1;
        let first_line = payload.split(|byte| *byte == b'\n').next().unwrap_or_default();
        let payload = sanitize::escape(first_line, Layout::SingleLine).into_owned();
        match self.index.get(topic) {
            Some(&row) => {
                let row = &mut self.rows[row];
                row.payload = payload;
                row.count += 1;
                row.last = now;
            }
            None => {
                self.index.insert(topic.to_owned(), self.rows.len());
                let topic = sanitize::escape(topic.as_bytes(), Layout::SingleLine).into_owned();
                self.rows.push(Row { topic, payload, count: 1, last: now });
            }
        }
    }

    /// Draws the table from the top left, `columns` wide and at most `lines`
    /// high, with ages as of `now`.
    pub fn draw<W: Write>(
        &self,
        out: &mut W,
        now: Instant,
        columns: usize,
        lines: usize,
    ) -> io::Result<()> {
        let mut frame = Vec::with_capacity(64 * (self.rows.len() + 1));
        frame.extend_from_slice(b"\x1b[H");
        let header =
            format!("{} topics, {} messages (Ctrl-C to stop)", self.rows.len(), self.total);
        line(&mut frame, &header, columns);
        let topic_width = self
            .rows
            .iter()
            .map(|row| row.topic.chars().count())
            .max()
            .unwrap_or(0)
            .min(MAX_TOPIC_COLUMN);
        let room = lines.saturating_sub(2).max(1);
        let shown = if self.rows.len() > room { room - 1 } else { self.rows.len() };
        for row in &self.rows[..shown] {
            let topic: String = row.topic.chars().take(topic_width).collect();
            let text = format!(
                "{topic:<topic_width$}  {:>7}  {:>6}  {}",
                row.count,
                age(now.saturating_duration_since(row.last)),
                row.payload
            );
            line(&mut frame, &text, columns);
        }
        if shown < self.rows.len() {
            line(&mut frame, &format!("… and {} more topics", self.rows.len() - shown), columns);
        }
        // Clear what an earlier, longer frame left below.
        frame.extend_from_slice(b"\x1b[J");
        out.write_all(&frame)?;
        out.flush()
    }
}

/// One line, cut to `columns` characters, clearing the rest of the line.
fn line(frame: &mut Vec<u8>, text: &str, columns: usize) {
    let cut: String = text.chars().take(columns.max(1)).collect();
    frame.extend_from_slice(cut.as_bytes());
    frame.extend_from_slice(b"\x1b[K\r\n");
}

/// `0.4s`, `12s`, `3m04s`, `2h05m`.
fn age(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    match seconds {
        0..=9 => format!("{:.1}s", elapsed.as_secs_f64()),
        10..=59 => format!("{seconds}s"),
        60..=3599 => format!("{}m{:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h{:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}

/// The terminal's size (columns, lines) from stdout, 80×24 when unknown.
pub fn terminal_size() -> (usize, usize) {
    #[cfg(unix)]
    {
        // SAFETY: TIOCGWINSZ fills the zeroed `winsize` we pass and reads
        // nothing else; on failure it is left untouched.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
        if ok && size.ws_col > 0 && size.ws_row > 0 {
            return (usize::from(size.ws_col), usize::from(size.ws_row));
        }
    }
    (80, 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(table: &WatchTable, now: Instant, columns: usize, lines: usize) -> String {
        let mut out = Vec::new();
        table.draw(&mut out, now, columns, lines).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_topic_in_arrival_order_with_count_age_and_last_payload() {
        let start = Instant::now();
        let mut table = WatchTable::default();
        table.record("sensors/b", b"1", start);
        table.record("sensors/a", b"20.5\nsecond line", start);
        table.record("sensors/b", b"2", start + Duration::from_secs(3));
        let text = drawn(&table, start + Duration::from_secs(75), 80, 24);
        assert_eq!(
            text,
            "\x1b[H2 topics, 3 messages (Ctrl-C to stop)\x1b[K\r\n\
             sensors/b        2   1m12s  2\x1b[K\r\n\
             sensors/a        1   1m15s  20.5\x1b[K\r\n\x1b[J"
        );
    }

    #[test]
    fn hostile_text_is_escaped_and_lines_fit_the_terminal() {
        let now = Instant::now();
        let mut table = WatchTable::default();
        table.record("t\x1b[2J", b"\x1b]0;pwned\x07 and a very long payload indeed", now);
        for index in 0..10 {
            table.record(&format!("many/{index}"), b"x", now);
        }
        let text = drawn(&table, now, 30, 6);
        let lines: Vec<&str> = text.split("\r\n").collect();
        // Header, 3 rows, the "more" line, then the clearing tail.
        assert_eq!(lines.len(), 6, "{text:?}");
        assert!(lines[1].starts_with("t\\u{1b}[2J"), "{text:?}");
        assert!(lines[4].starts_with("… and 8 more topics"), "{text:?}");
        for line in &lines[..5] {
            let visible = line.trim_start_matches("\x1b[H").trim_end_matches("\x1b[K");
            assert!(visible.chars().count() <= 30, "{line:?}");
            assert!(!visible.contains('\x1b') && !visible.contains('\x07'), "{line:?}");
        }
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(Duration::from_millis(400)), "0.4s");
        assert_eq!(age(Duration::from_secs(12)), "12s");
        assert_eq!(age(Duration::from_secs(184)), "3m04s");
        assert_eq!(age(Duration::from_secs(7500)), "2h05m");
    }
}
