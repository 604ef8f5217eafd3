//! How bytes are shown: as text when they are printable UTF-8, else as hex;
//! shared by the full decoder and the one-line trace.

/// The bytes as text, when they are UTF-8 without control characters
/// (tabs and line breaks allowed).
pub fn printable(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    text.chars().all(|ch| !ch.is_control() || matches!(ch, '\t' | '\n' | '\r')).then_some(text)
}

/// Lower-case hex, no separators (for JSON).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Lower-case hex with a space between bytes (for text).
pub fn spaced_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect::<Vec<_>>().join(" ")
}

/// A hex dump, 16 bytes a line: offset (counted from `base`), hex, ASCII.
pub fn hex_dump(bytes: &[u8], base: usize) -> String {
    let mut out = String::new();
    for (line, chunk) in bytes.chunks(16).enumerate() {
        let ascii: String = chunk
            .iter()
            .map(|&byte| if byte.is_ascii_graphic() || byte == b' ' { byte as char } else { '.' })
            .collect();
        if line > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{:08x}  {:<47}  |{ascii}|", base + line * 16, spaced_hex(chunk)));
    }
    out
}

/// A string in double quotes, with control characters and quotes escaped.
pub fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// At most `max` characters of `text`, quoted, with "…" when cut.
pub fn quoted_truncated(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        quoted(text)
    } else {
        let head: String = text.chars().take(max).collect();
        format!("{}…", quoted(&head))
    }
}

/// "1 byte", "2 bytes".
pub fn byte_count(count: usize) -> String {
    if count == 1 {
        "1 byte".to_string()
    } else {
        format!("{count} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_or_hex() {
        assert_eq!(printable(b"hi\tthere\n"), Some("hi\tthere\n"));
        assert_eq!(printable(b"a\0b"), None);
        assert_eq!(printable(b"\xff"), None);
        assert_eq!(hex(&[0x30, 0x0a]), "300a");
        assert_eq!(spaced_hex(&[0x30, 0x0a]), "30 0a");
        assert_eq!(quoted_truncated("abcdef", 3), "\"abc\"…");
        assert_eq!(quoted_truncated("a\"b", 3), "\"a\\\"b\"");
    }

    #[test]
    fn dump_lines() {
        let dump = hex_dump(&(0u8..20).collect::<Vec<_>>(), 0x10);
        let lines: Vec<&str> = dump.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("00000010  00 01 02"), "{dump}");
        assert!(lines[1].starts_with("00000020  10 11 12 13 "), "{dump}");
        assert!(lines[1].ends_with("|....|"), "{dump}");
    }
}
