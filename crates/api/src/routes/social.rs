//! Profiles edits, follows, follow lists and member search.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use stoa_proto::rest::{Profile, UpdateProfileRequest, UserList, UserSearch};
use stoa_proto::ErrorBody;
use stoa_service::social::FollowDirection;
use utoipa::IntoParams;

use crate::extract::{ApiJson, ApiPath, ApiQuery, AuthMember};
use crate::{ApiError, AppState};

/// `?limit=&cursor=` of a follow list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageParams {
    /// Page size, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    cursor: Option<String>,
}

/// `?q=&limit=` of a member search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchParams {
    /// Prefix of a username or display name, 1–30 characters (case ignored).
    #[param(min_length = 1, max_length = 30)]
    q: String,
    /// Most results, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// Edit the signed-in member's display name, bio and/or language (`"en"` or `"ro"`: the web
/// client's and the notification texts'); a refused edit changes nothing.
#[utoipa::path(patch, path = "/me", operation_id = "updateMe", tag = "members", request_body = UpdateProfileRequest,
    responses((status = 200, body = Profile),
        (status = 400, description = "validation, or bad_request (e.g. a language other than \"en\" or \"ro\")", body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub(crate) async fn update_me(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiJson(req): ApiJson<UpdateProfileRequest>,
) -> Result<Json<Profile>, ApiError> {
    Ok(Json(
        state.stoa.social().update_profile(&member, req).await?,
    ))
}

/// Follow a member (idempotent).
#[utoipa::path(put, path = "/users/{username}/follow", operation_id = "follow", tag = "members",
    params(("username" = String, Path)),
    responses((status = 204),
        (status = 400, description = "validation: following yourself", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn follow(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.stoa.social().follow(&member, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following a member (idempotent).
#[utoipa::path(delete, path = "/users/{username}/follow", operation_id = "unfollow", tag = "members",
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unfollow(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.stoa.social().unfollow(&member, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A member's followers, newest follow first.
#[utoipa::path(get, path = "/users/{username}/followers", operation_id = "followers", tag = "members",
    params(("username" = String, Path), PageParams),
    responses((status = 200, body = UserList),
        (status = 400, description = "bad_request (cursor) or validation (limit)", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn followers(
    state: State<AppState>,
    auth: AuthMember,
    path: ApiPath<String>,
    query: ApiQuery<PageParams>,
) -> Result<Json<UserList>, ApiError> {
    list(state, auth, path, query, FollowDirection::Followers).await
}

/// The members a member follows, newest follow first.
#[utoipa::path(get, path = "/users/{username}/following", operation_id = "following", tag = "members",
    params(("username" = String, Path), PageParams),
    responses((status = 200, body = UserList),
        (status = 400, description = "bad_request (cursor) or validation (limit)", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn following(
    state: State<AppState>,
    auth: AuthMember,
    path: ApiPath<String>,
    query: ApiQuery<PageParams>,
) -> Result<Json<UserList>, ApiError> {
    list(state, auth, path, query, FollowDirection::Following).await
}

async fn list(
    State(state): State<AppState>,
    _auth: AuthMember,
    ApiPath(username): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageParams>,
    direction: FollowDirection,
) -> Result<Json<UserList>, ApiError> {
    let list = state
        .stoa
        .social()
        .follow_list(&username, direction, page.cursor.as_deref(), page.limit)
        .await?;
    Ok(Json(list))
}

/// Members whose username or display name starts with `q`, usernames first.
#[utoipa::path(get, path = "/users", operation_id = "searchMembers", tag = "members", params(SearchParams),
    responses((status = 200, body = UserSearch),
        (status = 400, description = "validation or bad_request", body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub(crate) async fn search(
    State(state): State<AppState>,
    _auth: AuthMember,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<UserSearch>, ApiError> {
    Ok(Json(
        state
            .stoa
            .social()
            .search_members(&params.q, params.limit)
            .await?,
    ))
}
