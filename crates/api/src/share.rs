//! Share links, outside `/api`: `/r/{room_id}` and `/u/{username}`.
//!
//! A signed-in member is sent straight to the web client's page (`303`). Anyone else gets a
//! small self-contained HTML preview with OpenGraph and Twitter-card tags, so the link unfurls
//! in other apps, and buttons to sign in or join the waitlist. A closed or members-only club
//! room's preview says only that the room is private (no title, stage, count or image). Every interpolated value is HTML-escaped.

use std::fmt::Write as _;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use stoa_proto::{ErrorCode, RoomId};
use stoa_service::share::{ProfilePreview, RoomPreview};
use stoa_service::ServiceError;

use crate::extract::session_token;
use crate::AppState;

/// Name shown as `og:site_name` and in page titles.
const SITE_NAME: &str = "Stoa";

/// The share-link routes (merged at the root, before the web client's fallback).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/r/{room_id}", get(room_page))
        .route("/u/{username}", get(profile_page))
}

/// `GET /r/{room_id}`.
async fn room_page(
    State(state): State<AppState>,
    Path(room_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let target = format!("/rooms/{}", encode_segment(&room_id));
    if signed_in(&state, &headers).await {
        return redirect(&target);
    }
    let preview = match state
        .stoa
        .rooms()
        .room_preview(&RoomId(room_id.clone()))
        .await
    {
        Ok(preview) => preview,
        Err(err) => return error_page(&err),
    };
    let url = state
        .stoa
        .config()
        .absolute_url(&format!("/r/{}", encode_segment(&room_id)));
    let signin = format!("/signin?next={target}");
    let page = match preview {
        RoomPreview::Private => Page {
            title: "A private room".to_string(),
            description: "This room is private: only members invited to it can join.".to_string(),
            og_type: "website",
            url,
            image: None,
            body: "<p class=\"kicker\">Private room</p>\
                   <h1>This room is private</h1>\
                   <p>Only members invited to it can join it.</p>"
                .to_string(),
            signin,
        },
        RoomPreview::Public {
            title,
            stage,
            listener_count,
            ended,
            image_url,
        } => {
            let names: Vec<&str> = stage.iter().map(|u| u.display_name.as_str()).collect();
            let status = if ended { "Ended" } else { "Live now" };
            let mut description = status.to_string();
            if !ended {
                let _ = write!(description, " · {}", listeners(listener_count));
            }
            if !names.is_empty() {
                let _ = write!(description, " · On stage: {}", names.join(", "));
            }
            let mut body = format!(
                "<p class=\"kicker{}\">{}</p><h1>{}</h1>",
                if ended { " ended" } else { " live" },
                status,
                escape(&title)
            );
            if !stage.is_empty() {
                body.push_str("<h2>On stage</h2><ul class=\"stage\">");
                for user in &stage {
                    let _ = write!(
                        body,
                        "<li>{} <span class=\"handle\">@{}</span></li>",
                        escape(&user.display_name),
                        escape(&user.username)
                    );
                }
                body.push_str("</ul>");
            }
            if !ended {
                let _ = write!(body, "<p class=\"count\">{}</p>", listeners(listener_count));
            }
            Page {
                title,
                description,
                og_type: "website",
                url,
                image: image_url,
                body,
                signin,
            }
        }
    };
    html(StatusCode::OK, &page.render())
}

/// `GET /u/{username}`.
async fn profile_page(
    State(state): State<AppState>,
    Path(username): Path<String>,
    headers: HeaderMap,
) -> Response {
    let target = format!("/users/{}", encode_segment(&username));
    if signed_in(&state, &headers).await {
        return redirect(&target);
    }
    let ProfilePreview {
        username,
        display_name,
        bio,
        followers,
        avatar_url,
    } = match state.stoa.social().profile_preview(&username).await {
        Ok(preview) => preview,
        Err(err) => return error_page(&err),
    };
    let follower_text = match followers {
        1 => "1 follower".to_string(),
        n => format!("{n} followers"),
    };
    let description = if bio.trim().is_empty() {
        format!("{display_name} is on {SITE_NAME} · {follower_text}")
    } else {
        format!("{} · {follower_text}", bio.trim())
    };
    let mut body = String::new();
    if let Some(image) = &avatar_url {
        let _ = write!(
            body,
            "<img class=\"avatar\" src=\"{}\" alt=\"\" width=\"96\" height=\"96\">",
            escape(image)
        );
    }
    let _ = write!(
        body,
        "<h1>{}</h1><p class=\"handle\">@{}</p>",
        escape(&display_name),
        escape(&username)
    );
    if !bio.trim().is_empty() {
        let _ = write!(body, "<p class=\"bio\">{}</p>", escape(bio.trim()));
    }
    let _ = write!(body, "<p class=\"count\">{follower_text}</p>");
    let page = Page {
        title: format!("{display_name} (@{username})"),
        description,
        og_type: "profile",
        url: state
            .stoa
            .config()
            .absolute_url(&format!("/u/{}", encode_segment(&username))),
        image: avatar_url,
        body,
        signin: format!("/signin?next=/users/{}", encode_segment(&username)),
    };
    html(StatusCode::OK, &page.render())
}

/// Whether the request carries a valid session.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> bool {
    match session_token(headers) {
        Some(token) => state.stoa.accounts().authenticate(&token).await.is_ok(),
        None => false,
    }
}

