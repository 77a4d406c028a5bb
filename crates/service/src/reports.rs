//! Reports: any member reports a member or a room; site admins work the queue and resolve each
//! report by dismissing it, warning the member, or suspending them (see [`crate::suspension`]).

use chrono::{DateTime, Duration};
use stoa_proto::moderation::{
    CreateReportRequest, Report, ReportAction, ReportCount, ReportList, ReportStatus,
    ResolveReportRequest,
};
use stoa_proto::rest::NotificationKind;
use stoa_proto::{ReportId, RoomId};
use stoa_store::{
    CreateReportOutcome, NewReport, NotificationExtra, ReportCursor, ReportLimit, ReportResolution,
    ReportSubject, ResolveOutcome, StoreError,
};

use crate::accounts::Member;
use crate::moderation::Moderation;
use crate::notify::NewNotification;
use crate::suspension::require_admin;
use crate::ServiceError;

/// Most characters in a report's details or an admin's note.
pub const MAX_TEXT: usize = stoa_proto::limits::REPORT_TEXT_MAX;
/// Most reports one member may file per [`REPORT_WINDOW_MINUTES`].
pub const MAX_REPORTS_PER_WINDOW: u32 = 10;
/// The rate-limit window, in minutes.
pub const REPORT_WINDOW_MINUTES: i64 = 60;
/// Page size of the queue when the client gives none.
pub const DEFAULT_PAGE: u32 = 50;
/// Largest page a client may ask for.
pub const MAX_PAGE: u32 = 100;

/// Prefix of every queue cursor.
const CURSOR_VERSION: &str = "r1";

/// Which part of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueStatus {
    /// Waiting for an admin, oldest first.
    Open,
    /// Dismissed, warned or suspended, newest resolved first.
    Resolved,
}

impl QueueStatus {
    /// `open` or `resolved` (absent: `open`); anything else is `validation`.
    pub fn parse(raw: Option<&str>) -> Result<Self, ServiceError> {
        match raw.map(str::trim) {
            None | Some("") | Some("open") => Ok(QueueStatus::Open),
            Some("resolved") => Ok(QueueStatus::Resolved),
            Some(other) => Err(ServiceError::Validation(format!(
                "status must be open or resolved, not {other:?}"
            ))),
        }
    }
}

/// A queue position as the opaque string clients pass back: hex of `r1:<ms>:<id>`.
fn encode_cursor(cursor: ReportCursor) -> String {
    hex::encode(format!(
        "{CURSOR_VERSION}:{}:{}",
        cursor.at.timestamp_millis(),
        cursor.id.0
    ))
}

/// Reads back a cursor made by [`encode_cursor`]; anything else is `bad_request`.
fn decode_cursor(raw: &str) -> Result<ReportCursor, ServiceError> {
    let bad = || ServiceError::BadRequest("invalid cursor".to_string());
    let text = String::from_utf8(hex::decode(raw).map_err(|_| bad())?).map_err(|_| bad())?;
    let mut parts = text.split(':');
    let (Some(CURSOR_VERSION), Some(ms), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let at = DateTime::from_timestamp_millis(ms.parse().map_err(|_| bad())?).ok_or_else(bad)?;
    Ok(ReportCursor {
        at,
        id: ReportId(id.parse().map_err(|_| bad())?),
    })
}

/// Trimmed free text of at most [`MAX_TEXT`] characters.
fn text(raw: &str, what: &str) -> Result<String, ServiceError> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > MAX_TEXT {
        return Err(ServiceError::Validation(format!(
            "{what} must be at most {MAX_TEXT} characters"
        )));
    }
    Ok(trimmed.to_string())
}

/// The outcome a resolution records.
fn status_of(action: ReportAction) -> ReportStatus {
    match action {
        ReportAction::Dismiss => ReportStatus::Dismissed,
        ReportAction::Warn => ReportStatus::Warned,
        ReportAction::Suspend => ReportStatus::Suspended,
    }
}

