//! Reports and suspensions: any member files a report; site admins work the queue, resolve
//! reports, and suspend or reinstate members.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use stoa_proto::moderation::{
    CreateReportRequest, Report, ReportCount, ReportList, ResolveReportRequest,
};
use stoa_proto::{ErrorBody, ReportId};
use stoa_service::reports::QueueStatus;
use utoipa::IntoParams;

use crate::extract::{ApiJson, ApiPath, ApiQuery, AuthMember};
use crate::{ApiError, AppState};

/// `?status=&cursor=&limit=` of the admins' queue.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct QueueParams {
    /// `open` (default; oldest first) or `resolved` (newest resolved first).
    status: Option<String>,
    /// `next_cursor` of the previous page (opaque).
    cursor: Option<String>,
    /// Page size, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// Report a member (`username`) or a room (`room_id`): exactly one. Filing again about the same
/// member or room while your report is open answers with that report.
#[utoipa::path(post, path = "/reports", operation_id = "createReport", tag = "reports", request_body = CreateReportRequest,
    responses((status = 200, body = Report),
        (status = 400, description = "validation: both or neither target, yourself, details over 1000 characters", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "unknown member or room", body = ErrorBody),
        (status = 429, description = "rate_limited: 10 reports an hour", body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiJson(req): ApiJson<CreateReportRequest>,
) -> Result<Json<Report>, ApiError> {
    Ok(Json(
        state.stoa.moderation().create_report(&member, req).await?,
    ))
}

/// The reports queue (site admins only).
#[utoipa::path(get, path = "/admin/reports", operation_id = "reportQueue", tag = "admin", params(QueueParams),
    responses((status = 200, body = ReportList),
        (status = 400, description = "bad_request (cursor) or validation (status)", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: admins only", body = ErrorBody)))]
pub(crate) async fn queue(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiQuery(params): ApiQuery<QueueParams>,
) -> Result<Json<ReportList>, ApiError> {
    let status = QueueStatus::parse(params.status.as_deref())?;
    Ok(Json(
        state
            .stoa
            .moderation()
            .report_queue(&member, status, params.cursor.as_deref(), params.limit)
            .await?,
    ))
}

/// How many reports wait in the queue (site admins only).
#[utoipa::path(get, path = "/admin/reports/count", operation_id = "reportCount", tag = "admin",
    responses((status = 200, body = ReportCount),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: admins only", body = ErrorBody)))]
pub(crate) async fn count(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
) -> Result<Json<ReportCount>, ApiError> {
    Ok(Json(state.stoa.moderation().report_count(&member).await?))
}

/// Resolve a report (site admins only): dismiss, warn or suspend the member. The other open
/// reports about the same member are resolved with it.
#[utoipa::path(post, path = "/admin/reports/{id}/resolve", operation_id = "resolveReport", tag = "admin",
    params(("id" = i64, Path)), request_body = ResolveReportRequest,
    responses((status = 200, body = Report),
        (status = 400, description = "validation: note over 1000 characters", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: admins only; site admins cannot be suspended", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state: already resolved", body = ErrorBody)))]
pub(crate) async fn resolve(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ResolveReportRequest>,
) -> Result<Json<Report>, ApiError> {
    Ok(Json(
        state
            .stoa
            .moderation()
            .resolve_report(&member, ReportId(id), req)
            .await?,
    ))
}

/// Suspend a member (site admins only): their sessions end, they leave every live room and
/// cannot sign in. Site admins and yourself cannot be suspended.
#[utoipa::path(post, path = "/admin/users/{username}/suspend", operation_id = "suspendMember", tag = "admin",
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: admins only, or the member is an admin or you", body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn suspend(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state
        .stoa
        .moderation()
        .suspend_member(&member, &username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lift a suspension (site admins only): the member may sign in again.
#[utoipa::path(post, path = "/admin/users/{username}/unsuspend", operation_id = "unsuspendMember", tag = "admin",
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 403, description = "forbidden: admins only", body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn unsuspend(
    State(state): State<AppState>,
    AuthMember(member): AuthMember,
    ApiPath(username): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state
        .stoa
        .moderation()
        .unsuspend_member(&member, &username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
