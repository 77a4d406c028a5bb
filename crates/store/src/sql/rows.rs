//! Rows as `#[derive(sqlx::FromRow)]` structs (read with `query_as`), turned into the records
//! the store gives back. Timestamp columns are read as [`Millis`], whatever the dialect stores.

use crate::millis::Millis;
use stoa_proto::rest::UserSummary;
use stoa_proto::{Language, RoomId, UserId};

use crate::common::from_stored_name;
use crate::records::{InviteRecord, RoomRecord, UserRecord};

/// A member's `id, username, display_name, avatar` (the last from
/// [`avatar_of!`](crate::common::avatar_of)).
#[derive(sqlx::FromRow)]
pub(crate) struct Summary {
    id: i64,
    username: String,
    display_name: String,
    avatar: Option<i64>,
}

impl From<Summary> for UserSummary {
    fn from(row: Summary) -> Self {
        UserSummary {
            id: UserId(row.id),
            username: row.username,
            display_name: row.display_name,
            avatar: row.avatar,
        }
    }
}

/// A summary from the four columns of a LEFT JOINed member (`None` when the id is NULL).
pub(crate) fn joined(
    id: Option<i64>,
    username: Option<String>,
    display_name: Option<String>,
    avatar: Option<i64>,
) -> Option<UserSummary> {
    Some(UserSummary {
        id: UserId(id?),
        username: username.unwrap_or_default(),
        display_name: display_name.unwrap_or_default(),
        avatar,
    })
}

/// Each row into its record.
pub(crate) fn all<R, T: From<R>>(rows: Vec<R>) -> Vec<T> {
    rows.into_iter().map(T::from).collect()
}

/// Each row into its record, failing on the first that does not convert.
pub(crate) fn try_all<R, T: TryFrom<R, Error = sqlx::Error>>(
    rows: Vec<R>,
) -> Result<Vec<T>, sqlx::Error> {
    rows.into_iter().map(T::try_from).collect()
}

/// A row of [`user_select!`](crate::common::user_select).
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    bio: String,
    password_hash: String,
    is_admin: bool,
    invite_quota: i64,
    created_at: Millis,
    avatar: Option<i64>,
    language: Option<String>,
    n_id: Option<i64>,
    n_username: Option<String>,
    n_display_name: Option<String>,
    n_avatar: Option<i64>,
}

impl From<UserRow> for UserRecord {
    fn from(row: UserRow) -> Self {
        UserRecord {
            id: UserId(row.id),
            username: row.username,
            display_name: row.display_name,
            bio: row.bio,
            password_hash: row.password_hash,
            is_admin: row.is_admin,
            invite_quota: row.invite_quota,
            nominated_by: joined(row.n_id, row.n_username, row.n_display_name, row.n_avatar),
            created_at: row.created_at.into(),
            avatar: row.avatar,
            // The column's CHECK allows only known codes; anything else reads as "not chosen".
            language: row.language.as_deref().and_then(Language::from_code),
        }
    }
}

/// A row of [`invite_select!`](crate::common::invite_select).
#[derive(sqlx::FromRow)]
pub(crate) struct InviteRow {
    id: i64,
    created_by: Option<i64>,
    created_at: Millis,
    revoked: bool,
    m_id: Option<i64>,
    m_username: Option<String>,
    m_display_name: Option<String>,
    m_avatar: Option<i64>,
}

impl From<InviteRow> for InviteRecord {
    fn from(row: InviteRow) -> Self {
        InviteRecord {
            id: row.id,
            created_by: row.created_by.map(UserId),
            created_at: row.created_at.into(),
            used_by: joined(row.m_id, row.m_username, row.m_display_name, row.m_avatar),
            revoked: row.revoked,
        }
    }
}

/// A row of [`room_select!`](crate::common::room_select).
#[derive(sqlx::FromRow)]
pub(crate) struct RoomRow {
    id: String,
    title: String,
    kind: String,
    created_by: i64,
    created_at: Millis,
    ended_at: Option<Millis>,
    state_json: Option<String>,
    club_id: Option<i64>,
    club_name: Option<String>,
    members_only: bool,
}

impl TryFrom<RoomRow> for RoomRecord {
    type Error = sqlx::Error;

    fn try_from(row: RoomRow) -> Result<Self, sqlx::Error> {
        Ok(RoomRecord {
            id: RoomId(row.id),
            title: row.title,
            kind: from_stored_name(&row.kind, "room kind")?,
            created_by: UserId(row.created_by),
            created_at: row.created_at.into(),
            ended_at: row.ended_at.map(Into::into),
            state_json: row.state_json,
            club: row.club_id.map(|id| stoa_proto::clubs::ClubRef {
                id: stoa_proto::ClubId(id),
                name: row.club_name.unwrap_or_default(),
            }),
            members_only: row.members_only,
        })
    }
}

/// An image with its version: an avatar, or a club's icon.
#[derive(sqlx::FromRow)]
pub(crate) struct AvatarRow {
    version: i64,
    content_type: String,
    image: Vec<u8>,
    updated_at: Millis,
}

impl From<AvatarRow> for crate::records::AvatarRecord {
    fn from(row: AvatarRow) -> Self {
        crate::records::AvatarRecord {
            version: row.version,
            content_type: row.content_type,
            image: row.image,
            updated_at: row.updated_at.into(),
        }
    }
}
