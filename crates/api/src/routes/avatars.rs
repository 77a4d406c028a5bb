//! Avatars: upload (raw image bytes as the body), delete, and serve.
//!
//! The upload is read as a stream and cut off past [`MAX_AVATAR_BYTES`] (the router-wide JSON
//! body limit does not apply to a raw `Body`), so this route alone accepts up to 5 MB. A refused
//! oversized upload is still read (and dropped) up to [`DRAIN_LIMIT`] before the answer, so the
//! client, still sending, gets the `413` instead of a broken connection.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde::Deserialize;
use stoa_proto::rest::Profile;
use stoa_proto::{ErrorBody, ErrorCode};
use stoa_service::avatars::MAX_AVATAR_BYTES;
use utoipa::IntoParams;

use crate::extract::{ApiPath, ApiQuery, AuthMember};
use crate::{ApiError, AppState};

/// Most bytes of an oversized upload read and dropped before answering `413`; past this the
/// connection is closed without reading further.
const DRAIN_LIMIT: usize = 32 * 1024 * 1024;

/// `?v=` of an avatar URL.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AvatarParams {
    /// The avatar version the URL names (from `Profile.avatar_url`); when it is the current
    /// one, the answer may be cached for good.
    v: Option<i64>,
}

impl AvatarParams {
    /// The version the URL names.
    pub(crate) fn v(&self) -> Option<i64> {
        self.v
    }
}

/// Set the caller's avatar. The body is the raw image (PNG, JPEG or WebP, at most 5 MB; the
/// format is read from the bytes, any Content-Type is accepted). The server crops it to a
/// square and re-encodes it at 256×256. A member has one upload processed at a time and at
/// most 10 uploads an hour (avatars and club icons together).
#[utoipa::path(put, path = "/me/avatar", operation_id = "uploadAvatar", tag = "members",
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "the image bytes"),
    responses((status = 200, body = Profile),
        (status = 401, body = ErrorBody),
        (status = 413, description = "payload_too_large: more than 5 MB", body = ErrorBody),
        (status = 415, description = "unsupported_image: not a PNG, JPEG or WebP, damaged, \
            larger than 8192×8192, or needing too much memory to decode (over 32 megapixels \
            or 96 MB decoded), refused from its header before decoding", body = ErrorBody),
        (status = 429, description = "rate_limited: an upload of the caller's is still being \
            processed, or 10 uploads in the last hour; see `Retry-After`", body = ErrorBody)))]
pub(crate) async fn upload(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Profile>, ApiError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > DRAIN_LIMIT as u64) {
        return Err(too_large());
    }
    let bytes = read_limited(body, MAX_AVATAR_BYTES).await?;
    Ok(Json(state.stoa.social().set_avatar(&member, bytes).await?))
}

/// Reads a body of at most `limit` bytes; longer ones are `payload_too_large` (their rest is
/// read and dropped, up to [`DRAIN_LIMIT`] in all).
pub(crate) async fn read_limited(body: Body, limit: usize) -> Result<Vec<u8>, ApiError> {
    let interrupted = |_| ApiError::new(ErrorCode::BadRequest, "the upload was interrupted");
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(interrupted)?;
        if bytes.len() + chunk.len() > limit {
            let mut seen = bytes.len() + chunk.len();
            drop(bytes);
            while seen <= DRAIN_LIMIT {
                match stream.next().await {
                    Some(Ok(chunk)) => seen += chunk.len(),
                    _ => break,
                }
            }
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large() -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "the avatar must be at most {} MB",
            MAX_AVATAR_BYTES / (1024 * 1024)
        ),
    )
}

/// Remove the caller's avatar (idempotent).
#[utoipa::path(delete, path = "/me/avatar", operation_id = "deleteAvatar", tag = "members",
    responses((status = 200, body = Profile), (status = 401, body = ErrorBody)))]
pub(crate) async fn remove(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<Profile>, ApiError> {
    Ok(Json(state.stoa.social().delete_avatar(&member).await?))
}

/// A member's avatar image (public, so shared links can show it). Answers `304` to a matching
/// `If-None-Match`; a URL naming the current version is cacheable for good.
#[utoipa::path(get, path = "/users/{username}/avatar", operation_id = "avatar", security(()), tag = "members",
    params(("username" = String, Path), AvatarParams),
    responses((status = 200, description = "the image (image/png or image/jpeg)",
            content_type = "image/*"),
        (status = 304, description = "not modified"),
        (status = 404, description = "no such member or no avatar", body = ErrorBody)))]
pub(crate) async fn serve(
    State(state): State<AppState>,
    ApiPath(username): ApiPath<String>,
    ApiQuery(params): ApiQuery<AvatarParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let avatar = state.stoa.social().avatar_of(&username).await?;
    let image = (avatar.version, avatar.content_type.as_str(), avatar.image);
    Ok(image_response("avatar", image, params.v, &headers))
}

/// A stored image with its ETag (`"{tag}-{version}"`), answering `304` to a matching
/// `If-None-Match`; cacheable for good when `v` names the current version. Shared by avatars
/// and club icons.
pub(crate) fn image_response(
    tag: &str,
    (version, content_type, image): (i64, &str, Vec<u8>),
    v: Option<i64>,
    headers: &HeaderMap,
) -> Response {
    let etag = format!("\"{tag}-{version}\"");
    let cache = if v == Some(version) {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    };
    let common = [
        (ETAG, header(&etag)),
        (CACHE_CONTROL, HeaderValue::from_static(cache)),
        (
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ];
    let matches = headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/") == etag
        });
    if matches {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (common, [(CONTENT_TYPE, header(content_type))], image).into_response()
}

fn header(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}
