//! The one error type at the edge: every failure becomes `{"error":{"code","message"}}` with the
//! code's HTTP status (and a `Retry-After` header when the client should come back later), plus
//! `fields` when several request fields were refused at once. Internal causes are logged, never
//! sent.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use stoa_proto::{ErrorBody, ErrorCode};
use stoa_service::ServiceError;

/// Seconds a client is asked to wait after `storage_unavailable` before retrying.
pub const STORAGE_RETRY_AFTER_SECS: u64 = 2;

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    /// Seconds for a `Retry-After` header.
    retry_after: Option<u64>,
    /// The refused fields (`validation` of several fields at once).
    fields: BTreeMap<String, String>,
}

impl ApiError {
    /// An error with an explicit code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after: None,
            fields: BTreeMap::new(),
        }
    }

    /// The same error with a `Retry-After: secs` header.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// The error's code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The seconds sent in `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        let code = err.code();
        match code {
            ErrorCode::Internal => tracing::error!(error = %err, "internal error"),
            ErrorCode::StorageFull | ErrorCode::StorageUnavailable => {
                tracing::warn!(error = %err, "storage fault");
            }
            _ => {}
        }
        let retry_after = if code == ErrorCode::StorageUnavailable {
            Some(STORAGE_RETRY_AFTER_SECS)
        } else {
            // Rounded up: retrying a little late is fine, early is refused again.
            err.retry_after()
                .map(|after| after.as_secs() + u64::from(after.subsec_nanos() > 0))
        };
        Self {
            code,
            message: err.public_message(),
            retry_after,
            fields: err.fields().cloned().unwrap_or_default(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        stoa_service::telemetry::count_error(self.code, "http");
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (
            status,
            Json(ErrorBody::new(self.code, self.message).with_fields(self.fields)),
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response
    }
}
