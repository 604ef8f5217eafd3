//! The decoder's input: `--decode HEX`, `@FILE` or `-` (stdin) turned into
//! bytes.
//!
//! Policy: inline text is always hex. A file or stdin whose bytes are all
//! printable ASCII (or whitespace) is read as hex or as a hex dump (xxd,
//! hexdump -C, Wireshark's "hex dump"); anything else is raw bytes. Raw
//! MQTT almost always holds control bytes (lengths, 0x00 prefixes), so the
//! rule only misreads captures made entirely of printable bytes. Bad hex is
//! an error naming the line and column, never a guess.

use std::io::Read;
use std::path::Path;

use anyhow::Context;

use crate::cmd::inspect::hex;
use crate::exit;

/// Where the bytes came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Hex text (inline, or a text file or stdin).
    Hex,
    /// Raw bytes from a file or stdin.
    Raw,
}

/// Reads `--decode INPUT` into bytes.
pub fn read(input: &str) -> anyhow::Result<(Vec<u8>, InputKind)> {
    let (bytes, kind) = if input == "-" {
        let mut data = Vec::new();
        std::io::stdin().lock().read_to_end(&mut data).context("reading stdin")?;
        from_file_bytes(data, "stdin")?
    } else if let Some(path) = input.strip_prefix('@') {
        let data = std::fs::read(Path::new(path))
            .map_err(|err| exit::usage(format!("cannot read --decode file {path}: {err}")))?;
        from_file_bytes(data, path)?
    } else {
        let bytes =
            hex::parse(input).map_err(|err| exit::usage(format!("--decode: not hex: {err}")))?;
        (bytes, InputKind::Hex)
    };
    if bytes.is_empty() {
        return Err(exit::usage("--decode: the input holds no bytes"));
    }
    Ok((bytes, kind))
}

/// Text files are hex, anything else raw bytes.
fn from_file_bytes(data: Vec<u8>, name: &str) -> anyhow::Result<(Vec<u8>, InputKind)> {
    if !looks_like_text(&data) {
        return Ok((data, InputKind::Raw));
    }
    // looks_like_text accepted ASCII only, so this cannot fail.
    let text = String::from_utf8_lossy(&data);
    let bytes = hex::parse(&text).map_err(|err| {
        exit::usage(format!(
            "{name} is printable text, so it was read as hex, but it is not hex: {err}"
        ))
    })?;
    Ok((bytes, InputKind::Hex))
}

/// All bytes printable ASCII or whitespace (and at least one byte).
pub fn looks_like_text(data: &[u8]) -> bool {
    !data.is_empty()
        && data
            .iter()
            .all(|byte| byte.is_ascii_graphic() || matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_detection() {
        assert!(looks_like_text(b"30 05 00\n"));
        assert!(!looks_like_text(b"\x30\x05\x00\x01a"));
        assert!(!looks_like_text(b""));
        assert!(!looks_like_text("é".as_bytes()));
    }

    #[test]
    fn file_bytes_pick_hex_or_raw() {
        let (bytes, kind) = from_file_bytes(b"c0 00\n".to_vec(), "f").unwrap();
        assert_eq!((bytes, kind), (vec![0xC0, 0x00], InputKind::Hex));
        let (bytes, kind) = from_file_bytes(vec![0xC0, 0x00], "f").unwrap();
        assert_eq!((bytes, kind), (vec![0xC0, 0x00], InputKind::Raw));
        let err = from_file_bytes(b"hello world".to_vec(), "f").unwrap_err().to_string();
        assert!(err.contains("f is printable text"), "{err}");
    }
}
