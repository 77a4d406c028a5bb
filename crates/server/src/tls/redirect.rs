//! `--redirect-http`: a plain-HTTP listener that sends every request to the same host, path and
//! query over HTTPS with `308 Permanent Redirect` (which keeps the method and body), except
//! pending ACME HTTP-01 challenges, which it answers (see [`super::http01`]).

use std::future::Future;

use axum::extract::{Path, Request, State};
use axum::http::header::{HOST, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use super::http01::{Http01Answers, PATH_PREFIX};

#[derive(Clone)]
struct Redirect {
    https_port: u16,
    answers: Http01Answers,
}

/// Serves redirects to HTTPS on `https_port`, and the pending HTTP-01 `answers`, until
/// `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    https_port: u16,
    answers: Http01Answers,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = Router::new()
        .route(&format!("{PATH_PREFIX}{{token}}"), get(challenge))
        .fallback(redirect)
        .with_state(Redirect {
            https_port,
            answers,
        });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

async fn challenge(State(state): State<Redirect>, Path(token): Path<String>) -> Response {
    match state.answers.get(&token) {
        Some(key_authorization) => key_authorization.into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn redirect(State(state): State<Redirect>, request: Request) -> Response {
    let https_port = state.https_port;
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok());
    let Some(host) = host.and_then(host_name) else {
        return bad_request();
    };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let port = if https_port == 443 {
        String::new()
    } else {
        format!(":{https_port}")
    };
    match HeaderValue::from_str(&format!("https://{host}{port}{path}")) {
        Ok(location) => (StatusCode::PERMANENT_REDIRECT, [(LOCATION, location)]).into_response(),
        Err(_) => bad_request(),
    }
}

/// The host of a `Host` header without its port, if it looks like a host name or address.
fn host_name(host: &str) -> Option<&str> {
    let name = match host.strip_prefix('[') {
        // [v6]:port
        Some(rest) => &host[..rest.find(']')? + 2],
        None => host.split(':').next()?,
    };
    let sane = !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-[]:".contains(&b));
    sane.then_some(name)
}

fn bad_request() -> Response {
    let body = serde_json::json!({
        "error": { "code": "bad_request", "message": "a Host header naming this server is required" }
    });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::host_name;

    #[test]
    fn host_names_lose_their_port() {
        assert_eq!(host_name("stoa.example:80"), Some("stoa.example"));
        assert_eq!(host_name("stoa.example"), Some("stoa.example"));
        assert_eq!(host_name("[2001:db8::1]:8080"), Some("[2001:db8::1]"));
        assert_eq!(host_name("evil.example/path"), None);
        assert_eq!(host_name(""), None);
    }
}
