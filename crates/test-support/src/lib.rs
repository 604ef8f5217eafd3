//! Test harness: a real `mosquitto` broker on a free loopback port, with a
//! config file written for the one test that asked for it.
//!
//! Policy: a test that needs a broker gets its own process, its own port and
//! its own temporary directory (config, log, persistence). The broker is
//! killed when the [`Mosquitto`] value is dropped, so a failing (panicking)
//! test still stops it. A missing `mosquitto` binary is a test failure with a
//! message that says how to install it, never a silent skip.

pub mod proxy;
pub mod relay;
pub mod tls;

use std::fmt::Write as _;
use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a broker may take to accept its first connection.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// Builder for a [`Mosquitto`] instance. Each extra listener gets a free port
/// of its own; the text callbacks receive that port.
#[derive(Default)]
pub struct MosquittoBuilder {
    lines: Vec<String>,
    listeners: Vec<Box<dyn Fn(u16) -> String>>,
    anonymous: Option<bool>,
    persistence: bool,
    unix_socket: bool,
}

impl MosquittoBuilder {
    /// Adds one raw line to the config (applies to the default listener when
    /// it is a per-listener option and `per_listener_settings` is off).
    pub fn config(mut self, line: impl Into<String>) -> Self {
        self.lines.push(line.into());
        self
    }

    /// Sets `allow_anonymous` (default: true).
    pub fn allow_anonymous(mut self, allow: bool) -> Self {
        self.anonymous = Some(allow);
        self
    }

    /// Uses `path` as the password file and turns anonymous access off.
    pub fn password_file(self, path: &Path) -> Self {
        self.allow_anonymous(false).config(format!("password_file {}", path.display()))
    }

    /// Keeps sessions and retained messages across [`Mosquitto::restart`].
    pub fn persistence(mut self, on: bool) -> Self {
        self.persistence = on;
        self
    }

    /// Adds a listener on a Unix socket in the broker's directory (its
    /// path: [`Mosquitto::unix_socket`]); the TCP listener stays.
    pub fn unix_socket(mut self) -> Self {
        self.unix_socket = true;
        self
    }

    /// Adds another listener block; `block(port)` must return its text,
    /// starting with `listener {port} 127.0.0.1`. Its port is returned by
    /// [`Mosquitto::extra_port`] in the order added.
    pub fn listener(mut self, block: impl Fn(u16) -> String + 'static) -> Self {
        self.listeners.push(Box::new(block));
        self
    }

    /// Starts the broker and waits until every listener accepts connections.
    /// Panics with a clear message when that is impossible.
    pub fn start(self) -> Mosquitto {
        let binary = mosquitto_binary();
        let mut dir = tempfile::Builder::new()
            .prefix("mqtt-test-mosquitto")
            .tempdir()
            .expect("create a temporary directory for mosquitto");
        let mut last_error = String::new();
        // A port picked by binding port 0 can be taken by someone else before
        // mosquitto binds it; a few attempts make that race harmless.
        for _attempt in 0..5 {
            let port = free_port();
            let extra_ports: Vec<u16> = self.listeners.iter().map(|_| free_port()).collect();
            let mut broker = Mosquitto {
                binary: binary.clone(),
                dir,
                port,
                extra_ports,
                config_text: String::new(),
                child: None,
                unix_socket: self.unix_socket,
            };
            broker.config_text = self.render(&broker);
            std::fs::write(broker.config_path(), &broker.config_text)
                .expect("write mosquitto.conf");
            match broker.spawn() {
                Ok(()) => return broker,
                Err(err) => {
                    last_error = err;
                    broker.kill();
                    dir = broker.into_dir();
                }
            }
        }
        panic!("mosquitto did not start: {last_error}");
    }

    fn render(&self, broker: &Mosquitto) -> String {
        let mut text = String::new();
        let dir = broker.dir.path();
        writeln!(text, "# written by mqtt-test-support for one test").unwrap();
        // Running as root (CI) would otherwise make mosquitto switch to a
        // user that cannot read the test's temporary files.
        if is_root() {
            writeln!(text, "user root").unwrap();
        }
        writeln!(text, "log_dest file {}", dir.join("mosquitto.log").display()).unwrap();
        writeln!(text, "log_type all").unwrap();
        writeln!(text, "connection_messages true").unwrap();
        if self.persistence {
            writeln!(text, "persistence true").unwrap();
            writeln!(text, "persistence_location {}/", dir.display()).unwrap();
            writeln!(text, "autosave_interval 1").unwrap();
        } else {
            writeln!(text, "persistence false").unwrap();
        }
        for line in &self.lines {
            writeln!(text, "{line}").unwrap();
        }
        writeln!(text, "allow_anonymous {}", self.anonymous.unwrap_or(true)).unwrap();
        writeln!(text, "listener {} 127.0.0.1", broker.port).unwrap();
        for (block, port) in self.listeners.iter().zip(&broker.extra_ports) {
            writeln!(text, "{}", block(*port)).unwrap();
        }
        if self.unix_socket {
            writeln!(text, "listener 0 {}", broker.unix_socket().display()).unwrap();
        }
        text
    }
}