impl Moderation {
    /// `member` reports a member (`username`) or a room (`room_id`): exactly one of them. A room
    /// report is about the room's creator; a member report made while both are in the same live
    /// room records that room. Filing again about the same open target gives the open report.
    pub async fn create_report(
        &self,
        member: &Member,
        req: CreateReportRequest,
    ) -> Result<Report, ServiceError> {
        let me = member.record.id;
        let details = text(&req.details, "details")?;
        let username = req
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        let room_id = req.room_id.filter(|r| !r.0.trim().is_empty());
        let (subject, target_user, room) = match (username, room_id) {
            (Some(username), None) => {
                let target = self.social().member_named(username).await?;
                if target.id == me {
                    return Err(ServiceError::Validation(
                        "you cannot report yourself".to_string(),
                    ));
                }
                let rooms = self.rooms().registry();
                let shared: Option<RoomId> = rooms
                    .room_of(me)
                    .filter(|room| rooms.room_of(target.id).as_ref() == Some(room));
                (ReportSubject::Member, target.id, shared)
            }
            (None, Some(room_id)) => {
                let room = self
                    .store()
                    .room(&room_id)
                    .await?
                    .ok_or(ServiceError::NotFound("room"))?;
                if room.created_by == me {
                    return Err(ServiceError::Validation(
                        "you cannot report your own room".to_string(),
                    ));
                }
                (ReportSubject::Room, room.created_by, Some(room.id))
            }
            _ => {
                return Err(ServiceError::Validation(
                    "report either a member (username) or a room (room_id)".to_string(),
                ))
            }
        };
        let now = self.config().clock.now();
        let new = NewReport {
            reporter: me,
            subject,
            target_user,
            room,
            reason: req.reason,
            details,
            created_at: now,
        };
        let limit = ReportLimit {
            since: now - Duration::minutes(REPORT_WINDOW_MINUTES),
            max: MAX_REPORTS_PER_WINDOW,
        };
        match self.store().create_report(new, limit).await {
            Ok(CreateReportOutcome::Created(report)) => {
                tracing::info!(report = report.id.0, reporter = %me, "report filed");
                self.tell_admins(&report).await;
                Ok(report)
            }
            Ok(CreateReportOutcome::Existing(report)) => Ok(report),
            Ok(CreateReportOutcome::RateLimited) => Err(ServiceError::RateLimited),
            Err(StoreError::NotFound) => Err(ServiceError::NotFound("member")),
            Err(err) => Err(err.into()),
        }
    }

    /// Tells every site admin (but the reporter) that `report` was filed: a `report_filed`
    /// notification naming the reporter, and the room when there is one. Best-effort.
    async fn tell_admins(&self, report: &Report) {
        let admins = match self.store().site_admins().await {
            Ok(admins) => admins,
            Err(err) => {
                tracing::warn!(report = report.id.0, %err, "admins not told of a report");
                return;
            }
        };
        let note = NewNotification {
            kind: NotificationKind::ReportFiled,
            actor: Some(report.reporter.id),
            room: report.room.clone(),
            waitlist_username: None,
            extra: NotificationExtra::default(),
        };
        for admin in admins {
            self.notifications().notify(admin, note.clone()).await;
        }
    }

    /// How many reports wait in the admins' queue (site admins only).
    pub async fn report_count(&self, admin: &Member) -> Result<ReportCount, ServiceError> {
        require_admin(admin)?;
        Ok(ReportCount {
            open: self.store().open_report_count().await?,
        })
    }

