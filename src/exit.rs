//! The exit-code table, documented in the README and the man page.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | a general failure (I/O, unexpected error) |
//! | 2 | usage error: bad option, bad topic, bad value |
//! | 65 | bad data in an input file (`passwd`: a line mosquitto cannot use) |
//! | 66 | an input file does not exist |
//! | 67 | no such user (`passwd -D` / `--verify` of a user not in the file) |
//! | 74 | reading or writing a file failed (`passwd`: the file is unchanged) |
//!
//! 65–74 follow BSD `sysexits.h` (EX_DATAERR, EX_NOINPUT, EX_NOUSER, EX_IOERR).
//! `passwd --verify` exits 1 when the password does not match.

use std::process::ExitCode;

/// Codes this binary may exit with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// A failure with no more specific code.
    Failure = 1,
    /// The command line or an input file was invalid.
    Usage = 2,
    /// An input file holds data we cannot use (EX_DATAERR).
    DataError = 65,
    /// An input file does not exist (EX_NOINPUT).
    NoInput = 66,
    /// The named user does not exist (EX_NOUSER).
    NoUser = 67,
    /// Reading or writing a file failed (EX_IOERR).
    IoError = 74,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// True when the error chain holds a broken pipe (stdout closed by `head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Maps an error to its exit code.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    for cause in err.chain() {
        if let Some(exit) = cause.downcast_ref::<CodedError>() {
            return ExitCode::from(exit.code as u8);
        }
    }
    Exit::Failure.into()
}

/// An error with an explicit exit code; the message is the error's text.
#[derive(Debug)]
pub struct CodedError {
    /// The code to exit with.
    pub code: Exit,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for CodedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CodedError {}

/// A usage error: bad input that the user must fix.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    coded(Exit::Usage, message)
}

/// An error that exits with `code`.
pub fn coded(code: Exit, message: impl Into<String>) -> anyhow::Error {
    CodedError { code, message: message.into() }.into()
}
