//! Turning PostgreSQL rows into records, and timestamps into what is stored.

use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::Row;
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, UserId};

use crate::common::kind_from_str;
use crate::records::{InviteRecord, RoomRecord, UserRecord};

/// A timestamp as stored: truncated to whole milliseconds, the precision the SQLite store keeps,
/// so both stores give back the same values. (`TIMESTAMPTZ` itself keeps microseconds.)
pub(crate) fn ms(t: DateTime<Utc>) -> DateTime<Utc> {
    let truncated = t.timestamp_millis();
    DateTime::from_timestamp_millis(truncated).unwrap_or(t)
}

/// A summary from three nullable columns of a LEFT JOIN (`None` when the id is NULL).
fn summary(
    row: &PgRow,
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
pub(crate) fn user(row: &PgRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        bio: row.try_get("bio")?,
        password_hash: row.try_get("password_hash")?,
        is_admin: row.try_get("is_admin")?,
        invite_quota: row.try_get("invite_quota")?,
        nominated_by: summary(row, "n_id", "n_username", "n_display_name")?,
        created_at: row.try_get("created_at")?,
    })
}

/// A row of [`invite_select!`](crate::common::invite_select).
pub(crate) fn invite(row: &PgRow) -> Result<InviteRecord, sqlx::Error> {
    Ok(InviteRecord {
        id: row.try_get("id")?,
        created_by: row.try_get::<Option<i64>, _>("created_by")?.map(UserId),
        created_at: row.try_get("created_at")?,
        used_by: summary(row, "m_id", "m_username", "m_display_name")?,
        revoked: row.try_get("revoked")?,
    })
}

/// A row of [`room_select!`](crate::common::room_select).
pub(crate) fn room(row: &PgRow) -> Result<RoomRecord, sqlx::Error> {
    Ok(RoomRecord {
        id: RoomId(row.try_get("id")?),
        title: row.try_get("title")?,
        kind: kind_from_str(row.try_get("kind")?)?,
        created_by: UserId(row.try_get("created_by")?),
        created_at: row.try_get("created_at")?,
        ended_at: row.try_get("ended_at")?,
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
    fn timestamps_are_truncated_to_milliseconds() {
        let t = DateTime::from_timestamp(1_700_000_000, 123_456_789).expect("valid");
        let stored = ms(t);
        assert_eq!(stored.timestamp_millis(), t.timestamp_millis());
        assert_eq!(stored.timestamp_subsec_nanos(), 123_000_000);
        assert_eq!(ms(stored), stored);
    }
}
