//! UTF-8 Encoded Strings (MQTT 5.0 §1.5.4, 3.1.1 §1.5.3) backed by [`Bytes`].
//!
//! Policy: a [`MqttString`] is validated once, when it is made, and never
//! copied afterwards: decoding slices the packet's own buffer. The rules are
//! the ones whose violation makes a packet malformed: well-formed UTF-8 (so
//! no surrogate code points, which Rust's UTF-8 check already refuses), no
//! U+0000, and at most 65,535 bytes. Control characters and non-characters,
//! which the specification lets a receiver refuse, are accepted.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::Deref;
use core::str::FromStr;

use bytes::Bytes;

/// Why a byte string is not a valid MQTT UTF-8 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StringError {
    /// Longer than 65,535 bytes.
    #[error("string of {len} bytes is longer than 65535 bytes")]
    TooLong {
        /// The length in bytes.
        len: usize,
    },
    /// Not well-formed UTF-8 (this includes encoded surrogates).
    #[error("invalid UTF-8 after {valid_up_to} bytes")]
    InvalidUtf8 {
        /// How many bytes from the start are valid.
        valid_up_to: usize,
    },
    /// Contains U+0000 (MQTT-1.5.4-2).
    #[error("contains the null character U+0000 at byte {at}")]
    NullCharacter {
        /// Byte index of the null character within the string.
        at: usize,
    },
}

/// Checks `bytes` against the MQTT string rules.
pub(crate) fn validate(bytes: &[u8]) -> Result<&str, StringError> {
    if bytes.len() > MqttString::MAX_LEN {
        return Err(StringError::TooLong { len: bytes.len() });
    }
    let text = core::str::from_utf8(bytes)
        .map_err(|err| StringError::InvalidUtf8 { valid_up_to: err.valid_up_to() })?;
    if let Some(at) = bytes.iter().position(|&byte| byte == 0) {
        return Err(StringError::NullCharacter { at });
    }
    Ok(text)
}

/// A validated MQTT UTF-8 string that shares its bytes with the packet it
/// came from. Cloning it is cheap (a reference count).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct MqttString(Bytes);

impl MqttString {
    /// The longest string the length prefix can describe.
    pub const MAX_LEN: usize = 65_535;

    /// Wraps `bytes` after checking the MQTT string rules.
    pub fn from_bytes(bytes: Bytes) -> Result<MqttString, StringError> {
        validate(&bytes)?;
        Ok(MqttString(bytes))
    }

    /// Wraps bytes that the caller already checked with [`validate`] (or
    /// a stricter check).
    pub(crate) fn from_checked(bytes: Bytes) -> MqttString {
        debug_assert!(validate(&bytes).is_ok());
        MqttString(bytes)
    }

    /// A string from a literal, without copying.
    ///
    /// # Panics
    /// When `text` breaks the MQTT string rules; meant for literals.
    pub fn from_static(text: &'static str) -> MqttString {
        match MqttString::from_bytes(Bytes::from_static(text.as_bytes())) {
            Ok(string) => string,
            Err(err) => panic!("invalid MQTT string literal {text:?}: {err}"),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // SAFETY: every constructor ran `validate`, which checked UTF-8, and
        // the bytes are immutable afterwards.
        unsafe { core::str::from_utf8_unchecked(&self.0) }
    }

    /// The underlying bytes (without the length prefix).
    pub fn as_bytes(&self) -> &Bytes {
        &self.0
    }

    /// Gives back the underlying bytes.
    pub fn into_bytes(self) -> Bytes {
        self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Bytes on the wire: the 2-byte length prefix plus the text.
    pub(crate) fn prefixed_len(&self) -> usize {
        2 + self.0.len()
    }
}

impl Deref for MqttString {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for MqttString {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Hash for MqttString {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for MqttString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for MqttString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for MqttString {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for MqttString {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl TryFrom<String> for MqttString {
    type Error = StringError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        MqttString::from_bytes(Bytes::from(text))
    }
}

impl TryFrom<&str> for MqttString {
    type Error = StringError;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        MqttString::from_bytes(Bytes::copy_from_slice(text.as_bytes()))
    }
}

impl FromStr for MqttString {
    type Err = StringError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        MqttString::try_from(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_text_and_the_empty_string() {
        assert_eq!(MqttString::try_from("a/b ü 🦀").unwrap(), "a/b ü 🦀");
        assert!(MqttString::try_from("").unwrap().is_empty());
        // MQTT 5.0 §1.5.4: a BOM is kept, never skipped.
        let bom = MqttString::from_bytes(Bytes::from_static(b"\xEF\xBB\xBFx")).unwrap();
        assert_eq!(bom.len(), 4);
    }

    #[test]
    fn rejects_null_surrogates_bad_utf8_and_overlong() {
        assert_eq!(
            MqttString::try_from("ab\0c").unwrap_err(),
            StringError::NullCharacter { at: 2 }
        );
        // U+D800 encoded as if it were a scalar value (MQTT-1.5.4-1).
        assert_eq!(
            MqttString::from_bytes(Bytes::from_static(b"a\xED\xA0\x80")).unwrap_err(),
            StringError::InvalidUtf8 { valid_up_to: 1 }
        );
        assert_eq!(
            MqttString::from_bytes(Bytes::from_static(b"\xC0\xAF")).unwrap_err(),
            StringError::InvalidUtf8 { valid_up_to: 0 }
        );
        let long = "x".repeat(65_536);
        assert_eq!(
            MqttString::try_from(long.as_str()).unwrap_err(),
            StringError::TooLong { len: 65_536 }
        );
        assert!(MqttString::try_from(&long[1..]).is_ok());
    }
}
