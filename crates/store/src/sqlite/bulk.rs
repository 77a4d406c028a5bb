//! Bulk loading for benchmarks and imports: many members and follows in one transaction each,
//! bypassing the per-call rules (invites, quotas) that only matter for live sign-ups.

use chrono::Utc;
use sqlx::SqlitePool;
use stoa_proto::UserId;

use crate::error::StoreError;

/// A member to bulk-load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkMember {
    /// Username, already lower-case and valid.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// argon2id PHC string (bulk members usually share one).
    pub password_hash: String,
}

/// Inserts `members` in one transaction and returns their ids, in order.
pub(super) async fn insert_members(
    pool: &SqlitePool,
    members: &[BulkMember],
) -> Result<Vec<UserId>, StoreError> {
    let now = Utc::now().timestamp_millis();
    let mut tx = pool.begin().await?;
    let mut ids = Vec::with_capacity(members.len());
    for member in members {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, invite_quota, created_at) \
             VALUES (?, ?, ?, 2, ?) RETURNING id",
        )
        .bind(&member.username)
        .bind(&member.display_name)
        .bind(&member.password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        ids.push(UserId(id));
    }
    tx.commit().await?;
    Ok(ids)
}

/// Inserts follow pairs `(follower, followee)` in one transaction; duplicates and self-follows
/// are skipped. Returns how many were new.
pub(super) async fn insert_follows(
    pool: &SqlitePool,
    pairs: &[(UserId, UserId)],
) -> Result<u64, StoreError> {
    let now = Utc::now().timestamp_millis();
    let mut tx = pool.begin().await?;
    let mut added = 0;
    for (follower, followee) in pairs {
        if follower == followee {
            continue;
        }
        added += sqlx::query(
            "INSERT OR IGNORE INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)",
        )
        .bind(follower.0)
        .bind(followee.0)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(added)
}

impl super::SqliteStore {
    /// Bulk-loads members (benchmarks, imports); see [`BulkMember`].
    pub async fn bulk_insert_members(
        &self,
        members: &[BulkMember],
    ) -> Result<Vec<UserId>, StoreError> {
        insert_members(&self.pool, members).await
    }

    /// Bulk-loads follows; returns how many were new.
    pub async fn bulk_insert_follows(&self, pairs: &[(UserId, UserId)]) -> Result<u64, StoreError> {
        insert_follows(&self.pool, pairs).await
    }
}
