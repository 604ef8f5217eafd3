//! Escaping untrusted text (topics, payloads, property values) before it
//! reaches a terminal, so a message cannot move the cursor, recolour or clear
//! the screen, retitle the window, or hide or reorder what is shown.
//!
//! Policy: escape only for a terminal. Pipes and files get the bytes
//! unchanged, because scripts need the data, not a picture of it. What is
//! escaped, in one style: a character as Rust writes it, `\u{1b}` (C0 and C1
//! controls, DEL, bidirectional overrides, embeddings, isolates and marks,
//! zero-width and other invisible characters, line/paragraph separators),
//! and a byte that is not UTF-8 at all as `\xff`.
//! Line feed and tab are kept in multi-line text (payloads) and escaped in
//! single-line text (topics). Backslashes are not doubled: the escaped form
//! is for reading, not for parsing back.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Whether the text may span lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Topics, property names and values: every control is escaped.
    SingleLine,
    /// Payloads: line feeds and tabs pass through.
    MultiLine,
}

/// True for characters that are escaped even when they are valid UTF-8.
fn is_dangerous(c: char, layout: Layout) -> bool {
    match c {
        '\n' | '\t' => layout == Layout::SingleLine,
        // C0, DEL and C1 controls (ESC starts every terminal escape sequence).
        c if c.is_control() => true,
        // Bidirectional formatting (Trojan Source, CVE-2021-42574).
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => true,
        // Invisible: soft hyphen, grapheme joiner, Mongolian vowel separator,
        // zero-width space/joiners, word joiner and invisible operators, BOM.
        '\u{00AD}'
        | '\u{034F}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' => true,
        // Line and paragraph separators break lines on some terminals.
        '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

/// `bytes` as printable text; borrowed when nothing needed escaping.
pub fn escape(bytes: &[u8], layout: Layout) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if !text.chars().any(|c| is_dangerous(c, layout)) {
            return Cow::Borrowed(text);
        }
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_dangerous(c, layout) {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    Cow::Owned(out)
}

/// Writes `bytes`: escaped when `is_terminal`, unchanged otherwise.
pub fn write<W: Write>(
    bytes: &[u8],
    layout: Layout,
    is_terminal: bool,
    out: &mut W,
) -> io::Result<()> {
    if is_terminal {
        out.write_all(escape(bytes, layout).as_bytes())
    } else {
        out.write_all(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmless_text_is_borrowed_unchanged() {
        for text in ["plain/topic", "ünïcødé 😀 中文", "", "a\\x1b stays literal"] {
            assert!(
                matches!(escape(text.as_bytes(), Layout::SingleLine), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
        assert!(matches!(escape(b"two\nlines\tand tab", Layout::MultiLine), Cow::Borrowed(_)));
    }

    #[test]
    fn terminal_escapes_and_controls_are_shown_as_hex() {
        assert_eq!(
            escape(b"\x1b[2J\x1b]0;owned\x07", Layout::MultiLine),
            "\\u{1b}[2J\\u{1b}]0;owned\\u{7}"
        );
        assert_eq!(
            escape(b"a\rb\x08c\x00d\x7f", Layout::MultiLine),
            "a\\u{d}b\\u{8}c\\u{0}d\\u{7f}"
        );
        assert_eq!(escape(b"line\nbreak\ttab", Layout::SingleLine), "line\\u{a}break\\u{9}tab");
        // C1 CSI, which some terminals obey even in UTF-8.
        assert_eq!(escape("x\u{9b}31m".as_bytes(), Layout::MultiLine), "x\\u{9b}31m");
    }

    #[test]
    fn bidi_and_invisible_characters_are_shown_as_code_points() {
        let cases = [
            ("admin\u{202E}txt.exe", "admin\\u{202e}txt.exe"),
            ("a\u{2066}b\u{2069}", "a\\u{2066}b\\u{2069}"),
            ("\u{200F}\u{061C}", "\\u{200f}\\u{61c}"),
            ("to\u{200B}pic", "to\\u{200b}pic"),
            ("\u{FEFF}x\u{00AD}\u{2060}", "\\u{feff}x\\u{ad}\\u{2060}"),
            ("a\u{2028}b", "a\\u{2028}b"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input.as_bytes(), Layout::MultiLine), want, "{input:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_shown_byte_by_byte() {
        assert_eq!(escape(b"ok\xff\xfe\xc3", Layout::MultiLine), "ok\\xff\\xfe\\xc3");
        assert_eq!(escape(b"\xc3\xa9\x80", Layout::MultiLine), "é\\x80");
    }

    #[test]
    fn pipes_get_the_bytes_unchanged() {
        let raw = b"\x1b[31m\xff\xe2\x80\xae\n";
        let mut piped = Vec::new();
        write(raw, Layout::SingleLine, false, &mut piped).unwrap();
        assert_eq!(piped, raw);
        let mut shown = Vec::new();
        write(raw, Layout::SingleLine, true, &mut shown).unwrap();
        assert_eq!(shown, b"\\u{1b}[31m\\xff\\u{202e}\\u{a}");
    }
}
