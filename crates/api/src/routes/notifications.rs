//! Notifications (list, mark read) and presence (friends online).

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use stoa_proto::rest::{FriendsOnline, MarkReadRequest, NotificationList, UnreadCount};
use stoa_proto::ErrorBody;
use utoipa::IntoParams;

use crate::extract::{ApiJson, ApiQuery, AuthMember};
use crate::{ApiError, AppState};

/// `?cursor=&limit=` of the notification list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NotificationParams {
    /// Page size, 1–100 (default 30).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    cursor: Option<String>,
}

/// The signed-in member's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/notifications", operation_id = "notifications", tag = "notifications",
    params(NotificationParams),
    responses((status = 200, body = NotificationList),
        (status = 400, description = "bad_request (cursor) or validation (limit)", body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiQuery(page): ApiQuery<NotificationParams>,
) -> Result<Json<NotificationList>, ApiError> {
    let list = state
        .stoa
        .notifications()
        .notifications_page(&member, page.cursor.as_deref(), page.limit)
        .await?;
    Ok(Json(list))
}

/// Mark some (`ids`; others' ids are ignored) or `all` notifications read. The member's open
/// WebSocket sessions get the new count as `unread_count`.
#[utoipa::path(post, path = "/notifications/read", operation_id = "markNotificationsRead", tag = "notifications",
    request_body = MarkReadRequest,
    responses((status = 200, body = UnreadCount),
        (status = 400, description = "validation: too many ids", body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiJson(req): ApiJson<MarkReadRequest>,
) -> Result<Json<UnreadCount>, ApiError> {
    Ok(Json(
        state
            .stoa
            .notifications()
            .mark_notifications_read(&member, req)
            .await?,
    ))
}

/// The members the signed-in member follows who are online now (blocked ones left out either
/// way), each with the room they are in when the viewer may join it.
#[utoipa::path(get, path = "/me/friends-online", operation_id = "friendsOnline", tag = "notifications",
    responses((status = 200, body = FriendsOnline), (status = 401, body = ErrorBody)))]
pub(crate) async fn friends_online(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<FriendsOnline>, ApiError> {
    Ok(Json(
        state
            .stoa
            .presence()
            .friends_online(member.record.id)
            .await?,
    ))
}
