//! Room kinds enforced at join (open, social, closed), pings, a moderator changing the kind,
//! "followed by the speakers", and that every refusal changes nothing.

mod common;

use common::{bring_on_stage, code, Bot, TestServer, T};
use serde_json::{json, Value};
use stoa_client::ClientError;
use stoa_proto::rest::NotificationKind;
use stoa_proto::ws::{ClientMessage as C, ServerMessage as S};
use stoa_proto::{ErrorCode, RoomId, RoomKind};

/// Sends `method path` with a JSON body (or none) and returns (status, body).
async fn send(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    server.send(method, path, Some(token), body).await
}

/// `token` follows `username`.
async fn follow(server: &TestServer, token: &str, username: &str) {
    let path = format!("/api/users/{username}/follow");
    let (status, body) = send(server, reqwest::Method::PUT, &path, token, None).await;
    assert!(
        status == 200 || status == 204,
        "follow {username}: {status} {body}"
    );
}

/// `token` blocks `username`.
async fn block(server: &TestServer, token: &str, username: &str) {
    let path = format!("/api/users/{username}/block");
    let (status, body) = send(server, reqwest::Method::PUT, &path, token, None).await;
    assert_eq!(status, 204, "block {username}: {body}");
}

/// Starts a room of `kind` naming `invited`; returns (status, body).
async fn start_room(
    server: &TestServer,
    token: &str,
    kind: &str,
    invited: &[&str],
) -> (u16, Value) {
    server
        .post(
            "/api/rooms",
            Some(token),
            json!({"title": format!("A {kind} room"), "kind": kind, "invited": invited}),
        )
        .await
}

/// Starts a room of `kind` naming `invited` and returns its id.
async fn room_of_kind(server: &TestServer, token: &str, kind: &str, invited: &[&str]) -> RoomId {
    let (status, body) = start_room(server, token, kind, invited).await;
    assert_eq!(status, 201, "create {kind} room: {body}");
    assert_eq!(body["kind"], kind);
    RoomId(body["id"].as_str().expect("id").to_string())
}

/// `token` pings `username` into `room`; returns (status, body).
async fn ping(server: &TestServer, token: &str, room: &RoomId, username: &str) -> (u16, Value) {
    let path = format!("/api/rooms/{}/pings", room.0);
    server
        .post(&path, Some(token), json!({"username": username}))
        .await
}

/// `token` changes `room`'s kind; returns (status, body).
async fn patch_kind(server: &TestServer, token: &str, room: &RoomId, kind: &str) -> (u16, Value) {
    let path = format!("/api/rooms/{}", room.0);
    let body = Some(json!({"kind": kind}));
    send(server, reqwest::Method::PATCH, &path, token, body).await
}

/// Tries to join `room` and returns the refusal's code.
async fn refused_join(bot: &mut Bot, room: &RoomId) -> ErrorCode {
    match bot.ws.join_room(room, T).await {
        Err(ClientError::Server { code, .. }) => code,
        other => panic!("expected a refused join, got {other:?}"),
    }
}

/// The room's summary as any member sees it.
async fn summary(server: &TestServer, token: &str, room: &RoomId) -> Value {
    let (status, body) = server
        .get(&format!("/api/rooms/{}", room.0), Some(token))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn social_room_lets_in_only_members_a_moderator_follows() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let room = room_of_kind(&server, &admin_token, "social", &[]).await;
    let mut admin = server.joined(&admin_token, &room).await;

    let mut bob = server.bot(&bob_token).await;
    assert_eq!(
        refused_join(&mut bob, &room).await,
        ErrorCode::RoomFollowersOnly
    );
    // The refusal changed nothing: bob is in no room and nobody saw him.
    assert_eq!(
        summary(&server, &admin_token, &room).await["listener_count"],
        0
    );
    bob.send(C::RaiseHand).await;
    assert_eq!(bob.wait_error().await, ErrorCode::NotInRoom);

    // Bob following the moderator is not enough; the moderator following bob is.
    follow(&server, &bob_token, "admin").await;
    assert_eq!(
        refused_join(&mut bob, &room).await,
        ErrorCode::RoomFollowersOnly
    );
    follow(&server, &admin_token, "bob").await;
    let snapshot = bob
        .ws
        .join_room(&room, T)
        .await
        .expect("followed member joins");
    assert_eq!(snapshot.kind, RoomKind::Social);
    admin.wait_participant(bob.id, |_| true).await;
    assert_eq!(
        summary(&server, &admin_token, &room).await["listener_count"],
        1
    );
}

