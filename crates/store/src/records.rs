//! Plain records going in and out of the [`Store`](crate::Store).

use chrono::{DateTime, Utc};
use stoa_proto::rest::UserSummary;
use stoa_proto::{Language, RoomId, RoomKind, UserId};

/// A member's account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: UserId,
    /// Username (lower case, unique ignoring case).
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Free-text bio (may be empty).
    pub bio: String,
    /// argon2id PHC string; never the clear password.
    pub password_hash: String,
    /// Site administrator (the member who signed up with the bootstrap invite).
    pub is_admin: bool,
    /// How many invites this member may have outstanding or used (ignored for admins).
    pub invite_quota: i64,
    /// Who nominated this member; `None` only for the bootstrap admin.
    pub nominated_by: Option<UserSummary>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// The current avatar version; `None` without an avatar.
    pub avatar: Option<i64>,
    /// The member's chosen language; `None` until chosen.
    pub language: Option<Language>,
}

impl UserRecord {
    /// The short form shown in lists and rooms.
    pub fn summary(&self) -> UserSummary {
        UserSummary {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            avatar: self.avatar,
        }
    }
}

/// What sign-up needs. All fields are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Hex SHA-256 of the invite code being redeemed.
    pub code_hash: String,
    /// Username, already validated and lower-cased.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The new member's invite quota.
    pub invite_quota: i64,
}

/// One invite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRecord {
    /// Id (used to revoke).
    pub id: i64,
    /// Its creator; `None` for a bootstrap invite.
    pub created_by: Option<UserId>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Who signed up with it, once used.
    pub used_by: Option<UserSummary>,
    /// Revoked by its creator (or superseded, for bootstrap invites).
    pub revoked: bool,
}

impl InviteRecord {
    /// Whether sign-up may still redeem this invite.
    pub fn is_usable(&self) -> bool {
        self.used_by.is_none() && !self.revoked
    }
}

/// A room to record when it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoom {
    /// Id (short random string).
    pub id: RoomId,
    /// Title.
    pub title: String,
    /// Who may join.
    pub kind: RoomKind,
    /// The member who opened it.
    pub created_by: UserId,
    /// When it opened.
    pub created_at: DateTime<Utc>,
    /// Members admitted from the start (reason [`AdmissionReason::Named`], by the creator),
    /// written in the same transaction as the room.
    pub named: Vec<UserId>,
}

/// Why a member was admitted to a room beyond what its kind allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdmissionReason {
    /// A moderator named them (when starting a closed room).
    Named,
    /// Someone in the room pinged them in.
    Pinged,
}

impl AdmissionReason {
    /// The reason as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            AdmissionReason::Named => "named",
            AdmissionReason::Pinged => "pinged",
        }
    }
}

/// A room's durable history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRecord {
    /// Id.
    pub id: RoomId,
    /// Title.
    pub title: String,
    /// Who may join.
    pub kind: RoomKind,
    /// The member who opened it.
    pub created_by: UserId,
    /// When it opened.
    pub created_at: DateTime<Utc>,
    /// When it ended; `None` while live.
    pub ended_at: Option<DateTime<Utc>>,
    /// The live room's last saved roles (JSON), for recovery after a restart.
    pub state_json: Option<String>,
    /// The club it belongs to (see [`ClubStore::set_room_club`](crate::ClubStore::set_room_club)).
    pub club: Option<stoa_proto::clubs::ClubRef>,
    /// Only the club's members may join.
    pub members_only: bool,
}

/// A profile edit: `None` leaves a field as it is. Fields are already validated by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileUpdate {
    /// New display name.
    pub display_name: Option<String>,
    /// New bio (`Some("")` clears it).
    pub bio: Option<String>,
    /// New language.
    pub language: Option<Language>,
}

/// A member's follow counts, and whether a given viewer follows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowStats {
    /// Members following this one.
    pub followers: u32,
    /// Members this one follows.
    pub following: u32,
    /// The viewer follows this member (always false without a viewer, or for oneself).
    pub followed_by_viewer: bool,
}

/// Which side of a member's follows to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowDirection {
    /// The members who follow them.
    Followers,
    /// The members they follow.
    Following,
}

/// One member in a follow list, with when the follow happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowEntry {
    /// The member on the other side of the follow.
    pub user: UserSummary,
    /// When the follow was recorded.
    pub followed_at: DateTime<Utc>,
}

