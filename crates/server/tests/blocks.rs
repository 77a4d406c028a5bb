//! Blocks through the real API: follows removed and refused both ways, the block list, and
//! what profiles show (`blocked_by_me`, `rooms_now`).

mod common;

use common::{code, TestServer};
use reqwest::Method;
use serde_json::Value;
use stoa_proto::RoomKind;

/// Sends `method path` without a body and returns (status, body).
async fn send(server: &TestServer, method: Method, path: &str, token: &str) -> (u16, Value) {
    server.send(method, path, Some(token), None).await
}

async fn block(server: &TestServer, token: &str, username: &str) -> (u16, Value) {
    let path = format!("/api/users/{username}/block");
    send(server, Method::PUT, &path, token).await
}

async fn follow(server: &TestServer, token: &str, username: &str) -> (u16, Value) {
    let path = format!("/api/users/{username}/follow");
    send(server, Method::PUT, &path, token).await
}

async fn profile(server: &TestServer, token: &str, username: &str) -> Value {
    let (status, body) = server
        .get(&format!("/api/users/{username}"), Some(token))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn counts(profile: &Value) -> (u64, u64) {
    (
        profile["followers"].as_u64().expect("followers"),
        profile["following"].as_u64().expect("following"),
    )
}

fn usernames(list: &Value) -> Vec<String> {
    list["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| u["username"].as_str().expect("username").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_removes_follows_and_refuses_them_both_ways() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    assert_eq!(follow(&server, &bob, "admin").await.0, 204);
    assert_eq!(follow(&server, &admin, "bob").await.0, 204);
    assert_eq!(follow(&server, &carol, "admin").await.0, 204);

    assert_eq!(block(&server, &admin, "bob").await.0, 204);
    assert_eq!(
        block(&server, &admin, "BOB").await.0,
        204,
        "idempotent, any case"
    );
    let me = profile(&server, &admin, "admin").await;
    assert_eq!(counts(&me), (1, 0), "only carol still follows the admin");
    assert_eq!(counts(&profile(&server, &carol, "bob").await), (0, 0));

    // Refused both ways, with nothing written.
    let (status, body) = follow(&server, &bob, "admin").await;
    assert_eq!((status, code(&body)), (403, "blocked"), "{body}");
    let (status, body) = follow(&server, &admin, "bob").await;
    assert_eq!((status, code(&body)), (403, "blocked"), "{body}");
    assert_eq!(counts(&profile(&server, &carol, "admin").await), (1, 0));
    assert_eq!(counts(&profile(&server, &carol, "bob").await), (0, 0));

    // Only the blocker sees blocked_by_me.
    assert_eq!(profile(&server, &admin, "bob").await["blocked_by_me"], true);
    assert_eq!(
        profile(&server, &bob, "admin").await["blocked_by_me"],
        false
    );
    assert_eq!(
        profile(&server, &carol, "bob").await["blocked_by_me"],
        false
    );
    // Others are not affected.
    assert_eq!(follow(&server, &carol, "bob").await.0, 204);

    // Unblocking lifts the refusal (follows are not restored).
    let (status, _) = send(&server, Method::DELETE, "/api/users/bob/block", &admin).await;
    assert_eq!(status, 204);
    let (status, _) = send(&server, Method::DELETE, "/api/users/bob/block", &admin).await;
    assert_eq!(status, 204, "idempotent");
    assert_eq!(
        profile(&server, &admin, "bob").await["blocked_by_me"],
        false
    );
    assert_eq!(counts(&profile(&server, &carol, "admin").await), (1, 0));
    assert_eq!(follow(&server, &bob, "admin").await.0, 204);
    assert_eq!(counts(&profile(&server, &carol, "admin").await), (2, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_list_and_refusals() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let _bob = server.member(&admin, "bob").await;
    let _carol = server.member(&admin, "carol").await;

    let (status, list) = server.get("/api/me/blocks", Some(&admin)).await;
    assert_eq!(status, 200);
    assert!(usernames(&list).is_empty());
    assert_eq!(block(&server, &admin, "bob").await.0, 204);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert_eq!(block(&server, &admin, "carol").await.0, 204);
    let (_, list) = server.get("/api/me/blocks", Some(&admin)).await;
    assert_eq!(usernames(&list), ["carol", "bob"], "newest first");

    let (status, body) = block(&server, &admin, "admin").await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let (status, body) = block(&server, &admin, "nobody").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = send(&server, Method::DELETE, "/api/users/nobody/block", &admin).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (_, list) = server.get("/api/me/blocks", Some(&admin)).await;
    assert_eq!(
        usernames(&list),
        ["carol", "bob"],
        "refusals changed nothing"
    );

    let (status, body) = server.get("/api/me/blocks", None).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
    let resp = server
        .http
        .put(format!("{}/api/users/bob/block", server.base()))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 401);
}

/// A profile lists the room its member is in when the viewer could join it: everyone for an
/// open room, nobody else for a closed room they were not named to, and not a viewer the
/// moderator blocked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_rooms_now_respects_access_and_blocks() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    assert_eq!(
        profile(&server, &bob, "admin").await["rooms_now"],
        serde_json::json!([])
    );

    let room = server.room(&admin, "Morning talk").await;
    let _host = server.joined(&admin, &room).await;
    let expected = serde_json::json!([{"id": room.0, "title": "Morning talk"}]);
    assert_eq!(profile(&server, &bob, "admin").await["rooms_now"], expected);
    assert_eq!(
        profile(&server, &admin, "admin").await["rooms_now"],
        expected
    );

    assert_eq!(block(&server, &admin, "carol").await.0, 204);
    assert_eq!(
        profile(&server, &carol, "admin").await["rooms_now"],
        serde_json::json!([]),
        "carol could not join a room run by someone who blocked her"
    );
    assert_eq!(profile(&server, &bob, "admin").await["rooms_now"], expected);

    // A closed room shows only to its members.
    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&bob),
            serde_json::json!({"title": "Secret", "kind": RoomKind::Closed}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let secret = stoa_proto::RoomId(body["id"].as_str().expect("id").to_string());
    let _bob_bot = server.joined(&bob, &secret).await;
    assert_eq!(
        profile(&server, &carol, "bob").await["rooms_now"],
        serde_json::json!([])
    );
    assert_eq!(
        profile(&server, &bob, "bob").await["rooms_now"],
        serde_json::json!([{"id": secret.0, "title": "Secret"}])
    );
}
