//! The store's error type.

use thiserror::Error;

/// Why a [`Store`](crate::Store) call failed.
///
/// The first five are business-rule outcomes the service maps to API error codes; the last two
/// are infrastructure failures (log them, answer `internal`).
#[derive(Debug, Error)]
pub enum StoreError {
    /// The invite code is unknown, already used, or revoked.
    #[error("invite is unknown, used or revoked")]
    InviteInvalid,
    /// The username is already taken (ignoring case).
    #[error("username is already taken")]
    UsernameTaken,
    /// The member has no invites left.
    #[error("no invites left")]
    InviteQuotaExhausted,
    /// The record does not exist (or does not belong to the caller).
    #[error("not found")]
    NotFound,
    /// Another club has this name (ignoring case).
    #[error("a club with this name exists")]
    NameTaken,
    /// A member tried to follow themselves.
    #[error("members cannot follow themselves")]
    SelfFollow,
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying the embedded migrations failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
