//! Stoa's HTTP edge: the JSON API under `/api`, the signaling WebSocket at `/api/ws`, the
//! OpenAPI document at `/api/openapi.json`, Prometheus metrics at `/metrics` (for this machine
//! only; see [`telemetry`]) and the embedded web client everywhere else. Every request gets a
//! request id and a span ([`telemetry`]).
//!
//! Handlers are thin: they authenticate ([`extract::AuthMember`]), parse ([`extract::ApiJson`]),
//! call the [`Stoa`] service and map its errors through the one [`ApiError`].

pub mod client_ip;
mod error;
pub mod extract;
pub mod headers;
pub mod https;
pub mod limits;
pub mod openapi;
pub mod origin;
mod routes;
mod share;
pub mod telemetry;
mod web;
mod ws;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::get;
use axum::Router;
use stoa_service::Stoa;
use tokio::net::TcpListener;

pub use error::ApiError;
pub use https::Transport;
pub use ipnet::IpNet;
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
    /// Rate limits on sign-in, sign-up, invite checks and waitlist reservations.
    pub limits: Arc<limits::Limits>,
    /// Whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<client_ip::TrustedProxies>,
    /// What requests from this site's own pages look like (cross-site refusal).
    pub origin: Arc<origin::OriginPolicy>,
    /// Closes every WebSocket when the server stops.
    pub closing: ws::Closing,
}

/// Settings of the HTTP edge.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Attempts of each of sign-in, sign-up, invite check and waitlist reservation allowed per
    /// client address per minute (each its own budget).
    pub auth_attempts_per_minute: u32,
    /// Failed sign-ins allowed per account per [`limits::accounts::FAILURE_WINDOW`], from any
    /// address.
    pub sign_in_failures_per_account: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (see [`client_ip`]).
    pub trusted_proxies: Vec<IpNet>,
}

/// The whole HTTP application. `/metrics` answers loopback callers only; it needs the socket
/// peer (`ConnectInfo<SocketAddr>`), as [`serve`] provides it.
pub fn router(stoa: Stoa, config: &ApiConfig) -> Router {
    router_closing(stoa, config, ws::Closing::default())
}

/// The whole HTTP application, its WebSockets closed through `closing`.
fn router_closing(stoa: Stoa, config: &ApiConfig, closing: ws::Closing) -> Router {
    telemetry::metrics::recorder();
    let secure_cookies = stoa.config().public_url.starts_with("https://");
    let limits = Arc::new(limits::Limits::new(
        config.auth_attempts_per_minute,
        config.sign_in_failures_per_account,
    ));
    let trusted_proxies = Arc::new(client_ip::TrustedProxies::new(
        config.trusted_proxies.clone(),
    ));
    let origin = origin::OriginPolicy::new(&stoa.config().public_url);
    let state = AppState {
        stoa,
        secure_cookies,
        limits,
        trusted_proxies,
        origin: Arc::new(origin.clone()),
        closing,
    };
    let app = Router::new()
        .nest("/api", api_router().merge(ws::routes()))
        .merge(share::routes())
        .merge(routes::events::feed_routes())
        .route("/metrics", get(telemetry::metrics::loopback_metrics))
        .fallback(web::serve_web)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(origin, origin::guard))
        .layer(middleware::from_fn(limits::retry_after_fallback))
        .layer(middleware::from_fn(headers::security_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            https::secure_transport,
        ))
        .layer(middleware::from_fn(telemetry::metrics::track_http));
    telemetry::trace::traced(app).with_state(state)
}

/// The JSON routes under `/api` (documented in [`openapi::document`]), answering unknown `/api`
/// paths with a JSON 404.
fn api_router() -> Router<AppState> {
    let (router, _documented) = routes::api_routes().split_for_parts();
    router.fallback(routes::meta::not_found)
}

/// Serves the application on `listener` until `shutdown` resolves; then stops accepting, closes
/// every WebSocket with 1012 "restarting" (so clients reconnect at once), and returns once the
/// requests in flight are answered and the WebSockets closed (each within a few seconds).
pub async fn serve(
    listener: TcpListener,
    stoa: Stoa,
    config: ApiConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = App::new(stoa, &config);
    let served = app.serve_on(listener, Transport::Plain, shutdown).await;
    app.websockets_closed().await;
    served
}

/// The application, ready to be served on one or more listeners (plain HTTP and HTTPS share
/// its rate limits and its WebSockets).
#[derive(Clone)]
pub struct App {
    router: Router,
    closing: ws::Closing,
}

impl App {
    /// The whole HTTP application.
    pub fn new(stoa: Stoa, config: &ApiConfig) -> Self {
        let closing = ws::Closing::default();
        Self {
            router: router_closing(stoa, config, closing.clone()),
            closing,
        }
    }

    /// Serves on `listener`, whose connections arrive over `transport`, until `shutdown`
    /// resolves; then closes every WebSocket with 1012 and returns once the requests in flight
    /// on this listener are answered.
    pub async fn serve_on<L>(
        &self,
        listener: L,
        transport: Transport,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()>
    where
        L: axum::serve::Listener<Addr = SocketAddr>,
    {
        let app = self
            .router
            .clone()
            .layer(axum::Extension(transport))
            .into_make_service_with_connect_info::<SocketAddr>();
        let close_all = self.closing.clone();
        // `tap_io` gives any listener whose address is a `SocketAddr` the connect info.
        let listener = axum::serve::ListenerExt::tap_io(listener, |_| {});
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                shutdown.await;
                close_all.close_all();
            })
            .await
    }

    /// Waits (boundedly) until every WebSocket has closed after shutdown: axum does not wait
    /// for upgraded connections. Each ends within its own close deadline; the bound only guards
    /// against a bug.
    pub async fn websockets_closed(&self) {
        let _ = tokio::time::timeout(WEBSOCKETS_CLOSE_WITHIN, self.closing.all_closed()).await;
    }
}

/// Longest wait for the WebSockets to close at shutdown.
const WEBSOCKETS_CLOSE_WITHIN: std::time::Duration = std::time::Duration::from_secs(7);
