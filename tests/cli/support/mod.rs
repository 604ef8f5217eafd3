//! Helpers shared by the tests: `mqtt` as a child process with a
//! predictable environment (no user config, no inherited broker settings or
//! passwords, no colour or logging overrides) and a hard time limit so a
//! broken test fails instead of hanging.
//!
//! Policy: [`mqtt`] is the only place that builds a `Command` for the
//! binary; every test and helper starts `mqtt` through it (or, for a
//! wrapper such as `script` or `sh`, gives the wrapper the same
//! environment with [`scrub`]).

pub mod pubsub;
pub mod scripted;
pub mod tiny_broker;

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Variables that would change `mqtt`'s behaviour from the outside.
const SCRUBBED: &[&str] = &[
    "MQTT_HOST",
    "MQTT_PORT",
    "MQTT_USERNAME",
    "MQTT_PASSWORD",
    "MQTT_PROFILE",
    "MQTT_CONFIG",
    "XDG_CONFIG_HOME",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "RUST_LOG",
    "RUST_BACKTRACE",
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSLKEYLOGFILE",
];

/// The longest any one `mqtt` run in a test may take.
pub const PROCESS_LIMIT: Duration = Duration::from_secs(60);

/// The `mqtt` binary built for these tests.
pub const MQTT: &str = env!("CARGO_BIN_EXE_mqtt");

/// `mqtt` with the scrubbed environment and `HOME` pointing nowhere useful.
pub fn mqtt() -> Command {
    let mut command = Command::new(MQTT);
    scrub(&mut command);
    command
}

/// Gives `command` the environment [`mqtt`] runs with: for a program that
/// runs `mqtt` itself (`script` for a terminal, `sh` for a `ulimit`).
pub fn scrub(command: &mut Command) -> &mut Command {
    for var in SCRUBBED {
        command.env_remove(var);
    }
    command.env("HOME", "/nonexistent-home-for-tests")
}

/// What a finished process left behind.
#[derive(Debug)]
pub struct Outcome {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Outcome {
    /// The exit code (panics when killed by a signal, with the stderr).
    pub fn code(&self) -> i32 {
        self.status.code().unwrap_or_else(|| panic!("killed by a signal; stderr:\n{}", self.stderr))
    }

    /// Stdout as text.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Outcome {
        assert_eq!(
            self.code(),
            code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout_text(),
            self.stderr
        );
        self
    }
}

/// Runs `command` with `stdin` as its input, killing it after [`PROCESS_LIMIT`].
pub fn run(command: &mut Command, stdin: &[u8]) -> Outcome {
    let child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mqtt");
    finish(child, stdin)
}

/// Feeds `stdin` to an already started child and waits (bounded) for it.
pub fn finish(mut child: Child, stdin: &[u8]) -> Outcome {
    let mut input = child.stdin.take().expect("stdin piped");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The child may exit without reading everything; that is its business.
        let _ = input.write_all(&data);
    });
    let mut stdout_pipe = child.stdout.take().expect("stdout piped");
    let mut stderr_pipe = child.stderr.take().expect("stderr piped");
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout_pipe.read_to_end(&mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let status = wait_bounded(&mut child, PROCESS_LIMIT);
    let _ = writer.join();
    Outcome { status, stdout: out_reader.join().unwrap(), stderr: err_reader.join().unwrap() }
}

/// Waits for `child`, killing it (and failing the test) after `limit`.
pub fn wait_bounded(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait for mqtt") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mqtt did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A process running in the background whose output is collected.
pub struct Background {
    child: Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: std::thread::JoinHandle<Vec<u8>>,
    stderr: std::thread::JoinHandle<String>,
}

impl Background {
    /// Starts `command` with piped stdin, stdout and stderr.
    pub fn start(command: &mut Command) -> Background {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start a background process");
        let mut stdout_pipe = child.stdout.take().expect("stdout piped");
        let mut stderr_pipe = child.stderr.take().expect("stderr piped");
        let stdout = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stdout_pipe.read_to_end(&mut bytes);
            bytes
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr_pipe.read_to_string(&mut text);
            text
        });
        let stdin = child.stdin.take();
        Background { child, stdin, stdout, stderr }
    }

    /// Writes to the process's stdin.
    pub fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        stdin.write_all(bytes).expect("write to the background process");
        stdin.flush().expect("flush stdin");
    }

    /// Closes stdin (end of input).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Sends a signal by name (e.g. "INT", "KILL").
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits (bounded) for the process to end and returns its output.
    pub fn finish(mut self) -> Outcome {
        self.stdin = None;
        let status = wait_bounded(&mut self.child, PROCESS_LIMIT);
        Outcome { status, stdout: self.stdout.join().unwrap(), stderr: self.stderr.join().unwrap() }
    }
}

/// Waits until `read()` contains `needle` (e.g. a broker log line), for at
/// most `limit`; panics with what was read otherwise. This waits for an
/// event; it is not a timing assertion.
pub fn wait_for(what: &str, limit: Duration, mut read: impl FnMut() -> String, needle: &str) {
    let deadline = Instant::now() + limit;
    loop {
        let text = read();
        if text.contains(needle) {
            return;
        }
        if Instant::now() > deadline {
            panic!("{what}: {needle:?} did not appear within {limit:?}; last read:\n{text}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
