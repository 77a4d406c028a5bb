//! Blocks: who blocked whom.

use super::{Db, Pool};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use sqlx::Row;

use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;

use crate::common::is_foreign_key_violation;
use crate::error::StoreError;

/// Records a block and removes the follows between the two members both ways, in one
/// transaction. Returns whether the block is new.
pub(crate) async fn block(
    pool: &Pool,
    blocker: UserId,
    blocked: UserId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if blocker == blocked {
        return Err(StoreError::SelfFollow);
    }
    let mut tx = Db::begin_write(pool).await?;
    let inserted = sqlx::query(
        "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
    )
    .bind(blocker.0)
    .bind(blocked.0)
    .bind(Millis::from(now))
    .execute(&mut *tx)
    .await;
    let inserted = match inserted {
        Ok(done) => done.rows_affected() == 1,
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    };
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

/// Removes a block if there is one.
pub(crate) async fn unblock(
    pool: &Pool,
    blocker: UserId,
    blocked: UserId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
        .bind(blocker.0)
        .bind(blocked.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The members `user` blocked, newest block first.
pub(crate) async fn blocks_of(pool: &Pool, user: UserId) -> Result<Vec<UserSummary>, StoreError> {
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name FROM blocks b \
         JOIN users u ON u.id = b.blocked_id WHERE b.blocker_id = $1 \
         ORDER BY b.created_at DESC, b.blocked_id DESC",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(UserSummary {
                id: UserId(row.try_get("id")?),
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

/// Whether either member blocked the other.
pub(crate) async fn block_between(pool: &Pool, a: UserId, b: UserId) -> Result<bool, StoreError> {
    let found: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) \
         OR (blocker_id = $2 AND blocked_id = $1))",
    )
    .bind(a.0)
    .bind(b.0)
    .fetch_one(pool)
    .await?;
    Ok(found)
}

/// The members who blocked `user`, by id.
pub(crate) async fn blockers_of(pool: &Pool, user: UserId) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT blocker_id FROM blocks WHERE blocked_id = $1 ORDER BY blocker_id",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}
