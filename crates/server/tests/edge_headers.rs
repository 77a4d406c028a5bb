//! The HTTP edge's answers to browsers and sloppy clients: security headers on every page and
//! API response, and JSON errors (never plain text) for malformed paths and query strings.

mod common;

use common::{code, TestServer};
use reqwest::Method;
use serde_json::Value;

/// The value of header `name` in `headers`, or `""`.
fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map(|v| v.to_str().expect("ascii"))
        .unwrap_or_default()
}

#[tokio::test]
async fn pages_and_api_answers_carry_security_headers() {
    let server = TestServer::start().await;
    for path in [
        "/",
        "/rooms/abc",
        "/api/health",
        "/r/no-such-room",
        "/api/nope",
    ] {
        let resp = server
            .http
            .get(format!("{}{path}", server.base()))
            .send()
            .await
            .expect("get");
        let h = resp.headers();
        assert_eq!(header(h, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(h, "x-frame-options"), "DENY", "{path}");
        assert_eq!(header(h, "referrer-policy"), "no-referrer", "{path}");
        assert!(
            header(h, "permissions-policy").contains("microphone=(self)"),
            "{path}"
        );
        let csp = header(h, "content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{path}: {csp}");
    }

    // The web client: its own scripts only, API and WebSocket to this site.
    let resp = server.http.get(server.base()).send().await.expect("get");
    let csp = header(resp.headers(), "content-security-policy").to_string();
    let host = server.running.http_addr;
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(
        csp.contains(&format!("connect-src 'self' ws://{host} wss://{host};")),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    // Everything else runs no script at all.
    let resp = server
        .http
        .get(format!("{}/api/health", server.base()))
        .send()
        .await
        .expect("get");
    let csp = header(resp.headers(), "content-security-policy");
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
}

#[tokio::test]
async fn malformed_paths_and_queries_get_json_errors() {
    let server = TestServer::start().await;
    let (admin, [bob]) = server.people(["bob"]).await;
    let cases: &[(Method, &str)] = &[
        (Method::GET, "/api/rooms/%FF"),
        (Method::GET, "/api/users/%C3%28"),
        (Method::GET, "/api/clubs/not-a-number"),
        (Method::GET, "/api/clubs/99999999999999999999999"),
        (Method::DELETE, "/api/invites/abc"),
        (Method::POST, "/api/admin/reports/abc/resolve"),
        (Method::PUT, "/api/clubs/1x/membership"),
        (Method::DELETE, "/api/clubs/x/members/bob"),
        (Method::GET, "/api/admin/reports?limit=abc"),
        (Method::GET, "/api/notifications?limit=-1"),
        (Method::GET, "/api/clubs/1/members?limit=many"),
        (Method::GET, "/api/users/bob/followers?limit=1.5"),
        (Method::GET, "/api/users?q=a&limit=x"),
    ];
    for (method, path) in cases {
        let resp = server
            .http
            .request(method.clone(), format!("{}{path}", server.base()))
            .bearer_auth(&admin)
            .send()
            .await
            .expect("request");
        let status = resp.status().as_u16();
        let content_type = header(resp.headers(), "content-type").to_string();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert_eq!(
            (status, code(&body)),
            (400, "bad_request"),
            "{method} {path}: {content_type} {body}"
        );
        let message = body["error"]["message"].as_str().expect("message");
        assert!(!message.is_empty() && message.len() < 400, "{message}");
    }

    // The WebSocket endpoint: a bad query, or no upgrade at all.
    for query in ["?token=a&token=b", ""] {
        let resp = server
            .http
            .get(format!("{}/api/ws{query}", server.base()))
            .bearer_auth(&bob)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status().as_u16(), 400, "{query:?}");
        let body: Value = resp.json().await.expect("JSON");
        assert_eq!(code(&body), "bad_request", "{query:?}: {body}");
    }

    // A huge malformed segment is not echoed back whole.
    let long = format!("/api/clubs/{}", "9".repeat(4000));
    let (status, body) = server.get(&long, Some(&admin)).await;
    assert_eq!((status, code(&body)), (400, "bad_request"));
    assert!(body["error"]["message"].as_str().unwrap().chars().count() <= 201);
}
