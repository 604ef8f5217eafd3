//! Helpers shared by the integration tests of the `mqtt` binary.
//!
//! Policy: every command gets an explicit stdin (null unless the test gives
//! input), so no test can hang on a prompt or on the terminal it runs in.

#![allow(dead_code)] // each test binary uses its own subset

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::thread;

pub mod mqtt_cmd;

/// A `Command` for the `mqtt` binary built for these tests, with the
/// environment scrubbed as [`mqtt_cmd::mqtt`] does.
pub fn mqtt() -> Command {
    let mut command = mqtt_cmd::mqtt();
    command.env_remove("RUST_BACKTRACE").env_remove("RUST_LOG");
    command
}

/// Runs `command` with `input` on stdin (none: stdin is /dev/null).
pub fn run(command: &mut Command, input: Option<&[u8]>) -> Output {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = command.spawn().unwrap_or_else(|err| panic!("cannot run {command:?}: {err}"));
    let writer = input.map(|input| {
        let mut stdin = child.stdin.take().expect("piped stdin");
        let input = input.to_vec();
        // A writer thread: the child may exit without reading everything.
        thread::spawn(move || {
            let _ = stdin.write_all(&input);
        })
    });
    let output = child.wait_with_output().expect("wait for the command");
    if let Some(writer) = writer {
        writer.join().expect("stdin writer");
    }
    output
}

/// The exit code; panics (with the output) when killed by a signal.
pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or_else(|| panic!("killed by a signal: {}", describe(output)))
}

/// Stdout, stderr and status, for assertion messages.
pub fn describe(output: &Output) -> String {
    format!(
        "status: {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
