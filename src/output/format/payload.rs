//! The payload fields of `-F`: `%p`, `%x`/`%X` (with 2.1's nibble grouping)
//! and `%f`/`%d` (the payload as an IEEE 754 float or double), as
//! mosquitto_sub 2.1.2 prints them (`write_payload` and
//! `formatted_print_float` in `client/sub_client_output.c`).
//!
//! mosquitto's arithmetic is kept, quirks included, because scripts parse
//! this output:
//! * A width truncates the payload to `width` *bytes*; for hex the padding
//!   is `width - 2 × bytes`, so a hex field wider than its width has none.
//! * With `-` the padding goes after, and a negative padding still pads
//!   (printf `%*s` with a negative width), so `%-x` of 3 bytes ends in 3
//!   spaces.
//! * `%.Nx` puts the separator (space unless one of
//!   ``!"#$&'()*+,-./:;<=>?@[\]^_`{|}~`` follows the precision) after every
//!   N nibbles, counting the padding too; never after the last nibble.
//! * `%f` takes exactly 4 bytes and `%d` exactly 8, in the machine's byte
//!   order (little-endian on every platform we build for, as mosquitto's
//!   `memcpy`); another length prints nothing and is reported.
//! * The float is printed as C's `%.*f` would: precision 6 unless given,
//!   `0` pads after the sign, `inf`/`nan` with spaces only.

use std::io::{self, Write};

use super::template::Spec;

/// How `write_payload` shows the bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Hex {
    No,
    Lower,
    Upper,
}

/// `%p`, `%x`, `%X`.
pub fn write_payload<W: Write>(
    payload: &[u8],
    hex: Hex,
    spec: &Spec,
    out: &mut W,
) -> io::Result<()> {
    let width = spec.width as i64;
    let (shown, padding) = if width > 0 {
        let shown = (payload.len() as i64).min(width);
        let printed = if hex == Hex::No { shown } else { shown * 2 };
        (shown as usize, width - printed)
    } else {
        (payload.len(), -(payload.len() as i64))
    };
    let pad = if spec.zero_pad { b'0' } else { b' ' };
    let grouping = spec.precision.filter(|p| *p > 0 && hex != Hex::No).map(|p| p as i64);
    let mut separators = Separators { every: grouping, separator: spec.separator, position: 0 };
    let mut line = Vec::with_capacity(payload.len() * 3 + padding.unsigned_abs() as usize);
    if !spec.left_align {
        for _ in 0..padding.max(0) {
            line.push(pad);
            separators.after_nibble(&mut line);
        }
    }
    let shown = &payload[..shown];
    match hex {
        Hex::No => line.extend_from_slice(shown),
        Hex::Lower | Hex::Upper => {
            let digits: &[u8; 16] =
                if hex == Hex::Lower { b"0123456789abcdef" } else { b"0123456789ABCDEF" };
            for (index, byte) in shown.iter().enumerate() {
                line.push(digits[usize::from(byte >> 4)]);
                separators.after_nibble(&mut line);
                line.push(digits[usize::from(byte & 0x0f)]);
                if index + 1 < shown.len() {
                    separators.after_nibble(&mut line);
                }
            }
        }
    }
    if spec.left_align {
        // printf("%*s", padding, "") pads |padding| spaces, negative or not.
        line.resize(line.len() + padding.unsigned_abs() as usize, b' ');
    }
    out.write_all(&line)
}

/// mosquitto's `hexsep`: a separator after nibble `position` when it ends
/// a group.
struct Separators {
    every: Option<i64>,
    separator: u8,
    position: i64,
}

impl Separators {
    fn after_nibble(&mut self, line: &mut Vec<u8>) {
        if let Some(every) = self.every {
            if self.position % every == every - 1 {
                line.push(self.separator);
            }
        }
        self.position += 1;
    }
}

/// Which IEEE 754 width `%f` (4 bytes) or `%d` (8 bytes) reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatSize {
    Single,
    Double,
}

