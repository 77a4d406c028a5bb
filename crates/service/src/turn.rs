//! TURN credentials for clients: the shared-secret scheme coturn implements as `use-auth-secret`
//! (the "TURN REST API" draft). Stoa and the TURN server share a secret; for each member Stoa
//! issues `username = "<unix expiry>:<user id>"` and `credential = base64(HMAC-SHA1(secret,
//! username))`. The TURN server recomputes the credential from the username and refuses it once
//! the expiry passed, so nothing is stored and nothing has to be revoked.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use stoa_proto::ws::IceServer;
use stoa_proto::UserId;

/// Default lifetime of issued credentials (12 h, as coturn's documentation suggests).
pub const DEFAULT_TTL: Duration = Duration::from_secs(12 * 3600);

/// The ICE servers handed to clients and how their credentials are made.
#[derive(Clone)]
pub struct TurnConfig {
    /// `turn:`, `turns:` or `stun:` URLs, e.g. `turn:turn.example.org:3478?transport=udp`.
    pub urls: Vec<String>,
    /// The secret shared with the TURN server (coturn `static-auth-secret`).
    pub secret: String,
    /// How long issued credentials stay valid.
    pub ttl: Duration,
}

/// Why a TURN configuration is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TurnConfigError {
    /// A URL is not `turn:`, `turns:` or `stun:`.
    #[error("ICE server URL {0:?} must start with turn:, turns: or stun:")]
    BadUrl(String),
    /// TURN URLs without a secret to make credentials with.
    #[error("TURN URLs need a shared secret (--turn-secret)")]
    NoSecret,
    /// A lifetime of zero.
    #[error("the TURN credential lifetime must be positive")]
    ZeroTtl,
}

impl std::fmt::Debug for TurnConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TurnConfig")
            .field("urls", &self.urls)
            .field("secret", &"<hidden>")
            .field("ttl", &self.ttl)
            .finish()
    }
}

impl TurnConfig {
    /// Checks the URLs and the secret: `None` when there are no URLs (clients get no ICE
    /// servers). An empty secret is allowed only with `stun:` URLs alone.
    pub fn new(
        urls: Vec<String>,
        secret: Option<String>,
        ttl: Duration,
    ) -> Result<Option<Self>, TurnConfigError> {
        if urls.is_empty() {
            return Ok(None);
        }
        let mut needs_secret = false;
        for url in &urls {
            let scheme = url.split(':').next().unwrap_or_default();
            match scheme {
                "turn" | "turns" => needs_secret = true,
                "stun" | "stuns" => {}
                _ => return Err(TurnConfigError::BadUrl(url.clone())),
            }
        }
        let secret = secret.unwrap_or_default();
        if needs_secret && secret.is_empty() {
            return Err(TurnConfigError::NoSecret);
        }
        if ttl.is_zero() {
            return Err(TurnConfigError::ZeroTtl);
        }
        Ok(Some(Self { urls, secret, ttl }))
    }

    /// The ICE servers for `user`, with credentials valid for [`TurnConfig::ttl`] from `now`.
    pub fn ice_servers(&self, user: UserId, now: SystemTime) -> Vec<IceServer> {
        if self.secret.is_empty() {
            return vec![IceServer {
                urls: self.urls.clone(),
                username: None,
                credential: None,
            }];
        }
        let expiry = now
            .checked_add(self.ttl)
            .unwrap_or(now)
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let username = format!("{expiry}:{}", user.0);
        let credential = credential(&self.secret, &username);
        vec![IceServer {
            urls: self.urls.clone(),
            username: Some(username),
            credential: Some(credential),
        }]
    }
}

/// `base64(HMAC-SHA1(secret, username))`: the password coturn expects for `username`.
pub fn credential(secret: &str, username: &str) -> String {
    // HMAC accepts keys of any length; this cannot fail.
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(username.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_matches_an_independent_computation() {
        // `printf %s 1600000000:alice | openssl dgst -sha1 -hmac north -binary | base64`
        assert_eq!(
            credential("north", "1600000000:alice"),
            "gq98pTOhhHaAu0we9aV79kOVVv0="
        );
    }

    #[test]
    fn ice_servers_carry_expiry_user_and_hmac() {
        let turn = TurnConfig::new(
            vec!["turn:turn.example.org:3478?transport=udp".into()],
            Some("s3cret".into()),
            Duration::from_secs(3600),
        )
        .unwrap()
        .unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let servers = turn.ice_servers(UserId(42), now);
        assert_eq!(servers.len(), 1);
        let s = &servers[0];
        assert_eq!(s.urls, ["turn:turn.example.org:3478?transport=udp"]);
        assert_eq!(s.username.as_deref(), Some("1700003600:42"));
        assert_eq!(
            s.credential.as_deref(),
            Some(credential("s3cret", "1700003600:42").as_str())
        );
        assert!(
            !format!("{turn:?}").contains("s3cret"),
            "the secret is not logged"
        );
    }

    #[test]
    fn configuration_is_checked() {
        let ttl = DEFAULT_TTL;
        assert_eq!(
            TurnConfig::new(vec![], None, ttl).unwrap().map(|t| t.urls),
            None
        );
        assert_eq!(
            TurnConfig::new(vec!["turn:t:3478".into()], None, ttl).unwrap_err(),
            TurnConfigError::NoSecret
        );
        assert_eq!(
            TurnConfig::new(vec!["http://t".into()], Some("x".into()), ttl).unwrap_err(),
            TurnConfigError::BadUrl("http://t".into())
        );
        assert_eq!(
            TurnConfig::new(vec!["turn:t".into()], Some("x".into()), Duration::ZERO).unwrap_err(),
            TurnConfigError::ZeroTtl
        );
        let stun = TurnConfig::new(vec!["stun:t:3478".into()], None, ttl)
            .unwrap()
            .unwrap();
        let servers = stun.ice_servers(UserId(1), SystemTime::now());
        assert_eq!(servers[0].username, None);
        assert_eq!(servers[0].credential, None);
    }
}
