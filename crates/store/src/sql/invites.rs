//! Invites: bootstrap invite, quota-checked creation, listing, revocation, lookup.

use super::rows::{self, InviteRow};
use super::ThisStore;
use super::{Conn, Db};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::Utc;

use stoa_proto::UserId;

use crate::common::invite_select;
use crate::error::StoreError;
use crate::records::InviteRecord;

/// A member's admin flag and quota, with the number of their non-revoked invites.
struct Allowance {
    is_admin: bool,
    quota: i64,
    held: i64,
}

impl Allowance {
    /// Invites still available; `None` means unlimited.
    fn remaining(&self) -> Option<u32> {
        if self.is_admin {
            return None;
        }
        let left = (self.quota - self.held).clamp(0, i64::from(u32::MAX));
        Some(u32::try_from(left).unwrap_or(u32::MAX))
    }
}

/// Reads `user`'s [`Allowance`]; [`StoreError::NotFound`] if the user does not exist.
///
/// With `lock`, the user's row stays locked until the transaction ends. The count is a second
/// statement on purpose: under PostgreSQL's READ COMMITTED it takes its snapshot after the lock
/// is granted, so it sees the invites of whoever held the lock before.
async fn allowance(conn: &mut Conn, user: UserId, lock: bool) -> Result<Allowance, StoreError> {
    let lock = if lock { Db::FOR_UPDATE } else { "" };
    let sql = format!("SELECT is_admin, invite_quota FROM users WHERE id = $1{lock}");
    let (is_admin, quota): (bool, i64) = sqlx::query_as(&sql)
        .bind(user.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let held: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invites WHERE created_by = $1 AND NOT revoked")
            .bind(user.0)
            .fetch_one(&mut *conn)
            .await?;
    Ok(Allowance {
        is_admin,
        quota,
        held,
    })
}

/// One invite by id.
async fn invite_by_id(conn: &mut Conn, id: i64) -> Result<Option<InviteRecord>, StoreError> {
    let row: Option<InviteRow> = sqlx::query_as(concat!(invite_select!(), " WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Into::into))
}

#[async_trait::async_trait]
impl crate::InviteStore for ThisStore {
    /// Revokes unused bootstrap invites and inserts a new one, in one transaction holding the
    /// bootstrap lock: racing calls run one after the other, so one usable bootstrap invite is left
    /// (the last one's).
    async fn create_bootstrap_invite(&self, code_hash: &str) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_bootstrap_invite");
        let now = Utc::now();
        let mut tx = Db::begin_write(&self.pool).await?;
        Db::lock_bootstrap(&mut tx).await?;
        sqlx::query(
            "UPDATE invites SET revoked = TRUE \
             WHERE created_by IS NULL AND used_at IS NULL AND NOT revoked",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO invites (code_hash, created_by, created_at) VALUES ($1, NULL, $2)",
        )
        .bind(code_hash)
        .bind(Millis::from(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_invite(&self, by: UserId, code_hash: &str) -> Result<InviteRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_invite");
        let now = Utc::now();
        let mut tx = Db::begin_write(&self.pool).await?;
        if allowance(&mut tx, by, true).await?.remaining() == Some(0) {
            return Err(StoreError::InviteQuotaExhausted);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invites (code_hash, created_by, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(code_hash)
        .bind(by.0)
        .bind(Millis::from(now))
        .fetch_one(&mut *tx)
        .await?;
        let invite = invite_by_id(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(invite)
    }

    async fn invites_of(&self, by: UserId) -> Result<Vec<InviteRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("invites_of");
        let found: Vec<InviteRow> = sqlx::query_as(concat!(
            invite_select!(),
            " WHERE i.created_by = $1 ORDER BY i.created_at DESC, i.id DESC"
        ))
        .bind(by.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows::all(found))
    }

    /// Revokes one of `by`'s unused invites, holding the invite's row lock (a sign-up with it
    /// waits, then finds it revoked; or this waits for the sign-up, then finds it used).
    async fn revoke_invite(&self, by: UserId, invite_id: i64) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("revoke_invite");
        let mut tx = Db::begin_write(&self.pool).await?;
        let used: bool = sqlx::query_scalar(&format!(
            "SELECT used_at IS NOT NULL AS used FROM invites \
             WHERE id = $1 AND created_by = $2{}",
            Db::FOR_UPDATE
        ))
        .bind(invite_id)
        .bind(by.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if used {
            return Err(StoreError::InviteInvalid);
        }
        sqlx::query("UPDATE invites SET revoked = TRUE WHERE id = $1")
            .bind(invite_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn invite_by_code(&self, code_hash: &str) -> Result<Option<InviteRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("invite_by_code");
        let row: Option<InviteRow> =
            sqlx::query_as(concat!(invite_select!(), " WHERE i.code_hash = $1"))
                .bind(code_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Into::into))
    }

    async fn invites_remaining(&self, user: UserId) -> Result<Option<u32>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("invites_remaining");
        let mut conn = self.pool.acquire().await?;
        Ok(allowance(&mut conn, user, false).await?.remaining())
    }
}
