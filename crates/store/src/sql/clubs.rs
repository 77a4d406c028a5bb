//! Clubs: the clubs, their members and roles, join requests, icons, and club rooms.

mod members;

use super::rows::{self, AvatarRow};
use super::{found, Db, Pool, ThisStore};
use crate::dialect::Dialect;
use crate::millis::Millis;

use chrono::{DateTime, Utc};

use stoa_proto::clubs::ClubRole;
use stoa_proto::rest::UserSummary;
use stoa_proto::{ClubId, RoomId, UserId};

use crate::club_records::{
    club_select, name_key, ClubMemberCursor, ClubMemberRecord, ClubRecord, ClubRequestRecord,
    ClubUpdate, NewClub,
};
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
    self::club(pool, ClubId(id))
        .await?
        .ok_or(StoreError::NotFound)
}

/// One club.
pub(crate) async fn club(pool: &Pool, id: ClubId) -> Result<Option<ClubRecord>, StoreError> {
    let row: Option<ClubRow> = sqlx::query_as(concat!(club_select!(), " WHERE c.id = $1"))
        .bind(id.0)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(ClubRecord::try_from).transpose()?)
}

/// Applies an edit and returns the club.
pub(crate) async fn update_club(
    pool: &Pool,
    id: ClubId,
    update: ClubUpdate,
) -> Result<ClubRecord, StoreError> {
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
        .execute(pool)
        .await
        .map_err(write_error)?,
    )?;
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
    let rows: Vec<ClubRow> = sqlx::query_as(concat!(
        club_select!(),
        " WHERE c.name_key >= $1 AND ($2 IS NULL OR c.name_key < $2) \
         ORDER BY c.name_key LIMIT $3"
    ))
    .bind(&low)
    .bind(high.as_deref())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows::try_all(rows)?)
}

/// The clubs `user` is a member of, by folded name.
pub(crate) async fn clubs_of(pool: &Pool, user: UserId) -> Result<Vec<ClubRecord>, StoreError> {
    let rows: Vec<ClubRow> = sqlx::query_as(concat!(
        club_select!(),
        " WHERE c.id IN (SELECT club_id FROM club_members WHERE user_id = $1) ORDER BY c.name_key"
    ))
    .bind(user.0)
    .fetch_all(pool)
    .await?;
    Ok(rows::try_all(rows)?)
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
    let row: Option<AvatarRow> = sqlx::query_as(
        "SELECT icon_version AS version, icon_content_type AS content_type, \
         icon_image AS image, created_at AS updated_at FROM clubs \
         WHERE id = $1 AND icon_image IS NOT NULL",
    )
    .bind(club.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Into::into))
}

/// Makes a room a club room.
pub(crate) async fn set_room_club(
    pool: &Pool,
    room: &RoomId,
    club: ClubId,
    members_only: bool,
) -> Result<(), StoreError> {
    found(
        sqlx::query("UPDATE rooms SET club_id = $2, members_only = $3 WHERE id = $1")
            .bind(&room.0)
            .bind(club.0)
            .bind(members_only)
            .execute(pool)
            .await
            .map_err(write_error)?,
    )
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
