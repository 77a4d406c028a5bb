//! Club members, their roles and join requests.

use super::super::{rows, Db, Pool};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use sqlx::Row;

use stoa_proto::clubs::ClubRole;
use stoa_proto::rest::UserSummary;
use stoa_proto::{ClubId, UserId};

use super::write_error;
use crate::club_records::{
    role_from_rank, role_rank, ClubMemberCursor, ClubMemberRecord, ClubRequestRecord,
};
use crate::error::StoreError;

/// `user`'s role in `club`, if a member.
pub(crate) async fn club_role(
    pool: &Pool,
    club: ClubId,
    user: UserId,
) -> Result<Option<ClubRole>, StoreError> {
    let rank: Option<i16> =
        sqlx::query_scalar("SELECT rank FROM club_members WHERE club_id = $1 AND user_id = $2")
            .bind(club.0)
            .bind(user.0)
            .fetch_optional(pool)
            .await?;
    Ok(rank.map(|r| role_from_rank(r.into())).transpose()?)
}

/// Every club `user` is in with their role, by club id.
pub(crate) async fn club_roles_of(
    pool: &Pool,
    user: UserId,
) -> Result<Vec<(ClubId, ClubRole)>, StoreError> {
    let rows =
        sqlx::query("SELECT club_id, rank FROM club_members WHERE user_id = $1 ORDER BY club_id")
            .bind(user.0)
            .fetch_all(pool)
            .await?;
    rows.iter()
        .map(|row| {
            Ok((
                ClubId(row.try_get("club_id")?),
                role_from_rank(row.try_get::<i16, _>("rank")?.into())?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

/// The clubs `user` asked to join and is waiting on, by club id.
pub(crate) async fn club_requests_of(pool: &Pool, user: UserId) -> Result<Vec<ClubId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT club_id FROM club_join_requests WHERE user_id = $1 ORDER BY club_id",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().map(ClubId).collect())
}

/// Makes `user` a member with `role` (and drops their pending request); whether this is new
/// (an existing member keeps their role).
pub(crate) async fn add_club_member(
    pool: &Pool,
    club: ClubId,
    user: UserId,
    role: ClubRole,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
    let done = sqlx::query(
        "INSERT INTO club_members (club_id, user_id, rank, joined_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (club_id, user_id) DO NOTHING",
    )
    .bind(club.0)
    .bind(user.0)
    .bind(role_rank(role))
    .bind(Millis::from(now))
    .execute(&mut *tx)
    .await
    .map_err(write_error)?;
    sqlx::query("DELETE FROM club_join_requests WHERE club_id = $1 AND user_id = $2")
        .bind(club.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a member; whether they were one.
pub(crate) async fn remove_club_member(
    pool: &Pool,
    club: ClubId,
    user: UserId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM club_members WHERE club_id = $1 AND user_id = $2")
        .bind(club.0)
        .bind(user.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Changes a member's role; whether they are a member.
pub(crate) async fn set_club_role(
    pool: &Pool,
    club: ClubId,
    user: UserId,
    role: ClubRole,
) -> Result<bool, StoreError> {
    let done = sqlx::query("UPDATE club_members SET rank = $3 WHERE club_id = $1 AND user_id = $2")
        .bind(club.0)
        .bind(user.0)
        .bind(role_rank(role))
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// One page of a club's members in list order, strictly after `after`.
pub(crate) async fn club_members(
    pool: &Pool,
    club: ClubId,
    after: Option<ClubMemberCursor>,
    limit: u32,
) -> Result<Vec<ClubMemberRecord>, StoreError> {
    let (rank, joined, id) = match after {
        Some(c) => (role_rank(c.role), Millis::from(c.joined_at), c.user.0),
        None => (-1, Millis::from(DateTime::UNIX_EPOCH), i64::MIN),
    };
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, m.rank, m.joined_at FROM club_members m \
         JOIN users u ON u.id = m.user_id WHERE m.club_id = $1 \
         AND (m.rank, m.joined_at, m.user_id) > ($2, $3, $4) \
         ORDER BY m.rank, m.joined_at, m.user_id LIMIT $5",
    )
    .bind(club.0)
    .bind(rank)
    .bind(joined)
    .bind(id)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ClubMemberRecord {
                user: UserSummary {
                    id: UserId(row.try_get("id")?),
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                },
                role: role_from_rank(row.try_get::<i16, _>("rank")?.into())?,
                joined_at: rows::ts(row, "joined_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

/// The founder and admins of a club, by id.
pub(crate) async fn club_managers(pool: &Pool, club: ClubId) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM club_members WHERE club_id = $1 AND rank <= 1 ORDER BY user_id",
    )
    .bind(club.0)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// Records a request to join; whether it is new (asking twice keeps the first time).
pub(crate) async fn request_club_join(
    pool: &Pool,
    club: ClubId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO club_join_requests (club_id, user_id, requested_at) VALUES ($1, $2, $3) \
         ON CONFLICT (club_id, user_id) DO NOTHING",
    )
    .bind(club.0)
    .bind(user.0)
    .bind(Millis::from(now))
    .execute(pool)
    .await
    .map_err(write_error)?;
    Ok(done.rows_affected() == 1)
}

/// Drops a pending request; whether there was one.
pub(crate) async fn remove_club_request(
    pool: &Pool,
    club: ClubId,
    user: UserId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM club_join_requests WHERE club_id = $1 AND user_id = $2")
        .bind(club.0)
        .bind(user.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A club's pending requests, oldest first.
pub(crate) async fn club_requests(
    pool: &Pool,
    club: ClubId,
) -> Result<Vec<ClubRequestRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, r.requested_at FROM club_join_requests r \
         JOIN users u ON u.id = r.user_id WHERE r.club_id = $1 \
         ORDER BY r.requested_at, r.user_id",
    )
    .bind(club.0)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ClubRequestRecord {
                user: UserSummary {
                    id: UserId(row.try_get("id")?),
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                },
                requested_at: rows::ts(row, "requested_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}
