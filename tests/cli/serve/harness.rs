//! Running `mqtt serve` as a user would (the built binary on port 0, its
//! addresses read from its stderr) and mosquitto's clients against it.
//!
//! Policy: no fixed sleeps. A subscriber runs with `-d` and is
//! ready when it prints "received SUBACK"; the broker is ready when it has
//! printed its listening lines. Waits are bounded by [`GUARD`] only so that
//! a broken build fails instead of hanging; no test asserts on time.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::mqtt;

/// Upper bound for any single wait (a hang guard, not a timing assertion).
pub const GUARD: Duration = Duration::from_secs(60);

/// Lines of a child's output stream, read on a thread of their own.
pub struct Lines {
    receiver: Receiver<String>,
    seen: Vec<String>,
}

impl Lines {
    pub fn read(stream: impl Read + Send + 'static) -> Lines {
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Lines { receiver, seen: Vec::new() }
    }

    /// The next line, `None` at end of stream. Panics after [`GUARD`].
    pub fn next(&mut self) -> Option<String> {
        match self.receiver.recv_timeout(GUARD) {
            Ok(line) => {
                self.seen.push(line.clone());
                Some(line)
            }
            Err(RecvTimeoutError::Disconnected) => None,
            Err(RecvTimeoutError::Timeout) => {
                panic!("no output line within {GUARD:?}; so far:\n{}", self.seen.join("\n"))
            }
        }
    }

    /// Everything up to the end of the stream, joined.
    pub fn rest(&mut self) -> String {
        while self.next().is_some() {}
        self.seen.join("\n")
    }
}

/// A running `mqtt serve`; killed on drop.
pub struct Serve {
    child: Child,
    /// Its stderr.
    pub stderr: Lines,
    /// The listener URLs it printed, in order.
    pub urls: Vec<String>,
}

