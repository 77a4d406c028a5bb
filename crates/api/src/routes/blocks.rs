//! Blocks: `PUT`/`DELETE /api/users/{username}/block` and the caller's block list.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use stoa_proto::rest::BlockList;
use stoa_proto::ErrorBody;

use crate::extract::{ApiPath, AuthMember};
use crate::{ApiError, AppState};

/// Block a member (idempotent): follows between you are removed both ways, and neither of you
/// can follow the other, ping the other, or join a room the other moderates while it stands.
#[utoipa::path(put, path = "/users/{username}/block", operation_id = "block", tag = "members",
    params(("username" = String, Path)),
    responses((status = 204),
        (status = 400, description = "validation: blocking yourself", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn block(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.stoa.social().block(&member, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lift a block (idempotent). Follows removed by the block are not restored.
#[utoipa::path(delete, path = "/users/{username}/block", operation_id = "unblock", tag = "members",
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unblock(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.stoa.social().unblock(&member, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The members the caller blocked, newest first.
#[utoipa::path(get, path = "/me/blocks", operation_id = "myBlocks", tag = "members",
    responses((status = 200, body = BlockList), (status = 401, body = ErrorBody)))]
pub(crate) async fn my_blocks(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<BlockList>, ApiError> {
    Ok(Json(state.stoa.social().my_blocks(&member).await?))
}
