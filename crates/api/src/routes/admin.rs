//! Admin tools: grant invites to a member, and the invite tree (who brought in whom).

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use stoa_proto::rest::{GrantInvitesRequest, InviteList, InviteTree};
use stoa_proto::ErrorBody;
use utoipa::IntoParams;

use crate::extract::{ApiJson, ApiPath, ApiQuery, AuthMember};
use crate::{ApiError, AppState};

/// `?root=&depth=` of the invite tree.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TreeParams {
    /// Username of the member to start from; without it, the members nobody nominated.
    root: Option<String>,
    /// Levels below the roots, 1–20 (default 10).
    #[param(minimum = 1, maximum = 20)]
    depth: Option<u32>,
}

/// Give a member more invites (admins only); answers with that member's invites.
#[utoipa::path(post, path = "/admin/users/{username}/invites", operation_id = "grantInvites", tag = "admin",
    params(("username" = String, Path)), request_body = GrantInvitesRequest,
    responses((status = 200, body = InviteList),
        (status = 400, description = "validation: count must be 1–1000", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: admins only", body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn grant_invites(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
    ApiJson(req): ApiJson<GrantInvitesRequest>,
) -> Result<Json<InviteList>, ApiError> {
    Ok(Json(
        state
            .stoa
            .moderation()
            .grant_invites(&member, &username, req.count)
            .await?,
    ))
}

/// Who brought in whom, breadth-first (admins only). At most 5000 members are listed;
/// `total_descendants` counts all of them, at any depth.
#[utoipa::path(get, path = "/admin/invite-tree", operation_id = "inviteTree", tag = "admin", params(TreeParams),
    responses((status = 200, body = InviteTree),
        (status = 400, description = "validation: depth must be 1–20", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: admins only", body = ErrorBody),
        (status = 404, description = "unknown root", body = ErrorBody)))]
pub(crate) async fn invite_tree(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiQuery(params): ApiQuery<TreeParams>,
) -> Result<Json<InviteTree>, ApiError> {
    Ok(Json(
        state
            .stoa
            .moderation()
            .invite_tree(&member, params.root.as_deref(), params.depth)
            .await?,
    ))
}
