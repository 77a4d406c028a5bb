//! Certificates from an ACME CA (Let's Encrypt by default) through `instant-acme`, validated
//! with TLS-ALPN-01 on the HTTPS listener itself (no port 80 needed), or with HTTP-01 on the
//! `--redirect-http` listener when asked for (`--acme-challenge http-01`).
//!
//! The loop: at start a stored certificate for the same directory and domains is presented at
//! once (no new order); without one, or once less than a third of its lifetime remains, the
//! account (stored, or created and stored) places an order, answers each authorization's
//! TLS-ALPN-01 challenge through the [`CertResolver`], finalizes with a fresh key, stores the
//! chain and key, and presents them. A failure is logged, the current certificate stays, and the
//! attempt is repeated after a backoff (1 minute, doubling up to 6 hours).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use instant_acme::{
    Account, AccountCredentials, AuthorizationStatus, ChallengeType, Identifier, NewAccount,
    NewOrder, OrderStatus, RetryPolicy,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::sign::CertifiedKey;
use stoa_service::Background;
use tokio::task::JoinHandle;

use super::acme_store::{AcmeStore, StoredCert};
use super::files::{certified_key, Validity};
use super::http01::Http01Answers;
use super::resolver::CertResolver;
use super::TlsError;

/// Let's Encrypt's production directory.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";

/// First wait after a failed attempt; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(60);
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);
/// Longest sleep between looks at the certificate (clocks jump; machines sleep).
const MAX_SLEEP: Duration = Duration::from_secs(12 * 3600);
/// How long the CA may take to validate and to issue.
const VALIDATION_WITHIN: Duration = Duration::from_secs(120);

/// How the CA checks that this server answers for the domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AcmeChallenge {
    /// A special certificate on the HTTPS listener (RFC 8737).
    #[default]
    #[value(name = "tls-alpn-01")]
    TlsAlpn01,
    /// A file under `/.well-known/acme-challenge/` on the `--redirect-http` listener.
    #[value(name = "http-01")]
    Http01,
}

/// What to ask for and where.
#[derive(Debug, Clone)]
pub struct AcmeSettings {
    /// The names the certificate is for.
    pub domains: Vec<String>,
    /// Contact address given to the CA, if any.
    pub email: Option<String>,
    /// The CA's directory URL.
    pub directory: String,
    /// A PEM root to trust (instead of the system's) when talking to the directory.
    pub ca_root: Option<PathBuf>,
    /// `<data-dir>/acme`.
    pub state_dir: PathBuf,
    /// The challenge type answered.
    pub challenge: AcmeChallenge,
    /// Where HTTP-01 answers go (served by the redirect listener).
    pub http01: Http01Answers,
}

/// Presents the stored certificate, if any, and starts the task that obtains and renews it.
pub fn start(
    settings: AcmeSettings,
    resolver: Arc<CertResolver>,
    background: &Background,
) -> Result<JoinHandle<()>, TlsError> {
    let store = AcmeStore::new(&settings.state_dir, &settings.directory, &settings.domains);
    match store.cert()? {
        Some(stored) => match certified_key(stored.chain_pem.as_bytes(), stored.key_pem.as_bytes())
        {
            Ok(key) => {
                tracing::info!(domains = ?settings.domains, "ACME: using the stored certificate");
                resolver.set(key);
            }
            Err(e) => tracing::warn!(
                "ACME: the stored certificate does not load ({e}); ordering a new one"
            ),
        },
        None => tracing::info!(domains = ?settings.domains, "ACME: no stored certificate yet"),
    }
    Ok(background.spawn_until_stopped(
        "certificate renewal",
        renew_forever(settings, store, resolver),
    ))
}