/// A preview page's content. `body` is already-escaped HTML; every other field is plain text.
struct Page {
    title: String,
    description: String,
    og_type: &'static str,
    url: String,
    image: Option<String>,
    body: String,
    signin: String,
}

impl Page {
    fn render(&self) -> String {
        let title = escape(&self.title);
        let description = escape(&self.description);
        let url = escape(&self.url);
        let mut meta = String::new();
        let _ = write!(
            meta,
            "<meta name=\"description\" content=\"{description}\">\n\
             <meta property=\"og:site_name\" content=\"{SITE_NAME}\">\n\
             <meta property=\"og:type\" content=\"{}\">\n\
             <meta property=\"og:title\" content=\"{title}\">\n\
             <meta property=\"og:description\" content=\"{description}\">\n\
             <meta property=\"og:url\" content=\"{url}\">\n\
             <meta name=\"twitter:card\" content=\"summary\">\n\
             <meta name=\"twitter:title\" content=\"{title}\">\n\
             <meta name=\"twitter:description\" content=\"{description}\">\n",
            self.og_type
        );
        if let Some(image) = &self.image {
            let image = escape(image);
            let _ = write!(
                meta,
                "<meta property=\"og:image\" content=\"{image}\">\n\
                 <meta name=\"twitter:image\" content=\"{image}\">\n"
            );
        }
        format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title} · {SITE_NAME}</title>\n{meta}<link rel=\"canonical\" href=\"{url}\">\n\
             <style>{STYLE}</style>\n</head>\n<body>\n<main class=\"card\">\n\
             <p class=\"brand\">{SITE_NAME}</p>\n{}\n<div class=\"actions\">\
             <a class=\"button primary\" href=\"{}\">Sign in</a>\
             <a class=\"button\" href=\"/waitlist\">Join the waitlist</a></div>\n\
             <p class=\"note\">{SITE_NAME} is an invite-only network of live audio rooms.</p>\n\
             </main>\n</body>\n</html>\n",
            self.body,
            escape(&self.signin)
        )
    }
}

/// The pages' inline style sheet.
const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;\
font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#f2efe6;color:#1f1d1a}\
.card{background:#fff;max-width:28rem;width:calc(100% - 2rem);padding:2rem;border-radius:1.25rem;\
box-shadow:0 6px 24px rgba(0,0,0,.08)}\
.brand{margin:0 0 1rem;font-weight:700;letter-spacing:.04em;color:#6b5e3e}\
h1{margin:.25rem 0 .5rem;font-size:1.5rem;line-height:1.25;overflow-wrap:anywhere}\
h2{margin:1.25rem 0 .5rem;font-size:.95rem;color:#555}\
.kicker{margin:0;font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.06em;color:#777}\
.kicker.live{color:#1a7f37}\
.stage{list-style:none;padding:0;margin:0}.stage li{padding:.2rem 0}\
.handle{color:#777}.bio{white-space:pre-line;overflow-wrap:anywhere}.count{color:#555}\
.avatar{width:96px;height:96px;border-radius:50%;object-fit:cover}\
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.5rem}\
.button{display:inline-block;padding:.6rem 1.1rem;border-radius:999px;border:1px solid #1f1d1a;\
color:#1f1d1a;text-decoration:none;font-weight:600}\
.button.primary{background:#1f1d1a;color:#fff}\
.note{margin-top:1.5rem;font-size:.8rem;color:#888}";

fn listeners(count: u32) -> String {
    match count {
        1 => "1 listener".to_string(),
        n => format!("{n} listeners"),
    }
}

/// A `303 See Other` to `location` (a path built from percent-encoded segments).
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An HTML page with the headers every preview gets: no caching (counts change), and a policy
/// that forbids scripts outright.
fn html(status: StatusCode, body: &str) -> Response {
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (
                axum::http::header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; \
                 base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// The page for a failed lookup: `404` for unknown rooms and members, `500` otherwise.
fn error_page(err: &ServiceError) -> Response {
    let (status, heading, text) = match err.code() {
        ErrorCode::NotFound => (
            StatusCode::NOT_FOUND,
            "Not found",
            "This link does not lead anywhere: the room or member does not exist.",
        ),
        _ => {
            tracing::error!(error = %err, "share page failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "The page could not be shown. Try again in a moment.",
            )
        }
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{heading} · {SITE_NAME}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <main class=\"card\">\n<p class=\"brand\">{SITE_NAME}</p>\n<h1>{heading}</h1>\n\
         <p>{text}</p>\n<div class=\"actions\"><a class=\"button primary\" href=\"/\">Open {SITE_NAME}</a>\
         </div>\n</main>\n</body>\n</html>\n"
    );
    html(status, &page)
}

/// Escapes text for HTML content and double- or single-quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a path segment: everything but ASCII letters, digits and `-._~`.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("plain ünïcode"), "plain ünïcode");
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(encode_segment("abc_12-x"), "abc_12-x");
        assert_eq!(encode_segment("a/b?c d\"<"), "a%2Fb%3Fc%20d%22%3C");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }
}
