//! Request tracing: every request gets an id (`x-request-id`, kept if the client or a proxy
//! sent one, generated otherwise, and echoed in the response) and a span carrying the method,
//! the route template, the id, then the status and the latency.

use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{HeaderName, Request, Response};
use axum::Router;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::field::Empty;
use tracing::{Level, Span};

/// The request id header.
pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Sets a request id on requests without one.
fn set_request_id() -> SetRequestIdLayer<MakeRequestUuid> {
    SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid)
}

/// Copies the request id to the response.
fn propagate_request_id() -> PropagateRequestIdLayer {
    PropagateRequestIdLayer::new(REQUEST_ID)
}

/// The span of one request.
fn make_span<B>(request: &Request<B>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("fallback", MatchedPath::as_str);
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "http",
        method = %request.method(),
        route,
        request_id = id,
        status = Empty,
        latency_ms = Empty,
    )
}

fn on_response<B>(response: &Response<B>, latency: Duration, span: &Span) {
    span.record("status", response.status().as_u16());
    span.record("latency_ms", latency.as_secs_f64() * 1000.0);
    tracing::debug!("answered");
}

/// Wraps `router` (whose routes are all added) in request ids and request spans: the id is
/// set first, so the span and the response carry it. Answers are logged at debug level, server
/// errors (5xx) at warn level (internal causes are logged at error where they happen).
pub(crate) fn traced<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(
        tower::ServiceBuilder::new()
            .layer(set_request_id())
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(make_span)
                    .on_request(())
                    .on_response(on_response)
                    .on_failure(DefaultOnFailure::new().level(Level::WARN)),
            )
            .layer(propagate_request_id()),
    )
}
