//! The waitlist: reservations, the members they name, wave-ins and sign-up from a reservation.
//!
//! A reservation is live while it is not expired and not yet used to sign up; only live ones
//! are ever returned, and only live ones hold their username.
//!
//! Who may take a username is decided under the username's lock
//! ([`Dialect::lock_username`]), taken by reservations and by invite sign-ups alike, so a
//! reservation and a sign-up racing for one name cannot both pass their checks.

use super::rows::{self, Summary};
use super::ThisStore;
use super::{accounts, Conn, Db};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::UserId;

use crate::common::fk_not_found;
use crate::error::StoreError;
use crate::waitlist_records::{
    NewReservation, ReservationRecord, WaitingRecord, WaitlistAccount, WaitlistSignup, WaveOutcome,
};

/// `SELECT` list of a reservation `w` with the member `v` who waved them in.
const RESERVATION_SELECT: &str = concat!(
    "SELECT w.id, w.public_id, w.username, w.display_name, w.created_at, \
     w.expires_at, v.id AS v_id, v.username AS v_username, v.display_name AS v_display_name, ",
    crate::common::avatar_of!("v"),
    " AS v_avatar FROM waitlist w LEFT JOIN users v ON v.id = w.waved_by"
);

/// Takes `username` (ignoring case) for the transaction's new account or reservation: under the
/// username's lock, [`StoreError::UsernameTaken`] if an account has it or a reservation live at
/// `now` holds it (a live reservation keeps its name for the person who reserved it).
pub(crate) async fn take_username(
    conn: &mut Conn,
    username: &str,
    now: impl Into<Millis>,
) -> Result<(), StoreError> {
    Db::lock_username(conn, username).await?;
    let taken = sqlx::query(
        "SELECT 1 FROM users WHERE lower(username) = lower($1) UNION ALL SELECT 1 FROM waitlist \
         WHERE lower(username) = lower($1) AND consumed_at IS NULL AND expires_at > $2",
    )
    .bind(username)
    .bind(now.into())
    .fetch_optional(conn)
    .await?;
    match taken {
        Some(_) => Err(StoreError::UsernameTaken),
        None => Ok(()),
    }
}

/// What identifies a reservation in [`live_reservation`].
enum Key<'a> {
    Id(i64),
    Token(&'a str),
}

/// The live reservation matching `filter` (a condition on `w` with the placeholder `$1` for
/// `key`).
async fn live_reservation(
    conn: &mut Conn,
    filter: &str,
    key: Key<'_>,
    now: DateTime<Utc>,
) -> Result<Option<ReservationRecord>, StoreError> {
    let sql = format!(
        "{RESERVATION_SELECT} WHERE {filter} AND w.consumed_at IS NULL AND w.expires_at > $2"
    );
    let query = sqlx::query_as::<_, ReservationRow>(&sql);
    let query = match key {
        Key::Id(id) => query.bind(id),
        Key::Token(token) => query.bind(token),
    };
    let Some(row) = query
        .bind(Millis::from(now))
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let named: Vec<Summary> = sqlx::query_as(concat!(
        "SELECT u.id, u.username, u.display_name, ",
        crate::common::avatar_of!("u"),
        " AS avatar FROM waitlist_named n \
         JOIN users u ON u.id = n.user_id WHERE n.waitlist_id = $1 ORDER BY n.position",
    ))
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(ReservationRecord {
        id: row.id,
        public_id: row.public_id,
        username: row.username,
        display_name: row.display_name,
        named: rows::all(named),
        created_at: row.created_at.into(),
        expires_at: row.expires_at.into(),
        waved_in_by: rows::joined(row.v_id, row.v_username, row.v_display_name, row.v_avatar),
    }))
}

/// A row of [`RESERVATION_SELECT`].
#[derive(sqlx::FromRow)]
struct ReservationRow {
    id: i64,
    public_id: String,
    username: String,
    display_name: String,
    created_at: Millis,
    expires_at: Millis,
    v_id: Option<i64>,
    v_username: Option<String>,
    v_display_name: Option<String>,
    v_avatar: Option<i64>,
}

/// A row of [`waiting_for`]'s query.
#[derive(sqlx::FromRow)]
struct WaitingRow {
    id: i64,
    public_id: String,
    username: String,
    display_name: String,
    created_at: Millis,
    waved: bool,
}

