//! Clubs through the real server: creating, editing, searching, icons; joining open and
//! approval clubs (with notifications); roles, leaving and removal rules; club rooms, the
//! members-only join rule and the hallway's club reason. Every refusal is checked with its code.

mod common;

use std::io::Cursor;

use common::{code, Bot, TestServer, T};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use reqwest::Method;
use serde_json::{json, Value};
use stoa_client::ClientError;
use stoa_proto::{ErrorCode, RoomId};

async fn send(
    server: &TestServer,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    server.send(method, path, Some(token), body).await
}

/// Creates a club as `token` and returns its id.
async fn club(server: &TestServer, token: &str, name: &str, policy: &str) -> i64 {
    let (status, body) = server
        .post(
            "/api/clubs",
            Some(token),
            json!({"name": name, "description": "d", "join_policy": policy}),
        )
        .await;
    assert_eq!(status, 201, "create club: {body}");
    body["id"].as_i64().expect("id")
}

/// `token` joins (or asks to join) club `id`; returns the membership.
async fn join(server: &TestServer, token: &str, id: i64) -> Value {
    let path = format!("/api/clubs/{id}/membership");
    let (status, body) = send(server, Method::PUT, &path, token, None).await;
    assert_eq!(status, 200, "join: {body}");
    body
}

/// `token` sets `username`'s role in club `id`; returns (status, body).
async fn set_role(
    server: &TestServer,
    token: &str,
    id: i64,
    username: &str,
    role: &str,
) -> (u16, Value) {
    let path = format!("/api/clubs/{id}/members/{username}/role");
    send(
        server,
        Method::PUT,
        &path,
        token,
        Some(json!({"role": role})),
    )
    .await
}

/// The kinds and club names of `token`'s club notifications, newest first.
async fn notifications(server: &TestServer, token: &str) -> Vec<(String, String)> {
    let (status, body) = server.get("/api/notifications", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["notifications"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|n| n["kind"].as_str().is_some_and(|k| k.starts_with("club_")))
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or_default().to_string(),
                n["club"]["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn picture() -> Vec<u8> {
    let img = RgbImage::from_fn(64, 40, |x, y| Rgb([x as u8, y as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

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

/// Tries to join `room` and returns the refusal's code.
async fn refused_join(bot: &mut Bot, room: &RoomId) -> ErrorCode {
    match bot.ws.join_room(room, T).await {
        Err(ClientError::Server { code, .. }) => code,
        other => panic!("expected a refused join, got {other:?}"),
    }
}

fn titles(hallway: &Value) -> Vec<String> {
    hallway["rooms"]
        .as_array()
        .expect("rooms")
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn club_rooms_are_for_leaders_and_members_only_rooms_refuse_outsiders() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let leader = server.member(&admin, "leader").await;
    let plain = server.member(&admin, "plain").await;
    let outsider = server.member(&admin, "outsider").await;
    let id = club(&server, &admin, "Rustaceans", "open").await;
    join(&server, &leader, id).await;
    join(&server, &plain, id).await;
    assert_eq!(
        set_role(&server, &admin, id, "leader", "leader").await.0,
        204
    );

    // Who may start a club room, and members_only needs a club.
    let start = |club_id: Option<i64>, members_only: bool| json!({"title": "Weekly Rust", "club_id": club_id, "members_only": members_only});
    let (status, body) = server
        .post("/api/rooms", Some(&plain), start(Some(id), false))
        .await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = server
        .post("/api/rooms", Some(&outsider), start(Some(id), false))
        .await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = server
        .post("/api/rooms", Some(&leader), start(Some(9999), false))
        .await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (status, body) = server
        .post("/api/rooms", Some(&leader), start(None, true))
        .await;
    assert_eq!((status, code(&body)), (400, "validation"));
    let (status, body) = server
        .post("/api/rooms", Some(&leader), start(Some(id), true))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["club"], json!({"id": id, "name": "Rustaceans"}));
    assert_eq!(body["members_only"], true);
    let room = RoomId(body["id"].as_str().unwrap().to_string());
    let mut host = server.joined(&leader, &room).await;

    // Members join (the snapshot names the club); outsiders are refused and do not see it.
    let mut member = server.bot(&plain).await;
    let snapshot = member.ws.join_room(&room, T).await.expect("member joins");
    assert_eq!(
        snapshot.club.as_ref().map(|c| c.name.as_str()),
        Some("Rustaceans")
    );
    assert!(snapshot.members_only);
    let mut stranger = server.bot(&outsider).await;
    assert_eq!(
        refused_join(&mut stranger, &room).await,
        ErrorCode::ClubMembersOnly
    );
    let (_, hallway) = server.get("/api/rooms", Some(&outsider)).await;
    assert!(titles(&hallway).is_empty(), "{hallway}");
    let (_, page) = server
        .get(&format!("/api/clubs/{id}"), Some(&outsider))
        .await;
    assert_eq!(page["live_rooms"], json!([]));

    // Club members see it in the hallway with the club reason, and on the club page.
    let (_, hallway) = server.get("/api/rooms", Some(&admin)).await;
    assert_eq!(titles(&hallway), ["Weekly Rust"]);
    let reason = &hallway["rooms"][0]["reason"];
    assert_eq!(reason["text"], "Live in Rustaceans, a club you're in");
    assert_eq!(reason["in_club"], json!({"id": id, "name": "Rustaceans"}));
    let (_, page) = server.get(&format!("/api/clubs/{id}"), Some(&admin)).await;
    assert_eq!(page["live_rooms"][0]["title"], "Weekly Rust");

    // A ping admits an outsider, as for closed rooms.
    let (status, body) = server
        .post(
            &format!("/api/rooms/{}/pings", room.0),
            Some(&leader),
            json!({"username": "outsider"}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    stranger
        .ws
        .join_room(&room, T)
        .await
        .expect("pinged outsider joins");
    host.wait_participant(stranger.id, |_| true).await;

    // A room without members_only lets anyone in, and still carries the club.
    let (status, body) = server
        .post("/api/rooms", Some(&admin), start(Some(id), false))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["members_only"], false);
    let open_room = RoomId(body["id"].as_str().unwrap().to_string());
    let mut other = server.bot(&server.member(&admin, "newcomer").await).await;
    let snapshot = other
        .ws
        .join_room(&open_room, T)
        .await
        .expect("anyone joins");
    assert_eq!(snapshot.club.map(|c| c.id.0), Some(id));
}

#[tokio::test]
async fn club_rooms_keep_their_club_and_rule_after_a_restart() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let outsider = server.member(&admin, "outsider").await;
    let id = club(&server, &admin, "Rustaceans", "open").await;
    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&admin),
            json!({"title": "Weekly Rust", "club_id": id, "members_only": true}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let room = RoomId(body["id"].as_str().unwrap().to_string());
    let _host = server.joined(&admin, &room).await;

    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let (status, summary) = server
        .get(&format!("/api/rooms/{}", room.0), Some(&admin))
        .await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["club"], json!({"id": id, "name": "Rustaceans"}));
    assert_eq!(summary["members_only"], true);
    let mut stranger = server.bot(&outsider).await;
    assert_eq!(
        refused_join(&mut stranger, &room).await,
        ErrorCode::ClubMembersOnly
    );
    let mut host = server.bot(&admin).await;
    let snapshot = host
        .ws
        .join_room(&room, T)
        .await
        .expect("member comes back");
    assert!(snapshot.members_only);
}
