//! Request extractors: JSON bodies, path segments and query strings with our error format, and
//! the signed-in member.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::cookie::CookieJar;
use serde::de::DeserializeOwned;
use stoa_proto::ErrorCode;
use stoa_service::accounts::Member;

use crate::{ApiError, AppState};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "stoa_session";

/// A JSON body; malformed or oversized bodies become `bad_request` / `payload_too_large`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(ErrorCode::PayloadTooLarge, "the request body is too large");
    }
    let message = match &rejection {
        JsonRejection::MissingJsonContentType(_) => {
            "expected a JSON body (Content-Type: application/json)".to_string()
        }
        other => clip(other.body_text()),
    };
    ApiError::new(ErrorCode::BadRequest, message)
}

/// Query parameters; malformed ones (wrong type, missing) become `bad_request`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(query_error(rejection)),
        }
    }
}

fn query_error(rejection: QueryRejection) -> ApiError {
    ApiError::new(ErrorCode::BadRequest, clip(rejection.body_text()))
}

/// Path parameters; malformed ones (bad percent-encoding, not a number) become `bad_request`.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(path_error(rejection)),
        }
    }
}

fn path_error(rejection: PathRejection) -> ApiError {
    if rejection.status().is_server_error() {
        // A route declared without the parameters its handler reads: our bug, not the client's.
        tracing::error!(error = %rejection.body_text(), "path extraction failed");
        return ApiError::new(ErrorCode::Internal, "internal error");
    }
    ApiError::new(ErrorCode::BadRequest, clip(rejection.body_text()))
}

/// Longest rejection message sent back (they quote the client's input).
const MAX_MESSAGE_CHARS: usize = 200;

/// Cuts a message quoting client input to [`MAX_MESSAGE_CHARS`].
fn clip(mut message: String) -> String {
    if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
        message.truncate(cut);
        message.push('…');
    }
    message
}

/// Whether the request carries `Authorization: Bearer …` (which then authenticates it).
pub fn has_bearer(headers: &HeaderMap) -> bool {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "))
}

/// The session token of a request: `Authorization: Bearer …`, else the session cookie.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        if let Some(token) = value.strip_prefix("Bearer ") {
            return Some(token.trim().to_string());
        }
    }
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

/// The signed-in member; requests without a valid session get `401 unauthorized`.
pub struct AuthMember(pub Member);

impl FromRequestParts<AppState> for AuthMember {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token(&parts.headers)
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "sign in first"))?;
        Ok(AuthMember(
            state.stoa.accounts().authenticate(&token).await?,
        ))
    }
}
