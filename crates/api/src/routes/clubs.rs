//! Clubs: `/api/clubs/...` and `GET /api/me/clubs`.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use stoa_proto::clubs::{
    Club, ClubJoinRequestList, ClubList, ClubMemberList, ClubMembership, CreateClubRequest,
    SetClubRoleRequest, UpdateClubRequest,
};
use stoa_proto::{ClubId, ErrorBody};
use stoa_service::avatars::MAX_AVATAR_BYTES;
use utoipa::IntoParams;

use super::avatars::{image_response, read_limited, AvatarParams};
use crate::extract::{ApiJson, ApiPath, ApiQuery, AuthMember};
use crate::{ApiError, AppState};

/// `?q=` of the club search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ClubSearchParams {
    /// Name prefix (ignoring case); empty or absent browses every club by name.
    #[serde(default)]
    q: String,
}

/// `?cursor=&limit=` of the members list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MembersParams {
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// Search or browse clubs by name (at most 50).
#[utoipa::path(get, path = "/clubs", operation_id = "searchClubs", tag = "clubs", params(ClubSearchParams),
    responses((status = 200, body = ClubList), (status = 401, body = ErrorBody)))]
pub(crate) async fn search(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiQuery(params): ApiQuery<ClubSearchParams>,
) -> Result<Json<ClubList>, ApiError> {
    Ok(Json(
        state.stoa.clubs().search_clubs(&member, &params.q).await?,
    ))
}

/// The caller's clubs, by name.
#[utoipa::path(get, path = "/me/clubs", operation_id = "myClubs", tag = "clubs",
    responses((status = 200, body = ClubList), (status = 401, body = ErrorBody)))]
pub(crate) async fn mine(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<ClubList>, ApiError> {
    Ok(Json(state.stoa.clubs().my_clubs(&member).await?))
}

/// Create a club; the caller becomes its founder.
#[utoipa::path(post, path = "/clubs", operation_id = "createClub", tag = "clubs", request_body = CreateClubRequest,
    responses((status = 201, body = Club),
        (status = 400, description = "validation: bad length or the name is taken", body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiJson(req): ApiJson<CreateClubRequest>,
) -> Result<(StatusCode, Json<Club>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.stoa.clubs().create_club(&member, req).await?),
    ))
}

