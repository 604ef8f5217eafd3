//! The exit-code table, documented in the README and the man page.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | a general failure (I/O, unexpected error) |
//! | 2 | usage error: bad option, bad topic, bad value |

use std::process::ExitCode;

/// Codes this binary may exit with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// A failure with no more specific code.
    Failure = 1,
    /// The command line or an input file was invalid.
    Usage = 2,
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
#[allow(dead_code)] // used by the subcommands as they land
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    CodedError { code: Exit::Usage, message: message.into() }.into()
}
