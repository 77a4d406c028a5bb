//! A room's moderation log.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use stoa_proto::moderation::ModLog;
use stoa_proto::{ErrorBody, RoomId};
use utoipa::IntoParams;

use crate::extract::{ApiPath, ApiQuery, AuthMember};
use crate::{ApiError, AppState};

/// `?cursor=&limit=` of the moderation log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ModLogParams {
    /// Page size, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    cursor: Option<String>,
}

/// The room's moderation log, newest first: for site admins and the members who are or ever
/// were a moderator of the room; kept after the room ends.
#[utoipa::path(get, path = "/rooms/{id}/modlog", operation_id = "roomModLog", tag = "rooms",
    params(("id" = String, Path), ModLogParams),
    responses((status = 200, body = ModLog),
        (status = 400, description = "bad_request (cursor) or validation (limit)", body = ErrorBody),
        (status = 403, description = "forbidden: not a moderator of the room", body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn room_mod_log(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
    ApiQuery(page): ApiQuery<ModLogParams>,
) -> Result<Json<ModLog>, ApiError> {
    let log = state
        .stoa
        .rooms()
        .room_mod_log(&member, &RoomId(id), page.cursor.as_deref(), page.limit)
        .await?;
    Ok(Json(log))
}
