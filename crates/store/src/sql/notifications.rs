//! Notifications: one row per recipient, read newest first, counted unread through a partial
//! index.

use super::ThisStore;
use super::{rows, Db, QueryAs};
use crate::dialect::{Dialect, Ids};
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::rest::{NotificationKind, RoomRef};
use stoa_proto::{Language, RoomId, UserId};

use crate::common::{count, fk_not_found};
use crate::common::{from_stored_name, stored_name};
use crate::error::StoreError;
use crate::records::{
    FollowerScope, MarkRead, NewNotificationRecord, NotificationExtra, NotificationRecord,
};

/// The display name of the newest waitlist reservation of the username bound at `$6`, used when
/// the caller gives none (`$7`).
const WAITLIST_NAME: &str = "COALESCE($7, (SELECT w.display_name FROM waitlist w \
     WHERE lower(w.username) = lower($6) ORDER BY w.id DESC LIMIT 1))";

/// `SELECT` list for a [`NotificationRecord`](crate::NotificationRecord): the notification `n`
/// and its actor `a` (current names).
macro_rules! notification_select {
    () => {
        concat!(
            "SELECT n.id, n.user_id, n.kind, n.room_id, n.room_title, n.waitlist_username, \
             n.waitlist_display_name, n.created_at, n.read_at, n.extra, \
             a.id AS a_id, a.username AS a_username, a.display_name AS a_display_name, ",
            $crate::common::avatar_of!("a"),
            " AS a_avatar FROM notifications n LEFT JOIN users a ON a.id = n.actor_id"
        )
    };
}

/// A row of [`notification_select!`].
#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    user_id: i64,
    kind: String,
    room_id: Option<String>,
    room_title: Option<String>,
    waitlist_username: Option<String>,
    waitlist_display_name: Option<String>,
    created_at: Millis,
    read_at: Option<Millis>,
    extra: Option<String>,
    a_id: Option<i64>,
    a_username: Option<String>,
    a_display_name: Option<String>,
    a_avatar: Option<i64>,
}

impl TryFrom<NotificationRow> for NotificationRecord {
    type Error = sqlx::Error;

    fn try_from(row: NotificationRow) -> Result<Self, sqlx::Error> {
        Ok(NotificationRecord {
            id: row.id,
            user: UserId(row.user_id),
            kind: from_stored_name(&row.kind, "notification kind")?,
            actor: rows::joined(row.a_id, row.a_username, row.a_display_name, row.a_avatar),
            room: row.room_id.map(|id| RoomRef {
                id: RoomId(id),
                title: row.room_title.unwrap_or_default(),
            }),
            waitlist_username: row.waitlist_username,
            waitlist_display_name: row.waitlist_display_name,
            extra: NotificationExtra::from_column(row.extra.as_deref()),
            created_at: row.created_at.into(),
            read_at: row.read_at.map(Into::into),
        })
    }
}

/// Binds `$2`–`$8` of a notification insert: kind, actor, room, waitlist names and time.
fn bind_new<'q, T>(
    query: QueryAs<'q, T>,
    new: &'q NewNotificationRecord,
    now: DateTime<Utc>,
) -> QueryAs<'q, T> {
    query
        .bind(stored_name(new.kind))
        .bind(new.actor.map(|a| a.0))
        .bind(new.room.as_ref().map(|r| r.id.0.as_str()))
        .bind(new.room.as_ref().map(|r| r.title.as_str()))
        .bind(new.waitlist_username.as_deref())
        .bind(new.waitlist_display_name.as_deref())
        .bind(Millis::from(now))
}