#[tokio::test]
async fn closed_room_lets_in_named_and_pinged_members_only() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let dave_token = server.member(&admin_token, "dave").await;
    follow(&server, &admin_token, "dave").await;

    // Naming an unknown member, or too many, creates nothing.
    let before = server.get("/api/rooms", Some(&admin_token)).await.1;
    let (status, body) = start_room(&server, &admin_token, "closed", &["bob", "nobody"]).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let many: Vec<String> = (0..51).map(|i| format!("m{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let (status, body) = start_room(&server, &admin_token, "closed", &many).await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    assert_eq!(server.get("/api/rooms", Some(&admin_token)).await.1, before);

    let room = room_of_kind(&server, &admin_token, "closed", &["BOB"]).await;
    let mut admin = server.joined(&admin_token, &room).await;

    // Not named: refused, even though the moderator follows dave.
    let mut carol = server.bot(&carol_token).await;
    assert_eq!(refused_join(&mut carol, &room).await, ErrorCode::RoomClosed);
    let mut dave = server.bot(&dave_token).await;
    assert_eq!(refused_join(&mut dave, &room).await, ErrorCode::RoomClosed);
    assert_eq!(
        summary(&server, &admin_token, &room).await["listener_count"],
        0
    );

    // Named: let in.
    let mut bob = server.joined(&bob_token, &room).await;
    admin.wait_participant(bob.id, |_| true).await;

    // An audience member of a closed room may not ping; the refusal admits nobody.
    let (status, body) = ping(&server, &bob_token, &room, "carol").await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    assert_eq!(refused_join(&mut carol, &room).await, ErrorCode::RoomClosed);

    // The moderator pings carol: she is told live, and may join.
    let (status, body) = ping(&server, &admin_token, &room, "Carol").await;
    assert_eq!(status, 204, "{body}");
    let note = carol
        .ws
        .wait_map(
            |m| match m {
                S::Notification { notification, .. } => Some(notification.clone()),
                _ => None,
            },
            T,
        )
        .await
        .expect("ping notification");
    assert_eq!(note.kind, NotificationKind::Pinged);
    assert_eq!(note.room.as_ref().map(|r| &r.id), Some(&room));
    assert_eq!(
        note.actor.as_ref().map(|a| a.username.as_str()),
        Some("admin")
    );
    carol
        .ws
        .join_room(&room, T)
        .await
        .expect("pinged member joins");

    // A speaker may ping in a closed room.
    bring_on_stage(&mut admin, &mut bob).await;
    let (status, body) = ping(&server, &bob_token, &room, "dave").await;
    assert_eq!(status, 204, "{body}");
    dave.ws
        .join_room(&room, T)
        .await
        .expect("pinged by a speaker");
    assert_eq!(
        summary(&server, &admin_token, &room).await["listener_count"],
        2
    );
}

#[tokio::test]
async fn refused_join_keeps_the_member_where_they_were() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let open = room_of_kind(&server, &bob_token, "open", &[]).await;
    let closed = room_of_kind(&server, &admin_token, "closed", &[]).await;
    let _admin = server.joined(&admin_token, &closed).await;
    let mut bob = server.joined(&bob_token, &open).await;

    assert_eq!(refused_join(&mut bob, &closed).await, ErrorCode::RoomClosed);
    // Still on the open room's stage, and still in it (pinging needs that).
    let open_summary = summary(&server, &bob_token, &open).await;
    assert_eq!(
        open_summary["stage"][0]["username"], "bob",
        "{open_summary}"
    );
    let (status, body) = ping(&server, &bob_token, &open, "admin").await;
    assert_eq!(status, 204, "{body}");
    let closed_summary = summary(&server, &admin_token, &closed).await;
    assert_eq!(closed_summary["listener_count"], 0, "{closed_summary}");
    assert_eq!(closed_summary["stage"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn blocks_refuse_joins_and_pings_both_ways() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let dave_token = server.member(&admin_token, "dave").await;
    let room = room_of_kind(&server, &admin_token, "open", &[]).await;
    let _admin = server.joined(&admin_token, &room).await;
    let mut carol = server.joined(&carol_token, &room).await;

    // Bob blocked the moderator: he cannot join the open room.
    block(&server, &bob_token, "admin").await;
    let mut bob = server.bot(&bob_token).await;
    assert_eq!(refused_join(&mut bob, &room).await, ErrorCode::Blocked);
    // Dave is blocked by the moderator: same.
    block(&server, &admin_token, "dave").await;
    let mut dave = server.bot(&dave_token).await;
    assert_eq!(refused_join(&mut dave, &room).await, ErrorCode::Blocked);
    assert_eq!(
        summary(&server, &admin_token, &room).await["listener_count"],
        1
    );

    // Pings between blocked members are refused, whoever blocked whom.
    let (status, body) = ping(&server, &admin_token, &room, "bob").await;
    assert_eq!((status, code(&body)), (403, "blocked"), "{body}");
    let (status, body) = ping(&server, &admin_token, &room, "dave").await;
    assert_eq!((status, code(&body)), (403, "blocked"), "{body}");
    block(&server, &carol_token, "bob").await;
    let (status, body) = ping(&server, &carol_token, &room, "bob").await;
    assert_eq!((status, code(&body)), (403, "blocked"), "{body}");
    // A refused ping sent no notification.
    let (_, notes) = server.get("/api/notifications", Some(&bob_token)).await;
    let pinged = notes["notifications"]
        .as_array()
        .expect("list")
        .iter()
        .any(|n| n["kind"] == "pinged");
    assert!(!pinged, "{notes}");
    // In an open room an audience member may ping anyone not blocked with them; the
    // moderator's block still keeps dave out.
    let (status, body) = ping(&server, &carol_token, &room, "dave").await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(refused_join(&mut dave, &room).await, ErrorCode::Blocked);
    carol.send(C::RaiseHand).await;
    carol.wait_participant(carol.id, |p| p.hand_raised).await;
}

#[tokio::test]
async fn ping_refusals_and_the_rate_limit() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let room = room_of_kind(&server, &admin_token, "closed", &[]).await;

    // Not in the room yet: refused.
    let (status, body) = ping(&server, &admin_token, &room, "bob").await;
    assert_eq!((status, code(&body)), (409, "not_in_room"), "{body}");
    let _admin = server.joined(&admin_token, &room).await;
    let (status, body) = ping(&server, &admin_token, &room, "nobody").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = ping(&server, &admin_token, &room, "admin").await;
    assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    let ghost = RoomId("no-such-room".into());
    let (status, body) = ping(&server, &admin_token, &ghost, "bob").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = ping(&server, &bob_token, &room, "carol").await;
    assert_eq!((status, code(&body)), (409, "not_in_room"), "{body}");

    // The refusals spent no allowance: ten pings go through, the eleventh is refused and
    // admits nobody.
    for _ in 0..stoa_service::rooms::PINGS_PER_MINUTE {
        let (status, body) = ping(&server, &admin_token, &room, "bob").await;
        assert_eq!(status, 204, "{body}");
    }
    let (status, body) = ping(&server, &admin_token, &room, "carol").await;
    assert_eq!((status, code(&body)), (429, "rate_limited"), "{body}");
    let mut carol = server.bot(&carol_token).await;
    assert_eq!(refused_join(&mut carol, &room).await, ErrorCode::RoomClosed);
    server.joined(&bob_token, &room).await;
}

#[tokio::test]
async fn moderators_change_the_kind_live() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let room = room_of_kind(&server, &admin_token, "closed", &["bob"]).await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    let mut carol = server.bot(&carol_token).await;
    assert_eq!(refused_join(&mut carol, &room).await, ErrorCode::RoomClosed);

    // Neither an audience member nor an outsider may change it.
    for token in [&bob_token, &carol_token] {
        let (status, body) = patch_kind(&server, token, &room, "open").await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    }
    assert_eq!(
        summary(&server, &admin_token, &room).await["kind"],
        "closed"
    );
    let (status, body) = patch_kind(&server, &admin_token, &room, "sideways").await;
    assert_eq!(status / 100, 4, "{body}");
    let ghost = RoomId("no-such-room".into());
    let (status, body) = patch_kind(&server, &admin_token, &ghost, "open").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");

    // The moderator opens it: everyone in it is told, and carol may now join.
    let (status, body) = patch_kind(&server, &admin_token, &room, "open").await;
    assert_eq!(
        (status, body["kind"].as_str()),
        (200, Some("open")),
        "{body}"
    );
    for bot in [&mut admin, &mut bob] {
        let kind = bot
            .ws
            .wait_map(
                |m| match m {
                    S::RoomKindChanged { kind, .. } => Some(*kind),
                    _ => None,
                },
                T,
            )
            .await
            .expect("kind change");
        assert_eq!(kind, RoomKind::Open);
    }
    let snapshot = carol.ws.join_room(&room, T).await.expect("joins once open");
    assert_eq!(snapshot.kind, RoomKind::Open);
}

