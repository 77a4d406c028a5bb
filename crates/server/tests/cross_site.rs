//! Cross-site requests: a page on another site cannot make a signed-in browser change anything
//! (forged form posts, cross-site WebSocket hijacking); the site's own pages and bearer-token
//! clients are unaffected.

mod common;

use common::{code, TestServer};
use reqwest::header::{HeaderMap, HeaderValue, COOKIE, ORIGIN, SET_COOKIE};
use reqwest::Method;
use serde_json::{json, Value};

const EVIL: &str = "http://evil.example";

/// Signs `username` in and returns the session cookie (`stoa_session=…`) a browser would keep.
async fn session_cookie(server: &TestServer, username: &str) -> String {
    let resp = server
        .http
        .post(format!("{}/api/auth/login", server.base()))
        .json(&json!({"username": username, "password": "password123"}))
        .send()
        .await
        .expect("login");
    assert_eq!(resp.status().as_u16(), 200);
    let cookie = resp.headers()[SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_string();
    cookie.split(';').next().expect("name=value").to_string()
}

/// Sends `method path` as a browser would: with the cookie and the given extra headers.
async fn browser(
    server: &TestServer,
    method: Method,
    path: &str,
    cookie: &str,
    extra: &[(&'static str, &str)],
) -> (u16, Value) {
    let mut headers = HeaderMap::new();
    headers.insert(COOKIE, HeaderValue::from_str(cookie).unwrap());
    for (name, value) in extra {
        headers.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    let resp = server
        .http
        .request(method, format!("{}{path}", server.base()))
        .headers(headers)
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// The "waiting for you" entry of `username`, as `token` sees it.
async fn waiting(server: &TestServer, token: &str, username: &str) -> Value {
    let (status, body) = server.get("/api/waitlist/waiting", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["username"] == username)
        .cloned()
        .expect("entry")
}

#[tokio::test]
async fn a_forged_cross_site_wave_in_is_refused_and_changes_nothing() {
    let server = TestServer::start().await;
    let (_admin, [bob]) = server.people(["bob"]).await;
    let (status, body) = server
        .post(
            "/api/waitlist",
            None,
            json!({"username": "zoe", "display_name": "Zoe", "named": ["bob"]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = match waiting(&server, &bob, "zoe").await["id"].clone() {
        Value::String(id) => id,
        other => other.to_string(),
    };
    let wave = format!("/api/waitlist/{id}/wave");
    let cookie = session_cookie(&server, "bob").await;

    // A form on another site posting with Bob's cookie: the browser sends that site's Origin.
    let (status, body) = browser(&server, Method::POST, &wave, &cookie, &[("origin", EVIL)]).await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cross-site"),
        "{body}"
    );
    // Without Origin, fetch metadata tells the same story.
    for site in ["cross-site", "same-site"] {
        let headers = [("sec-fetch-site", site)];
        let (status, body) = browser(&server, Method::POST, &wave, &cookie, &headers).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{site}: {body}");
    }
    // An opaque origin (a sandboxed frame) is not this site either.
    let (status, _) = browser(&server, Method::POST, &wave, &cookie, &[("origin", "null")]).await;
    assert_eq!(status, 403);
    assert_eq!(waiting(&server, &bob, "zoe").await["waved_in"], false);

    // Bob's own page: Origin is the server's.
    let base = server.base();
    let (status, body) = browser(
        &server,
        Method::POST,
        &wave,
        &cookie,
        &[("origin", base.as_str())],
    )
    .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(waiting(&server, &bob, "zoe").await["waved_in"], true);
}

#[tokio::test]
async fn same_origin_browsers_and_bearer_clients_are_unaffected() {
    let server = TestServer::start().await;
    let (_admin, [bob, _carol]) = server.people(["bob", "carol"]).await;
    let cookie = session_cookie(&server, "bob").await;
    let follow = "/api/users/carol/follow";

    // No Origin but same-origin (or user-initiated) fetch metadata.
    for site in ["same-origin", "none"] {
        let headers = [("sec-fetch-site", site)];
        let (status, body) = browser(&server, Method::PUT, follow, &cookie, &headers).await;
        assert!((200..300).contains(&status), "{site}: {status} {body}");
    }
    // Origin naming the Host the request went to.
    let host = server.running.http_addr.to_string();
    let origin = format!("http://{host}");
    let (status, body) = browser(
        &server,
        Method::DELETE,
        follow,
        &cookie,
        &[("origin", origin.as_str()), ("host", host.as_str())],
    )
    .await;
    assert!((200..300).contains(&status), "{status} {body}");
    // Reads are never refused, whatever the Origin.
    let (status, _) = browser(
        &server,
        Method::GET,
        "/api/me",
        &cookie,
        &[("origin", EVIL)],
    )
    .await;
    assert_eq!(status, 200);

    // A bearer-token client may send any Origin.
    let resp = server
        .http
        .put(format!("{}{follow}", server.base()))
        .bearer_auth(&bob)
        .header(ORIGIN, EVIL)
        .send()
        .await
        .expect("request");
    assert!(resp.status().is_success(), "{}", resp.status());
    let (_, carol) = server.get("/api/users/carol", Some(&bob)).await;
    assert_eq!(carol["followed_by_me"], true, "{carol}");
}

/// A WebSocket handshake request to `/api/ws{query}` with the given headers; returns the status.
async fn ws_handshake(server: &TestServer, query: &str, extra: &[(&'static str, &str)]) -> u16 {
    let mut req = server
        .http
        .get(format!("{}/api/ws{query}", server.base()))
        .header("connection", "Upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");
    for (name, value) in extra {
        req = req.header(*name, *value);
    }
    req.send().await.expect("handshake").status().as_u16()
}

#[tokio::test]
async fn a_cookie_websocket_from_another_site_is_refused() {
    let server = TestServer::start().await;
    let (_admin, [bob]) = server.people(["bob"]).await;
    let cookie = session_cookie(&server, "bob").await;
    let base = server.base();

    let hijack = ws_handshake(
        &server,
        "",
        &[("cookie", cookie.as_str()), ("origin", EVIL)],
    )
    .await;
    assert_eq!(hijack, 403, "cross-site WebSocket with the cookie");
    let own = ws_handshake(
        &server,
        "",
        &[("cookie", cookie.as_str()), ("origin", base.as_str())],
    )
    .await;
    assert_eq!(own, 101, "the site's own page");
    // A token in the query is a credential the other site would have to know.
    let query = format!("?token={bob}");
    let by_token = ws_handshake(&server, &query, &[("origin", EVIL)]).await;
    assert_eq!(by_token, 101, "token clients are not checked");
}
