//! ACME HTTP-01 answers (RFC 8555 §8.3), for `--acme-challenge http-01`: while an order is
//! validated, the plain `--redirect-http` listener (port 80 for a real CA) answers
//! `GET /.well-known/acme-challenge/<token>` with the token's key authorization.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The path prefix validators fetch.
pub const PATH_PREFIX: &str = "/.well-known/acme-challenge/";

/// Key authorizations by token, shared by the ACME task and the redirect listener.
#[derive(Debug, Clone, Default)]
pub struct Http01Answers(Arc<Mutex<HashMap<String, String>>>);

impl Http01Answers {
    /// Answers `token` with `key_authorization` until [`Self::clear`].
    pub fn set(&self, token: &str, key_authorization: &str) {
        self.lock()
            .insert(token.to_owned(), key_authorization.to_owned());
    }

    /// The answer for `token`, if one is pending.
    pub fn get(&self, token: &str) -> Option<String> {
        self.lock().get(token).cloned()
    }

    /// Forgets every answer.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, String>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
