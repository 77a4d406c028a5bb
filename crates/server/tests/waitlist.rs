//! The waitlist through the real API: reserve a username naming members, be waved in by one of
//! them, finish sign-up; and every refusal, with nothing changed by a refused request.

mod common;

use common::{code, TestServer};
use serde_json::{json, Value};

/// Reserves `username` naming `named`; returns (status, body).
async fn reserve(server: &TestServer, username: &str, named: &[&str]) -> (u16, Value) {
    server
        .post(
            "/api/waitlist",
            None,
            json!({"username": username, "display_name": format!("{} D.", username.trim()), "named": named}),
        )
        .await
}

/// Reserves `username` naming `named` and returns the secret token.
async fn reserved(server: &TestServer, username: &str, named: &[&str]) -> String {
    let (status, body) = reserve(server, username, named).await;
    assert_eq!(status, 201, "reserve {username}: {body}");
    body["token"].as_str().expect("token").to_string()
}

/// The one entry of `token`'s "waiting for you" list for `username`.
async fn waiting_entry(server: &TestServer, token: &str, username: &str) -> Option<Value> {
    let (status, body) = server.get("/api/waitlist/waiting", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["username"] == username)
        .cloned()
}

async fn wave(server: &TestServer, token: Option<&str>, id: &str) -> (u16, Value) {
    server
        .post(&format!("/api/waitlist/{id}/wave"), token, json!({}))
        .await
}

async fn finish(server: &TestServer, token: &str, password: &str) -> (u16, Value) {
    server
        .post(
            &format!("/api/waitlist/{token}/signup"),
            None,
            json!({"password": password}),
        )
        .await
}

