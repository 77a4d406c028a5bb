//! Invites: bootstrap invite, quota-checked creation, listing, revocation, lookup.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};
use stoa_proto::UserId;

use super::rows::{self, to_ms};
use crate::common::invite_select;
use crate::error::StoreError;
use crate::records::InviteRecord;

/// Revokes unused bootstrap invites and inserts a new one, in one transaction.
pub(crate) async fn create_bootstrap_invite(
    pool: &SqlitePool,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(
        "UPDATE invites SET revoked = 1 \
         WHERE created_by IS NULL AND used_at IS NULL AND revoked = 0",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO invites (code_hash, created_by, created_at) VALUES (?, NULL, ?)")
        .bind(code_hash)
        .bind(to_ms(now))
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
async fn allowance(conn: &mut SqliteConnection, user: UserId) -> Result<Allowance, StoreError> {
    let row = sqlx::query(
        "SELECT u.is_admin, u.invite_quota, \
         (SELECT COUNT(*) FROM invites i WHERE i.created_by = u.id AND i.revoked = 0) AS held \
         FROM users u WHERE u.id = ?",
    )
    .bind(user.0)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok(Allowance {
        is_admin: row.try_get("is_admin")?,
        quota: row.try_get("invite_quota")?,
        held: row.try_get("held")?,
    })
}

/// Creates an invite if `by` has quota left (admins always do).
pub(crate) async fn create_invite(
    pool: &SqlitePool,
    by: UserId,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<InviteRecord, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if allowance(&mut tx, by).await?.remaining() == Some(0) {
        return Err(StoreError::InviteQuotaExhausted);
    }
    let done =
        sqlx::query("INSERT INTO invites (code_hash, created_by, created_at) VALUES (?, ?, ?)")
            .bind(code_hash)
            .bind(by.0)
            .bind(to_ms(now))
            .execute(&mut *tx)
            .await?;
    let invite = invite_by_id(&mut tx, done.last_insert_rowid())
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(invite)
}

/// One invite by id.
async fn invite_by_id(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<InviteRecord>, StoreError> {
    let row = sqlx::query(concat!(invite_select!(), " WHERE i.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(rows::invite).transpose()?)
}

/// `by`'s invites, newest first.
pub(crate) async fn invites_of(
    pool: &SqlitePool,
    by: UserId,
) -> Result<Vec<InviteRecord>, StoreError> {
    let found = sqlx::query(concat!(
        invite_select!(),
        " WHERE i.created_by = ? ORDER BY i.created_at DESC, i.id DESC"
    ))
    .bind(by.0)
    .fetch_all(pool)
    .await?;
    Ok(found.iter().map(rows::invite).collect::<Result<_, _>>()?)
}

/// Revokes one of `by`'s unused invites.
pub(crate) async fn revoke_invite(
    pool: &SqlitePool,
    by: UserId,
    invite_id: i64,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = sqlx::query("SELECT used_at FROM invites WHERE id = ? AND created_by = ?")
        .bind(invite_id)
        .bind(by.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
        return Err(StoreError::InviteInvalid);
    }
    sqlx::query("UPDATE invites SET revoked = 1 WHERE id = ?")
        .bind(invite_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The invite with this code hash, usable or not.
pub(crate) async fn invite_by_code(
    pool: &SqlitePool,
    code_hash: &str,
) -> Result<Option<InviteRecord>, StoreError> {
    let row = sqlx::query(concat!(invite_select!(), " WHERE i.code_hash = ?"))
        .bind(code_hash)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(rows::invite).transpose()?)
}

/// Invites `user` may still create; `None` for admins.
pub(crate) async fn invites_remaining(
    pool: &SqlitePool,
    user: UserId,
) -> Result<Option<u32>, StoreError> {
    let mut conn = pool.acquire().await?;
    Ok(allowance(&mut conn, user).await?.remaining())
}
