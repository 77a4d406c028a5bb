//! Clubs: the clubs, their members and roles, join requests, icons, and club rooms.

mod members;

use super::{rows, Db, DbRow, Pool, ThisStore};
use crate::dialect::Dialect;
use crate::millis::Millis;

use chrono::{DateTime, Utc};

use sqlx::Row;

use stoa_proto::clubs::ClubRole;
use stoa_proto::rest::UserSummary;
use stoa_proto::{ClubId, RoomId, UserId};

use crate::club_records::{
    club_select, name_key, policy_from_str, policy_to_str, ClubMemberCursor, ClubMemberRecord,
    ClubRecord, ClubRequestRecord, ClubUpdate, NewClub,
};
use crate::common::{count, is_foreign_key_violation, is_unique_violation, prefix_upper_bound};
use crate::error::StoreError;
use crate::records::AvatarRecord;

/// A row of [`club_select!`].
fn club_from_row(row: &DbRow) -> Result<ClubRecord, sqlx::Error> {
    let has_icon: bool = row.try_get("has_icon")?;
    Ok(ClubRecord {
        id: ClubId(row.try_get("id")?),
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        rules: row.try_get("rules")?,
        join_policy: policy_from_str(row.try_get("join_policy")?)?,
        founder: UserSummary {
            id: UserId(row.try_get("f_id")?),
            username: row.try_get("f_username")?,
            display_name: row.try_get("f_display_name")?,
        },
        created_at: rows::ts(row, "created_at")?,
        member_count: count(row.try_get("member_count")?),
        icon_version: has_icon.then(|| row.try_get("icon_version")).transpose()?,
    })
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

/// Creates a club and makes its creator the founder, in one transaction.
pub(crate) async fn create_club(pool: &Pool, new: NewClub) -> Result<ClubRecord, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO clubs (name, name_key, description, rules, join_policy, founder_id, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&new.name)
    .bind(name_key(&new.name))
    .bind(&new.description)
    .bind(&new.rules)
    .bind(policy_to_str(new.join_policy))
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
    self::club(pool, ClubId(id))
        .await?
        .ok_or(StoreError::NotFound)
}

/// One club.
pub(crate) async fn club(pool: &Pool, id: ClubId) -> Result<Option<ClubRecord>, StoreError> {
    let row = sqlx::query(concat!(club_select!(), " WHERE c.id = $1"))
        .bind(id.0)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(club_from_row).transpose()?)
}

/// Applies an edit and returns the club.
pub(crate) async fn update_club(
    pool: &Pool,
    id: ClubId,
    update: ClubUpdate,
) -> Result<ClubRecord, StoreError> {
    let done = sqlx::query(
        "UPDATE clubs SET name = COALESCE($2, name), name_key = COALESCE($3, name_key), \
         description = COALESCE($4, description), rules = COALESCE($5, rules), \
         join_policy = COALESCE($6, join_policy) WHERE id = $1",
    )
    .bind(id.0)
    .bind(update.name.as_deref())
    .bind(update.name.as_deref().map(name_key))
    .bind(update.description.as_deref())
    .bind(update.rules.as_deref())
    .bind(update.join_policy.map(policy_to_str))
    .execute(pool)
    .await
    .map_err(write_error)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    self::club(pool, id).await?.ok_or(StoreError::NotFound)
}

/// Clubs whose folded name starts with the folded `prefix` (all clubs for an empty prefix), by
/// folded name, at most `limit`.
pub(crate) async fn search_clubs(
    pool: &Pool,
    prefix: &str,
    limit: u32,
) -> Result<Vec<ClubRecord>, StoreError> {
    let low = name_key(prefix);
    let high = prefix_upper_bound(&low);
    let rows = sqlx::query(concat!(
        club_select!(),
        " WHERE c.name_key >= $1 AND ($2 IS NULL OR c.name_key < $2) \
         ORDER BY c.name_key LIMIT $3"
    ))
    .bind(&low)
    .bind(high.as_deref())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(club_from_row).collect::<Result<_, _>>()?)
}