#[tokio::test]
async fn audience_followed_by_the_speakers_is_flagged() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let dave_token = server.member(&admin_token, "dave").await;
    follow(&server, &admin_token, "bob").await;
    follow(&server, &dave_token, "carol").await;
    let room = room_of_kind(&server, &admin_token, "open", &[]).await;
    let mut admin = server.joined(&admin_token, &room).await;

    let mut bob = server.bot(&bob_token).await;
    let snapshot = bob.ws.join_room(&room, T).await.unwrap();
    let flag = |id| {
        snapshot
            .participants
            .iter()
            .find(|p| p.user.id == id)
            .map(|p| p.followed_by_speakers)
    };
    assert_eq!(flag(bob.id), Some(true), "the moderator follows bob");
    let carol = server.joined(&carol_token, &room).await;
    let p = admin.wait_participant(carol.id, |_| true).await;
    assert!(!p.followed_by_speakers, "nobody on stage follows carol yet");

    // Dave, who follows carol, goes on stage: carol is flagged; he steps down: unflagged.
    let mut dave = server.joined(&dave_token, &room).await;
    bring_on_stage(&mut admin, &mut dave).await;
    admin
        .wait_participant(carol.id, |p| p.followed_by_speakers)
        .await;
    dave.send(C::MoveToAudience { user_id: dave.id }).await;
    admin
        .wait_participant(carol.id, |p| !p.followed_by_speakers)
        .await;

    // The moderator follows carol while on stage: she is flagged at once; unfollowed: not.
    follow(&server, &admin_token, "carol").await;
    admin
        .wait_participant(carol.id, |p| p.followed_by_speakers)
        .await;
    let path = "/api/users/carol/follow";
    let (status, body) = send(&server, reqwest::Method::DELETE, path, &admin_token, None).await;
    assert!(status / 100 == 2, "{status} {body}");
    admin
        .wait_participant(carol.id, |p| !p.followed_by_speakers)
        .await;
}

