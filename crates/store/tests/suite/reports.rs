//! Reports worked by site admins, and suspensions.

use chrono::{DateTime, Duration, Utc};
use stoa_proto::moderation::{ReportReason, ReportStatus};
use stoa_proto::{ReportId, RoomId, UserId};
use stoa_store::{
    CreateReportOutcome, NewReport, ReportCursor, ReportLimit, ReportResolution, ReportSubject,
    ResolveOutcome, Store, UserRecord,
};

use super::{assert_err, bootstrap_admin, hash, invited_member, now_ms, open_room};

fn member_report(by: &UserRecord, about: &UserRecord, at: DateTime<Utc>) -> NewReport {
    NewReport {
        reporter: by.id,
        subject: ReportSubject::Member,
        target_user: about.id,
        room: None,
        reason: ReportReason::Spam,
        details: format!("{} spams", about.username),
        created_at: at,
    }
}

fn limit(at: DateTime<Utc>, max: u32) -> ReportLimit {
    ReportLimit {
        since: at - Duration::hours(1),
        max,
    }
}

async fn file(store: &dyn Store, new: NewReport) -> stoa_proto::moderation::Report {
    let at = new.created_at;
    match store
        .create_report(new, limit(at, 100))
        .await
        .expect("file")
    {
        CreateReportOutcome::Created(report) => report,
        other => panic!("expected a new report, got {other:?}"),
    }
}

fn resolution(
    id: ReportId,
    by: &UserRecord,
    status: ReportStatus,
    at: DateTime<Utc>,
) -> ReportResolution {
    ReportResolution {
        id,
        by: by.id,
        status,
        note: "looked at it".into(),
        others_note: format!("resolved with report {}", id.0),
        at,
    }
}

/// A report is stored with its names; the same open target again gives the existing report;
/// past the limit nothing is written; a room report keeps its room.
pub async fn reports_filed_deduplicated_and_rate_limited(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    let t0 = now_ms();

    let first = file(store, member_report(&bob, &carol, t0)).await;
    assert_eq!(first.reporter.username, "bob");
    assert_eq!(first.target_user.as_ref().map(|u| u.id), Some(carol.id));
    assert_eq!(
        (first.status, first.reason),
        (ReportStatus::Open, ReportReason::Spam)
    );
    assert_eq!(first.details, "carol spams");
    assert_eq!(first.created_at, t0);
    assert!(first.room.is_none() && first.resolved_by.is_none() && first.resolved_at.is_none());
    assert_eq!(
        store.report(first.id).await.expect("get"),
        Some(first.clone())
    );

    let again = store
        .create_report(
            member_report(&bob, &carol, t0 + Duration::seconds(1)),
            limit(t0, 1),
        )
        .await
        .expect("again");
    assert_eq!(
        again,
        CreateReportOutcome::Existing(first.clone()),
        "no duplicate"
    );

    open_room(store, "r-rep", "Loud room", carol.id, t0).await;
    let room_report = NewReport {
        subject: ReportSubject::Room,
        room: Some(RoomId("r-rep".into())),
        ..member_report(&bob, &carol, t0 + Duration::seconds(2))
    };
    // One report in the window already: a limit of one refuses, and nothing is written.
    assert_eq!(
        store
            .create_report(room_report.clone(), limit(t0, 1))
            .await
            .expect("limited"),
        CreateReportOutcome::RateLimited
    );
    assert!(store
        .report(ReportId(first.id.0 + 1))
        .await
        .expect("get")
        .is_none());
    // Reports older than the window do not count.
    let later = t0 + Duration::hours(2);
    let room = file(
        store,
        NewReport {
            created_at: later,
            ..room_report
        },
    )
    .await;
    let room_ref = room.room.expect("room kept");
    assert_eq!(
        (room_ref.id.0.as_str(), room_ref.title.as_str()),
        ("r-rep", "Loud room")
    );
    assert_eq!(room.target_user.map(|u| u.id), Some(carol.id));

    let ghost = UserRecord {
        id: UserId(9999),
        ..carol.clone()
    };
    assert_err(
        store
            .create_report(member_report(&bob, &ghost, t0), limit(t0, 10))
            .await,
        "NotFound",
    );
}

/// Open reports come oldest first and resolved ones newest resolved first, page by page.
pub async fn report_queue_pages_by_keyset(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 5).await;
    let mut targets = Vec::new();
    for name in ["c1", "c2", "c3", "c4"] {
        targets.push(invited_member(store, &bob, name, 0).await);
    }
    let t0 = now_ms();
    let mut ids = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        // Two with the same time: the id breaks the tie.
        let at = t0 + Duration::seconds((i as i64).min(2));
        ids.push(file(store, member_report(&bob, target, at)).await.id);
    }
    assert_eq!(store.open_report_count().await.expect("count"), 4);
    let page = store.reports(true, None, 3).await.expect("page 1");
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), ids[..3]);
    let last = &page[2];
    let cursor = ReportCursor {
        at: last.created_at,
        id: last.id,
    };
    let page = store.reports(true, Some(cursor), 3).await.expect("page 2");
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), ids[3..]);
    assert!(store
        .reports(false, None, 10)
        .await
        .expect("none")
        .is_empty());

    // Resolve 0 and 2 at t+10, 1 at t+20: newest first, id breaking the tie (2 before 0).
    for (i, secs) in [(0, 10), (2, 10), (1, 20)] {
        let at = t0 + Duration::seconds(secs);
        let done = store
            .resolve_report(resolution(ids[i], &admin, ReportStatus::Dismissed, at))
            .await
            .expect("resolve");
        assert!(matches!(done, ResolveOutcome::Resolved { ref others, .. } if others.is_empty()));
    }
    let page = store.reports(false, None, 2).await.expect("resolved 1");
    assert_eq!(
        page.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ids[1], ids[2]]
    );
    let last = &page[1];
    let cursor = ReportCursor {
        at: last.resolved_at.expect("resolved"),
        id: last.id,
    };
    let page = store
        .reports(false, Some(cursor), 2)
        .await
        .expect("resolved 2");
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[0]]);
    let open = store.reports(true, None, 10).await.expect("open");
    assert_eq!(open.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[3]]);
    assert_eq!(store.open_report_count().await.expect("count"), 1);
}

