//! Sessions: hashed bearer tokens with an expiry.

use super::{rows, Pool};
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::UserId;

use crate::common::{is_foreign_key_violation, user_select};
use crate::error::StoreError;
use crate::records::UserRecord;

/// Records a session.
pub(crate) async fn create_session(
    pool: &Pool,
    token_hash: &str,
    user: UserId,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user.0)
    .bind(Millis::from(now))
    .bind(Millis::from(expires_at))
    .execute(pool)
    .await;
    match done {
        Ok(_) => Ok(()),
        Err(err) if is_foreign_key_violation(&err) => Err(StoreError::NotFound),
        Err(err) => Err(err.into()),
    }
}

/// The member a live session belongs to.
pub(crate) async fn session_user(
    pool: &Pool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(concat!(
        user_select!(),
        " JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(token_hash)
    .bind(Millis::from(now))
    .fetch_optional(pool)
    .await?;
    Ok(row.as_ref().map(rows::user).transpose()?)
}

/// Forgets a session.
pub(crate) async fn delete_session(pool: &Pool, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}
