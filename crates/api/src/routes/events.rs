//! Scheduled events: `/api/events…`, the member's calendar feed URL (`/api/me/calendar…`), and
//! the feed itself at `/cal/{token}.ics` (outside `/api`, no session: the token is the key).

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use stoa_proto::events::{CalendarFeed, CreateEventRequest, Event, EventList, UpdateEventRequest};
use stoa_proto::rest::RoomRef;
use stoa_proto::{ErrorBody, EventId};
use stoa_service::ServiceError;

use crate::extract::{ApiJson, ApiPath, AuthMember};
use crate::{ApiError, AppState};

/// The iCalendar media type.
const CALENDAR: &str = "text/calendar; charset=utf-8";

/// An event id from the path; anything but a number names no event (`not_found`).
fn event_id(raw: &str) -> Result<EventId, ApiError> {
    raw.parse()
        .map(EventId)
        .map_err(|_| ServiceError::NotFound("event").into())
}

/// Schedule an event (a club event: the club's founder, admins or leaders only).
#[utoipa::path(post, path = "/events", operation_id = "createEvent", tag = "events", request_body = CreateEventRequest,
    responses((status = 200, body = Event),
        (status = 400, description = "validation: title, description, start time, co-hosts", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: club event by a plain member; blocked: a co-host", body = ErrorBody),
        (status = 404, description = "unknown co-host or club", body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiJson(req): ApiJson<CreateEventRequest>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(state.stoa.events().create_event(&member, req).await?))
}

/// One event (members-only club events are `not_found` for non-members).
#[utoipa::path(get, path = "/events/{id}", operation_id = "getEvent", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = Event), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn get_event(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        state
            .stoa
            .events()
            .event(member.record.id, event_id(&id)?)
            .await?,
    ))
}

/// Edit an event (hosts, or the club's admins); members who asked to be notified hear of a
/// new time or title.
#[utoipa::path(patch, path = "/events/{id}", operation_id = "updateEvent", tag = "events", params(("id" = i64, Path)),
    request_body = UpdateEventRequest,
    responses((status = 200, body = Event), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state: cancelled or started", body = ErrorBody)))]
pub(crate) async fn update(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateEventRequest>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        state
            .stoa
            .events()
            .update_event(&member, event_id(&id)?, req)
            .await?,
    ))
}

/// Cancel an event (hosts, or the club's admins); returns it cancelled.
#[utoipa::path(delete, path = "/events/{id}", operation_id = "cancelEvent", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = Event), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state: started", body = ErrorBody)))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        state
            .stoa
            .events()
            .cancel_event(&member, event_id(&id)?)
            .await?,
    ))
}

/// Ask to be notified when the event changes or goes live.
#[utoipa::path(put, path = "/events/{id}/notify", operation_id = "eventNotifyOn", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = Event), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn notify_on(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        state
            .stoa
            .events()
            .set_event_notify(&member, event_id(&id)?, true)
            .await?,
    ))
}

/// Stop being notified of the event.
#[utoipa::path(delete, path = "/events/{id}/notify", operation_id = "eventNotifyOff", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = Event), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn notify_off(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        state
            .stoa
            .events()
            .set_event_notify(&member, event_id(&id)?, false)
            .await?,
    ))
}

/// Open the event's room (hosts, or the club's admins); up to 30 minutes early. Starting
/// twice gives the same room.
#[utoipa::path(post, path = "/events/{id}/start", operation_id = "startEvent", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = RoomRef), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state: cancelled, ended or too early", body = ErrorBody)))]
pub(crate) async fn start(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<RoomRef>, ApiError> {
    Ok(Json(
        state
            .stoa
            .events()
            .start_event(&member, event_id(&id)?)
            .await?,
    ))
}

/// The viewer's upcoming events, soonest first.
#[utoipa::path(get, path = "/events/upcoming", operation_id = "upcomingEvents", tag = "events",
    responses((status = 200, body = EventList), (status = 401, body = ErrorBody)))]
pub(crate) async fn upcoming(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<EventList>, ApiError> {
    Ok(Json(
        state
            .stoa
            .events()
            .upcoming_events(member.record.id)
            .await?,
    ))
}

/// One event as an iCalendar file.
#[utoipa::path(get, path = "/events/{id}/ics", operation_id = "eventIcs", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn ics(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let (file, text) = state
        .stoa
        .events()
        .event_ics(member.record.id, event_id(&id)?)
        .await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
        .map_err(|e| ApiError::from(ServiceError::Internal(e.to_string())))?;
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(CALENDAR)),
            (CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}

/// A URL of the caller's private calendar feed.
#[utoipa::path(get, path = "/me/calendar", operation_id = "calendarFeed", tag = "events",
    responses((status = 200, body = CalendarFeed), (status = 401, body = ErrorBody)))]
pub(crate) async fn calendar(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<CalendarFeed>, ApiError> {
    Ok(Json(state.stoa.events().calendar_feed(&member).await?))
}

/// Revoke every URL of the caller's calendar feed and get a new one.
#[utoipa::path(post, path = "/me/calendar/reset", operation_id = "resetCalendarFeed", tag = "events",
    responses((status = 200, body = CalendarFeed), (status = 401, body = ErrorBody)))]
pub(crate) async fn reset_calendar(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<CalendarFeed>, ApiError> {
    Ok(Json(
        state.stoa.events().reset_calendar_feed(&member).await?,
    ))
}

/// The feed route (merged at the root, before the web client's fallback).
pub(crate) fn feed_routes() -> Router<AppState> {
    Router::new().route("/cal/{file}", get(feed))
}

/// `GET /cal/{token}.ics`: no session; an unknown or revoked token is `404`.
async fn feed(State(state): State<AppState>, ApiPath(file): ApiPath<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return ApiError::from(ServiceError::NotFound("calendar")).into_response();
    };
    match state.stoa.events().calendar_feed_ics(token).await {
        Ok(text) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(CALENDAR)),
                (
                    CACHE_CONTROL,
                    HeaderValue::from_static("private, max-age=300"),
                ),
            ],
            text,
        )
            .into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}
