//! `mqtt passwd` end to end: the built binary, real files, a real mosquitto
//! and mosquitto's own `mosquitto_passwd`.
//!
//! Policy: every command gets an explicit stdin (null unless the test gives
//! input), so no test can hang on a prompt or on the terminal it runs in.

mod broker; // files we write, as mosquitto 2.0 reads them
mod cli; // arguments, stdin and terminal input, --list, --verify, -c -
mod interop; // files mosquitto_passwd writes, edited by us and read back by it
mod safety; // failures leave the file byte-identical; lines, modes and owners kept

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;

use mqtt_test_support::Mosquitto;

use crate::support::mqtt;

/// A temporary directory with a password file path in it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    pub file: PathBuf,
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch::new()
    }
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::Builder::new().prefix("mqtt-passwd-test").tempdir().unwrap();
        let file = dir.path().join("passwd");
        Scratch { dir, file }
    }

    pub fn read(&self) -> Vec<u8> {
        fs::read(&self.file).unwrap()
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.read()).unwrap()
    }

    /// Names of everything in the directory (to spot left-over temporary files).
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Runs `mqtt passwd ARGS` with stdin from /dev/null.
pub fn passwd(args: &[&str]) -> Output {
    run(mqtt().arg("passwd").args(args), None)
}

/// Runs `mqtt passwd ARGS` with `input` on stdin.
pub fn passwd_with_stdin(args: &[&str], input: &str) -> Output {
    run(mqtt().arg("passwd").args(args), Some(input.as_bytes()))
}

/// Runs `mqtt passwd ARGS` and asserts success.
pub fn passwd_ok(args: &[&str]) -> Output {
    let output = passwd(args);
    assert_eq!(code(&output), 0, "mqtt passwd {args:?}\n{}", describe(&output));
    output
}

pub fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// True when the broker lets `user` connect with `password`, judged by
/// `mosquitto_pub`'s exit code (it exits non-zero when refused).
pub fn can_connect(broker: &Mosquitto, user: &str, password: &str) -> bool {
    let output = run(
        Command::new("mosquitto_pub")
            .args(["-h", "127.0.0.1", "-p", &broker.port().to_string()])
            .args(["-u", user, "-P", password, "-t", "mqtt-passwd-test", "-m", "x"]),
        None,
    );
    output.status.success()
}

/// Runs `mosquitto_passwd ARGS` and asserts success.
pub fn mosquitto_passwd(args: &[&str]) -> Output {
    let output = run(Command::new("mosquitto_passwd").args(args), None);
    assert!(output.status.success(), "mosquitto_passwd {args:?}\n{}", describe(&output));
    output
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
