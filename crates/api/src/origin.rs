//! Cross-site request refusal (CSRF and cross-site WebSocket hijacking).
//!
//! A browser attaches the session cookie to requests other sites make it send (a form post, a
//! `fetch` without CORS, a WebSocket). Such requests carry the other site's `Origin` (or a
//! `Sec-Fetch-Site` that is not `same-origin`), so every state-changing request (POST, PUT,
//! PATCH, DELETE) without a bearer token, and every cookie-authenticated WebSocket upgrade, must
//! come from this site: `Origin` equal to the public URL's origin or naming the `Host` the
//! request was sent to; without `Origin`, `Sec-Fetch-Site` `same-origin` or `none`; without
//! either (not a browser), allowed. Refused: `403 forbidden`. Bearer-token clients are never
//! checked: a page on another site cannot make a browser send an `Authorization` header here
//! (that needs CORS, which Stoa does not grant).

use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use stoa_proto::ErrorCode;

use crate::extract::has_bearer;
use crate::ApiError;

/// What this site's own pages look like to the server.
#[derive(Debug, Clone)]
pub struct OriginPolicy {
    /// `scheme://host[:port]` of the public URL, lowercased.
    public_origin: Option<String>,
}

impl OriginPolicy {
    /// The policy for a server reached at `public_url` (e.g. `https://stoa.example/`).
    pub fn new(public_url: &str) -> Self {
        Self {
            public_origin: origin_of(public_url),
        }
    }

    /// Whether a browser sent this request from this site's own pages (or no browser sent
    /// it); refuses it with `403 forbidden` otherwise.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        if self.same_site(headers) {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                "cross-site request refused: changes must come from this site's own pages \
                 (or carry a bearer token)",
            ))
        }
    }

    fn same_site(&self, headers: &HeaderMap) -> bool {
        if let Some(origin) = headers.get(ORIGIN) {
            let Some(origin) = origin.to_str().ok().and_then(origin_of) else {
                return false; // `null` (sandboxed or privacy-stripped) or unreadable
            };
            if self.public_origin.as_deref() == Some(origin.as_str()) {
                return true;
            }
            let host = headers.get(HOST).and_then(|v| v.to_str().ok());
            return host.is_some_and(|host| same_authority(&origin, host));
        }
        match headers.get("sec-fetch-site") {
            Some(site) => matches!(site.as_bytes(), b"same-origin" | b"none"),
            None => true,
        }
    }
}

/// `scheme://authority` of a URL or origin, lowercased; `None` if it has no scheme or host.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if scheme.is_empty() || authority.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{authority}").to_ascii_lowercase())
}

/// Whether `origin` (`scheme://authority`) names the `host` header's authority; a default
/// port in `host` is the same as none.
fn same_authority(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    let host = match host.strip_suffix(default_port) {
        Some(bare) if !default_port.is_empty() => bare,
        _ => host.as_str(),
    };
    authority == host
}

/// Middleware: refuses cross-site state-changing requests that carry no bearer token.
pub async fn guard(State(policy): State<OriginPolicy>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if changes_state && !has_bearer(request.headers()) {
        if let Err(refused) = policy.check(request.headers()) {
            return refused.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn same_origin_by_public_url_or_host() {
        let policy = OriginPolicy::new("https://Stoa.example/");
        let ok = |pairs: &[(&'static str, &str)]| policy.check(&headers(pairs)).is_ok();
        assert!(ok(&[("origin", "https://stoa.example")]));
        assert!(ok(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ]));
        assert!(ok(&[
            ("origin", "https://stoa.example"),
            ("host", "internal:8080")
        ]));
        assert!(ok(&[
            ("origin", "https://other.example"),
            ("host", "other.example:443")
        ]));
        assert!(!ok(&[
            ("origin", "https://evil.example"),
            ("host", "stoa.example")
        ]));
        assert!(!ok(&[("origin", "http://stoa.example")]), "scheme matters");
        assert!(!ok(&[("origin", "https://stoa.example.evil")]));
        assert!(!ok(&[("origin", "null"), ("host", "stoa.example")]));
        assert!(!ok(&[
            ("origin", "https://stoa.example:8443"),
            ("host", "stoa.example")
        ]));
    }

    #[test]
    fn without_origin_fetch_metadata_decides_and_non_browsers_pass() {
        let policy = OriginPolicy::new("http://127.0.0.1:8080");
        let ok = |pairs: &[(&'static str, &str)]| policy.check(&headers(pairs)).is_ok();
        assert!(ok(&[("sec-fetch-site", "same-origin")]));
        assert!(ok(&[("sec-fetch-site", "none")]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        assert!(!ok(&[("sec-fetch-site", "cross-site")]));
        assert!(ok(&[]));
    }
}
