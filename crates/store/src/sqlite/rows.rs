//! Turning SQLite rows into records, and timestamps into unix milliseconds and back.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, UserId};

use crate::common::kind_from_str;
use crate::records::{InviteRecord, RoomRecord, UserRecord};

/// A timestamp as stored: unix milliseconds.
pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A stored timestamp back into a `DateTime`.
pub(crate) fn from_ms(ms: i64) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| sqlx::Error::Decode(format!("timestamp out of range: {ms}").into()))
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

/// A row of [`user_select!`](crate::common::user_select).
pub(crate) fn user(row: &SqliteRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        bio: row.try_get("bio")?,
        password_hash: row.try_get("password_hash")?,
        is_admin: row.try_get("is_admin")?,
        invite_quota: row.try_get("invite_quota")?,
        nominated_by: summary(row, "n_id", "n_username", "n_display_name")?,
        created_at: from_ms(row.try_get("created_at")?)?,
    })
}

/// A row of [`invite_select!`](crate::common::invite_select).
pub(crate) fn invite(row: &SqliteRow) -> Result<InviteRecord, sqlx::Error> {
    Ok(InviteRecord {
        id: row.try_get("id")?,
        created_by: row.try_get::<Option<i64>, _>("created_by")?.map(UserId),
        created_at: from_ms(row.try_get("created_at")?)?,
        used_by: summary(row, "m_id", "m_username", "m_display_name")?,
        revoked: row.try_get("revoked")?,
    })
}

/// A row of [`room_select!`](crate::common::room_select).
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
        club: match row.try_get::<Option<i64>, _>("club_id")? {
            Some(id) => Some(stoa_proto::clubs::ClubRef {
                id: stoa_proto::ClubId(id),
                name: row.try_get("club_name")?,
            }),
            None => None,
        },
        members_only: row.try_get("members_only")?,
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
}