impl FollowEntry {
    /// The position just after this entry, to continue a list from.
    pub fn cursor(&self) -> FollowCursor {
        FollowCursor {
            followed_at: self.followed_at,
            user: self.user.id,
        }
    }
}

/// A position in a follow list (newest first): the list continues with entries strictly older
/// than `(followed_at, user)`. Keyset pagination, so follows recorded meanwhile (which are newer)
/// never shift later pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowCursor {
    /// When the last seen follow was recorded.
    pub followed_at: DateTime<Utc>,
    /// The member of the last seen entry (breaks ties between equal timestamps).
    pub user: UserId,
}

/// A member's avatar as stored: a server-made image, never the uploaded bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarRecord {
    /// Goes up by one on every upload (never reused, even after a deletion).
    pub version: i64,
    /// MIME type of `image`, e.g. `image/png`.
    pub content_type: String,
    /// The encoded image.
    pub image: Vec<u8>,
    /// When it was uploaded.
    pub updated_at: DateTime<Utc>,
}

/// A notification to store, for one recipient or fanned out to an actor's followers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotificationRecord {
    /// What it is about.
    pub kind: stoa_proto::rest::NotificationKind,
    /// Who did it.
    pub actor: Option<UserId>,
    /// The room it is about (the title is kept as it was).
    pub room: Option<stoa_proto::rest::RoomRef>,
    /// The username reserved on the waitlist (`WaitlistNamed`).
    pub waitlist_username: Option<String>,
    /// The display name given on the waitlist (`WaitlistNamed`), when known.
    pub waitlist_display_name: Option<String>,
    /// Event, club and free-text note (kept as they were when stored).
    pub extra: NotificationExtra,
}

/// Which followers of an actor a fan-out notification goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowerScope {
    /// Every follower.
    All,
    /// Followers the actor follows back (who may join the actor's social room).
    FollowedBack,
    /// Followers the actor does not follow back (the rest, once a social room opens up).
    NotFollowedBack,
}

impl FollowerScope {
    /// As bound to the fan-out query: 0 every follower, 1 followed back, 2 not followed back.
    pub(crate) fn code(self) -> i64 {
        match self {
            FollowerScope::All => 0,
            FollowerScope::FollowedBack => 1,
            FollowerScope::NotFollowedBack => 2,
        }
    }
}

/// What a notification names besides its actor and room, stored as one JSON column
/// (`notifications.extra`) so new kinds need no migration.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotificationExtra {
    /// The event it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<stoa_proto::events::EventRef>,
    /// The club it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub club: Option<stoa_proto::clubs::ClubRef>,
    /// A free-text note (an admin's warning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl NotificationExtra {
    /// The stored form: `NULL` when empty, else JSON.
    pub fn to_column(&self) -> Option<String> {
        (*self != NotificationExtra::default())
            .then(|| serde_json::to_string(self).expect("plain data serializes"))
    }

    /// Reads the stored form back; unknown or broken JSON reads as empty.
    pub fn from_column(column: Option<&str>) -> NotificationExtra {
        column
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default()
    }
}

/// A stored notification, with the actor's current names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRecord {
    /// Id (increasing).
    pub id: i64,
    /// The recipient.
    pub user: UserId,
    /// What it is about.
    pub kind: stoa_proto::rest::NotificationKind,
    /// Who did it, as they are named now.
    pub actor: Option<UserSummary>,
    /// The room it is about.
    pub room: Option<stoa_proto::rest::RoomRef>,
    /// The username reserved on the waitlist.
    pub waitlist_username: Option<String>,
    /// The display name given on the waitlist.
    pub waitlist_display_name: Option<String>,
    /// Event, club and free-text note.
    pub extra: NotificationExtra,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// When the recipient marked it read.
    pub read_at: Option<DateTime<Utc>>,
}

/// Which of a member's notifications to mark read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkRead {
    /// These ids (ids of other members' notifications are ignored).
    Ids(Vec<i64>),
    /// Every unread one.
    All,
}

/// Whom a member follows, whom they blocked, who blocked them and their clubs: everything the
/// hallway and the room join gate need about one viewer, read in one query
/// ([`Store::social_graph_of`](crate::Store::social_graph_of)). Each list ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SocialGraph {
    /// Members the viewer follows.
    pub followees: Vec<UserId>,
    /// Members the viewer blocked.
    pub blocked: Vec<UserId>,
    /// Members who blocked the viewer.
    pub blocked_by: Vec<UserId>,
    /// Clubs the viewer is a member of.
    pub clubs: Vec<stoa_proto::ClubId>,
}
