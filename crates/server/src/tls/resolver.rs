//! The certificate the HTTPS listener presents, swappable while connections are open: each
//! handshake reads the current one (an `ArcSwap`), so a new certificate takes effect for new
//! connections and established ones keep theirs. During an ACME TLS-ALPN-01 validation the
//! validator's handshake (ALPN `acme-tls/1`) gets the challenge certificate for its name.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwapOption;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

/// The ALPN protocol of TLS-ALPN-01 validation (RFC 8737).
pub const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";

/// Picks the certificate for each TLS handshake.
#[derive(Debug, Default)]
pub struct CertResolver {
    current: ArcSwapOption<CertifiedKey>,
    challenges: Mutex<HashMap<String, Arc<CertifiedKey>>>,
}

impl CertResolver {
    /// Presents `key` to every new connection from now on.
    pub fn set(&self, key: Arc<CertifiedKey>) {
        self.current.store(Some(key));
    }

    /// The certificate presented now, if any.
    pub fn current(&self) -> Option<Arc<CertifiedKey>> {
        self.current.load_full()
    }

    /// Answers TLS-ALPN-01 validation of `domain` with `key` until [`Self::clear_challenges`].
    pub fn set_challenge(&self, domain: &str, key: Arc<CertifiedKey>) {
        self.lock().insert(domain.to_ascii_lowercase(), key);
    }

    /// Forgets every challenge certificate.
    pub fn clear_challenges(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<CertifiedKey>>> {
        self.challenges
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl ResolvesServerCert for CertResolver {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let validating = hello
            .alpn()
            .is_some_and(|mut protocols| protocols.any(|p| p == ACME_TLS_ALPN));
        if validating {
            let name = hello.server_name()?.to_ascii_lowercase();
            return self.lock().get(&name).cloned();
        }
        self.current()
    }
}
