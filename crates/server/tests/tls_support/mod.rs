//! Helpers for the HTTPS tests: certificates made on the spot, clients that trust only them, a
//! look at the certificate a server presents, and the server's log lines.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rustls::pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// A self-signed certificate (PEM and DER) and its key (PEM).
pub struct TestCert {
    pub cert_pem: String,
    pub key_pem: String,
    pub der: Vec<u8>,
}

/// A self-signed certificate for `localhost` and `127.0.0.1`.
pub fn localhost_cert() -> TestCert {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("certificate");
    TestCert {
        cert_pem: made.cert.pem(),
        key_pem: made.signing_key.serialize_pem(),
        der: made.cert.der().to_vec(),
    }
}

/// Writes `cert` to `cert_path` and `key_path` the way renewal tools do (a new file renamed
/// over the old one).
pub fn install(cert: &TestCert, cert_path: &Path, key_path: &Path) {
    replace(key_path, cert.key_pem.as_bytes());
    replace(cert_path, cert.cert_pem.as_bytes());
}

/// Replaces `path` with `bytes` through a rename.
pub fn replace(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("new");
    std::fs::write(&tmp, bytes).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

/// A rustls client configuration trusting exactly `roots` (DER).
pub fn client_config(roots: &[&[u8]]) -> Arc<rustls::ClientConfig> {
    let mut store = rustls::RootCertStore::empty();
    for root in roots {
        store
            .add(CertificateDer::from(root.to_vec()))
            .expect("root");
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(store)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

/// A TLS connection to `addr` for `name`.
pub async fn connect(
    addr: SocketAddr,
    name: &str,
    config: Arc<rustls::ClientConfig>,
) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(addr).await?;
    let name = ServerName::try_from(name.to_owned()).expect("server name");
    TlsConnector::from(config).connect(name, tcp).await
}

/// The leaf certificate (DER) a connection's server presented.
pub fn peer_leaf(stream: &TlsStream<TcpStream>) -> Vec<u8> {
    stream
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|certs| certs.first())
        .expect("a certificate")
        .to_vec()
}

/// Waits until a new connection to `addr` is presented `der` (bounded).
pub async fn wait_for_leaf(addr: SocketAddr, config: Arc<rustls::ClientConfig>, der: &[u8]) {
    for _ in 0..600 {
        if let Ok(stream) = connect(addr, "localhost", config.clone()).await {
            if peer_leaf(&stream) == der {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server never presented the expected certificate");
}

/// The log lines of the test process (captured from the first call on).
pub fn logs() -> &'static Mutex<String> {
    static LOGS: OnceLock<Arc<Mutex<String>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(String::new()));
        let sink = buffer.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("info,sqlx=warn")
            .with_ansi(false)
            .with_writer(move || LogWriter(sink.clone()))
            .try_init();
        buffer
    });
    LOGS.get().expect("initialized")
}

struct LogWriter(Arc<Mutex<String>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(bytes);
        eprint!("{text}");
        self.0.lock().expect("log").push_str(&text);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Waits until the log holds `needle` after `from` bytes (bounded); returns the new length.
pub async fn wait_for_log(needle: &str, from: usize, within: Duration) -> usize {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        {
            let logs = logs().lock().expect("log");
            if let Some(at) = logs[from..].find(needle) {
                return from + at + needle.len();
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no log line with {needle:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The current length of the log.
pub fn log_len() -> usize {
    logs().lock().expect("log").len()
}
