//! Writing TLS secrets to a key log file (NSS key log format) so Wireshark
//! can decrypt a capture: `--tls-keylog FILE` and `SSLKEYLOGFILE`.
//!
//! Policy: off unless a file is named. The file is opened for appending
//! (several runs or connections share one log, as browsers do) and created
//! with mode 0600, since anyone who can read it can read the traffic.
//! rustls' own `KeyLogFile` reads only `SSLKEYLOGFILE` and creates the file
//! with the default mode, hence this small writer.

use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::transport::error::TransportError;

/// Appends one `LABEL CLIENT_RANDOM SECRET` line (hex) per secret.
pub(crate) struct FileKeyLog {
    file: Mutex<File>,
    path: PathBuf,
}

impl FileKeyLog {
    /// Opens (or creates, mode 0600) `path` for appending.
    pub(crate) fn open(path: &Path) -> Result<FileKeyLog, TransportError> {
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(path)
            .map_err(|source| TransportError::KeyLog { path: path.into(), source })?;
        Ok(FileKeyLog { file: Mutex::new(file), path: path.into() })
    }
}

impl std::fmt::Debug for FileKeyLog {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("FileKeyLog").field("path", &self.path).finish()
    }
}

impl rustls::KeyLog for FileKeyLog {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let mut line =
            String::with_capacity(label.len() + 2 * (client_random.len() + secret.len()) + 3);
        line.push_str(label);
        line.push(' ');
        hex(&mut line, client_random);
        line.push(' ');
        hex(&mut line, secret);
        line.push('\n');
        // One write per line, so lines from parallel handshakes never mix;
        // a failing disk must not break the connection it describes.
        if let Ok(mut file) = self.file.lock() {
            let _ = file.write_all(line.as_bytes());
        }
    }

    fn will_log(&self, _label: &str) -> bool {
        true
    }
}

fn hex(out: &mut String, bytes: &[u8]) {
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
}

#[cfg(test)]
mod tests {
    use rustls::KeyLog;

    use super::FileKeyLog;

    #[test]
    fn lines_are_nss_format_and_the_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.log");
        let log = FileKeyLog::open(&path).unwrap();
        log.log("CLIENT_RANDOM", &[0x01, 0xab], &[0xff, 0x00, 0x10]);
        log.log("SERVER_TRAFFIC_SECRET_0", &[0x02], &[0x03]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "CLIENT_RANDOM 01ab ff0010\nSERVER_TRAFFIC_SECRET_0 02 03\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
