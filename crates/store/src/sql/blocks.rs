//! Blocks: who blocked whom.

use super::rows::{self, Summary};
use super::Db;
use super::ThisStore;
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::Utc;

use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;

use crate::common::fk_not_found;
use crate::error::StoreError;

#[async_trait::async_trait]
impl crate::BlockStore for ThisStore {
    /// Records a block and removes the follows between the two members both ways, in one
    /// transaction. Returns whether the block is new.
    async fn block(&self, blocker: UserId, blocked: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("block");
        let now = Utc::now();
        if blocker == blocked {
            return Err(StoreError::SelfFollow);
        }
        let mut tx = Db::begin_write(&self.pool).await?;
        let inserted = sqlx::query(
            "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
        )
        .bind(blocker.0)
        .bind(blocked.0)
        .bind(Millis::from(now))
        .execute(&mut *tx)
        .await
        .map_err(fk_not_found)?
        .rows_affected()
            == 1;
        sqlx::query(
            "DELETE FROM follows WHERE (follower_id = $1 AND followee_id = $2) \
             OR (follower_id = $2 AND followee_id = $1)",
        )
        .bind(blocker.0)
        .bind(blocked.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(inserted)
    }

    async fn unblock(&self, blocker: UserId, blocked: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("unblock");
        let done = sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
            .bind(blocker.0)
            .bind(blocked.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn blocks_of(&self, user: UserId) -> Result<Vec<UserSummary>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("blocks_of");
        let rows: Vec<Summary> = sqlx::query_as(concat!(
            "SELECT u.id, u.username, u.display_name, ",
            crate::common::avatar_of!("u"),
            " AS avatar FROM blocks b \
             JOIN users u ON u.id = b.blocked_id WHERE b.blocker_id = $1 \
             ORDER BY b.created_at DESC, b.blocked_id DESC",
        ))
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows::all(rows))
    }

    async fn block_between(&self, a: UserId, b: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("block_between");
        let found: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) \
             OR (blocker_id = $2 AND blocked_id = $1))",
        )
        .bind(a.0)
        .bind(b.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(found)
    }

    async fn blockers_of(&self, user: UserId) -> Result<Vec<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("blockers_of");
        let sql = "SELECT blocker_id FROM blocks WHERE blocked_id = $1 ORDER BY blocker_id";
        super::ids_for(&self.pool, sql, user.0, UserId).await
    }
}
