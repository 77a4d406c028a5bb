//! Invites: bootstrap invite, quota-checked creation, listing, revocation, lookup.

use super::{rows, Conn, Db, Pool};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use sqlx::Row;

use stoa_proto::UserId;

use crate::common::invite_select;
use crate::error::StoreError;
use crate::records::InviteRecord;

/// Revokes unused bootstrap invites and inserts a new one, in one transaction holding the
/// bootstrap lock: racing calls run one after the other, so one usable bootstrap invite is left
/// (the last one's).
pub(crate) async fn create_bootstrap_invite(
    pool: &Pool,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tx = Db::begin_write(pool).await?;
    Db::lock_bootstrap(&mut tx).await?;
    sqlx::query(
        "UPDATE invites SET revoked = TRUE \
         WHERE created_by IS NULL AND used_at IS NULL AND NOT revoked",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO invites (code_hash, created_by, created_at) VALUES ($1, NULL, $2)")
        .bind(code_hash)
        .bind(Millis::from(now))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

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
    let row = sqlx::query(&sql)
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
        is_admin: row.try_get("is_admin")?,
        quota: row.try_get("invite_quota")?,
        held,
    })
}

/// Creates an invite if `by` has quota left (admins always do), holding `by`'s row lock.
pub(crate) async fn create_invite(
    pool: &Pool,
    by: UserId,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<InviteRecord, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
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

/// One invite by id.
async fn invite_by_id(conn: &mut Conn, id: i64) -> Result<Option<InviteRecord>, StoreError> {
    let row = sqlx::query(concat!(invite_select!(), " WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(rows::invite).transpose()?)
}

/// `by`'s invites, newest first.
pub(crate) async fn invites_of(pool: &Pool, by: UserId) -> Result<Vec<InviteRecord>, StoreError> {
    let found = sqlx::query(concat!(
        invite_select!(),
        " WHERE i.created_by = $1 ORDER BY i.created_at DESC, i.id DESC"
    ))
    .bind(by.0)
    .fetch_all(pool)
    .await?;
    Ok(found.iter().map(rows::invite).collect::<Result<_, _>>()?)
}

/// Revokes one of `by`'s unused invites, holding the invite's row lock (a sign-up with it
/// waits, then finds it revoked; or this waits for the sign-up, then finds it used).
pub(crate) async fn revoke_invite(
    pool: &Pool,
    by: UserId,
    invite_id: i64,
) -> Result<(), StoreError> {
    let mut tx = Db::begin_write(pool).await?;
    let row = sqlx::query(&format!(
        "SELECT used_at IS NOT NULL AS used FROM invites \
         WHERE id = $1 AND created_by = $2{}",
        Db::FOR_UPDATE
    ))
    .bind(invite_id)
    .bind(by.0)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    if row.try_get::<bool, _>("used")? {
        return Err(StoreError::InviteInvalid);
    }
    sqlx::query("UPDATE invites SET revoked = TRUE WHERE id = $1")
        .bind(invite_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The invite with this code hash, usable or not.
pub(crate) async fn invite_by_code(
    pool: &Pool,
    code_hash: &str,
) -> Result<Option<InviteRecord>, StoreError> {
    let row = sqlx::query(concat!(invite_select!(), " WHERE i.code_hash = $1"))
        .bind(code_hash)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(rows::invite).transpose()?)
}

/// Invites `user` may still create; `None` for admins. Reads without locking.
pub(crate) async fn invites_remaining(
    pool: &Pool,
    user: UserId,
) -> Result<Option<u32>, StoreError> {
    let mut conn = pool.acquire().await?;
    Ok(allowance(&mut conn, user, false).await?.remaining())
}
