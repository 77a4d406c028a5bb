//! Sessions: hashed bearer tokens with an expiry.

use super::rows::UserRow;
use super::ThisStore;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::UserId;

use crate::common::{fk_not_found, user_select};
use crate::error::StoreError;
use crate::records::UserRecord;

#[async_trait::async_trait]
impl crate::SessionStore for ThisStore {
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_session");
        let now = Utc::now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(Millis::from(now))
        .bind(Millis::from(expires_at))
        .execute(&self.pool)
        .await
        .map_err(fk_not_found)?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<UserRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("session_user");
        let row: Option<UserRow> = sqlx::query_as(concat!(
            user_select!(),
            " JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(Millis::from(now))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Into::into))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("delete_session");
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
