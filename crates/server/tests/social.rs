//! The social slice through the real API: profile edits, follows, follow lists, search.

mod common;

use common::{code, TestServer};
use serde_json::{json, Value};

/// Sends `method path` with an optional JSON body and returns (status, body).
async fn send(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    server.send(method, path, token, body).await
}

async fn patch_me(server: &TestServer, token: &str, body: Value) -> (u16, Value) {
    send(
        server,
        reqwest::Method::PATCH,
        "/api/me",
        Some(token),
        Some(body),
    )
    .await
}

async fn follow(server: &TestServer, token: &str, username: &str) -> (u16, Value) {
    let path = format!("/api/users/{username}/follow");
    send(server, reqwest::Method::PUT, &path, Some(token), None).await
}

async fn unfollow(server: &TestServer, token: &str, username: &str) -> (u16, Value) {
    let path = format!("/api/users/{username}/follow");
    send(server, reqwest::Method::DELETE, &path, Some(token), None).await
}

fn usernames(list: &Value) -> Vec<String> {
    list["users"]
        .as_array()
        .expect("users array")
        .iter()
        .map(|u| u["username"].as_str().expect("username").to_string())
        .collect()
}

#[tokio::test]
async fn profile_edits_apply_and_refusals_change_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin().await;

    let (status, me) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(status, 200);
    assert_eq!(me["bio"], "");
    assert_eq!(
        (me["followers"].as_u64(), me["following"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(me["followed_by_me"], false);

    let (status, edited) = patch_me(
        &server,
        &admin,
        json!({"display_name": "  Ada L. ", "bio": "Hello\nworld"}),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["display_name"], "Ada L.");
    assert_eq!(edited["bio"], "Hello\nworld");
    assert_eq!(edited["username"], "admin", "other fields kept");

    // Only the bio: the display name stays.
    let (status, edited) = patch_me(&server, &admin, json!({"bio": "short"})).await;
    assert_eq!(status, 200);
    assert_eq!(
        (edited["display_name"].as_str(), edited["bio"].as_str()),
        (Some("Ada L."), Some("short"))
    );

    // Refusals: nothing changes, even the valid field of the same request.
    for bad in [
        json!({"display_name": "New", "bio": "x".repeat(301)}),
        json!({"bio": "tab\there"}),
        json!({"display_name": "", "bio": "fine"}),
        json!({"display_name": "x".repeat(51)}),
    ] {
        let (status, body) = patch_me(&server, &admin, bad.clone()).await;
        assert_eq!((status, code(&body)), (400, "validation"), "{bad}: {body}");
    }
    let (status, body) = patch_me(&server, &admin, json!({"bio": 5})).await;
    assert_eq!((status, code(&body)), (400, "bad_request"), "{body}");
    let (_, me) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(
        (me["display_name"].as_str(), me["bio"].as_str()),
        (Some("Ada L."), Some("short"))
    );

    // 300 characters (not bytes) is the limit; others see the edit.
    let (status, _) = patch_me(&server, &admin, json!({"bio": "é".repeat(300)})).await;
    assert_eq!(status, 200);
    let bob = server.member(&admin, "bob").await;
    let (_, seen) = server.get("/api/users/ADMIN", Some(&bob)).await;
    assert_eq!(seen["bio"].as_str().map(|b| b.chars().count()), Some(300));
}

/// Display names are NFC-normalised; names with text-direction overrides, hidden zero-width
/// characters or nothing visible are refused with `400 validation` at sign-up, on profile edits
/// and on waitlist reservations.
#[tokio::test]
async fn display_names_must_be_visible_and_keep_their_direction() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let refused = [
        "admin\u{202E}gpj.exe",
        "\u{2067}Mallory\u{2069}",
        "\u{3164}",
        "\u{200B}\u{200B}",
        "\u{115F}\u{1160}\u{3164}",
        "ad\u{200B}min",
    ];
    for name in refused {
        let (status, body) = patch_me(&server, &admin, json!({"display_name": name})).await;
        assert_eq!(
            (status, code(&body)),
            (400, "validation"),
            "{name:?}: {body}"
        );
        let invite = server.invite(&admin).await;
        let (status, body) = server
            .post(
                "/api/auth/signup",
                None,
                json!({"invite_code": invite, "username": "eve",
                       "display_name": name, "password": "password123"}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (400, "validation"),
            "{name:?}: {body}"
        );
        let (status, body) = server
            .post(
                "/api/waitlist",
                None,
                json!({"username": "eve", "display_name": name, "named": ["admin"]}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (400, "validation"),
            "{name:?}: {body}"
        );
    }
    let (_, body) = patch_me(&server, &admin, json!({"display_name": "a\u{202E}b"})).await;
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("text-direction"), "{message}");

    // Normalised to NFC: "e" + combining acute is stored as "é".
    let (status, me) = patch_me(&server, &admin, json!({"display_name": "Rene\u{301}"})).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["display_name"], "Ren\u{E9}");
    // Right-to-left scripts and emoji sequences are fine.
    for name in ["שרה כהן", "👩\u{200D}💻 Ada"] {
        let (status, me) = patch_me(&server, &admin, json!({"display_name": name})).await;
        assert_eq!((status, me["display_name"].as_str()), (200, Some(name)));
    }
}

#[tokio::test]
async fn follow_and_unfollow_are_idempotent_with_counts() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;

    for _ in 0..2 {
        let (status, body) = follow(&server, &bob, "admin").await;
        assert_eq!(status, 204, "{body}");
    }
    assert_eq!(follow(&server, &carol, "Admin").await.0, 204);

    let (_, seen_by_bob) = server.get("/api/users/admin", Some(&bob)).await;
    assert_eq!(seen_by_bob["followers"], 2);
    assert_eq!(seen_by_bob["following"], 0);
    assert_eq!(seen_by_bob["followed_by_me"], true);
    let (_, seen_by_admin) = server.get("/api/users/bob", Some(&admin)).await;
    assert_eq!(seen_by_admin["following"], 1);
    assert_eq!(seen_by_admin["followed_by_me"], false);
    let (_, own) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(
        (own["followers"].as_u64(), own["followed_by_me"].as_bool()),
        (Some(2), Some(false))
    );
    let (_, own_by_name) = server.get("/api/users/admin", Some(&admin)).await;
    assert_eq!(own_by_name["followed_by_me"], false);

    for _ in 0..2 {
        assert_eq!(unfollow(&server, &bob, "admin").await.0, 204);
    }
    let (_, seen_by_bob) = server.get("/api/users/admin", Some(&bob)).await;
    assert_eq!(seen_by_bob["followers"], 1);
    assert_eq!(seen_by_bob["followed_by_me"], false);

    let (status, body) = follow(&server, &bob, "bob").await;
    assert_eq!((status, code(&body)), (400, "validation"));
    let (status, body) = follow(&server, &bob, "nobody").await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (status, body) = unfollow(&server, &bob, "nobody").await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (_, me) = server.get("/api/me", Some(&bob)).await;
    assert_eq!(me["following"], 0);
}

