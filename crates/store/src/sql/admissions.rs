//! Room access: admissions (members named or pinged into a room), a room's kind, and the follow
//! reads the access rule needs (who a member follows, whether any of some members follows one).

use super::{Conn, Db, Pool};
use crate::dialect::{Dialect, Ids};
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::{RoomId, RoomKind, UserId};

use crate::common::{is_foreign_key_violation, kind_to_str};
use crate::error::StoreError;
use crate::records::AdmissionReason;

/// Inserts an admission on `conn` (the first admission of a member to a room wins); returns
/// whether it is new. [`StoreError::NotFound`] if the room or either member does not exist.
pub(crate) async fn insert(
    conn: &mut Conn,
    room: &RoomId,
    user: UserId,
    by: UserId,
    reason: AdmissionReason,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO room_admissions (room_id, user_id, admitted_by, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (room_id, user_id) DO NOTHING",
    )
    .bind(&room.0)
    .bind(user.0)
    .bind(by.0)
    .bind(reason.as_str())
    .bind(Millis::from(now))
    .execute(conn)
    .await;
    match done {
        Ok(done) => Ok(done.rows_affected() == 1),
        Err(err) if is_foreign_key_violation(&err) => Err(StoreError::NotFound),
        Err(err) => Err(err.into()),
    }
}

/// Admits `user` to `room`; returns whether the admission is new.
pub(crate) async fn admit_to_room(
    pool: &Pool,
    room: &RoomId,
    user: UserId,
    by: UserId,
    reason: AdmissionReason,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut conn = pool.acquire().await?;
    insert(&mut conn, room, user, by, reason, now).await
}

/// The members admitted to `room`, by id.
pub(crate) async fn room_admissions(pool: &Pool, room: &RoomId) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM room_admissions WHERE room_id = $1 ORDER BY user_id",
    )
    .bind(&room.0)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// Changes who may join `room`. [`StoreError::NotFound`] if the room does not exist.
pub(crate) async fn set_room_kind(
    pool: &Pool,
    room: &RoomId,
    kind: RoomKind,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE rooms SET kind = $1 WHERE id = $2")
        .bind(kind_to_str(kind))
        .bind(&room.0)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Everyone `user` follows, by id.
pub(crate) async fn followees_of(pool: &Pool, user: UserId) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT followee_id FROM follows WHERE follower_id = $1 ORDER BY followee_id",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// Whether any of `followers` follows `followee` (false for an empty list).
pub(crate) async fn follows_any(
    pool: &Pool,
    followers: &[UserId],
    followee: UserId,
) -> Result<bool, StoreError> {
    if followers.is_empty() {
        return Ok(false);
    }
    let found: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM follows WHERE followee_id = $1 AND follower_id {})",
        Db::in_ids("$2")
    ))
    .bind(followee.0)
    .bind(followers.iter().map(|id| id.0).collect::<Ids>())
    .fetch_one(pool)
    .await?;
    Ok(found)
}
