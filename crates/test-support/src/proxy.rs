//! Real proxies for the proxy tests: microsocks (SOCKS5, with or without a
//! user name and password) and tinyproxy (HTTP CONNECT), each on a free
//! loopback port, killed when dropped.
//!
//! Policy: as with mosquitto, a missing binary is a test failure that says
//! how to install it (`.ci/run` installs both), never a silent skip.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::free_port;

/// A running proxy process.
pub struct Proxy {
    child: Child,
    port: u16,
    _dir: Option<tempfile::TempDir>,
}

impl Proxy {
    /// microsocks on 127.0.0.1; with `credentials`, it demands them.
    pub fn socks5(credentials: Option<(&str, &str)>) -> Proxy {
        let binary = find("microsocks", "microsocks");
        start(|port| {
            let mut command = Command::new(&binary);
            command.args(["-i", "127.0.0.1", "-p", &port.to_string()]);
            if let Some((user, password)) = credentials {
                command.args(["-u", user, "-P", password]);
            }
            (command, None)
        })
    }

    /// tinyproxy on 127.0.0.1, allowing CONNECT to `connect_ports` only.
    pub fn http(connect_ports: &[u16]) -> Proxy {
        let binary = find("tinyproxy", "tinyproxy");
        start(|port| {
            let dir = tempfile::Builder::new().prefix("mqtt-test-tinyproxy").tempdir().unwrap();
            let mut config = format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 50\nAllow 127.0.0.1\nLogLevel Info\n"
            );
            for connect_port in connect_ports {
                writeln!(config, "ConnectPort {connect_port}").unwrap();
            }
            let path = dir.path().join("tinyproxy.conf");
            std::fs::write(&path, config).expect("write tinyproxy.conf");
            let mut command = Command::new(&binary);
            command.arg("-d").arg("-c").arg(&path);
            (command, Some(dir))
        })
    }

    /// The proxy's port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(prepare: impl Fn(u16) -> (Command, Option<tempfile::TempDir>)) -> Proxy {
    // A free port can be taken before the proxy binds it; retry a few times.
    for _attempt in 0..5 {
        let port = free_port();
        let (mut command, dir) = prepare(port);
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the proxy");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            let address = SocketAddr::from(([127, 0, 0, 1], port));
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Proxy { child, port, _dir: dir };
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("the proxy did not start listening");
}

/// The binary on `PATH` (or in /usr/bin, /usr/sbin), or a panic that says
/// how to install it.
fn find(name: &str, package: &str) -> PathBuf {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).collect())
        .unwrap_or_default();
    candidates.push(PathBuf::from("/usr/bin").join(name));
    candidates.push(PathBuf::from("/usr/sbin").join(name));
    candidates.into_iter().find(|path| path.is_file()).unwrap_or_else(|| {
        panic!("{name} is not installed: the proxy tests need it (Debian: apt-get install -y {package})")
    })
}
