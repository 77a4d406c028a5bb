//! Rooms' durable history: creation, end, saved roles, the live list.

use super::{admissions, rows, Db, Pool};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::RoomId;

use crate::common::{is_foreign_key_violation, kind_to_str, room_select};
use crate::error::StoreError;
use crate::records::{AdmissionReason, NewRoom, RoomRecord};

/// Records a newly opened room and admits its named members, in one transaction.
pub(crate) async fn create_room(pool: &Pool, room: NewRoom) -> Result<RoomRecord, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
    let row = sqlx::query(concat!(
        "INSERT INTO rooms (id, title, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5) ",
        "RETURNING id, title, kind, created_by, created_at, ended_at, state_json, club_id, \
         CAST(NULL AS TEXT) AS club_name, members_only"
    ))
    .bind(&room.id.0)
    .bind(&room.title)
    .bind(kind_to_str(room.kind))
    .bind(room.created_by.0)
    .bind(Millis::from(room.created_at))
    .fetch_one(&mut *tx)
    .await;
    let record = match row {
        Ok(row) => rows::room(&row)?,
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    };
    for &user in &room.named {
        let (by, reason) = (room.created_by, AdmissionReason::Named);
        admissions::insert(&mut tx, &room.id, user, by, reason, room.created_at).await?;
    }
    tx.commit().await?;
    Ok(record)
}

/// One room, live or ended.
pub(crate) async fn room(pool: &Pool, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
    let row = sqlx::query(concat!(room_select!(), " WHERE id = $1"))
        .bind(&id.0)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(rows::room).transpose()?)
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
    let done = sqlx::query("UPDATE rooms SET state_json = $1 WHERE id = $2")
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
pub(crate) async fn live_rooms(pool: &Pool) -> Result<Vec<RoomRecord>, StoreError> {
    let found = sqlx::query(concat!(
        room_select!(),
        " WHERE ended_at IS NULL ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(found.iter().map(rows::room).collect::<Result<_, _>>()?)
}
