//! Colour: the `--color auto|always|never` decision and the readable,
//! coloured line format for people watching a terminal.
//!
//! Policy: colour is decided once, from values passed in (never read from a
//! global inside the decision), and then handed to `colored` with
//! [`apply`]. `auto` means colour only when stdout is a terminal and
//! `NO_COLOR` is unset or empty (<https://no-color.org>). Untrusted text is
//! sanitised before it is coloured, and only for a terminal.

use std::ffi::OsStr;
use std::io::{self, Write};

use colored::Colorize;

use crate::output::message::Message;
use crate::output::sanitize::{self, Layout};

/// When to colour output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset or empty.
    #[default]
    Auto,
    /// Always colour, even into a pipe or file.
    Always,
    /// Never colour.
    Never,
}

/// Decides whether to colour. `no_color` is the value of `NO_COLOR`.
pub fn use_color(choice: ColorChoice, is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && no_color.is_none_or(OsStr::is_empty),
    }
}

/// Makes `colored` follow the decision; call once at startup.
pub fn apply(enabled: bool) {
    colored::control::set_override(enabled);
}

/// The human-readable line: topic, a dim note of QoS and retain when they
/// are not the defaults, then the payload.
///
/// ```text
/// sensors/kitchen/temp 21.5
/// sensors/hall/temp (retained, qos 1) 19.0
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Readable {
    color: bool,
    is_terminal: bool,
}

impl Readable {
    /// `color` from [`use_color`]; `is_terminal` turns on sanitising.
    pub fn new(color: bool, is_terminal: bool) -> Readable {
        Readable { color, is_terminal }
    }

    /// Writes one message and a newline.
    pub fn write<W: Write>(&self, message: &Message<'_>, out: &mut W) -> io::Result<()> {
        let topic = self.text(message.topic.as_bytes(), Layout::SingleLine);
        if self.color {
            write!(out, "{}", topic.as_str().cyan().bold())?;
        } else {
            out.write_all(topic.as_bytes())?;
        }
        let mut notes = Vec::new();
        if message.retain {
            notes.push("retained".to_owned());
        }
        if message.qos > 0 {
            notes.push(format!("qos {}", message.qos));
        }
        if !notes.is_empty() {
            self.dim(&format!(" ({})", notes.join(", ")), out)?;
        }
        out.write_all(b" ")?;
        if message.payload.is_empty() {
            self.dim("(empty)", out)?;
        } else if self.is_terminal {
            sanitize::write(message.payload, Layout::MultiLine, true, out)?;
        } else {
            out.write_all(message.payload)?;
        }
        out.write_all(b"\n")
    }

    fn text(&self, bytes: &[u8], layout: Layout) -> String {
        if self.is_terminal {
            sanitize::escape(bytes, layout).into_owned()
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        }
    }

    fn dim<W: Write>(&self, text: &str, out: &mut W) -> io::Result<()> {
        if self.color {
            write!(out, "{}", text.dimmed())
        } else {
            out.write_all(text.as_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::message::NO_PROPERTIES;
    use std::time::UNIX_EPOCH;

    #[test]
    fn decision_covers_every_branch() {
        let empty = OsStr::new("");
        let set = OsStr::new("1");
        let cases = [
            (ColorChoice::Always, false, Some(set), true),
            (ColorChoice::Always, true, None, true),
            (ColorChoice::Never, true, None, false),
            (ColorChoice::Never, false, None, false),
            (ColorChoice::Auto, true, None, true),
            (ColorChoice::Auto, true, Some(empty), true),
            (ColorChoice::Auto, true, Some(set), false),
            (ColorChoice::Auto, false, None, false),
            (ColorChoice::Auto, false, Some(empty), false),
        ];
        for (choice, is_terminal, no_color, want) in cases {
            assert_eq!(
                use_color(choice, is_terminal, no_color),
                want,
                "{choice:?} tty={is_terminal} {no_color:?}"
            );
        }
        assert_eq!(ColorChoice::default(), ColorChoice::Auto);
    }

    fn message<'a>(topic: &'a str, payload: &'a [u8], qos: u8, retain: bool) -> Message<'a> {
        Message {
            topic,
            payload,
            qos,
            retain,
            dup: false,
            packet_id: None,
            received_at: UNIX_EPOCH,
            properties: &NO_PROPERTIES,
            decoded: None,
        }
    }

    fn render(readable: Readable, message: &Message<'_>) -> Vec<u8> {
        let mut out = Vec::new();
        readable.write(message, &mut out).unwrap();
        out
    }

    #[test]
    fn plain_lines_show_topic_notes_and_payload() {
        let plain = Readable::new(false, false);
        assert_eq!(render(plain, &message("a/b", b"21.5", 0, false)), b"a/b 21.5\n");
        assert_eq!(render(plain, &message("a/b", b"x", 1, true)), b"a/b (retained, qos 1) x\n");
        assert_eq!(render(plain, &message("a/b", b"", 2, false)), b"a/b (qos 2) (empty)\n");
    }

    #[test]
    fn terminal_lines_are_sanitised_and_pipes_are_not() {
        let hostile = message("a\x1b]0;x\x07/b", b"\x1b[2Jhi\nthere\xff", 0, false);
        assert_eq!(
            render(Readable::new(false, true), &hostile),
            b"a\\u{1b}]0;x\\u{7}/b \\u{1b}[2Jhi\nthere\\xff\n"
        );
        assert_eq!(
            render(Readable::new(false, false), &hostile),
            b"a\x1b]0;x\x07/b \x1b[2Jhi\nthere\xff\n"
        );
    }

    #[test]
    fn colour_marks_topic_and_dims_notes() {
        // Only this test touches colored's global switch, and only to turn it on.
        apply(true);
        let out = render(Readable::new(true, true), &message("a/b", b"x", 1, true));
        let text = String::from_utf8(out).unwrap();
        let want = format!("{}{} x\n", "a/b".cyan().bold(), " (retained, qos 1)".dimmed());
        assert!(text.starts_with("\x1b["), "{text:?}");
        assert_eq!(text, want);
        assert!(text.contains("a/b") && text.contains("(retained, qos 1)"));
    }
}
