//! The web client, embedded in the binary at build time (see `build.rs`), with an SPA fallback:
//! any non-`/api` path that is not a file serves `index.html`, under the web client's
//! Content-Security-Policy ([`crate::headers::web_client_csp`]).

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use stoa_proto::ErrorCode;

use crate::ApiError;

#[derive(RustEmbed)]
#[folder = "$STOA_WEB_DIR"]
struct WebAssets;

/// Serves an embedded file, or `index.html` for client-side routes.
pub(crate) async fn serve_web(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    if path.starts_with("api/") {
        return ApiError::new(ErrorCode::NotFound, "no such API endpoint").into_response();
    }
    if let Some(file) = WebAssets::get(path).filter(|_| !path.is_empty()) {
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let mime = file.metadata.mimetype().to_string();
        let mut response = (
            [
                (CONTENT_TYPE, mime.clone()),
                (CACHE_CONTROL, cache.to_string()),
            ],
            file.data,
        )
            .into_response();
        if mime.starts_with("text/html") {
            if let Ok(csp) = HeaderValue::from_str(&crate::headers::web_client_csp(host)) {
                response.headers_mut().insert(CONTENT_SECURITY_POLICY, csp);
            }
        }
        return response;
    }
    match WebAssets::get("index.html") {
        Some(file) => (
            [
                (CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
                (CACHE_CONTROL, "no-cache".to_string()),
                (
                    CONTENT_SECURITY_POLICY,
                    crate::headers::web_client_csp(host),
                ),
            ],
            file.data,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "web client not built").into_response(),
    }
}
