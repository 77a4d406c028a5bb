//! Turning SQLite rows into records, timestamps into unix milliseconds and back, and
//! recognising constraint errors.

use chrono::{DateTime, Utc};
use sqlx::error::ErrorKind;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, RoomKind, UserId};

use crate::records::{InviteRecord, RoomRecord, UserRecord};

/// `SELECT` list for a [`UserRecord`]: the user `u` and their nominator `n`.
macro_rules! user_select {
    () => {
        "SELECT u.id, u.username, u.display_name, u.password_hash, u.is_admin, u.invite_quota, \
         u.created_at, n.id AS n_id, n.username AS n_username, n.display_name AS n_display_name \
         FROM users u LEFT JOIN users n ON n.id = u.nominated_by"
    };
}
pub(crate) use user_select;

/// `SELECT` list for an [`InviteRecord`]: the invite `i` and the member `m` who used it.
macro_rules! invite_select {
    () => {
        "SELECT i.id, i.created_by, i.created_at, i.revoked, \
         m.id AS m_id, m.username AS m_username, m.display_name AS m_display_name \
         FROM invites i LEFT JOIN users m ON m.id = i.used_by"
    };
}
pub(crate) use invite_select;

/// `SELECT` list for a [`RoomRecord`].
macro_rules! room_select {
    () => {
        "SELECT id, title, kind, created_by, created_at, ended_at, state_json FROM rooms"
    };
}
pub(crate) use room_select;

/// A timestamp as stored: unix milliseconds.
pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A stored timestamp back into a `DateTime`.
pub(crate) fn from_ms(ms: i64) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| sqlx::Error::Decode(format!("timestamp out of range: {ms}").into()))
}

/// Whether `err` is a UNIQUE / PRIMARY KEY constraint violation.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation)
}

/// Whether `err` is a FOREIGN KEY constraint violation.
pub(crate) fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::ForeignKeyViolation)
}

/// A summary from three nullable columns of a LEFT JOIN (`None` when the id is NULL).
fn summary(
    row: &SqliteRow,
    id: &str,
    username: &str,
    display_name: &str,
) -> Result<Option<UserSummary>, sqlx::Error> {
    let Some(id) = row.try_get::<Option<i64>, _>(id)? else {
        return Ok(None);
    };
    Ok(Some(UserSummary {
        id: UserId(id),
        username: row.try_get(username)?,
        display_name: row.try_get(display_name)?,
    }))
}

/// A row of [`user_select!`].
pub(crate) fn user(row: &SqliteRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        is_admin: row.try_get("is_admin")?,
        invite_quota: row.try_get("invite_quota")?,
        nominated_by: summary(row, "n_id", "n_username", "n_display_name")?,
        created_at: from_ms(row.try_get("created_at")?)?,
    })
}

/// A row of [`invite_select!`].
pub(crate) fn invite(row: &SqliteRow) -> Result<InviteRecord, sqlx::Error> {
    Ok(InviteRecord {
        id: row.try_get("id")?,
        created_by: row.try_get::<Option<i64>, _>("created_by")?.map(UserId),
        created_at: from_ms(row.try_get("created_at")?)?,
        used_by: summary(row, "m_id", "m_username", "m_display_name")?,
        revoked: row.try_get("revoked")?,
    })
}

/// A room kind as stored.
pub(crate) fn kind_to_str(kind: RoomKind) -> &'static str {
    match kind {
        RoomKind::Open => "open",
        RoomKind::Social => "social",
        RoomKind::Closed => "closed",
    }
}

/// A stored room kind back into the enum.
fn kind_from_str(s: &str) -> Result<RoomKind, sqlx::Error> {
    match s {
        "open" => Ok(RoomKind::Open),
        "social" => Ok(RoomKind::Social),
        "closed" => Ok(RoomKind::Closed),
        other => Err(sqlx::Error::Decode(
            format!("unknown room kind {other:?}").into(),
        )),
    }
}

/// A row of [`room_select!`].
pub(crate) fn room(row: &SqliteRow) -> Result<RoomRecord, sqlx::Error> {
    Ok(RoomRecord {
        id: RoomId(row.try_get("id")?),
        title: row.try_get("title")?,
        kind: kind_from_str(row.try_get("kind")?)?,
        created_by: UserId(row.try_get("created_by")?),
        created_at: from_ms(row.try_get("created_at")?)?,
        ended_at: row
            .try_get::<Option<i64>, _>("ended_at")?
            .map(from_ms)
            .transpose()?,
        state_json: row.try_get("state_json")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millisecond_timestamps_round_trip() {
        let t = DateTime::from_timestamp_millis(1_700_000_000_123).expect("valid");
        assert_eq!(from_ms(to_ms(t)).expect("in range"), t);
        assert!(from_ms(i64::MAX).is_err());
    }

    #[test]
    fn room_kinds_round_trip() {
        for kind in [RoomKind::Open, RoomKind::Social, RoomKind::Closed] {
            assert_eq!(kind_from_str(kind_to_str(kind)).expect("known"), kind);
        }
        assert!(kind_from_str("secret").is_err());
    }
}
