//! Hex text to bytes: plain hex in the spellings people paste, and hex
//! dumps with an offset column.
//!
//! Policy: plain hex may separate bytes with whitespace, `,` `:` `;` `-`,
//! and prefix them with `0x` or `\x`; brackets and quotes around a C or
//! Python literal are ignored. Without a prefix a group must have an even
//! number of digits. Text is a dump when every line starts with an offset
//! (4+ hex digits, then `:` or a space) and the first offset is 0; each
//! line's ASCII column is recognised and skipped, hexdump's `*` (repeated
//! lines) is expanded from the offsets, and an offset that disagrees with
//! the bytes before it is an error rather than a silent gap.

use std::fmt;

/// Why text is not hex: where (1-based line and column) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for HexError {}

/// Parses plain hex or a hex dump.
pub fn parse(text: &str) -> Result<Vec<u8>, HexError> {
    let lines: Vec<&str> = text.lines().collect();
    if is_dump(&lines) {
        parse_dump(&lines)
    } else {
        let mut bytes = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            parse_plain_line(line, index + 1, &mut bytes)?;
        }
        Ok(bytes)
    }
}

fn is_separator(ch: char) -> bool {
    ch.is_whitespace() || matches!(ch, ',' | ':' | ';' | '-' | '{' | '}' | '[' | ']' | '"' | '\'')
}

/// One line of plain hex, appended to `bytes`.
fn parse_plain_line(line: &str, line_no: usize, bytes: &mut Vec<u8>) -> Result<(), HexError> {
    let chars: Vec<char> = line.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        if is_separator(chars[at]) {
            at += 1;
            continue;
        }
        let prefixed = matches!(
            (chars[at], chars.get(at + 1)),
            ('0', Some('x' | 'X')) | ('\\', Some('x' | 'X'))
        );
        let start = if prefixed { at + 2 } else { at };
        let mut end = start;
        while end < chars.len() && !is_separator(chars[end]) && chars[end] != '\\' {
            end += 1;
        }
        let group = &chars[start..end];
        let error = |column: usize, message: String| HexError {
            line: line_no,
            column: column + 1,
            message,
        };
        if let Some(offset) = group.iter().position(|ch| !ch.is_ascii_hexdigit()) {
            return Err(error(start + offset, format!("{:?} is not a hex digit", group[offset])));
        }
        if group.is_empty() {
            return Err(error(at, "\"0x\" without hex digits after it".to_string()));
        }
        if group.len() % 2 == 1 {
            if prefixed && group.len() == 1 {
                bytes.push(digit(group[0]));
            } else {
                return Err(error(
                    start,
                    format!("odd number of hex digits in {:?}", group.iter().collect::<String>()),
                ));
            }
        } else {
            bytes.extend(group.chunks(2).map(|pair| digit(pair[0]) << 4 | digit(pair[1])));
        }
        at = end;
    }
    Ok(())
}

fn digit(ch: char) -> u8 {
    ch.to_digit(16).map_or(0, |value| value as u8)
}

/// The offset column of a dump line, if it has one: (offset, rest of line).
fn split_offset(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    let body = trimmed.strip_prefix("0x").unwrap_or(trimmed);
    let digits = body.len() - body.trim_start_matches(|ch: char| ch.is_ascii_hexdigit()).len();
    let rest = &body[digits..];
    if !(4..=16).contains(&digits) {
        return None;
    }
    let rest = if let Some(after) = rest.strip_prefix(':') {
        after
    } else if rest.is_empty() || rest.starts_with([' ', '\t']) {
        rest
    } else {
        return None;
    };
    let offset = usize::from_str_radix(&body[..digits], 16).ok()?;
    Some((offset, rest))
}

fn is_dump(lines: &[&str]) -> bool {
    let mut content = lines.iter().filter(|line| !line.trim().is_empty() && line.trim() != "*");
    match content.next().and_then(|first| split_offset(first)) {
        Some((0, _)) => content.all(|line| split_offset(line).is_some()),
        _ => false,
    }
}

/// What the dump's ASCII column shows for `bytes`.
fn ascii_column(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&byte| if byte.is_ascii_graphic() || byte == b' ' { byte as char } else { '.' })
        .collect()
}

