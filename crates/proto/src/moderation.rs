//! Moderation people can trust: reactions and the pinned link (in-room extras), the per-room
//! moderation log, and reports worked by the site's admins.
//!
//! * `GET /api/rooms/{id}/modlog?cursor=` → [`ModLog`]: the room's moderators (now or ever) and
//!   site admins; kept after the room ends. Live entries reach the room's current moderators
//!   as `ServerMessage::ModLogEntry`.
//! * `POST /api/reports` → [`Report`]: any member reports a member or a room.
//! * `GET /api/admin/reports?status=open&cursor=` → [`ReportList`] (site admins).
//! * `POST /api/admin/reports/{id}/resolve` [`ResolveReportRequest`] → [`Report`] (site admins).
//! * `POST /api/admin/users/{username}/suspend` / `unsuspend` (site admins).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::ids::{ReportId, RoomId};
use crate::rest::{RoomRef, UserSummary};

/// The fixed set of reactions a member may send in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Reaction {
    /// 👏
    Clap,
    /// 😂
    Laugh,
    /// ❤️
    Heart,
    /// 🔥
    Fire,
    /// 🤔
    Thinking,
    /// 💯
    Hundred,
}

impl Reaction {
    /// Every reaction, in display order.
    pub const ALL: [Reaction; 6] = [
        Reaction::Clap,
        Reaction::Laugh,
        Reaction::Heart,
        Reaction::Fire,
        Reaction::Thinking,
        Reaction::Hundred,
    ];

    /// The emoji shown for it.
    pub fn emoji(self) -> &'static str {
        match self {
            Reaction::Clap => "👏",
            Reaction::Laugh => "😂",
            Reaction::Heart => "❤️",
            Reaction::Fire => "🔥",
            Reaction::Thinking => "🤔",
            Reaction::Hundred => "💯",
        }
    }
}

/// The link a moderator pinned in a room, shown to everyone in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct PinnedLink {
    /// An `http(s)` URL, at most 500 characters.
    pub url: String,
    /// Optional label, at most 100 characters (empty: show the URL).
    pub title: String,
    /// The moderator who pinned it.
    pub by: UserSummary,
}

/// What a moderation log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModAction {
    /// A moderator muted `target`.
    Muted,
    /// A moderator moved `target` from the stage to the audience.
    MovedToAudience,
    /// A moderator removed `target` from the room (they cannot rejoin).
    Removed,
    /// A moderator invited `target` to speak.
    InvitedToSpeak,
    /// `target` went on stage (accepted an invitation).
    PromotedToSpeaker,
    /// A moderator made `target` a moderator.
    MadeModerator,
    /// The last moderator's connection stayed down past the grace period and the server made the
    /// longest-standing speaker (`target`) a moderator; `actor` is `null`.
    HostHandedOver,
    /// A moderator pinned a link (`detail` = URL).
    PinnedLink,
    /// A moderator removed the pinned link.
    UnpinnedLink,
    /// A moderator changed who may join (`detail` = new kind).
    KindChanged,
    /// A site admin suspended `target`, which took them out of the room; `actor` is the admin,
    /// or `null` when the server's operator suspended them (`stoa admin suspend`).
    Suspended,
}

/// One moderation log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ModLogEntry {
    /// Id (increasing).
    #[ts(type = "number")]
    pub id: i64,
    /// The room.
    pub room_id: RoomId,
    /// When.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Who did it; `null` when the server did (host hand-over).
    pub actor: Option<UserSummary>,
    /// What.
    pub action: ModAction,
    /// To whom.
    pub target: Option<UserSummary>,
    /// Extra detail (the pinned URL, the new room kind).
    pub detail: Option<String>,
}

/// `GET /api/rooms/{id}/modlog`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ModLog {
    /// This page.
    pub entries: Vec<ModLogEntry>,
    /// Pass as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Why something is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportReason {
    /// Harassment or bullying.
    Harassment,
    /// Hate speech.
    Hate,
    /// Spam or scams.
    Spam,
    /// Pretending to be someone else.
    Impersonation,
    /// Anything else (say what in `details`).
    Other,
}

/// `POST /api/reports`: exactly one of `username` and `room_id`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct CreateReportRequest {
    /// The member reported.
    #[serde(default)]
    #[ts(optional)]
    pub username: Option<String>,
    /// The room reported.
    #[serde(default)]
    #[ts(optional)]
    pub room_id: Option<RoomId>,
    /// Why.
    pub reason: ReportReason,
    /// At most 1000 characters.
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    // Bounded by limits::REPORT_TEXT_MAX.
    pub details: String,
}

/// Where a report is in the admins' queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportStatus {
    /// Waiting for an admin.
    Open,
    /// Looked at; nothing done.
    Dismissed,
    /// The member was warned (they got a notification).
    Warned,
    /// The member was suspended.
    Suspended,
}

/// What an admin does with a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportAction {
    /// Nothing to do.
    Dismiss,
    /// Warn the reported member (for a room: its creator).
    Warn,
    /// Suspend the reported member (for a room: its creator): all sessions revoked, out of every
    /// live room at once, sign-in refused with `suspended`.
    Suspend,
}

/// `POST /api/admin/reports/{id}/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ResolveReportRequest {
    /// What to do.
    pub action: ReportAction,
    /// Note kept with the report (and sent with a warning), at most 1000 characters.
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    // Bounded by limits::REPORT_TEXT_MAX.
    pub note: String,
}

/// One report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Report {
    /// Id.
    pub id: ReportId,
    /// Who reported.
    pub reporter: UserSummary,
    /// The member reported (for a room report: the room's creator).
    pub target_user: Option<UserSummary>,
    /// The room reported (or the room the member was reported from).
    pub room: Option<RoomRef>,
    /// Why.
    pub reason: ReportReason,
    /// The reporter's words.
    pub details: String,
    /// Where it is.
    pub status: ReportStatus,
    /// When it was filed.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// The admin who resolved it.
    pub resolved_by: Option<UserSummary>,
    /// When it was resolved.
    #[ts(type = "string | null")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// The admin's note.
    pub note: String,
}

/// `GET /api/admin/reports`: oldest open first (or newest first for resolved ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ReportList {
    /// This page.
    pub reports: Vec<Report>,
    /// Pass as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `GET /api/admin/reports/count`: how long the admins' queue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ReportCount {
    /// Open reports waiting for an admin.
    pub open: u32,
}
