//! HTTPS served by Stoa itself: a certificate from PEM files, HSTS and `Secure` cookies on
//! HTTPS, the certificate replaced on disk while a WebSocket stays open, bad files ignored, the
//! redirect listener, and `X-Forwarded-Proto` believed only from trusted proxies.

mod common;
mod tls_support;

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use stoa_server::ServeConfig;
use tls_support::{client_config, install, localhost_cert, TestCert};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

/// Settings serving HTTPS only, from `cert.pem` / `key.pem` in `dir`.
fn https_config(dir: &std::path::Path) -> ServeConfig {
    let mut config = ServeConfig::for_tests(dir.to_path_buf());
    config.http = None;
    config.https = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    config.tls_cert = Some(dir.join("cert.pem"));
    config.tls_key = Some(dir.join("key.pem"));
    config
}

/// A client for `https://localhost:PORT` that trusts only `cert`, keeps no cookies and
/// follows no redirects.
fn https_client(cert: &TestCert, addr: SocketAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(cert.cert_pem.as_bytes()).unwrap())
        .resolve("localhost", addr)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn header(resp: &reqwest::Response, name: &str) -> String {
    resp.headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sends one ping on `ws` and waits for its pong (the connection is alive and answering).
async fn ping_pong<S>(ws: &mut tokio_tungstenite::WebSocketStream<S>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    ws.send(Message::Ping(b"still there?".to_vec().into()))
        .await
        .expect("ping");
    let pong = async {
        while let Some(frame) = ws.next().await {
            match frame.expect("frame") {
                Message::Pong(payload) if payload.as_ref() == b"still there?" => return,
                Message::Close(close) => panic!("the WebSocket closed: {close:?}"),
                _ => {}
            }
        }
        panic!("the WebSocket ended");
    };
    tokio::time::timeout(Duration::from_secs(20), pong)
        .await
        .expect("pong in time");
}

#[tokio::test]
async fn https_from_files_with_hsts_secure_cookies_and_live_certificate_reload() {
    tls_support::logs();
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let first = localhost_cert();
    install(&first, &cert_path, &key_path);
    let running = stoa_server::start(https_config(dir.path()))
        .await
        .expect("starts");
    let addr = running.http_addr;
    assert_eq!(running.https_addr, Some(addr));
    assert_eq!(
        running.public_url,
        format!("https://localhost:{}", addr.port())
    );
    let base = format!("https://localhost:{}", addr.port());
    let http = https_client(&first, addr);

    // HTTPS answers, with HSTS.
    let resp = http
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("https");
    assert_eq!(resp.status(), 200);
    assert_eq!(
        header(&resp, "strict-transport-security"),
        "max-age=31536000"
    );

    // Signing up and in sets a Secure session cookie.
    let code = running
        .bootstrap_invite
        .as_deref()
        .and_then(|link| link.rsplit('/').next())
        .expect("bootstrap code")
        .to_owned();
    let resp = http
        .post(format!("{base}/api/auth/signup"))
        .json(
            &json!({"invite_code": code, "username": "admin", "display_name": "Admin",
                      "password": "password123"}),
        )
        .send()
        .await
        .expect("signup");
    assert_eq!(resp.status(), 201);
    let cookie = header(&resp, "set-cookie");
    assert!(
        cookie.starts_with("stoa_session=") && cookie.contains("; Secure"),
        "{cookie}"
    );
    let token = resp.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let resp = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "admin", "password": "password123"}))
        .send()
        .await
        .expect("login");
    assert_eq!(resp.status(), 200);
    assert!(header(&resp, "set-cookie").contains("; Secure"));

    // A WebSocket over TLS, opened with the first certificate.
    let trusts_both_later = |second: &TestCert| client_config(&[&first.der, &second.der]);
    let tls = tls_support::connect(addr, "localhost", client_config(&[&first.der]))
        .await
        .expect("TLS");
    assert_eq!(tls_support::peer_leaf(&tls), first.der);
    let mut req = format!("wss://localhost:{}/api/ws", addr.port())
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::client_async(req, tls)
        .await
        .expect("WebSocket over TLS");
    ping_pong(&mut ws).await;

    // New files: new connections get the new certificate; the WebSocket stays open.
    let second = localhost_cert();
    install(&second, &cert_path, &key_path);
    let both = trusts_both_later(&second);
    tls_support::wait_for_leaf(addr, both.clone(), &second.der).await;
    ping_pong(&mut ws).await;
    assert_eq!(tls_support::peer_leaf(ws.get_ref()), first.der);
    let resp = https_client(&second, addr)
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("https with the new certificate");
    assert_eq!(resp.status(), 200);

    // Bad files (a certificate with another certificate's key, then garbage): logged, and the
    // current certificate stays.
    let third = localhost_cert();
    let from = tls_support::log_len();
    tls_support::replace(&cert_path, third.cert_pem.as_bytes());
    let from = tls_support::wait_for_log(
        "keeping the current certificate",
        from,
        Duration::from_secs(30),
    )
    .await;
    tls_support::replace(
        &key_path,
        b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n",
    );
    tls_support::wait_for_log(
        "keeping the current certificate",
        from,
        Duration::from_secs(30),
    )
    .await;
    let stream = tls_support::connect(addr, "localhost", both)
        .await
        .expect("still serving");
    assert_eq!(tls_support::peer_leaf(&stream), second.der);
    ping_pong(&mut ws).await;

    drop(ws);
    running.shutdown().await.expect("clean stop");
}

