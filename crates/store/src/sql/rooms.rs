//! Rooms' durable history: creation, end, saved roles, the live list.

use super::rows::{self, RoomRow};
use super::ThisStore;
use super::{admissions, found, Conn, Db, Pool};
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

    async fn end_room(&self, id: &RoomId, at: DateTime<Utc>, epoch: u64) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("end_room");
        let mut writer = RoomWriter::open(&self.pool, id, epoch).await?;
        let done = sqlx::query("UPDATE rooms SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
            .bind(Millis::from(at))
            .bind(&id.0)
            .execute(writer.conn())
            .await?;
        writer.done().await?;
        // Nothing changed: already ended, or no such room.
        if done.rows_affected() == 0 && self.room(id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn save_room_state(
        &self,
        id: &RoomId,
        state_json: &str,
        epoch: u64,
    ) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("save_room_state");
        let mut writer = RoomWriter::open(&self.pool, id, epoch).await?;
        found(
            sqlx::query("UPDATE rooms SET state_json = $1 WHERE id = $2")
                .bind(state_json)
                .bind(&id.0)
                .execute(writer.conn())
                .await?,
        )?;
        writer.done().await
    }

    async fn fence_room(&self, id: &RoomId, epoch: u64) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("fence_room");
        let mut conn = self.pool.acquire().await?;
        if epoch == 0 {
            return match owner_epoch(&mut conn, id).await? {
                Some(_) => Ok(()),
                None => Err(StoreError::NotFound),
            };
        }
        fence(&mut conn, id, epoch).await
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

/// Where a room task's write runs (see [Fencing](crate::RoomStore#fencing)): a write transaction
/// that first raised the room's owner epoch to the writer's, or, for epoch 0 (one node, no
/// leases), a plain pooled connection, as cheap as an unfenced write.
pub(super) enum RoomWriter {
    /// Epoch 0: not fenced.
    Plain(sqlx::pool::PoolConnection<Db>),
    /// The fence passed; the write joins its transaction.
    Fenced(sqlx::Transaction<'static, Db>),
}

impl RoomWriter {
    /// Starts a write to `room` by the owner of epoch `epoch`: [`StoreError::Fenced`] (and
    /// nothing written) when a newer owner's epoch is stored, [`StoreError::NotFound`] when the
    /// room does not exist (checked only when fenced).
    pub(super) async fn open(pool: &Pool, room: &RoomId, epoch: u64) -> Result<Self, StoreError> {
        if epoch == 0 {
            return Ok(RoomWriter::Plain(pool.acquire().await?));
        }
        let mut tx = Db::begin_write(pool).await?;
        fence(&mut tx, room, epoch).await?;
        Ok(RoomWriter::Fenced(tx))
    }

    /// The connection the write runs on.
    pub(super) fn conn(&mut self) -> &mut Conn {
        match self {
            RoomWriter::Plain(conn) => conn,
            RoomWriter::Fenced(tx) => tx,
        }
    }

    /// Commits the write (and the raised epoch).
    pub(super) async fn done(self) -> Result<(), StoreError> {
        if let RoomWriter::Fenced(tx) = self {
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Raises `room`'s stored owner epoch to `epoch` if lower, on `conn` (the write's transaction);
/// [`StoreError::Fenced`] when it is greater, [`StoreError::NotFound`] when there is no room.
async fn fence(conn: &mut Conn, room: &RoomId, epoch: u64) -> Result<(), StoreError> {
    // Epochs are NATS stream sequences: far below i64::MAX.
    let mine = i64::try_from(epoch).unwrap_or(i64::MAX);
    let done = sqlx::query("UPDATE rooms SET owner_epoch = $2 WHERE id = $1 AND owner_epoch <= $2")
        .bind(&room.0)
        .bind(mine)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() > 0 {
        return Ok(());
    }
    match owner_epoch(conn, room).await? {
        Some(stored) => Err(StoreError::Fenced {
            room: room.clone(),
            epoch: u64::try_from(stored).unwrap_or_default(),
        }),
        None => Err(StoreError::NotFound),
    }
}

/// The room's stored owner epoch, `None` when there is no such room.
async fn owner_epoch(conn: &mut Conn, room: &RoomId) -> Result<Option<i64>, StoreError> {
    let stored = sqlx::query_scalar("SELECT owner_epoch FROM rooms WHERE id = $1")
        .bind(&room.0)
        .fetch_optional(conn)
        .await?;
    Ok(stored)
}
