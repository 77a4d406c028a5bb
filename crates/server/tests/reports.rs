//! Reports, the admins' queue, warnings and suspension, against a real server.

mod common;

use std::time::Duration;

use common::{code, TestServer, T};
use serde_json::{json, Value};
use stoa_proto::rest::NotificationKind;
use stoa_proto::ws::{LeaveReason, ServerMessage};
use stoa_proto::ErrorCode;

async fn report(server: &TestServer, token: &str, body: Value) -> (u16, Value) {
    server.post("/api/reports", Some(token), body).await
}

async fn report_member(server: &TestServer, token: &str, username: &str) -> Value {
    let (status, body) = report(
        server,
        token,
        json!({"username": username, "reason": "harassment", "details": "rude"}),
    )
    .await;
    assert_eq!(status, 200, "report {username}: {body}");
    body
}

async fn resolve(server: &TestServer, token: &str, id: &Value, body: Value) -> (u16, Value) {
    server
        .post(
            &format!("/api/admin/reports/{id}/resolve"),
            Some(token),
            body,
        )
        .await
}

async fn login(server: &TestServer, username: &str, password: &str) -> (u16, Value) {
    server
        .post(
            "/api/auth/login",
            None,
            json!({"username": username, "password": password}),
        )
        .await
}

async fn friends_online(server: &TestServer, token: &str) -> Vec<String> {
    let (status, body) = server.get("/api/me/friends-online", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["friends"]
        .as_array()
        .expect("friends")
        .iter()
        .map(|f| {
            f["user"]["username"]
                .as_str()
                .expect("username")
                .to_string()
        })
        .collect()
}

fn ids(list: &Value) -> Vec<i64> {
    list["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect()
}

#[tokio::test]
async fn members_report_members_and_rooms() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    let dave = server.member(&admin, "dave").await;

    let first = report_member(&server, &bob, "carol").await;
    assert_eq!(first["status"], "open");
    assert_eq!(first["reason"], "harassment");
    assert_eq!(first["details"], "rude");
    assert_eq!(first["reporter"]["username"], "bob");
    assert_eq!(first["target_user"]["username"], "carol");
    assert_eq!(first["room"], Value::Null);
    assert_eq!(first["resolved_by"], Value::Null);
    // Again while it is open: the same report, no duplicate.
    let again = report_member(&server, &bob, "Carol").await;
    assert_eq!(again["id"], first["id"]);

    // Refusals, each with its code.
    let cases = [
        (
            json!({"username": "bob", "reason": "spam"}),
            400,
            "validation",
        ),
        (json!({"reason": "spam"}), 400, "validation"),
        (
            json!({"username": "carol", "room_id": "r1", "reason": "spam"}),
            400,
            "validation",
        ),
        (
            json!({"username": "nobody", "reason": "spam"}),
            404,
            "not_found",
        ),
        (
            json!({"room_id": "no-such-room", "reason": "spam"}),
            404,
            "not_found",
        ),
        (
            json!({"username": "carol", "reason": "other", "details": "x".repeat(1001)}),
            400,
            "validation",
        ),
    ];
    for (body, status, expected) in cases {
        let (got, answer) = report(&server, &bob, body.clone()).await;
        assert_eq!((got, code(&answer)), (status, expected), "{body}");
    }
    let (status, answer) = server
        .post(
            "/api/reports",
            None,
            json!({"username": "carol", "reason": "spam"}),
        )
        .await;
    assert_eq!((status, code(&answer)), (401, "unauthorized"));

    // A room report is about the room's creator.
    let room = server.room(&carol, "Carol's corner").await;
    let (status, by_room) = report(
        &server,
        &bob,
        json!({"room_id": room.0, "reason": "hate", "details": "awful talk"}),
    )
    .await;
    assert_eq!(status, 200, "{by_room}");
    assert_eq!(by_room["target_user"]["username"], "carol");
    assert_eq!(by_room["room"]["id"], room.0.as_str());
    assert_eq!(by_room["room"]["title"], "Carol's corner");
    assert_ne!(
        by_room["id"], first["id"],
        "a room report is its own report"
    );

    // A member report made while both are in the same live room records the room.
    let _carol_ws = server.joined(&carol, &room).await;
    let _dave_ws = server.joined(&dave, &room).await;
    let from_room = report_member(&server, &dave, "carol").await;
    assert_eq!(from_room["room"]["id"], room.0.as_str());
    // Not when they are not in the same room.
    let elsewhere = report_member(&server, &bob, "dave").await;
    assert_eq!(elsewhere["room"], Value::Null);
}

#[tokio::test]
async fn reports_are_rate_limited_per_reporter() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    let mut rooms = Vec::new();
    for i in 0..11 {
        rooms.push(server.room(&carol, &format!("room {i}")).await);
    }
    for room in &rooms[..10] {
        let (status, body) =
            report(&server, &bob, json!({"room_id": room.0, "reason": "spam"})).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = report(
        &server,
        &bob,
        json!({"room_id": rooms[10].0, "reason": "spam"}),
    )
    .await;
    assert_eq!((status, code(&body)), (429, "rate_limited"));
    // A repeat of an open report still answers with it.
    let (status, _) = report(
        &server,
        &bob,
        json!({"room_id": rooms[0].0, "reason": "spam"}),
    )
    .await;
    assert_eq!(status, 200);
    // Others are not limited by bob's reports.
    let (status, _) = report(
        &server,
        &admin,
        json!({"username": "carol", "reason": "spam"}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn admins_work_the_queue_and_warn() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    let dave = server.member(&admin, "dave").await;
    let mut carol_ws = server.bot(&carol).await;

    let about_carol = report_member(&server, &bob, "carol").await;
    let about_dave = report_member(&server, &bob, "dave").await;
    let also_carol = report_member(&server, &dave, "carol").await;

    // Members who are not site admins may not see or resolve the queue, nor suspend.
    let (status, body) = server.get("/api/admin/reports", Some(&bob)).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    let (status, body) = resolve(
        &server,
        &bob,
        &about_carol["id"],
        json!({"action": "dismiss"}),
    )
    .await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    for action in ["suspend", "unsuspend"] {
        let (status, body) = server
            .post(
                &format!("/api/admin/users/dave/{action}"),
                Some(&bob),
                json!({}),
            )
            .await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{action}");
    }

    // Open reports, oldest first, page by page.
    let (status, page) = server.get("/api/admin/reports?limit=2", Some(&admin)).await;
    assert_eq!(status, 200, "{page}");
    let expected: Vec<i64> = [&about_carol, &about_dave, &also_carol]
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids(&page), expected[..2]);
    let cursor = page["next_cursor"].as_str().expect("more");
    let (_, page) = server
        .get(
            &format!("/api/admin/reports?status=open&limit=2&cursor={cursor}"),
            Some(&admin),
        )
        .await;
    assert_eq!(ids(&page), expected[2..]);
    assert_eq!(page["next_cursor"], Value::Null);
    let (status, body) = server
        .get("/api/admin/reports?cursor=zzz", Some(&admin))
        .await;
    assert_eq!((status, code(&body)), (400, "bad_request"));
    let (status, body) = server
        .get("/api/admin/reports?status=maybe", Some(&admin))
        .await;
    assert_eq!((status, code(&body)), (400, "validation"));

    // Warn carol: she gets a `warned` notification with the note, live and in her list; the
    // other open report about her is resolved with it.
    let (status, warned) = resolve(
        &server,
        &admin,
        &also_carol["id"],
        json!({"action": "warn", "note": "be kind to people"}),
    )
    .await;
    assert_eq!(status, 200, "{warned}");
    assert_eq!(warned["status"], "warned");
    assert_eq!(warned["note"], "be kind to people");
    assert_eq!(warned["resolved_by"]["username"], "admin");
    let live = carol_ws
        .ws
        .wait_map(
            |m| match m {
                ServerMessage::Notification { notification, .. } => Some(notification.clone()),
                _ => None,
            },
            T,
        )
        .await
        .expect("live warning");
    assert_eq!(live.kind, NotificationKind::Warned);
    assert!(live.text.contains("be kind to people"), "{}", live.text);
    let (_, list) = server.get("/api/notifications", Some(&carol)).await;
    assert_eq!(list["notifications"][0]["kind"], "warned");
    assert_eq!(list["notifications"][0]["text"], live.text.as_str());

    // Resolved newest first: both carol reports; only dave's stays open.
    let (_, open) = server.get("/api/admin/reports", Some(&admin)).await;
    assert_eq!(ids(&open), [expected[1]]);
    let (_, resolved) = server
        .get("/api/admin/reports?status=resolved", Some(&admin))
        .await;
    let resolved_ids = ids(&resolved);
    assert_eq!(resolved_ids.len(), 2);
    assert!(resolved_ids.contains(&expected[0]) && resolved_ids.contains(&expected[2]));
    let other = &resolved["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .find(|r| r["id"] == about_carol["id"])
        .expect("resolved with it")
        .clone();
    assert_eq!(other["status"], "warned");
    let note = other["note"].as_str().expect("note");
    assert!(
        note.contains(&also_carol["id"].to_string()) && note.contains("be kind to people"),
        "{note}"
    );

    // Resolving again is refused, whichever report.
    for id in [&also_carol["id"], &about_carol["id"]] {
        let (status, body) = resolve(&server, &admin, id, json!({"action": "dismiss"})).await;
        assert_eq!((status, code(&body)), (409, "invalid_state"));
    }
    let (status, body) = resolve(&server, &admin, &json!(9999), json!({"action": "dismiss"})).await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (status, dismissed) = resolve(
        &server,
        &admin,
        &about_dave["id"],
        json!({"action": "dismiss"}),
    )
    .await;
    assert_eq!((status, &dismissed["status"]), (200, &json!("dismissed")));
}

#[tokio::test]
async fn suspension_shuts_the_member_out_until_lifted() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    let carol_invite = server.invite(&carol).await;

    // Carol in a live room with bob, and connected on a second device.
    let room = server.room(&bob, "Bob's room").await;
    let mut bob_ws = server.joined(&bob, &room).await;
    let mut carol_in_room = server.joined(&carol, &room).await;
    let mut carol_phone = server.bot(&carol).await;
    let carol_id = carol_in_room.id;
    let (status, _) = server
        .send(
            reqwest::Method::PUT,
            "/api/users/carol/follow",
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(friends_online(&server, &bob).await, ["carol"]);

    // Admins and oneself cannot be suspended.
    let refused = server
        .post("/api/admin/users/admin/suspend", Some(&admin), json!({}))
        .await;
    assert_eq!((refused.0, code(&refused.1)), (403, "forbidden"));
    let (status, body) = server
        .post("/api/admin/users/nobody/suspend", Some(&admin), json!({}))
        .await;
    assert_eq!((status, code(&body)), (404, "not_found"));

    // Suspend carol through a report.
    let filed = report_member(&server, &bob, "carol").await;
    let (status, resolved) = resolve(
        &server,
        &admin,
        &filed["id"],
        json!({"action": "suspend", "note": "threats"}),
    )
    .await;
    assert_eq!(status, 200, "{resolved}");
    assert_eq!(resolved["status"], "suspended");

    // Bob sees her leave the room at once, because she was suspended.
    let reason = bob_ws
        .ws
        .wait_map(
            |m| match m {
                ServerMessage::ParticipantLeft {
                    user_id, reason, ..
                } if *user_id == carol_id => Some(*reason),
                _ => None,
            },
            T,
        )
        .await
        .expect("participant_left");
    assert_eq!(reason, LeaveReason::Suspended);

    // Both her sockets are told `suspended` and closed.
    for bot in [&mut carol_in_room, &mut carol_phone] {
        assert_eq!(bot.wait_error().await, ErrorCode::Suspended);
        let _ = bot.ws.settle(Duration::from_millis(500)).await;
        assert!(bot.ws.is_closed(), "socket closed");
    }

    // Offline for her friends (her sockets are gone).
    let mut friends = friends_online(&server, &bob).await;
    for _ in 0..40 {
        if friends.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        friends = friends_online(&server, &bob).await;
    }
    assert!(friends.is_empty(), "{friends:?}");

    // Her token is dead, sign-in is refused (only with the right password), and her invite is
    // worth nothing.
    let (status, body) = server.get("/api/me", Some(&carol)).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
    let (status, body) = login(&server, "carol", "password123").await;
    assert_eq!((status, code(&body)), (403, "suspended"));
    let (status, body) = login(&server, "carol", "wrong-password").await;
    assert_eq!((status, code(&body)), (401, "bad_credentials"));
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": carol_invite, "username": "erin",
                   "display_name": "Erin", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"));

    // Hidden from search; the profile shows the suspension to admins only.
    let (_, found) = server.get("/api/users?q=car", Some(&bob)).await;
    assert_eq!(found["users"], json!([]));
    let (_, seen_by_admin) = server.get("/api/users/carol", Some(&admin)).await;
    assert_eq!(seen_by_admin["suspended"], true);
    let (_, seen_by_bob) = server.get("/api/users/carol", Some(&bob)).await;
    assert_eq!(seen_by_bob["suspended"], false);

    // Suspending again through the admin route is fine.
    let (status, _) = server
        .post("/api/admin/users/carol/suspend", Some(&admin), json!({}))
        .await;
    assert_eq!(status, 204);

    // Lifted: she signs in again (the old token stays dead).
    let (status, _) = server
        .post("/api/admin/users/carol/unsuspend", Some(&admin), json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, body) = login(&server, "carol", "password123").await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = server.get("/api/me", Some(&carol)).await;
    assert_eq!(status, 401);
    let (_, seen_by_admin) = server.get("/api/users/carol", Some(&admin)).await;
    assert_eq!(seen_by_admin["suspended"], false);
    let (_, found) = server.get("/api/users?q=car", Some(&bob)).await;
    assert_eq!(found["users"][0]["username"], "carol");
}

#[tokio::test]
async fn admins_cannot_suspend_themselves() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    // Suspending yourself (the only admin here) is refused.
    let (status, body) = server
        .post("/api/admin/users/admin/suspend", Some(&admin), json!({}))
        .await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    // Nor through a report about an admin.
    let filed = report_member(&server, &bob, "admin").await;
    let (status, body) = resolve(&server, &admin, &filed["id"], json!({"action": "suspend"})).await;
    assert_eq!((status, code(&body)), (403, "forbidden"));
    // The report is still open.
    let (_, open) = server.get("/api/admin/reports", Some(&admin)).await;
    assert_eq!(ids(&open), [filed["id"].as_i64().expect("id")]);
    let (status, _) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(status, 200);
}
