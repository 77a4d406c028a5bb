//! Health, the OpenAPI document and the JSON 404.

use crate::ApiError;
use axum::Json;
use stoa_proto::rest::Health;
use stoa_proto::ErrorCode;

/// Liveness.
#[utoipa::path(get, path = "/health", operation_id = "health", security(()), tag = "meta", responses((status = 200, body = Health)))]
pub(crate) async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi", security(()), tag = "meta",
    responses((status = 200, description = "this document", content_type = "application/json")))]
pub(crate) async fn openapi() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(crate::openapi::document())
}

/// Unknown `/api` path.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such API endpoint")
}
