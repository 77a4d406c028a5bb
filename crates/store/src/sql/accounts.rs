//! Accounts: counting, sign-up by invite, lookups.

use super::ThisStore;
use chrono::Utc;
use sqlx::Executor;
use stoa_proto::UserId;

use super::rows::UserRow;
use super::{waitlist, Conn, Db};
use crate::dialect::Dialect;
use crate::millis::Millis;

use crate::common::{is_unique_violation, user_select};
use crate::error::StoreError;
use crate::records::{NewAccount, UserRecord};

/// The account with this id, read on any executor (pool, connection or transaction).
pub(crate) async fn user_by_id<'e>(
    conn: impl Executor<'e, Database = Db>,
    id: UserId,
) -> Result<Option<UserRecord>, StoreError> {
    let row: Option<UserRow> = sqlx::query_as(concat!(user_select!(), " WHERE u.id = $1"))
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Into::into))
}

/// Inserts an account on `conn`, an admin exactly when nobody nominated them. A taken username
/// (the unique index on `lower(username)`) is [`StoreError::UsernameTaken`].
pub(crate) async fn insert_user(
    conn: &mut Conn,
    username: &str,
    display_name: &str,
    password_hash: &str,
    invite_quota: i64,
    nominated_by: Option<i64>,
    now: Millis,
) -> Result<UserId, StoreError> {
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users \
         (username, display_name, password_hash, is_admin, invite_quota, nominated_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(nominated_by.is_none())
    .bind(invite_quota)
    .bind(nominated_by)
    .bind(now)
    .fetch_one(conn)
    .await;
    match inserted {
        Ok(id) => Ok(UserId(id)),
        Err(err) if is_unique_violation(&err) => Err(StoreError::UsernameTaken),
        Err(err) => Err(err.into()),
    }
}

#[async_trait::async_trait]
impl crate::AccountStore for ThisStore {
    async fn user_count(&self) -> Result<i64, StoreError> {
        let _timer = crate::timing::QueryTimer::start("user_count");
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Redeems an invite and creates the account in one write transaction. The invite is locked by
    /// the first read, so a racing sign-up with the same invite waits for this one to finish, then
    /// re-checks it, finds it used and gets nothing. Returning early drops `tx`, which rolls
    /// everything back.
    async fn signup(&self, new: NewAccount) -> Result<UserRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("signup");
        let now = Millis::from(Utc::now());
        let mut tx = Db::begin_write(&self.pool).await?;

        let (invite_id, nominated_by): (i64, Option<i64>) = sqlx::query_as(&format!(
            "SELECT id, created_by FROM invites \
             WHERE code_hash = $1 AND used_at IS NULL AND NOT revoked{}",
            Db::FOR_UPDATE
        ))
        .bind(&new.code_hash)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::InviteInvalid)?;

        // Checked and taken under the username's lock, like waitlist reservations.
        waitlist::take_username(&mut tx, &new.username, now).await?;

        // A racing sign-up for the same name (with another invite) that committed after the check
        // above is caught by the unique index on lower(username).
        let (name, quota) = (&new.display_name, new.invite_quota);
        let user_id = insert_user(
            &mut tx,
            &new.username,
            name,
            &new.password_hash,
            quota,
            nominated_by,
            now,
        )
        .await?;

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

    async fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("user_by_id");
        user_by_id(&self.pool, id).await
    }

    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("user_by_username");
        let row: Option<UserRow> = sqlx::query_as(concat!(
            user_select!(),
            " WHERE lower(u.username) = lower($1)"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Into::into))
    }
}
