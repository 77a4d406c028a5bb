//! Security headers on every response.
//!
//! All responses: `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
//! `Referrer-Policy: no-referrer` (reservation and room links carry secrets or ids in their
//! path), a `Permissions-Policy` that lets only this site use the microphone, and
//! `Cross-Origin-Opener-Policy: same-origin`. Responses without their own
//! `Content-Security-Policy` get [`DEFAULT_CSP`] (no scripts; inline styles for the share
//! pages); the web client's pages carry [`web_client_csp`].

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of everything but the web client: JSON, feeds, images, the share pages (plain
/// HTML with an inline stylesheet and the member's avatar, no scripts).
pub const DEFAULT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Only this site may use the microphone; nobody the camera, location, payments or USB.
pub const PERMISSIONS_POLICY: &str =
    "microphone=(self), camera=(), geolocation=(), payment=(), usb=()";

/// The web client's policy: its own scripts and stylesheets only (the build has no inline
/// script; React sets element styles through the CSSOM, which `style-src` does not govern),
/// images from this site plus `data:` (the favicon) and `blob:` (avatar previews), API calls and
/// the signaling WebSocket to this site. `host` (the request's `Host`) names the WebSocket
/// origins explicitly for browsers whose `'self'` does not cover `ws:`/`wss:`; it is left out
/// unless it looks like a host name.
pub fn web_client_csp(host: Option<&str>) -> String {
    let sockets = host
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(|h| format!(" ws://{h} wss://{h}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
         media-src 'self' blob:; connect-src 'self'{sockets}; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Middleware: adds the security headers a response does not set itself.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 6] = [
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (X_FRAME_OPTIONS, "DENY"),
        (REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (CONTENT_SECURITY_POLICY, DEFAULT_CSP),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_web_client_policy_names_its_websocket_host_only_when_sane() {
        let csp = web_client_csp(Some("stoa.example:8443"));
        assert!(csp.contains("connect-src 'self' ws://stoa.example:8443 wss://stoa.example:8443;"));
        assert!(csp.contains("script-src 'self';"));
        assert!(csp.contains("frame-ancestors 'none'"));
        for bad in [Some("evil; script-src *"), Some(""), None] {
            assert!(
                web_client_csp(bad).contains("connect-src 'self'; "),
                "{bad:?}"
            );
        }
    }
}
