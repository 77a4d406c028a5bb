//! Records of the waitlist and of the admin views (invite grants, the invite tree).

use chrono::{DateTime, Utc};
use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;

use crate::records::UserRecord;

/// A waitlist reservation to record. Fields are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReservation {
    /// The unguessable id that names the reservation in URLs (128 random bits).
    pub public_id: String,
    /// Hex SHA-256 of the reservation's secret token.
    pub token_hash: String,
    /// The username to hold, already validated and lower-cased.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// The members who know the person, in the order given (no duplicates).
    pub named: Vec<UserId>,
    /// When the reservation is made.
    pub created_at: DateTime<Utc>,
    /// Until when the username is held.
    pub expires_at: DateTime<Utc>,
}

/// A live waitlist reservation (not expired, not yet used to sign up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservationRecord {
    /// Internal id.
    pub id: i64,
    /// The unguessable id members wave people in by.
    pub public_id: String,
    /// The reserved username.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// The members they named, in the order given.
    pub named: Vec<UserSummary>,
    /// When the reservation was made.
    pub created_at: DateTime<Utc>,
    /// Until when the username is held.
    pub expires_at: DateTime<Utc>,
    /// The first named member who waved them in.
    pub waved_in_by: Option<UserSummary>,
}

/// One live reservation naming a given member ("waiting for you").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRecord {
    /// Internal reservation id.
    pub id: i64,
    /// The reservation's public id (members wave people in by it).
    pub public_id: String,
    /// The reserved username.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// When the reservation was made.
    pub requested_at: DateTime<Utc>,
    /// Someone already waved them in.
    pub waved_in: bool,
}

/// What a wave-in did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaveOutcome {
    /// The person is waved in (now, or already before; the first waver is kept).
    Waved,
    /// The member is not one the person named; nothing changed.
    NotNamed,
}

/// Finishing sign-up from a reservation. Fields are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitlistAccount {
    /// Hex SHA-256 of the reservation's secret token.
    pub token_hash: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The new member's invite quota.
    pub invite_quota: i64,
}

/// What finishing sign-up from a reservation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitlistSignup {
    /// The account exists, nominated by the member who waved them in; the reservation is used.
    SignedUp(Box<UserRecord>),
    /// Nobody waved them in yet; nothing changed.
    NotWavedIn,
}

/// One member of the invite tree, as read breadth-first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteTreeRow {
    /// The member.
    pub user: UserSummary,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
    /// Who nominated them (`None` for a root without nominator).
    pub nominated_by: Option<UserId>,
    /// Distance from the root (roots are level 0).
    pub level: u32,
}

/// A slice of the invite tree: the rows down to a depth, and how big the whole tree is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteTreeRows {
    /// Roots first, then level by level; within a level by join time. Every row's nominator
    /// (except the roots') comes before it.
    pub rows: Vec<InviteTreeRow>,
    /// Members below the roots at any depth (not limited by the depth or the row cap).
    pub total_descendants: u32,
}
