//! Notifications through the real server: each trigger stores a notification and pushes it live
//! with the new unread count; the list pages; marking read (ids or all) reaches every session;
//! nobody can mark someone else's; everything needs a session.

mod common;

use common::{code, Bot, TestServer, T};
use serde_json::{json, Value};
use stoa_proto::rest::{Notification, NotificationKind, NotificationList};
use stoa_proto::ws::ServerMessage;

/// PUTs (no body) and returns the status.
async fn put(server: &TestServer, path: &str, token: &str) -> u16 {
    server
        .send(reqwest::Method::PUT, path, Some(token), None)
        .await
        .0
}

/// DELETEs and returns the status.
async fn delete(server: &TestServer, path: &str, token: &str) -> u16 {
    server
        .send(reqwest::Method::DELETE, path, Some(token), None)
        .await
        .0
}

/// The member's notification list (first page of `limit`, or after `cursor`).
async fn list(server: &TestServer, token: &str, query: &str) -> NotificationList {
    let (status, body) = server
        .get(&format!("/api/notifications{query}"), Some(token))
        .await;
    assert_eq!(status, 200, "list: {body}");
    serde_json::from_value(body).expect("NotificationList")
}

/// Waits for the next live notification and returns it with its unread count.
async fn next_notification(bot: &mut Bot) -> (Notification, u32) {
    bot.ws
        .wait_map(
            |m| match m {
                ServerMessage::Notification {
                    notification,
                    unread,
                } => Some((notification.clone(), *unread)),
                _ => None,
            },
            T,
        )
        .await
        .expect("live notification")
}

/// Waits for an `unread_count` message with `want`.
async fn wait_unread(bot: &mut Bot, want: u32) {
    bot.ws
        .wait_for(
            |m| matches!(m, ServerMessage::UnreadCount { unread } if *unread == want),
            T,
        )
        .await
        .unwrap_or_else(|err| panic!("unread_count {want}: {err}"));
}