#[async_trait::async_trait]
impl crate::NotificationStore for ThisStore {
    async fn insert_notification(
        &self,
        to: UserId,
        new: &NewNotificationRecord,
    ) -> Result<NotificationRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("insert_notification");
        let now = Utc::now();
        let sql = format!(
            "INSERT INTO notifications (user_id, kind, actor_id, room_id, room_title, \
             waitlist_username, waitlist_display_name, created_at, extra) \
             VALUES ($1, $2, $3, $4, $5, $6, {WAITLIST_NAME}, $8, $9) RETURNING id"
        );
        let (id,): (i64,) = bind_new(sqlx::query_as(&sql).bind(to.0), new, now)
            .bind(new.extra.to_column())
            .fetch_one(&self.pool)
            .await
            .map_err(fk_not_found)?;
        let row: NotificationRow =
            sqlx::query_as(concat!(notification_select!(), " WHERE n.id = $1"))
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        Ok(row.try_into()?)
    }

    async fn insert_follower_notifications(
        &self,
        actor: UserId,
        new: &NewNotificationRecord,
        scope: FollowerScope,
    ) -> Result<Vec<(UserId, i64)>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("insert_follower_notifications");
        let now = Utc::now();
        let sql = format!(
            "INSERT INTO notifications (user_id, kind, actor_id, room_id, room_title, \
             waitlist_username, waitlist_display_name, created_at, extra) \
             SELECT f.follower_id, $2, $3, $4, $5, $6, {WAITLIST_NAME}, \
             $8, $10 FROM follows f \
             WHERE f.followee_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = f.follower_id \
                 AND b.blocked_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1 \
                 AND b.blocked_id = f.follower_id) \
             AND ($9 = 0 OR ($9 = 1) = EXISTS (SELECT 1 FROM follows g \
                 WHERE g.follower_id = $1 AND g.followee_id = f.follower_id)) \
             RETURNING user_id, id"
        );
        let mut sent: Vec<(i64, i64)> = bind_new(sqlx::query_as(&sql).bind(actor.0), new, now)
            .bind(scope.code())
            .bind(new.extra.to_column())
            .fetch_all(&self.pool)
            .await
            .map_err(fk_not_found)?;
        sent.sort_unstable();
        Ok(sent.into_iter().map(|(to, id)| (UserId(to), id)).collect())
    }

    async fn delete_room_notifications(
        &self,
        user: UserId,
        kind: NotificationKind,
        room: &RoomId,
    ) -> Result<Vec<i64>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("delete_room_notifications");
        let mut ids: Vec<i64> = sqlx::query_scalar(
            "DELETE FROM notifications WHERE user_id = $1 AND kind = $2 AND room_id = $3 \
             RETURNING id",
        )
        .bind(user.0)
        .bind(stored_name(kind))
        .bind(&room.0)
        .fetch_all(&self.pool)
        .await?;
        ids.sort_unstable();
        Ok(ids)
    }

    async fn notifications(
        &self,
        user: UserId,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<NotificationRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("notifications");
        let rows: Vec<NotificationRow> = sqlx::query_as(concat!(
            notification_select!(),
            " WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3"
        ))
        .bind(user.0)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows::try_all(rows)?)
    }

    async fn unread_notifications(&self, user: UserId) -> Result<u32, StoreError> {
        let _timer = crate::timing::QueryTimer::start("unread_notifications");
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(count(n))
    }

    async fn unread_notification_counts(
        &self,
        users: &[UserId],
    ) -> Result<Vec<(UserId, u32)>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("unread_notification_counts");
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT user_id, COUNT(*) AS unread FROM notifications \
             WHERE user_id {} AND read_at IS NULL \
             GROUP BY user_id ORDER BY user_id",
            Db::in_ids("$1")
        ))
        .bind(users.iter().map(|u| u.0).collect::<Ids>())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(u, n)| (UserId(u), count(n)))
            .collect())
    }

    async fn member_languages(
        &self,
        users: &[UserId],
    ) -> Result<Vec<(UserId, Language)>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("member_languages");
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, language FROM users WHERE id {} AND language IS NOT NULL ORDER BY id",
            Db::in_ids("$1")
        ))
        .bind(users.iter().map(|u| u.0).collect::<Ids>())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(u, code)| Some((UserId(u), Language::from_code(&code)?)))
            .collect())
    }

    /// Marks some or all of `user`'s notifications read at `now` and returns the unread count left.
    /// Both statements run in one transaction, so the count matches what the update left.
    async fn mark_notifications_read(
        &self,
        user: UserId,
        which: MarkRead,
    ) -> Result<u32, StoreError> {
        let _timer = crate::timing::QueryTimer::start("mark_notifications_read");
        let now = Utc::now();
        let mut tx = Db::begin_write(&self.pool).await?;
        match which {
            MarkRead::All => {
                sqlx::query(
                    "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
                )
                .bind(Millis::from(now))
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            }
            MarkRead::Ids(ids) if ids.is_empty() => {}
            MarkRead::Ids(ids) => {
                sqlx::query(&format!(
                    "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL \
                     AND id {}",
                    Db::in_ids("$3")
                ))
                .bind(Millis::from(now))
                .bind(user.0)
                .bind(Ids(ids))
                .execute(&mut *tx)
                .await?;
            }
        }
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user.0)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(count(n))
    }
}
