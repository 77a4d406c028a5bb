//! JSON bodies of the HTTP API (`/api/...`). Timestamps are RFC 3339 strings in UTC.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::clubs::ClubRef;
use crate::ids::{ClubId, RoomId, RoomKind, UserId};
use crate::language::Language;

/// `POST /api/auth/signup`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct SignupRequest {
    /// The invite code (from the invite link).
    pub invite_code: String,
    /// 2–30 characters of `a-z 0-9 _`, unique ignoring case.
    // Bounded by limits::USERNAME_MIN, limits::USERNAME_MAX.
    pub username: String,
    /// 1–50 characters.
    // Bounded by limits::DISPLAY_NAME_MIN, limits::DISPLAY_NAME_MAX.
    pub display_name: String,
    /// 8–200 characters.
    // Bounded by limits::PASSWORD_MIN, limits::PASSWORD_MAX.
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
    /// The version of the member's avatar, `null` without one: the photo is at
    /// `/api/users/<username>/avatar?v=<version>` (the URL `Profile.avatar_url` gives).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub avatar: Option<i64>,
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
    /// The viewer blocked this member.
    #[serde(default)]
    pub blocked_by_me: bool,
    /// URL of the member's avatar (a server-made square image); `null` when they have none.
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// The live rooms this member is in right now that the viewer could join (at most one today).
    #[serde(default)]
    pub rooms_now: Vec<RoomRef>,
    /// A site admin suspended this member (shown to admins; the member cannot sign in).
    #[serde(default)]
    pub suspended: bool,
    /// The member's chosen language (client and notification texts); only on one's own profile
    /// (`GET /api/me`), `null` there until chosen and always `null` on other members' profiles.
    #[serde(default)]
    pub language: Option<Language>,
}

/// A room named in a profile, notification or presence entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct RoomRef {
    /// Id.
    pub id: RoomId,
    /// Title.
    pub title: String,
}

/// `PATCH /api/me`: fields left out stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UpdateProfileRequest {
    /// 1–50 characters, no control characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::DISPLAY_NAME_MIN, limits::DISPLAY_NAME_MAX.
    pub display_name: Option<String>,
    /// At most 300 characters, no control characters except newline; `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::BIO_MAX.
    pub bio: Option<String>,
    /// The member's language: `"en"` or `"ro"` (anything else is refused with `bad_request`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub language: Option<Language>,
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
    // Bounded by limits::ROOM_TITLE_MIN, limits::ROOM_TITLE_MAX.
    pub title: String,
    /// Defaults to `open`.
    #[serde(default)]
    pub kind: RoomKind,
    /// Usernames admitted to a closed room from the start (the moderators "named" them); at most
    /// 50. Ignored for open and social rooms.
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<String>>")]
    // Bounded by limits::ROOM_NAMED_MAX.
    pub invited: Vec<String>,
    /// A club room: only the club's founder, admins and leaders may start one.
    #[serde(default)]
    #[ts(optional)]
    pub club_id: Option<ClubId>,
    /// Only the club's members may join (club rooms only; refused with `club_members_only`).
    #[serde(default)]
    #[ts(optional, as = "Option<bool>")]
    pub members_only: bool,
}

/// `PATCH /api/rooms/{id}` (moderators): change who may join.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UpdateRoomRequest {
    /// The new kind (e.g. open a closed room).
    pub kind: RoomKind,
}

/// `POST /api/rooms/{id}/pings`: "would you like to join me for a conversation?"
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct PingRequest {
    /// Who to ping (username, any case).
    pub username: String,
}

/// Why a room is in the viewer's hallway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct RoomReason {
    /// Members the viewer follows who are on stage.
    pub followed_on_stage: Vec<UserSummary>,
    /// How many members the viewer follows are in the audience.
    pub followed_in_audience: u32,
    /// The room is live in a club the viewer is in.
    #[serde(default)]
    pub in_club: Option<ClubRef>,
    /// One line for the room card, e.g. "3 people you follow are on stage".
    pub text: String,
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
    /// The club the room belongs to.
    #[serde(default)]
    pub club: Option<ClubRef>,
    /// Only the club's members may join.
    #[serde(default)]
    pub members_only: bool,
    /// Why the room is in the viewer's hallway (`null` outside the hallway).
    #[serde(default)]
    pub reason: Option<RoomReason>,
}

