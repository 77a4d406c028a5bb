//! Rooms' durable history: creation, end, saved roles, the live list.

use super::rows::{self, RoomRow};
use super::{admissions, found, Db, Pool};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::RoomId;

use crate::common::{fk_not_found, room_select, stored_name};
use crate::error::StoreError;
use crate::records::{AdmissionReason, NewRoom, RoomRecord};

/// Records a newly opened room and admits its named members, in one transaction.
pub(crate) async fn create_room(pool: &Pool, room: NewRoom) -> Result<RoomRecord, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
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

/// One room, live or ended.
pub(crate) async fn room(pool: &Pool, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
    let row: Option<RoomRow> = sqlx::query_as(concat!(room_select!(), " WHERE id = $1"))
        .bind(&id.0)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(RoomRecord::try_from).transpose()?)
}

/// Marks a room ended (the first end time wins).
pub(crate) async fn end_room(
    pool: &Pool,
    id: &RoomId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE rooms SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
        .bind(Millis::from(at))
        .bind(&id.0)
        .execute(pool)
        .await?;
    // Nothing changed: already ended, or no such room.
    if done.rows_affected() == 0 && room(pool, id).await?.is_none() {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Saves a room's last roles.
pub(crate) async fn save_room_state(
    pool: &Pool,
    id: &RoomId,
    state_json: &str,
) -> Result<(), StoreError> {
    found(
        sqlx::query("UPDATE rooms SET state_json = $1 WHERE id = $2")
            .bind(state_json)
            .bind(&id.0)
            .execute(pool)
            .await?,
    )
}

/// Rooms not ended, oldest first.
pub(crate) async fn live_rooms(pool: &Pool) -> Result<Vec<RoomRecord>, StoreError> {
    let found: Vec<RoomRow> = sqlx::query_as(concat!(
        room_select!(),
        " WHERE ended_at IS NULL ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows::try_all(found)?)
}
