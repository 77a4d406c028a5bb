//! Accounts: counting, sign-up by invite, lookups.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};
use stoa_proto::UserId;

use super::rows::{self, to_ms};
use crate::common::{is_unique_violation, user_select};
use crate::error::StoreError;
use crate::records::{NewAccount, UserRecord};

/// Number of accounts.
pub(crate) async fn user_count(pool: &SqlitePool) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await?)
}

/// The account with this id, read on any connection (pool or transaction).
pub(crate) async fn user_by_id(
    conn: &mut SqliteConnection,
    id: UserId,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(concat!(user_select!(), " WHERE u.id = ?"))
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(rows::user).transpose()?)
}

/// The account with this username, ignoring case.
pub(crate) async fn user_by_username(
    pool: &SqlitePool,
    username: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(concat!(
        user_select!(),
        " WHERE lower(u.username) = lower(?)"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await?;
    Ok(row.as_ref().map(rows::user).transpose()?)
}

/// Redeems an invite and creates the account, all in one `BEGIN IMMEDIATE` transaction: the
/// write lock is held from the first read, so two sign-ups racing for one invite serialise and
/// the second sees it used. Returning early drops `tx`, which rolls everything back.
pub(crate) async fn signup(
    pool: &SqlitePool,
    new: NewAccount,
    now: DateTime<Utc>,
) -> Result<UserRecord, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;

    let invite = sqlx::query(
        "SELECT id, created_by FROM invites \
         WHERE code_hash = ? AND used_at IS NULL AND revoked = 0",
    )
    .bind(&new.code_hash)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::InviteInvalid)?;
    let invite_id: i64 = invite.try_get("id")?;
    let nominated_by: Option<i64> = invite.try_get("created_by")?;

    let taken = sqlx::query("SELECT 1 FROM users WHERE lower(username) = lower(?)")
        .bind(&new.username)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    // A live waitlist reservation holds its username for the person who reserved it.
    if taken || super::waitlist::username_held(&mut tx, &new.username, now).await? {
        return Err(StoreError::UsernameTaken);
    }

    let inserted = sqlx::query(
        "INSERT INTO users \
         (username, display_name, password_hash, is_admin, invite_quota, nominated_by, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&new.username)
    .bind(&new.display_name)
    .bind(&new.password_hash)
    .bind(nominated_by.is_none())
    .bind(new.invite_quota)
    .bind(nominated_by)
    .bind(to_ms(now))
    .execute(&mut *tx)
    .await;
    let user_id = match inserted {
        Ok(done) => UserId(done.last_insert_rowid()),
        Err(err) if is_unique_violation(&err) => return Err(StoreError::UsernameTaken),
        Err(err) => return Err(err.into()),
    };

    let consumed = sqlx::query(
        "UPDATE invites SET used_by = ?, used_at = ? \
         WHERE id = ? AND used_at IS NULL AND revoked = 0",
    )
    .bind(user_id.0)
    .bind(to_ms(now))
    .bind(invite_id)
    .execute(&mut *tx)
    .await?;
    if consumed.rows_affected() != 1 {
        return Err(StoreError::InviteInvalid);
    }

    let user = user_by_id(&mut tx, user_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(user)
}
