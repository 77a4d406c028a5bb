//! The dialect-free [`Store`] trait: one trait per area (accounts, invites, rooms, …), each
//! implemented once in the matching `src/sql` module, and [`Store`], which is all of them.
//! Their methods are callable on `dyn Store` as they are; on a concrete store, bring the area's
//! trait into scope (or `use stoa_store::traits::*`).

use chrono::{DateTime, Utc};
use stoa_proto::rest::UserSummary;
use stoa_proto::{Language, RoomId, UserId};

use crate::error::StoreError;
pub use crate::moderation_store::{AdminStore, ReportStore};
use crate::records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, InviteRecord, NewAccount, NewRoom,
    ProfileUpdate, RoomRecord, UserRecord,
};

/// Durable state behind one interface, made of the area traits; implemented by
/// [`SqlStore`](crate::SqlStore) on either dialect ([`SqliteStore`](crate::SqliteStore),
/// [`PgStore`](crate::PgStore)).
///
/// Tokens and invite codes are passed as hashes (hex SHA-256), never in clear.
#[async_trait::async_trait]
pub trait Store:
    AccountStore
    + InviteStore
    + SocialStore
    + SessionStore
    + RoomStore
    + RoomAccessStore
    + NotificationStore
    + ModLogStore
    + BlockStore
    + AvatarStore
    + WaitlistStore
    + ReportStore
    + AdminStore
    + crate::ClubStore
    + crate::ClubMemberStore
    + crate::EventStore
    + Send
    + Sync
    + 'static
{
    /// Closes the store at a clean stop: on SQLite, copies the write-ahead log into the
    /// database and truncates it, then closes every connection; on PostgreSQL, closes the
    /// pool. Calls made afterwards fail with a storage fault (unavailable).
    async fn close(&self);

    /// Asks the database a trivial question (`SELECT 1`): `Ok` while it answers.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// Accounts: counting, sign-up by invite, lookups.
#[async_trait::async_trait]
pub trait AccountStore: Send + Sync {
    /// Number of accounts (0 means the server still needs its bootstrap admin).
    async fn user_count(&self) -> Result<i64, StoreError>;

    /// Creates an account by redeeming an invite, in one transaction.
    ///
    /// Fails with [`StoreError::InviteInvalid`] if the invite is unknown, used or revoked, and
    /// [`StoreError::UsernameTaken`] if the username exists ignoring case; on any error nothing
    /// is written and the invite stays usable. The new member is nominated by the invite's
    /// creator and is an admin exactly when the invite is a bootstrap invite.
    async fn signup(&self, new: NewAccount) -> Result<UserRecord, StoreError>;

    /// The account with this id.
    async fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>, StoreError>;

    /// The account with this username, ignoring case.
    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;
}

/// Invites: the bootstrap invite, members' invites and their quota.
#[async_trait::async_trait]
pub trait InviteStore: Send + Sync {
    /// Revokes any older unused bootstrap invite (one with no creator) and records a new one.
    /// Whoever signs up with it becomes an admin.
    async fn create_bootstrap_invite(&self, code_hash: &str) -> Result<(), StoreError>;

    /// Records a new invite by `by`. Admins are unlimited; others may hold at most
    /// `invite_quota` non-revoked invites (used or not), else
    /// [`StoreError::InviteQuotaExhausted`]. [`StoreError::NotFound`] if `by` does not exist.
    async fn create_invite(&self, by: UserId, code_hash: &str) -> Result<InviteRecord, StoreError>;

    /// The invites `by` created, newest first (revoked ones included).
    async fn invites_of(&self, by: UserId) -> Result<Vec<InviteRecord>, StoreError>;

    /// Revokes one of `by`'s unused invites, giving the quota slot back.
    /// [`StoreError::NotFound`] if it is not theirs; [`StoreError::InviteInvalid`] if used.
    /// Revoking an already revoked invite succeeds.
    async fn revoke_invite(&self, by: UserId, invite_id: i64) -> Result<(), StoreError>;

    /// The invite with this code hash, usable or not (see [`InviteRecord::is_usable`]).
    async fn invite_by_code(&self, code_hash: &str) -> Result<Option<InviteRecord>, StoreError>;

    /// How many more invites `user` may create; `None` for admins (unlimited).
    /// [`StoreError::NotFound`] if the user does not exist.
    async fn invites_remaining(&self, user: UserId) -> Result<Option<u32>, StoreError>;
}

/// Profiles, member search and the follow graph.
#[async_trait::async_trait]
pub trait SocialStore: Send + Sync {
    /// Applies a profile edit and returns the updated account.
    /// [`StoreError::NotFound`] if the user does not exist.
    async fn update_profile(
        &self,
        id: UserId,
        update: ProfileUpdate,
    ) -> Result<UserRecord, StoreError>;

    /// Members whose username or display name starts with `prefix`, at most `limit`: first the
    /// username matches in username order, then the other display-name matches in display-name
    /// order. Matching folds ASCII case only and compares code points (the same in both
    /// dialects); the prefix is taken literally (no wildcards). Suspended members are left out.
    async fn search_users(&self, prefix: &str, limit: u32) -> Result<Vec<UserSummary>, StoreError>;

    /// `follower` follows `followee`; returns whether this is new (following twice is a no-op).
    /// [`StoreError::SelfFollow`] if they are the same member, [`StoreError::NotFound`] if either
    /// does not exist.
    async fn follow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError>;

    /// `follower` stops following `followee`; returns whether there was a follow to remove.
    async fn unfollow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError>;

    /// `user`'s follow counts and whether `viewer` follows them.
    async fn follow_stats(
        &self,
        user: UserId,
        viewer: Option<UserId>,
    ) -> Result<FollowStats, StoreError>;

    /// One page of `user`'s followers or followings, newest follow first, strictly after `after`
    /// (from the start when `None`), at most `limit` entries.
    async fn follow_list(
        &self,
        user: UserId,
        direction: FollowDirection,
        after: Option<FollowCursor>,
        limit: u32,
    ) -> Result<Vec<FollowEntry>, StoreError>;

    /// Whom `user` follows, blocked and was blocked by, and their clubs, in one read.
    async fn social_graph_of(&self, user: UserId) -> Result<crate::SocialGraph, StoreError>;
}

/// Sign-in sessions (by token hash).
#[async_trait::async_trait]
pub trait SessionStore: Send + Sync {
    /// Records a session token (hashed) for `user` until `expires_at`.
    /// [`StoreError::NotFound`] if the user does not exist.
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The member a session belongs to; `None` if the session is unknown or expired at `now`.
    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<UserRecord>, StoreError>;

    /// Forgets a session (sign-out). Deleting an unknown session is not an error.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
}

/// Rooms' durable history (live state lives in memory in the service).
///
/// ## Fencing
///
/// The writes a live room's task makes (here: [`RoomStore::end_room`],
/// [`RoomStore::save_room_state`], [`RoomStore::fence_room`]; in [`RoomAccessStore`]:
/// `admit_to_room`, `set_room_kind`; in [`ModLogStore`]: `insert_mod_log`,
/// `add_room_moderator`) carry the writer's `epoch`: the fencing token of its hold on the room
/// (its lease's epoch in a cluster). In the write's own transaction the room's stored
/// `owner_epoch` is first raised to `epoch` if lower, and the write is refused with
/// [`StoreError::Fenced`], changing nothing, when the stored epoch is greater: once a newer
/// owner wrote, a stale one (paused, partitioned) cannot. Epoch 0 means "no leases" (one node):
/// such a write is not fenced and costs nothing more.
#[async_trait::async_trait]
pub trait RoomStore: Send + Sync {
    /// Records a newly opened room. [`StoreError::NotFound`] if the creator does not exist.
    async fn create_room(&self, room: NewRoom) -> Result<RoomRecord, StoreError>;

    /// The room with this id, live or ended.
    async fn room(&self, id: &RoomId) -> Result<Option<RoomRecord>, StoreError>;

    /// Marks a room ended at `at`. Ending an ended room keeps the first end time.
    /// [`StoreError::NotFound`] if the room does not exist.
    /// Fenced by `epoch` (see [Fencing](RoomStore#fencing)).
    async fn end_room(&self, id: &RoomId, at: DateTime<Utc>, epoch: u64) -> Result<(), StoreError>;

    /// Saves the live room's last roles (opaque JSON) for recovery after a restart.
    /// [`StoreError::NotFound`] if the room does not exist.
    /// Fenced by `epoch` (see [Fencing](RoomStore#fencing)).
    async fn save_room_state(
        &self,
        id: &RoomId,
        state_json: &str,
        epoch: u64,
    ) -> Result<(), StoreError>;

    /// Raises the room's stored owner epoch to `epoch` and writes nothing else: a new owner
    /// does it when it takes the room over, before reading its snapshot, so no older owner's
    /// write lands after that read. [`StoreError::Fenced`] if a greater epoch is stored,
    /// [`StoreError::NotFound`] if the room does not exist (epoch 0 only checks that).
    async fn fence_room(&self, id: &RoomId, epoch: u64) -> Result<(), StoreError>;

    /// Rooms not ended, oldest first.
    async fn live_rooms(&self) -> Result<Vec<RoomRecord>, StoreError>;
}

/// Who may join a room: admissions, its kind, and the follows that decide social rooms.
#[async_trait::async_trait]
pub trait RoomAccessStore: Send + Sync {
    /// Admits `user` to `room` (they may join it whatever its kind), recorded as done by `by`
    /// for `reason`; returns whether this is new (a member's first admission to a room wins).
    /// [`StoreError::NotFound`] if the room or either member does not exist.
    async fn admit_to_room(
        &self,
        room: &RoomId,
        user: UserId,
        by: UserId,
        reason: crate::AdmissionReason,
        epoch: u64,
    ) -> Result<bool, StoreError>;

    /// The members admitted to `room`, by id ascending.
    async fn room_admissions(&self, room: &RoomId) -> Result<Vec<UserId>, StoreError>;

    /// Changes who may join `room`. [`StoreError::NotFound`] if the room does not exist.
    /// Fenced by `epoch` (see [Fencing](RoomStore#fencing)).
    async fn set_room_kind(
        &self,
        room: &RoomId,
        kind: stoa_proto::RoomKind,
        epoch: u64,
    ) -> Result<(), StoreError>;

    /// Everyone `user` follows, by id ascending.
    async fn followees_of(&self, user: UserId) -> Result<Vec<UserId>, StoreError>;

    /// Whether any of `followers` follows `followee` (false for an empty list).
    async fn follows_any(&self, followers: &[UserId], followee: UserId)
        -> Result<bool, StoreError>;
}

/// Members' notifications and their unread counts.
#[async_trait::async_trait]
pub trait NotificationStore: Send + Sync {
    /// Stores one notification for `to` (at the current time) and returns it with the actor's
    /// current names. When `waitlist_display_name` is `None` but `waitlist_username` is set, the
    /// display name of the newest waitlist reservation of that username is kept.
    /// [`StoreError::NotFound`] if the recipient, the actor or the room does not exist.
    async fn insert_notification(
        &self,
        to: UserId,
        new: &crate::NewNotificationRecord,
    ) -> Result<crate::NotificationRecord, StoreError>;

    /// Stores the notification for every follower of `actor` in `scope` in one statement,
    /// leaving out followers who blocked the actor or whom the actor blocked; returns the
    /// `(recipient, notification id)` pairs, by recipient.
    async fn insert_follower_notifications(
        &self,
        actor: UserId,
        new: &crate::NewNotificationRecord,
        scope: crate::FollowerScope,
    ) -> Result<Vec<(UserId, i64)>, StoreError>;

    /// Deletes `user`'s notifications of `kind` about `room` (e.g. a speak invitation once
    /// answered) and returns their ids, ascending.
    async fn delete_room_notifications(
        &self,
        user: UserId,
        kind: stoa_proto::rest::NotificationKind,
        room: &RoomId,
    ) -> Result<Vec<i64>, StoreError>;

    /// One page of `user`'s notifications, newest first: ids strictly below `before` (from the
    /// newest when `None`), at most `limit`.
    async fn notifications(
        &self,
        user: UserId,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<crate::NotificationRecord>, StoreError>;

    /// How many of `user`'s notifications are unread.
    async fn unread_notifications(&self, user: UserId) -> Result<u32, StoreError>;

    /// The unread counts of `users` in one query, by user id; members with none are left out.
    async fn unread_notification_counts(
        &self,
        users: &[UserId],
    ) -> Result<Vec<(UserId, u32)>, StoreError>;

    /// The chosen languages of `users` in one query (the language their notifications are
    /// written in), by user id; members who chose none are left out.
    async fn member_languages(
        &self,
        users: &[UserId],
    ) -> Result<Vec<(UserId, Language)>, StoreError>;

    /// Marks some or all of `user`'s notifications read (ids of other members' notifications
    /// are ignored) and returns how many stay unread.
    async fn mark_notifications_read(
        &self,
        user: UserId,
        which: crate::MarkRead,
    ) -> Result<u32, StoreError>;
}

/// Rooms' moderation logs and who was ever a room's moderator.
#[async_trait::async_trait]
pub trait ModLogStore: Send + Sync {
    /// Stores one moderation log entry; returns its id (increasing). Fenced by `epoch` on the
    /// entry's room (see [Fencing](RoomStore#fencing)).
    async fn insert_mod_log(&self, entry: &crate::NewModLog, epoch: u64)
        -> Result<i64, StoreError>;

    /// A room's moderation log entries with ids below `before` (all when `None`), newest first,
    /// at most `limit`.
    async fn mod_log(
        &self,
        room: &RoomId,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<stoa_proto::moderation::ModLogEntry>, StoreError>;

    /// Records that `user` is a moderator of `room` (no-op if already recorded). Fenced by
    /// `epoch` (see [Fencing](RoomStore#fencing)).
    async fn add_room_moderator(
        &self,
        room: &RoomId,
        user: UserId,
        epoch: u64,
    ) -> Result<(), StoreError>;

    /// Whether `user` is or ever was a moderator of `room`.
    async fn was_room_moderator(&self, room: &RoomId, user: UserId) -> Result<bool, StoreError>;
}

/// Blocks between members.
#[async_trait::async_trait]
pub trait BlockStore: Send + Sync {
    /// `blocker` blocks `blocked` and, in the same transaction, the follows between them both
    /// ways are removed; returns whether the block is new (blocking twice is a no-op, but still
    /// removes follows). [`StoreError::SelfFollow`] if they are the same member,
    /// [`StoreError::NotFound`] if either does not exist.
    async fn block(&self, blocker: UserId, blocked: UserId) -> Result<bool, StoreError>;

    /// `blocker` lifts their block of `blocked`; returns whether there was one.
    async fn unblock(&self, blocker: UserId, blocked: UserId) -> Result<bool, StoreError>;

    /// The members `user` blocked, newest block first.
    async fn blocks_of(&self, user: UserId) -> Result<Vec<UserSummary>, StoreError>;

    /// Whether `a` blocked `b` or `b` blocked `a`.
    async fn block_between(&self, a: UserId, b: UserId) -> Result<bool, StoreError>;

    /// The members who blocked `user` (by id, ascending).
    async fn blockers_of(&self, user: UserId) -> Result<Vec<UserId>, StoreError>;
}

/// Members' profile photos.
#[async_trait::async_trait]
pub trait AvatarStore: Send + Sync {
    /// Stores `image` (already re-encoded by the service) as `user`'s avatar, replacing any
    /// older one, and returns its version: one more than any earlier version of this member's
    /// avatar, deleted ones included. [`StoreError::NotFound`] if the user does not exist.
    async fn set_avatar(
        &self,
        user: UserId,
        content_type: &str,
        image: &[u8],
    ) -> Result<i64, StoreError>;

    /// Removes `user`'s avatar; returns whether there was one. The version counter is kept.
    async fn delete_avatar(&self, user: UserId) -> Result<bool, StoreError>;

    /// `user`'s avatar, if they have one.
    async fn avatar(&self, user: UserId) -> Result<Option<crate::AvatarRecord>, StoreError>;

    /// The version of `user`'s avatar if they have one (cheap: the image is not read).
    async fn avatar_version(&self, user: UserId) -> Result<Option<i64>, StoreError>;
}

/// The waitlist: reservations, waving in, and signing up from a reservation.
#[async_trait::async_trait]
pub trait WaitlistStore: Send + Sync {
    /// Records a waitlist reservation. [`StoreError::UsernameTaken`] if the username is an
    /// account's or held by another live reservation at `new.created_at` (ignoring case);
    /// [`StoreError::NotFound`] if a named member does not exist. Nothing is written on error.
    async fn create_reservation(
        &self,
        new: crate::waitlist_records::NewReservation,
    ) -> Result<crate::waitlist_records::ReservationRecord, StoreError>;

    /// The reservation with this token hash if it is live at `now` (not expired, not used).
    async fn reservation_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<crate::waitlist_records::ReservationRecord>, StoreError>;

    /// The reservations live at `now` that name `user`, newest first, at most `limit`.
    async fn waiting_for(
        &self,
        user: UserId,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<crate::waitlist_records::WaitingRecord>, StoreError>;

    /// `by` waves in the person behind the reservation with this public id (live at `now`),
    /// if they named `by`. Waving again is fine; the first waver is kept.
    /// [`StoreError::NotFound`] if the reservation is unknown, expired or used.
    async fn wave_in(
        &self,
        public_id: &str,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<crate::waitlist_records::WaveOutcome, StoreError>;

    /// Finishes sign-up from a waved-in reservation, in one transaction: creates the account
    /// with the reserved username and display name, nominated by the waver (not an admin),
    /// and uses the reservation up. [`StoreError::NotFound`] if no reservation with this token
    /// is live at `now` (so of two racing sign-ups one wins).
    async fn waitlist_signup(
        &self,
        account: crate::waitlist_records::WaitlistAccount,
        now: DateTime<Utc>,
    ) -> Result<crate::waitlist_records::WaitlistSignup, StoreError>;
}
