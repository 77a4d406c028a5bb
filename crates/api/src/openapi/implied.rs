//! Statuses an operation can answer because of what it is, not what its handler does: the
//! session check, the extractors, the cross-site guard and the storage underneath. They are
//! added here, in one place, to every operation they apply to (a status the handler documents
//! itself keeps the handler's more precise description).
//!
//! | operation | implied statuses |
//! |---|---|
//! | needs a session (no `security(())`) | 401 `unauthorized` |
//! | has path or query parameters | 400 `bad_request` |
//! | has a JSON body | 400 `bad_request`, 413 `payload_too_large` |
//! | has a raw upload body | 400 `bad_request`, 413 `payload_too_large`, 415 `unsupported_image` |
//! | changes state (POST, PUT, PATCH, DELETE) | 403 `forbidden` (cross-site), 507 `storage_full` |
//! | reads or writes storage (all but [`NO_STORAGE`]) | 500 `internal`, 503 `storage_unavailable` |

use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{OpenApi, RefOr, Response};

use crate::MAX_BODY_BYTES;

/// Operations that touch no storage (so never answer 500 or 503).
const NO_STORAGE: &[&str] = &["health", "openapi"];

/// Whether an operation needs no session: it declares `security(())`.
fn is_public(operation: &Operation) -> bool {
    operation
        .security
        .as_ref()
        .is_some_and(|all| all.iter().any(|one| *one == SecurityRequirement::default()))
}

/// Adds the implied statuses to every operation of `doc`.
pub(super) fn add_implied_responses(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for (mutating, operation) in operations_mut(item) {
            for (status, description) in implied(operation, mutating) {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| error_response(&description));
            }
        }
    }
}

/// The operations of a path, each with whether its method changes state.
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (bool, &mut Operation)> {
    [
        (false, item.get.as_mut()),
        (true, item.put.as_mut()),
        (true, item.post.as_mut()),
        (true, item.delete.as_mut()),
        (true, item.patch.as_mut()),
    ]
    .into_iter()
    .filter_map(|(mutating, operation)| operation.map(|operation| (mutating, operation)))
}

/// The statuses `operation` can answer whatever its handler does, with why.
fn implied(operation: &Operation, mutating: bool) -> Vec<(u16, String)> {
    let mut statuses = Vec::new();
    if !is_public(operation) {
        statuses.push((401, "unauthorized: no valid session".to_string()));
    }
    if operation
        .parameters
        .as_ref()
        .is_some_and(|parameters| !parameters.is_empty())
    {
        statuses.push((400, "bad_request: a malformed parameter".to_string()));
    }
    if let Some(body) = &operation.request_body {
        if body.content.contains_key("application/json") {
            statuses.push((
                400,
                "bad_request: not JSON of the expected shape".to_string(),
            ));
            let limit = MAX_BODY_BYTES / 1024;
            statuses.push((413, format!("payload_too_large: a body over {limit} KiB")));
        } else {
            statuses.push((400, "bad_request: the upload was interrupted".to_string()));
            statuses.push((
                413,
                "payload_too_large: the upload is too large".to_string(),
            ));
            statuses.push((
                415,
                "unsupported_image: not an image the server reads".to_string(),
            ));
        }
    }
    if mutating {
        statuses.push((
            403,
            "forbidden: a cross-site request (an `Origin` or `Sec-Fetch-Site` of another site, \
             without a bearer token)"
                .to_string(),
        ));
        statuses.push((
            507,
            "storage_full: the database is at its quota".to_string(),
        ));
    }
    let touches_storage = operation
        .operation_id
        .as_deref()
        .is_none_or(|id| !NO_STORAGE.contains(&id));
    if touches_storage {
        statuses.push((500, "internal: an unexpected fault (logged)".to_string()));
        statuses.push((
            503,
            "storage_unavailable: the database does not answer; see `Retry-After`".to_string(),
        ));
    }
    statuses
}

/// An error response with the one error body.
fn error_response(description: &str) -> RefOr<Response> {
    use utoipa::openapi::content::ContentBuilder;
    use utoipa::openapi::{Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}
