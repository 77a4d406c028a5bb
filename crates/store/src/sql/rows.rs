//! Turning rows into records: the shared `SELECT` lists' rows, and timestamp columns (read as
//! [`Millis`], whatever the dialect stores).

use super::DbRow;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use sqlx::Row;
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, UserId};

use crate::common::kind_from_str;
use crate::records::{InviteRecord, RoomRecord, UserRecord};

/// The timestamp in column `col`.
pub(crate) fn ts(row: &DbRow, col: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    Ok(row.try_get::<Millis, _>(col)?.into())
}

/// The nullable timestamp in column `col`.
pub(crate) fn opt_ts(row: &DbRow, col: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    Ok(row.try_get::<Option<Millis>, _>(col)?.map(Into::into))
}

/// A summary from three nullable columns of a LEFT JOIN (`None` when the id is NULL).
pub(crate) fn summary_of(
    row: &DbRow,
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
pub(crate) fn user(row: &DbRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        bio: row.try_get("bio")?,
        password_hash: row.try_get("password_hash")?,
        is_admin: row.try_get("is_admin")?,
        invite_quota: row.try_get("invite_quota")?,
        nominated_by: summary_of(row, "n_id", "n_username", "n_display_name")?,
        created_at: ts(row, "created_at")?,
    })
}

/// A row of [`invite_select!`](crate::common::invite_select).
pub(crate) fn invite(row: &DbRow) -> Result<InviteRecord, sqlx::Error> {
    Ok(InviteRecord {
        id: row.try_get("id")?,
        created_by: row.try_get::<Option<i64>, _>("created_by")?.map(UserId),
        created_at: ts(row, "created_at")?,
        used_by: summary_of(row, "m_id", "m_username", "m_display_name")?,
        revoked: row.try_get("revoked")?,
    })
}

/// A row of [`room_select!`](crate::common::room_select).
pub(crate) fn room(row: &DbRow) -> Result<RoomRecord, sqlx::Error> {
    Ok(RoomRecord {
        id: RoomId(row.try_get("id")?),
        title: row.try_get("title")?,
        kind: kind_from_str(row.try_get("kind")?)?,
        created_by: UserId(row.try_get("created_by")?),
        created_at: ts(row, "created_at")?,
        ended_at: opt_ts(row, "ended_at")?,
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
