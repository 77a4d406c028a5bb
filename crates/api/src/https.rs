//! Requests that reached Stoa over HTTPS: those on a TLS listener of its own, or those a trusted
//! reverse proxy (`--trusted-proxies`) forwarded with `X-Forwarded-Proto: https`. Their
//! responses carry `Strict-Transport-Security` and every cookie they set is `Secure`. A client
//! that is not a trusted proxy cannot make a plain request count as HTTPS by sending the header.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{SET_COOKIE, STRICT_TRANSPORT_SECURITY};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::Cookie;

use crate::client_ip::TrustedProxies;
use crate::AppState;

/// How a connection reached this server; the listener marks each request with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Plain HTTP.
    Plain,
    /// TLS, terminated by Stoa itself.
    Tls,
}

/// The HSTS policy: browsers use HTTPS for this host for a year.
pub const HSTS: &str = "max-age=31536000";

/// Header a reverse proxy sets to the scheme the client used.
const X_FORWARDED_PROTO: &str = "x-forwarded-proto";

/// Whether a request arriving from `peer` over `transport` with `headers` was HTTPS for the
/// client. A trusted proxy's `X-Forwarded-Proto` counts by its first value (the scheme the
/// outermost proxy saw); proxies are expected to overwrite what clients send.
pub fn is_https(
    transport: Transport,
    peer: IpAddr,
    headers: &HeaderMap,
    proxies: &TrustedProxies,
) -> bool {
    if transport == Transport::Tls {
        return true;
    }
    if !proxies.trusts(peer.to_canonical()) {
        return false;
    }
    headers
        .get(X_FORWARDED_PROTO)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// Middleware: on HTTPS requests, adds HSTS and marks every cookie set `Secure`.
pub async fn secure_transport(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let transport = request
        .extensions()
        .get::<Transport>()
        .copied()
        .unwrap_or(Transport::Plain);
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    let https = is_https(transport, peer, request.headers(), &state.trusted_proxies);
    let mut response = next.run(request).await;
    if https {
        secure_response(response.headers_mut());
    }
    response
}

/// HSTS, and `Secure` on each `Set-Cookie` that lacks it.
fn secure_response(headers: &mut HeaderMap) {
    headers
        .entry(STRICT_TRANSPORT_SECURITY)
        .or_insert(HeaderValue::from_static(HSTS));
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        headers.append(SET_COOKIE, with_secure(cookie));
    }
}

/// `cookie` with the `Secure` attribute appended, unless it has it already.
fn with_secure(cookie: HeaderValue) -> HeaderValue {
    let Ok(text) = cookie.to_str() else {
        return cookie;
    };
    if Cookie::parse(text).is_ok_and(|parsed| parsed.secure() == Some(true)) {
        return cookie;
    }
    HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client_ip::parse_net;

    fn forwarded(proto: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(X_FORWARDED_PROTO, HeaderValue::from_str(proto).unwrap());
        headers
    }

    #[test]
    fn forwarded_proto_counts_only_from_trusted_proxies() {
        let proxies = TrustedProxies::new(vec![parse_net("10.0.0.0/8").unwrap()]);
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: IpAddr = "192.0.2.7".parse().unwrap();
        assert!(is_https(
            Transport::Plain,
            proxy,
            &forwarded("https"),
            &proxies
        ));
        assert!(is_https(
            Transport::Plain,
            proxy,
            &forwarded("HTTPS, http"),
            &proxies
        ));
        assert!(!is_https(
            Transport::Plain,
            proxy,
            &forwarded("http"),
            &proxies
        ));
        assert!(!is_https(
            Transport::Plain,
            proxy,
            &HeaderMap::new(),
            &proxies
        ));
        assert!(!is_https(
            Transport::Plain,
            stranger,
            &forwarded("https"),
            &proxies
        ));
        assert!(is_https(
            Transport::Tls,
            stranger,
            &HeaderMap::new(),
            &proxies
        ));
    }

    #[test]
    fn cookies_become_secure_once() {
        let mut headers = HeaderMap::new();
        headers.append(SET_COOKIE, HeaderValue::from_static("a=1; Path=/"));
        headers.append(SET_COOKIE, HeaderValue::from_static("b=2; Secure"));
        secure_response(&mut headers);
        let cookies: Vec<&str> = headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(cookies, ["a=1; Path=/; Secure", "b=2; Secure"]);
        assert_eq!(headers[STRICT_TRANSPORT_SECURITY], HSTS);
    }
}