/// The clubs `user` is a member of, by folded name.
pub(crate) async fn clubs_of(pool: &Pool, user: UserId) -> Result<Vec<ClubRecord>, StoreError> {
    let rows = sqlx::query(concat!(
        club_select!(),
        " WHERE c.id IN (SELECT club_id FROM club_members WHERE user_id = $1) ORDER BY c.name_key"
    ))
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(club_from_row).collect::<Result<_, _>>()?)
}

/// Stores a club's icon and returns its new version.
pub(crate) async fn set_club_icon(
    pool: &Pool,
    club: ClubId,
    content_type: &str,
    image: &[u8],
) -> Result<i64, StoreError> {
    let version: Option<i64> = sqlx::query_scalar(
        "UPDATE clubs SET icon_version = icon_version + 1, icon_content_type = $2, \
         icon_image = $3 WHERE id = $1 RETURNING icon_version",
    )
    .bind(club.0)
    .bind(content_type)
    .bind(image)
    .fetch_optional(pool)
    .await?;
    version.ok_or(StoreError::NotFound)
}

/// A club's icon, if it has one.
pub(crate) async fn club_icon(
    pool: &Pool,
    club: ClubId,
) -> Result<Option<AvatarRecord>, StoreError> {
    let row = sqlx::query(
        "SELECT icon_version, icon_content_type, icon_image, created_at FROM clubs \
         WHERE id = $1 AND icon_image IS NOT NULL",
    )
    .bind(club.0)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(AvatarRecord {
        version: row.try_get("icon_version")?,
        content_type: row.try_get("icon_content_type")?,
        image: row.try_get("icon_image")?,
        updated_at: rows::ts(&row, "created_at")?,
    }))
}

/// Makes a room a club room.
pub(crate) async fn set_room_club(
    pool: &Pool,
    room: &RoomId,
    club: ClubId,
    members_only: bool,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE rooms SET club_id = $2, members_only = $3 WHERE id = $1")
        .bind(&room.0)
        .bind(club.0)
        .bind(members_only)
        .execute(pool)
        .await
        .map_err(write_error)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

super::store_impl::forward! {
    impl crate::club_store::ClubStore {}
    fn create_club(new: NewClub) -> ClubRecord = self::create_club(new);
    fn club(id: ClubId) -> Option<ClubRecord> = self::club(id);
    fn update_club(id: ClubId, update: ClubUpdate) -> ClubRecord = self::update_club(id, update);
    fn search_clubs(prefix: &str, limit: u32) -> Vec<ClubRecord>
        = self::search_clubs(prefix, limit);
    fn clubs_of(user: UserId) -> Vec<ClubRecord> = self::clubs_of(user);
    fn club_role(club: ClubId, user: UserId) -> Option<ClubRole> = members::club_role(club, user);
    fn club_roles_of(user: UserId) -> Vec<(ClubId, ClubRole)> = members::club_roles_of(user);
    fn club_requests_of(user: UserId) -> Vec<ClubId> = members::club_requests_of(user);
    fn add_club_member(club: ClubId, user: UserId, role: ClubRole, at: DateTime<Utc>) -> bool
        = members::add_club_member(club, user, role, at);
    fn remove_club_member(club: ClubId, user: UserId) -> bool
        = members::remove_club_member(club, user);
    fn set_club_role(club: ClubId, user: UserId, role: ClubRole) -> bool
        = members::set_club_role(club, user, role);
    fn club_members(
        club: ClubId,
        after: Option<ClubMemberCursor>,
        limit: u32,
    ) -> Vec<ClubMemberRecord> = members::club_members(club, after, limit);
    fn club_managers(club: ClubId) -> Vec<UserId> = members::club_managers(club);
    fn request_club_join(club: ClubId, user: UserId, at: DateTime<Utc>) -> bool
        = members::request_club_join(club, user, at);
    fn remove_club_request(club: ClubId, user: UserId) -> bool
        = members::remove_club_request(club, user);
    fn club_requests(club: ClubId) -> Vec<ClubRequestRecord> = members::club_requests(club);
    fn set_club_icon(club: ClubId, content_type: &str, image: &[u8]) -> i64
        = self::set_club_icon(club, content_type, image);
    fn club_icon(club: ClubId) -> Option<AvatarRecord> = self::club_icon(club);
    fn set_room_club(room: &RoomId, club: ClubId, members_only: bool) -> ()
        = self::set_room_club(room, club, members_only);
}
