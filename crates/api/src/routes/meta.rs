//! Health, the OpenAPI document and the JSON 404.

use axum::Json;
use stoa_proto::rest::Health;
use stoa_proto::ErrorCode;
use utoipa::OpenApi;

use crate::{ApiDoc, ApiError};

/// Liveness.
#[utoipa::path(get, path = "/api/health", tag = "meta", responses((status = 200, body = Health)))]
pub(crate) async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// This API's OpenAPI 3.1 document.
pub(crate) async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Unknown `/api` path.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such API endpoint")
}