/// Marks read and returns (status, body).
async fn mark(server: &TestServer, token: &str, body: Value) -> (u16, Value) {
    server
        .post("/api/notifications/read", Some(token), body)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_follower_is_stored_and_pushed_live() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    let mut bob_ws = server.bot(&bob).await;
    wait_unread(&mut bob_ws, 0).await;

    assert_eq!(put(&server, "/api/users/bob/follow", &ada).await, 204);
    let (live, unread) = next_notification(&mut bob_ws).await;
    assert_eq!(unread, 1);
    assert_eq!(live.kind, NotificationKind::NewFollower);
    assert_eq!(
        live.actor.as_ref().map(|a| a.username.as_str()),
        Some("ada")
    );
    assert_eq!(live.text, "ADA followed you");
    assert!(!live.read);

    let stored = list(&server, &bob, "").await;
    assert_eq!(stored.unread, 1);
    assert_eq!(stored.notifications, vec![live]);
    assert_eq!(stored.next_cursor, None);

    // Following again is not news.
    assert_eq!(put(&server, "/api/users/bob/follow", &ada).await, 204);
    bob_ws
        .ws
        .settle(std::time::Duration::from_millis(300))
        .await
        .expect("settle");
    assert!(!bob_ws
        .ws
        .pending()
        .iter()
        .any(|m| matches!(m, ServerMessage::Notification { .. })));
    assert_eq!(list(&server, &bob, "").await.unread, 1);
    // Ada is told nothing about her own follow.
    assert_eq!(list(&server, &ada, "").await.notifications, vec![]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_used_notifies_the_inviter() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut admin_ws = server.bot(&admin).await;
    wait_unread(&mut admin_ws, 0).await;

    let ada = server.member(&admin, "ada").await;
    let (live, unread) = next_notification(&mut admin_ws).await;
    assert_eq!(unread, 1);
    assert_eq!(live.kind, NotificationKind::InviteUsed);
    assert_eq!(live.text, "ADA signed up with your invite");

    // Ada's own invite used: she is told, the admin is not.
    let mut ada_ws = server.bot(&ada).await;
    server.member(&ada, "bob").await;
    let (live, unread) = next_notification(&mut ada_ws).await;
    assert_eq!((live.kind, unread), (NotificationKind::InviteUsed, 1));
    assert_eq!(
        live.actor.as_ref().map(|a| a.username.as_str()),
        Some("bob")
    );
    assert_eq!(list(&server, &admin, "").await.unread, 1);

    // A refused sign-up (used invite) notifies nobody.
    let code_used = server.invite(&ada).await;
    server.signup(&code_used, "carol").await;
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": code_used, "username": "dave",
                   "display_name": "Dave", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"));
    assert_eq!(list(&server, &ada, "").await.unread, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followers_hear_a_room_start_live() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    assert_eq!(put(&server, "/api/users/ada/follow", &bob).await, 204);
    let mut bob_ws = server.bot(&bob).await;
    wait_unread(&mut bob_ws, 0).await;

    let room = server.room(&ada, "Rust talk").await;
    let (live, unread) = next_notification(&mut bob_ws).await;
    assert_eq!(unread, 1);
    assert_eq!(live.kind, NotificationKind::RoomStarted);
    assert_eq!(live.text, "ADA started “Rust talk”");
    assert_eq!(live.room.as_ref().map(|r| &r.id), Some(&room));
    assert_eq!(list(&server, &bob, "").await.notifications, vec![live]);
    // Carol does not follow Ada.
    assert_eq!(list(&server, &carol, "").await.unread, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_social_room_start_reaches_only_followers_who_may_join() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    assert_eq!(put(&server, "/api/users/ada/follow", &bob).await, 204);
    assert_eq!(put(&server, "/api/users/ada/follow", &carol).await, 204);
    // Ada follows Bob back, so only Bob may join her social rooms.
    assert_eq!(put(&server, "/api/users/bob/follow", &ada).await, 204);
    let mut bob_ws = server.bot(&bob).await;
    wait_unread(&mut bob_ws, 1).await;

    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&ada),
            serde_json::json!({"title": "Friends only", "kind": "social"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (live, unread) = next_notification(&mut bob_ws).await;
    assert_eq!((live.kind, unread), (NotificationKind::RoomStarted, 2));
    assert_eq!(list(&server, &carol, "").await.unread, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_pages_newest_first() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    // Each new follow is news: follow, unfollow, follow again ... five times.
    for _ in 0..5 {
        assert_eq!(put(&server, "/api/users/bob/follow", &ada).await, 204);
        assert_eq!(delete(&server, "/api/users/bob/follow", &ada).await, 204);
    }
    let mut ids = Vec::new();
    let mut query = "?limit=2".to_string();
    loop {
        let page = list(&server, &bob, &query).await;
        assert!(page.notifications.len() <= 2);
        assert_eq!(page.unread, 5);
        ids.extend(page.notifications.iter().map(|n| n.id));
        match page.next_cursor {
            Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(ids.len(), 5);
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");

    let (status, body) = server
        .get("/api/notifications?cursor=nonsense", Some(&bob))
        .await;
    assert_eq!((status, code(&body)), (400, "bad_request"));
    let (status, body) = server.get("/api/notifications?limit=0", Some(&bob)).await;
    assert_eq!((status, code(&body)), (400, "validation"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mark_read_by_ids_and_all_reaches_every_session() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let ada = server.member(&admin, "ada").await;
    let bob = server.member(&admin, "bob").await;
    for _ in 0..3 {
        assert_eq!(put(&server, "/api/users/bob/follow", &ada).await, 204);
        assert_eq!(delete(&server, "/api/users/bob/follow", &ada).await, 204);
    }
    let mut phone = server.bot(&bob).await;
    let mut laptop = server.bot(&bob).await;
    wait_unread(&mut phone, 3).await;
    wait_unread(&mut laptop, 3).await;
    let all = list(&server, &bob, "").await;
    let ids: Vec<i64> = all.notifications.iter().map(|n| n.id).collect();

    // Someone else's ids change nothing (theirs or Bob's).
    let ada_before = list(&server, &ada, "").await.unread;
    let (status, body) = mark(&server, &ada, json!({"ids": ids})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["unread"], ada_before);
    assert_eq!(list(&server, &bob, "").await.unread, 3);

    let (status, body) = mark(&server, &bob, json!({"ids": [ids[0], ids[1]]})).await;
    assert_eq!((status, body["unread"].as_u64()), (200, Some(1)));
    wait_unread(&mut phone, 1).await;
    wait_unread(&mut laptop, 1).await;
    let now = list(&server, &bob, "").await;
    let read: Vec<bool> = now.notifications.iter().map(|n| n.read).collect();
    assert_eq!(read, vec![true, true, false]);

    let (status, body) = mark(&server, &bob, json!({"all": true})).await;
    assert_eq!((status, body["unread"].as_u64()), (200, Some(0)));
    wait_unread(&mut phone, 0).await;
    wait_unread(&mut laptop, 0).await;
    assert!(list(&server, &bob, "")
        .await
        .notifications
        .iter()
        .all(|n| n.read));

    // Too many ids at once: refused.
    let many: Vec<i64> = (1..=501).collect();
    let (status, body) = mark(&server, &bob, json!({"ids": many})).await;
    assert_eq!((status, code(&body)), (400, "validation"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_need_a_session() {
    let server = TestServer::start().await;
    let (status, body) = server.get("/api/notifications", None).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
    let (status, body) = server
        .post("/api/notifications/read", None, json!({"all": true}))
        .await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
    let (status, body) = server.get("/api/me/friends-online", None).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
    let (status, body) = server
        .get("/api/notifications", Some("not-a-real-token"))
        .await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));

    let (status, doc) = server.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    for path in [
        "/api/notifications",
        "/api/notifications/read",
        "/api/me/friends-online",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    assert!(doc["components"]["schemas"]["NotificationList"].is_object());
}
