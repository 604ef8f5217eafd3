//! Variable Byte Integer (MQTT 5.0 §1.5.5, 3.1.1 §2.2.3): 7 bits per byte,
//! least significant group first, at most 4 bytes.
//!
//! Policy: the decoder accepts only the minimal form (a multi-byte value
//! whose last byte is zero could have been shorter) and never reads a fifth
//! byte, so `0x80 0x80 0x80 0x80 0x01` and `0x80 0x00` are both rejected.

use bytes::{BufMut, BytesMut};

/// The largest value a Variable Byte Integer can carry (4 bytes).
pub const MAX: u32 = 268_435_455;

/// Why a Variable Byte Integer was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarIntError {
    /// The fourth byte still had its continuation bit set.
    TooLong,
    /// The value was not encoded in the fewest bytes possible.
    NotMinimal,
}

/// The number of bytes `value` takes on the wire (`value` ≤ [`MAX`]).
pub const fn len(value: u32) -> usize {
    match value {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    }
}

/// Appends `value` (which must be ≤ [`MAX`]; callers check) to `buf`.
pub fn put(buf: &mut BytesMut, value: u32) {
    debug_assert!(value <= MAX, "variable byte integer {value} out of range");
    let mut rest = value;
    loop {
        let low = (rest & 0x7F) as u8;
        rest >>= 7;
        if rest == 0 {
            buf.put_u8(low);
            return;
        }
        buf.put_u8(low | 0x80);
    }
}

/// Decodes a Variable Byte Integer from the front of `bytes`.
///
/// Returns `Ok(None)` when `bytes` ends before the integer does, and
/// otherwise the value with the number of bytes it used.
pub fn decode(bytes: &[u8]) -> Result<Option<(u32, usize)>, VarIntError> {
    let mut value: u32 = 0;
    for index in 0..4 {
        let Some(&byte) = bytes.get(index) else {
            return Ok(None);
        };
        value |= u32::from(byte & 0x7F) << (7 * index);
        if byte & 0x80 == 0 {
            if index > 0 && byte == 0 {
                return Err(VarIntError::NotMinimal);
            }
            return Ok(Some((value, index + 1)));
        }
    }
    Err(VarIntError::TooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: u32) -> Vec<u8> {
        let mut buf = BytesMut::new();
        put(&mut buf, value);
        buf.to_vec()
    }

    #[test]
    fn boundaries_match_the_specification_table() {
        // MQTT 5.0 Table 1-1: sizes of Variable Byte Integer.
        assert_eq!(encoded(0), [0x00]);
        assert_eq!(encoded(127), [0x7F]);
        assert_eq!(encoded(128), [0x80, 0x01]);
        assert_eq!(encoded(16_383), [0xFF, 0x7F]);
        assert_eq!(encoded(16_384), [0x80, 0x80, 0x01]);
        assert_eq!(encoded(2_097_151), [0xFF, 0xFF, 0x7F]);
        assert_eq!(encoded(2_097_152), [0x80, 0x80, 0x80, 0x01]);
        assert_eq!(encoded(MAX), [0xFF, 0xFF, 0xFF, 0x7F]);
        for value in [0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, MAX] {
            let bytes = encoded(value);
            assert_eq!(len(value), bytes.len());
            assert_eq!(decode(&bytes), Ok(Some((value, bytes.len()))));
        }
    }

    #[test]
    fn rejects_five_bytes_and_non_minimal_forms() {
        assert_eq!(decode(&[0x80, 0x80, 0x80, 0x80, 0x01]), Err(VarIntError::TooLong));
        assert_eq!(decode(&[0xFF, 0xFF, 0xFF, 0xFF]), Err(VarIntError::TooLong));
        assert_eq!(decode(&[0x80, 0x00]), Err(VarIntError::NotMinimal));
        assert_eq!(decode(&[0x81, 0x80, 0x00]), Err(VarIntError::NotMinimal));
    }

    #[test]
    fn incomplete_input_asks_for_more() {
        assert_eq!(decode(&[]), Ok(None));
        assert_eq!(decode(&[0x80]), Ok(None));
        assert_eq!(decode(&[0xFF, 0xFF, 0xFF]), Ok(None));
    }
}
