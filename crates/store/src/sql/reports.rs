//! Reports worked by site admins, and suspensions.

use super::{rows, Conn, Db, DbRow, Pool};
use crate::dialect::{Dialect, Ids};
use crate::millis::Millis;
use stoa_proto::moderation::{Report, ReportStatus};
use stoa_proto::{ReportId, UserId};

use crate::common::is_foreign_key_violation;
use crate::error::StoreError;
use crate::report_records::{
    reason_to_str, report_from_row, report_select, status_to_str, subject_to_str,
    CreateReportOutcome, NewReport, ReportCursor, ReportLimit, ReportResolution, ReportSubject,
    ResolveOutcome,
};
use crate::NewSuspension;

fn report(row: &DbRow) -> Result<Report, sqlx::Error> {
    report_from_row(row, rows::opt_ts)
}

async fn report_in(conn: &mut Conn, id: i64) -> Result<Option<Report>, StoreError> {
    let row = sqlx::query(concat!(report_select!(), " WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(report).transpose()?)
}

/// Files a report in one transaction: an open report by the same reporter
/// about the same member or room is returned instead; past the rate limit nothing is written.
pub(crate) async fn create_report(
    pool: &Pool,
    new: NewReport,
    limit: ReportLimit,
) -> Result<CreateReportOutcome, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
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
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO reports (reporter_id, subject, target_user_id, room_id, reason, details, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.reporter.0)
    .bind(subject_to_str(new.subject))
    .bind(new.target_user.0)
    .bind(new.room.as_ref().map(|r| r.0.as_str()))
    .bind(reason_to_str(new.reason))
    .bind(&new.details)
    .bind(Millis::from(new.created_at))
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    };
    let created = report_in(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(CreateReportOutcome::Created(created))
}

/// The report with this id.
pub(crate) async fn report_by_id(pool: &Pool, id: ReportId) -> Result<Option<Report>, StoreError> {
    let mut conn = pool.acquire().await?;
    report_in(&mut conn, id.0).await
}

/// One page of the queue: open reports oldest first, or resolved ones newest resolved first.
pub(crate) async fn reports(
    pool: &Pool,
    open: bool,
    after: Option<ReportCursor>,
    limit: u32,
) -> Result<Vec<Report>, StoreError> {
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
    let rows = sqlx::query(sql)
        .bind(at)
        .bind(id)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(report).collect::<Result<_, _>>()?)
}

/// Resolves a report and the other open reports about the same member, in one transaction.
pub(crate) async fn resolve_report(
    pool: &Pool,
    resolution: ReportResolution,
) -> Result<ResolveOutcome, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
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
    if status != status_to_str(ReportStatus::Open) {
        return Ok(ResolveOutcome::AlreadyResolved);
    }
    let update = "UPDATE reports SET status = $1, resolved_by = $2, resolved_at = $3, note = $4";
    let done = sqlx::query(&format!("{update} WHERE id = $5"))
        .bind(status_to_str(resolution.status))
        .bind(resolution.by.0)
        .bind(Millis::from(resolution.at))
        .bind(&resolution.note)
        .bind(resolution.id.0)
        .execute(&mut *tx)
        .await;
    match done {
        Ok(_) => {}
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    }
    let others: Vec<i64> = sqlx::query_scalar(&format!(
        "{update} WHERE target_user_id = $5 AND status = 'open' AND id <> $6 RETURNING id"
    ))
    .bind(status_to_str(resolution.status))
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
pub(crate) async fn suspend_user(pool: &Pool, new: &NewSuspension) -> Result<bool, StoreError> {
    let mut tx = Db::begin_write(pool).await?;
    let inserted = sqlx::query(
        "INSERT INTO suspensions (user_id, suspended_by, suspended_at, reason) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(new.user.0)
    .bind(new.by.map(|by| by.0))
    .bind(Millis::from(new.at))
    .bind(new.reason.as_deref())
    .execute(&mut *tx)
    .await;
    let inserted = match inserted {
        Ok(done) => done.rows_affected() == 1,
        Err(err) if is_foreign_key_violation(&err) => return Err(StoreError::NotFound),
        Err(err) => return Err(err.into()),
    };
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(new.user.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(inserted)
}

/// Lifts a suspension; returns whether there was one.
pub(crate) async fn unsuspend_user(pool: &Pool, user: UserId) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM suspensions WHERE user_id = $1")
        .bind(user.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The suspended members among `users`, by id ascending.
pub(crate) async fn suspended_among(
    pool: &Pool,
    users: &[UserId],
) -> Result<Vec<UserId>, StoreError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT user_id FROM suspensions WHERE user_id {} ORDER BY user_id",
        Db::in_ids("$1")
    ))
    .bind(users.iter().map(|u| u.0).collect::<Ids>())
    .fetch_all(pool)
    .await?;
    Ok(found.into_iter().map(UserId).collect())
}
