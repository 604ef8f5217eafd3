//! TLS material for tests: a throw-away CA, a server certificate for the
//! loopback names and a client certificate, generated with `rcgen` and
//! written as PEM files that both mosquitto and our client can read.
//!
//! Policy: every test generates its own material (fresh keys, no files
//! checked into the repository, nothing that can expire under CI). The
//! server certificate is valid for `127.0.0.1`, `::1` and `localhost` only,
//! so a test can provoke a name mismatch by asking for any other name.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The DNS name and IP addresses the generated server certificate covers.
pub const SERVER_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// One certificate and its key, as DER and as the PEM files written to disk.
pub struct CertifiedFiles {
    /// The certificate, DER-encoded.
    pub cert_der: CertificateDer<'static>,
    /// The private key, PKCS#8 DER.
    pub key_der: Vec<u8>,
    /// Path of the PEM certificate file.
    pub cert_path: PathBuf,
    /// Path of the PEM private key file.
    pub key_path: PathBuf,
}

impl CertifiedFiles {
    /// The private key as a rustls key.
    pub fn private_key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone()))
    }
}

/// A test CA with a server and a client certificate it signed.
pub struct TlsMaterial {
    /// The CA certificate (self-signed); `ca.cert_path` is the `cafile`.
    pub ca: CertifiedFiles,
    /// Server certificate for [`SERVER_NAMES`], signed by the CA.
    pub server: CertifiedFiles,
    /// Client certificate (CN `mqtt-test-client`), signed by the CA.
    pub client: CertifiedFiles,
}

impl TlsMaterial {
    /// Generates fresh material and writes `ca.pem`, `ca.key`, `server.pem`,
    /// `server.key`, `client.pem` and `client.key` into `dir`.
    /// Panics on failure (this is test support).
    pub fn generate(dir: &Path) -> TlsMaterial {
        std::fs::create_dir_all(dir).expect("create the TLS material directory");
        let ca_key = KeyPair::generate().expect("generate the CA key");
        let mut ca_params = CertificateParams::default();
        // A name of its own per CA: two test CAs with one name would make a
        // verifier try the wrong key (BadSignature) instead of UnknownIssuer.
        let tag: String = ca_key
            .public_key_raw()
            .iter()
            .rev()
            .take(4)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        ca_params.distinguished_name = name(&format!("mqtt test CA {tag}"));
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key_der = ca_key.serialize_der();
        let ca_key_pem = ca_key.serialize_pem();
        let ca = CertifiedIssuer::self_signed(ca_params, ca_key).expect("self-sign the CA");
        let ca_files =
            write_pair(dir, "ca", (ca.der().clone(), ca.pem()), (ca_key_der, ca_key_pem));

        let names: Vec<String> = SERVER_NAMES.iter().map(|name| name.to_string()).collect();
        let mut server_params = CertificateParams::new(names).expect("server certificate names");
        server_params.distinguished_name = name("localhost");
        server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        server_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let server = sign(dir, "server", server_params, &ca);

        let mut client_params = CertificateParams::default();
        client_params.distinguished_name = name("mqtt-test-client");
        client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        client_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let client = sign(dir, "client", client_params, &ca);

        TlsMaterial { ca: ca_files, server, client }
    }

    /// Mosquitto listener lines (`cafile`, `certfile`, `keyfile`) for a TLS
    /// listener using this material; append `require_certificate true` for
    /// mutual TLS.
    pub fn mosquitto_listener_lines(&self) -> String {
        format!(
            "cafile {}\ncertfile {}\nkeyfile {}",
            self.ca.cert_path.display(),
            self.server.cert_path.display(),
            self.server.key_path.display()
        )
    }

    /// A rustls server config presenting the server certificate (chain:
    /// server, CA), offering `alpn` (empty: no ALPN), with no client auth.
    pub fn rustls_server_config(&self, alpn: &[&[u8]]) -> Arc<rustls::ServerConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![self.server.cert_der.clone(), self.ca.cert_der.clone()],
                self.server.private_key(),
            )
            .expect("server certificate and key match");
        config.alpn_protocols = alpn.iter().map(|protocol| protocol.to_vec()).collect();
        Arc::new(config)
    }
}

fn name(common_name: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common_name);
    name
}

fn sign(
    dir: &Path,
    stem: &str,
    params: CertificateParams,
    ca: &CertifiedIssuer<'_, KeyPair>,
) -> CertifiedFiles {
    let key = KeyPair::generate().expect("generate a key");
    let cert = params.signed_by(&key, ca).expect("sign a certificate");
    write_pair(
        dir,
        stem,
        (cert.der().clone(), cert.pem()),
        (key.serialize_der(), key.serialize_pem()),
    )
}

fn write_pair(
    dir: &Path,
    stem: &str,
    (cert_der, cert_pem): (CertificateDer<'static>, String),
    (key_der, key_pem): (Vec<u8>, String),
) -> CertifiedFiles {
    let cert_path = dir.join(format!("{stem}.pem"));
    let key_path = dir.join(format!("{stem}.key"));
    std::fs::write(&cert_path, cert_pem).expect("write a certificate");
    std::fs::write(&key_path, key_pem).expect("write a private key");
    CertifiedFiles { cert_der, key_der, cert_path, key_path }
}
