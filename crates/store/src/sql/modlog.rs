//! The room moderation log and who ever moderated a room.

use super::{rows, DbRow, Pool};
use crate::millis::Millis;
use chrono::{DateTime, Utc};

use sqlx::Row;

use stoa_proto::moderation::ModLogEntry;
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, UserId};

use crate::error::StoreError;
use crate::modlog_records::{action_from_name, action_name, NewModLog};

/// Stores one entry; returns its id.
pub(crate) async fn insert_mod_log(pool: &Pool, new: &NewModLog) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO room_mod_log (room_id, at, actor_id, action, target_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&new.room_id.0)
    .bind(Millis::from(new.at))
    .bind(new.actor.map(|u| u.0))
    .bind(action_name(new.action))
    .bind(new.target.map(|u| u.0))
    .bind(new.detail.as_deref())
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// A room's entries with ids below `before` (all when `None`), newest first.
pub(crate) async fn mod_log(
    pool: &Pool,
    room: &RoomId,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<ModLogEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT l.id, l.room_id, l.at, l.action, l.detail, \
         a.id AS a_id, a.username AS a_username, a.display_name AS a_display_name, \
         t.id AS t_id, t.username AS t_username, t.display_name AS t_display_name \
         FROM room_mod_log l \
         LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN users t ON t.id = l.target_id \
         WHERE l.room_id = $1 AND l.id < $2 ORDER BY l.id DESC LIMIT $3",
    )
    .bind(&room.0)
    .bind(before.unwrap_or(i64::MAX))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(entry)
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

fn entry(row: &DbRow) -> Result<ModLogEntry, sqlx::Error> {
    Ok(ModLogEntry {
        id: row.try_get("id")?,
        room_id: RoomId(row.try_get("room_id")?),
        at: rows::ts(row, "at")?,
        actor: person(row, "a_")?,
        action: action_from_name(&row.try_get::<String, _>("action")?)?,
        target: person(row, "t_")?,
        detail: row.try_get("detail")?,
    })
}

fn person(row: &DbRow, prefix: &str) -> Result<Option<UserSummary>, sqlx::Error> {
    let Some(id) = row.try_get::<Option<i64>, _>(format!("{prefix}id").as_str())? else {
        return Ok(None);
    };
    Ok(Some(UserSummary {
        id: UserId(id),
        username: row.try_get(format!("{prefix}username").as_str())?,
        display_name: row.try_get(format!("{prefix}display_name").as_str())?,
    }))
}

/// Records that `user` is a moderator of `room` (no-op if already recorded).
pub(crate) async fn add_room_moderator(
    pool: &Pool,
    room: &RoomId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO room_moderators (room_id, user_id, since) VALUES ($1, $2, $3) \
         ON CONFLICT (room_id, user_id) DO NOTHING",
    )
    .bind(&room.0)
    .bind(user.0)
    .bind(Millis::from(now))
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether `user` is or ever was a moderator of `room`.
pub(crate) async fn was_room_moderator(
    pool: &Pool,
    room: &RoomId,
    user: UserId,
) -> Result<bool, StoreError> {
    let found: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM room_moderators WHERE room_id = $1 AND user_id = $2)",
    )
    .bind(&room.0)
    .bind(user.0)
    .fetch_one(pool)
    .await?;
    Ok(found)
}
