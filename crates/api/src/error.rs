//! The one error type at the edge: every failure becomes `{"error":{"code","message"}}` with the
//! code's HTTP status. Internal causes are logged, never sent.

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use stoa_proto::{ErrorBody, ErrorCode};
use stoa_service::ServiceError;

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    /// Seconds for a `Retry-After` header.
    retry_after: Option<u64>,
}

impl ApiError {
    /// An error with an explicit code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// The error's code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        if err.code() == ErrorCode::Internal {
            tracing::error!(error = %err, "internal error");
        }
        Self {
            code: err.code(),
            message: err.public_message(),
            // Rounded up: retrying a little late is fine, early is refused again.
            retry_after: err
                .retry_after()
                .map(|after| after.as_secs() + u64::from(after.subsec_nanos() > 0)),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(ErrorBody::new(self.code, self.message))).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        response
    }
}
