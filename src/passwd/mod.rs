//! mosquitto password files: reading every format mosquitto writes, writing
//! files mosquitto accepts, and never losing a line.
//!
//! | module | owns |
//! |---|---|
//! | [`hash`] | the `$6$`, `$7$` and `$argon2id$` formats: parse, create, verify |
//! | [`file`] | the file as lines: the broker's parsing rules, edits in place |
//! | [`store`] | reading, and replacing atomically with owner and mode kept |
//! | [`input`] | reading a password from a prompt or from stdin |
//! | [`secret`] | [`Secret`](secret::Secret): password bytes, redacted and zeroed |
//!
//! Policy: this module decides nothing about exit codes or wording on the
//! terminal; `cmd::passwd` does. Names and passwords are bytes, as in MQTT.

pub mod file;
pub mod hash;
pub mod input;
pub mod owner;
pub mod secret;
pub mod store;

/// Longest user name or password MQTT can carry (a two-byte length prefix).
pub const MAX_FIELD_LEN: usize = 65535;

/// Checks a user name for a new or edited entry; the error says why not.
///
/// Refused: empty; `:` (it ends the name); control characters (mosquitto_passwd
/// refuses them too); blanks at either end and a leading `#` (the broker trims
/// the first and skips the second, so such a user could never log in).
pub fn check_username(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the user name is empty".into());
    }
    if name.len() > MAX_FIELD_LEN {
        return Err(format!("the user name is longer than {MAX_FIELD_LEN} bytes"));
    }
    if name.contains(':') {
        return Err("the user name contains `:`, which separates it from the password".into());
    }
    if name.chars().any(char::is_control) {
        return Err("the user name contains a control character".into());
    }
    if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
        return Err("the user name starts or ends with a blank, which mosquitto trims".into());
    }
    if name.starts_with('#') {
        return Err("the user name starts with `#`, which mosquitto reads as a comment".into());
    }
    Ok(())
}

/// Shows a user name from a file safely on a terminal: lossy UTF-8, control
/// characters escaped.
pub fn display_name(name: &[u8]) -> String {
    String::from_utf8_lossy(name)
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> =
                if c.is_control() { c.escape_default().collect() } else { vec![c] };
            escaped
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{check_username, display_name};

    #[test]
    fn usernames_mosquitto_cannot_use_are_refused() {
        for bad in
            ["", "a:b", "tab\there", "new\nline", "nul\0", " lead", "trail ", "#hash", "del\u{7f}"]
        {
            assert!(check_username(bad).is_err(), "{bad:?}");
        }
        for good in ["alice", "user@example.com", "ünïcode", "with space", "a#b", "x$y"] {
            assert_eq!(check_username(good), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn display_name_escapes_control_characters() {
        assert_eq!(display_name(b"a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(display_name(b"caf\xc3\xa9"), "café");
    }
}
