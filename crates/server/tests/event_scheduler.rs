//! The service clock through the real server (manual in tests): hosts are told once when an
//! event is due (not before), a moved event is told at its new time, a restart neither resends
//! nor forgets an event whose time passed while the server was down, and an event ends with
//! its room.

mod common;
mod events_support;

use chrono::Utc;
use common::{code, TestServer};
use events_support::*;
use reqwest::Method;
use serde_json::json;
use stoa_proto::rest::NotificationKind;
use stoa_server::ServeConfig;
use stoa_service::Clock;

/// Starts a server on a manual clock.
async fn manual_server() -> (TestServer, std::sync::Arc<stoa_service::ManualClock>) {
    let (clock, manual) = Clock::manual(Utc::now());
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.clock = clock;
    (TestServer::start_with(dir, config).await, manual)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduler_tells_the_hosts_once_at_start_time() {
    let (server, manual) = manual_server().await;
    let ada = server.admin().await;
    let bob = server.member(&ada, "bob").await;
    let carol = server.member(&ada, "carol").await;
    let event = create(
        &server,
        &ada,
        json!({"title": "Due soon", "starts_at": at(manual.now(), 10), "cohosts": ["bob"]}),
    )
    .await;
    call(
        &server,
        Method::PUT,
        &format!("/api/events/{}/notify", event.id),
        &carol,
        None,
    )
    .await;

    manual.advance(std::time::Duration::from_secs(9 * 60));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(notes(&server, &ada, NotificationKind::EventStarting)
        .await
        .is_empty());

    manual.advance(std::time::Duration::from_secs(60));
    for host in [&ada, &bob] {
        let told = wait_notes(&server, host, NotificationKind::EventStarting, 1).await;
        assert_eq!(told[0].event.as_ref().map(|e| e.id), Some(event.id));
    }
    manual.advance(std::time::Duration::from_secs(3600));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for host in [&ada, &bob] {
        assert_eq!(
            notes(&server, host, NotificationKind::EventStarting)
                .await
                .len(),
            1
        );
    }
    assert!(notes(&server, &carol, NotificationKind::EventStarting)
        .await
        .is_empty());

    // A moved event is told again at its new time.
    let later = create(
        &server,
        &ada,
        json!({"title": "Later", "starts_at": at(manual.now(), 5)}),
    )
    .await;
    let (status, _) = call(
        &server,
        Method::PATCH,
        &format!("/api/events/{}", later.id),
        &ada,
        Some(json!({"starts_at": at(manual.now(), 20)})),
    )
    .await;
    assert_eq!(status, 200);
    manual.advance(std::time::Duration::from_secs(6 * 60));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        notes(&server, &ada, NotificationKind::EventStarting)
            .await
            .len(),
        1
    );
    manual.advance(std::time::Duration::from_secs(15 * 60));
    wait_notes(&server, &ada, NotificationKind::EventStarting, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduler_does_not_resend_after_a_restart() {
    let (clock, manual) = Clock::manual(Utc::now());
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.clock = clock;
    let server = TestServer::start_with(dir, config).await;
    let ada = server.admin().await;
    create(
        &server,
        &ada,
        json!({"title": "Once", "starts_at": at(manual.now(), 10)}),
    )
    .await;
    create(
        &server,
        &ada,
        json!({"title": "While down", "starts_at": at(manual.now(), 30)}),
    )
    .await;
    manual.advance(std::time::Duration::from_secs(11 * 60));
    wait_notes(&server, &ada, NotificationKind::EventStarting, 1).await;
    let dir = server.stop().await;

    // Down past the second start (less than an hour late): told once on startup. The new
    // server has its own clock, so the stopped one's tasks (still in this process) stay asleep.
    let (clock, _later) = Clock::manual(manual.now() + chrono::Duration::minutes(40));
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.clock = clock;
    let server = TestServer::start_with(dir, config).await;
    let (status, body) = server
        .post(
            "/api/auth/login",
            None,
            json!({"username": "admin", "password": "password123"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let ada = body["token"].as_str().expect("token").to_string();
    let told = wait_notes(&server, &ada, NotificationKind::EventStarting, 2).await;
    assert_eq!(
        told[0].event.as_ref().map(|e| e.title.as_str()),
        Some("While down")
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        notes(&server, &ada, NotificationKind::EventStarting)
            .await
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_ends_with_its_room() {
    let (server, manual) = manual_server().await;
    let ada = server.admin().await;
    let event = create(
        &server,
        &ada,
        json!({"title": "Short", "starts_at": at(manual.now(), 10)}),
    )
    .await;
    let path = format!("/api/events/{}", event.id);
    let (status, body) = call(&server, Method::POST, &format!("{path}/start"), &ada, None).await;
    assert_eq!(status, 200, "{body}");
    // Nobody joins: the room ends after the reconnect grace, and the event with it.
    let mut status = String::new();
    for _ in 0..50 {
        manual.advance(std::time::Duration::from_secs(5));
        let (_, body) = server.get(&path, Some(&ada)).await;
        status = body["status"].as_str().unwrap_or_default().to_string();
        if status == "ended" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "ended");
    let (_, body) = server.get("/api/events/upcoming", Some(&ada)).await;
    assert_eq!(body["events"], json!([]));
    let (status, body) = call(&server, Method::POST, &format!("{path}/start"), &ada, None).await;
    assert_eq!((status, code(&body)), (409, "invalid_state"));
}
