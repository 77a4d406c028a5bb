//! Club rooms through the real server: only leaders start them, members-only rooms refuse
//! outsiders (`club_members_only`), the hallway's club reason, and both kept after a restart.

mod clubs_support;
mod common;

use clubs_support::{club, join, set_role};
use common::{code, Bot, TestServer, T};
use serde_json::{json, Value};
use stoa_client::ClientError;
use stoa_proto::{ErrorCode, RoomId};

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
