//! Records for reports worked by site admins, and suspensions.

use chrono::{DateTime, Utc};
use stoa_proto::moderation::{Report, ReportReason, ReportStatus};
use stoa_proto::{ReportId, RoomId, UserId};

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportSubject {
    /// A member (`target_user`), maybe from a room they were both in.
    Member,
    /// A room (`room`); `target_user` is its creator.
    Room,
}

/// A report to record.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// Who reports.
    pub reporter: UserId,
    /// A member or a room.
    pub subject: ReportSubject,
    /// The member reported (for a room: its creator).
    pub target_user: UserId,
    /// The room reported, or the room the member was reported from.
    pub room: Option<RoomId>,
    /// Why.
    pub reason: ReportReason,
    /// The reporter's words.
    pub details: String,
    /// When (also the end of the rate-limit window).
    pub created_at: DateTime<Utc>,
}

/// How many reports a reporter may file since a moment.
#[derive(Debug, Clone, Copy)]
pub struct ReportLimit {
    /// Start of the window.
    pub since: DateTime<Utc>,
    /// Most reports filed in the window (the new one not counted).
    pub max: u32,
}

/// What filing a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateReportOutcome {
    /// A new open report.
    Created(Report),
    /// The same reporter already has an open report about the same member or room: that one.
    Existing(Report),
    /// The reporter filed too many reports in the window; nothing written.
    RateLimited,
}

/// A keyset position in the admins' queue: the report's time (created for open reports,
/// resolved for resolved ones) and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportCursor {
    /// `created_at` (open) or `resolved_at` (resolved) of the last report seen.
    pub at: DateTime<Utc>,
    /// Its id.
    pub id: ReportId,
}

/// How a report is resolved.
#[derive(Debug, Clone)]
pub struct ReportResolution {
    /// The report.
    pub id: ReportId,
    /// The admin.
    pub by: UserId,
    /// The outcome (not `Open`).
    pub status: ReportStatus,
    /// The note kept with the report.
    pub note: String,
    /// The note kept with the other open reports about the same member, resolved with it.
    pub others_note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What resolving a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveOutcome {
    /// Resolved, together with the other open reports about the same member (`others`).
    Resolved {
        /// The report, resolved.
        report: Box<Report>,
        /// The other reports resolved with it, by id.
        others: Vec<ReportId>,
    },
    /// The report was already resolved; nothing written.
    AlreadyResolved,
}

/// A report subject as stored.
pub(crate) fn subject_to_str(subject: ReportSubject) -> &'static str {
    match subject {
        ReportSubject::Member => "member",
        ReportSubject::Room => "room",
    }
}

/// `SELECT` list for a [`Report`]: the report `r`, reporter `p`, target `t`, room `rm`, and
/// resolving admin `a`. Same text in both dialects.
macro_rules! report_select {
    () => {
        concat!(
            "SELECT r.id, r.reason, r.details, r.status, r.created_at, r.resolved_at, r.note, \
             p.id AS p_id, p.username AS p_username, p.display_name AS p_display_name, ",
            $crate::common::avatar_of!("p"),
            " AS p_avatar, t.id AS t_id, t.username AS t_username, \
             t.display_name AS t_display_name, ",
            $crate::common::avatar_of!("t"),
            " AS t_avatar, rm.id AS rm_id, rm.title AS rm_title, \
             a.id AS a_id, a.username AS a_username, a.display_name AS a_display_name, ",
            $crate::common::avatar_of!("a"),
            " AS a_avatar FROM reports r JOIN users p ON p.id = r.reporter_id \
             JOIN users t ON t.id = r.target_user_id \
             LEFT JOIN rooms rm ON rm.id = r.room_id \
             LEFT JOIN users a ON a.id = r.resolved_by"
        )
    };
}
pub(crate) use report_select;

/// A suspension to record.
#[derive(Debug, Clone)]
pub struct NewSuspension {
    /// Who is suspended.
    pub user: UserId,
    /// The site admin who suspended them; `None` when the operator did (`stoa admin suspend`).
    pub by: Option<UserId>,
    /// Why, in the admin's or operator's words (kept for the record).
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}
