//! The exit-code table, documented in the README, the man page and
//! `docs/exit-codes.md`. Scripts depend on these numbers: never renumber,
//! only add.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (for `sub`: -C reached, --idle-timeout, -E or --retained-only finished) |
//! | 1 | a failure with no more specific code (I/O error, unexpected error) |
//! | 2 | usage error: bad option, bad topic, bad value, unreadable input file |
//! | 3 | could not reach the broker: DNS, TCP, TLS or WebSocket failure, or no CONNACK in time |
//! | 4 | the broker refused the connection (CONNACK reason shown), e.g. unsupported protocol version |
//! | 5 | the broker refused our credentials: bad user name or password, or not authorized |
//! | 6 | the broker refused a subscription (SUBACK failure for at least one filter) |
//! | 7 | a publish was rejected (MQTT 5 reason code ≥ 0x80, or refused before sending: over the broker's Maximum Packet Size), or never acknowledged (`--ack-timeout`, or a protocol violation such as PUBACK to QoS 2) |
//! | 8 | the connection was lost, or the broker disconnected us, and could not be resumed |
//! | 9 | a check the user asked for failed: `inspect --require` (a capability is missing), `bench --fail-if` or the bench's own rules (QoS 1/2 loss, QoS 2 duplicate, nothing sent or received) |
//! | 27 | `sub -W` expired, or `--idle-timeout` ended before `-C` was reached (as mosquitto_sub); `rr -W` expired before the responses came (as mosquitto_rr) |
//! | 65 | bad data in an input file (`passwd`: a line mosquitto cannot use; `bench merge`: a report it cannot read); `sub --strict-decode`: a payload that does not decode |
//! | 66 | an input file does not exist (`passwd`: the password file; `bench merge`: a report) |
//! | 67 | no such user (`passwd -D` / `--verify` of a user not in the file) |
//! | 74 | reading or writing a file failed (`passwd`: the file is unchanged; `bench`: an output file) |
//! | 130 | interrupted by Ctrl-C (after a clean DISCONNECT; `bench`: after writing the partial report) |
//! | 143 | `bench` ended by SIGTERM, after writing the partial report (128 + 15, as a shell reports a process SIGTERM killed) |
//!
//! 65–74 follow BSD `sysexits.h` (EX_DATAERR, EX_NOINPUT, EX_NOUSER, EX_IOERR).
//! `passwd --verify` exits 1 when the password does not match.
//!
//! A stdout closed by the reader (`mqtt sub | head -n1`) is success.

use std::process::ExitCode;

/// The table for `--help` and the man pages of the commands that connect.
pub const HELP: &str = "\
Exit status:
  0    success (sub: -C reached, --idle-timeout, -E or --retained-only finished;
       also when the reader closes stdout, as `| head` does)
  1    failure with no more specific code (I/O error)
  2    usage error: bad option, topic, property or input file
  3    the broker could not be reached (DNS, TCP, TLS, WebSocket, no CONNACK in time)
  4    the broker refused the connection (e.g. unsupported protocol version: try -V 311)
  5    the broker refused the credentials (bad user name or password, not authorized)
  6    the broker refused a subscription
  7    a publish was rejected (MQTT 5 reason code >= 0x80, or over the broker's
       Maximum Packet Size) or never acknowledged (--ack-timeout, protocol error)
  8    the connection was lost and could not be resumed
  27   sub -W expired, or --idle-timeout ended before -C was reached;
       rr -W expired before the responses came
  65   bad data in an input file (passwd: a line mosquitto cannot use, file
       unchanged; bench merge: a report it cannot read); sub --strict-decode:
       a payload that does not decode
  66   an input file does not exist (passwd: the password file; bench merge: a report)
  67   passwd: no such user in the file
  74   reading or writing a file failed (passwd: file unchanged; bench: an output file)
  130  interrupted by Ctrl-C (after a clean DISCONNECT)
  143  terminated by SIGTERM (bench: after writing its partial report)";