/// The club page.
#[utoipa::path(get, path = "/clubs/{id}", operation_id = "getClub", tag = "clubs", params(("id" = i64, Path)),
    responses((status = 200, body = Club), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_club(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Club>, ApiError> {
    Ok(Json(
        state
            .stoa
            .clubs()
            .club_page(ClubId(id), member.record.id)
            .await?,
    ))
}

/// Edit a club (founder and admins).
#[utoipa::path(patch, path = "/clubs/{id}", operation_id = "updateClub", tag = "clubs", params(("id" = i64, Path)),
    request_body = UpdateClubRequest,
    responses((status = 200, body = Club), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn update(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<UpdateClubRequest>,
) -> Result<Json<Club>, ApiError> {
    Ok(Json(
        state
            .stoa
            .clubs()
            .update_club(&member, ClubId(id), req)
            .await?,
    ))
}

/// Set the club's icon (founder and admins): the raw image, processed and limited like avatars
/// (the uploader's allowance is shared with their avatar uploads).
#[utoipa::path(put, path = "/clubs/{id}/icon", operation_id = "uploadClubIcon", tag = "clubs", params(("id" = i64, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = Club), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 429, description = "rate_limited; see `Retry-After`", body = ErrorBody)))]
pub(crate) async fn upload_icon(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
    body: Body,
) -> Result<Json<Club>, ApiError> {
    let bytes = read_limited(body, MAX_AVATAR_BYTES).await?;
    Ok(Json(
        state
            .stoa
            .clubs()
            .set_club_icon(&member, ClubId(id), bytes)
            .await?,
    ))
}

/// The club's icon (public; cached like avatars).
#[utoipa::path(get, path = "/clubs/{id}/icon", operation_id = "clubIcon", security(()), tag = "clubs",
    params(("id" = i64, Path), AvatarParams),
    responses((status = 200, content_type = "image/*"), (status = 304),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn icon(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<AvatarParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let icon = state.stoa.clubs().club_icon(ClubId(id)).await?;
    let image = (icon.version, icon.content_type.as_str(), icon.image);
    Ok(image_response("club-icon", image, params.v(), &headers))
}

/// Join (open club) or ask to join (approval club). Idempotent.
#[utoipa::path(put, path = "/clubs/{id}/membership", operation_id = "joinClub", tag = "clubs",
    params(("id" = i64, Path)),
    responses((status = 200, body = ClubMembership), (status = 404, body = ErrorBody)))]
pub(crate) async fn join(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ClubMembership>, ApiError> {
    Ok(Json(
        state.stoa.clubs().join_club(&member, ClubId(id)).await?,
    ))
}

/// The same as `PUT /api/clubs/{id}/membership`, for clients that prefer a verb.
#[utoipa::path(post, path = "/clubs/{id}/join", operation_id = "joinClubPost", tag = "clubs",
    params(("id" = i64, Path)),
    responses((status = 200, body = ClubMembership), (status = 404, body = ErrorBody)))]
pub(crate) async fn join_post(
    state: State<AppState>,
    member: AuthMember,
    id: ApiPath<i64>,
) -> Result<Json<ClubMembership>, ApiError> {
    join(state, member, id).await
}

/// Leave a club (or withdraw a request). The founder cannot leave (`invalid_state`).
#[utoipa::path(delete, path = "/clubs/{id}/membership", operation_id = "leaveClub", tag = "clubs",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn leave(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.stoa.clubs().leave_club(&member, ClubId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Pending join requests, oldest first (founder and admins).
#[utoipa::path(get, path = "/clubs/{id}/requests", operation_id = "clubJoinRequests", tag = "clubs",
    params(("id" = i64, Path)),
    responses((status = 200, body = ClubJoinRequestList), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn requests(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ClubJoinRequestList>, ApiError> {
    Ok(Json(
        state
            .stoa
            .clubs()
            .club_requests(&member, ClubId(id))
            .await?,
    ))
}

/// Approve a join request (founder and admins); the member is told.
#[utoipa::path(post, path = "/clubs/{id}/requests/{username}/approve", operation_id = "approveClubRequest", tag = "clubs",
    params(("id" = i64, Path), ("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn approve(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath((id, username)): ApiPath<(i64, String)>,
) -> Result<StatusCode, ApiError> {
    state
        .stoa
        .clubs()
        .approve_club_request(&member, ClubId(id), &username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Decline a join request (founder and admins).
#[utoipa::path(post, path = "/clubs/{id}/requests/{username}/decline", operation_id = "declineClubRequest", tag = "clubs",
    params(("id" = i64, Path), ("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn decline(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath((id, username)): ApiPath<(i64, String)>,
) -> Result<StatusCode, ApiError> {
    state
        .stoa
        .clubs()
        .decline_club_request(&member, ClubId(id), &username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The club's members: founder, admins, leaders, then members, by join time.
#[utoipa::path(get, path = "/clubs/{id}/members", operation_id = "clubMembers", tag = "clubs",
    params(("id" = i64, Path), MembersParams),
    responses((status = 200, body = ClubMemberList), (status = 404, body = ErrorBody)))]
pub(crate) async fn members(
    State(state): State<AppState>,
    AuthMember(_member): AuthMember,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<MembersParams>,
) -> Result<Json<ClubMemberList>, ApiError> {
    let page = state
        .stoa
        .clubs()
        .club_members(ClubId(id), params.cursor.as_deref(), params.limit)
        .await?;
    Ok(Json(page))
}

/// Remove a member (founder and admins; only the founder removes admins; never the founder).
#[utoipa::path(delete, path = "/clubs/{id}/members/{username}", operation_id = "removeClubMember", tag = "clubs",
    params(("id" = i64, Path), ("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath((id, username)): ApiPath<(i64, String)>,
) -> Result<StatusCode, ApiError> {
    state
        .stoa
        .clubs()
        .remove_club_member(&member, ClubId(id), &username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set a member's role (see `SetClubRoleRequest`).
#[utoipa::path(put, path = "/clubs/{id}/members/{username}/role", operation_id = "setClubRole", tag = "clubs",
    params(("id" = i64, Path), ("username" = String, Path)),
    request_body = SetClubRoleRequest,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn set_role(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath((id, username)): ApiPath<(i64, String)>,
    ApiJson(req): ApiJson<SetClubRoleRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .stoa
        .clubs()
        .set_club_role(&member, ClubId(id), &username, req.role)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
