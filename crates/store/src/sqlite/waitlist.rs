//! The waitlist: reservations, the members they name, wave-ins and sign-up from a reservation.
//!
//! A reservation is live while it is not expired and not yet used to sign up; only live ones
//! are ever returned, and only live ones hold their username.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};
use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;

use super::accounts;
use super::rows::{from_ms, to_ms};
use crate::common::{is_foreign_key_violation, is_unique_violation};
use crate::error::StoreError;
use crate::waitlist_records::{
    NewReservation, ReservationRecord, WaitingRecord, WaitlistAccount, WaitlistSignup, WaveOutcome,
};

/// `SELECT` list of a reservation `w` with the member `v` who waved them in.
const RESERVATION_SELECT: &str =
    "SELECT w.id, w.public_id, w.username, w.display_name, w.created_at, \
     w.expires_at, v.id AS v_id, v.username AS v_username, v.display_name AS v_display_name \
     FROM waitlist w LEFT JOIN users v ON v.id = w.waved_by";

/// Whether a live reservation holds `username` (ignoring case) at `now`.
pub(crate) async fn username_held(
    conn: &mut SqliteConnection,
    username: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "SELECT 1 FROM waitlist \
         WHERE lower(username) = lower(?) AND consumed_at IS NULL AND expires_at > ?",
    )
    .bind(username)
    .bind(to_ms(now))
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// Records a reservation in one `BEGIN IMMEDIATE` transaction: the username must be neither an
/// account's nor held by another live reservation ([`StoreError::UsernameTaken`]), and every
/// named member must exist ([`StoreError::NotFound`]).
pub(crate) async fn create_reservation(
    pool: &SqlitePool,
    new: NewReservation,
) -> Result<ReservationRecord, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let taken = sqlx::query("SELECT 1 FROM users WHERE lower(username) = lower(?)")
        .bind(&new.username)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if taken || username_held(&mut tx, &new.username, new.created_at).await? {
        return Err(StoreError::UsernameTaken);
    }
    let id = sqlx::query(
        "INSERT INTO waitlist \
         (public_id, token_hash, username, display_name, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&new.public_id)
    .bind(&new.token_hash)
    .bind(&new.username)
    .bind(&new.display_name)
    .bind(to_ms(new.created_at))
    .bind(to_ms(new.expires_at))
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    for (position, user) in new.named.iter().enumerate() {
        let inserted = sqlx::query(
            "INSERT INTO waitlist_named (waitlist_id, user_id, position) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(user.0)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
            Err(err) if is_unique_violation(&err) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let record = live_reservation(&mut tx, "w.id = ?", Key::Id(id), new.created_at)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(record)
}

/// What identifies a reservation in [`live_reservation`].
enum Key<'a> {
    Id(i64),
    Token(&'a str),
}

/// The live reservation matching `filter` (a condition on `w` with one placeholder for `key`).
async fn live_reservation(
    conn: &mut SqliteConnection,
    filter: &str,
    key: Key<'_>,
    now: DateTime<Utc>,
) -> Result<Option<ReservationRecord>, StoreError> {
    let sql = format!(
        "{RESERVATION_SELECT} WHERE {filter} AND w.consumed_at IS NULL AND w.expires_at > ?"
    );
    let query = sqlx::query(&sql);
    let query = match key {
        Key::Id(id) => query.bind(id),
        Key::Token(token) => query.bind(token),
    };
    let Some(row) = query.bind(to_ms(now)).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let named = sqlx::query(
        "SELECT u.id, u.username, u.display_name FROM waitlist_named n \
         JOIN users u ON u.id = n.user_id WHERE n.waitlist_id = ? ORDER BY n.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(summary)
    .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(reservation(&row, named)?))
}

/// A [`UserSummary`] from `id, username, display_name`.
fn summary(row: &SqliteRow) -> Result<UserSummary, sqlx::Error> {
    Ok(UserSummary {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
    })
}

/// A row of [`RESERVATION_SELECT`] with its named members.
fn reservation(row: &SqliteRow, named: Vec<UserSummary>) -> Result<ReservationRecord, sqlx::Error> {
    let waved_in_by = match row.try_get::<Option<i64>, _>("v_id")? {
        Some(id) => Some(UserSummary {
            id: UserId(id),
            username: row.try_get("v_username")?,
            display_name: row.try_get("v_display_name")?,
        }),
        None => None,
    };
    Ok(ReservationRecord {
        id: row.try_get("id")?,
        public_id: row.try_get("public_id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        named,
        created_at: from_ms(row.try_get("created_at")?)?,
        expires_at: from_ms(row.try_get("expires_at")?)?,
        waved_in_by,
    })
}

/// The live reservation with this token hash at `now`.
pub(crate) async fn reservation_by_token(
    pool: &SqlitePool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<ReservationRecord>, StoreError> {
    let mut conn = pool.acquire().await?;
    live_reservation(&mut conn, "w.token_hash = ?", Key::Token(token_hash), now).await
}

/// Live reservations naming `user`, newest first, at most `limit`.
pub(crate) async fn waiting_for(
    pool: &SqlitePool,
    user: UserId,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<WaitingRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT w.id, w.public_id, w.username, w.display_name, w.created_at, \
         w.waved_by IS NOT NULL AS waved \
         FROM waitlist_named n JOIN waitlist w ON w.id = n.waitlist_id \
         WHERE n.user_id = ? AND w.consumed_at IS NULL AND w.expires_at > ? \
         ORDER BY w.created_at DESC, w.id DESC LIMIT ?",
    )
    .bind(user.0)
    .bind(to_ms(now))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(WaitingRecord {
                id: row.try_get("id")?,
                public_id: row.try_get("public_id")?,
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
                requested_at: from_ms(row.try_get("created_at")?)?,
                waved_in: row.try_get("waved")?,
            })
        })
        .collect()
}

/// `by` waves in the person behind the live reservation with `public_id`, in one `BEGIN IMMEDIATE`
/// transaction. [`StoreError::NotFound`] if the reservation is not live; the first waver is kept.
pub(crate) async fn wave_in(
    pool: &SqlitePool,
    public_id: &str,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<WaveOutcome, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = sqlx::query(
        "SELECT w.id, EXISTS (SELECT 1 FROM waitlist_named n WHERE n.waitlist_id = w.id \
         AND n.user_id = ?) AS named FROM waitlist w \
         WHERE w.public_id = ? AND w.consumed_at IS NULL AND w.expires_at > ?",
    )
    .bind(by.0)
    .bind(public_id)
    .bind(to_ms(now))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    let id: i64 = row.try_get("id")?;
    if !row.try_get::<bool, _>("named")? {
        return Ok(WaveOutcome::NotNamed);
    }
    sqlx::query("UPDATE waitlist SET waved_by = ?, waved_at = ? WHERE id = ? AND waved_by IS NULL")
        .bind(by.0)
        .bind(to_ms(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(WaveOutcome::Waved)
}

/// Creates the account of a waved-in reservation and uses the reservation up, in one
/// `BEGIN IMMEDIATE` transaction, so of two sign-ups racing with one token the second finds
/// the reservation used ([`StoreError::NotFound`]).
pub(crate) async fn waitlist_signup(
    pool: &SqlitePool,
    account: WaitlistAccount,
    now: DateTime<Utc>,
) -> Result<WaitlistSignup, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = sqlx::query(
        "SELECT id, username, display_name, waved_by FROM waitlist \
         WHERE token_hash = ? AND consumed_at IS NULL AND expires_at > ?",
    )
    .bind(&account.token_hash)
    .bind(to_ms(now))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    let Some(waved_by) = row.try_get::<Option<i64>, _>("waved_by")? else {
        return Ok(WaitlistSignup::NotWavedIn);
    };
    let reservation: i64 = row.try_get("id")?;
    let username: String = row.try_get("username")?;
    let display_name: String = row.try_get("display_name")?;

    let inserted = sqlx::query(
        "INSERT INTO users \
         (username, display_name, password_hash, is_admin, invite_quota, nominated_by, created_at) \
         VALUES (?, ?, ?, 0, ?, ?, ?)",
    )
    .bind(&username)
    .bind(&display_name)
    .bind(&account.password_hash)
    .bind(account.invite_quota)
    .bind(waved_by)
    .bind(to_ms(now))
    .execute(&mut *tx)
    .await;
    let user_id = match inserted {
        Ok(done) => UserId(done.last_insert_rowid()),
        Err(err) if is_unique_violation(&err) => return Err(StoreError::UsernameTaken),
        Err(err) => return Err(err.into()),
    };
    sqlx::query("UPDATE waitlist SET user_id = ?, consumed_at = ? WHERE id = ?")
        .bind(user_id.0)
        .bind(to_ms(now))
        .bind(reservation)
        .execute(&mut *tx)
        .await?;
    let user = accounts::user_by_id(&mut tx, user_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(WaitlistSignup::SignedUp(user))
}
