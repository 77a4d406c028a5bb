//! Notifications and presence bodies (`/api/notifications…`, `/api/me/friends-online`),
//! re-exported from [`crate::rest`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::clubs::ClubRef;
use crate::events::EventRef;
use crate::rest::{RoomRef, UserSummary};

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NotificationKind {
    /// Someone you follow started a room (`actor`, `room`).
    RoomStarted,
    /// Someone you follow went on stage (`actor`, `room`).
    WentOnStage,
    /// You were pinged into a room (`actor`, `room`): one click joins, even a closed room.
    Pinged,
    /// A moderator invited you to speak (`actor`, `room`).
    SpeakInvite,
    /// Someone followed you (`actor`).
    NewFollower,
    /// Someone signed up with your invite (`actor`).
    InviteUsed,
    /// Someone on the waitlist named you (`waitlist_username`).
    WaitlistNamed,
    /// An event you host is due (`event`): one click starts its room.
    EventStarting,
    /// An event you asked to be notified of went live (`event`, `room`).
    EventLive,
    /// An event you asked to be notified of changed its time or title (`event`).
    EventChanged,
    /// An event you asked to be notified of was cancelled (`event`).
    EventCancelled,
    /// Someone asked to join a club you manage (`actor`, `club`).
    ClubJoinRequested,
    /// Your request to join a club was approved (`club`).
    ClubJoinApproved,
    /// A site admin warned you (`text` carries their note).
    Warned,
    /// (Site admins) a member filed a report (`actor`: the reporter; `room` for a report made
    /// about or in a room): the queue has work.
    ReportFiled,
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Notification {
    /// Id (increasing).
    #[ts(type = "number")]
    pub id: i64,
    /// What it is about.
    pub kind: NotificationKind,
    /// Who did it.
    pub actor: Option<UserSummary>,
    /// The room it is about.
    pub room: Option<RoomRef>,
    /// The username reserved on the waitlist (`waitlist_named`).
    pub waitlist_username: Option<String>,
    /// The event it is about.
    #[serde(default)]
    pub event: Option<EventRef>,
    /// The club it is about.
    #[serde(default)]
    pub club: Option<ClubRef>,
    /// One line to show, e.g. "Ada pinged you into “Rust talk”".
    pub text: String,
    /// When.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Marked as read.
    pub read: bool,
}

/// `GET /api/notifications?cursor=&limit=`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct NotificationList {
    /// This page.
    pub notifications: Vec<Notification>,
    /// Unread notifications in total.
    pub unread: u32,
    /// Pass as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `POST /api/notifications/read`: mark some or all notifications as read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct MarkReadRequest {
    /// Notification ids to mark; ignored when `all` is true.
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<i32>>")]
    // Bounded by limits::MARK_READ_IDS_MAX.
    pub ids: Vec<i64>,
    /// Mark every notification read.
    #[serde(default)]
    #[ts(optional, as = "Option<bool>")]
    pub all: bool,
}

/// `POST /api/notifications/read` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UnreadCount {
    /// Unread notifications left.
    pub unread: u32,
}

/// A member the viewer follows who is online now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct FriendOnline {
    /// Who.
    pub user: UserSummary,
    /// The room they are in, if the viewer could join it.
    pub room: Option<RoomRef>,
}

/// `GET /api/me/friends-online`: followed members online now (blocked ones left out either
/// way), those in rooms first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct FriendsOnline {
    /// Who.
    pub friends: Vec<FriendOnline>,
}