/// `GET /api/rooms`: the hallway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Hallway {
    /// Live rooms the viewer may join, best first for this viewer (followed people on stage,
    /// then in the audience, then size).
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

/// `GET /api/me/blocks`: the members the caller blocked, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct BlockList {
    /// Blocked members.
    pub users: Vec<UserSummary>,
}

/// `POST /api/waitlist`: reserve a username without an invite.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct WaitlistRequest {
    /// The username to hold (same rules as sign-up); held for 30 days.
    // Bounded by limits::USERNAME_MIN, limits::USERNAME_MAX.
    pub username: String,
    /// Display name, 1–50 characters.
    // Bounded by limits::DISPLAY_NAME_MIN, limits::DISPLAY_NAME_MAX.
    pub display_name: String,
    /// 1–5 usernames of members who know the person.
    // Bounded by limits::WAITLIST_NAMED_MIN, limits::WAITLIST_NAMED_MAX.
    pub named: Vec<String>,
}

/// A waitlist reservation as its holder sees it (`GET /api/waitlist/{token}`).
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct WaitlistStatus {
    /// The reserved username.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// The members they named.
    pub named: Vec<UserSummary>,
    /// Until when the username is held.
    #[ts(type = "string")]
    pub expires_at: DateTime<Utc>,
    /// The member who waved them in; once set they can finish sign-up.
    pub waved_in_by: Option<UserSummary>,
}

/// `POST /api/waitlist` answer: the secret token is shown once (keep the link).
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct WaitlistReservation {
    /// Secret token that identifies the reservation.
    pub token: String,
    /// A link to the reservation's status page.
    pub url: String,
    /// The reservation.
    pub status: WaitlistStatus,
}

/// `POST /api/waitlist/{token}/signup`: finish sign-up after being waved in.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct WaitlistSignupRequest {
    /// 8–200 characters.
    // Bounded by limits::PASSWORD_MIN, limits::PASSWORD_MAX.
    pub password: String,
}

/// One person on the waitlist who named the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct WaitingEntry {
    /// The entry's unguessable public id (used to wave them in).
    pub id: String,
    /// The username they reserved.
    pub username: String,
    /// Their display name.
    pub display_name: String,
    /// When they asked.
    #[ts(type = "string")]
    pub requested_at: DateTime<Utc>,
    /// Someone already waved them in.
    pub waved_in: bool,
}

/// `GET /api/waitlist/waiting`: people on the waitlist who named the caller, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct WaitingForYou {
    /// Entries (reservations that expired or finished sign-up are not listed).
    pub entries: Vec<WaitingEntry>,
}

/// `POST /api/admin/users/{username}/invites` (admins): give a member more invites.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct GrantInvitesRequest {
    /// How many invites to add, 1–1000.
    // Bounded by limits::GRANT_INVITES_MIN, limits::GRANT_INVITES_MAX.
    pub count: u32,
}

/// One member in the invite tree and everyone they brought in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
#[schema(no_recursion)]
pub struct InviteTreeNode {
    /// The member.
    pub user: UserSummary,
    /// When they joined.
    #[ts(type = "string")]
    pub joined_at: DateTime<Utc>,
    /// Members they nominated (by invite or wave-in), oldest first.
    pub invited: Vec<InviteTreeNode>,
}

/// `GET /api/admin/invite-tree?root=&depth=` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct InviteTree {
    /// The root members (the given one, or those nobody nominated).
    pub roots: Vec<InviteTreeNode>,
    /// Number of members in the tree below the roots (all depths).
    pub total_descendants: u32,
}

pub use crate::notifications::{
    FriendOnline, FriendsOnline, MarkReadRequest, Notification, NotificationKind, NotificationList,
    UnreadCount,
};