#[tokio::test]
async fn the_redirect_listener_sends_every_request_to_https() {
    let dir = tempfile::tempdir().unwrap();
    let cert = localhost_cert();
    install(
        &cert,
        &dir.path().join("cert.pem"),
        &dir.path().join("key.pem"),
    );
    let mut config = https_config(dir.path());
    config.redirect_http = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    let running = stoa_server::start(config).await.expect("starts");
    let redirect = running.redirect_addr.expect("redirect listener");
    let https_port = running.http_addr.port();
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (method, path) in [
        (reqwest::Method::GET, "/r/some-room?utm=x&y=%20z"),
        (reqwest::Method::POST, "/api/auth/login"),
        (reqwest::Method::GET, "/"),
    ] {
        let resp = plain
            .request(method.clone(), format!("http://{redirect}{path}"))
            .header("host", "stoa.example:8080")
            .send()
            .await
            .expect("redirect");
        assert_eq!(resp.status(), 308, "{method} {path}");
        assert_eq!(
            header(&resp, "location"),
            format!("https://stoa.example:{https_port}{path}")
        );
        assert!(header(&resp, "strict-transport-security").is_empty());
    }
    // Where the redirect leads answers.
    let resp = https_client(&cert, running.http_addr)
        .get(format!("https://localhost:{https_port}/api/health"))
        .send()
        .await
        .expect("https");
    assert_eq!(resp.status(), 200);
    running.shutdown().await.expect("clean stop");
}

/// Signs up the first admin over plain HTTP with `X-Forwarded-Proto: https`; returns the
/// response's HSTS and Set-Cookie headers.
async fn forwarded_signup(server: &common::TestServer) -> (String, String) {
    let resp = server
        .http
        .post(format!("{}/api/auth/signup", server.base()))
        .header("x-forwarded-proto", "https")
        .json(
            &json!({"invite_code": server.bootstrap_code(), "username": "admin",
                      "display_name": "Admin", "password": "password123"}),
        )
        .send()
        .await
        .expect("signup");
    assert_eq!(resp.status(), 201);
    (
        header(&resp, "strict-transport-security"),
        header(&resp, "set-cookie"),
    )
}

#[tokio::test]
async fn forwarded_proto_counts_as_https_only_from_trusted_proxies() {
    // Behind a trusted proxy (here: loopback) that says the client used HTTPS.
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.trusted_proxies = vec![stoa_api::client_ip::parse_net("127.0.0.1").unwrap()];
    let proxied = common::TestServer::start_with(dir, config).await;
    let (hsts, cookie) = forwarded_signup(&proxied).await;
    assert_eq!(hsts, "max-age=31536000");
    assert!(cookie.contains("; Secure"), "{cookie}");
    // The proxy's plain requests stay plain.
    let resp = proxied
        .http
        .get(format!("{}/api/health", proxied.base()))
        .send()
        .await
        .unwrap();
    assert!(header(&resp, "strict-transport-security").is_empty());
    proxied.stop().await;

    // The same header from a client that is not a trusted proxy changes nothing.
    let direct = common::TestServer::start().await;
    let (hsts, cookie) = forwarded_signup(&direct).await;
    assert!(hsts.is_empty(), "{hsts}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    direct.stop().await;
}
