//! Scheduled events through the real server: create, edit, cancel with "notify me"
//! notifications, every refusal with its code, the upcoming list, and starting an event's
//! room. The start-time scheduler is in `event_scheduler.rs`.

mod common;
mod events_support;

use chrono::Utc;
use common::{code, TestServer};
use events_support::*;
use reqwest::Method;
use serde_json::json;
use stoa_proto::events::{Event, EventList, EventStatus};
use stoa_proto::rest::NotificationKind;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_edit_cancel_tell_who_asked() {
    let server = TestServer::start().await;
    let (ada, [bob, carol, dave]) = server.people(["bob", "carol", "dave"]).await;
    let now = Utc::now();
    let event = create(
        &server,
        &ada,
        json!({"title": "Rust talk", "description": "About traits", "starts_at": at(now, 120),
               "cohosts": ["BOB"]}),
    )
    .await;
    let hosts: Vec<_> = event.hosts.iter().map(|h| h.username.as_str()).collect();
    assert_eq!(hosts, ["admin", "bob"]);
    assert_eq!(event.status, EventStatus::Scheduled);
    assert!(event.can_manage);
    let path = format!("/api/events/{}", event.id);

    let seen: Event = serde_json::from_value(notify_me(&server, &carol, &path).await).unwrap();
    assert!(seen.notify_me && !seen.can_manage);
    assert_eq!(seen.interested, 1);

    // Only hosts manage.
    let forbidden = (403, "forbidden");
    let mine = Some(json!({"title": "Mine"}));
    assert_refused(&server, Method::PATCH, &path, &dave, mine, forbidden).await;
    assert_refused(&server, Method::DELETE, &path, &dave, None, forbidden).await;

    // A co-host renames it: Carol is told; a description edit tells nobody.
    let renamed = Some(json!({"title": "Rust traits talk"}));
    assert_ok(&server, Method::PATCH, &path, &bob, renamed).await;
    let changed = notes(&server, &carol, NotificationKind::EventChanged).await;
    assert_eq!(changed.len(), 1);
    let about = changed[0].event.as_ref().expect("event");
    assert_eq!(
        (about.id, about.title.as_str()),
        (event.id, "Rust traits talk")
    );
    let described = Some(json!({"description": "More"}));
    assert_ok(&server, Method::PATCH, &path, &ada, described).await;
    assert_eq!(
        count_notes(&server, &carol, NotificationKind::EventChanged).await,
        1
    );
    let moved = Some(json!({"starts_at": at(now, 180)}));
    assert_ok(&server, Method::PATCH, &path, &ada, moved).await;
    assert_eq!(
        count_notes(&server, &carol, NotificationKind::EventChanged).await,
        2
    );
    assert!(notes(&server, &dave, NotificationKind::EventChanged)
        .await
        .is_empty());

    // Cancel: Carol is told; it can no longer change.
    let body = assert_ok(&server, Method::DELETE, &path, &ada, None).await;
    assert_eq!(body["status"], "cancelled");
    let cancelled = notes(&server, &carol, NotificationKind::EventCancelled).await;
    assert_eq!(cancelled.len(), 1);
    let invalid = (409, "invalid_state");
    let again = Some(json!({"title": "Again"}));
    assert_refused(&server, Method::PATCH, &path, &ada, again, invalid).await;
    let start = format!("{path}/start");
    assert_refused(&server, Method::POST, &start, &ada, None, invalid).await;

    // Notify me off.
    let notify = format!("{path}/notify");
    let body = assert_ok(&server, Method::DELETE, &notify, &carol, None).await;
    assert_eq!(body["notify_me"], false);
    assert_eq!(body["interested"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_has_its_code() {
    let server = TestServer::start().await;
    let (ada, [bob, carol, _mallory]) = server.people(["bob", "carol", "mallory"]).await;
    let now = Utc::now();
    let refused = |body: serde_json::Value| {
        let server = &server;
        let ada = ada.clone();
        async move {
            let (status, body) = server.post("/api/events", Some(&ada), body).await;
            (status, code(&body).to_string())
        }
    };
    let validation = (400, "validation".to_string());
    assert_eq!(
        refused(json!({"title": "Past", "starts_at": at(now, -5)})).await,
        validation
    );
    assert_eq!(
        refused(json!({"title": "Far", "starts_at": at(now, 60 * 24 * 367)})).await,
        validation
    );
    assert_eq!(
        refused(json!({"title": " ", "starts_at": at(now, 60)})).await,
        validation
    );
    assert_eq!(
        refused(json!({"title": "T", "description": "x".repeat(1001), "starts_at": at(now, 60)}))
            .await,
        validation
    );
    assert_eq!(
        refused(json!({"title": "T", "starts_at": at(now, 60),
                       "cohosts": ["a1", "a2", "a3", "a4", "a5", "a6"]}))
        .await,
        validation
    );
    assert_eq!(
        refused(json!({"title": "T", "starts_at": at(now, 60), "cohosts": ["nobody"]})).await,
        (404, "not_found".to_string())
    );
    let (status, _) = call(&server, Method::PUT, "/api/users/admin/block", &carol, None).await;
    assert_eq!(status, 204);
    assert_eq!(
        refused(json!({"title": "T", "starts_at": at(now, 60), "cohosts": ["carol"]})).await,
        (403, "blocked".to_string())
    );

    // Clubs: only founder, admins and leaders schedule; members-only events stay hidden.
    let club_id = club(&server, &bob, "Rustaceans").await;
    join_club(&server, &carol, club_id).await;
    let (status, body) = server
        .post(
            "/api/events",
            Some(&carol),
            json!({"title": "Club", "starts_at": at(now, 60), "club_id": club_id}),
        )
        .await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    let members_only = create(
        &server,
        &bob,
        json!({"title": "Members", "starts_at": at(now, 60), "club_id": club_id,
               "members_only": true}),
    )
    .await;
    assert!(members_only.members_only);
    assert_eq!(members_only.club.as_ref().map(|c| c.id.0), Some(club_id));
    let path = format!("/api/events/{}", members_only.id);
    let (status, body) = server.get(&path, Some(&carol)).await;
    assert_eq!(status, 200, "members see it: {body}");
    assert_eq!(body["can_manage"], false, "a plain member does not manage");
    for (method, suffix) in [
        (Method::GET, ""),
        (Method::GET, "/ics"),
        (Method::PUT, "/notify"),
        (Method::PATCH, ""),
    ] {
        let body = (method == Method::PATCH).then(|| json!({"title": "x"}));
        let hidden = format!("{path}{suffix}");
        assert_refused(&server, method, &hidden, &ada, body, (404, "not_found")).await;
    }
    let (status, body) = server.get("/api/events/upcoming", Some(&ada)).await;
    assert_eq!(status, 200);
    assert_eq!(body["events"], json!([]));
    for missing in ["/api/events/99999", "/api/events/abc"] {
        assert_refused(
            &server,
            Method::GET,
            missing,
            &ada,
            None,
            (404, "not_found"),
        )
        .await;
    }
    let (status, _) = server.get("/api/events/upcoming", None).await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upcoming_lists_followed_hosts_clubs_and_notify_me() {
    let server = TestServer::start().await;
    let (ada, [bob, carol, dave]) = server.people(["bob", "carol", "dave"]).await;
    let now = Utc::now();
    follow(&server, &ada, "bob").await;
    let club_id = club(&server, &dave, "Jazz").await;
    join_club(&server, &ada, club_id).await;

    simple(&server, &bob, "Followed host", now, 90).await;
    let by_carol = simple(&server, &carol, "Not followed", now, 30).await;
    create(
        &server,
        &dave,
        json!({"title": "Club night", "starts_at": at(now, 60), "club_id": club_id,
               "members_only": true}),
    )
    .await;
    let mine = simple(&server, &ada, "Mine", now, 120).await;
    let cancelled = simple(&server, &bob, "Called off", now, 100).await;
    let cancel = format!("/api/events/{}", cancelled.id);
    assert_ok(&server, Method::DELETE, &cancel, &bob, None).await;

    let titles =
        |list: EventList| -> Vec<String> { list.events.into_iter().map(|e| e.title).collect() };
    let (status, body) = server.get("/api/events/upcoming", Some(&ada)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        titles(serde_json::from_value(body).unwrap()),
        ["Club night", "Followed host", "Mine"]
    );
    notify_me(&server, &ada, &format!("/api/events/{}", by_carol.id)).await;
    let (_, body) = server.get("/api/events/upcoming", Some(&ada)).await;
    let list: EventList = serde_json::from_value(body).unwrap();
    assert_eq!(
        titles(list.clone()),
        ["Not followed", "Club night", "Followed host", "Mine"]
    );
    assert!(list.events[0].notify_me);
    assert!(list.events.iter().any(|e| e.id == mine.id && e.can_manage));
    // Bob follows nobody and is in no club: only his own event.
    let (_, body) = server.get("/api/events/upcoming", Some(&bob)).await;
    assert_eq!(
        titles(serde_json::from_value(body).unwrap()),
        ["Followed host"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_opens_the_room_and_tells_who_asked() {
    let server = TestServer::start().await;
    let (ada, [bob, carol]) = server.people(["bob", "carol"]).await;
    let now = Utc::now();
    let event = create(
        &server,
        &ada,
        json!({"title": "Live soon", "starts_at": at(now, 20), "cohosts": ["bob"]}),
    )
    .await;
    let path = format!("/api/events/{}", event.id);
    notify_me(&server, &carol, &path).await;

    let too_early = simple(&server, &ada, "Tonight", now, 120).await;
    let invalid = (409, "invalid_state");
    let early = format!("/api/events/{}/start", too_early.id);
    assert_refused(&server, Method::POST, &early, &ada, None, invalid).await;
    let start = format!("{path}/start");
    assert_refused(
        &server,
        Method::POST,
        &start,
        &carol,
        None,
        (403, "forbidden"),
    )
    .await;

    let body = assert_ok(&server, Method::POST, &start, &ada, None).await;
    let room_id = body["id"].as_str().expect("room id").to_string();
    assert_eq!(body["title"], "Live soon");
    let (status, body) = server.get(&path, Some(&carol)).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "live");
    assert_eq!(body["room_id"], room_id.as_str());
    let (status, room) = server
        .get(&format!("/api/rooms/{room_id}"), Some(&carol))
        .await;
    assert_eq!(status, 200, "{room}");
    assert_eq!(room["ended"], false);

    for who in [&carol, &bob] {
        let live = wait_notes(&server, who, NotificationKind::EventLive, 1).await;
        assert_eq!(
            live[0].room.as_ref().map(|r| r.id.0.as_str()),
            Some(room_id.as_str())
        );
        assert_eq!(live[0].event.as_ref().map(|e| e.id), Some(event.id));
    }
    assert!(notes(&server, &ada, NotificationKind::EventLive)
        .await
        .is_empty());

    // Starting again (a co-host too) gives the same room; a started event cannot change.
    let body = assert_ok(&server, Method::POST, &start, &bob, None).await;
    assert_eq!(body["id"], room_id.as_str());
    assert_refused(&server, Method::DELETE, &path, &ada, None, invalid).await;
    let retitle = Some(json!({"title": "x"}));
    assert_refused(&server, Method::PATCH, &path, &ada, retitle, invalid).await;
    let (_, body) = server.get("/api/events/upcoming", Some(&carol)).await;
    assert_eq!(body["events"][0]["status"], "live");
}
