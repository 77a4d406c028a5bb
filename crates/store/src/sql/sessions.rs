//! Sessions: hashed bearer tokens with an expiry.

use super::rows::UserRow;
use super::Pool;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::UserId;

use crate::common::{fk_not_found, user_select};
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
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user.0)
    .bind(Millis::from(now))
    .bind(Millis::from(expires_at))
    .execute(pool)
    .await
    .map_err(fk_not_found)?;
    Ok(())
}

/// The member a live session belongs to.
pub(crate) async fn session_user(
    pool: &Pool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<UserRecord>, StoreError> {
    let row: Option<UserRow> = sqlx::query_as(concat!(
        user_select!(),
        " JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(token_hash)
    .bind(Millis::from(now))
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Into::into))
}

/// Forgets a session.
pub(crate) async fn delete_session(pool: &Pool, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}
