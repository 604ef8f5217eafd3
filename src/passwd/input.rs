//! Reading a password: from the terminal with echo off, or from stdin.
//!
//! Policy, as mosquitto_passwd: on a terminal we prompt (on the terminal,
//! never on stdout) and, for a new password, ask a second time. When stdin
//! is not a terminal, its first line is the password; for a new password a
//! second line, if there is one, must repeat it (mosquitto_passwd reads two,
//! so scripts written for it keep working). Line endings (`\n`, `\r\n`) are
//! not part of the password.

use std::io::{self, BufRead, IsTerminal};

use crate::passwd::secret::Secret;

/// Why no password could be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The two entries differ.
    #[error("the passwords do not match")]
    Mismatch,
    /// Stdin ended before a password line.
    #[error(
        "no password on standard input (it is not a terminal; pipe the password in, or use -b)"
    )]
    NoInput,
    /// Reading failed.
    #[error("cannot read the password: {0}")]
    Io(#[from] io::Error),
}

/// Reads a password from the terminal or stdin; `confirm` asks twice.
pub fn read_password(confirm: bool) -> Result<Secret, InputError> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        prompt(confirm)
    } else {
        read_lines(&mut stdin.lock(), confirm)
    }
}

fn prompt(confirm: bool) -> Result<Secret, InputError> {
    let first = Secret::from(rpassword::prompt_password("Password: ")?);
    if confirm {
        let second = Secret::from(rpassword::prompt_password("Reenter password: ")?);
        if first != second {
            return Err(InputError::Mismatch);
        }
    }
    Ok(first)
}

/// Reads the password (and, with `confirm`, its optional repetition) from lines.
pub fn read_lines(reader: &mut impl BufRead, confirm: bool) -> Result<Secret, InputError> {
    let first = read_line(reader)?.ok_or(InputError::NoInput)?;
    if confirm {
        if let Some(second) = read_line(reader)? {
            if second != first {
                return Err(InputError::Mismatch);
            }
        }
    }
    Ok(first)
}

fn read_line(reader: &mut impl BufRead) -> Result<Option<Secret>, InputError> {
    let mut buffer = Vec::new();
    if reader.read_until(b'\n', &mut buffer)? == 0 {
        return Ok(None);
    }
    if buffer.ends_with(b"\n") {
        buffer.pop();
        if buffer.ends_with(b"\r") {
            buffer.pop();
        }
    }
    Ok(Some(Secret::new(buffer)))
}

#[cfg(test)]
mod tests {
    use super::{read_lines, InputError};

    fn read(input: &[u8], confirm: bool) -> Result<Vec<u8>, InputError> {
        read_lines(&mut &input[..], confirm).map(|secret| secret.expose().to_vec())
    }

    #[test]
    fn first_line_is_the_password() {
        assert_eq!(read(b"pw\n", true).unwrap(), b"pw");
        assert_eq!(read(b"pw\r\n", false).unwrap(), b"pw");
        assert_eq!(read(b"no newline", true).unwrap(), b"no newline");
        assert_eq!(read(b" spaces kept \n", true).unwrap(), b" spaces kept ");
        assert_eq!(read(b"pw\nignored\n", false).unwrap(), b"pw");
    }

    #[test]
    fn a_second_line_must_repeat_the_first_when_confirming() {
        assert_eq!(read(b"pw\npw\n", true).unwrap(), b"pw");
        assert!(matches!(read(b"pw\nother\n", true), Err(InputError::Mismatch)));
    }

    #[test]
    fn empty_stdin_is_an_error() {
        assert!(matches!(read(b"", true), Err(InputError::NoInput)));
        // An empty line is an (empty) password; the caller decides on it.
        assert_eq!(read(b"\n", false).unwrap(), b"");
    }
}
