//! TLS settings and the rustls client configuration built from them.
//!
//! Policy:
//! * The crypto provider is `ring`, chosen explicitly (no aws-lc C build).
//! * Verification is on by default, against the system's CA store
//!   (`rustls-native-certs`) plus any CA file and CA directory given; the
//!   system store can be left out to trust only the given CAs.
//! * Turning verification off is one explicit, loudly named option.
//! * Files are PEM, read with `rustls-pki-types`; errors name the file.
//! * A configuration is built once per [`Connector`](crate::transport::Connector)
//!   and shared by all its connections (cheap reconnects, bench fan-out).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use rustls::client::ClientConnection;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{CertificateError, ClientConfig, RootCertStore, SupportedProtocolVersion};

use crate::transport::error::TransportError;
use crate::transport::insecure::AcceptAnyServerCertificate;
use crate::transport::keylog::FileKeyLog;

/// A TLS protocol version rustls can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TlsVersion {
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl TlsVersion {
    fn rustls(self) -> &'static SupportedProtocolVersion {
        match self {
            TlsVersion::Tls12 => &rustls::version::TLS12,
            TlsVersion::Tls13 => &rustls::version::TLS13,
        }
    }
}

/// `TLSv1.2` / `TLSv1.3`, the names OpenSSL and mosquitto use.
impl fmt::Display for TlsVersion {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            TlsVersion::Tls12 => "TLSv1.2",
            TlsVersion::Tls13 => "TLSv1.3",
        })
    }
}

/// Parses `tlsv1.2`, `tls1.2`, `1.2` (and the same for 1.3), any case.
impl FromStr for TlsVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<TlsVersion, String> {
        let lower = text.to_ascii_lowercase();
        let number = lower.strip_prefix("tlsv").or(lower.strip_prefix("tls")).unwrap_or(&lower);
        match number {
            "1.2" => Ok(TlsVersion::Tls12),
            "1.3" => Ok(TlsVersion::Tls13),
            _ => Err(format!("unsupported tls version `{text}`: expected tlsv1.2 or tlsv1.3")),
        }
    }
}

/// TLS settings for `mqtts://` and `wss://`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsOptions {
    /// Trust the operating system's CA store (default: true).
    pub use_system_roots: bool,
    /// A PEM file of extra CA certificates to trust (mosquitto `--cafile`).
    pub ca_file: Option<PathBuf>,
    /// A directory of PEM CA certificate files to trust (`--capath`).
    pub ca_dir: Option<PathBuf>,
    /// PEM client certificate chain for mutual TLS (`--cert`).
    pub client_cert: Option<PathBuf>,
    /// PEM private key of the client certificate (`--key`): PKCS#8,
    /// PKCS#1 or SEC1, unencrypted.
    pub client_key: Option<PathBuf>,
    /// The name to send as SNI and check the certificate against, instead
    /// of the URL's host. An IP address checks the certificate's IP SANs.
    pub server_name: Option<String>,
    /// ALPN protocols to offer, most preferred first (empty: no ALPN).
    pub alpn: Vec<Vec<u8>>,
    /// Versions to allow; empty means both TLS 1.2 and 1.3.
    pub versions: Vec<TlsVersion>,
    /// DANGER: accept any server certificate (no CA or name check).
    /// Off by default; only for testing against brokers you control.
    pub danger_accept_any_certificate: bool,
    /// Append the session secrets to this file (NSS key log format, for
    /// Wireshark). Off by default: whoever reads it reads the traffic.
    pub key_log: Option<PathBuf>,
}

impl Default for TlsOptions {
    fn default() -> TlsOptions {
        TlsOptions {
            use_system_roots: true,
            ca_file: None,
            ca_dir: None,
            client_cert: None,
            client_key: None,
            server_name: None,
            alpn: Vec::new(),
            versions: Vec::new(),
            danger_accept_any_certificate: false,
            key_log: None,
        }
    }
}

/// What was negotiated in a TLS handshake (for `mqtt inspect`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSessionInfo {
    /// The name sent as SNI and verified.
    pub server_name: String,
    /// The negotiated protocol version.
    pub version: Option<TlsVersion>,
    /// The negotiated cipher suite, IANA name (e.g. `TLS13_AES_128_GCM_SHA256`).
    pub cipher_suite: Option<String>,
    /// The ALPN protocol the server selected, if any.
    pub alpn_protocol: Option<Vec<u8>>,
    /// The server's certificate chain, DER, end-entity first.
    pub peer_certificates: Vec<Vec<u8>>,
}

impl TlsSessionInfo {
    pub(crate) fn from_connection(server_name: String, connection: &ClientConnection) -> Self {
        let version = connection.protocol_version().and_then(|version| match version {
            rustls::ProtocolVersion::TLSv1_2 => Some(TlsVersion::Tls12),
            rustls::ProtocolVersion::TLSv1_3 => Some(TlsVersion::Tls13),
            _ => None,
        });
        let cipher_suite = connection.negotiated_cipher_suite().map(|suite| {
            let id = suite.suite();
            id.as_str().map(str::to_owned).unwrap_or_else(|| format!("{id:?}"))
        });
        TlsSessionInfo {
            server_name,
            version,
            cipher_suite,
            alpn_protocol: connection.alpn_protocol().map(<[u8]>::to_vec),
            peer_certificates: connection
                .peer_certificates()
                .unwrap_or_default()
                .iter()
                .map(|cert| cert.to_vec())
                .collect(),
        }
    }
}

