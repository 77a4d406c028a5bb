//! Helpers shared by the event and calendar tests.

#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use stoa_proto::events::Event;
use stoa_proto::rest::{Notification, NotificationKind, NotificationList};

use crate::common::{code, TestServer};

/// An RFC 3339 time `minutes` from `from`.
pub fn at(from: DateTime<Utc>, minutes: i64) -> String {
    (from + Duration::minutes(minutes)).to_rfc3339()
}

/// Creates an event; panics unless it works.
pub async fn create(server: &TestServer, token: &str, body: Value) -> Event {
    let (status, body) = server.post("/api/events", Some(token), body).await;
    assert_eq!(status, 200, "create event: {body}");
    serde_json::from_value(body).expect("Event")
}

/// A plain event `title` starting `minutes` from `now`.
pub async fn simple(
    server: &TestServer,
    token: &str,
    title: &str,
    now: DateTime<Utc>,
    minutes: i64,
) -> Event {
    create(
        server,
        token,
        json!({"title": title, "starts_at": at(now, minutes)}),
    )
    .await
}

/// Sends `method path` with an optional body.
pub async fn call(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    server.send(method, path, Some(token), body).await
}

/// Sends `method path` and asserts a 200; returns the body.
pub async fn assert_ok(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Value {
    let (status, body) = call(server, method.clone(), path, token, body).await;
    assert_eq!(status, 200, "{method} {path}: {body}");
    body
}

/// Sends `method path` and asserts it is refused with `want` (status, error code).
pub async fn assert_refused(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    want: (u16, &str),
) {
    let (status, body) = call(server, method.clone(), path, token, body).await;
    assert_eq!((status, code(&body)), want, "{method} {path}: {body}");
}

/// Turns "notify me" on for the event at `path` (`/api/events/{id}`); returns the event.
pub async fn notify_me(server: &TestServer, token: &str, path: &str) -> Value {
    assert_ok(
        server,
        reqwest::Method::PUT,
        &format!("{path}/notify"),
        token,
        None,
    )
    .await
}

/// How many notifications of `kind` the member has.
pub async fn count_notes(server: &TestServer, token: &str, kind: NotificationKind) -> usize {
    notes(server, token, kind).await.len()
}

/// The member's notifications of `kind`, newest first.
pub async fn notes(server: &TestServer, token: &str, kind: NotificationKind) -> Vec<Notification> {
    let (status, body) = server
        .get("/api/notifications?limit=100", Some(token))
        .await;
    assert_eq!(status, 200, "notifications: {body}");
    let list: NotificationList = serde_json::from_value(body).expect("NotificationList");
    list.notifications
        .into_iter()
        .filter(|n| n.kind == kind)
        .collect()
}

/// Waits (bounded) until the member has `want` notifications of `kind`.
pub async fn wait_notes(
    server: &TestServer,
    token: &str,
    kind: NotificationKind,
    want: usize,
) -> Vec<Notification> {
    for _ in 0..50 {
        let found = notes(server, token, kind).await;
        if found.len() >= want {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{kind:?} notifications never reached {want}");
}

/// `token` follows `username`.
pub async fn follow(server: &TestServer, token: &str, username: &str) {
    let path = format!("/api/users/{username}/follow");
    let (status, body) = call(server, reqwest::Method::PUT, &path, token, None).await;
    assert_eq!(status, 204, "follow {username}: {body}");
}

/// Creates an open club as `founder`; returns its id.
pub async fn club(server: &TestServer, founder: &str, name: &str) -> i64 {
    let (status, body) = server
        .post(
            "/api/clubs",
            Some(founder),
            json!({"name": name, "join_policy": "open"}),
        )
        .await;
    assert!(status == 200 || status == 201, "create club: {body}");
    body["id"].as_i64().expect("club id")
}

/// `token` joins the open club.
pub async fn join_club(server: &TestServer, token: &str, club: i64) {
    let (status, body) = server
        .send(
            reqwest::Method::PUT,
            &format!("/api/clubs/{club}/membership"),
            Some(token),
            None,
        )
        .await;
    assert!(status < 300, "join club: {body}");
}

/// Undoes iCalendar TEXT escaping.
pub fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses iCalendar text with the `ical` crate; returns its calendars.
pub fn parse_ics(text: &str) -> Vec<ical::parser::ical::component::IcalCalendar> {
    ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .expect("valid iCalendar")
}

/// The value of property `name` of an event.
pub fn prop(event: &ical::parser::ical::component::IcalEvent, name: &str) -> Option<String> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}
