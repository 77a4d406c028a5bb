//! The room moderation log and who ever moderated a room.

use super::rooms::RoomWriter;
use super::rows;
use super::ThisStore;
use crate::millis::Millis;
use chrono::Utc;

use stoa_proto::moderation::ModLogEntry;
use stoa_proto::{RoomId, UserId};

use crate::common::{avatar_of, from_stored_name, stored_name};
use crate::error::StoreError;
use crate::modlog_records::NewModLog;

/// A row of the log with its actor `a_` and target `t_`.
#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    room_id: String,
    at: Millis,
    action: String,
    detail: Option<String>,
    a_id: Option<i64>,
    a_username: Option<String>,
    a_display_name: Option<String>,
    a_avatar: Option<i64>,
    t_id: Option<i64>,
    t_username: Option<String>,
    t_display_name: Option<String>,
    t_avatar: Option<i64>,
}

impl TryFrom<EntryRow> for ModLogEntry {
    type Error = sqlx::Error;

    fn try_from(row: EntryRow) -> Result<Self, sqlx::Error> {
        Ok(ModLogEntry {
            id: row.id,
            room_id: RoomId(row.room_id),
            at: row.at.into(),
            actor: rows::joined(row.a_id, row.a_username, row.a_display_name, row.a_avatar),
            action: from_stored_name(&row.action, "mod action")?,
            target: rows::joined(row.t_id, row.t_username, row.t_display_name, row.t_avatar),
            detail: row.detail,
        })
    }
}

#[async_trait::async_trait]
impl crate::ModLogStore for ThisStore {
    async fn insert_mod_log(&self, new: &NewModLog, epoch: u64) -> Result<i64, StoreError> {
        let _timer = crate::timing::QueryTimer::start("insert_mod_log");
        let mut writer = RoomWriter::open(&self.pool, &new.room_id, epoch).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO room_mod_log (room_id, at, actor_id, action, target_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&new.room_id.0)
        .bind(Millis::from(new.at))
        .bind(new.actor.map(|u| u.0))
        .bind(stored_name(new.action))
        .bind(new.target.map(|u| u.0))
        .bind(new.detail.as_deref())
        .fetch_one(writer.conn())
        .await?;
        writer.done().await?;
        Ok(id)
    }

    async fn mod_log(
        &self,
        room: &RoomId,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<ModLogEntry>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("mod_log");
        let rows: Vec<EntryRow> = sqlx::query_as(concat!(
            "SELECT l.id, l.room_id, l.at, l.action, l.detail, \
             a.id AS a_id, a.username AS a_username, a.display_name AS a_display_name, ",
            avatar_of!("a"),
            " AS a_avatar, t.id AS t_id, t.username AS t_username, \
             t.display_name AS t_display_name, ",
            avatar_of!("t"),
            " AS t_avatar FROM room_mod_log l \
             LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN users t ON t.id = l.target_id \
             WHERE l.room_id = $1 AND l.id < $2 ORDER BY l.id DESC LIMIT $3",
        ))
        .bind(&room.0)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows::try_all(rows)?)
    }

    async fn add_room_moderator(
        &self,
        room: &RoomId,
        user: UserId,
        epoch: u64,
    ) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("add_room_moderator");
        let now = Utc::now();
        let mut writer = RoomWriter::open(&self.pool, room, epoch).await?;
        sqlx::query(
            "INSERT INTO room_moderators (room_id, user_id, since) VALUES ($1, $2, $3) \
             ON CONFLICT (room_id, user_id) DO NOTHING",
        )
        .bind(&room.0)
        .bind(user.0)
        .bind(Millis::from(now))
        .execute(writer.conn())
        .await?;
        writer.done().await
    }

    async fn was_room_moderator(&self, room: &RoomId, user: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("was_room_moderator");
        let found: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM room_moderators WHERE room_id = $1 AND user_id = $2)",
        )
        .bind(&room.0)
        .bind(user.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(found)
    }
}