/// Resolving a report resolves the other open reports about the same member with the same
/// outcome and their own note; resolving again changes nothing.
pub async fn resolving_resolves_other_open_reports_once(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    let dave = invited_member(store, &admin, "dave", 2).await;
    let t0 = now_ms();
    let first = file(store, member_report(&bob, &carol, t0)).await;
    let second = file(store, member_report(&dave, &carol, t0)).await;
    let other = file(store, member_report(&bob, &dave, t0)).await;

    let at = t0 + Duration::seconds(5);
    let done = store
        .resolve_report(resolution(second.id, &admin, ReportStatus::Warned, at))
        .await
        .expect("resolve");
    let ResolveOutcome::Resolved { report, others } = done else {
        panic!("expected resolved");
    };
    assert_eq!(others, vec![first.id]);
    assert_eq!(report.status, ReportStatus::Warned);
    assert_eq!(report.resolved_by.map(|u| u.id), Some(admin.id));
    assert_eq!(report.resolved_at, Some(at));
    assert_eq!(report.note, "looked at it");
    let first = store.report(first.id).await.expect("get").expect("kept");
    assert_eq!(first.status, ReportStatus::Warned);
    assert_eq!(first.note, format!("resolved with report {}", second.id.0));
    let other = store.report(other.id).await.expect("get").expect("kept");
    assert_eq!(other.status, ReportStatus::Open, "about someone else");

    assert_eq!(
        store
            .resolve_report(resolution(second.id, &admin, ReportStatus::Suspended, at))
            .await
            .expect("again"),
        ResolveOutcome::AlreadyResolved
    );
    let second = store.report(second.id).await.expect("get").expect("kept");
    assert_eq!(second.status, ReportStatus::Warned, "unchanged");
    assert_err(
        store
            .resolve_report(resolution(
                ReportId(9999),
                &admin,
                ReportStatus::Dismissed,
                at,
            ))
            .await,
        "NotFound",
    );
    // A new report about carol after the resolution is a new open one.
    let fresh = store
        .create_report(member_report(&bob, &carol, at), limit(at, 10))
        .await
        .expect("fresh");
    assert!(matches!(fresh, CreateReportOutcome::Created(_)));
}

/// Suspending deletes every session of the member and hides them from search; lifting it does
/// not bring the sessions back.
pub async fn suspension_revokes_sessions_and_hides_from_search(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let bobby = invited_member(store, &admin, "bobby", 2).await;
    let later = Utc::now() + Duration::days(1);
    store
        .create_session(&hash("t1"), bob.id, later)
        .await
        .expect("s1");
    store
        .create_session(&hash("t2"), bob.id, later)
        .await
        .expect("s2");
    store
        .create_session(&hash("t3"), bobby.id, later)
        .await
        .expect("s3");

    assert!(store
        .suspend_user(&suspension(bob.id, Some(admin.id), None))
        .await
        .expect("suspend"));
    assert!(!store
        .suspend_user(&suspension(bob.id, Some(admin.id), None))
        .await
        .expect("again"));
    // A suspended admin is not among the site admins told of new reports.
    store.set_admin(bob.id, true).await.expect("make admin");
    assert_eq!(store.site_admins().await.expect("admins"), vec![admin.id]);
    let now = Utc::now();
    assert!(store
        .session_user(&hash("t1"), now)
        .await
        .expect("t1")
        .is_none());
    assert!(store
        .session_user(&hash("t2"), now)
        .await
        .expect("t2")
        .is_none());
    assert!(store
        .session_user(&hash("t3"), now)
        .await
        .expect("t3")
        .is_some());
    assert_eq!(
        store
            .suspended_among(&[admin.id, bobby.id, bob.id])
            .await
            .expect("among"),
        vec![bob.id]
    );
    assert!(store.suspended_among(&[]).await.expect("empty").is_empty());
    let found = store.search_users("bob", 10).await.expect("search");
    assert_eq!(found.iter().map(|u| u.id).collect::<Vec<_>>(), [bobby.id]);
    assert_err(
        store
            .suspend_user(&suspension(UserId(9999), Some(admin.id), None))
            .await,
        "NotFound",
    );

    assert!(store.unsuspend_user(bob.id).await.expect("lift"));
    assert!(!store.unsuspend_user(bob.id).await.expect("lift again"));
    assert!(store
        .suspended_among(&[bob.id])
        .await
        .expect("among")
        .is_empty());
    assert!(store
        .session_user(&hash("t1"), now)
        .await
        .expect("t1")
        .is_none());
    assert_eq!(
        store.search_users("bob", 10).await.expect("search").len(),
        2
    );

    // The operator (no member) suspends too, with a reason.
    assert!(store
        .suspend_user(&suspension(bobby.id, None, Some("spam")))
        .await
        .expect("by the operator"));
    assert_eq!(
        store.suspended_among(&[bobby.id]).await.expect("among"),
        vec![bobby.id]
    );
    assert!(store
        .session_user(&hash("t3"), now)
        .await
        .expect("t3")
        .is_none());
}

fn suspension(user: UserId, by: Option<UserId>, reason: Option<&str>) -> stoa_store::NewSuspension {
    stoa_store::NewSuspension {
        user,
        by,
        reason: reason.map(str::to_string),
        at: now_ms(),
    }
}
