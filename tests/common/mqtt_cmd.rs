//! `mqtt` as a child process with a predictable environment: no user
//! config, no inherited broker settings or passwords, no colour overrides,
//! and a hard time limit so a broken test fails instead of hanging.

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
];

/// The longest any one `mqtt` run in a test may take.
pub const PROCESS_LIMIT: Duration = Duration::from_secs(60);

/// `mqtt` with the scrubbed environment and `HOME` pointing nowhere useful.
pub fn mqtt() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mqtt"));
    for var in SCRUBBED {
        command.env_remove(var);
    }
    command.env("HOME", "/nonexistent-home-for-tests");
    command
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
