//! Clubs: the clubs, their members and roles, join requests, icons, and club rooms.

mod members;

use super::rows::{self, AvatarRow};
use super::{found, Db, ThisStore};
use crate::dialect::Dialect;
use crate::millis::Millis;

use stoa_proto::rest::UserSummary;
use stoa_proto::{ClubId, RoomId, UserId};

use crate::club_records::{club_select, name_key, ClubRecord, ClubUpdate, NewClub};
use crate::common::{
    count, from_stored_name, is_foreign_key_violation, is_unique_violation, prefix_upper_bound,
    stored_name,
};
use crate::error::StoreError;
use crate::records::AvatarRecord;

/// A row of [`club_select!`].
#[derive(sqlx::FromRow)]
struct ClubRow {
    id: i64,
    name: String,
    description: String,
    rules: String,
    join_policy: String,
    created_at: Millis,
    icon_version: i64,
    has_icon: bool,
    f_id: i64,
    f_username: String,
    f_display_name: String,
    f_avatar: Option<i64>,
    member_count: i64,
}

impl TryFrom<ClubRow> for ClubRecord {
    type Error = sqlx::Error;

    fn try_from(row: ClubRow) -> Result<Self, sqlx::Error> {
        Ok(ClubRecord {
            id: ClubId(row.id),
            name: row.name,
            description: row.description,
            rules: row.rules,
            join_policy: from_stored_name(&row.join_policy, "join policy")?,
            founder: UserSummary {
                id: UserId(row.f_id),
                username: row.f_username,
                display_name: row.f_display_name,
                avatar: row.f_avatar,
            },
            created_at: row.created_at.into(),
            member_count: count(row.member_count),
            icon_version: row.has_icon.then_some(row.icon_version),
        })
    }
}

/// Maps a write's error: unique name → [`StoreError::NameTaken`], missing row → `NotFound`.
fn write_error(err: sqlx::Error) -> StoreError {
    if is_unique_violation(&err) {
        StoreError::NameTaken
    } else if is_foreign_key_violation(&err) {
        StoreError::NotFound
    } else {
        err.into()
    }
}

#[async_trait::async_trait]
impl crate::ClubStore for ThisStore {
    async fn create_club(&self, new: NewClub) -> Result<ClubRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_club");
        let mut tx = Db::begin_write(&self.pool).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO clubs (name, name_key, description, rules, join_policy, founder_id, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&new.name)
        .bind(name_key(&new.name))
        .bind(&new.description)
        .bind(&new.rules)
        .bind(stored_name(new.join_policy))
        .bind(new.founder.0)
        .bind(Millis::from(new.created_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(write_error)?;
        sqlx::query(
            "INSERT INTO club_members (club_id, user_id, rank, joined_at) VALUES ($1, $2, 0, $3)",
        )
        .bind(id)
        .bind(new.founder.0)
        .bind(Millis::from(new.created_at))
        .execute(&mut *tx)
        .await
        .map_err(write_error)?;
        tx.commit().await?;
        self.club(ClubId(id)).await?.ok_or(StoreError::NotFound)
    }

    async fn club(&self, id: ClubId) -> Result<Option<ClubRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club");
        let row: Option<ClubRow> = sqlx::query_as(concat!(club_select!(), " WHERE c.id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(ClubRecord::try_from).transpose()?)
    }

    async fn update_club(&self, id: ClubId, update: ClubUpdate) -> Result<ClubRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("update_club");
        found(
            sqlx::query(
                "UPDATE clubs SET name = COALESCE($2, name), name_key = COALESCE($3, name_key), \
             description = COALESCE($4, description), rules = COALESCE($5, rules), \
             join_policy = COALESCE($6, join_policy) WHERE id = $1",
            )
            .bind(id.0)
            .bind(update.name.as_deref())
            .bind(update.name.as_deref().map(name_key))
            .bind(update.description.as_deref())
            .bind(update.rules.as_deref())
            .bind(update.join_policy.map(stored_name))
            .execute(&self.pool)
            .await
            .map_err(write_error)?,
        )?;
        self.club(id).await?.ok_or(StoreError::NotFound)
    }

    /// Clubs whose folded name starts with the folded `prefix` (all clubs for an empty prefix), by
    /// folded name, at most `limit`.
    async fn search_clubs(&self, prefix: &str, limit: u32) -> Result<Vec<ClubRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("search_clubs");
        let low = name_key(prefix);
        let high = prefix_upper_bound(&low);
        let rows: Vec<ClubRow> = sqlx::query_as(concat!(
            club_select!(),
            " WHERE c.name_key >= $1 AND ($2 IS NULL OR c.name_key < $2) \
             ORDER BY c.name_key LIMIT $3"
        ))
        .bind(&low)
        .bind(high.as_deref())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows::try_all(rows)?)
    }

    async fn clubs_of(&self, user: UserId) -> Result<Vec<ClubRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("clubs_of");
        let rows: Vec<ClubRow> = sqlx::query_as(concat!(
            club_select!(),
            " WHERE c.id IN (SELECT club_id FROM club_members WHERE user_id = $1) ORDER BY c.name_key"
        ))
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows::try_all(rows)?)
    }

    async fn set_club_icon(
        &self,
        club: ClubId,
        content_type: &str,
        image: &[u8],
    ) -> Result<i64, StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_club_icon");
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE clubs SET icon_version = icon_version + 1, icon_content_type = $2, \
             icon_image = $3 WHERE id = $1 RETURNING icon_version",
        )
        .bind(club.0)
        .bind(content_type)
        .bind(image)
        .fetch_optional(&self.pool)
        .await?;
        version.ok_or(StoreError::NotFound)
    }

    async fn club_icon(&self, club: ClubId) -> Result<Option<AvatarRecord>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("club_icon");
        let row: Option<AvatarRow> = sqlx::query_as(
            "SELECT icon_version AS version, icon_content_type AS content_type, \
             icon_image AS image, created_at AS updated_at FROM clubs \
             WHERE id = $1 AND icon_image IS NOT NULL",
        )
        .bind(club.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Into::into))
    }

    async fn set_room_club(
        &self,
        room: &RoomId,
        club: ClubId,
        members_only: bool,
    ) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_room_club");
        found(
            sqlx::query("UPDATE rooms SET club_id = $2, members_only = $3 WHERE id = $1")
                .bind(&room.0)
                .bind(club.0)
                .bind(members_only)
                .execute(&self.pool)
                .await
                .map_err(write_error)?,
        )
    }
}
