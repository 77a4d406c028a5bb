//! Clubs through the real server: creating, editing, searching, icons; joining open and
//! approval clubs (with notifications); roles, leaving and removal rules. Every refusal is
//! checked with its code. Club rooms are in `club_rooms.rs`.

mod clubs_support;
mod common;

use clubs_support::{club, join, notifications, picture, send, set_role};
use common::{code, TestServer};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use reqwest::Method;
use serde_json::{json, Value};
#[tokio::test]
async fn clubs_are_created_edited_searched_and_get_icons() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let id = club(&server, &admin, "Rustaceans", "open").await;

    let (status, page) = server.get(&format!("/api/clubs/{id}"), Some(&bob)).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["founder"]["username"], "admin");
    assert_eq!(page["member_count"], 1);
    assert_eq!(page["membership"]["role"], Value::Null);
    assert_eq!(page["icon_url"], Value::Null);

    // Names: unique ignoring case, 2–50 characters.
    for name in ["rustaceans", "R", &"x".repeat(51)] {
        let (status, body) = server
            .post("/api/clubs", Some(&bob), json!({"name": name}))
            .await;
        assert_eq!((status, code(&body)), (400, "validation"), "{name}: {body}");
    }
    let (status, body) = server.get("/api/clubs/9999", Some(&bob)).await;
    assert_eq!((status, code(&body)), (404, "not_found"));

    // Only the founder and admins edit.
    let path = format!("/api/clubs/{id}");
    let edit = json!({"description": "All things Rust", "join_policy": "approval"});
    let (status, body) = send(&server, Method::PATCH, &path, &bob, Some(edit.clone())).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = send(&server, Method::PATCH, &path, &admin, Some(edit)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["description"], "All things Rust");
    assert_eq!(body["join_policy"], "approval");
    assert_eq!(body["name"], "Rustaceans", "fields left out stay");
    let (status, body) = send(
        &server,
        Method::PATCH,
        "/api/clubs/9999",
        &admin,
        Some(json!({})),
    )
    .await;
    assert_eq!((status, code(&body)), (404, "not_found"));

    // Search by prefix ignoring case; browse; mine.
    club(&server, &bob, "Gophers", "open").await;
    let (_, found) = server.get("/api/clubs?q=RUST", Some(&bob)).await;
    let names: Vec<&str> = found["clubs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Rustaceans"]);
    let (_, all) = server.get("/api/clubs", Some(&bob)).await;
    assert_eq!(all["clubs"].as_array().unwrap().len(), 2);
    let (_, mine) = server.get("/api/me/clubs", Some(&bob)).await;
    assert_eq!(mine["clubs"][0]["name"], "Gophers");
    assert_eq!(mine["clubs"][0]["membership"]["role"], "founder");
    assert_eq!(mine["clubs"].as_array().unwrap().len(), 1);

    // Icons: founder and admins only; served cache-safe like avatars.
    let icon_path = format!("{}/api/clubs/{id}/icon", server.base());
    let put = |token: &str, bytes: Vec<u8>| {
        server
            .http
            .put(&icon_path)
            .bearer_auth(token.to_string())
            .header(CONTENT_TYPE, "image/png")
            .body(bytes)
            .send()
    };
    let resp = put(&bob, picture()).await.expect("request");
    assert_eq!(resp.status().as_u16(), 403);
    let resp = put(&admin, b"not an image".to_vec())
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 415);
    let resp = put(&admin, picture()).await.expect("request");
    assert_eq!(resp.status().as_u16(), 200);
    let body: Value = resp.json().await.expect("json");
    let url = body["icon_url"].as_str().expect("icon url").to_string();
    assert_eq!(url, format!("/api/clubs/{id}/icon?v=1"));
    let resp = server
        .http
        .get(format!("{}{url}", server.base()))
        .send()
        .await
        .expect("icon");
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        resp.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let bytes = resp.bytes().await.expect("bytes");
    let decoded = image::load_from_memory(&bytes).expect("an image");
    assert_eq!((decoded.width(), decoded.height()), (256, 256));
    let (status, _) = server.get("/api/clubs/9999/icon", None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn approval_clubs_take_requests_that_admins_answer() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    let id = club(&server, &admin, "Quiet Readers", "approval").await;

    let membership = join(&server, &bob, id).await;
    assert_eq!(membership, json!({"role": null, "request_pending": true}));
    assert_eq!(
        join(&server, &bob, id).await["request_pending"],
        true,
        "asking twice"
    );
    assert_eq!(
        notifications(&server, &admin).await,
        [(
            "club_join_requested".to_string(),
            "Quiet Readers".to_string()
        )],
        "the founder hears once"
    );
    join(&server, &carol, id).await;

    let requests = format!("/api/clubs/{id}/requests");
    let (status, body) = server.get(&requests, Some(&bob)).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = server.get(&requests, Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    let who: Vec<&str> = body["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user"]["username"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["bob", "carol"]);
    let (_, page) = server.get(&format!("/api/clubs/{id}"), Some(&admin)).await;
    assert_eq!(page["pending_requests"], 2);
    let (_, page) = server.get(&format!("/api/clubs/{id}"), Some(&bob)).await;
    assert_eq!(page["pending_requests"], 0, "only admins see the count");
    assert_eq!(page["membership"]["request_pending"], true);

    // A plain member cannot approve; an unknown request is not_found.
    let approve = |user: &str| format!("/api/clubs/{id}/requests/{user}/approve");
    let decline = |user: &str| format!("/api/clubs/{id}/requests/{user}/decline");
    let (status, body) = server.post(&approve("bob"), Some(&carol), json!({})).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, _) = server.post(&approve("bob"), Some(&admin), json!({})).await;
    assert_eq!(status, 204);
    let (status, body) = server.post(&approve("bob"), Some(&admin), json!({})).await;
    assert_eq!(
        (status, code(&body)),
        (404, "not_found"),
        "already answered"
    );
    assert_eq!(
        notifications(&server, &bob).await,
        [(
            "club_join_approved".to_string(),
            "Quiet Readers".to_string()
        )]
    );
    let (_, page) = server.get(&format!("/api/clubs/{id}"), Some(&bob)).await;
    assert_eq!(
        page["membership"],
        json!({"role": "member", "request_pending": false})
    );
    assert_eq!(page["member_count"], 2);

    let (status, _) = server
        .post(&decline("carol"), Some(&admin), json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, body) = server
        .post(&decline("carol"), Some(&admin), json!({}))
        .await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (_, page) = server.get(&format!("/api/clubs/{id}"), Some(&carol)).await;
    assert_eq!(
        page["membership"],
        json!({"role": null, "request_pending": false})
    );
    assert!(
        notifications(&server, &carol).await.is_empty(),
        "declines are silent"
    );
}

