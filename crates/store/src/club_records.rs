//! Records for clubs: what the store takes and gives back (see the `clubs` part of
//! [`Store`](crate::Store)).

use chrono::{DateTime, Utc};
use stoa_proto::clubs::{ClubJoinPolicy, ClubRole};
use stoa_proto::rest::UserSummary;
use stoa_proto::{ClubId, UserId};

/// A new club; fields are already validated by the caller. The founder becomes its first member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClub {
    /// Name (unique ignoring case).
    pub name: String,
    /// Description.
    pub description: String,
    /// Rules.
    pub rules: String,
    /// How people join.
    pub join_policy: ClubJoinPolicy,
    /// Who creates it (becomes the founder).
    pub founder: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A club edit: `None` leaves a field as it is. Fields are already validated by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClubUpdate {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New rules.
    pub rules: Option<String>,
    /// New join policy.
    pub join_policy: Option<ClubJoinPolicy>,
}

/// A club as stored, with its founder's names and member count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClubRecord {
    /// Id.
    pub id: ClubId,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Rules.
    pub rules: String,
    /// How people join.
    pub join_policy: ClubJoinPolicy,
    /// The founder.
    pub founder: UserSummary,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Members, all roles.
    pub member_count: u32,
    /// The icon's version when the club has one.
    pub icon_version: Option<i64>,
}

/// One member of a club.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClubMemberRecord {
    /// Who.
    pub user: UserSummary,
    /// Their role.
    pub role: ClubRole,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
}

/// Where a page of a club's members starts: strictly after this member in list order (role,
/// then join time, then id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClubMemberCursor {
    /// The last listed member's role.
    pub role: ClubRole,
    /// Their join time.
    pub joined_at: DateTime<Utc>,
    /// Their id.
    pub user: UserId,
}

/// A pending request to join a club.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClubRequestRecord {
    /// Who asks.
    pub user: UserSummary,
    /// When.
    pub requested_at: DateTime<Utc>,
}

/// A role as stored: its rank (0 founder … 3 member), the members list order.
pub(crate) fn role_rank(role: ClubRole) -> i16 {
    match role {
        ClubRole::Founder => 0,
        ClubRole::Admin => 1,
        ClubRole::Leader => 2,
        ClubRole::Member => 3,
    }
}

/// A stored rank back into a role.
pub(crate) fn role_from_rank(rank: i64) -> Result<ClubRole, sqlx::Error> {
    match rank {
        0 => Ok(ClubRole::Founder),
        1 => Ok(ClubRole::Admin),
        2 => Ok(ClubRole::Leader),
        3 => Ok(ClubRole::Member),
        other => Err(sqlx::Error::Decode(
            format!("unknown club rank {other}").into(),
        )),
    }
}

/// The case-folded name both dialects keep for uniqueness and search.
pub(crate) fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// `SELECT` list for a [`ClubRecord`]: the club `c`, its founder `f` and member count.
macro_rules! club_select {
    () => {
        concat!(
            "SELECT c.id, c.name, c.description, c.rules, c.join_policy, c.created_at, \
             c.icon_version, c.icon_image IS NOT NULL AS has_icon, \
             f.id AS f_id, f.username AS f_username, f.display_name AS f_display_name, ",
            $crate::common::avatar_of!("f"),
            " AS f_avatar, \
             (SELECT COUNT(*) FROM club_members m WHERE m.club_id = c.id) AS member_count \
             FROM clubs c JOIN users f ON f.id = c.founder_id"
        )
    };
}
pub(crate) use club_select;
