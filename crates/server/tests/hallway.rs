//! The hallway through the real API: ranked by the people the viewer follows, explained, and
//! limited to rooms the viewer may join (room kinds, blocks).

mod common;

use common::{TestServer, T};
use serde_json::{json, Value};
use stoa_proto::ws::ServerMessage;

async fn put(server: &TestServer, token: &str, path: &str) {
    let (status, _) = server
        .send(reqwest::Method::PUT, path, Some(token), None)
        .await;
    assert_eq!(status, 204, "PUT {path}");
}

async fn follow(server: &TestServer, token: &str, username: &str) {
    put(server, token, &format!("/api/users/{username}/follow")).await;
}

async fn hallway(server: &TestServer, token: &str) -> Vec<Value> {
    let (status, body) = server.get("/api/rooms", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["rooms"].as_array().expect("rooms").clone()
}

fn titles(rooms: &[Value]) -> Vec<&str> {
    rooms
        .iter()
        .map(|r| r["title"].as_str().expect("title"))
        .collect()
}

fn reason(rooms: &[Value], title: &str) -> String {
    let room = rooms
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("{title} not in the hallway"));
    room["reason"]["text"]
        .as_str()
        .expect("reason text")
        .to_string()
}

async fn create(server: &TestServer, token: &str, title: &str, kind: &str) -> stoa_proto::RoomId {
    let (status, body) = server
        .post(
            "/api/rooms",
            Some(token),
            json!({"title": title, "kind": kind}),
        )
        .await;
    assert_eq!(status, 201, "create room: {body}");
    stoa_proto::RoomId(body["id"].as_str().expect("id").to_string())
}

#[tokio::test]
async fn rooms_with_followed_people_come_first_and_say_why() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let viewer = server.member(&admin, "viewer").await;
    let ada = server.member(&admin, "ada").await;
    let big = server.member(&admin, "big").await;
    let friend = server.member(&admin, "friend").await;
    let extra = server.member(&admin, "extra").await;
    follow(&server, &viewer, "ada").await;
    follow(&server, &viewer, "friend").await;

    // The biggest room has nobody the viewer follows...
    let big_room = create(&server, &big, "Big room", "open").await;
    let _big_host = server.joined(&big, &big_room).await;
    let _extra = server.joined(&extra, &big_room).await;
    let _admin_in_big = server.joined(&admin, &big_room).await;
    // ...Ada's room has Ada on stage; a third room has a followed listener.
    let ada_room = create(&server, &ada, "Ada's room", "open").await;
    let _ada_host = server.joined(&ada, &ada_room).await;
    let quiet = server.member(&admin, "quiet").await;
    let quiet_room = create(&server, &quiet, "Quiet room", "open").await;
    let _quiet_host = server.joined(&quiet, &quiet_room).await;
    let _friend_in_quiet = server.joined(&friend, &quiet_room).await;

    let rooms = hallway(&server, &viewer).await;
    assert_eq!(titles(&rooms), ["Ada's room", "Quiet room", "Big room"]);
    assert_eq!(reason(&rooms, "Ada's room"), "ADA is on stage");
    assert_eq!(
        reason(&rooms, "Quiet room"),
        "1 person you follow is listening"
    );
    assert_eq!(reason(&rooms, "Big room"), "3 people in the room");
    assert_eq!(
        rooms[0]["reason"]["followed_on_stage"][0]["username"],
        "ada"
    );

    // Someone who follows nobody gets the rooms by size.
    let rooms = hallway(&server, &extra).await;
    assert_eq!(titles(&rooms)[0], "Big room");

    // The live feed carries the same ranking and reasons.
    let mut bot = server.bot(&viewer).await;
    let pushed = bot
        .ws
        .wait_map(
            |m| match m {
                ServerMessage::Hallway { hallway } if hallway.rooms.len() == 3 => {
                    Some(hallway.clone())
                }
                _ => None,
            },
            T,
        )
        .await
        .expect("hallway over the websocket");
    assert_eq!(pushed.rooms[0].title, "Ada's room");
    assert_eq!(
        pushed.rooms[0].reason.as_ref().map(|r| r.text.as_str()),
        Some("ADA is on stage")
    );
}

#[tokio::test]
async fn rooms_the_viewer_may_not_join_are_not_shown() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let viewer = server.member(&admin, "viewer").await;
    let host = server.member(&admin, "host").await;
    let other = server.member(&admin, "other").await;

    let closed = create(&server, &host, "Closed room", "closed").await;
    let _closed_host = server.joined(&host, &closed).await;
    let social = create(&server, &other, "Social room", "social").await;
    let _social_host = server.joined(&other, &social).await;

    let rooms = hallway(&server, &viewer).await;
    assert!(titles(&rooms).is_empty(), "{:?}", titles(&rooms));

    // A social room appears once a moderator follows the viewer.
    follow(&server, &other, "viewer").await;
    assert_eq!(titles(&hallway(&server, &viewer).await), ["Social room"]);
    // The moderators themselves still see their rooms.
    assert!(titles(&hallway(&server, &host).await).contains(&"Closed room"));
}

#[tokio::test]
async fn blocked_stages_and_blocking_moderators_hide_rooms() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let viewer = server.member(&admin, "viewer").await;
    let spammer = server.member(&admin, "spammer").await;
    let spammer2 = server.member(&admin, "spammer2").await;
    let hater = server.member(&admin, "hater").await;
    let fine = server.member(&admin, "fine").await;

    let spam_room = create(&server, &spammer, "Spam room", "open").await;
    let _spam_host = server.joined(&spammer, &spam_room).await;
    let hate_room = create(&server, &hater, "Hater room", "open").await;
    let _hate_host = server.joined(&hater, &hate_room).await;
    let fine_room = create(&server, &fine, "Fine room", "open").await;
    let mut fine_host = server.joined(&fine, &fine_room).await;
    let mut spammer_guest = server.joined(&spammer2, &fine_room).await;
    common::bring_on_stage(&mut fine_host, &mut spammer_guest).await;

    assert_eq!(hallway(&server, &viewer).await.len(), 3);
    put(&server, &viewer, "/api/users/spammer/block").await;
    put(&server, &viewer, "/api/users/spammer2/block").await;
    put(&server, &hater, "/api/users/viewer/block").await;
    let rooms = hallway(&server, &viewer).await;
    // The spammer's own room (only they are on stage) is gone, and so is the room of the
    // moderator who blocked the viewer; the room where a blocked member is one of two people on
    // stage stays.
    assert_eq!(titles(&rooms), ["Fine room"]);
}

#[tokio::test]
async fn following_someone_updates_the_live_hallway_at_once() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let viewer = server.member(&admin, "viewer").await;
    let ada = server.member(&admin, "ada").await;
    let room = create(&server, &ada, "Ada's room", "open").await;
    let _ada_host = server.joined(&ada, &room).await;

    let mut bot = server.bot(&viewer).await;
    let reason_of = |m: &ServerMessage, want: &str| match m {
        ServerMessage::Hallway { hallway } => hallway
            .rooms
            .first()
            .and_then(|r| r.reason.as_ref())
            .filter(|r| r.text == want)
            .map(|r| r.text.clone()),
        _ => None,
    };
    bot.ws
        .wait_map(|m| reason_of(m, "Just started"), T)
        .await
        .expect("hallway before the follow");
    follow(&server, &viewer, "ada").await;
    bot.ws
        .wait_map(|m| reason_of(m, "ADA is on stage"), T)
        .await
        .expect("hallway pushed after the follow");
}