/// The notifications of `token`'s member of kind `kind`.
async fn notifications_of_kind(server: &TestServer, token: &str, kind: &str) -> Vec<Value> {
    let (status, body) = server.get("/api/notifications", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["notifications"]
        .as_array()
        .expect("notifications")
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

fn usernames(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|u| u["username"].as_str().expect("username"))
        .collect()
}

#[tokio::test]
async fn named_member_waves_someone_in_and_they_sign_up() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;

    let (status, reservation) = reserve(&server, " Zoe_1 ", &["BOB"]).await;
    assert_eq!(status, 201, "{reservation}");
    let token = reservation["token"].as_str().expect("token").to_string();
    assert_eq!(token.len(), 26);
    assert!(
        reservation["url"]
            .as_str()
            .expect("url")
            .ends_with(&format!("/waitlist/{token}")),
        "{reservation}"
    );
    let status_body = &reservation["status"];
    assert_eq!(status_body["username"], "zoe_1");
    assert_eq!(status_body["display_name"], "Zoe_1 D.");
    assert_eq!(usernames(&status_body["named"]), ["bob"]);
    assert_eq!(status_body["waved_in_by"], Value::Null);
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(status_body["expires_at"].clone()).expect("expires_at");
    let held = expires - chrono::Utc::now();
    assert!(
        held > chrono::Duration::days(29) && held <= chrono::Duration::days(30),
        "{held}"
    );

    // Bob was told, and sees them waiting; Carol was not named.
    let named = notifications_of_kind(&server, &bob, "waitlist_named").await;
    assert_eq!(named.len(), 1, "{named:?}");
    assert_eq!(named[0]["waitlist_username"], "zoe_1");
    assert!(notifications_of_kind(&server, &carol, "waitlist_named")
        .await
        .is_empty());
    let entry = waiting_entry(&server, &bob, "zoe_1")
        .await
        .expect("bob sees zoe_1 waiting");
    assert_eq!(entry["display_name"], "Zoe_1 D.");
    assert_eq!(entry["waved_in"], false);
    let id = entry["id"].as_str().expect("a string id").to_string();
    assert!(
        id.len() >= 26 && id.parse::<u64>().is_err(),
        "an unguessable id, not a number: {id}"
    );
    assert!(waiting_entry(&server, &carol, "zoe_1").await.is_none());

    // The sequential id (this is the first reservation) names nothing: a forged request that
    // counts ids waves nobody in.
    for guess in ["1", "2", "0"] {
        let (status, body) = wave(&server, Some(&bob), guess).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{guess}: {body}");
    }
    let entry = waiting_entry(&server, &bob, "zoe_1")
        .await
        .expect("waiting");
    assert_eq!(entry["waved_in"], false);

    // The status page works without a session.
    let (status, seen) = server.get(&format!("/api/waitlist/{token}"), None).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(&seen, status_body);

    // Sign-up before anyone waved: refused, nothing changed.
    let (status, body) = finish(&server, &token, "password123").await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("not waved in yet"));
    let (status, _) = server.get("/api/users/zoe_1", Some(&bob)).await;
    assert_eq!(status, 404, "no account yet");

    // Carol was not named: refused, nothing changed.
    let (status, body) = wave(&server, Some(&carol), &id).await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    let (_, seen) = server.get(&format!("/api/waitlist/{token}"), None).await;
    assert_eq!(seen["waved_in_by"], Value::Null);
    let entry = waiting_entry(&server, &bob, "zoe_1")
        .await
        .expect("still waiting");
    assert_eq!(entry["waved_in"], false);

    // Bob waves them in; waving twice is fine.
    for _ in 0..2 {
        let (status, body) = wave(&server, Some(&bob), &id).await;
        assert_eq!(status, 204, "{body}");
    }
    let (_, seen) = server.get(&format!("/api/waitlist/{token}"), None).await;
    assert_eq!(seen["waved_in_by"]["username"], "bob");
    let entry = waiting_entry(&server, &bob, "zoe_1")
        .await
        .expect("waiting");
    assert_eq!(entry["waved_in"], true);

    // A bad password is refused before anything happens.
    let (status, body) = finish(&server, &token, "short").await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");

    // Sign-up works: session cookie, reserved names, nominated by the waver.
    let resp = server
        .http
        .post(format!("{}/api/waitlist/{token}/signup", server.base()))
        .json(&json!({"password": "password123"}))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 201);
    let cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        cookie.starts_with("stoa_session=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let auth: Value = resp.json().await.expect("json");
    let zoe = auth["token"].as_str().expect("token").to_string();
    assert_eq!(auth["user"]["username"], "zoe_1");
    assert_eq!(auth["user"]["display_name"], "Zoe_1 D.");
    assert_eq!(auth["user"]["nominated_by"]["username"], "bob");
    assert_eq!(auth["user"]["is_admin"], false);

    let (status, me) = server.get("/api/me", Some(&zoe)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["nominated_by"]["username"], "bob");
    let (status, _) = server
        .post(
            "/api/auth/login",
            None,
            json!({"username": "ZOE_1", "password": "password123"}),
        )
        .await;
    assert_eq!(status, 200);

    // No invite was spent; the new member has the normal quota.
    let (_, bobs) = server.get("/api/invites", Some(&bob)).await;
    assert_eq!(bobs["remaining"], 2);
    assert_eq!(bobs["invites"], json!([]));
    let (_, zoes) = server.get("/api/invites", Some(&zoe)).await;
    assert_eq!(zoes["remaining"], 2);

    // Bob hears his wave was used.
    let used = notifications_of_kind(&server, &bob, "invite_used").await;
    assert_eq!(used.len(), 1, "{used:?}");
    assert_eq!(used[0]["actor"]["username"], "zoe_1");

    // A full member: follows and profiles work.
    let follow = server
        .http
        .put(format!("{}/api/users/bob/follow", server.base()))
        .bearer_auth(&zoe)
        .send()
        .await
        .expect("follow");
    assert_eq!(follow.status().as_u16(), 204);
    let (_, followers) = server.get("/api/users/bob/followers", Some(&bob)).await;
    assert_eq!(usernames(&followers["users"]), ["zoe_1"]);
    let (status, profile) = server.get("/api/users/zoe_1", Some(&bob)).await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["nominated_by"]["username"], "bob");
    assert_eq!(profile["following"], 1);

    // The token is dead now.
    let (status, body) = finish(&server, &token, "password123").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, _) = server.get(&format!("/api/waitlist/{token}"), None).await;
    assert_eq!(status, 404);
    assert!(waiting_entry(&server, &bob, "zoe_1").await.is_none());
    let (status, body) = wave(&server, Some(&bob), &id).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
}