/// A running mosquitto, killed on drop.
pub struct Mosquitto {
    binary: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    extra_ports: Vec<u16>,
    config_text: String,
    child: Option<Child>,
    unix_socket: bool,
}

impl Mosquitto {
    /// A broker with the default config: one anonymous TCP listener.
    pub fn start() -> Mosquitto {
        Mosquitto::builder().start()
    }

    /// A builder for a broker with a config of the test's choosing.
    pub fn builder() -> MosquittoBuilder {
        MosquittoBuilder::default()
    }

    /// The main listener's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The main listener's address.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// The port of the `index`th extra listener.
    pub fn extra_port(&self, index: usize) -> u16 {
        self.extra_ports[index]
    }

    /// The path of the Unix socket listener ([`MosquittoBuilder::unix_socket`]).
    pub fn unix_socket(&self) -> PathBuf {
        self.dir.path().join("mosquitto.sock")
    }

    /// The broker's temporary directory (config, log, persistence).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The config file this broker was started with.
    pub fn config_text(&self) -> &str {
        &self.config_text
    }

    /// Everything mosquitto logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("mosquitto.log")).unwrap_or_default()
    }

    /// Stops the broker gracefully (SIGTERM, so persistence is saved).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id().to_string();
            let _ = Command::new("kill").args(["-TERM", &pid]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops and starts the broker again on the same ports and directory.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            match self.spawn() {
                Ok(()) => return,
                // The old socket may linger briefly; retry until the deadline.
                Err(err) if Instant::now() > deadline => panic!("mosquitto did not restart: {err}"),
                Err(_) => {
                    self.kill();
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }

    fn config_path(&self) -> PathBuf {
        self.dir.path().join("mosquitto.conf")
    }

    fn spawn(&mut self) -> Result<(), String> {
        // mosquitto logs "... running" once every listener is open. A port
        // that merely accepts could belong to someone else who took it
        // between `free_port` and mosquitto's bind, so readiness waits for
        // our own process to say so (the count grows by one per start).
        let runs_before = self.log().matches(" running").count();
        let mut child = Command::new(&self.binary)
            .arg("-c")
            .arg(self.config_path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|err| format!("cannot run {}: {err}", self.binary.display()))?;
        let deadline = Instant::now() + START_TIMEOUT;
        let mut ports = vec![self.port];
        ports.extend(&self.extra_ports);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    let _ = pipe.read_to_string(&mut stderr);
                }
                return Err(format!(
                    "mosquitto exited with {status}\nstderr: {stderr}\nlog: {}\nconfig:\n{}",
                    self.log(),
                    self.config_text
                ));
            }
            let announced = self.log().matches(" running").count() > runs_before;
            let all_up = announced
                && ports.iter().all(|port| {
                    TcpStream::connect_timeout(
                        &SocketAddr::from(([127, 0, 0, 1], *port)),
                        Duration::from_millis(200),
                    )
                    .is_ok()
                })
                && (!self.unix_socket || unix_accepts(&self.unix_socket()));
            if all_up {
                self.child = Some(child);
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "mosquitto did not accept connections within {START_TIMEOUT:?}\nlog: {}",
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn into_dir(mut self) -> tempfile::TempDir {
        self.kill();
        let dir = tempfile::tempdir().expect("placeholder dir");
        std::mem::replace(&mut self.dir, dir)
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("bind 127.0.0.1:0")
}

/// Finds the mosquitto binary: `$MOSQUITTO`, then `PATH`, then `/usr/sbin`.
/// Panics with an install hint when there is none.
pub fn mosquitto_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("MOSQUITTO") {
        return PathBuf::from(path);
    }
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join("mosquitto")).collect())
        .unwrap_or_default();
    candidates.push(PathBuf::from("/usr/sbin/mosquitto"));
    candidates.into_iter().find(|path| path.is_file()).unwrap_or_else(|| {
        panic!(
            "mosquitto is not installed: these tests need a real broker \
                 (Debian: apt-get install -y mosquitto mosquitto-clients; or set MOSQUITTO=/path)"
        )
    })
}

#[cfg(unix)]
fn unix_accepts(path: &Path) -> bool {
    std::os::unix::net::UnixStream::connect(path).is_ok()
}

#[cfg(not(unix))]
fn unix_accepts(_path: &Path) -> bool {
    false
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| out.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}
