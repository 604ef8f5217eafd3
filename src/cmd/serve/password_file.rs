//! Reading a mosquitto password file for `mqtt serve --password-file`, and
//! checking a client's password against it.
//!
//! The embedded broker (mqtt5) reads only its own argon2 PHC format, so the
//! file is read here and checked through the broker's auth hook
//! (`super::auth`). Lines follow mosquitto's rules: `#` in the first column
//! starts a comment, lines without `:` are skipped, the user name ends at the
//! first `:`, blanks around the name and the hash are trimmed.
//!
//! Policy: stricter than mosquitto where mosquitto would silently drop a
//! user. A hash that does not decode, a plain-text password or a user listed
//! twice stops `mqtt serve` with the line number, because "that user can't
//! log in" is a much harder problem to find at connect time. Hashes never
//! appear in messages or `Debug` output.
//!
//! Readable hashes: `$7$` (PBKDF2-HMAC-SHA512, what `mosquitto_passwd` 2.0
//! and `mqtt passwd` write) and `$6$` (salted SHA-512, mosquitto 1.x).
//! `$argon2id$` (mosquitto 2.1) is refused with a message saying so.
//! When `mqtt passwd`'s hash module is merged, this module's decoding can
//! defer to it.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use sha2::{Digest, Sha512};

/// Standard base64, padded or not (mosquitto pads).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// SHA-512 output length; mosquitto stores nothing else.
const SHA512_LEN: usize = 64;

/// mosquitto parses the iteration count as a C `int`.
const MAX_ITERATIONS: u32 = i32::MAX as u32;

/// A decoded password hash.
#[derive(Clone, PartialEq, Eq)]
pub enum PasswordHash {
    /// `$6$salt$hash`: SHA-512(password ‖ salt).
    Sha512 { salt: Vec<u8>, hash: Vec<u8> },
    /// `$7$iterations$salt$hash`: PBKDF2-HMAC-SHA512.
    Pbkdf2Sha512 { iterations: u32, salt: Vec<u8>, hash: Vec<u8> },
}

impl fmt::Debug for PasswordHash {
    /// The scheme only: a hash is material for offline guessing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordHash::Sha512 { .. } => f.write_str("PasswordHash(sha512)"),
            PasswordHash::Pbkdf2Sha512 { .. } => f.write_str("PasswordHash(sha512-pbkdf2)"),
        }
    }
}

impl PasswordHash {
    /// Decodes the field after `user:`; the error says what is wrong with it.
    pub fn parse(field: &str) -> Result<PasswordHash, String> {
        if let Some(rest) = field.strip_prefix("$7$") {
            let mut parts = rest.split('$');
            let (Some(iterations), Some(salt), Some(hash), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err("a `$7$` hash must be `$7$iterations$salt$hash`".into());
            };
            let iterations: u32 = iterations
                .parse()
                .ok()
                .filter(|count| (1..=MAX_ITERATIONS).contains(count))
                .ok_or_else(|| {
                    format!("the iteration count must be a number from 1 to {MAX_ITERATIONS}")
                })?;
            let (salt, hash) = decode_salt_and_hash(salt, hash)?;
            return Ok(PasswordHash::Pbkdf2Sha512 { iterations, salt, hash });
        }
        if let Some(rest) = field.strip_prefix("$6$") {
            let mut parts = rest.split('$');
            let (Some(salt), Some(hash), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err("a `$6$` hash must be `$6$salt$hash`".into());
            };
            let (salt, hash) = decode_salt_and_hash(salt, hash)?;
            return Ok(PasswordHash::Sha512 { salt, hash });
        }
        if field.starts_with("$argon2id$") {
            return Err("argon2id hashes are not supported by `mqtt serve` yet; \
                        write this user with `mqtt passwd -a sha512-pbkdf2`"
                .into());
        }
        if field.starts_with('$') {
            return Err("unknown hash scheme (`mqtt serve` reads $7$ and $6$)".into());
        }
        Err("the password is not hashed; hash the file with `mqtt passwd -U FILE`".into())
    }

    /// True when `password` matches. Costs one PBKDF2 run for `$7$`: call it
    /// off the async threads.
    pub fn verify(&self, password: &[u8]) -> bool {
        match self {
            PasswordHash::Sha512 { salt, hash } => {
                let mut digest = Sha512::new();
                digest.update(password);
                digest.update(salt);
                constant_time_eq(&digest.finalize(), hash)
            }
            PasswordHash::Pbkdf2Sha512 { iterations, salt, hash } => {
                let mut derived = [0u8; SHA512_LEN];
                pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, *iterations, &mut derived);
                constant_time_eq(&derived, hash)
            }
        }
    }
}

fn decode_salt_and_hash(salt: &str, hash: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let salt = BASE64.decode(salt).map_err(|err| format!("the salt is not base64: {err}"))?;
    if salt.is_empty() {
        return Err("the salt is empty".into());
    }
    let hash = BASE64.decode(hash).map_err(|err| format!("the hash is not base64: {err}"))?;
    if hash.len() != SHA512_LEN {
        return Err(format!("the hash is {} bytes long, not {SHA512_LEN}", hash.len()));
    }
    Ok((salt, hash))
}

/// Compares without an early exit, so timing tells nothing about the hash.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len()
        && left.iter().zip(right).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

/// The users of a password file.
#[derive(Debug, Default)]
pub struct PasswordFile {
    users: HashMap<String, PasswordHash>,
}

impl PasswordFile {
    /// Reads and decodes `path`; the error names the file and the line.
    pub fn load(path: &Path) -> Result<PasswordFile, String> {
        let bytes =
            std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        PasswordFile::parse(&bytes).map_err(|err| format!("{}:{err}", path.display()))
    }

    /// Decodes a file's contents; the error starts with the line number.
    pub fn parse(bytes: &[u8]) -> Result<PasswordFile, String> {
        let mut users = HashMap::new();
        let mut first_line_of: HashMap<String, usize> = HashMap::new();
        for (index, raw) in bytes.split(|&byte| byte == b'\n').enumerate() {
            let number = index + 1;
            if raw.first() == Some(&b'#') {
                continue;
            }
            let Some(colon) = raw.iter().position(|&byte| byte == b':') else {
                continue;
            };
            let text = std::str::from_utf8(raw).map_err(|_| {
                format!("{number}: the line is not UTF-8 (MQTT user names are UTF-8)")
            })?;
            let name = text[..colon].trim();
            let field = text[colon + 1..].trim();
            if name.is_empty() {
                return Err(format!("{number}: the user name is empty"));
            }
            let hash = PasswordHash::parse(field)
                .map_err(|reason| format!("{number}: user `{name}`: {reason}"))?;
            if let Some(first) = first_line_of.insert(name.to_owned(), number) {
                return Err(format!("{number}: user `{name}` is already listed on line {first}"));
            }
            users.insert(name.to_owned(), hash);
        }
        Ok(PasswordFile { users })
    }

    /// How many users the file lists.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// The hash stored for `username`, if the file lists that user.
    pub fn hash_of(&self, username: &str) -> Option<&PasswordHash> {
        self.users.get(username)
    }
}

#[cfg(test)]
#[path = "password_file_tests.rs"]
mod tests;