    /// One page of the admins' queue: open reports oldest first, or resolved ones newest first.
    pub async fn report_queue(
        &self,
        admin: &Member,
        status: QueueStatus,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<ReportList, ServiceError> {
        require_admin(admin)?;
        let after = cursor
            .filter(|c| !c.is_empty())
            .map(decode_cursor)
            .transpose()?;
        let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        let open = status == QueueStatus::Open;
        let mut reports = self.store().reports(open, after, limit + 1).await?;
        let next_cursor = if reports.len() > limit as usize {
            reports.truncate(limit as usize);
            reports.last().map(|last| {
                encode_cursor(ReportCursor {
                    at: if open {
                        last.created_at
                    } else {
                        last.resolved_at.unwrap_or(last.created_at)
                    },
                    id: last.id,
                })
            })
        } else {
            None
        };
        Ok(ReportList {
            reports,
            next_cursor,
        })
    }

    /// An admin resolves an open report: `dismiss`, `warn` (the member gets a `warned`
    /// notification with the note) or `suspend`. The other open reports about the same member
    /// are resolved with it, their note saying so. A resolved report is `invalid_state`.
    pub async fn resolve_report(
        &self,
        admin: &Member,
        id: ReportId,
        req: ResolveReportRequest,
    ) -> Result<Report, ServiceError> {
        require_admin(admin)?;
        let note = text(&req.note, "note")?;
        let found = self
            .store()
            .report(id)
            .await?
            .ok_or(ServiceError::NotFound("report"))?;
        if found.status != ReportStatus::Open {
            return Err(already_resolved());
        }
        let target = found
            .target_user
            .clone()
            .ok_or(ServiceError::NotFound("member"))?;
        let target = self
            .store()
            .user_by_id(target.id)
            .await?
            .ok_or(ServiceError::NotFound("member"))?;
        if req.action == ReportAction::Suspend {
            // Refuse before anything is written.
            crate::suspension::check_suspendable(admin, &target)?;
        }
        let others_note = if note.is_empty() {
            format!("Resolved together with report {}.", id.0)
        } else {
            format!("Resolved together with report {}: {note}", id.0)
        };
        let resolution = ReportResolution {
            id,
            by: admin.record.id,
            status: status_of(req.action),
            note: note.clone(),
            others_note,
            at: self.config().clock.now(),
        };
        let (report, others) = match self.store().resolve_report(resolution).await {
            Ok(ResolveOutcome::Resolved { report, others }) => (*report, others),
            Ok(ResolveOutcome::AlreadyResolved) => return Err(already_resolved()),
            Err(StoreError::NotFound) => return Err(ServiceError::NotFound("report")),
            Err(err) => return Err(err.into()),
        };
        tracing::info!(
            report = id.0, admin = %admin.record.id, member = %target.id,
            action = ?req.action, others = others.len(), "report resolved"
        );
        match req.action {
            ReportAction::Dismiss => {}
            ReportAction::Warn => {
                let warning = NewNotification {
                    kind: NotificationKind::Warned,
                    actor: None,
                    room: None,
                    waitlist_username: None,
                    extra: NotificationExtra {
                        note: Some(note).filter(|n| !n.is_empty()),
                        ..Default::default()
                    },
                };
                self.notifications().notify(target.id, warning).await;
            }
            ReportAction::Suspend => {
                let reason = Some(note).filter(|n| !n.is_empty());
                self.suspend(&target, Some(admin.record.id), reason).await?;
            }
        }
        Ok(report)
    }
}

fn already_resolved() -> ServiceError {
    ServiceError::InvalidState("this report is already resolved".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = ReportCursor {
            at: DateTime::from_timestamp_millis(1_700_000_000_123).expect("valid"),
            id: ReportId(42),
        };
        assert_eq!(decode_cursor(&encode_cursor(cursor)).expect("ok"), cursor);
        for bad in [
            "",
            "zz",
            &hex::encode("r1:1"),
            &hex::encode("n1:1:2"),
            &hex::encode("r1:x:2"),
        ] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_parse() {
        assert_eq!(
            QueueStatus::parse(None).expect("default"),
            QueueStatus::Open
        );
        assert_eq!(
            QueueStatus::parse(Some("resolved")).expect("resolved"),
            QueueStatus::Resolved
        );
        assert!(QueueStatus::parse(Some("closed")).is_err());
    }
}
