//! Bad input gets a clear 4xx with a stable code, and nothing is half-written.

mod common;

use common::{code, TestServer};
use serde_json::json;

#[tokio::test]
async fn malformed_and_oversized_bodies_are_refused_with_codes() {
    let server = TestServer::start().await;
    let resp = server
        .http
        .post(format!("{}/api/auth/signup", server.base()))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(code(&body), "bad_request");

    let (status, body) = server
        .post("/api/auth/signup", None, json!({"username": "only_a_name"}))
        .await;
    assert_eq!(
        (status, code(&body)),
        (400, "bad_request"),
        "missing fields: {body}"
    );

    let huge = "x".repeat(200 * 1024);
    let (status, body) = server
        .post(
            "/api/auth/login",
            None,
            json!({"username": huge, "password": "p"}),
        )
        .await;
    assert_eq!((status, code(&body)), (413, "payload_too_large"));

    let (status, body) = server.get("/api/nope", None).await;
    assert_eq!((status, code(&body)), (404, "not_found"));
}

#[tokio::test]
async fn signup_refuses_every_bad_field_at_once() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let invite = server.invite(&admin).await;

    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": invite, "username": "B",
              "display_name": "   ", "password": "short"}),
        )
        .await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let fields = body["error"]["fields"]
        .as_object()
        .unwrap_or_else(|| panic!("no fields: {body}"));
    let mut named: Vec<&str> = fields.keys().map(String::as_str).collect();
    named.sort_unstable();
    assert_eq!(named, ["display_name", "password", "username"], "{body}");
    assert!(fields["username"]
        .as_str()
        .unwrap()
        .contains("a-z, 0-9 and _"));
    assert!(fields["display_name"]
        .as_str()
        .unwrap()
        .contains("display name"));
    assert!(fields["password"].as_str().unwrap().contains("8–200"));
    // The message still reads on its own, for clients that ignore `fields`.
    let message = body["error"]["message"].as_str().unwrap();
    for why in fields.values() {
        assert!(message.contains(why.as_str().unwrap()), "{message}");
    }

    // A missing invite code is a field of its own too; one bad field is named alone.
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": " ", "username": "bob",
              "display_name": "Bob", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let fields = body["error"]["fields"].as_object().expect("fields");
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["invite_code"]);

    // Errors that are not about fields carry none.
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": "nope", "username": "bob",
              "display_name": "Bob", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"));
    assert!(body["error"].get("fields").is_none(), "{body}");

    // The invite was not spent by any of this.
    let (_, list) = server.get("/api/invites", Some(&admin)).await;
    assert!(list["invites"][0]["used_by"].is_null(), "{list}");
}

#[tokio::test]
async fn signup_needs_a_valid_unused_invite_and_failures_leave_it_unused() {
    let server = TestServer::start().await;
    let admin = server.admin().await;

    // Unknown invite.
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": "nope", "username": "bob",
              "display_name": "Bob", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"));

    // The bootstrap invite is used now.
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": server.bootstrap_code(),
              "username": "mallory", "display_name": "M", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"));

    // Duplicate username (ignoring case) fails and leaves the invite unused.
    let invite = server.invite(&admin).await;
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": invite, "username": "ADMIN",
              "display_name": "Impostor", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "username_taken"));
    let (_, list) = server.get("/api/invites", Some(&admin)).await;
    assert!(
        list["invites"][0]["used_by"].is_null(),
        "invite must stay unused: {list}"
    );
    // Bad username, bad password: validation, invite still unused.
    for (username, password) in [("b", "password123"), ("bob", "short")] {
        let (status, body) = server
            .post(
                "/api/auth/signup",
                None,
                json!({"invite_code": invite, "username": username,
                  "display_name": "Bob", "password": password}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (400, "validation"),
            "{username}/{password}"
        );
    }
    // ... and it still works for a good sign-up, which records the nominator.
    let bob = server.signup(&invite, "Bob").await;
    let (_, me) = server.get("/api/me", Some(&bob)).await;
    assert_eq!(me["username"], "bob");
    assert_eq!(me["nominated_by"]["username"], "admin");
    assert_eq!(me["is_admin"], false);

    // Revoked invite.
    let (_, created) = server.post("/api/invites", Some(&bob), json!({})).await;
    let id = created["invite"]["id"].as_i64().unwrap();
    let resp = server
        .http
        .delete(format!("{}/api/invites/{id}", server.base()))
        .bearer_auth(&bob)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": created["code"],
              "username": "carol", "display_name": "C", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"));
}