impl Serve {
    /// Starts `mqtt serve --bind 127.0.0.1 -p 0 EXTRA…` and waits for its
    /// listening lines (the auth summary line follows the last of them).
    pub fn start(extra: &[&str]) -> Serve {
        let mut child = mqtt()
            .args(["serve", "--bind", "127.0.0.1", "-p", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run mqtt serve");
        let mut stderr = Lines::read(child.stderr.take().expect("piped stderr"));
        let mut urls = Vec::new();
        loop {
            let line = stderr.next().unwrap_or_else(|| {
                panic!("mqtt serve exited before listening:\n{}", stderr.seen.join("\n"))
            });
            match line.strip_prefix("mqtt serve: listening on ") {
                Some(url) => urls.push(url.to_owned()),
                None if !urls.is_empty() => break,
                None => {}
            }
        }
        Serve { child, stderr, urls }
    }

    /// The port of the listener whose URL starts with `scheme://`.
    pub fn port_of(&self, scheme: &str) -> u16 {
        let prefix = format!("{scheme}://127.0.0.1:");
        let url = self
            .urls
            .iter()
            .find_map(|url| url.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("no {scheme} listener in {:?}", self.urls));
        let digits: String = url.chars().take_while(char::is_ascii_digit).collect();
        let port: u16 = digits.parse().unwrap_or_else(|_| panic!("no port in {url:?}"));
        assert_ne!(port, 0, "port 0 reported instead of the bound port");
        port
    }

    /// The plain MQTT port.
    pub fn port(&self) -> u16 {
        self.port_of("mqtt")
    }

    /// Sends `signal` (a `kill` name such as TERM or INT) and waits for the
    /// exit; returns the status and all of stderr.
    pub fn stop(mut self, signal: &str) -> (ExitStatus, String) {
        let sent = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -{signal} failed");
        let status = wait_guarded(&mut self.child);
        let stderr = self.stderr.rest();
        (status, stderr)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for `child`, killing it and panicking after [`GUARD`].
pub fn wait_guarded(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + GUARD;
    loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("child {} did not exit within {GUARD:?}", child.id());
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// The output of a finished command, for assertions.
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    /// Status and both streams, for assertion messages.
    pub fn describe(&self) -> String {
        format!("status: {}\nstdout:\n{}\nstderr:\n{}", self.status, self.stdout, self.stderr)
    }
}

/// Runs `program ARGS` to completion (stdin: /dev/null), within [`GUARD`].
pub fn run(program: &str, args: &[&str]) -> Finished {
    let mut command = Command::new(program);
    command.args(args);
    run_command(command, program)
}

/// Runs a prepared command to completion with a guard against hangs.
fn run_command(mut command: Command, program: &str) -> Finished {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| {
            panic!("cannot run {program}: {err} (apt-get install mosquitto-clients)")
        });
    let mut stdout = Lines::read(child.stdout.take().expect("piped stdout"));
    let mut stderr = Lines::read(child.stderr.take().expect("piped stderr"));
    let status = wait_guarded(&mut child);
    Finished { status, stdout: stdout.rest(), stderr: stderr.rest() }
}

/// Runs the `mqtt` binary with `args` to completion, within [`GUARD`].
pub fn run_mqtt(args: &[&str]) -> Finished {
    let mut command = mqtt();
    command.args(args);
    run_command(command, "mqtt")
}

/// Runs `mosquitto_pub -h 127.0.0.1 -p PORT ARGS` and asserts it succeeded.
pub fn publish(port: u16, args: &[&str]) -> Finished {
    let port = port.to_string();
    let mut all = vec!["-h", "127.0.0.1", "-p", &port, "-d"];
    all.extend_from_slice(args);
    let finished = run("mosquitto_pub", &all);
    assert!(finished.status.success(), "mosquitto_pub {args:?} failed:\n{}", finished.describe());
    finished
}

/// A `mosquitto_sub -d -v` that is subscribed; killed on drop.
pub struct Subscriber {
    child: Child,
    stdout: Lines,
    stderr: Lines,
    /// `received PUBLISH` lines whose message line has not come yet.
    headers: Vec<String>,
}

impl Subscriber {
    /// Starts `mosquitto_sub -h 127.0.0.1 -p PORT -d -v ARGS` and returns
    /// once the broker acknowledged the subscription.
    pub fn start(port: u16, args: &[&str]) -> Subscriber {
        // mosquitto_sub flushes stdout after a message but not after its
        // debug lines; line buffering makes "received SUBACK" visible at once.
        let mut child = Command::new("stdbuf")
            .args(["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", &port.to_string(), "-d", "-v"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run mosquitto_sub (apt-get install mosquitto-clients)");
        let stdout = Lines::read(child.stdout.take().expect("piped stdout"));
        let stderr = Lines::read(child.stderr.take().expect("piped stderr"));
        let mut subscriber = Subscriber { child, stdout, stderr, headers: Vec::new() };
        if !subscriber.wait_for_line("received SUBACK") {
            panic!("mosquitto_sub {args:?} never subscribed:\n{}", subscriber.stderr.rest());
        }
        subscriber
    }

    /// Reads stdout until a line contains `text`; false at end of stream.
    fn wait_for_line(&mut self, text: &str) -> bool {
        while let Some(line) = self.stdout.next() {
            if line.contains(text) {
                return true;
            }
        }
        false
    }

    /// The next delivered message as (its `received PUBLISH (…)` debug
    /// line, its `topic payload` line). QoS 2 messages are printed on
    /// PUBREL, so headers and message lines of different messages can
    /// interleave; a message line is paired with its topic's header.
    pub fn message(&mut self) -> (String, String) {
        loop {
            let line = self.stdout.next().unwrap_or_else(|| {
                panic!("mosquitto_sub ended before a message:\n{}", self.seen())
            });
            if line.contains("received PUBLISH") {
                self.headers.push(line);
                continue;
            }
            if line.starts_with("Client ") || line.starts_with("Subscribed ") {
                continue;
            }
            let position = self.headers.iter().position(|header| {
                header_topic(header).is_some_and(|topic| line.starts_with(&format!("{topic} ")))
            });
            let Some(position) = position else {
                panic!("message line {line:?} without a PUBLISH before it:\n{}", self.seen());
            };
            return (self.headers.remove(position), line);
        }
    }

    /// Everything it printed on stdout so far.
    pub fn seen(&self) -> String {
        self.stdout.seen.join("\n")
    }

    /// Kills it with SIGKILL: no DISCONNECT reaches the broker.
    pub fn kill(mut self) {
        self.child.kill().expect("kill mosquitto_sub");
        self.child.wait().expect("reap mosquitto_sub");
    }
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The topic in `… received PUBLISH (d0, q1, r0, m1, 'topic', … (n bytes))`.
fn header_topic(header: &str) -> Option<&str> {
    let start = header.find(", '")? + 3;
    let length = header[start..].find("', ")?;
    Some(&header[start..start + length])
}

/// Writes `mosquitto_passwd -b -c` output for `user`/`password` to `path`.
pub fn mosquitto_passwd(path: &Path, user: &str, password: &str) {
    let path = path.to_str().expect("UTF-8 temp path");
    let finished = run("mosquitto_passwd", &["-b", "-c", path, user, password]);
    assert!(finished.status.success(), "mosquitto_passwd failed:\n{}", finished.describe());
}
