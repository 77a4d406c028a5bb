//! The room moderation log and who ever moderated a room.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};
use stoa_proto::moderation::ModLogEntry;
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, UserId};

use super::rows::{from_ms, to_ms};
use crate::error::StoreError;
use crate::modlog_records::{action_from_name, action_name, NewModLog};

/// Stores one entry; returns its id.
pub(crate) async fn insert_mod_log(pool: &SqlitePool, new: &NewModLog) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO room_mod_log (room_id, at, actor_id, action, target_id, detail) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&new.room_id.0)
    .bind(to_ms(new.at))
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
    pool: &SqlitePool,
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
         WHERE l.room_id = ? AND l.id < ? ORDER BY l.id DESC LIMIT ?",
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

fn entry(row: &SqliteRow) -> Result<ModLogEntry, sqlx::Error> {
    Ok(ModLogEntry {
        id: row.try_get("id")?,
        room_id: RoomId(row.try_get("room_id")?),
        at: from_ms(row.try_get("at")?)?,
        actor: person(row, "a_")?,
        action: action_from_name(&row.try_get::<String, _>("action")?)?,
        target: person(row, "t_")?,
        detail: row.try_get("detail")?,
    })
}

fn person(row: &SqliteRow, prefix: &str) -> Result<Option<UserSummary>, sqlx::Error> {
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
    pool: &SqlitePool,
    room: &RoomId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO room_moderators (room_id, user_id, since) VALUES (?, ?, ?) \
         ON CONFLICT (room_id, user_id) DO NOTHING",
    )
    .bind(&room.0)
    .bind(user.0)
    .bind(to_ms(now))
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether `user` is or ever was a moderator of `room`.
pub(crate) async fn was_room_moderator(
    pool: &SqlitePool,
    room: &RoomId,
    user: UserId,
) -> Result<bool, StoreError> {
    let found: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM room_moderators WHERE room_id = ? AND user_id = ?)",
    )
    .bind(&room.0)
    .bind(user.0)
    .fetch_one(pool)
    .await?;
    Ok(found)
}