#[async_trait::async_trait]
impl crate::WaitlistStore for ThisStore {
    /// Records a reservation in one transaction holding the username's advisory lock: the username
    /// must be neither an account's nor held by another live reservation
    /// ([`StoreError::UsernameTaken`]), and every named member must exist ([`StoreError::NotFound`]).
    async fn create_reservation(
        &self,
        new: NewReservation,
    ) -> Result<ReservationRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_reservation");
        let mut tx = Db::begin_write(&self.pool).await?;
        take_username(&mut tx, &new.username, new.created_at).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO waitlist \
             (public_id, token_hash, username, display_name, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&new.public_id)
        .bind(&new.token_hash)
        .bind(&new.username)
        .bind(&new.display_name)
        .bind(Millis::from(new.created_at))
        .bind(Millis::from(new.expires_at))
        .fetch_one(&mut *tx)
        .await?;
        for (position, user) in new.named.iter().enumerate() {
            sqlx::query(
                "INSERT INTO waitlist_named (waitlist_id, user_id, position) VALUES ($1, $2, $3) \
                 ON CONFLICT (waitlist_id, user_id) DO NOTHING",
            )
            .bind(id)
            .bind(user.0)
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .execute(&mut *tx)
            .await
            .map_err(fk_not_found)?;
        }
        let record = live_reservation(&mut tx, "w.id = $1", Key::Id(id), new.created_at)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(record)
    }

    async fn reservation_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ReservationRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("reservation_by_token");
        let mut conn = self.pool.acquire().await?;
        live_reservation(&mut conn, "w.token_hash = $1", Key::Token(token_hash), now).await
    }

    async fn waiting_for(
        &self,
        user: UserId,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<WaitingRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("waiting_for");
        let rows: Vec<WaitingRow> = sqlx::query_as(
            "SELECT w.id, w.public_id, w.username, w.display_name, w.created_at, \
             w.waved_by IS NOT NULL AS waved \
             FROM waitlist_named n JOIN waitlist w ON w.id = n.waitlist_id \
             WHERE n.user_id = $1 AND w.consumed_at IS NULL AND w.expires_at > $2 \
             ORDER BY w.created_at DESC, w.id DESC LIMIT $3",
        )
        .bind(user.0)
        .bind(Millis::from(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| WaitingRecord {
                id: row.id,
                public_id: row.public_id,
                username: row.username,
                display_name: row.display_name,
                requested_at: row.created_at.into(),
                waved_in: row.waved,
            })
            .collect())
    }

    /// `by` waves in the person behind the live reservation with `public_id`, holding the reservation's row lock.
    /// [`StoreError::NotFound`] if the reservation is not live; the first waver is kept.
    async fn wave_in(
        &self,
        public_id: &str,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<WaveOutcome, StoreError> {
        let _timer = crate::timing::QueryTimer::start("wave_in");
        let mut tx = Db::begin_write(&self.pool).await?;
        let id: i64 = sqlx::query_scalar(&format!(
            "SELECT id FROM waitlist \
             WHERE public_id = $1 AND consumed_at IS NULL AND expires_at > $2{}",
            Db::FOR_UPDATE
        ))
        .bind(public_id)
        .bind(Millis::from(now))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let named =
            sqlx::query("SELECT 1 FROM waitlist_named WHERE waitlist_id = $1 AND user_id = $2")
                .bind(id)
                .bind(by.0)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
        if !named {
            return Ok(WaveOutcome::NotNamed);
        }
        sqlx::query(
            "UPDATE waitlist SET waved_by = $1, waved_at = $2 WHERE id = $3 AND waved_by IS NULL",
        )
        .bind(by.0)
        .bind(Millis::from(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(WaveOutcome::Waved)
    }

    /// Creates the account of a waved-in reservation and uses the reservation up, in one
    /// transaction holding the reservation's row lock: of two sign-ups racing with one token, the
    /// second waits, re-reads the row, finds it used and fails with [`StoreError::NotFound`].
    async fn waitlist_signup(
        &self,
        account: WaitlistAccount,
        now: DateTime<Utc>,
    ) -> Result<WaitlistSignup, StoreError> {
        let _timer = crate::timing::QueryTimer::start("waitlist_signup");
        let now = Millis::from(now);
        let mut tx = Db::begin_write(&self.pool).await?;
        let (reservation, username, display_name, waved_by): (i64, String, String, Option<i64>) =
            sqlx::query_as(&format!(
                "SELECT id, username, display_name, waved_by FROM waitlist \
             WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2{}",
                Db::FOR_UPDATE
            ))
            .bind(&account.token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let Some(waved_by) = waved_by else {
            return Ok(WaitlistSignup::NotWavedIn);
        };

        let (hash, quota) = (&account.password_hash, account.invite_quota);
        let user_id = accounts::insert_user(
            &mut tx,
            &username,
            &display_name,
            hash,
            quota,
            Some(waved_by),
            now,
        )
        .await?;
        sqlx::query("UPDATE waitlist SET user_id = $1, consumed_at = $2 WHERE id = $3")
            .bind(user_id.0)
            .bind(now)
            .bind(reservation)
            .execute(&mut *tx)
            .await?;
        let user = accounts::user_by_id(&mut *tx, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(WaitlistSignup::SignedUp(Box::new(user)))
    }
}
