//! Notifications: one row per recipient, read newest first, counted unread through a partial
//! index.

use super::{rows, Db, DbRow, Pool};
use crate::dialect::{Dialect, Ids};
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use sqlx::Row;
use stoa_proto::rest::{RoomRef, UserSummary};
use stoa_proto::{RoomId, UserId};

use crate::common::{count, is_foreign_key_violation};
use crate::error::StoreError;
use crate::notification_common::{kind_from_str, kind_to_str, notification_select};
use crate::records::{MarkRead, NewNotificationRecord, NotificationExtra, NotificationRecord};

/// The display name of the newest waitlist reservation of the username bound at `$6`, used when
/// the caller gives none (`$7`).
const WAITLIST_NAME: &str = "COALESCE($7, (SELECT w.display_name FROM waitlist w \
     WHERE lower(w.username) = lower($6) ORDER BY w.id DESC LIMIT 1))";

/// Stores one notification for `to` and reads it back (with the actor's names).
pub(crate) async fn insert_notification(
    pool: &Pool,
    to: UserId,
    new: &NewNotificationRecord,
    now: DateTime<Utc>,
) -> Result<NotificationRecord, StoreError> {
    let sql = format!(
        "INSERT INTO notifications (user_id, kind, actor_id, room_id, room_title, \
         waitlist_username, waitlist_display_name, created_at, extra) \
         VALUES ($1, $2, $3, $4, $5, $6, {WAITLIST_NAME}, $8, $9) RETURNING id"
    );
    let inserted = sqlx::query_scalar::<_, i64>(&sql)
        .bind(to.0)
        .bind(kind_to_str(new.kind))
        .bind(new.actor.map(|a| a.0))
        .bind(new.room.as_ref().map(|r| r.id.0.as_str()))
        .bind(new.room.as_ref().map(|r| r.title.as_str()))
        .bind(new.waitlist_username.as_deref())
        .bind(new.waitlist_display_name.as_deref())
        .bind(Millis::from(now))
        .bind(new.extra.to_column())
        .fetch_one(pool)
        .await;
    let id = match inserted {
        Ok(id) => id,
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    };
    let row = sqlx::query(concat!(notification_select!(), " WHERE n.id = $1"))
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(notification(&row)?)
}

/// Stores the notification for every follower of `actor` in one statement, skipping followers
/// blocked by the actor or blocking them; returns `(recipient, notification id)` pairs.
pub(crate) async fn insert_follower_notifications(
    pool: &Pool,
    actor: UserId,
    new: &NewNotificationRecord,
    followed_back_only: bool,
    now: DateTime<Utc>,
) -> Result<Vec<(UserId, i64)>, StoreError> {
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
         AND (NOT $9 OR EXISTS (SELECT 1 FROM follows g WHERE g.follower_id = $1 \
             AND g.followee_id = f.follower_id)) \
         RETURNING user_id, id"
    );
    let rows = sqlx::query(&sql)
        .bind(actor.0)
        .bind(kind_to_str(new.kind))
        .bind(new.actor.map(|a| a.0))
        .bind(new.room.as_ref().map(|r| r.id.0.as_str()))
        .bind(new.room.as_ref().map(|r| r.title.as_str()))
        .bind(new.waitlist_username.as_deref())
        .bind(new.waitlist_display_name.as_deref())
        .bind(Millis::from(now))
        .bind(followed_back_only)
        .bind(new.extra.to_column())
        .fetch_all(pool)
        .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    };
    let mut sent = rows
        .iter()
        .map(|row| Ok((UserId(row.try_get("user_id")?), row.try_get("id")?)))
        .collect::<Result<Vec<(UserId, i64)>, sqlx::Error>>()?;
    sent.sort_unstable();
    Ok(sent)
}

/// One page of `user`'s notifications, newest first, with ids below `before`.
pub(crate) async fn notifications(
    pool: &Pool,
    user: UserId,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<NotificationRecord>, StoreError> {
    let rows = sqlx::query(concat!(
        notification_select!(),
        " WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3"
    ))
    .bind(user.0)
    .bind(before.unwrap_or(i64::MAX))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(notification)
        .collect::<Result<_, _>>()
        .map_err(StoreError::from)
}

/// How many of `user`'s notifications are unread.
pub(crate) async fn unread_notifications(pool: &Pool, user: UserId) -> Result<u32, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user.0)
    .fetch_one(pool)
    .await?;
    Ok(count(n))
}

/// Unread counts of several members in one query (members with none are left out).
pub(crate) async fn unread_notification_counts(
    pool: &Pool,
    users: &[UserId],
) -> Result<Vec<(UserId, u32)>, StoreError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(&format!(
        "SELECT user_id, COUNT(*) AS unread FROM notifications \
         WHERE user_id {} AND read_at IS NULL \
         GROUP BY user_id ORDER BY user_id",
        Db::in_ids("$1")
    ))
    .bind(users.iter().map(|u| u.0).collect::<Ids>())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                UserId(row.try_get("user_id")?),
                count(row.try_get("unread")?),
            ))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

/// Marks some or all of `user`'s notifications read at `now` and returns the unread count left.
/// Both statements run in one transaction, so the count matches what the update left.
pub(crate) async fn mark_notifications_read(
    pool: &Pool,
    user: UserId,
    which: MarkRead,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
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

/// A row of [`notification_select!`].
fn notification(row: &DbRow) -> Result<NotificationRecord, sqlx::Error> {
    let actor = match row.try_get::<Option<i64>, _>("a_id")? {
        Some(id) => Some(UserSummary {
            id: UserId(id),
            username: row.try_get("a_username")?,
            display_name: row.try_get("a_display_name")?,
        }),
        None => None,
    };
    let room = match row.try_get::<Option<String>, _>("room_id")? {
        Some(id) => Some(RoomRef {
            id: RoomId(id),
            title: row
                .try_get::<Option<String>, _>("room_title")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(NotificationRecord {
        id: row.try_get("id")?,
        user: UserId(row.try_get("user_id")?),
        kind: kind_from_str(row.try_get("kind")?)?,
        actor,
        room,
        waitlist_username: row.try_get("waitlist_username")?,
        waitlist_display_name: row.try_get("waitlist_display_name")?,
        extra: NotificationExtra::from_column(
            row.try_get::<Option<String>, _>("extra")?.as_deref(),
        ),
        created_at: rows::ts(row, "created_at")?,
        read_at: rows::opt_ts(row, "read_at")?,
    })
}
