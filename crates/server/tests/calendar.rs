//! iCalendar output through the real server, read back with a real parser (`ical`): one
//! event's `.ics` (UID, DTSTART, SUMMARY, escaping, SEQUENCE, cancelled status) and the
//! member's private feed (what it lists, no session needed, caching, reset).

mod common;
mod events_support;

use chrono::Utc;
use common::TestServer;
use events_support::*;
use reqwest::Method;
use serde_json::json;

/// GETs `path` (with a session when `token` is given): status, headers and text.
async fn fetch(
    server: &TestServer,
    path: &str,
    token: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = server.http.get(format!("{}{path}", server.base()));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.expect("text"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_event_as_ics_parses_with_escaping_and_status() {
    let server = TestServer::start().await;
    let ada = server.admin().await;
    let stranger = server.member(&ada, "stranger").await;
    let starts = Utc::now() + chrono::Duration::days(3);
    let starts = chrono::DateTime::from_timestamp(starts.timestamp(), 0).unwrap();
    let title = "Semis; commas, and a back\\slash";
    let description = format!(
        "First line\nSecond line with ünïcödé {}",
        "long ".repeat(30)
    );
    let event = create(
        &server,
        &ada,
        json!({"title": title, "description": description, "starts_at": starts.to_rfc3339()}),
    )
    .await;
    let path = format!("/api/events/{}/ics", event.id);
    let (status, headers, text) = fetch(&server, &path, Some(&ada)).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"") && disposition.ends_with(".ics\""),
        "{disposition}"
    );
    assert!(text.contains("\r\n"), "CRLF line ends");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line folded at 75 octets: {line:?}");
    }

    let calendars = parse_ics(&text);
    assert_eq!(calendars.len(), 1);
    let calendar = &calendars[0];
    let cal_prop = |name: &str| {
        calendar
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    assert_eq!(cal_prop("VERSION").as_deref(), Some("2.0"));
    assert!(cal_prop("PRODID").is_some());
    assert_eq!(calendar.events.len(), 1);
    let vevent = &calendar.events[0];
    assert_eq!(
        prop(vevent, "UID").unwrap(),
        format!("event-{}@127.0.0.1", event.id)
    );
    assert_eq!(
        prop(vevent, "DTSTART").unwrap(),
        starts.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert!(prop(vevent, "DTSTAMP").unwrap().ends_with('Z'));
    assert_eq!(prop(vevent, "DURATION").as_deref(), Some("PT1H"));
    let summary = prop(vevent, "SUMMARY").unwrap();
    assert_eq!(summary, "Semis\\; commas\\, and a back\\\\slash");
    assert_eq!(unescape(&summary), title);
    let text_description = unescape(&prop(vevent, "DESCRIPTION").unwrap());
    let event_url = format!("{}/events/{}", server.base(), event.id);
    assert!(text_description.starts_with("First line\nSecond line with ünïcödé"));
    assert!(text_description.ends_with(&event_url), "{text_description}");
    assert_eq!(prop(vevent, "URL").unwrap(), event_url);
    assert_eq!(prop(vevent, "STATUS").as_deref(), Some("CONFIRMED"));
    assert_eq!(prop(vevent, "SEQUENCE").as_deref(), Some("0"));

    // Each edit raises SEQUENCE; a cancelled event says so.
    let event_path = format!("/api/events/{}", event.id);
    let (status, _) = server
        .send(
            Method::PATCH,
            &event_path,
            Some(&ada),
            Some(json!({"title": "Renamed"})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = server
        .send(Method::DELETE, &event_path, Some(&ada), None)
        .await;
    assert_eq!(status, 200);
    let (_, _, text) = fetch(&server, &path, Some(&stranger)).await;
    let calendars = parse_ics(&text);
    let vevent = &calendars[0].events[0];
    assert_eq!(prop(vevent, "SUMMARY").as_deref(), Some("Renamed"));
    assert_eq!(prop(vevent, "STATUS").as_deref(), Some("CANCELLED"));
    assert_eq!(prop(vevent, "SEQUENCE").as_deref(), Some("2"));

    let (status, _, _) = fetch(&server, &path, None).await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calendar_feed_lists_the_members_events_and_resets() {
    let server = TestServer::start().await;
    let (ada, [bob, carol]) = server.people(["bob", "carol"]).await;
    let now = Utc::now();
    let club_id = club(&server, &carol, "Chess").await;
    join_club(&server, &ada, club_id).await;
    follow(&server, &ada, "bob").await;

    let hosted = simple(&server, &ada, "Hosted", now, 60).await;
    let asked = simple(&server, &bob, "Asked", now, 90).await;
    let followed_only = simple(&server, &bob, "Followed only", now, 100).await;
    let club_event = create(
        &server,
        &carol,
        json!({"title": "Club", "starts_at": at(now, 120), "club_id": club_id}),
    )
    .await;
    let called_off = simple(&server, &bob, "Called off", now, 150).await;
    for id in [asked.id, called_off.id] {
        let (status, _) = server
            .send(
                Method::PUT,
                &format!("/api/events/{id}/notify"),
                Some(&ada),
                None,
            )
            .await;
        assert_eq!(status, 200);
    }
    let (status, _) = server
        .send(
            Method::DELETE,
            &format!("/api/events/{}", called_off.id),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(status, 200);

    let (status, body) = server.get("/api/me/calendar", Some(&ada)).await;
    assert_eq!(status, 200, "{body}");
    let url = body["url"].as_str().expect("url").to_string();
    let feed_path = format!("/cal/{}", url.split("/cal/").nth(1).expect("feed path"));
    assert!(feed_path.ends_with(".ics"));
    // The same URL on every visit (calendar apps keep it).
    let (_, again) = server.get("/api/me/calendar", Some(&ada)).await;
    assert_eq!(again["url"], url.as_str());
    let (status, headers, text) = fetch(&server, &feed_path, None).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    assert_eq!(headers["cache-control"], "private, max-age=300");
    let calendars = parse_ics(&text);
    let events = &calendars[0].events;
    let uid = |id: stoa_proto::EventId| format!("event-{id}@127.0.0.1");
    let uids: Vec<String> = events.iter().map(|e| prop(e, "UID").unwrap()).collect();
    assert_eq!(
        uids,
        [
            uid(hosted.id),
            uid(asked.id),
            uid(club_event.id),
            uid(called_off.id)
        ]
    );
    assert!(
        !uids.contains(&uid(followed_only.id)),
        "follows are not in the feed"
    );
    assert_eq!(prop(&events[3], "STATUS").as_deref(), Some("CANCELLED"));

    // Reset: the old URL is dead, the new one works.
    let (status, body) = server
        .post("/api/me/calendar/reset", Some(&ada), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let new_url = body["url"].as_str().expect("url").to_string();
    assert_ne!(new_url, url);
    let (status, _, _) = fetch(&server, &feed_path, None).await;
    assert_eq!(status, 404);
    let new_path = format!("/cal/{}", new_url.split("/cal/").nth(1).unwrap());
    let (status, _, text) = fetch(&server, &new_path, None).await;
    assert_eq!(status, 200);
    assert_eq!(parse_ics(&text)[0].events.len(), 4);
    let (_, shown) = server.get("/api/me/calendar", Some(&ada)).await;
    assert_eq!(
        shown["url"],
        new_url.as_str(),
        "the new URL is the one shown from now on"
    );
    let (status, _, _) = fetch(&server, "/cal/not-a-token.ics", None).await;
    assert_eq!(status, 404);
    let (status, _) = server.get("/api/me/calendar", None).await;
    assert_eq!(status, 401);
}
