//! JSON bodies of the HTTP API (`/api/...`). Timestamps are RFC 3339 strings in UTC.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::ids::{RoomId, RoomKind, UserId};

/// `POST /api/auth/signup`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct SignupRequest {
    /// The invite code (from the invite link).
    pub invite_code: String,
    /// 2–30 characters of `a-z 0-9 _`, unique ignoring case.
    pub username: String,
    /// 1–50 characters.
    pub display_name: String,
    /// 8–200 characters.
    pub password: String,
}

/// `POST /api/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct LoginRequest {
    /// Username (any case).
    pub username: String,
    /// Password.
    pub password: String,
}

/// Answer to sign-up and sign-in. Browsers also get the token as an HttpOnly cookie.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct AuthResponse {
    /// Bearer token for API clients (`Authorization: Bearer <token>`).
    pub token: String,
    /// The signed-in member.
    pub user: Profile,
}

/// The short form of a member shown in lists and rooms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UserSummary {
    /// Id.
    pub id: UserId,
    /// Username (lower case).
    pub username: String,
    /// Display name.
    pub display_name: String,
}

/// A member's profile.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Profile {
    /// Id.
    pub id: UserId,
    /// Username (lower case).
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Who nominated this member (permanent); `null` only for the bootstrap admin.
    pub nominated_by: Option<UserSummary>,
    /// Site administrator.
    pub is_admin: bool,
    /// When the account was created.
    #[ts(type = "string")]
    pub joined_at: DateTime<Utc>,
    /// Free-text bio, at most 300 characters (may contain newlines; may be empty).
    #[serde(default)]
    pub bio: String,
    /// Number of members following this member.
    #[serde(default)]
    pub followers: u32,
    /// Number of members this member follows.
    #[serde(default)]
    pub following: u32,
    /// The member viewing this profile follows this member (false on one's own profile).
    #[serde(default)]
    pub followed_by_me: bool,
}

/// `PATCH /api/me`: fields left out stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UpdateProfileRequest {
    /// 1–50 characters, no control characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub display_name: Option<String>,
    /// At most 300 characters, no control characters except newline; `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub bio: Option<String>,
}

/// One page of a member list (`GET /api/users/{username}/followers` and `/following`), newest
/// follow first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UserList {
    /// The members on this page.
    pub users: Vec<UserSummary>,
    /// Pass as `?cursor=` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `GET /api/users?q=`: members whose username or display name starts with `q`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UserSearch {
    /// Username matches (by username), then display-name matches (by display name).
    pub users: Vec<UserSummary>,
}

/// One invite a member created.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Invite {
    /// Id (used to revoke).
    #[ts(type = "number")]
    pub id: i64,
    /// When it was created.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Who signed up with it, once used.
    pub used_by: Option<UserSummary>,
    /// Revoked by its creator (cannot be used any more).
    pub revoked: bool,
}

/// `GET /api/invites`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct InviteList {
    /// The caller's invites, newest first.
    pub invites: Vec<Invite>,
    /// Invites the caller may still create; `null` means unlimited (admins).
    pub remaining: Option<u32>,
}

/// `POST /api/invites` answer: the code is shown once and never stored in clear.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct CreatedInvite {
    /// The invite.
    pub invite: Invite,
    /// The secret code.
    pub code: String,
    /// A link that opens the sign-up page with the code filled in.
    pub url: String,
}

/// `GET /api/invites/check/{code}`: whether a code can be used, and who sent it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct InviteCheck {
    /// The member who created the invite (`null` for the bootstrap invite).
    pub invited_by: Option<UserSummary>,
}

/// `POST /api/rooms`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct CreateRoomRequest {
    /// 1–100 characters.
    pub title: String,
    /// Defaults to `open`.
    #[serde(default)]
    pub kind: RoomKind,
}

/// A live room as the hallway shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct RoomSummary {
    /// Id.
    pub id: RoomId,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: RoomKind,
    /// Moderators and speakers, moderators first.
    pub stage: Vec<UserSummary>,
    /// Number of people in the audience.
    pub listener_count: u32,
    /// The room has ended.
    pub ended: bool,
}

/// `GET /api/rooms`: the hallway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Hallway {
    /// Live rooms, biggest first.
    pub rooms: Vec<RoomSummary>,
}

/// `GET /api/health`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Health {
    /// Always `"ok"` when the server answers.
    pub status: String,
    /// Server version.
    pub version: String,
}
