//! Share links `/r/{room}` and `/u/{username}`: signed-out previews with OpenGraph tags and
//! escaped values, private closed rooms, redirects for members, 404 for unknown links.

mod common;

use common::{code, TestServer};
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};
use serde_json::json;
use stoa_proto::ws::ClientMessage;

/// A client that does not follow redirects.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// GETs `path` signed out (or with `cookie` as the session cookie): (status, headers, text).
async fn page(
    server: &TestServer,
    path: &str,
    session: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = client().get(format!("{}{path}", server.base()));
    if let Some(token) = session {
        req = req.header(COOKIE, format!("stoa_session={token}"));
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.expect("text"))
}

/// The `content` of `<meta property|name="{key}" content="...">`, as written (escaped).
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let start = html
        .find(&format!("property=\"{key}\" content=\""))
        .or_else(|| html.find(&format!("name=\"{key}\" content=\"")))?;
    let rest = &html[start..];
    let rest = &rest[rest.find("content=\"")? + "content=\"".len()..];
    Some(&rest[..rest.find('"')?])
}

/// `text` with HTML character references decoded (named ones for markup, and numeric ones).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').expect("a character reference ends with ;");
        let decoded = match &rest[1..end] {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            num => num
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32)
                .unwrap_or_else(|| panic!("unknown reference {num}")),
        };
        out.push(decoded);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of a `<meta>` tag's `content`: escaped as written (no raw markup or quote can end
/// the attribute early), decoded.
fn meta_text(html: &str, key: &str) -> Option<String> {
    let raw = meta(html, key)?;
    assert!(!raw.contains(['<', '>', '\'']), "{key} is escaped: {raw}");
    Some(unescape(raw))
}