#[tokio::test]
async fn follow_lists_paginate_with_opaque_cursors() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut names = Vec::new();
    for i in 0..7 {
        let name = format!("fan{i}");
        let token = server.member(&admin, &name).await;
        assert_eq!(follow(&server, &token, "admin").await.0, 204);
        // A repeated follow adds no second entry to the list.
        assert_eq!(follow(&server, &token, "admin").await.0, 204);
        names.push(name);
    }

    let mut seen = Vec::new();
    let mut path = "/api/users/admin/followers?limit=3".to_string();
    for _ in 0..10 {
        let (status, page) = server.get(&path, Some(&admin)).await;
        assert_eq!(status, 200, "{page}");
        let users = usernames(&page);
        assert!(users.len() <= 3);
        seen.extend(users);
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/users/admin/followers?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    let newest_first: Vec<String> = names.iter().rev().cloned().collect();
    assert_eq!(seen, newest_first, "every follower once, newest first");

    // Exactly one full page: no next cursor.
    let (_, page) = server
        .get("/api/users/admin/followers?limit=7", Some(&admin))
        .await;
    assert_eq!(usernames(&page).len(), 7);
    assert!(page["next_cursor"].is_null());
    let (_, page) = server.get("/api/users/admin/followers", Some(&admin)).await;
    assert_eq!(usernames(&page).len(), 7, "default limit is 50");

    let (status, page) = server.get("/api/users/fan0/following", Some(&admin)).await;
    assert_eq!(status, 200);
    assert_eq!(usernames(&page), ["admin"]);
    assert!(page["next_cursor"].is_null());

    for bad in ["cursor=zz", "cursor=616263", "limit=abc"] {
        let (status, body) = server
            .get(&format!("/api/users/admin/followers?{bad}"), Some(&admin))
            .await;
        assert_eq!((status, code(&body)), (400, "bad_request"), "{bad}: {body}");
    }
    for bad in ["limit=0", "limit=101"] {
        let (status, body) = server
            .get(&format!("/api/users/admin/following?{bad}"), Some(&admin))
            .await;
        assert_eq!((status, code(&body)), (400, "validation"), "{bad}: {body}");
    }
    let (status, body) = server
        .get("/api/users/nobody/followers", Some(&admin))
        .await;
    assert_eq!((status, code(&body)), (404, "not_found"));
}

