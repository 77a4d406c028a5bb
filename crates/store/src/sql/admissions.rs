//! Room access: admissions (members named or pinged into a room), a room's kind, and the follow
//! reads the access rule needs (who a member follows, whether any of some members follows one).

use super::rooms::RoomWriter;
use super::ThisStore;
use super::{found, Conn, Db};
use crate::dialect::{Dialect, Ids};
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::{RoomId, RoomKind, UserId};

use crate::common::{fk_not_found, stored_name};
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
    .await
    .map_err(fk_not_found)?;
    Ok(done.rows_affected() == 1)
}

#[async_trait::async_trait]
impl crate::RoomAccessStore for ThisStore {
    async fn admit_to_room(
        &self,
        room: &RoomId,
        user: UserId,
        by: UserId,
        reason: AdmissionReason,
        epoch: u64,
    ) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("admit_to_room");
        let now = Utc::now();
        let mut writer = RoomWriter::open(&self.pool, room, epoch).await?;
        let new = insert(writer.conn(), room, user, by, reason, now).await?;
        writer.done().await?;
        Ok(new)
    }

    async fn room_admissions(&self, room: &RoomId) -> Result<Vec<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("room_admissions");
        let sql = "SELECT user_id FROM room_admissions WHERE room_id = $1 ORDER BY user_id";
        super::ids_for(&self.pool, sql, &room.0, UserId).await
    }

    async fn set_room_kind(
        &self,
        room: &RoomId,
        kind: RoomKind,
        epoch: u64,
    ) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_room_kind");
        let mut writer = RoomWriter::open(&self.pool, room, epoch).await?;
        found(
            sqlx::query("UPDATE rooms SET kind = $1 WHERE id = $2")
                .bind(stored_name(kind))
                .bind(&room.0)
                .execute(writer.conn())
                .await?,
        )?;
        writer.done().await
    }

    async fn followees_of(&self, user: UserId) -> Result<Vec<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("followees_of");
        let sql = "SELECT followee_id FROM follows WHERE follower_id = $1 ORDER BY followee_id";
        super::ids_for(&self.pool, sql, user.0, UserId).await
    }

    async fn follows_any(
        &self,
        followers: &[UserId],
        followee: UserId,
    ) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("follows_any");
        if followers.is_empty() {
            return Ok(false);
        }
        let found: bool = sqlx::query_scalar(&format!(
            "SELECT EXISTS (SELECT 1 FROM follows WHERE followee_id = $1 AND follower_id {})",
            Db::in_ids("$2")
        ))
        .bind(followee.0)
        .bind(followers.iter().map(|id| id.0).collect::<Ids>())
        .fetch_one(&self.pool)
        .await?;
        Ok(found)
    }
}