#[tokio::test]
async fn refused_reservations_store_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    for name in ["carol", "dave", "erin", "frank", "gina"] {
        server.member(&admin, name).await;
    }

    let six = ["bob", "carol", "dave", "erin", "frank", "gina"];
    let (status, body) = reserve(&server, "zed", &six).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let (status, body) = reserve(&server, "zed", &[]).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let (status, body) = reserve(&server, "zed", &["bob", "nobody"]).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("nobody"));
    let (status, body) = reserve(&server, "zed", &["not a name!"]).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let (status, body) = reserve(&server, "z", &["bob"]).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let (status, body) = server
        .post(
            "/api/waitlist",
            None,
            json!({"username": "zed", "display_name": "", "named": ["bob"]}),
        )
        .await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let (status, body) = server
        .post("/api/waitlist", None, json!({"username": "zed"}))
        .await;
    assert_eq!((status, code(&body)), (400, "bad_request"), "{body}");
    assert!(waiting_entry(&server, &bob, "zed").await.is_none());

    // A member's username, in any case, cannot be reserved.
    let (status, body) = reserve(&server, "BOB", &["carol"]).await;
    assert_eq!((status, code(&body)), (409, "username_taken"), "{body}");

    // None of the refusals held "zed": five named (duplicates folded) is fine.
    let (status, body) = reserve(
        &server,
        "zed",
        &["bob", "BOB", "carol", "dave", "erin", "frank"],
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        usernames(&body["status"]["named"]),
        ["bob", "carol", "dave", "erin", "frank"]
    );

    // Now held: for another reservation and for an invite sign-up, which spends nothing.
    let (status, body) = reserve(&server, "Zed", &["bob"]).await;
    assert_eq!((status, code(&body)), (409, "username_taken"), "{body}");
    let invite = server.invite(&admin).await;
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": invite, "username": "ZED", "display_name": "Zed",
                   "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "username_taken"), "{body}");
    let (status, body) = server
        .get(&format!("/api/invites/check/{invite}"), None)
        .await;
    assert_eq!(status, 200, "the invite is still usable: {body}");
    server.signup(&invite, "zed_2").await;

    // Unknown ids and tokens, and the member side needs a session.
    let (status, body) = server.get("/api/waitlist/nosuchtoken", None).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = finish(&server, "nosuchtoken", "password123").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = wave(&server, Some(&bob), "999999").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = wave(&server, Some(&bob), "abc").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let long = "a".repeat(300);
    let (status, body) = wave(&server, Some(&bob), &long).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = wave(&server, None, "1").await;
    assert_eq!((status, code(&body)), (401, "unauthorized"), "{body}");
    let (status, body) = server.get("/api/waitlist/waiting", None).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"), "{body}");
}

#[tokio::test]
async fn racing_signups_with_one_token_make_one_account() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let token = reserved(&server, "racer", &["admin"]).await;
    let id = waiting_entry(&server, &admin, "racer")
        .await
        .expect("waiting")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (status, _) = wave(&server, Some(&admin), &id).await;
    assert_eq!(status, 204);

    let (a, b) = tokio::join!(
        finish(&server, &token, "password123"),
        finish(&server, &token, "password456"),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 404], "{a:?} / {b:?}");
    let (status, profile) = server.get("/api/users/racer", Some(&admin)).await;
    assert_eq!(status, 200);
    assert_eq!(profile["nominated_by"]["username"], "admin");
}

#[tokio::test]
async fn reservations_are_rate_limited_and_documented() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = stoa_server::ServeConfig::for_tests(dir.path().to_path_buf());
    config.auth_attempts_per_minute = 3;
    let server = TestServer::start_with(dir, config).await;
    for _ in 0..3 {
        let (status, body) = reserve(&server, "zed", &["nobody"]).await;
        assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    }
    let (status, body) = reserve(&server, "zed", &["nobody"]).await;
    assert_eq!((status, code(&body)), (429, "rate_limited"), "{body}");

    let (status, doc) = server.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    for path in [
        "/api/waitlist",
        "/api/waitlist/{token}",
        "/api/waitlist/waiting",
        "/api/waitlist/{id}/wave",
        "/api/waitlist/{token}/signup",
        "/api/admin/users/{username}/invites",
        "/api/admin/invite-tree",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    assert_eq!(
        doc["paths"]["/api/waitlist"]["post"]["security"],
        json!([{}]),
        "reserving needs no session"
    );
    assert!(doc["components"]["schemas"]["InviteTreeNode"].is_object());
}