const EVIL_TITLE: &str = r#"<script>alert("x")</script> & 'friends'"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn room_preview_for_signed_out_visitors() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (status, _) = server
        .http
        .patch(format!("{}/api/me", server.base()))
        .bearer_auth(&admin)
        .json(&json!({"display_name": "Ada <b>\"Host\"</b>"}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .expect("patch");
    assert_eq!(status, 200);
    let bob = server.member(&admin, "bob").await;
    let room = server.room(&admin, EVIL_TITLE).await;
    let mut host = server.joined(&admin, &room).await;
    let _listener = server.joined(&bob, &room).await;

    let (status, headers, html) = page(&server, &format!("/r/{}", room.0), None).await;
    assert_eq!(status, 200, "{html}");
    assert!(headers[CONTENT_TYPE]
        .to_str()
        .expect("type")
        .starts_with("text/html"));
    assert!(!html.contains("<script"), "the title is escaped: {html}");
    assert!(!html.contains("<b>"), "names are escaped");
    assert_eq!(meta_text(&html, "og:title").as_deref(), Some(EVIL_TITLE));
    assert_eq!(meta(&html, "twitter:card"), Some("summary"));
    assert_eq!(meta(&html, "og:site_name"), Some("Stoa"));
    assert_eq!(meta(&html, "og:type"), Some("website"));
    let url = format!("/r/{}", room.0);
    assert!(meta(&html, "og:url").expect("og:url").ends_with(&url));
    let description = meta_text(&html, "og:description").expect("description");
    assert!(description.contains("Live now"), "{description}");
    assert!(description.contains("1 listener"), "{description}");
    assert!(
        description.contains("Ada <b>\"Host\"</b>"),
        "stage names in the description: {description}"
    );
    assert!(
        unescape(&html).contains("<li>Ada <b>\"Host\"</b> <span class=\"handle\">@admin</span>"),
        "stage listed"
    );
    assert!(html.contains(&format!("href=\"/signin?next=/rooms/{}\"", room.0)));
    assert!(html.contains("href=\"/waitlist\""));
    assert_eq!(meta(&html, "og:image"), None, "no avatar yet");

    // With an avatar on stage, the preview shows it.
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::new(32, 32))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    let resp = server
        .http
        .put(format!("{}/api/me/avatar", server.base()))
        .bearer_auth(&admin)
        .body(png.into_inner())
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status().as_u16(), 200);
    let (_, _, html) = page(&server, &format!("/r/{}", room.0), None).await;
    let image = meta(&html, "og:image").expect("og:image");
    assert_eq!(
        image,
        format!("{}/api/users/admin/avatar?v=1", server.base())
    );

    // Members go straight to the room.
    let (status, headers, _) = page(&server, &format!("/r/{}", room.0), Some(&bob)).await;
    assert_eq!(status, 303);
    assert_eq!(headers[LOCATION], format!("/rooms/{}", room.0).as_str());
    // A stale cookie is treated as signed out.
    let (status, _, _) = page(&server, &format!("/r/{}", room.0), Some("stale")).await;
    assert_eq!(status, 200);

    // Once the stage is empty the room ends, and the preview says so.
    host.send(ClientMessage::LeaveRoom).await;
    let mut last = String::new();
    for _ in 0..50 {
        let (status, _, html) = page(&server, &format!("/r/{}", room.0), None).await;
        assert_eq!(status, 200);
        last = html;
        if meta(&last, "og:description").is_some_and(|d| d.starts_with("Ended")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(meta(&last, "og:description"), Some("Ended"), "{last}");
    assert_eq!(meta_text(&last, "og:title").as_deref(), Some(EVIL_TITLE));
    assert!(!last.contains("<script"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_rooms_show_only_that_they_are_private() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&admin),
            json!({"title": "Top secret plans", "kind": "closed"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let room = body["id"].as_str().expect("id").to_string();
    let _host = server
        .joined(&admin, &stoa_proto::RoomId(room.clone()))
        .await;

    let (status, _, html) = page(&server, &format!("/r/{room}"), None).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Top secret"), "no title: {html}");
    assert!(
        !html.contains("ADMIN") && !html.contains("@admin"),
        "no names: {html}"
    );
    assert!(html.contains("private"));
    assert!(meta(&html, "og:title").is_some());
    assert_eq!(meta(&html, "og:image"), None);
}

/// Closed and members-only club rooms: their summary (`GET /api/rooms/{id}`) is shown only to
/// members who may join them; anyone else gets `404 not_found`, as for an unknown room; the
/// signed-out share page shows neither title nor stage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_rooms_are_shown_only_to_members_who_may_join() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    let dave = server.member(&admin, "dave").await;
    let summary = |token: String, room: String| {
        let server = &server;
        async move {
            server
                .get(&format!("/api/rooms/{room}"), Some(&token))
                .await
        }
    };

    // A closed room naming bob.
    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&admin),
            json!({"title": "Top secret plans", "kind": "closed", "invited": ["bob"]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let closed = body["id"].as_str().expect("id").to_string();
    let _host = server
        .joined(&admin, &stoa_proto::RoomId(closed.clone()))
        .await;

    // Who may join sees the summary: the moderator and the named member.
    for (who, token) in [("moderator", &admin), ("named member", &bob)] {
        let (status, body) = summary(token.clone(), closed.clone()).await;
        assert_eq!(
            (status, body["title"].as_str()),
            (200, Some("Top secret plans")),
            "{who}: {body}"
        );
    }
    // Who may not join is told there is no such room, with nothing about it.
    for token in [&carol, &dave] {
        let (status, body) = summary(token.clone(), closed.clone()).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        assert!(!body.to_string().contains("Top secret"), "{body}");
    }
    let (status, body) = summary(carol.clone(), "nosuchroom".to_string()).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    // Signed out, the share page says only that the room is private.
    private_page(&server, &closed, "Top secret").await;

    // A ping admits carol to the closed room: now she sees it.
    let (status, body) = server
        .post(
            &format!("/api/rooms/{closed}/pings"),
            Some(&admin),
            json!({"username": "carol"}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = summary(carol.clone(), closed.clone()).await;
    assert_eq!(
        (status, body["title"].as_str()),
        (200, Some("Top secret plans")),
        "{body}"
    );

    // A members-only club room; dave is in the club, bob and carol are not.
    let (status, body) = server
        .post(
            "/api/clubs",
            Some(&admin),
            json!({"name": "Rustaceans", "description": "d", "join_policy": "open"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let club = body["id"].as_i64().expect("club id");
    let path = format!("/api/clubs/{club}/membership");
    let (status, body) = server
        .send(reqwest::Method::PUT, &path, Some(&dave), None)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = server
        .post(
            "/api/rooms",
            Some(&admin),
            json!({"title": "Members weekly", "club_id": club, "members_only": true}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let members_only = body["id"].as_str().expect("id").to_string();
    // The host moves there (so the closed room ends: still hidden from dave, still shown to
    // bob, who was named).
    let _club_host = server
        .joined(&admin, &stoa_proto::RoomId(members_only.clone()))
        .await;
    for (who, token) in [("moderator", &admin), ("club member", &dave)] {
        let (status, body) = summary(token.clone(), members_only.clone()).await;
        assert_eq!(
            (status, body["title"].as_str()),
            (200, Some("Members weekly")),
            "{who}: {body}"
        );
    }
    for token in [&bob, &carol] {
        let (status, body) = summary(token.clone(), members_only.clone()).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        assert!(!body.to_string().contains("Members weekly"), "{body}");
    }
    private_page(&server, &members_only, "Members weekly").await;
    let (status, body) = summary(dave.clone(), closed.clone()).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = summary(bob.clone(), closed.clone()).await;
    assert_eq!(status, 200, "{body}");
}

/// The signed-out share page of `room` says it is private, with no `title`, names or image.
async fn private_page(server: &TestServer, room: &str, title: &str) {
    let (status, _, html) = page(server, &format!("/r/{room}"), None).await;
    assert_eq!(status, 200);
    assert!(!html.contains(title), "no title: {html}");
    assert!(
        !html.contains("ADMIN") && !html.contains("@admin"),
        "no names: {html}"
    );
    assert!(html.contains("private"), "{html}");
    assert_eq!(meta(&html, "og:image"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_preview_and_unknown_links() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let resp = server
        .http
        .patch(format!("{}/api/me", server.base()))
        .bearer_auth(&admin)
        .json(&json!({"bio": "I host <i>things</i> & \"stuff\""}))
        .send()
        .await
        .expect("patch");
    assert_eq!(resp.status().as_u16(), 200);
    let resp = server
        .http
        .put(format!("{}/api/users/admin/follow", server.base()))
        .bearer_auth(&bob)
        .send()
        .await
        .expect("follow");
    assert_eq!(resp.status().as_u16(), 204);

    let (status, _, html) = page(&server, "/u/ADMIN", None).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(meta(&html, "og:title"), Some("ADMIN (@admin)"));
    assert_eq!(meta(&html, "og:type"), Some("profile"));
    assert_eq!(meta(&html, "twitter:card"), Some("summary"));
    assert!(unescape(&html).contains("<p class=\"bio\">I host <i>things</i> & \"stuff\"</p>"));
    assert!(!html.contains("<i>"));
    assert!(html.contains("1 follower"), "{html}");
    assert!(
        html.contains("href=\"/signin?next=/users/admin\""),
        "{html}"
    );
    assert!(html.contains("href=\"/waitlist\""));

    let (status, headers, _) = page(&server, "/u/admin", Some(&bob)).await;
    assert_eq!(status, 303);
    assert_eq!(headers[LOCATION], "/users/admin");

    for path in ["/r/nosuchroom", "/u/nobody"] {
        let (status, headers, html) = page(&server, path, None).await;
        assert_eq!(status, 404, "{path}");
        assert!(headers[CONTENT_TYPE]
            .to_str()
            .expect("type")
            .starts_with("text/html"));
        assert!(html.contains("Not found"));
    }
    // Odd characters in a link are escaped too, never reflected raw.
    let (status, _, html) = page(&server, "/u/%3Cscript%3E", None).await;
    assert_eq!(status, 404);
    assert!(!html.contains("<script"));
}
