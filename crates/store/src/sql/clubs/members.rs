//! Club members, their roles and join requests.

use super::super::ThisStore;
use super::super::{rows::Summary, Db};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};
use stoa_proto::clubs::ClubRole;
use stoa_proto::{ClubId, UserId};

use super::write_error;
use crate::club_records::{
    role_from_rank, role_rank, ClubMemberCursor, ClubMemberRecord, ClubRequestRecord,
};
use crate::error::StoreError;

/// A member with their rank and join time.
#[derive(sqlx::FromRow)]
struct MemberRow {
    #[sqlx(flatten)]
    user: Summary,
    rank: i16,
    joined_at: Millis,
}

/// A member asking to join, and when.
#[derive(sqlx::FromRow)]
struct RequestRow {
    #[sqlx(flatten)]
    user: Summary,
    requested_at: Millis,
}

#[async_trait::async_trait]
impl crate::ClubMemberStore for ThisStore {
    async fn club_role(&self, club: ClubId, user: UserId) -> Result<Option<ClubRole>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_role");
        let rank: Option<i16> =
            sqlx::query_scalar("SELECT rank FROM club_members WHERE club_id = $1 AND user_id = $2")
                .bind(club.0)
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(rank.map(|r| role_from_rank(r.into())).transpose()?)
    }

    async fn club_roles_of(&self, user: UserId) -> Result<Vec<(ClubId, ClubRole)>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_roles_of");
        let rows: Vec<(i64, i16)> = sqlx::query_as(
            "SELECT club_id, rank FROM club_members WHERE user_id = $1 ORDER BY club_id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(club, rank)| Ok((ClubId(club), role_from_rank(rank.into())?)))
            .collect()
    }

    async fn club_requests_of(&self, user: UserId) -> Result<Vec<ClubId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_requests_of");
        let sql = "SELECT club_id FROM club_join_requests WHERE user_id = $1 ORDER BY club_id";
        super::super::ids_for(&self.pool, sql, user.0, ClubId).await
    }

    /// Makes `user` a member with `role` (and drops their pending request); whether this is new
    /// (an existing member keeps their role).
    async fn add_club_member(
        &self,
        club: ClubId,
        user: UserId,
        role: ClubRole,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("add_club_member");
        let mut tx = Db::begin_write(&self.pool).await?;
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

    async fn remove_club_member(&self, club: ClubId, user: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("remove_club_member");
        let done = sqlx::query("DELETE FROM club_members WHERE club_id = $1 AND user_id = $2")
            .bind(club.0)
            .bind(user.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_club_role(
        &self,
        club: ClubId,
        user: UserId,
        role: ClubRole,
    ) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_club_role");
        let done =
            sqlx::query("UPDATE club_members SET rank = $3 WHERE club_id = $1 AND user_id = $2")
                .bind(club.0)
                .bind(user.0)
                .bind(role_rank(role))
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn club_members(
        &self,
        club: ClubId,
        after: Option<ClubMemberCursor>,
        limit: u32,
    ) -> Result<Vec<ClubMemberRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_members");
        let (rank, joined, id) = match after {
            Some(c) => (role_rank(c.role), Millis::from(c.joined_at), c.user.0),
            None => (-1, Millis::from(DateTime::UNIX_EPOCH), i64::MIN),
        };
        let rows: Vec<MemberRow> = sqlx::query_as(concat!(
            "SELECT u.id, u.username, u.display_name, ",
            crate::common::avatar_of!("u"),
            " AS avatar, m.rank, m.joined_at FROM club_members m \
             JOIN users u ON u.id = m.user_id WHERE m.club_id = $1 \
             AND (m.rank, m.joined_at, m.user_id) > ($2, $3, $4) \
             ORDER BY m.rank, m.joined_at, m.user_id LIMIT $5",
        ))
        .bind(club.0)
        .bind(rank)
        .bind(joined)
        .bind(id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(ClubMemberRecord {
                    user: row.user.into(),
                    role: role_from_rank(row.rank.into())?,
                    joined_at: row.joined_at.into(),
                })
            })
            .collect()
    }

    async fn club_managers(&self, club: ClubId) -> Result<Vec<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_managers");
        let sql =
            "SELECT user_id FROM club_members WHERE club_id = $1 AND rank <= 1 ORDER BY user_id";
        super::super::ids_for(&self.pool, sql, club.0, UserId).await
    }

    async fn request_club_join(
        &self,
        club: ClubId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("request_club_join");
        let done = sqlx::query(
            "INSERT INTO club_join_requests (club_id, user_id, requested_at) VALUES ($1, $2, $3) \
             ON CONFLICT (club_id, user_id) DO NOTHING",
        )
        .bind(club.0)
        .bind(user.0)
        .bind(Millis::from(now))
        .execute(&self.pool)
        .await
        .map_err(write_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn remove_club_request(&self, club: ClubId, user: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("remove_club_request");
        let done =
            sqlx::query("DELETE FROM club_join_requests WHERE club_id = $1 AND user_id = $2")
                .bind(club.0)
                .bind(user.0)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn club_requests(&self, club: ClubId) -> Result<Vec<ClubRequestRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_requests");
        let rows: Vec<RequestRow> = sqlx::query_as(concat!(
            "SELECT u.id, u.username, u.display_name, ",
            crate::common::avatar_of!("u"),
            " AS avatar, r.requested_at FROM club_join_requests r \
             JOIN users u ON u.id = r.user_id WHERE r.club_id = $1 \
             ORDER BY r.requested_at, r.user_id",
        ))
        .bind(club.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| ClubRequestRecord {
                user: row.user.into(),
                requested_at: row.requested_at.into(),
            })
            .collect())
    }
}
