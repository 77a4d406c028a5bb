//! Scheduled events, "notify me", the scheduler's marks and calendar feed tokens.

use super::rows::{self, Summary};
use super::{Conn, Db, Pool, QueryAs, ThisStore};
use crate::dialect::{Dialect, Ids};
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::{ClubId, EventId, RoomId, UserId};

use crate::common::{avatar_of, count, fk_not_found};
use crate::error::StoreError;
use crate::event_records::{EventQuery, EventRecord, EventUpdate, NewEvent};
use crate::EventStore;

/// Every event column, the room's end and the interested count (no placeholders).
const EVENT_SELECT: &str = "SELECT e.id, e.title, e.description, e.starts_at, e.club_id, \
     e.members_only, e.created_at, e.sequence, e.cancelled_at, e.room_id, e.starting_sent_at, \
     r.ended_at AS room_ended_at, \
     (SELECT COUNT(*) FROM event_notify x WHERE x.event_id = e.id) AS interested \
     FROM events e LEFT JOIN rooms r ON r.id = e.room_id";

/// Waiting for its "starting" notification.
const PENDING: &str = "e.cancelled_at IS NULL AND e.room_id IS NULL AND e.starting_sent_at IS NULL";

/// A row of [`EVENT_SELECT`].
#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    title: String,
    description: String,
    starts_at: Millis,
    club_id: Option<i64>,
    members_only: bool,
    created_at: Millis,
    sequence: i64,
    cancelled_at: Option<Millis>,
    room_id: Option<String>,
    starting_sent_at: Option<Millis>,
    room_ended_at: Option<Millis>,
    interested: i64,
}

/// The event, hosts left empty (see [`with_hosts`]).
impl From<EventRow> for EventRecord {
    fn from(row: EventRow) -> Self {
        EventRecord {
            id: EventId(row.id),
            title: row.title,
            description: row.description,
            starts_at: row.starts_at.into(),
            hosts: Vec::new(),
            club_id: row.club_id.map(ClubId),
            members_only: row.members_only,
            created_at: row.created_at.into(),
            sequence: row.sequence,
            cancelled_at: row.cancelled_at.map(Into::into),
            room_id: row.room_id.map(RoomId),
            room_ended_at: row.room_ended_at.map(Into::into),
            starting_sent_at: row.starting_sent_at.map(Into::into),
            interested: count(row.interested),
        }
    }
}

/// An event's host, in order.
#[derive(sqlx::FromRow)]
struct HostRow {
    event_id: i64,
    #[sqlx(flatten)]
    user: Summary,
}

/// Fills in the hosts of `events` with one query.
async fn with_hosts(
    conn: &mut Conn,
    mut events: Vec<EventRecord>,
) -> Result<Vec<EventRecord>, StoreError> {
    if events.is_empty() {
        return Ok(events);
    }
    let rows: Vec<HostRow> = sqlx::query_as(&format!(
        "SELECT h.event_id, u.id, u.username, u.display_name, {} AS avatar FROM event_hosts h \
         JOIN users u ON u.id = h.user_id \
         WHERE h.event_id {} ORDER BY h.event_id, h.position",
        avatar_of!("u"),
        Db::in_ids("$1")
    ))
    .bind(events.iter().map(|e| e.id.0).collect::<Ids>())
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        if let Some(e) = events.iter_mut().find(|e| e.id.0 == row.event_id) {
            e.hosts.push(row.user.into());
        }
    }
    Ok(events)
}

