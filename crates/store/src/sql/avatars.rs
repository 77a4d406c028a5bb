//! Avatars: one server-made image per member, with a version counter.

use super::{rows, Pool};
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use sqlx::Row;

use stoa_proto::UserId;

use crate::common::is_foreign_key_violation;
use crate::error::StoreError;
use crate::records::AvatarRecord;

/// Stores `image` as `user`'s avatar and returns its new version (one more than any before,
/// deleted ones included).
pub(crate) async fn set_avatar(
    pool: &Pool,
    user: UserId,
    content_type: &str,
    image: &[u8],
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let done = sqlx::query_scalar(
        "INSERT INTO avatars (user_id, version, content_type, image, updated_at) \
         VALUES ($1, 1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET version = avatars.version + 1, \
         content_type = excluded.content_type, image = excluded.image, \
         updated_at = excluded.updated_at \
         RETURNING version",
    )
    .bind(user.0)
    .bind(content_type)
    .bind(image)
    .bind(Millis::from(now))
    .fetch_one(pool)
    .await;
    match done {
        Ok(version) => Ok(version),
        Err(err) if is_foreign_key_violation(&err) => Err(StoreError::NotFound),
        Err(err) => Err(err.into()),
    }
}

/// Removes `user`'s avatar (the version counter stays); returns whether there was one.
pub(crate) async fn delete_avatar(
    pool: &Pool,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE avatars SET image = NULL, content_type = NULL, updated_at = $2 \
         WHERE user_id = $1 AND image IS NOT NULL",
    )
    .bind(user.0)
    .bind(Millis::from(now))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `user`'s avatar, if they have one.
pub(crate) async fn avatar(pool: &Pool, user: UserId) -> Result<Option<AvatarRecord>, StoreError> {
    let row = sqlx::query(
        "SELECT version, content_type, image, updated_at FROM avatars \
         WHERE user_id = $1 AND image IS NOT NULL",
    )
    .bind(user.0)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(AvatarRecord {
        version: row.try_get("version")?,
        content_type: row.try_get("content_type")?,
        image: row.try_get("image")?,
        updated_at: rows::ts(&row, "updated_at")?,
    }))
}

/// The version of `user`'s avatar, if they have one (without reading the image).
pub(crate) async fn avatar_version(pool: &Pool, user: UserId) -> Result<Option<i64>, StoreError> {
    let version =
        sqlx::query_scalar("SELECT version FROM avatars WHERE user_id = $1 AND image IS NOT NULL")
            .bind(user.0)
            .fetch_optional(pool)
            .await?;
    Ok(version)
}
