//! `/api/ready`: whether this server can serve members now (`/api/health` only says it runs).

use std::time::Duration;

use axum::extract::State;
use axum::Json;
use stoa_proto::rest::Health;
use stoa_proto::ErrorCode;

use crate::{ApiError, AppState};

/// Longest wait for the database's answer.
const DATABASE_WITHIN: Duration = Duration::from_secs(2);

/// Readiness: the database answers a trivial query and the media socket is bound and read.
#[utoipa::path(get, path = "/ready", operation_id = "ready", security(()), tag = "meta", responses(
    (status = 200, body = Health, description = "Ready to serve"),
    (status = 503, body = stoa_proto::ErrorBody, description = "`not_ready`: the database does not answer, or the media socket is not served"),
))]
pub(crate) async fn ready(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    if !state.stoa.sfu().is_running() {
        return Err(not_ready("the media socket is not served"));
    }
    match tokio::time::timeout(DATABASE_WITHIN, state.stoa.store().ping()).await {
        Ok(Ok(())) => Ok(Json(Health {
            status: "ok".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        })),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "not ready: the database does not answer");
            Err(not_ready("the database does not answer"))
        }
        Err(_) => Err(not_ready("the database does not answer in time")),
    }
}

fn not_ready(why: &str) -> ApiError {
    ApiError::new(ErrorCode::NotReady, why)
}
