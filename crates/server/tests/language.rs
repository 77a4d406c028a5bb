//! The member's language through the real server: unset until chosen, set with `PATCH /api/me`
//! (only "en" or "ro"; anything else is a clear `400` that changes nothing), shown only on one's
//! own profile, and the language the server writes each member's notifications in, live and in
//! the list.

mod common;

use common::{code, Bot, TestServer, T};
use serde_json::{json, Value};
use stoa_proto::rest::{Notification, NotificationKind, NotificationList};
use stoa_proto::ws::ServerMessage;

/// `PATCH /api/me` with `body`: (status, body).
async fn patch_me(server: &TestServer, token: &str, body: Value) -> (u16, Value) {
    server
        .send(reqwest::Method::PATCH, "/api/me", Some(token), Some(body))
        .await
}

/// The `language` of `GET /api/me`.
async fn my_language(server: &TestServer, token: &str) -> Value {
    let (status, body) = server.get("/api/me", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["language"].clone()
}

/// Waits for the next live notification.
async fn next_notification(bot: &mut Bot) -> Notification {
    bot.ws
        .wait_map(
            |m| match m {
                ServerMessage::Notification { notification, .. } => Some(notification.clone()),
                _ => None,
            },
            T,
        )
        .await
        .expect("live notification")
}

/// Waits until the member's socket has spoken (its first unread count).
async fn ready(bot: &mut Bot) {
    bot.ws
        .wait_for(|m| matches!(m, ServerMessage::UnreadCount { .. }), T)
        .await
        .expect("unread_count");
}

/// The texts of the member's notifications, newest first.
async fn texts(server: &TestServer, token: &str) -> Vec<String> {
    let (status, body) = server.get("/api/notifications", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    let list: NotificationList = serde_json::from_value(body).expect("NotificationList");
    list.notifications.into_iter().map(|n| n.text).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_is_set_checked_and_private() {
    let server = TestServer::start().await;
    let (_admin, [ana, bob]) = server.people(["ana", "bob"]).await;
    assert_eq!(
        my_language(&server, &ana).await,
        Value::Null,
        "unset until chosen"
    );

    let (status, body) = patch_me(&server, &ana, json!({"language": "ro"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["language"], "ro");
    assert_eq!(my_language(&server, &ana).await, "ro");

    // Other edits keep it; a bad value is refused clearly and changes nothing.
    let (status, body) = patch_me(&server, &ana, json!({"bio": "Salut"})).await;
    assert_eq!((status, &body["language"]), (200, &json!("ro")), "{body}");
    for bad in [json!("fr"), json!("RO"), json!(""), json!(7)] {
        let (status, body) = patch_me(
            &server,
            &ana,
            json!({"language": bad, "display_name": "Not Applied"}),
        )
        .await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(code(&body), "bad_request", "{bad}: {body}");
        if bad.is_string() {
            let message = body["error"]["message"].as_str().expect("message");
            assert!(message.contains(r#""en" or "ro""#), "{bad}: {message}");
        }
    }
    let (_, me) = server.get("/api/me", Some(&ana)).await;
    assert_eq!(
        (&me["language"], &me["display_name"]),
        (&json!("ro"), &json!("ANA"))
    );

    // Nobody else sees it; sign-in hands it back.
    let (status, seen) = server.get("/api/users/ana", Some(&bob)).await;
    assert_eq!((status, &seen["language"]), (200, &Value::Null), "{seen}");
    let (status, login) = server.login("ana").await;
    assert_eq!(
        (status, &login["user"]["language"]),
        (200, &json!("ro")),
        "{login}"
    );

    let (status, body) = patch_me(&server, &ana, json!({"language": "en"})).await;
    assert_eq!((status, &body["language"]), (200, &json!("en")), "{body}");
    let (status, _) = server
        .send(
            reqwest::Method::PATCH,
            "/api/me",
            None,
            Some(json!({"language": "ro"})),
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_read_in_each_recipients_language() {
    let server = TestServer::start().await;
    let (_admin, [ana, bob, carol]) = server.people(["ana", "bob", "carol"]).await;
    assert_eq!(
        patch_me(&server, &ana, json!({"language": "ro"})).await.0,
        200
    );
    assert_eq!(
        patch_me(&server, &bob, json!({"language": "en"})).await.0,
        200
    );
    let mut ana_ws = server.bot(&ana).await;
    let mut bob_ws = server.bot(&bob).await;
    ready(&mut ana_ws).await;
    ready(&mut bob_ws).await;

    // One recipient at a time: Carol follows each.
    for who in ["ana", "bob"] {
        let (status, body) = server
            .send(
                reqwest::Method::PUT,
                &format!("/api/users/{who}/follow"),
                Some(&carol),
                None,
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
    let ana_live = next_notification(&mut ana_ws).await;
    let bob_live = next_notification(&mut bob_ws).await;
    assert_eq!(ana_live.kind, NotificationKind::NewFollower);
    assert_eq!(ana_live.text, "CAROL a început să te urmărească");
    assert_eq!(bob_live.text, "CAROL followed you");

    // Every follower at once: Ana and Bob follow Carol, who starts a room.
    for token in [&ana, &bob] {
        let (status, body) = server
            .send(
                reqwest::Method::PUT,
                "/api/users/carol/follow",
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
    server.room(&carol, "Seară de jazz").await;
    let ana_live = next_notification(&mut ana_ws).await;
    let bob_live = next_notification(&mut bob_ws).await;
    assert_eq!(ana_live.kind, NotificationKind::RoomStarted);
    assert_eq!(ana_live.text, "CAROL a pornit „Seară de jazz”");
    assert_eq!(bob_live.text, "CAROL started “Seară de jazz”");

    // The lists read the same; after a change of language, in the new one.
    assert_eq!(
        texts(&server, &ana).await,
        [
            "CAROL a pornit „Seară de jazz”",
            "CAROL a început să te urmărească"
        ]
    );
    assert_eq!(
        texts(&server, &bob).await,
        ["CAROL started “Seară de jazz”", "CAROL followed you"]
    );
    assert_eq!(
        patch_me(&server, &ana, json!({"language": "en"})).await.0,
        200
    );
    assert_eq!(
        texts(&server, &ana).await,
        ["CAROL started “Seară de jazz”", "CAROL followed you"]
    );
}
