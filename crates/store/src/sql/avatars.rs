//! Avatars: one server-made image per member, with a version counter.

use super::rows::AvatarRow;
use super::ThisStore;
use crate::millis::Millis;
use chrono::Utc;

use stoa_proto::UserId;

use crate::common::fk_not_found;
use crate::error::StoreError;
use crate::records::AvatarRecord;

#[async_trait::async_trait]
impl crate::AvatarStore for ThisStore {
    /// Stores `image` as `user`'s avatar and returns its new version (one more than any before,
    /// deleted ones included).
    async fn set_avatar(
        &self,
        user: UserId,
        content_type: &str,
        image: &[u8],
    ) -> Result<i64, StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_avatar");
        let now = Utc::now();
        sqlx::query_scalar(
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
        .fetch_one(&self.pool)
        .await
        .map_err(fk_not_found)
    }

    async fn delete_avatar(&self, user: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("delete_avatar");
        let now = Utc::now();
        let done = sqlx::query(
            "UPDATE avatars SET image = NULL, content_type = NULL, updated_at = $2 \
             WHERE user_id = $1 AND image IS NOT NULL",
        )
        .bind(user.0)
        .bind(Millis::from(now))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn avatar(&self, user: UserId) -> Result<Option<AvatarRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("avatar");
        let row: Option<AvatarRow> = sqlx::query_as(
            "SELECT version, content_type, image, updated_at FROM avatars \
             WHERE user_id = $1 AND image IS NOT NULL",
        )
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Into::into))
    }

    async fn avatar_version(&self, user: UserId) -> Result<Option<i64>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("avatar_version");
        let version = sqlx::query_scalar(
            "SELECT version FROM avatars WHERE user_id = $1 AND image IS NOT NULL",
        )
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(version)
    }
}
