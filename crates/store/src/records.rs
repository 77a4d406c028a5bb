//! Plain records going in and out of the [`Store`](crate::Store).

use chrono::{DateTime, Utc};
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, RoomKind, UserId};

/// A member's account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: UserId,
    /// Username (lower case, unique ignoring case).
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// argon2id PHC string; never the clear password.
    pub password_hash: String,
    /// Site administrator (the member who signed up with the bootstrap invite).
    pub is_admin: bool,
    /// How many invites this member may have outstanding or used (ignored for admins).
    pub invite_quota: i64,
    /// Who nominated this member; `None` only for the bootstrap admin.
    pub nominated_by: Option<UserSummary>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

impl UserRecord {
    /// The short form shown in lists and rooms.
    pub fn summary(&self) -> UserSummary {
        UserSummary {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
        }
    }
}

/// What sign-up needs. All fields are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Hex SHA-256 of the invite code being redeemed.
    pub code_hash: String,
    /// Username, already validated and lower-cased.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The new member's invite quota.
    pub invite_quota: i64,
}

/// One invite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRecord {
    /// Id (used to revoke).
    pub id: i64,
    /// Its creator; `None` for a bootstrap invite.
    pub created_by: Option<UserId>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Who signed up with it, once used.
    pub used_by: Option<UserSummary>,
    /// Revoked by its creator (or superseded, for bootstrap invites).
    pub revoked: bool,
}

impl InviteRecord {
    /// Whether sign-up may still redeem this invite.
    pub fn is_usable(&self) -> bool {
        self.used_by.is_none() && !self.revoked
    }
}

/// A room to record when it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoom {
    /// Id (short random string).
    pub id: RoomId,
    /// Title.
    pub title: String,
    /// Who may join.
    pub kind: RoomKind,
    /// The member who opened it.
    pub created_by: UserId,
    /// When it opened.
    pub created_at: DateTime<Utc>,
}

/// A room's durable history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRecord {
    /// Id.
    pub id: RoomId,
    /// Title.
    pub title: String,
    /// Who may join.
    pub kind: RoomKind,
    /// The member who opened it.
    pub created_by: UserId,
    /// When it opened.
    pub created_at: DateTime<Utc>,
    /// When it ended; `None` while live.
    pub ended_at: Option<DateTime<Utc>>,
    /// The live room's last saved roles (JSON), for recovery after a restart.
    pub state_json: Option<String>,
}
