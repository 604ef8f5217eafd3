//! The bench header carried at the start of every benchmark payload.
//!
//! Layout (big-endian, 32 bytes), followed by zero padding up to `--size`:
//!
//! | offset | bytes | field |
//! |---|---|---|
//! | 0 | 3 | magic `MQB` |
//! | 3 | 1 | header version (1) |
//! | 4 | 4 | publisher id (global publisher index) |
//! | 8 | 8 | sequence number, per publisher, from 0 |
//! | 16 | 8 | intended send time, ns since the UNIX epoch |
//! | 24 | 8 | actual send time, ns since the UNIX epoch |
//!
//! `--size` counts the whole payload, header included, so a size below
//! [`HEADER_LEN`] is refused. Encoding writes into a caller-provided buffer and
//! never allocates; decoding returns `None` for anything that is not ours, so
//! a shared broker's unrelated traffic is ignored rather than miscounted.

use thiserror::Error;

/// Bytes taken by the header at the start of every payload.
pub const HEADER_LEN: usize = 32;

const MAGIC: [u8; 3] = *b"MQB";
const VERSION: u8 = 1;

/// What one benchmark message says about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayloadHeader {
    /// Global index of the publisher that sent it.
    pub publisher_id: u32,
    /// Per-publisher sequence number, starting at 0.
    pub sequence: u64,
    /// When the schedule said it should be sent (ns since the UNIX epoch).
    pub intended_ns: u64,
    /// When it was handed to the client (ns since the UNIX epoch).
    pub sent_ns: u64,
}

/// Why a payload could not be built.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PayloadError {
    /// `--size` is too small to hold the header.
    #[error(
        "payload size {size} B is smaller than the {HEADER_LEN}-byte bench header \
         (publisher id, sequence and timestamps); use --size {HEADER_LEN} or more"
    )]
    TooSmall {
        /// The size that was asked for.
        size: usize,
    },
}

/// Checks a `--size` value, returning it when a header fits.
pub fn check_size(size: usize) -> Result<usize, PayloadError> {
    if size < HEADER_LEN {
        return Err(PayloadError::TooSmall { size });
    }
    Ok(size)
}

impl PayloadHeader {
    /// Writes the header into the start of `out` and zeroes the rest of it.
    ///
    /// `out` is the whole payload (`--size` bytes).
    pub fn encode(&self, out: &mut [u8]) -> Result<(), PayloadError> {
        self.encode_header(out)?;
        out[HEADER_LEN..].fill(0);
        Ok(())
    }

    /// Writes only the header bytes, leaving the padding as it is: the cheap
    /// path when the buffer is reused and its padding was zeroed once.
    pub fn encode_header(&self, out: &mut [u8]) -> Result<(), PayloadError> {
        let Some(header) = out.get_mut(..HEADER_LEN) else {
            return Err(PayloadError::TooSmall { size: out.len() });
        };
        header[0..3].copy_from_slice(&MAGIC);
        header[3] = VERSION;
        header[4..8].copy_from_slice(&self.publisher_id.to_be_bytes());
        header[8..16].copy_from_slice(&self.sequence.to_be_bytes());
        header[16..24].copy_from_slice(&self.intended_ns.to_be_bytes());
        header[24..32].copy_from_slice(&self.sent_ns.to_be_bytes());
        Ok(())
    }

    /// Reads a header; `None` when the payload is short or not a bench payload
    /// of this version.
    pub fn decode(payload: &[u8]) -> Option<PayloadHeader> {
        let header: &[u8; HEADER_LEN] = payload.get(..HEADER_LEN)?.try_into().ok()?;
        if header[0..3] != MAGIC || header[3] != VERSION {
            return None;
        }
        Some(PayloadHeader {
            publisher_id: u32::from_be_bytes(header[4..8].try_into().ok()?),
            sequence: u64::from_be_bytes(header[8..16].try_into().ok()?),
            intended_ns: u64::from_be_bytes(header[16..24].try_into().ok()?),
            sent_ns: u64::from_be_bytes(header[24..32].try_into().ok()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PayloadHeader {
        PayloadHeader {
            publisher_id: 0xDEAD_BEEF,
            sequence: 1 << 40 | 7,
            intended_ns: 1_700_000_000_123_456_789,
            sent_ns: 1_700_000_000_123_999_000,
        }
    }

    #[test]
    fn round_trips_through_a_padded_buffer() {
        let mut buf = vec![0xAA; 100];
        sample().encode(&mut buf).unwrap();
        assert_eq!(PayloadHeader::decode(&buf), Some(sample()));
        assert!(buf[HEADER_LEN..].iter().all(|&b| b == 0), "padding must be zeroed");
    }

    #[test]
    fn exact_header_size_is_enough() {
        let mut buf = [0u8; HEADER_LEN];
        sample().encode(&mut buf).unwrap();
        assert_eq!(PayloadHeader::decode(&buf), Some(sample()));
    }

    #[test]
    fn encode_header_leaves_padding_alone() {
        let mut buf = vec![0x55; 40];
        sample().encode_header(&mut buf).unwrap();
        assert_eq!(&buf[HEADER_LEN..], &[0x55; 8]);
        assert_eq!(PayloadHeader::decode(&buf).unwrap().sequence, sample().sequence);
    }

    #[test]
    fn a_short_buffer_is_refused_not_panicked() {
        let mut buf = [0u8; HEADER_LEN - 1];
        assert_eq!(sample().encode(&mut buf), Err(PayloadError::TooSmall { size: 31 }));
    }

    #[test]
    fn size_check_names_the_minimum() {
        assert_eq!(check_size(32), Ok(32));
        let err = check_size(16).unwrap_err().to_string();
        assert!(err.contains("16 B") && err.contains("--size 32"), "{err}");
    }

    #[test]
    fn foreign_payloads_decode_to_none() {
        assert_eq!(PayloadHeader::decode(b"hello"), None);
        assert_eq!(PayloadHeader::decode(&[0u8; 64]), None);
        let mut buf = [0u8; HEADER_LEN];
        sample().encode(&mut buf).unwrap();
        assert_eq!(PayloadHeader::decode(&buf[..HEADER_LEN - 1]), None);
        buf[3] = VERSION + 1;
        assert_eq!(PayloadHeader::decode(&buf), None, "another header version is foreign");
    }
}