async fn load(conn: &mut Conn, id: EventId) -> Result<Option<EventRecord>, StoreError> {
    let row: Option<EventRow> = sqlx::query_as(&format!("{EVENT_SELECT} WHERE e.id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(with_hosts(conn, vec![row.into()]).await?.pop())
}

async fn insert_hosts(
    conn: &mut Conn,
    event: EventId,
    first_position: i64,
    hosts: &[UserId],
) -> Result<(), StoreError> {
    for (i, host) in hosts.iter().enumerate() {
        sqlx::query(
            "INSERT INTO event_hosts (event_id, user_id, position) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(event.0)
        .bind(host.0)
        .bind((first_position + i as i64) as i32)
        .execute(&mut *conn)
        .await
        .map_err(fk_not_found)?;
    }
    Ok(())
}

async fn list(
    pool: &Pool,
    filter: &str,
    bind: impl for<'a> FnOnce(QueryAs<'a, EventRow>) -> QueryAs<'a, EventRow>,
) -> Result<Vec<EventRecord>, StoreError> {
    let sql = format!("{EVENT_SELECT} WHERE {filter}");
    let mut conn = pool.acquire().await?;
    let rows = bind(sqlx::query_as(&sql)).fetch_all(&mut *conn).await?;
    with_hosts(&mut conn, rows::all(rows)).await
}

#[async_trait::async_trait]
impl EventStore for ThisStore {
    async fn create_event(&self, new: NewEvent) -> Result<EventRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_event");
        let mut tx = Db::begin_write(&self.pool).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO events (title, description, starts_at, created_by, club_id, \
             members_only, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&new.title)
        .bind(&new.description)
        .bind(Millis::from(new.starts_at))
        .bind(new.created_by.0)
        .bind(new.club_id.map(|c| c.0))
        .bind(new.members_only)
        .bind(Millis::from(new.created_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(fk_not_found)?;
        let mut hosts = vec![new.created_by];
        hosts.extend(new.cohosts.iter().copied());
        insert_hosts(&mut tx, EventId(id), 0, &hosts).await?;
        let event = load(&mut tx, EventId(id))
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(event)
    }

    async fn event(&self, id: EventId) -> Result<Option<EventRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("event");
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id).await
    }

    async fn update_event(
        &self,
        id: EventId,
        update: EventUpdate,
    ) -> Result<EventRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("update_event");
        let mut tx = Db::begin_write(&self.pool).await?;
        let changed = sqlx::query(
            "UPDATE events SET title = COALESCE($2, title), \
             description = COALESCE($3, description), starts_at = COALESCE($4, starts_at), \
             starting_sent_at = CASE WHEN $4 IS NULL OR $4 = starts_at THEN starting_sent_at \
                 ELSE NULL END, \
             sequence = sequence + 1 WHERE id = $1",
        )
        .bind(id.0)
        .bind(update.title.as_deref())
        .bind(update.description.as_deref())
        .bind(update.starts_at.map(Millis::from))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        if let Some(cohosts) = &update.cohosts {
            sqlx::query("DELETE FROM event_hosts WHERE event_id = $1 AND position > 0")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            insert_hosts(&mut tx, id, 1, cohosts).await?;
        }
        let event = load(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(event)
    }

    async fn cancel_event(
        &self,
        id: EventId,
        at: DateTime<Utc>,
    ) -> Result<EventRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("cancel_event");
        sqlx::query(
            "UPDATE events SET cancelled_at = $2, sequence = sequence + 1 \
             WHERE id = $1 AND cancelled_at IS NULL",
        )
        .bind(id.0)
        .bind(Millis::from(at))
        .execute(&self.pool)
        .await?;
        self.event(id).await?.ok_or(StoreError::NotFound)
    }

    async fn set_event_room(&self, id: EventId, room: &RoomId) -> Result<EventRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_event_room");
        sqlx::query("UPDATE events SET room_id = $2 WHERE id = $1 AND room_id IS NULL")
            .bind(id.0)
            .bind(room.0.as_str())
            .execute(&self.pool)
            .await
            .map_err(fk_not_found)?;
        self.event(id).await?.ok_or(StoreError::NotFound)
    }

    async fn set_event_notify(
        &self,
        event: EventId,
        user: UserId,
        on: bool,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_event_notify");
        let done = if on {
            sqlx::query(
                "INSERT INTO event_notify (event_id, user_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(event.0)
            .bind(user.0)
            .bind(Millis::from(at))
            .execute(&self.pool)
            .await
            .map_err(fk_not_found)?
        } else {
            sqlx::query("DELETE FROM event_notify WHERE event_id = $1 AND user_id = $2")
                .bind(event.0)
                .bind(user.0)
                .execute(&self.pool)
                .await?
        };
        Ok(done.rows_affected() > 0)
    }

    async fn event_notify_of(
        &self,
        user: UserId,
        events: &[EventId],
    ) -> Result<Vec<EventId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("event_notify_of");
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT event_id FROM event_notify WHERE user_id = $1 \
             AND event_id {} ORDER BY event_id",
            Db::in_ids("$2")
        ))
        .bind(user.0)
        .bind(events.iter().map(|e| e.0).collect::<Ids>())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(EventId).collect())
    }

    async fn event_notify_list(&self, event: EventId) -> Result<Vec<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("event_notify_list");
        let sql = "SELECT user_id FROM event_notify WHERE event_id = $1 ORDER BY user_id";
        super::ids_for(&self.pool, sql, event.0, UserId).await
    }

    async fn next_pending_event_start(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("next_pending_event_start");
        let next: Option<Millis> = sqlx::query_scalar(&format!(
            "SELECT MIN(e.starts_at) FROM events e WHERE {PENDING}"
        ))
        .fetch_one(&self.pool)
        .await?;
        Ok(next.map(Into::into))
    }

    async fn pending_events_due(
        &self,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("pending_events_due");
        let filter = format!("{PENDING} AND e.starts_at <= $1 ORDER BY e.starts_at, e.id LIMIT $2");
        list(&self.pool, &filter, |q| {
            q.bind(Millis::from(until)).bind(i64::from(limit))
        })
        .await
    }

    async fn claim_event_starting(
        &self,
        id: EventId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("claim_event_starting");
        let done = sqlx::query(
            "UPDATE events SET starting_sent_at = $2 WHERE id = $1 AND starting_sent_at IS NULL",
        )
        .bind(id.0)
        .bind(Millis::from(at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn list_events(&self, query: &EventQuery) -> Result<Vec<EventRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("list_events");
        let clubs = Db::in_ids("$4");
        let filter = format!(
            "e.starts_at >= $1 \
             AND ($2 OR e.cancelled_at IS NULL) \
             AND ($3 OR r.ended_at IS NULL) \
             AND (NOT e.members_only OR e.club_id {clubs} \
                 OR EXISTS (SELECT 1 FROM event_hosts h WHERE h.event_id = e.id \
                     AND h.user_id = $5)) \
             AND (EXISTS (SELECT 1 FROM event_hosts h WHERE h.event_id = e.id \
                     AND h.user_id = $5) \
                 OR EXISTS (SELECT 1 FROM event_notify n WHERE n.event_id = e.id \
                     AND n.user_id = $5) \
                 OR e.club_id {clubs} \
                 OR ($6 AND EXISTS (SELECT 1 FROM event_hosts h JOIN follows f \
                     ON f.followee_id = h.user_id WHERE h.event_id = e.id \
                     AND f.follower_id = $5))) \
             ORDER BY e.starts_at, e.id LIMIT $7"
        );
        list(&self.pool, &filter, |q| {
            q.bind(Millis::from(query.from))
                .bind(query.include_cancelled)
                .bind(query.include_ended)
                .bind(query.clubs.iter().map(|c| c.0).collect::<Ids>())
                .bind(query.viewer.0)
                .bind(query.followed_hosts)
                .bind(i64::from(query.limit))
        })
        .await
    }

    async fn club_events(
        &self,
        club: ClubId,
        from: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_events");
        let filter = "e.club_id = $1 AND e.starts_at >= $2 AND e.cancelled_at IS NULL \
             AND r.ended_at IS NULL ORDER BY e.starts_at, e.id LIMIT $3";
        list(&self.pool, filter, |q| {
            q.bind(club.0)
                .bind(Millis::from(from))
                .bind(i64::from(limit))
        })
        .await
    }

    async fn calendar_token(
        &self,
        user: UserId,
        candidate: &str,
        at: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let _timer = crate::timing::QueryTimer::start("calendar_token");
        sqlx::query(
            "INSERT INTO calendar_tokens (token, user_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(candidate)
        .bind(user.0)
        .bind(Millis::from(at))
        .execute(&self.pool)
        .await
        .map_err(fk_not_found)?;
        Ok(
            sqlx::query_scalar("SELECT token FROM calendar_tokens WHERE user_id = $1")
                .bind(user.0)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn reset_calendar_tokens(
        &self,
        user: UserId,
        token: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("reset_calendar_tokens");
        let mut tx = Db::begin_write(&self.pool).await?;
        sqlx::query("DELETE FROM calendar_tokens WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO calendar_tokens (token, user_id, created_at) VALUES ($1, $2, $3)")
            .bind(token)
            .bind(user.0)
            .bind(Millis::from(at))
            .execute(&mut *tx)
            .await
            .map_err(fk_not_found)?;
        tx.commit().await?;
        Ok(())
    }

    async fn calendar_token_user(&self, token: &str) -> Result<Option<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("calendar_token_user");
        let user: Option<i64> =
            sqlx::query_scalar("SELECT user_id FROM calendar_tokens WHERE token = $1")
                .bind(token)
                .fetch_optional(&self.pool)
                .await?;
        Ok(user.map(UserId))
    }
}
