//! The one error body every failing request returns: `{"error":{"code","message"}}`, with
//! `fields` when several input fields were refused at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// Stable, machine-readable error codes. The HTTP status for each is given by
/// [`ErrorCode::http_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The request body or a parameter is malformed (bad JSON, wrong type, bad format).
    BadRequest,
    /// A field failed validation (username format, title length, ...).
    Validation,
    /// No valid session.
    Unauthorized,
    /// Username or password wrong.
    BadCredentials,
    /// The caller's role does not allow this.
    Forbidden,
    /// Unknown resource.
    NotFound,
    /// The invite code is unknown, used or revoked.
    InviteInvalid,
    /// The member has no invites left.
    InviteQuotaExhausted,
    /// The username is already taken (case-insensitive).
    UsernameTaken,
    /// The room has ended.
    RoomEnded,
    /// The member was removed from this room and may not rejoin.
    RemovedFromRoom,
    /// The command needs the caller to be in a room first.
    NotInRoom,
    /// The command does not apply to the target's current state (e.g. inviting a speaker).
    InvalidState,
    /// The SDP offer could not be accepted.
    BadOffer,
    /// A social room: only people a moderator follows may join.
    RoomFollowersOnly,
    /// A closed room: only members the moderators named or pinged may join.
    RoomClosed,
    /// The other member blocked you (or you blocked them).
    Blocked,
    /// The upload is not a PNG, JPEG or WebP image.
    UnsupportedImage,
    /// The request body is too large.
    PayloadTooLarge,
    /// Too many requests; try again later.
    RateLimited,
    /// A members-only club room: only members of the club may join.
    ClubMembersOnly,
    /// The account is suspended by an administrator.
    Suspended,
    /// Something went wrong on the server; details are in its log.
    Internal,
    /// The server's disk is full: the write was not made (reads keep working). Retry later.
    StorageFull,
    /// The database cannot be reached right now: nothing was written. Retry after the
    /// `Retry-After` header's seconds.
    StorageUnavailable,
    /// The server is running but cannot serve now (its database does not answer, or its
    /// media socket is not served); see `/api/ready`.
    NotReady,
    /// This server is setting up as many media connections as it can take at once: the offer
    /// was refused at once. Send it again in a moment (with backoff); in a cluster, another
    /// node may take it.
    ServerBusy,
}

impl ErrorCode {
    /// The HTTP status that goes with this code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::Validation | ErrorCode::BadOffer => 400,
            ErrorCode::Unauthorized | ErrorCode::BadCredentials => 401,
            ErrorCode::Forbidden
            | ErrorCode::RemovedFromRoom
            | ErrorCode::RoomFollowersOnly
            | ErrorCode::RoomClosed
            | ErrorCode::Blocked
            | ErrorCode::ClubMembersOnly
            | ErrorCode::Suspended => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::InviteInvalid
            | ErrorCode::UsernameTaken
            | ErrorCode::InvalidState
            | ErrorCode::NotInRoom
            | ErrorCode::InviteQuotaExhausted => 409,
            ErrorCode::RoomEnded => 410,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedImage => 415,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::StorageUnavailable | ErrorCode::NotReady | ErrorCode::ServerBusy => 503,
            ErrorCode::StorageFull => 507,
        }
    }
}

/// The `error` object of an [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ErrorDetail {
    /// Stable code.
    pub code: ErrorCode,
    /// Human-readable explanation (English).
    pub message: String,
    /// For `validation`: each refused field of the request body (by its JSON name) with why,
    /// all of them at once (e.g. `{"username": "…", "password": "…"}`). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fields: Option<BTreeMap<String, String>>,
}

/// Body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

impl ErrorBody {
    /// Builds an error body.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                fields: None,
            },
        }
    }

    /// The same body naming the refused fields (none: left out).
    pub fn with_fields(mut self, fields: BTreeMap<String, String>) -> Self {
        self.error.fields = (!fields.is_empty()).then_some(fields);
        self
    }
}
