//! The site admins' side of the [`Store`](crate::Store): reports and their queue, suspensions,
//! invite grants, the admin flag and the invite tree.

use stoa_proto::UserId;

use crate::error::StoreError;

/// Reports, the admins' queue and suspensions.
#[async_trait::async_trait]
pub trait ReportStore: Send + Sync {
    /// Files a report (one transaction): if `new.reporter` already has an open report about the
    /// same member (member reports) or room (room reports) that one is returned; if they filed
    /// `limit.max` reports since `limit.since` nothing is written.
    /// [`StoreError::NotFound`] if a member or the room does not exist.
    async fn create_report(
        &self,
        new: crate::NewReport,
        limit: crate::ReportLimit,
    ) -> Result<crate::CreateReportOutcome, StoreError>;

    /// The report with this id.
    async fn report(
        &self,
        id: stoa_proto::ReportId,
    ) -> Result<Option<stoa_proto::moderation::Report>, StoreError>;

    /// One page of the admins' queue strictly after `after`: open reports oldest first
    /// (`open`), or resolved ones newest resolved first, at most `limit`.
    async fn reports(
        &self,
        open: bool,
        after: Option<crate::ReportCursor>,
        limit: u32,
    ) -> Result<Vec<stoa_proto::moderation::Report>, StoreError>;

    /// Resolves an open report and, in the same transaction, every other open report about the
    /// same member (with `others_note`). [`StoreError::NotFound`] if the report or the admin
    /// does not exist.
    async fn resolve_report(
        &self,
        resolution: crate::ReportResolution,
    ) -> Result<crate::ResolveOutcome, StoreError>;

    /// Suspends `new.user` (recorded as done by `new.by`, with `new.reason`) and deletes all
    /// their sessions, in one transaction; returns whether the suspension is new (suspending
    /// again keeps the first record). [`StoreError::NotFound`] if either member does not exist.
    async fn suspend_user(&self, new: &crate::NewSuspension) -> Result<bool, StoreError>;

    /// Lifts `user`'s suspension; returns whether there was one. Sessions are not restored.
    async fn unsuspend_user(&self, user: UserId) -> Result<bool, StoreError>;

    /// The suspended members among `users`, by id ascending.
    async fn suspended_among(&self, users: &[UserId]) -> Result<Vec<UserId>, StoreError>;

    /// How many reports are open (the length of the admins' queue).
    async fn open_report_count(&self) -> Result<u32, StoreError>;
}

/// Site administration: invite grants, the admin flag, the invite tree.
#[async_trait::async_trait]
pub trait AdminStore: Send + Sync {
    /// Adds `count` invites to `user`'s quota. [`StoreError::NotFound`] if the user does not
    /// exist.
    async fn grant_invites(&self, user: UserId, count: u32) -> Result<(), StoreError>;

    /// Makes `user` a site admin (`admin`) or a plain member again; returns whether that
    /// changed anything. [`StoreError::NotFound`] if the user does not exist.
    async fn set_admin(&self, user: UserId, admin: bool) -> Result<bool, StoreError>;

    /// The site admins who are not suspended, by id ascending.
    async fn site_admins(&self) -> Result<Vec<UserId>, StoreError>;

    /// Who nominated whom: the tree under `root` (or under every member nobody nominated)
    /// down to `depth` levels below the roots, breadth-first, at most `max_rows` rows, with the
    /// number of descendants at any depth. [`StoreError::NotFound`] if `root` does not exist.
    async fn invite_tree(
        &self,
        root: Option<UserId>,
        depth: u32,
        max_rows: u32,
    ) -> Result<crate::waitlist_records::InviteTreeRows, StoreError>;
}
