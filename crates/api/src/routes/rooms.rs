//! Rooms: the hallway, starting a room, one room's summary, changing its kind, pings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use stoa_proto::rest::{CreateRoomRequest, Hallway, PingRequest, RoomSummary, UpdateRoomRequest};
use stoa_proto::{ErrorBody, RoomId};

use crate::extract::{ApiJson, ApiPath, AuthMember};
use crate::{ApiError, AppState};

/// The hallway: the live rooms the caller may join, ranked for them (followed people on stage,
/// then in the audience, then size), each with the reason it is there.
#[utoipa::path(get, path = "/rooms", operation_id = "hallway", tag = "rooms",
    responses((status = 200, body = Hallway), (status = 401, body = ErrorBody)))]
pub(crate) async fn hallway(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<Hallway>, ApiError> {
    Ok(Json(
        state.stoa.presence().hallway_for(member.record.id).await?,
    ))
}

/// Start a room; the caller becomes its moderator (then joins it over the WebSocket).
#[utoipa::path(post, path = "/rooms", operation_id = "createRoom", tag = "rooms", request_body = CreateRoomRequest,
    responses((status = 201, body = RoomSummary), (status = 400, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiJson(req): ApiJson<CreateRoomRequest>,
) -> Result<(StatusCode, Json<RoomSummary>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.stoa.rooms().create_room(&member, req).await?),
    ))
}

/// One room (live or ended). A closed or members-only club room is shown only to members who
/// may join it (or are in it); to anyone else it is `404 not_found`, like an unknown room.
#[utoipa::path(get, path = "/rooms/{id}", operation_id = "getRoom", tag = "rooms",
    params(("id" = String, Path)),
    responses((status = 200, body = RoomSummary),
        (status = 404, description = "not_found: no such room, or a private room the caller may \
            not join", body = ErrorBody)))]
pub(crate) async fn get_room(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<RoomSummary>, ApiError> {
    Ok(Json(
        state
            .stoa
            .rooms()
            .room_summary_for(member.record.id, &RoomId(id))
            .await?,
    ))
}

/// Change who may join a live room (moderators of the room only), e.g. open a closed room.
/// Everyone in the room gets `room_kind_changed`.
#[utoipa::path(patch, path = "/rooms/{id}", operation_id = "updateRoom", tag = "rooms", request_body = UpdateRoomRequest,
    params(("id" = String, Path)),
    responses((status = 200, body = RoomSummary),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: not a moderator of the room", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 410, description = "room_ended", body = ErrorBody)))]
pub(crate) async fn update_room(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateRoomRequest>,
) -> Result<Json<RoomSummary>, ApiError> {
    let id = RoomId(id);
    state
        .stoa
        .rooms()
        .set_room_kind(&member, &id, req.kind)
        .await?;
    Ok(Json(state.stoa.rooms().room_summary(&id).await?))
}

/// Ping a member into a live room the caller is in: they are admitted (even to a social or
/// closed room) and notified. In social and closed rooms only people on stage may ping.
/// At most 10 pings a minute per sender.
#[utoipa::path(post, path = "/rooms/{id}/pings", operation_id = "pingIntoRoom", tag = "rooms", request_body = PingRequest,
    params(("id" = String, Path)),
    responses((status = 204),
        (status = 400, description = "validation: pinging yourself", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden (audience of a social/closed room) or blocked", body = ErrorBody),
        (status = 404, description = "unknown room or member", body = ErrorBody),
        (status = 409, description = "not_in_room: the caller is not in the room; invalid_state: the member was removed from it", body = ErrorBody),
        (status = 410, description = "room_ended", body = ErrorBody),
        (status = 429, description = "rate_limited", body = ErrorBody)))]
pub(crate) async fn ping(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<PingRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .stoa
        .rooms()
        .ping(&member, &RoomId(id), &req.username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
