//! Rate limits at the HTTP edge: a budget per action and client address, failed sign-ins per
//! account from any address, `Retry-After` on every 429, the client address behind trusted
//! proxies, and how often the waitlist may notify one member.

mod common;

use common::{code, TestServer};
use serde_json::{json, Value};
use stoa_server::ServeConfig;

/// A server with `per_minute` attempts per action and address, trusting `proxies`.
async fn server_with(per_minute: u32, proxies: &[&str]) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.auth_attempts_per_minute = per_minute;
    config.trusted_proxies = proxies
        .iter()
        .map(|p| stoa_api::client_ip::parse_net(p).expect("net"))
        .collect();
    TestServer::start_with(dir, config).await
}

/// POSTs `body` to `path` as if forwarded for `client` (an `X-Forwarded-For` hop); returns the
/// status, the `Retry-After` seconds and the body.
async fn post_from(
    server: &TestServer,
    client: Option<&str>,
    path: &str,
    body: Value,
) -> (u16, Option<u64>, Value) {
    let mut req = server
        .http
        .post(format!("{}{path}", server.base()))
        .json(&body);
    if let Some(client) = client {
        req = req.header("x-forwarded-for", client);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().expect("whole seconds"));
    (
        status,
        retry_after,
        resp.json().await.unwrap_or(Value::Null),
    )
}

fn login(username: &str, password: &str) -> Value {
    json!({"username": username, "password": password})
}