#[tokio::test]
async fn invite_quota_is_two_for_members_and_unlimited_for_admins() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for _ in 0..4 {
        server.invite(&admin).await;
    }
    let (_, list) = server.get("/api/invites", Some(&admin)).await;
    assert!(list["remaining"].is_null(), "admins are unlimited: {list}");

    let bob = server.member(&admin, "bob").await;
    server.invite(&bob).await;
    server.invite(&bob).await;
    let (status, body) = server.post("/api/invites", Some(&bob), json!({})).await;
    assert_eq!((status, code(&body)), (409, "invite_quota_exhausted"));
    let (_, list) = server.get("/api/invites", Some(&bob)).await;
    assert_eq!(list["remaining"], 0);
    assert_eq!(list["invites"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn sessions_sign_in_and_out() {
    let server = TestServer::start().await;
    let _admin = server.admin().await;
    let (status, body) = server
        .post(
            "/api/auth/login",
            None,
            json!({"username": "admin", "password": "nope-nope"}),
        )
        .await;
    assert_eq!((status, code(&body)), (401, "bad_credentials"));
    let (status, body) = server
        .post(
            "/api/auth/login",
            None,
            json!({"username": "Admin", "password": "password123"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(server.get("/api/me", Some(&token)).await.0, 200);
    let (status, _) = server
        .post("/api/auth/logout", Some(&token), json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, body) = server.get("/api/me", Some(&token)).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
    let (status, body) = server.get("/api/rooms", None).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
}

#[tokio::test]
async fn rooms_validate_input_and_unknown_rooms_are_404() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (status, body) = server
        .post("/api/rooms", Some(&admin), json!({"title": "  "}))
        .await;
    assert_eq!((status, code(&body)), (400, "validation"));
    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&admin),
            json!({"title": "t", "kind": "weird"}),
        )
        .await;
    assert_eq!((status, code(&body)), (400, "bad_request"));
    let (status, body) = server.get("/api/rooms/doesnotexist", Some(&admin)).await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (status, room) = server
        .post("/api/rooms", Some(&admin), json!({"title": "Hello"}))
        .await;
    assert_eq!(status, 201, "{room}");
    assert_eq!(room["stage"][0]["username"], "admin");
    let (_, hallway) = server.get("/api/rooms", Some(&admin)).await;
    assert_eq!(hallway["rooms"][0]["title"], "Hello");
}

#[tokio::test]
async fn openapi_document_describes_the_api() {
    let server = TestServer::start().await;
    let (status, doc) = server.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/auth/signup",
        "/api/invites",
        "/api/rooms",
        "/api/rooms/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn repeated_sign_in_attempts_are_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = stoa_server::ServeConfig::for_tests(dir.path().to_path_buf());
    config.auth_attempts_per_minute = 3;
    let server = TestServer::start_with(dir, config).await;
    let wrong = json!({"username": "nobody", "password": "wrong-password"});
    for _ in 0..3 {
        let (status, body) = server.post("/api/auth/login", None, wrong.clone()).await;
        assert_eq!((status, code(&body)), (401, "bad_credentials"));
    }
    let (status, body) = server.post("/api/auth/login", None, wrong).await;
    assert_eq!((status, code(&body)), (429, "rate_limited"));
}
