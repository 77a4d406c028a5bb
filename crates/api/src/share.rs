//! Share links, outside `/api`: `/r/{room_id}` and `/u/{username}`.
//!
//! A signed-in member is sent straight to the web client's page (`303`). Anyone else gets a
//! small self-contained HTML preview with OpenGraph and Twitter-card tags, so the link unfurls
//! in other apps, and buttons to sign in or join the waitlist. A closed or members-only club
//! room's preview says only that the room is private (no title, stage, count or image). The
//! pages are templates ([`pages`]) that HTML-escape every interpolated value.

mod pages;

use std::fmt::Write as _;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use stoa_proto::{ErrorCode, RoomId};
use stoa_service::share::{ProfilePreview, RoomPreview};
use stoa_service::ServiceError;

use self::pages::{ErrorPage, Meta, PrivateRoomPage, ProfilePage, RoomPage, SITE_NAME};
use crate::extract::session_token;
use crate::AppState;

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
    match preview {
        RoomPreview::Private => render(&PrivateRoomPage {
            meta: Meta {
                title: "A private room".to_string(),
                description: "This room is private: only members invited to it can join."
                    .to_string(),
                og_type: "website",
                url,
                image: None,
                signin,
            },
        }),
        RoomPreview::Public {
            title,
            stage,
            listener_count,
            ended,
            image_url,
        } => {
            let status = if ended { "Ended" } else { "Live now" };
            let mut description = status.to_string();
            if !ended {
                let _ = write!(description, " · {}", listeners(listener_count));
            }
            if !stage.is_empty() {
                let names: Vec<&str> = stage.iter().map(|u| u.display_name.as_str()).collect();
                let _ = write!(description, " · On stage: {}", names.join(", "));
            }
            render(&RoomPage {
                meta: Meta {
                    title,
                    description,
                    og_type: "website",
                    url,
                    image: image_url,
                    signin,
                },
                status,
                ended,
                stage,
                listeners: listeners(listener_count),
            })
        }
    }
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
    let followers = match followers {
        1 => "1 follower".to_string(),
        n => format!("{n} followers"),
    };
    let bio = bio.trim().to_string();
    let description = if bio.is_empty() {
        format!("{display_name} is on {SITE_NAME} · {followers}")
    } else {
        format!("{bio} · {followers}")
    };
    let meta = Meta {
        title: format!("{display_name} (@{username})"),
        description,
        og_type: "profile",
        url: state
            .stoa
            .config()
            .absolute_url(&format!("/u/{}", encode_segment(&username))),
        image: avatar_url.clone(),
        signin: format!("/signin?next=/users/{}", encode_segment(&username)),
    };
    render(&ProfilePage {
        meta,
        avatar: avatar_url,
        display_name,
        username,
        bio,
        followers,
    })
}

/// Whether the request carries a valid session.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> bool {
    match session_token(headers) {
        Some(token) => state.stoa.accounts().authenticate(&token).await.is_ok(),
        None => false,
    }
}

/// `page` as a `200` HTML response.
fn render(page: &impl Template) -> Response {
    render_with(StatusCode::OK, page)
}

/// `page` as an HTML response with `status` (a bare `500` if the template fails, which only a
/// formatting error inside a value's `Display` could make it do).
fn render_with(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => html(status, body),
        Err(err) => {
            tracing::error!(error = %err, "share page failed to render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

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
fn html(status: StatusCode, body: String) -> Response {
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
        body,
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
    render_with(status, &ErrorPage { heading, text })
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
    fn segments_are_percent_encoded() {
        assert_eq!(encode_segment("abc_12-x"), "abc_12-x");
        assert_eq!(encode_segment("a/b?c d\"<"), "a%2Fb%3Fc%20d%22%3C");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }
}
