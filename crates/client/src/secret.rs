//! A string that must never be printed: passwords from URLs, flags or files.
//!
//! Policy: [`Secret`] has no `Display`, and its `Debug` prints `(redacted)`,
//! so a password cannot reach a log line or an error message by accident;
//! code that needs the value calls [`Secret::expose`] on purpose.

use std::fmt;

/// A secret string (a password). `Debug` prints `(redacted)`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret value itself; call it only where the value is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("(redacted)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_is_redacted_and_expose_returns_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "(redacted)");
        assert_eq!(format!("{:#?}", Some(&secret)), "Some(\n    (redacted),\n)");
        assert_eq!(secret.expose(), "hunter2");
        assert!(!secret.is_empty());
    }
}
