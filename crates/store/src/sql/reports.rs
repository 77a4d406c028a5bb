//! Reports worked by site admins, and suspensions.

use super::ThisStore;
use super::{rows, Conn, Db};
use crate::dialect::{Dialect, Ids};
use crate::millis::Millis;
use stoa_proto::moderation::{Report, ReportStatus};
use stoa_proto::rest::{RoomRef, UserSummary};
use stoa_proto::{ReportId, RoomId, UserId};

use crate::common::{fk_not_found, from_stored_name, stored_name};
use crate::error::StoreError;
use crate::report_records::{
    report_select, subject_to_str, CreateReportOutcome, NewReport, ReportCursor, ReportLimit,
    ReportResolution, ReportSubject, ResolveOutcome,
};
use crate::NewSuspension;

/// A row of [`report_select!`]: the report, its reporter `p`, target `t`, room `rm` and
/// resolving admin `a`.
#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    reason: String,
    details: String,
    status: String,
    created_at: Millis,
    resolved_at: Option<Millis>,
    note: String,
    #[sqlx(rename = "p_id")]
    reporter_id: i64,
    p_username: String,
    p_display_name: String,
    p_avatar: Option<i64>,
    t_id: Option<i64>,
    t_username: Option<String>,
    t_display_name: Option<String>,
    t_avatar: Option<i64>,
    rm_id: Option<String>,
    rm_title: Option<String>,
    a_id: Option<i64>,
    a_username: Option<String>,
    a_display_name: Option<String>,
    a_avatar: Option<i64>,
}

impl TryFrom<ReportRow> for Report {
    type Error = sqlx::Error;

    fn try_from(row: ReportRow) -> Result<Self, sqlx::Error> {
        Ok(Report {
            id: ReportId(row.id),
            reporter: UserSummary {
                id: UserId(row.reporter_id),
                username: row.p_username,
                display_name: row.p_display_name,
                avatar: row.p_avatar,
            },
            target_user: rows::joined(row.t_id, row.t_username, row.t_display_name, row.t_avatar),
            room: row.rm_id.map(|id| RoomRef {
                id: RoomId(id),
                title: row.rm_title.unwrap_or_default(),
            }),
            reason: from_stored_name(&row.reason, "report reason")?,
            details: row.details,
            status: from_stored_name(&row.status, "report status")?,
            created_at: row.created_at.into(),
            resolved_by: rows::joined(row.a_id, row.a_username, row.a_display_name, row.a_avatar),
            resolved_at: row.resolved_at.map(Into::into),
            note: row.note,
        })
    }
}