#[tokio::test]
async fn roles_leaving_and_removal_follow_the_rules() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    let dave = server.member(&admin, "dave").await;
    let id = club(&server, &admin, "Rustaceans", "open").await;
    assert_eq!(join(&server, &bob, id).await["role"], "member");
    join(&server, &carol, id).await;
    join(&server, &dave, id).await;

    // A plain member names nobody; unknown members are not_found.
    let (status, body) = set_role(&server, &carol, id, "dave", "leader").await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    assert_eq!(set_role(&server, &admin, id, "bob", "admin").await.0, 204);
    let (status, body) = set_role(&server, &admin, id, "nobody", "leader").await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    // An admin names leaders but not admins, and cannot demote an admin or touch the founder.
    let (status, body) = set_role(&server, &bob, id, "carol", "admin").await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    assert_eq!(set_role(&server, &bob, id, "carol", "leader").await.0, 204);
    assert_eq!(set_role(&server, &admin, id, "dave", "admin").await.0, 204);
    let (status, body) = set_role(&server, &bob, id, "dave", "member").await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = set_role(&server, &bob, id, "admin", "member").await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = set_role(&server, &admin, id, "carol", "founder").await;
    assert_eq!((status, code(&body)), (400, "validation"));

    // The members list: founder, admins, leaders, members; paged by cursor.
    let (status, first) = server
        .get(&format!("/api/clubs/{id}/members?limit=2"), Some(&carol))
        .await;
    assert_eq!(status, 200, "{first}");
    let cursor = first["next_cursor"].as_str().expect("more").to_string();
    let (_, second) = server
        .get(
            &format!("/api/clubs/{id}/members?limit=2&cursor={cursor}"),
            Some(&carol),
        )
        .await;
    assert_eq!(second["next_cursor"], Value::Null);
    let listed: Vec<(String, String)> = [&first, &second]
        .iter()
        .flat_map(|page| page["members"].as_array().unwrap().clone())
        .map(|m| {
            (
                m["user"]["username"].as_str().unwrap().to_string(),
                m["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("admin", "founder"),
        ("bob", "admin"),
        ("dave", "admin"),
        ("carol", "leader"),
    ];
    assert_eq!(
        listed,
        expected.map(|(u, r)| (u.to_string(), r.to_string()))
    );
    let (status, body) = server
        .get(
            &format!("/api/clubs/{id}/members?cursor=garbage"),
            Some(&carol),
        )
        .await;
    assert_eq!((status, code(&body)), (400, "bad_request"));

    // Removal: not the founder; an admin only by the founder; plain members cannot remove.
    let remove = |user: &str| format!("/api/clubs/{id}/members/{user}");
    let (status, body) = send(&server, Method::DELETE, &remove("admin"), &bob, None).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = send(&server, Method::DELETE, &remove("admin"), &admin, None).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = send(&server, Method::DELETE, &remove("dave"), &bob, None).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = send(&server, Method::DELETE, &remove("bob"), &carol, None).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, _) = send(&server, Method::DELETE, &remove("carol"), &bob, None).await;
    assert_eq!(status, 204);
    let (status, body) = send(&server, Method::DELETE, &remove("carol"), &bob, None).await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (status, _) = send(&server, Method::DELETE, &remove("dave"), &admin, None).await;
    assert_eq!(status, 204);

    // Leaving: anyone but the founder.
    let membership = format!("/api/clubs/{id}/membership");
    let (status, body) = send(&server, Method::DELETE, &membership, &admin, None).await;
    assert_eq!((status, code(&body)), (409, "invalid_state"));
    let (status, _) = send(&server, Method::DELETE, &membership, &bob, None).await;
    assert_eq!(status, 204);
    let (_, page) = server.get(&format!("/api/clubs/{id}"), Some(&bob)).await;
    assert_eq!(page["member_count"], 1);
    assert_eq!(page["membership"]["role"], Value::Null);
    let (status, body) = send(
        &server,
        Method::DELETE,
        "/api/clubs/9999/membership",
        &bob,
        None,
    )
    .await;
    assert_eq!((status, code(&body)), (404, "not_found"));
}