#[tokio::test]
async fn search_matches_prefixes_usernames_first() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    server.member(&admin, "ab").await;
    server.member(&admin, "a_c").await;
    // Display names default to the upper-cased username; give bob one starting with "A".
    let (status, _) = patch_me(&server, &bob, json!({"display_name": "Alice Cooper"})).await;
    assert_eq!(status, 200);

    let (status, found) = server.get("/api/users?q=A", Some(&admin)).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(usernames(&found), ["a_c", "ab", "admin", "bob"]);
    let (_, found) = server.get("/api/users?q=a_", Some(&admin)).await;
    assert_eq!(usernames(&found), ["a_c"], "_ is literal");
    let (_, found) = server.get("/api/users?q=a%25", Some(&admin)).await;
    assert_eq!(usernames(&found), Vec::<String>::new(), "% is literal");
    let (_, found) = server.get("/api/users?q=ALICE%20c", Some(&admin)).await;
    assert_eq!(usernames(&found), ["bob"]);
    let (_, found) = server.get("/api/users?q=a&limit=2", Some(&admin)).await;
    assert_eq!(usernames(&found), ["a_c", "ab"]);
    assert_eq!(found["users"][0]["display_name"], "A_C");

    let long = "a".repeat(31);
    for bad in [String::new(), long, "a&limit=0".to_string()] {
        let (status, body) = server
            .get(&format!("/api/users?q={bad}"), Some(&admin))
            .await;
        assert_eq!((status, code(&body)), (400, "validation"), "{bad}: {body}");
    }
    let (status, body) = server.get("/api/users", Some(&admin)).await;
    assert_eq!(
        (status, code(&body)),
        (400, "bad_request"),
        "missing q: {body}"
    );
}

#[tokio::test]
async fn social_routes_need_a_session() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    server.member(&admin, "bob").await;
    use reqwest::Method;
    let calls = [
        (Method::PATCH, "/api/me", Some(json!({"bio": "hacked"}))),
        (Method::PUT, "/api/users/bob/follow", None),
        (Method::DELETE, "/api/users/bob/follow", None),
        (Method::GET, "/api/users/bob/followers", None),
        (Method::GET, "/api/users/bob/following", None),
        (Method::GET, "/api/users?q=b", None),
        (Method::GET, "/api/users/bob", None),
    ];
    for (method, path, body) in calls {
        for token in [None, Some("not-a-session")] {
            let (status, resp) = send(&server, method.clone(), path, token, body.clone()).await;
            assert_eq!(
                (status, code(&resp)),
                (401, "unauthorized"),
                "{method} {path} with {token:?}"
            );
        }
    }
    let (_, bob) = server.get("/api/users/bob", Some(&admin)).await;
    assert_eq!(bob["followers"], 0);
    let (_, me) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(me["bio"], "");
}

#[tokio::test]
async fn openapi_lists_the_social_routes() {
    let server = TestServer::start().await;
    let (status, doc) = server.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/me", "patch"),
        ("/api/users", "get"),
        ("/api/users/{username}/follow", "put"),
        ("/api/users/{username}/follow", "delete"),
        ("/api/users/{username}/followers", "get"),
        ("/api/users/{username}/following", "get"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path} missing");
    }
    let schemas = &doc["components"]["schemas"];
    for name in ["UpdateProfileRequest", "UserList", "UserSearch"] {
        assert!(schemas[name].is_object(), "schema {name} missing");
    }
    assert!(schemas["Profile"]["properties"]["followed_by_me"].is_object());
}
