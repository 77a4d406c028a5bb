//! Rooms' durable history: creation, end, saved roles, the live list.

use super::rows::{self, RoomRow};
use super::ThisStore;
use super::{admissions, found, Db};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::RoomId;

use crate::common::{fk_not_found, room_select, stored_name};
use crate::error::StoreError;
use crate::records::{AdmissionReason, NewRoom, RoomRecord};

#[async_trait::async_trait]
impl crate::RoomStore for ThisStore {
    async fn create_room(&self, room: NewRoom) -> Result<RoomRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_room");
        let mut tx = Db::begin_write(&self.pool).await?;
        let row = sqlx::query_as::<_, RoomRow>(concat!(
            "INSERT INTO rooms (id, title, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5) ",
            "RETURNING id, title, kind, created_by, created_at, ended_at, state_json, club_id, \
             CAST(NULL AS TEXT) AS club_name, members_only"
        ))
        .bind(&room.id.0)
        .bind(&room.title)
        .bind(stored_name(room.kind))
        .bind(room.created_by.0)
        .bind(Millis::from(room.created_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(fk_not_found)?;
        let record = RoomRecord::try_from(row)?;
        for &user in &room.named {
            let (by, reason) = (room.created_by, AdmissionReason::Named);
            admissions::insert(&mut tx, &room.id, user, by, reason, room.created_at).await?;
        }
        tx.commit().await?;
        Ok(record)
    }

    async fn room(&self, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("room");
        let row: Option<RoomRow> = sqlx::query_as(concat!(room_select!(), " WHERE id = $1"))
            .bind(&id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(RoomRecord::try_from).transpose()?)
    }

    async fn end_room(&self, id: &RoomId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("end_room");
        let done = sqlx::query("UPDATE rooms SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
            .bind(Millis::from(at))
            .bind(&id.0)
            .execute(&self.pool)
            .await?;
        // Nothing changed: already ended, or no such room.
        if done.rows_affected() == 0 && self.room(id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn save_room_state(&self, id: &RoomId, state_json: &str) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("save_room_state");
        found(
            sqlx::query("UPDATE rooms SET state_json = $1 WHERE id = $2")
                .bind(state_json)
                .bind(&id.0)
                .execute(&self.pool)
                .await?,
        )
    }

    async fn live_rooms(&self) -> Result<Vec<RoomRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("live_rooms");
        let found: Vec<RoomRow> = sqlx::query_as(concat!(
            room_select!(),
            " WHERE ended_at IS NULL ORDER BY created_at, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows::try_all(found)?)
    }
}
