//! [`Secret`]: password bytes that never show up in output.
//!
//! Policy: a password lives in a `Secret` from the moment it is read (argv,
//! prompt, stdin or a plain-text password file) until it is hashed. `Debug`
//! prints `Secret(redacted)`, there is no `Display`, and the bytes are
//! overwritten with zeros when the value is dropped.

use std::fmt;

use zeroize::Zeroizing;

/// A password: arbitrary bytes (MQTT passwords are binary data), redacted in
/// `Debug`, zeroed on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps `bytes`; the caller should not keep another copy.
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(Zeroizing::new(bytes))
    }

    /// The password bytes, for hashing.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// True for the empty password.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Secret {
        Secret::new(text.into_bytes())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_password() {
        let secret = Secret::from("hunter2".to_string());
        let debug = format!("{secret:?} {:#?}", Some(&secret));
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("redacted"), "{debug}");
        assert_eq!(secret.expose(), b"hunter2");
    }
}
