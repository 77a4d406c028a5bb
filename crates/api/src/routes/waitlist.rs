//! The waitlist: reserve a username without an invite, see the reservation, be waved in by a
//! member one named, finish sign-up; and the members' side ("waiting for you", wave in).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use stoa_proto::rest::{
    AuthResponse, WaitingForYou, WaitlistRequest, WaitlistReservation, WaitlistSignupRequest,
    WaitlistStatus,
};
use stoa_proto::{ErrorBody, ErrorCode};

use crate::client_ip::ClientIp;
use crate::extract::{ApiJson, ApiPath, AuthMember};
use crate::limits::{Action, EdgeError};
use crate::routes::auth::signed_in;
use crate::{ApiError, AppState};

/// Reserve a username for 30 days and name 1–5 members who know you (no sign-in needed).
/// The token is shown once: keep the link.
#[utoipa::path(post, path = "/waitlist", operation_id = "reserveWaitlist", tag = "waitlist", request_body = WaitlistRequest,
    security(()),
    responses((status = 201, body = WaitlistReservation),
        (status = 400, description = "validation (fields, 1–5 named members, unknown member)",
            body = ErrorBody),
        (status = 409, description = "username_taken (a member's, or reserved)", body = ErrorBody),
        (status = 429, description = "rate_limited (with Retry-After)", body = ErrorBody)))]
pub(crate) async fn reserve(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<WaitlistRequest>,
) -> Result<(StatusCode, Json<WaitlistReservation>), EdgeError> {
    state.limits.check(Action::Waitlist, ip)?;
    Ok((
        StatusCode::CREATED,
        Json(state.stoa.accounts().join_waitlist(req).await?),
    ))
}

/// A reservation, by its secret token (no sign-in needed).
#[utoipa::path(get, path = "/waitlist/{token}", operation_id = "waitlistStatus", tag = "waitlist",
    params(("token" = String, Path, description = "the reservation's secret token")),
    security(()),
    responses((status = 200, body = WaitlistStatus),
        (status = 404, description = "unknown, expired or already used", body = ErrorBody)))]
pub(crate) async fn status(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<WaitlistStatus>, ApiError> {
    Ok(Json(state.stoa.accounts().waitlist_status(&token).await?))
}

/// People on the waitlist who named the caller, newest first.
#[utoipa::path(get, path = "/waitlist/waiting", operation_id = "waitingForYou", tag = "waitlist",
    responses((status = 200, body = WaitingForYou), (status = 401, body = ErrorBody)))]
pub(crate) async fn waiting(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<WaitingForYou>, ApiError> {
    Ok(Json(state.stoa.accounts().waiting_for_you(&member).await?))
}

/// Longest waitlist entry id looked up (they are 26–32 characters).
const MAX_ENTRY_ID: usize = 64;

/// Wave someone in (only a member they named; waving again is fine). The entry is named by its
/// unguessable public id from `waiting`, never by a sequential number.
#[utoipa::path(post, path = "/waitlist/{id}/wave", operation_id = "waveIn", tag = "waitlist",
    params(("id" = String, Path, description = "the entry's id from `waiting`")),
    responses((status = 204),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: they did not name you", body = ErrorBody),
        (status = 404, description = "unknown, expired or already signed up", body = ErrorBody)))]
pub(crate) async fn wave(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    if id.is_empty() || id.len() > MAX_ENTRY_ID || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "waitlist reservation not found",
        ));
    }
    state.stoa.accounts().wave_in(&member, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Finish sign-up after being waved in: creates the account with the reserved username and
/// signs it in (token and session cookie). The token is dead afterwards.
#[utoipa::path(post, path = "/waitlist/{token}/signup", operation_id = "waitlistSignup", tag = "waitlist",
    params(("token" = String, Path, description = "the reservation's secret token")),
    request_body = WaitlistSignupRequest, security(()),
    responses((status = 201, body = AuthResponse),
        (status = 400, description = "validation (password)", body = ErrorBody),
        (status = 403, description = "forbidden: not waved in yet", body = ErrorBody),
        (status = 404, description = "unknown, expired or already used", body = ErrorBody),
        (status = 429, description = "rate_limited (with Retry-After)", body = ErrorBody)))]
pub(crate) async fn signup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(token): ApiPath<String>,
    ApiJson(req): ApiJson<WaitlistSignupRequest>,
) -> Result<impl IntoResponse, EdgeError> {
    state.limits.check(Action::SignUp, ip)?;
    let auth = state.stoa.accounts().waitlist_signup(&token, req).await?;
    Ok(signed_in(&state, StatusCode::CREATED, auth))
}
