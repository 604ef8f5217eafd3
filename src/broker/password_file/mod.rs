//! The users of `mqtt serve --password-file`: a mosquitto password file read
//! with [`crate::passwd`] (mosquitto's line rules, `$6$`, `$7$` and
//! `$argon2id$` hashes), held as one hash per user for the auth hook
//! (`super::auth`; the embedded broker reads only its own format).
//!
//! Policy: stricter than mosquitto where mosquitto would silently drop a
//! user. A line the broker cannot use (no `:`, no user name, a hash that does
//! not decode), a plain-text password, a user name that is not UTF-8 (MQTT
//! names are) or a user listed twice stops `mqtt serve` with the line number,
//! because "that user can't log in" is much harder to find at connect time.
//! Messages name the line and the user, never the password field; `Debug`
//! shows no hash.

use std::collections::HashMap;
use std::path::Path;

use crate::passwd::display_name;
use crate::passwd::file::{self, Credential};
use crate::passwd::hash::PasswordHash;

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
        let lines = file::PasswordFile::parse(bytes);
        if let Some(problem) = lines.problems(true).first() {
            return Err(match &problem.username {
                Some(name) => {
                    format!("{}: user `{}`: {}", problem.line, display_name(name), problem.reason)
                }
                None => format!("{}: {}", problem.line, problem.reason),
            });
        }
        let mut users = HashMap::new();
        let mut first_line_of: HashMap<String, usize> = HashMap::new();
        for numbered in lines.entries() {
            let (number, entry) = (numbered.line, numbered.entry);
            // Every other credential is one of the problems refused above.
            let Credential::Hash(hash) = &entry.credential else { continue };
            let name = String::from_utf8(entry.username.clone()).map_err(|_| {
                format!("{number}: the user name is not UTF-8 (MQTT user names are UTF-8)")
            })?;
            if let Some(first) = first_line_of.insert(name.clone(), number) {
                let name = display_name(&entry.username);
                return Err(format!("{number}: user `{name}` is already listed on line {first}"));
            }
            users.insert(name, hash.clone());
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
mod tests;
