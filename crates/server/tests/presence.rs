//! Presence through the real server: a member's followers see them come online, enter a room
//! (shown only when the follower may join it) and go offline; blocks either way hide them.

mod common;

use common::{Bot, TestServer, T};
use serde_json::json;
use stoa_proto::rest::{FriendOnline, FriendsOnline};
use stoa_proto::ws::ServerMessage;
use stoa_proto::RoomId;

/// PUTs (no body) and asserts 204.
async fn put(server: &TestServer, path: &str, token: &str) {
    let (status, _) = server
        .send(reqwest::Method::PUT, path, Some(token), None)
        .await;
    assert_eq!(status, 204, "PUT {path}");
}

/// Waits for a `friends_online` message whose list satisfies `pred`.
async fn wait_friends(
    bot: &mut Bot,
    what: &str,
    pred: impl Fn(&[FriendOnline]) -> bool,
) -> Vec<FriendOnline> {
    bot.ws
        .wait_map(
            |m| match m {
                ServerMessage::FriendsOnline { friends } if pred(&friends.friends) => {
                    Some(friends.friends.clone())
                }
                _ => None,
            },
            T,
        )
        .await
        .unwrap_or_else(|err| panic!("friends_online {what}: {err}"))
}

/// Usernames in a friends list.
fn names(friends: &[FriendOnline]) -> Vec<&str> {
    friends.iter().map(|f| f.user.username.as_str()).collect()
}

/// `GET /api/me/friends-online`.
async fn friends_now(server: &TestServer, token: &str) -> FriendsOnline {
    let (status, body) = server.get("/api/me/friends-online", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("FriendsOnline")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followers_see_online_room_and_offline() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    put(&server, "/api/users/ada/follow", &bob).await;

    let mut bob_ws = server.bot(&bob).await;
    wait_friends(&mut bob_ws, "empty at first", |f| f.is_empty()).await;

    let mut ada_ws = server.bot(&ada).await;
    let friends = wait_friends(&mut bob_ws, "ada online", |f| names(f) == ["ada"]).await;
    assert_eq!(friends[0].room, None);
    assert_eq!(friends_now(&server, &bob).await.friends, friends);
    // Presence is one way: Ada does not follow Bob.
    assert!(friends_now(&server, &ada).await.friends.is_empty());

    let room: RoomId = server.room(&ada, "Rust talk").await;
    ada_ws.ws.join_room(&room, T).await.expect("join");
    let friends = wait_friends(&mut bob_ws, "ada in a room", |f| {
        f.len() == 1 && f[0].room.is_some()
    })
    .await;
    let shown = friends[0].room.as_ref().expect("room");
    assert_eq!((&shown.id, shown.title.as_str()), (&room, "Rust talk"));
    assert_eq!(friends_now(&server, &bob).await.friends, friends);

    // A second session keeps her online when the first closes.
    let ada_phone = server.bot(&ada).await;
    ada_ws.ws.close().await.expect("close");
    bob_ws
        .ws
        .settle(std::time::Duration::from_millis(600))
        .await
        .expect("settle");
    assert_eq!(names(&friends_now(&server, &bob).await.friends), ["ada"]);
    ada_phone.ws.close().await.expect("close");
    wait_friends(&mut bob_ws, "ada offline", |f| f.is_empty()).await;
    assert!(friends_now(&server, &bob).await.friends.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_the_viewer_may_not_join_are_not_shown() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    put(&server, "/api/users/ada/follow", &bob).await;
    let mut bob_ws = server.bot(&bob).await;
    let mut ada_ws = server.bot(&ada).await;
    wait_friends(&mut bob_ws, "ada online", |f| names(f) == ["ada"]).await;

    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&ada),
            json!({"title": "Private", "kind": "closed"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let room = RoomId(body["id"].as_str().expect("id").to_string());
    ada_ws.ws.join_room(&room, T).await.expect("join");
    // Give the feed time to see Ada's move: she stays listed, without the room.
    bob_ws
        .ws
        .settle(std::time::Duration::from_millis(600))
        .await
        .expect("settle");
    let friends = friends_now(&server, &bob).await.friends;
    assert_eq!(names(&friends), ["ada"]);
    assert_eq!(friends[0].room, None);
    assert!(!bob_ws.ws.pending().iter().any(|m| matches!(
        m,
        ServerMessage::FriendsOnline { friends } if friends.friends.iter().any(|f| f.room.is_some())
    )));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_members_are_never_shown() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    put(&server, "/api/users/ada/follow", &bob).await;
    put(&server, "/api/users/carol/follow", &bob).await;

    let mut bob_ws = server.bot(&bob).await;
    let _ada_ws = server.bot(&ada).await;
    let _carol_ws = server.bot(&carol).await;
    wait_friends(&mut bob_ws, "both online", |f| names(f) == ["ada", "carol"]).await;

    // Ada blocks Bob: she disappears from his strip at once, Carol stays.
    put(&server, "/api/users/bob/block", &ada).await;
    wait_friends(&mut bob_ws, "ada hidden", |f| names(f) == ["carol"]).await;
    assert_eq!(names(&friends_now(&server, &bob).await.friends), ["carol"]);

    // Bob blocks Carol: she goes too.
    put(&server, "/api/users/carol/block", &bob).await;
    wait_friends(&mut bob_ws, "carol hidden", |f| f.is_empty()).await;
    assert!(friends_now(&server, &bob).await.friends.is_empty());

    // Ada reconnecting changes nothing for Bob (earlier lists skipped by the waits above are
    // dropped first: only what arrives from now on counts).
    bob_ws.ws.take_pending();
    let again = server.bot(&ada).await;
    bob_ws
        .ws
        .settle(std::time::Duration::from_millis(600))
        .await
        .expect("settle");
    assert!(!bob_ws.ws.pending().iter().any(|m| matches!(
        m,
        ServerMessage::FriendsOnline { friends } if !friends.friends.is_empty()
    )));
    drop(again);
}
