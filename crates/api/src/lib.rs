//! Stoa's HTTP edge: the JSON API under `/api`, the signaling WebSocket at `/api/ws`, the
//! OpenAPI document at `/api/openapi.json` and the embedded web client everywhere else.
//!
//! Handlers are thin: they authenticate ([`extract::AuthMember`]), parse ([`extract::ApiJson`]),
//! call the [`Stoa`] service and map its errors through the one [`ApiError`].

mod error;
pub mod extract;
mod openapi;
mod routes;
mod web;
mod ws;

use std::future::Future;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use stoa_service::Stoa;
use tokio::net::TcpListener;

pub use error::ApiError;
pub use openapi::ApiDoc;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The service.
    pub stoa: Stoa,
    /// Mark the session cookie `Secure` (the public URL is https).
    pub secure_cookies: bool,
}

/// The whole HTTP application.
pub fn router(stoa: Stoa) -> Router {
    let secure_cookies = stoa.config().public_url.starts_with("https://");
    let state = AppState {
        stoa,
        secure_cookies,
    };
    Router::new()
        .nest("/api", routes::api_routes().merge(ws::routes()))
        .fallback(web::serve_web)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves the application on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    stoa: Stoa,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(stoa))
        .with_graceful_shutdown(shutdown)
        .await
}
