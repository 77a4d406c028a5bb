//! Accounts: counting, sign-up by invite, lookups.

use chrono::{DateTime, Utc};
use sqlx::{Executor, Row};
use stoa_proto::UserId;

use super::{rows, waitlist, Db, Pool};
use crate::dialect::Dialect;
use crate::millis::Millis;

use crate::common::{is_unique_violation, user_select};
use crate::error::StoreError;
use crate::records::{NewAccount, UserRecord};

/// Checks that the database answers.
pub(crate) async fn ping(pool: &Pool) -> Result<(), StoreError> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

/// Number of accounts.
pub(crate) async fn user_count(pool: &Pool) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await?)
}

/// The account with this id, read on any executor (pool, connection or transaction).
pub(crate) async fn user_by_id<'e>(
    conn: impl Executor<'e, Database = Db>,
    id: UserId,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(concat!(user_select!(), " WHERE u.id = $1"))
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(rows::user).transpose()?)
}

/// The account with this username, ignoring case.
pub(crate) async fn user_by_username(
    pool: &Pool,
    username: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(concat!(
        user_select!(),
        " WHERE lower(u.username) = lower($1)"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await?;
    Ok(row.as_ref().map(rows::user).transpose()?)
}

/// Redeems an invite and creates the account in one write transaction. The invite is locked by
/// the first read, so a racing sign-up with the same invite waits for this one to finish, then
/// re-checks it, finds it used and gets nothing. Returning early drops `tx`, which rolls
/// everything back.
pub(crate) async fn signup(
    pool: &Pool,
    new: NewAccount,
    now: DateTime<Utc>,
) -> Result<UserRecord, StoreError> {
    let now = Millis::from(now);
    let mut tx = Db::begin_write(pool).await?;

    let invite = sqlx::query(&format!(
        "SELECT id, created_by FROM invites \
         WHERE code_hash = $1 AND used_at IS NULL AND NOT revoked{}",
        Db::FOR_UPDATE
    ))
    .bind(&new.code_hash)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::InviteInvalid)?;
    let invite_id: i64 = invite.try_get("id")?;
    let nominated_by: Option<i64> = invite.try_get("created_by")?;

    // Checked and taken under the username's lock, like waitlist reservations (see `waitlist`).
    Db::lock_username(&mut tx, &new.username).await?;
    let taken = sqlx::query("SELECT 1 FROM users WHERE lower(username) = lower($1)")
        .bind(&new.username)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    // A live waitlist reservation holds its username for the person who reserved it.
    if taken || waitlist::username_held(&mut tx, &new.username, now).await? {
        return Err(StoreError::UsernameTaken);
    }

    // A racing sign-up for the same name (with another invite) that committed after the check
    // above is caught by the unique index on lower(username).
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users \
         (username, display_name, password_hash, is_admin, invite_quota, nominated_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&new.username)
    .bind(&new.display_name)
    .bind(&new.password_hash)
    .bind(nominated_by.is_none())
    .bind(new.invite_quota)
    .bind(nominated_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let user_id = match inserted {
        Ok(id) => UserId(id),
        Err(err) if is_unique_violation(&err) => return Err(StoreError::UsernameTaken),
        Err(err) => return Err(err.into()),
    };

    let consumed = sqlx::query(
        "UPDATE invites SET used_by = $1, used_at = $2 \
         WHERE id = $3 AND used_at IS NULL AND NOT revoked",
    )
    .bind(user_id.0)
    .bind(now)
    .bind(invite_id)
    .execute(&mut *tx)
    .await?;
    if consumed.rows_affected() != 1 {
        return Err(StoreError::InviteInvalid);
    }

    let user = user_by_id(&mut *tx, user_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(user)
}