#[tokio::test]
async fn each_action_has_its_own_budget_and_429_says_when_to_retry() {
    let server = server_with(2, &[]).await;
    for _ in 0..2 {
        let (status, _, body) = post_from(
            &server,
            None,
            "/api/auth/login",
            login("nobody", "wrong-pass"),
        )
        .await;
        assert_eq!((status, code(&body)), (401, "bad_credentials"));
    }
    let (status, retry_after, body) = post_from(
        &server,
        None,
        "/api/auth/login",
        login("nobody", "wrong-pass"),
    )
    .await;
    assert_eq!((status, code(&body)), (429, "rate_limited"));
    let retry_after = retry_after.expect("Retry-After on the 429");
    assert!((1..=30).contains(&retry_after), "{retry_after}");

    // Sign-up, invite checks and reservations keep their own budgets.
    let signup = json!({"invite_code": "nope", "username": "eve", "display_name": "Eve",
        "password": "password123"});
    let (status, _, body) = post_from(&server, None, "/api/auth/signup", signup).await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"), "{body}");
    let (status, body) = server.get("/api/invites/check/nope", None).await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"), "{body}");
    let reserve = json!({"username": "zed", "display_name": "Zed", "named": ["nobody"]});
    let (status, _, body) = post_from(&server, None, "/api/waitlist", reserve).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    // Not trusted: X-Forwarded-For changes nothing, the socket peer is the client.
    let direct = server_with(2, &[]).await;
    for (i, spoofed) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
        .iter()
        .enumerate()
    {
        let (status, _, body) = post_from(
            &direct,
            Some(spoofed),
            "/api/auth/login",
            login("nobody", "wrong-pass"),
        )
        .await;
        let expected = if i < 2 { 401 } else { 429 };
        assert_eq!(status, expected, "attempt {i}: {body}");
    }

    // Behind a trusted proxy (loopback here), each forwarded client has its own budget; a hop
    // the client wrote itself, left of the proxy's, is not believed.
    let proxied = server_with(2, &["127.0.0.0/8"]).await;
    for hop in ["198.51.100.7", "192.0.2.1, 198.51.100.7"] {
        let (status, _, body) = post_from(
            &proxied,
            Some(hop),
            "/api/auth/login",
            login("nobody", "wrong-pass"),
        )
        .await;
        assert_eq!(status, 401, "{hop}: {body}");
    }
    let (status, retry_after, _) = post_from(
        &proxied,
        Some("192.0.2.99, 198.51.100.7"),
        "/api/auth/login",
        login("nobody", "wrong-pass"),
    )
    .await;
    assert_eq!(status, 429, "the third attempt of 198.51.100.7");
    assert!(retry_after.is_some());
    let (status, _, body) = post_from(
        &proxied,
        Some("198.51.100.8"),
        "/api/auth/login",
        login("nobody", "wrong-pass"),
    )
    .await;
    assert_eq!(status, 401, "another client behind the proxy: {body}");
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account_from_any_address() {
    let server = server_with(100, &["127.0.0.0/8"]).await;
    let (_admin, [_ada, bob]) = server.people(["ada", "bob"]).await;
    let failures = stoa_api::limits::SIGN_IN_FAILURES_PER_ACCOUNT;
    // A guesser spreading over addresses, varying the username's case.
    for i in 0..failures {
        let client = format!("198.51.100.{i}");
        let username = if i % 2 == 0 { "ada" } else { "ADA" };
        let (status, _, body) = post_from(
            &server,
            Some(&client),
            "/api/auth/login",
            login(username, "not-her-password"),
        )
        .await;
        assert_eq!((status, code(&body)), (401, "bad_credentials"), "{i}");
    }
    // Now even Ada herself, from a fresh address and with her password, waits.
    let (status, retry_after, body) = post_from(
        &server,
        Some("192.0.2.200"),
        "/api/auth/login",
        login("ada", "password123"),
    )
    .await;
    assert_eq!((status, code(&body)), (429, "rate_limited"), "{body}");
    let retry_after = retry_after.expect("Retry-After");
    assert!((60..=900).contains(&retry_after), "{retry_after}");
    // Other accounts are unaffected, and Ada's existing sessions keep working.
    let (status, _, body) = post_from(
        &server,
        Some("198.51.100.1"),
        "/api/auth/login",
        login("bob", "password123"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = server.get("/api/me", Some(&bob)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_successful_sign_in_clears_the_account_count() {
    let server = server_with(100, &[]).await;
    let (_admin, [_ada]) = server.people(["ada"]).await;
    let failures = stoa_api::limits::SIGN_IN_FAILURES_PER_ACCOUNT;
    for round in 0..2 {
        for _ in 0..failures - 1 {
            let (status, _, _) =
                post_from(&server, None, "/api/auth/login", login("ada", "typo-typo")).await;
            assert_eq!(status, 401, "round {round}");
        }
        let (status, _, body) = post_from(
            &server,
            None,
            "/api/auth/login",
            login("ada", "password123"),
        )
        .await;
        assert_eq!(status, 200, "round {round}: {body}");
    }
}

#[tokio::test]
async fn the_services_own_429s_say_when_to_retry() {
    let server = TestServer::start().await;
    let (_admin, [bob, carol]) = server.people(["bob", "carol"]).await;
    let limit = 10; // reports per reporter per hour
    for i in 0..=limit {
        let room = server.room(&carol, &format!("room {i}")).await;
        let resp = server
            .http
            .post(format!("{}/api/reports", server.base()))
            .bearer_auth(&bob)
            .json(&json!({"room_id": room.0, "reason": "spam"}))
            .send()
            .await
            .expect("report");
        if i < limit {
            assert_eq!(resp.status().as_u16(), 200, "report {i}");
            continue;
        }
        assert_eq!(resp.status().as_u16(), 429);
        let retry_after: u64 = resp.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .expect("seconds");
        assert!(retry_after > 0);
    }
}

#[tokio::test]
async fn the_waitlist_notifies_one_member_a_bounded_number_of_times() {
    let server = TestServer::start().await;
    let (_admin, [bob, carol]) = server.people(["bob", "carol"]).await;
    let allowance = stoa_service::waitlist::NAMED_NOTICES_PER_HOUR as usize;
    // Someone reserving name after name, each naming Bob; the last also names Carol.
    for i in 0..=allowance {
        let named = if i == allowance {
            json!(["bob", "carol"])
        } else {
            json!(["bob"])
        };
        let (status, body) = server
            .post(
                "/api/waitlist",
                None,
                json!({"username": format!("spam_{i}"), "display_name": "Spam", "named": named}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let named = |list: &Value| {
        list["notifications"]
            .as_array()
            .expect("notifications")
            .iter()
            .filter(|n| n["kind"] == "waitlist_named")
            .count()
    };
    let (_, bobs) = server.get("/api/notifications?limit=100", Some(&bob)).await;
    assert_eq!(named(&bobs), allowance, "{bobs}");
    let (_, carols) = server.get("/api/notifications", Some(&carol)).await;
    assert_eq!(named(&carols), 1, "Carol's allowance is her own");
    // Every reservation still waits for Bob.
    let (_, waiting) = server.get("/api/waitlist/waiting", Some(&bob)).await;
    assert_eq!(waiting["entries"].as_array().unwrap().len(), allowance + 1);
}