async fn renew_forever(settings: AcmeSettings, store: AcmeStore, resolver: Arc<CertResolver>) {
    let mut backoff = FIRST_BACKOFF;
    loop {
        let due = resolver
            .current()
            .and_then(|key| {
                key.end_entity_cert()
                    .ok()
                    .and_then(|c| Validity::of(c).ok())
            })
            .map_or(SystemTime::UNIX_EPOCH, |v| v.renew_at());
        if let Ok(wait) = due.duration_since(SystemTime::now()) {
            tokio::time::sleep(wait.min(MAX_SLEEP)).await;
            continue;
        }
        match obtain(&settings, &store, &resolver).await {
            Ok(key) => {
                resolver.set(key);
                backoff = FIRST_BACKOFF;
            }
            Err(e) => {
                tracing::warn!(
                    "ACME: obtaining a certificate for {:?} failed (keeping the current one, \
                     next try in {}s): {e}",
                    settings.domains,
                    backoff.as_secs()
                );
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
        resolver.clear_challenges();
        settings.http01.clear();
    }
}

/// One order, from account to stored certificate.
async fn obtain(
    settings: &AcmeSettings,
    store: &AcmeStore,
    resolver: &CertResolver,
) -> Result<Arc<CertifiedKey>, TlsError> {
    let identifiers: Vec<Identifier> = settings
        .domains
        .iter()
        .map(|d| Identifier::Dns(d.clone()))
        .collect();
    let new_order = NewOrder::new(&identifiers);
    let mut order = match stored_account(settings, store).await? {
        Some(account) => match account.new_order(&new_order).await {
            Err(instant_acme::Error::Api(problem))
                if problem.r#type.as_deref() == Some(ACCOUNT_DOES_NOT_EXIST) =>
            {
                // A test CA restarted, or the account was deactivated: start afresh.
                tracing::warn!("ACME: the CA no longer knows the stored account; creating one");
                new_account(settings, store)
                    .await?
                    .new_order(&new_order)
                    .await?
            }
            other => other?,
        },
        None => {
            new_account(settings, store)
                .await?
                .new_order(&new_order)
                .await?
        }
    };
    tracing::info!(order = order.url(), "ACME: order placed");
    let mut authorizations = order.authorizations();
    while let Some(authz) = authorizations.next().await {
        let mut authz = authz?;
        match authz.status {
            AuthorizationStatus::Pending => {}
            AuthorizationStatus::Valid => continue,
            other => return Err(TlsError::Acme(format!("authorization is {other:?}"))),
        }
        let kind = match settings.challenge {
            AcmeChallenge::TlsAlpn01 => ChallengeType::TlsAlpn01,
            AcmeChallenge::Http01 => ChallengeType::Http01,
        };
        let mut challenge = authz
            .challenge(kind.clone())
            .ok_or_else(|| TlsError::Acme(format!("the CA offers no {kind:?} challenge")))?;
        let domain = challenge.identifier().to_string();
        let key_authorization = challenge.key_authorization();
        match settings.challenge {
            AcmeChallenge::TlsAlpn01 => {
                let digest = key_authorization.digest();
                resolver.set_challenge(&domain, challenge_cert(&domain, digest.as_ref())?);
            }
            AcmeChallenge::Http01 => settings
                .http01
                .set(&challenge.token, key_authorization.as_str()),
        }
        challenge.set_ready().await?;
        tracing::info!(%domain, challenge = ?kind, "ACME: challenge ready");
    }
    let retries = RetryPolicy::new().timeout(VALIDATION_WITHIN);
    let status = order.poll_ready(&retries).await?;
    if status != OrderStatus::Ready {
        return Err(TlsError::Acme(format!("order is {status:?}, not ready")));
    }
    let key_pem = order.finalize().await?;
    let chain_pem = order.poll_certificate(&retries).await?;
    let key = certified_key(chain_pem.as_bytes(), key_pem.as_bytes()).map_err(TlsError::Acme)?;
    store.save_cert(&StoredCert { chain_pem, key_pem })?;
    tracing::info!(domains = ?settings.domains, "ACME: certificate issued and stored");
    Ok(key)
}

/// The problem type of a CA that does not know an account (RFC 8555 §6.7).
const ACCOUNT_DOES_NOT_EXIST: &str = "urn:ietf:params:acme:error:accountDoesNotExist";

fn account_builder(settings: &AcmeSettings) -> Result<instant_acme::AccountBuilder, TlsError> {
    Ok(match &settings.ca_root {
        Some(root) => Account::builder_with_root(root)?,
        None => Account::builder()?,
    })
}

/// The stored account, if any.
async fn stored_account(
    settings: &AcmeSettings,
    store: &AcmeStore,
) -> Result<Option<Account>, TlsError> {
    let Some(json) = store.account()? else {
        return Ok(None);
    };
    let credentials: AccountCredentials =
        serde_json::from_str(&json).map_err(|e| TlsError::Acme(format!("stored account: {e}")))?;
    Ok(Some(
        account_builder(settings)?
            .from_credentials(credentials)
            .await?,
    ))
}

/// A new account, stored (replacing any stored one).
async fn new_account(settings: &AcmeSettings, store: &AcmeStore) -> Result<Account, TlsError> {
    let contact: Vec<String> = settings
        .email
        .iter()
        .map(|e| format!("mailto:{e}"))
        .collect();
    let contact: Vec<&str> = contact.iter().map(String::as_str).collect();
    let (account, credentials) = account_builder(settings)?
        .create(
            &NewAccount {
                contact: &contact,
                terms_of_service_agreed: true,
                only_return_existing: false,
            },
            settings.directory.clone(),
            None,
        )
        .await?;
    let json = serde_json::to_string(&credentials)
        .map_err(|e| TlsError::Acme(format!("account credentials: {e}")))?;
    store.save_account(&json)?;
    tracing::info!(account = account.id(), "ACME: account created");
    Ok(account)
}

/// The self-signed certificate that proves control of `domain` (RFC 8737): the domain as its
/// only name and the key authorization's digest in the critical `acmeIdentifier` extension.
fn challenge_cert(domain: &str, digest: &[u8]) -> Result<Arc<CertifiedKey>, TlsError> {
    let mut params = rcgen::CertificateParams::new(vec![domain.to_owned()])
        .map_err(|e| TlsError::Acme(format!("challenge certificate: {e}")))?;
    params.custom_extensions = vec![rcgen::CustomExtension::new_acme_identifier(digest)];
    let key =
        rcgen::KeyPair::generate().map_err(|e| TlsError::Acme(format!("challenge key: {e}")))?;
    let cert = params
        .self_signed(&key)
        .map_err(|e| TlsError::Acme(format!("challenge certificate: {e}")))?;
    let der_key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    // Not `CertifiedKey::from_der`: its consistency check parses the certificate with webpki,
    // which refuses the (critical, unknown to it) acmeIdentifier extension.
    let signing_key = rustls::crypto::ring::default_provider()
        .key_provider
        .load_private_key(der_key)
        .map_err(|e| TlsError::Acme(format!("challenge key: {e}")))?;
    let chain: Vec<CertificateDer<'static>> = vec![cert.der().clone()];
    Ok(Arc::new(CertifiedKey::new(chain, signing_key)))
}

impl From<instant_acme::Error> for TlsError {
    fn from(e: instant_acme::Error) -> Self {
        TlsError::Acme(e.to_string())
    }
}
