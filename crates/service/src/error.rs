//! The service's error type, mapped to a stable wire code at the API edge.

use std::collections::BTreeMap;

use stoa_proto::ErrorCode;
use stoa_room::RoomError;
use stoa_sfu::SfuError;
use stoa_store::{StoreError, StoreFault};

/// Everything a service call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A parameter is malformed (e.g. an invalid pagination cursor).
    #[error("{0}")]
    BadRequest(String),
    /// A field failed validation.
    #[error("{0}")]
    Validation(String),
    /// Several fields of one request failed validation: each (by its JSON name) with why.
    #[error("{}", .0.values().cloned().collect::<Vec<_>>().join("; "))]
    Fields(BTreeMap<String, String>),
    /// No valid session.
    #[error("sign in first")]
    Unauthorized,
    /// Username or password wrong.
    #[error("wrong username or password")]
    BadCredentials,
    /// The caller may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Unknown resource.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The room has ended.
    #[error("this room has ended")]
    RoomEnded,
    /// The caller is not in a room.
    #[error("join a room first")]
    NotInRoom,
    /// A room rule refused the command, or the join rule refused entry (`blocked`,
    /// `club_members_only`, `room_followers_only`, `room_closed`, `removed_from_room`).
    #[error(transparent)]
    Room(#[from] RoomError),
    /// The SDP offer was refused.
    #[error("the media offer was refused: {0}")]
    BadOffer(String),
    /// A store rule refused the request (invite used, username taken, ...), or the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something internal failed (details logged).
    #[error("internal error: {0}")]
    Internal(String),
    /// Cluster mode: the nodes' coordination (NATS) does not answer.
    #[error("the cluster cannot be reached: {0}")]
    ClusterUnavailable(String),
    /// Cluster mode: the room's node refused a request forwarded to it, with this code and
    /// message (already safe to show).
    #[error("{message}")]
    Remote {
        /// The wire code the room's node answered.
        code: ErrorCode,
        /// Its message.
        message: String,
    },
    /// The thing is not in a state that allows this (e.g. a report already resolved).
    #[error("{0}")]
    InvalidState(String),
    /// The account is suspended by a site admin.
    #[error("this account is suspended")]
    Suspended,
    /// A block between the caller and the other member (either way) refuses the request.
    #[error("{0}")]
    Blocked(String),
    /// Too many requests from the caller; try again later.
    #[error("too many requests, try again later")]
    RateLimited,
    /// Too many requests from the caller: `rate_limited`, with how long to wait (the API's
    /// `Retry-After`).
    #[error("{message}")]
    RetryLater {
        /// What was limited, for the caller.
        message: String,
        /// How long to wait before retrying.
        after: std::time::Duration,
    },
    /// An uploaded image is not a PNG, JPEG or WebP, or cannot be decoded within the limits.
    #[error("{0}")]
    UnsupportedImage(String),
    /// An upload is larger than allowed.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// This node cannot set up another media connection now (too many still connecting).
    #[error("{0}")]
    ServerBusy(String),
}

impl From<SfuError> for ServiceError {
    fn from(err: SfuError) -> Self {
        match err {
            SfuError::BadOffer(why) => ServiceError::BadOffer(why),
            busy @ SfuError::Busy { .. } => ServiceError::ServerBusy(busy.to_string()),
            other => ServiceError::Internal(other.to_string()),
        }
    }
}

impl ServiceError {
    /// The stable wire code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::BadRequest(_) => ErrorCode::BadRequest,
            ServiceError::Validation(_)
            | ServiceError::Fields(_)
            | ServiceError::Store(StoreError::SelfFollow | StoreError::NameTaken) => {
                ErrorCode::Validation
            }
            ServiceError::Unauthorized => ErrorCode::Unauthorized,
            ServiceError::BadCredentials => ErrorCode::BadCredentials,
            ServiceError::Forbidden(_) => ErrorCode::Forbidden,
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::RoomEnded => ErrorCode::RoomEnded,
            ServiceError::NotInRoom => ErrorCode::NotInRoom,
            ServiceError::Room(err) => err.code(),
            ServiceError::BadOffer(_) => ErrorCode::BadOffer,
            ServiceError::Store(StoreError::InviteInvalid) => ErrorCode::InviteInvalid,
            ServiceError::Store(StoreError::UsernameTaken) => ErrorCode::UsernameTaken,
            ServiceError::Store(StoreError::InviteQuotaExhausted) => {
                ErrorCode::InviteQuotaExhausted
            }
            ServiceError::Store(StoreError::NotFound) => ErrorCode::NotFound,
            ServiceError::InvalidState(_) => ErrorCode::InvalidState,
            ServiceError::Suspended => ErrorCode::Suspended,
            ServiceError::Blocked(_) => ErrorCode::Blocked,
            ServiceError::RateLimited | ServiceError::RetryLater { .. } => ErrorCode::RateLimited,
            ServiceError::UnsupportedImage(_) => ErrorCode::UnsupportedImage,
            ServiceError::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            ServiceError::ServerBusy(_) => ErrorCode::ServerBusy,
            ServiceError::Store(err) => match err.fault() {
                Some(StoreFault::Full) => ErrorCode::StorageFull,
                Some(StoreFault::Unavailable) => ErrorCode::StorageUnavailable,
                None => ErrorCode::Internal,
            },
            ServiceError::Internal(_) => ErrorCode::Internal,
            ServiceError::ClusterUnavailable(_) => ErrorCode::NotReady,
            ServiceError::Remote { code, .. } => *code,
        }
    }

    /// The refused fields, when the error names them (see [`crate::validate::FieldErrors`]).
    pub fn fields(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            ServiceError::Fields(fields) => Some(fields),
            _ => None,
        }
    }

    /// How long the caller should wait before retrying, when the error says.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            ServiceError::RetryLater { after, .. } => Some(*after),
            _ => None,
        }
    }

    /// The message safe to show a user: internal causes are replaced by a generic text.
    pub fn public_message(&self) -> String {
        match self.code() {
            ErrorCode::Internal => "something went wrong on the server".to_string(),
            ErrorCode::StorageFull => {
                "the server's storage is full: nothing was saved; try again later".to_string()
            }
            ErrorCode::StorageUnavailable => {
                "the database cannot be reached right now; retry in a few seconds".to_string()
            }
            _ => match self {
                ServiceError::Store(StoreError::InviteInvalid) => {
                    "this invite is unknown, already used or revoked".to_string()
                }
                ServiceError::Store(StoreError::UsernameTaken) => {
                    "this username is taken".to_string()
                }
                ServiceError::Store(StoreError::InviteQuotaExhausted) => {
                    "you have no invites left".to_string()
                }
                ServiceError::Store(StoreError::NotFound) => "not found".to_string(),
                other => other.to_string(),
            },
        }
    }
}