/// Codes this binary may exit with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// A failure with no more specific code.
    Failure = 1,
    /// The command line or an input file was invalid.
    Usage = 2,
    /// The broker could not be reached (network, TLS, timeout).
    Unreachable = 3,
    /// The broker refused the connection for a reason other than credentials.
    Refused = 4,
    /// The broker refused the credentials or the client is not authorized.
    NotAuthorized = 5,
    /// The broker refused a subscription.
    SubscribeRefused = 6,
    /// A publish was rejected or never acknowledged.
    PublishFailed = 7,
    /// The connection was lost and not resumed.
    ConnectionLost = 8,
    /// `inspect --require`: a required check did not answer yes.
    ChecksFailed = 9,
    /// A timeout the user asked for expired (`sub -W`).
    Timeout = 27,
    /// An input file holds data we cannot use (EX_DATAERR).
    DataError = 65,
    /// An input file does not exist (EX_NOINPUT).
    NoInput = 66,
    /// The named user does not exist (EX_NOUSER).
    NoUser = 67,
    /// Reading or writing a file failed (EX_IOERR).
    IoError = 74,
    /// The user pressed Ctrl-C (SIGINT).
    Interrupted = 130,
    /// SIGTERM ended a `bench` run (which writes its partial report first).
    Terminated = 143,
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

/// Maps an error to its exit code: the outermost [`CodedError`] in the
/// chain decides, anything else is a general failure.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    ExitCode::from(code_number(err))
}

/// The exit code [`code_for`] gives, as a number (for JSON documents).
pub fn code_number(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(exit) = cause.downcast_ref::<CodedError>() {
            return exit.code as u8;
        }
    }
    Exit::Failure as u8
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

/// An error that exits with `code`.
pub fn coded(code: Exit, message: impl Into<String>) -> anyhow::Error {
    CodedError { code, message: message.into() }.into()
}

/// A usage error: bad input that the user must fix.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    coded(Exit::Usage, message)
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::{code_for, coded, is_broken_pipe, usage, Exit};

    #[test]
    fn coded_errors_keep_their_code_under_context() {
        let err = Err::<(), _>(coded(Exit::PublishFailed, "2 of 5 publishes rejected"))
            .context("publishing")
            .unwrap_err();
        assert_eq!(code_for(&err), Exit::PublishFailed.into());
        assert_eq!(format!("{err:#}"), "publishing: 2 of 5 publishes rejected");
        assert_eq!(code_for(&usage("bad")), Exit::Usage.into());
        assert_eq!(code_for(&anyhow::anyhow!("other")), Exit::Failure.into());
    }

    #[test]
    fn every_code_is_documented_in_help_and_docs() {
        let doc = include_str!("../docs/exit-codes.md");
        let codes = [
            Exit::Failure,
            Exit::Usage,
            Exit::Unreachable,
            Exit::Refused,
            Exit::NotAuthorized,
            Exit::SubscribeRefused,
            Exit::PublishFailed,
            Exit::ConnectionLost,
            Exit::Timeout,
            Exit::DataError,
            Exit::NoInput,
            Exit::NoUser,
            Exit::IoError,
            Exit::Interrupted,
            Exit::Terminated,
        ];
        let readme = include_str!("../README.md");
        for code in codes.map(|exit| exit as u8).into_iter().chain([0]) {
            assert!(super::HELP.contains(&format!("\n  {code:<4} ")), "{code} missing from HELP");
            assert!(
                doc.contains(&format!("\n| {code} |")),
                "{code} missing from docs/exit-codes.md"
            );
            assert!(readme.contains(&format!("\n| {code} |")), "{code} missing from README.md");
        }
    }

    /// The table row, or HELP entry, that starts with `start`: up to the
    /// next line that is not an indented continuation.
    fn entry<'a>(text: &'a str, start: &str) -> &'a str {
        let at = text.find(start).unwrap_or_else(|| panic!("no `{start}`")) + 1;
        let rest = &text[at..];
        let continues = |line: &str| {
            line.starts_with(' ') && !line.trim_start().starts_with(|c: char| c.is_ascii_digit())
        };
        let end = rest
            .match_indices('\n')
            .map(|(index, _)| index)
            .find(|&index| !continues(&rest[index + 1..]))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    #[test]
    fn codes_shared_by_passwd_and_bench_merge_say_so_everywhere() {
        let tables = [
            ("README.md", include_str!("../README.md"), "\n| {code} |"),
            ("docs/exit-codes.md", include_str!("../docs/exit-codes.md"), "\n| {code} |"),
            ("HELP", super::HELP, "\n  {code} "),
        ];
        for code in [Exit::DataError, Exit::NoInput] {
            let code = code as u8;
            for (name, text, pattern) in tables {
                let row = entry(text, &pattern.replace("{code}", &code.to_string()));
                assert!(row.contains("passwd") && row.contains("bench merge"), "{name}: {row}");
            }
        }
    }

    #[test]
    fn broken_pipe_is_found_in_the_chain() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = anyhow::Error::from(io).context("writing to stdout");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("no pipe here")));
    }
}
