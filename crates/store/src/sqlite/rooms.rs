//! Rooms' durable history: creation, end, saved roles, the live list.

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use stoa_proto::RoomId;

use super::admissions;
use super::rows::{self, to_ms};
use crate::common::{is_foreign_key_violation, kind_to_str, room_select};
use crate::error::StoreError;
use crate::records::{AdmissionReason, NewRoom, RoomRecord};

/// Records a newly opened room and admits its named members, in one transaction.
pub(crate) async fn create_room(
    pool: &SqlitePool,
    room: NewRoom,
) -> Result<RoomRecord, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let done = sqlx::query(
        "INSERT INTO rooms (id, title, kind, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&room.id.0)
    .bind(&room.title)
    .bind(kind_to_str(room.kind))
    .bind(room.created_by.0)
    .bind(to_ms(room.created_at))
    .execute(&mut *tx)
    .await;
    match done {
        Ok(_) => {}
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    }
    for &user in &room.named {
        let (by, reason) = (room.created_by, AdmissionReason::Named);
        admissions::insert(&mut tx, &room.id, user, by, reason, room.created_at).await?;
    }
    tx.commit().await?;
    self::room(pool, &room.id)
        .await?
        .ok_or(StoreError::NotFound)
}

/// One room, live or ended.
pub(crate) async fn room(pool: &SqlitePool, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
    let row = sqlx::query(concat!(room_select!(), " WHERE id = ?"))
        .bind(&id.0)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(rows::room).transpose()?)
}

/// Fails with [`StoreError::NotFound`] unless the room exists.
async fn ensure_exists(pool: &SqlitePool, id: &RoomId) -> Result<(), StoreError> {
    let found = sqlx::query("SELECT 1 FROM rooms WHERE id = ?")
        .bind(&id.0)
        .fetch_optional(pool)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Marks a room ended (the first end time wins).
pub(crate) async fn end_room(
    pool: &SqlitePool,
    id: &RoomId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE rooms SET ended_at = ? WHERE id = ? AND ended_at IS NULL")
        .bind(to_ms(at))
        .bind(&id.0)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        ensure_exists(pool, id).await?;
    }
    Ok(())
}

/// Saves a room's last roles.
pub(crate) async fn save_room_state(
    pool: &SqlitePool,
    id: &RoomId,
    state_json: &str,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE rooms SET state_json = ? WHERE id = ?")
        .bind(state_json)
        .bind(&id.0)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Rooms not ended, oldest first.
pub(crate) async fn live_rooms(pool: &SqlitePool) -> Result<Vec<RoomRecord>, StoreError> {
    let found = sqlx::query(concat!(
        room_select!(),
        " WHERE ended_at IS NULL ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(found.iter().map(rows::room).collect::<Result<_, _>>()?)
}
