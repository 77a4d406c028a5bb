//! The dialect-free [`Store`] trait.

use chrono::{DateTime, Utc};
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, UserId};

use crate::error::StoreError;
use crate::records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, InviteRecord, NewAccount, NewRoom,
    ProfileUpdate, RoomRecord, UserRecord,
};

/// Durable state behind one interface; implementations: [`SqliteStore`](crate::SqliteStore)
/// and [`PgStore`](crate::PgStore).
///
/// Tokens and invite codes are passed as hashes (hex SHA-256), never in clear.
#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    // ---- accounts ----

    /// Number of accounts (0 means the server still needs its bootstrap admin).
    async fn user_count(&self) -> Result<i64, StoreError>;

    /// Revokes any older unused bootstrap invite (one with no creator) and records a new one.
    /// Whoever signs up with it becomes an admin.
    async fn create_bootstrap_invite(&self, code_hash: &str) -> Result<(), StoreError>;

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
    /// dialects); the prefix is taken literally (no wildcards).
    async fn search_users(&self, prefix: &str, limit: u32) -> Result<Vec<UserSummary>, StoreError>;

    // ---- follows ----

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

    // ---- sessions ----

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

    // ---- invites ----

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

    // ---- rooms (durable history; live state lives in memory in the service) ----

    /// Records a newly opened room. [`StoreError::NotFound`] if the creator does not exist.
    async fn create_room(&self, room: NewRoom) -> Result<RoomRecord, StoreError>;

    /// The room with this id, live or ended.
    async fn room(&self, id: &RoomId) -> Result<Option<RoomRecord>, StoreError>;

    /// Marks a room ended at `at`. Ending an ended room keeps the first end time.
    /// [`StoreError::NotFound`] if the room does not exist.
    async fn end_room(&self, id: &RoomId, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Saves the live room's last roles (opaque JSON) for recovery after a restart.
    /// [`StoreError::NotFound`] if the room does not exist.
    async fn save_room_state(&self, id: &RoomId, state_json: &str) -> Result<(), StoreError>;

    /// Rooms not ended, oldest first.
    async fn live_rooms(&self) -> Result<Vec<RoomRecord>, StoreError>;
}
