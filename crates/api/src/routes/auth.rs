//! Sign-up, sign-in, sign-out and profiles.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use stoa_proto::rest::{AuthResponse, LoginRequest, Profile, SignupRequest};
use stoa_proto::{ErrorBody, ErrorCode};
use stoa_service::accounts::SESSION_DAYS;

use crate::client_ip::ClientIp;
use crate::extract::{session_token, ApiJson, ApiPath, AuthMember, SESSION_COOKIE};
use crate::limits::{Action, EdgeError};
use crate::{ApiError, AppState};

/// The session cookie holding `token` for `max_age_secs` (0 clears it): sent on every path,
/// hidden from scripts, not sent on cross-site subrequests, `Secure` on an https public URL.
fn session_cookie(state: &AppState, token: String, max_age_secs: i64) -> CookieJar {
    CookieJar::new().add(build_session_cookie(
        token,
        max_age_secs,
        state.secure_cookies,
    ))
}

fn build_session_cookie(token: String, max_age_secs: i64, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(max_age_secs))
        .secure(secure)
        .build()
}

/// A sign-in answer: the body, with the session cookie set.
pub(crate) fn signed_in(
    state: &AppState,
    status: StatusCode,
    auth: AuthResponse,
) -> impl IntoResponse {
    let cookie = session_cookie(state, auth.token.clone(), SESSION_DAYS * 86_400);
    (status, cookie, Json(auth))
}

/// Create an account with an invite code; signs the new member in.
#[utoipa::path(post, path = "/auth/signup", operation_id = "signup", security(()), tag = "auth", request_body = SignupRequest,
    responses((status = 201, body = AuthResponse),
        (status = 400, description = "validation", body = ErrorBody),
        (status = 409, description = "invite_invalid or username_taken", body = ErrorBody),
        (status = 429, description = "rate_limited (with Retry-After)", body = ErrorBody)))]
pub(crate) async fn signup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<SignupRequest>,
) -> Result<impl IntoResponse, EdgeError> {
    state.limits.check(Action::SignUp, ip)?;
    let auth = state.stoa.accounts().signup(req).await?;
    Ok(signed_in(&state, StatusCode::CREATED, auth))
}

/// Sign in with username and password. Limited per client address and, for failed attempts,
/// per account whatever the address (then even the right password waits).
#[utoipa::path(post, path = "/auth/login", operation_id = "login", security(()), tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = AuthResponse), (status = 401, body = ErrorBody),
        (status = 429, description = "rate_limited (with Retry-After)", body = ErrorBody)))]
pub(crate) async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<impl IntoResponse, EdgeError> {
    state.limits.check(Action::SignIn, ip)?;
    state.limits.check_account(&req.username)?;
    let username = req.username.clone();
    match state.stoa.accounts().login(req).await {
        Ok(auth) => {
            state.limits.record_sign_in(&username, true);
            Ok(signed_in(&state, StatusCode::OK, auth))
        }
        Err(err) => {
            if err.code() == ErrorCode::BadCredentials {
                state.limits.record_sign_in(&username, false);
            }
            Err(err.into())
        }
    }
}

/// Sign out: ends the session and clears the cookie.
#[utoipa::path(post, path = "/auth/logout", operation_id = "logout", security(()), tag = "auth", responses((status = 204)))]
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    if let Some(token) = session_token(&headers) {
        state.stoa.accounts().logout(&token).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        session_cookie(&state, String::new(), 0),
    ))
}

/// The signed-in member's profile.
#[utoipa::path(get, path = "/me", operation_id = "me", tag = "auth",
    responses((status = 200, body = Profile), (status = 401, body = ErrorBody)))]
pub(crate) async fn me(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<Profile>, ApiError> {
    Ok(Json(state.stoa.social().my_profile(&member).await?))
}

/// A member's profile (`followed_by_me` is relative to the caller).
#[utoipa::path(get, path = "/users/{username}", operation_id = "profile", tag = "members",
    params(("username" = String, Path)),
    responses((status = 200, body = Profile), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn profile(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
) -> Result<Json<Profile>, ApiError> {
    Ok(Json(
        state.stoa.social().profile_of(&member, &username).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookie_attributes() {
        let set = build_session_cookie("tok".into(), 60, false).to_string();
        assert_eq!(
            set,
            "stoa_session=tok; HttpOnly; SameSite=Lax; Path=/; Max-Age=60"
        );
        let secure = build_session_cookie("tok".into(), 60, true).to_string();
        assert!(secure.contains("; Secure"), "{secure}");
        let cleared = build_session_cookie(String::new(), 0, false).to_string();
        assert!(
            cleared.starts_with("stoa_session=;") && cleared.ends_with("Max-Age=0"),
            "{cleared}"
        );
    }
}