async fn report_in(conn: &mut Conn, id: i64) -> Result<Option<Report>, StoreError> {
    let row: Option<ReportRow> = sqlx::query_as(concat!(report_select!(), " WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Report::try_from).transpose()?)
}

#[async_trait::async_trait]
impl crate::ReportStore for ThisStore {
    /// Files a report in one transaction: an open report by the same reporter
    /// about the same member or room is returned instead; past the rate limit nothing is written.
    async fn create_report(
        &self,
        new: NewReport,
        limit: ReportLimit,
    ) -> Result<CreateReportOutcome, StoreError> {
        let _timer = crate::timing::QueryTimer::start("create_report");
        let mut tx = Db::begin_write(&self.pool).await?;
        // Racing reports by one reporter queue here, so duplicates and the limit hold.
        let sql = format!("SELECT id FROM users WHERE id = $1{}", Db::FOR_UPDATE);
        let reporter: Option<i64> = sqlx::query_scalar(&sql)
            .bind(new.reporter.0)
            .fetch_optional(&mut *tx)
            .await?;
        if reporter.is_none() {
            return Err(StoreError::NotFound);
        }
        let existing: Option<i64> = match new.subject {
            ReportSubject::Member => {
                sqlx::query_scalar(
                    "SELECT id FROM reports WHERE reporter_id = $1 AND subject = 'member' \
                     AND target_user_id = $2 AND status = 'open' ORDER BY id LIMIT 1",
                )
                .bind(new.reporter.0)
                .bind(new.target_user.0)
                .fetch_optional(&mut *tx)
                .await?
            }
            ReportSubject::Room => {
                sqlx::query_scalar(
                    "SELECT id FROM reports WHERE reporter_id = $1 AND subject = 'room' \
                     AND room_id = $2 AND status = 'open' ORDER BY id LIMIT 1",
                )
                .bind(new.reporter.0)
                .bind(new.room.as_ref().map(|r| r.0.as_str()))
                .fetch_optional(&mut *tx)
                .await?
            }
        };
        if let Some(id) = existing {
            let found = report_in(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
            return Ok(CreateReportOutcome::Existing(found));
        }
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports WHERE reporter_id = $1 AND created_at >= $2",
        )
        .bind(new.reporter.0)
        .bind(Millis::from(limit.since))
        .fetch_one(&mut *tx)
        .await?;
        if recent >= i64::from(limit.max) {
            return Ok(CreateReportOutcome::RateLimited);
        }
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO reports (reporter_id, subject, target_user_id, room_id, reason, details, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.reporter.0)
        .bind(subject_to_str(new.subject))
        .bind(new.target_user.0)
        .bind(new.room.as_ref().map(|r| r.0.as_str()))
        .bind(stored_name(new.reason))
        .bind(&new.details)
        .bind(Millis::from(new.created_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(fk_not_found)?;
        let created = report_in(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(CreateReportOutcome::Created(created))
    }

    async fn report(&self, id: ReportId) -> Result<Option<Report>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("report");
        let mut conn = self.pool.acquire().await?;
        report_in(&mut conn, id.0).await
    }

    async fn reports(
        &self,
        open: bool,
        after: Option<ReportCursor>,
        limit: u32,
    ) -> Result<Vec<Report>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("reports");
        let (at, id) = after.map_or((None, None), |c| (Some(Millis::from(c.at)), Some(c.id.0)));
        let sql = if open {
            concat!(
                report_select!(),
                " WHERE r.status = 'open' AND ($1 IS NULL OR r.created_at > $1 \
                 OR (r.created_at = $1 AND r.id > $2)) ORDER BY r.created_at, r.id LIMIT $3"
            )
        } else {
            concat!(
                report_select!(),
                " WHERE r.status <> 'open' AND ($1 IS NULL OR r.resolved_at < $1 \
                 OR (r.resolved_at = $1 AND r.id < $2)) ORDER BY r.resolved_at DESC, r.id DESC LIMIT $3"
            )
        };
        let rows: Vec<ReportRow> = sqlx::query_as(sql)
            .bind(at)
            .bind(id)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows::try_all(rows)?)
    }

    async fn open_report_count(&self) -> Result<u32, StoreError> {
        let _timer = crate::timing::QueryTimer::start("open_report_count");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE status = 'open'")
            .fetch_one(&self.pool)
            .await?;
        Ok(crate::common::count(n))
    }

    async fn resolve_report(
        &self,
        resolution: ReportResolution,
    ) -> Result<ResolveOutcome, StoreError> {
        let _timer = crate::timing::QueryTimer::start("resolve_report");
        let mut tx = Db::begin_write(&self.pool).await?;
        let sql = format!(
            "SELECT status, target_user_id FROM reports WHERE id = $1{}",
            Db::FOR_UPDATE
        );
        let found: Option<(String, i64)> = sqlx::query_as(&sql)
            .bind(resolution.id.0)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((status, target)) = found else {
            return Err(StoreError::NotFound);
        };
        if status != stored_name(ReportStatus::Open) {
            return Ok(ResolveOutcome::AlreadyResolved);
        }
        let update =
            "UPDATE reports SET status = $1, resolved_by = $2, resolved_at = $3, note = $4";
        sqlx::query(&format!("{update} WHERE id = $5"))
            .bind(stored_name(resolution.status))
            .bind(resolution.by.0)
            .bind(Millis::from(resolution.at))
            .bind(&resolution.note)
            .bind(resolution.id.0)
            .execute(&mut *tx)
            .await
            .map_err(fk_not_found)?;
        let others: Vec<i64> = sqlx::query_scalar(&format!(
            "{update} WHERE target_user_id = $5 AND status = 'open' AND id <> $6 RETURNING id"
        ))
        .bind(stored_name(resolution.status))
        .bind(resolution.by.0)
        .bind(Millis::from(resolution.at))
        .bind(&resolution.others_note)
        .bind(target)
        .bind(resolution.id.0)
        .fetch_all(&mut *tx)
        .await?;
        let report = report_in(&mut tx, resolution.id.0)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        let mut others: Vec<ReportId> = others.into_iter().map(ReportId).collect();
        others.sort();
        Ok(ResolveOutcome::Resolved {
            report: Box::new(report),
            others,
        })
    }

    /// Suspends `new.user` (by `new.by`, for `new.reason`) and deletes all their sessions, in one transaction.
    /// Returns whether the suspension is new.
    async fn suspend_user(&self, new: &NewSuspension) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("suspend_user");
        let mut tx = Db::begin_write(&self.pool).await?;
        let inserted = sqlx::query(
            "INSERT INTO suspensions (user_id, suspended_by, suspended_at, reason) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(new.user.0)
        .bind(new.by.map(|by| by.0))
        .bind(Millis::from(new.at))
        .bind(new.reason.as_deref())
        .execute(&mut *tx)
        .await
        .map_err(fk_not_found)?
        .rows_affected()
            == 1;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(new.user.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(inserted)
    }

    async fn unsuspend_user(&self, user: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("unsuspend_user");
        let done = sqlx::query("DELETE FROM suspensions WHERE user_id = $1")
            .bind(user.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn suspended_among(&self, users: &[UserId]) -> Result<Vec<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("suspended_among");
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let found: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT user_id FROM suspensions WHERE user_id {} ORDER BY user_id",
            Db::in_ids("$1")
        ))
        .bind(users.iter().map(|u| u.0).collect::<Ids>())
        .fetch_all(&self.pool)
        .await?;
        Ok(found.into_iter().map(UserId).collect())
    }
}