fn parse_dump(lines: &[&str]) -> Result<Vec<u8>, HexError> {
    let mut bytes: Vec<u8> = Vec::new();
    let mut previous: Vec<u8> = Vec::new();
    let mut repeat = false;
    for (index, line) in lines.iter().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        if line.trim() == "*" {
            repeat = true;
            continue;
        }
        let Some((offset, rest)) = split_offset(line) else {
            return Err(HexError {
                line: line_no,
                column: 1,
                message: "expected an offset column".into(),
            });
        };
        if repeat && !previous.is_empty() {
            // hexdump prints `*` for lines equal to the one before.
            while bytes.len() < offset {
                let take = previous.len().min(offset - bytes.len());
                bytes.extend_from_slice(&previous[..take]);
            }
            repeat = false;
        }
        if offset != bytes.len() {
            return Err(HexError {
                line: line_no,
                column: 1,
                message: format!(
                    "offset {offset:#x} does not follow the {:#x} bytes before it",
                    bytes.len()
                ),
            });
        }
        let column_base = line.len() - rest.len();
        let line_bytes = dump_line_bytes(rest, line_no, column_base)?;
        bytes.extend_from_slice(&line_bytes);
        if !line_bytes.is_empty() {
            previous = line_bytes;
        }
    }
    Ok(bytes)
}

/// The hex of one dump line after its offset, stopping at the ASCII
/// column: a token that is not hex, or the rest of the line when it reads
/// exactly as the ASCII rendering of the bytes so far (so a column like
/// `cafe` is not taken for two more bytes).
fn dump_line_bytes(rest: &str, line_no: usize, column_base: usize) -> Result<Vec<u8>, HexError> {
    let mut bytes = Vec::new();
    let mut at = 0;
    while at < rest.len() {
        let tail = &rest[at..];
        let skipped = tail.len() - tail.trim_start().len();
        at += skipped;
        let tail = &rest[at..];
        if tail.is_empty() || tail.starts_with('|') || tail.starts_with('>') {
            break;
        }
        if !bytes.is_empty() && tail.trim_end() == ascii_column(&bytes) {
            break;
        }
        let token_len = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let token = &tail[..token_len];
        if !token.chars().all(|ch| ch.is_ascii_hexdigit()) || token.len() % 2 == 1 {
            break;
        }
        let mut line = Vec::new();
        parse_plain_line(token, line_no, &mut line).map_err(|mut err| {
            err.column += column_base + at;
            err
        })?;
        bytes.extend_from_slice(&line);
        at += token_len;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_spellings() {
        let want = vec![0x30, 0x05, 0x00, 0x01, 0x61, 0x68, 0x69];
        for text in [
            "30 05 00 01 61 68 69",
            "30050001616869",
            "0x30 0x05 0x00 0x01 0x61 0x68 0x69",
            "30:05:00:01:61:68:69",
            "\\x30\\x05\\x00\\x01\\x61\\x68\\x69",
            "{0x30, 0x05, 0x0, 0x1, 0x61, 0x68, 0x69}",
            "3005 0001\n6168 69\n",
        ] {
            assert_eq!(parse(text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn plain_errors_name_the_place() {
        let err = parse("30 05\n00 0g").unwrap_err();
        assert_eq!((err.line, err.column), (2, 5));
        assert!(err.message.contains("'g'"), "{err}");
        let err = parse("305").unwrap_err();
        assert!(err.message.contains("odd number"), "{err}");
        assert!(parse("0x").unwrap_err().message.contains("without hex digits"));
    }

    #[test]
    fn xxd_and_hexdump_dumps() {
        let xxd = "00000000: 3005 0001 6361 6665  0...cafe\n";
        assert_eq!(parse(xxd).unwrap(), [0x30, 0x05, 0x00, 0x01, b'c', b'a', b'f', b'e']);
        let hexdump = "00000000  30 05 00 01 61 68 69 00  00 00 00 00 00 00 00 00  |0...ahi.........|\n\
                       00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n\
                       *\n\
                       00000030  c0 00                                             |..|\n\
                       00000032\n";
        let bytes = parse(hexdump).unwrap();
        assert_eq!(bytes.len(), 0x32);
        assert_eq!(&bytes[..7], [0x30, 0x05, 0x00, 0x01, 0x61, 0x68, 0x69]);
        assert!(bytes[7..0x30].iter().all(|&byte| byte == 0));
        assert_eq!(&bytes[0x30..], [0xC0, 0x00]);
        let wireshark = "0000   c0 00 d0 00   ....\n";
        assert_eq!(parse(wireshark).unwrap(), [0xC0, 0x00, 0xD0, 0x00]);
    }

    #[test]
    fn dump_offsets_must_agree() {
        let gap = "00000000: c000\n00000010: d000\n";
        let err = parse(gap).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("does not follow"), "{err}");
    }
}
