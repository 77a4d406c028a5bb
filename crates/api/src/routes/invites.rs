//! Invites: create, list, revoke, check.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use stoa_proto::rest::{CreatedInvite, InviteCheck, InviteList};
use stoa_proto::ErrorBody;

use crate::client_ip::ClientIp;
use crate::extract::{ApiPath, AuthMember};
use crate::limits::{Action, EdgeError};
use crate::{ApiError, AppState};

/// The caller's invites and remaining quota.
#[utoipa::path(get, path = "/invites", operation_id = "listInvites", tag = "invites",
    responses((status = 200, body = InviteList), (status = 401, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<InviteList>, ApiError> {
    Ok(Json(state.stoa.accounts().invites(&member).await?))
}

/// Create an invite (the code is returned once).
#[utoipa::path(post, path = "/invites", operation_id = "createInvite", tag = "invites",
    responses((status = 201, body = CreatedInvite),
        (status = 409, description = "invite_quota_exhausted", body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<(StatusCode, Json<CreatedInvite>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.stoa.accounts().create_invite(&member).await?),
    ))
}

/// Revoke one of the caller's unused invites.
#[utoipa::path(delete, path = "/invites/{id}", operation_id = "revokeInvite", tag = "invites",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody),
        (status = 409, description = "already used", body = ErrorBody)))]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.stoa.accounts().revoke_invite(&member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether an invite code can be used, and who sent it (no sign-in needed).
#[utoipa::path(get, path = "/invites/check/{code}", operation_id = "checkInvite", security(()), tag = "invites",
    params(("code" = String, Path)),
    responses((status = 200, body = InviteCheck),
        (status = 409, description = "invite_invalid", body = ErrorBody),
        (status = 429, description = "rate_limited (with Retry-After)", body = ErrorBody)))]
pub(crate) async fn check(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<InviteCheck>, EdgeError> {
    state.limits.check(Action::InviteCheck, ip)?;
    Ok(Json(state.stoa.accounts().check_invite(&code).await?))
}
