//! Rooms' durable history: creation, end, saved roles, the live list.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use stoa_proto::RoomId;

use super::admissions;
use super::rows::{self, ms};
use crate::common::{is_foreign_key_violation, kind_to_str, room_select};
use crate::error::StoreError;
use crate::records::{AdmissionReason, NewRoom, RoomRecord};

/// Records a newly opened room and admits its named members, in one transaction.
pub(crate) async fn create_room(pool: &PgPool, room: NewRoom) -> Result<RoomRecord, StoreError> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query(concat!(
        "INSERT INTO rooms (id, title, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5) ",
        "RETURNING id, title, kind, created_by, created_at, ended_at, state_json, club_id, \
         NULL::text AS club_name, members_only"
    ))
    .bind(&room.id.0)
    .bind(&room.title)
    .bind(kind_to_str(room.kind))
    .bind(room.created_by.0)
    .bind(ms(room.created_at))
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
pub(crate) async fn room(pool: &PgPool, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
    let row = sqlx::query(concat!(room_select!(), " WHERE id = $1"))
        .bind(&id.0)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(rows::room).transpose()?)
}

/// Marks a room ended (the first end time wins).
pub(crate) async fn end_room(
    pool: &PgPool,
    id: &RoomId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    // One statement: the UPDATE touches a live room; the EXISTS tells "already ended" from
    // "no such room".
    let found: bool = sqlx::query_scalar(
        "WITH ended AS (UPDATE rooms SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL) \
         SELECT EXISTS (SELECT 1 FROM rooms WHERE id = $2)",
    )
    .bind(ms(at))
    .bind(&id.0)
    .fetch_one(pool)
    .await?;
    if found {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// Saves a room's last roles.
pub(crate) async fn save_room_state(
    pool: &PgPool,
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
pub(crate) async fn live_rooms(pool: &PgPool) -> Result<Vec<RoomRecord>, StoreError> {
    let found = sqlx::query(concat!(
        room_select!(),
        " WHERE ended_at IS NULL ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(found.iter().map(rows::room).collect::<Result<_, _>>()?)
}
