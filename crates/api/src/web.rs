//! The web client, embedded in the binary at build time (see `build.rs`), with an SPA fallback:
//! any non-`/api` path that is not a file serves `index.html`.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use stoa_proto::ErrorCode;

use crate::ApiError;

#[derive(RustEmbed)]
#[folder = "$STOA_WEB_DIR"]
struct WebAssets;

/// Serves an embedded file, or `index.html` for client-side routes.
pub(crate) async fn serve_web(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
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
        return (
            [(CONTENT_TYPE, mime), (CACHE_CONTROL, cache.to_string())],
            file.data,
        )
            .into_response();
    }
    match WebAssets::get("index.html") {
        Some(file) => (
            [
                (CONTENT_TYPE, "text/html; charset=utf-8"),
                (CACHE_CONTROL, "no-cache"),
            ],
            file.data,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "web client not built").into_response(),
    }
}
