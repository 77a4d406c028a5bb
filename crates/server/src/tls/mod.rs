//! HTTPS served by Stoa itself (rustls): the certificate comes from PEM files
//! (`--tls-cert`/`--tls-key`, reloaded when they change, see [`reload`]) or from an ACME CA
//! (`--acme-domain`, see [`acme`]). Either way a [`resolver::CertResolver`] holds the certificate
//! every new handshake gets, so a new one takes effect without dropping open connections;
//! [`listener::TlsListener`] runs the handshakes for axum; [`redirect`] is the optional plain
//! listener that sends browsers to HTTPS.

pub mod acme;
pub mod acme_store;
pub mod files;
pub mod http01;
pub mod listener;
pub mod redirect;
pub mod reload;
pub mod resolver;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use rustls::ServerConfig;
use stoa_service::Background;
use tokio::task::JoinHandle;

use resolver::{CertResolver, ACME_TLS_ALPN};

/// What can go wrong with certificates.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A certificate or key is not usable.
    #[error("{0}")]
    Pem(String),
    /// Talking to the ACME CA failed.
    #[error("ACME: {0}")]
    Acme(String),
    /// rustls refused the configuration.
    #[error("TLS: {0}")]
    Rustls(#[from] rustls::Error),
}

/// Where the certificate comes from.
#[derive(Debug, Clone)]
pub enum CertSource {
    /// PEM files, watched for changes.
    Files { cert: PathBuf, key: PathBuf },
    /// An ACME CA.
    Acme(acme::AcmeSettings),
}

/// The certificate supply of a running HTTPS listener.
pub struct Tls {
    /// The rustls configuration for [`listener::TlsListener`].
    pub config: Arc<ServerConfig>,
    /// The certificate presented now.
    pub resolver: Arc<CertResolver>,
    /// Pending ACME HTTP-01 answers, for the redirect listener.
    pub http01: http01::Http01Answers,
    /// The task that keeps the certificate fresh (file watcher or ACME renewal); stopped when
    /// this is dropped or the server stops.
    task: JoinHandle<()>,
}

impl Drop for Tls {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Tls {
    /// Loads (or starts obtaining) the certificate and starts keeping it fresh (a task of
    /// `background`). Certificate files that do not load are an error here; later bad versions
    /// are only logged.
    pub fn start(source: &CertSource, background: &Background) -> Result<Self, TlsError> {
        let resolver = Arc::new(CertResolver::default());
        let mut alpn = vec![b"http/1.1".to_vec()];
        let mut http01 = http01::Http01Answers::default();
        let task = match source {
            CertSource::Files { cert, key } => {
                resolver.set(files::load_pem_files(cert, key)?);
                reload::spawn(resolver.clone(), cert.clone(), key.clone(), background)
            }
            CertSource::Acme(settings) => {
                if settings.challenge == acme::AcmeChallenge::TlsAlpn01 {
                    alpn.push(ACME_TLS_ALPN.to_vec());
                }
                http01 = settings.http01.clone();
                acme::start(settings.clone(), resolver.clone(), background)?
            }
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_cert_resolver(resolver.clone());
        config.alpn_protocols = alpn;
        Ok(Self {
            config: Arc::new(config),
            resolver,
            http01,
            task,
        })
    }

    /// The URL members reach this server at, when none is configured: `https://` and the
    /// certificate's first name (ACME: the first domain), with the port unless it is 443;
    /// without a name, the listener's address.
    pub fn default_public_url(&self, source: &CertSource, https_addr: SocketAddr) -> String {
        let name = match source {
            CertSource::Acme(settings) => settings.domains.first().cloned(),
            CertSource::Files { .. } => self
                .resolver
                .current()
                .and_then(|key| key.end_entity_cert().ok().map(|c| files::dns_names(c)))
                .and_then(|names| names.into_iter().find(|n| !n.starts_with('*'))),
        };
        match name {
            Some(name) if https_addr.port() == 443 => format!("https://{name}"),
            Some(name) => format!("https://{name}:{}", https_addr.port()),
            None => format!("https://{https_addr}"),
        }
    }
}