/// Builds the rustls client configuration for `options`.
pub(crate) fn client_config(options: &TlsOptions) -> Result<Arc<ClientConfig>, TransportError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let versions: Vec<&'static SupportedProtocolVersion> = if options.versions.is_empty() {
        rustls::DEFAULT_VERSIONS.to_vec()
    } else {
        options.versions.iter().map(|version| version.rustls()).collect()
    };
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions)
        .map_err(TransportError::TlsConfig)?;
    let builder = if options.danger_accept_any_certificate {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyServerCertificate::new(provider)))
    } else {
        builder.with_root_certificates(root_store(options)?)
    };
    let mut config = match (&options.client_cert, &options.client_key) {
        (None, None) => builder.with_no_client_auth(),
        (Some(_), None) => return Err(TransportError::ClientAuthIncomplete("certificate")),
        (None, Some(_)) => return Err(TransportError::ClientAuthIncomplete("private key")),
        (Some(cert_path), Some(key_path)) => {
            let chain = read_certificates(cert_path, "client certificate")?;
            let key = read_private_key(key_path)?;
            builder.with_client_auth_cert(chain, key).map_err(|source| {
                TransportError::ClientCertificate {
                    cert: cert_path.clone(),
                    key: key_path.clone(),
                    source,
                }
            })?
        }
    };
    config.alpn_protocols = options.alpn.clone();
    if let Some(path) = &options.key_log {
        config.key_log = Arc::new(FileKeyLog::open(path)?);
    }
    Ok(Arc::new(config))
}

fn root_store(options: &TlsOptions) -> Result<RootCertStore, TransportError> {
    let mut roots = RootCertStore::empty();
    let mut system_errors = String::new();
    if options.use_system_roots {
        let native = rustls_native_certs::load_native_certs();
        roots.add_parsable_certificates(native.certs);
        for error in native.errors.iter().take(3) {
            system_errors.push_str(&format!(" ({error})"));
        }
    }
    if let Some(path) = &options.ca_file {
        for cert in read_certificates(path, "ca file")? {
            roots.add(cert).map_err(|source| TransportError::InvalidCaCertificate {
                path: path.clone(),
                source,
            })?;
        }
    }
    if let Some(dir) = &options.ca_dir {
        add_ca_dir(&mut roots, dir)?;
    }
    if roots.is_empty() {
        return Err(TransportError::NoTrustAnchors { detail: system_errors });
    }
    Ok(roots)
}

/// Adds every certificate found in the files of `dir`. Like OpenSSL's
/// capath, files that hold no certificate (README, CRLs) are skipped, but
/// a directory with no certificate at all is an error.
fn add_ca_dir(roots: &mut RootCertStore, dir: &Path) -> Result<(), TransportError> {
    let read_error =
        |source| TransportError::ReadFile { what: "ca directory", path: dir.into(), source };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    entries.sort();
    let mut added = 0;
    for path in entries.iter().filter(|path| path.is_file()) {
        let text = std::fs::read(path).map_err(|source| TransportError::ReadFile {
            what: "ca directory file",
            path: path.clone(),
            source,
        })?;
        let certs = CertificateDer::pem_slice_iter(&text).filter_map(Result::ok);
        added += roots.add_parsable_certificates(certs).0;
    }
    if added == 0 {
        return Err(TransportError::NothingInFile {
            item: "certificate",
            what: "ca directory",
            path: dir.into(),
        });
    }
    Ok(())
}

fn read_certificates(
    path: &Path,
    what: &'static str,
) -> Result<Vec<CertificateDer<'static>>, TransportError> {
    let text = std::fs::read(path).map_err(|source| TransportError::ReadFile {
        what,
        path: path.into(),
        source,
    })?;
    let certs = CertificateDer::pem_slice_iter(&text)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| TransportError::Pem { what, path: path.into(), source })?;
    if certs.is_empty() {
        return Err(TransportError::NothingInFile { item: "certificate", what, path: path.into() });
    }
    Ok(certs)
}

fn read_private_key(path: &Path) -> Result<PrivateKeyDer<'static>, TransportError> {
    let what = "client key";
    let text = std::fs::read(path).map_err(|source| TransportError::ReadFile {
        what,
        path: path.into(),
        source,
    })?;
    PrivateKeyDer::from_pem_slice(&text).map_err(|source| match source {
        rustls::pki_types::pem::Error::NoItemsFound => TransportError::NothingInFile {
            item: "unencrypted private key",
            what,
            path: path.into(),
        },
        source => TransportError::Pem { what, path: path.into(), source },
    })
}

/// A hint for the well-known causes of a failed handshake ("" if none).
pub(crate) fn handshake_hint(error: &io::Error) -> &'static str {
    let Some(tls_error) = error.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>())
    else {
        return "";
    };
    match tls_error {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "; the server's certificate is not signed by a trusted ca (give its ca file)"
        }
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => "; the certificate does not cover this host name (check the host or the tls server name)",
        rustls::Error::InvalidCertificate(
            CertificateError::Expired
            | CertificateError::ExpiredContext { .. }
            | CertificateError::NotValidYet
            | CertificateError::NotValidYetContext { .. },
        ) => "; the certificate is expired or not yet valid (check the clock)",
        rustls::Error::AlertReceived(
            rustls::AlertDescription::CertificateRequired
            | rustls::AlertDescription::HandshakeFailure,
        ) => "; the server may require a client certificate",
        rustls::Error::AlertReceived(rustls::AlertDescription::NoApplicationProtocol) => {
            "; the server accepts none of the offered alpn protocols"
        }
        _ => "",
    }
}