/// `%f` / `%d`: `Ok(false)` (nothing printed) when the payload is not
/// exactly 4 or 8 bytes long.
pub fn write_float<W: Write>(
    payload: &[u8],
    size: FloatSize,
    spec: &Spec,
    out: &mut W,
) -> io::Result<bool> {
    let value = match (size, payload.len()) {
        (FloatSize::Single, 4) => f64::from(f32::from_ne_bytes(payload.try_into().unwrap())),
        (FloatSize::Double, 8) => f64::from_ne_bytes(payload.try_into().unwrap()),
        _ => return Ok(false),
    };
    // printf's `%.*f` with mosquitto's default precision of -1: 6.
    let precision = spec.precision.unwrap_or(6);
    let width = spec.width;
    let text = if value.is_finite() {
        if spec.left_align {
            format!("{value:<width$.precision$}")
        } else if spec.zero_pad {
            format!("{value:0width$.precision$}")
        } else {
            format!("{value:>width$.precision$}")
        }
    } else {
        let sign = if value.is_sign_negative() { "-" } else { "" };
        let word = if value.is_nan() { "nan" } else { "inf" };
        let word = format!("{sign}{word}");
        if spec.left_align {
            format!("{word:<width$}")
        } else {
            format!("{word:>width$}")
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Spec {
        match super::super::template::parse(text).unwrap()[0] {
            super::super::template::Segment::Field(_, spec) => spec,
            ref other => panic!("{other:?}"),
        }
    }

    fn hex(template: &str, payload: &[u8]) -> String {
        let mut out = Vec::new();
        let case = if template.ends_with('X') { Hex::Upper } else { Hex::Lower };
        write_payload(payload, case, &spec(template), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn float(template: &str, payload: &[u8]) -> Option<String> {
        let mut out = Vec::new();
        let size = if template.ends_with('f') { FloatSize::Single } else { FloatSize::Double };
        let printed = write_float(payload, size, &spec(template), &mut out).unwrap();
        printed.then(|| String::from_utf8(out).unwrap())
    }

    /// Vectors worked through `write_payload` of mosquitto 2.1.2 by hand:
    /// the man page's own `18 83` and `18:83`, then padding and groups.
    #[test]
    fn hex_grouping_follows_mosquitto_2_1() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("%.2x", b"\x18\x83", "18 83"),
            ("%.2:x", b"\x18\x83", "18:83"),
            ("%.2X", b"\xab\xcd\xef", "AB CD EF"),
            ("%.4-x", b"\x01\x02\x03\x04\x05", "0102-0304-05"),
            ("%.3x", b"\x01\x02\x03", "010 203"),
            ("%.1,x", b"\xab", "a,b"),
            ("%.0x", b"\x18\x83", "1883"),
            ("%.x", b"\x18\x83", "1883"),
            ("%x", b"\x18\x83", "1883"),
            // Padding counts as nibbles: "00 18 83" for a width of 6.
            ("%06.2x", b"\x18\x83", "00 18 83"),
            ("%6.2x", b"\x18\x83", "   18 83"),
            // Left-aligned: no separator in the trailing spaces.
            ("%-6.2x", b"\x18\x83", "18 83  "),
            ("%-.2x", b"\x18\x83", "18 83  "),
            // A width truncates to that many bytes; no padding is left.
            ("%2.2x", b"\x18\x83\xff", "18 83"),
            ("%1x", b"\x18\x83", "18"),
            ("%10x", b"hello", "68656c6c6f"),
            ("%12x", b"hello", "  68656c6c6f"),
            ("%-x", b"\x01\x02\x03", "010203   "),
            ("%.2x", b"", ""),
        ];
        for (template, payload, expected) in cases {
            assert_eq!(hex(template, payload), *expected, "{template} of {payload:02x?}");
        }
    }

    #[test]
    fn floats_print_as_c_printf_does() {
        let single = 1.5f32.to_ne_bytes();
        let double = (-2.25f64).to_ne_bytes();
        let cases: &[(&str, &[u8], &str)] = &[
            ("%f", &single, "1.500000"),
            ("%.2f", &single, "1.50"),
            ("%.f", &single, "2"),
            ("%10.3f", &single, "     1.500"),
            ("%-10.1f|", &single, "1.5       "),
            ("%010.2f", &single, "0000001.50"),
            ("%d", &double, "-2.250000"),
            ("%010.1d", &double, "-0000002.2"),
            ("%.0d", &2.5f64.to_ne_bytes(), "2"),
            ("%f", &0.1f32.to_ne_bytes(), "0.100000"),
            ("%.10f", &0.1f32.to_ne_bytes(), "0.1000000015"),
            ("%d", &(-0.0f64).to_ne_bytes(), "-0.000000"),
            ("%f", &f32::INFINITY.to_ne_bytes(), "inf"),
            ("%06d", &f64::NEG_INFINITY.to_ne_bytes(), "  -inf"),
            ("%-5f|", &f32::NAN.to_ne_bytes(), "nan  "),
            ("%d", &(-f64::NAN).to_ne_bytes(), "-nan"),
        ];
        for (template, payload, expected) in cases {
            let template = template.trim_end_matches('|');
            assert_eq!(float(template, payload).as_deref(), Some(*expected), "{template}");
        }
    }

    #[test]
    fn a_payload_of_the_wrong_length_prints_nothing() {
        assert_eq!(float("%f", &1.5f64.to_ne_bytes()), None);
        assert_eq!(float("%d", &1.5f32.to_ne_bytes()), None);
        assert_eq!(float("%f", b""), None);
        assert_eq!(float("%d", b"123456789"), None);
    }
}
