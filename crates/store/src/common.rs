//! Pieces both SQL dialects share: the `SELECT` lists (no placeholders in them, so they read the
//! same in SQLite and PostgreSQL), room kinds as stored, and recognising constraint errors.

use sqlx::error::ErrorKind;
use stoa_proto::RoomKind;

/// `SELECT` list for a [`UserRecord`](crate::UserRecord): the user `u` and their nominator `n`.
macro_rules! user_select {
    () => {
        "SELECT u.id, u.username, u.display_name, u.password_hash, u.is_admin, u.invite_quota, \
         u.created_at, n.id AS n_id, n.username AS n_username, n.display_name AS n_display_name \
         FROM users u LEFT JOIN users n ON n.id = u.nominated_by"
    };
}
pub(crate) use user_select;

/// `SELECT` list for an [`InviteRecord`](crate::InviteRecord): the invite `i` and the member `m`
/// who used it.
macro_rules! invite_select {
    () => {
        "SELECT i.id, i.created_by, i.created_at, i.revoked, \
         m.id AS m_id, m.username AS m_username, m.display_name AS m_display_name \
         FROM invites i LEFT JOIN users m ON m.id = i.used_by"
    };
}
pub(crate) use invite_select;

/// `SELECT` list for a [`RoomRecord`](crate::RoomRecord).
macro_rules! room_select {
    () => {
        "SELECT id, title, kind, created_by, created_at, ended_at, state_json FROM rooms"
    };
}
pub(crate) use room_select;

/// A room kind as stored.
pub(crate) fn kind_to_str(kind: RoomKind) -> &'static str {
    match kind {
        RoomKind::Open => "open",
        RoomKind::Social => "social",
        RoomKind::Closed => "closed",
    }
}

/// A stored room kind back into the enum.
pub(crate) fn kind_from_str(s: &str) -> Result<RoomKind, sqlx::Error> {
    match s {
        "open" => Ok(RoomKind::Open),
        "social" => Ok(RoomKind::Social),
        "closed" => Ok(RoomKind::Closed),
        other => Err(sqlx::Error::Decode(
            format!("unknown room kind {other:?}").into(),
        )),
    }
}

/// Whether `err` is a UNIQUE / PRIMARY KEY constraint violation.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation)
}

/// Whether `err` is a FOREIGN KEY constraint violation.
pub(crate) fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::ForeignKeyViolation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_kinds_round_trip() {
        for kind in [RoomKind::Open, RoomKind::Social, RoomKind::Closed] {
            assert_eq!(kind_from_str(kind_to_str(kind)).expect("known"), kind);
        }
        assert!(kind_from_str("secret").is_err());
    }
}
