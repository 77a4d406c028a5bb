//! Rooms: the hallway, starting a room, one room's summary.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use stoa_proto::rest::{CreateRoomRequest, Hallway, RoomSummary};
use stoa_proto::{ErrorBody, RoomId};

use crate::extract::{ApiJson, AuthMember};
use crate::{ApiError, AppState};

/// The live rooms.
#[utoipa::path(get, path = "/api/rooms", tag = "rooms",
    responses((status = 200, body = Hallway), (status = 401, body = ErrorBody)))]
pub(crate) async fn hallway(State(state): State<AppState>, _auth: AuthMember) -> Json<Hallway> {
    Json(state.stoa.hallway())
}

/// Start a room; the caller becomes its moderator (then joins it over the WebSocket).
#[utoipa::path(post, path = "/api/rooms", tag = "rooms", request_body = CreateRoomRequest,
    responses((status = 201, body = RoomSummary), (status = 400, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiJson(req): ApiJson<CreateRoomRequest>,
) -> Result<(StatusCode, Json<RoomSummary>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.stoa.create_room(&member, req).await?),
    ))
}

/// One room (live or ended).
#[utoipa::path(get, path = "/api/rooms/{id}", tag = "rooms",
    params(("id" = String, Path)),
    responses((status = 200, body = RoomSummary), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_room(
    State(state): State<AppState>,
    _auth: AuthMember,
    Path(id): Path<String>,
) -> Result<Json<RoomSummary>, ApiError> {
    Ok(Json(state.stoa.room_summary(&RoomId(id)).await?))
}