#[tokio::test]
async fn kind_and_admissions_survive_a_restart() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let dave_token = server.member(&admin_token, "dave").await;
    let room = room_of_kind(&server, &admin_token, "social", &[]).await;
    let _admin = server.joined(&admin_token, &room).await;
    let (status, body) = patch_kind(&server, &admin_token, &room, "closed").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = ping(&server, &admin_token, &room, "carol").await;
    assert_eq!(status, 204, "{body}");
    drop(_admin);

    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    assert_eq!(
        summary(&server, &admin_token, &room).await["kind"],
        "closed"
    );
    // Still closed: a member not admitted is not even shown it.
    let path = format!("/api/rooms/{}", room.0);
    let (status, body) = server.get(&path, Some(&bob_token)).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    server.joined(&admin_token, &room).await;
    let mut dave = server.bot(&dave_token).await;
    assert_eq!(refused_join(&mut dave, &room).await, ErrorCode::RoomClosed);
    server.joined(&carol_token, &room).await;
}

/// A ping sent the moment the stage shows its sender is judged on that stage, not on an older
/// copy of the room (this once failed on a loaded machine: "only people on stage can ping").
/// Several rounds, each a fresh promotion, stay within the ping allowance.
#[tokio::test]
async fn a_new_speaker_may_ping_as_soon_as_the_stage_shows_them() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let _carol_token = server.member(&admin_token, "carol").await;
    let room = room_of_kind(&server, &admin_token, "closed", &["bob"]).await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    for round in 0..8 {
        bring_on_stage(&mut admin, &mut bob).await;
        let (status, body) = ping(&server, &bob_token, &room, "carol").await;
        assert_eq!(status, 204, "round {round}: {body}");
        bob.send(C::MoveToAudience { user_id: bob.id }).await;
        let id = bob.id;
        admin
            .wait_participant(id, |p| p.role == stoa_proto::RoomRole::Audience)
            .await;
        let (status, body) = ping(&server, &bob_token, &room, "carol").await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "round {round}");
    }
}
