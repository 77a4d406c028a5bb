//! Clubs: `/api/clubs/...` bodies. A club has a founder, admins, leaders (who may start and
//! schedule club rooms) and members; joining is open or by approval.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::events::Event;
use crate::ids::ClubId;
use crate::rest::{RoomSummary, UserSummary};

/// A member's standing in a club, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClubRole {
    /// Created the club; exactly one; may do everything, incl. naming admins.
    Founder,
    /// Approves requests, edits the club, names leaders, removes members.
    Admin,
    /// May start and schedule club rooms.
    Leader,
    /// A member.
    Member,
}

impl ClubRole {
    /// Founder and admins manage the club.
    pub fn manages(self) -> bool {
        matches!(self, ClubRole::Founder | ClubRole::Admin)
    }

    /// Founder, admins and leaders may start and schedule club rooms.
    pub fn leads(self) -> bool {
        self != ClubRole::Member
    }
}

/// How people join a club.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClubJoinPolicy {
    /// Any member joins at once.
    #[default]
    Open,
    /// A request that an admin approves or declines.
    Approval,
}

/// A club named in a room card, event or notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubRef {
    /// Id.
    pub id: ClubId,
    /// Name.
    pub name: String,
}

/// The viewer's relation to a club.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubMembership {
    /// The viewer's role; `null` when not a member.
    pub role: Option<ClubRole>,
    /// The viewer asked to join and an admin has not answered yet.
    pub request_pending: bool,
}

/// A club in lists (`GET /api/clubs`, `GET /api/me/clubs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubSummary {
    /// Id.
    pub id: ClubId,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// URL of the club's icon; `null` when it has none.
    pub icon_url: Option<String>,
    /// How people join.
    pub join_policy: ClubJoinPolicy,
    /// Number of members (all roles).
    pub member_count: u32,
    /// The viewer's relation to the club.
    pub membership: ClubMembership,
}

/// `GET /api/clubs/{id}`: the club page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Club {
    /// Id.
    pub id: ClubId,
    /// 2–50 characters, unique ignoring case.
    pub name: String,
    /// At most 1000 characters.
    pub description: String,
    /// At most 2000 characters.
    pub rules: String,
    /// URL of the club's icon; `null` when it has none.
    pub icon_url: Option<String>,
    /// How people join.
    pub join_policy: ClubJoinPolicy,
    /// Number of members (all roles).
    pub member_count: u32,
    /// Who created it.
    pub founder: UserSummary,
    /// When it was created.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// The viewer's relation to the club.
    pub membership: ClubMembership,
    /// Pending join requests (only filled for the club's admins; 0 otherwise).
    pub pending_requests: u32,
    /// Live club rooms the viewer may join.
    pub live_rooms: Vec<RoomSummary>,
    /// Upcoming (not cancelled, not yet live or ended) club events, soonest first.
    pub upcoming_events: Vec<Event>,
}

/// `POST /api/clubs`: the creator becomes the founder.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct CreateClubRequest {
    /// 2–50 characters, unique ignoring case.
    // Bounded by limits::CLUB_NAME_MIN, limits::CLUB_NAME_MAX.
    pub name: String,
    /// At most 1000 characters.
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    // Bounded by limits::CLUB_DESCRIPTION_MAX.
    pub description: String,
    /// At most 2000 characters.
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    // Bounded by limits::CLUB_RULES_MAX.
    pub rules: String,
    /// Defaults to `open`.
    #[serde(default)]
    #[ts(optional, as = "Option<ClubJoinPolicy>")]
    pub join_policy: ClubJoinPolicy,
}

/// `PATCH /api/clubs/{id}` (founder and admins): fields left out stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UpdateClubRequest {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::CLUB_NAME_MIN, limits::CLUB_NAME_MAX.
    pub name: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::CLUB_DESCRIPTION_MAX.
    pub description: Option<String>,
    /// New rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::CLUB_RULES_MAX.
    pub rules: Option<String>,
    /// New join policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub join_policy: Option<ClubJoinPolicy>,
}

/// `GET /api/clubs?q=` and `GET /api/me/clubs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubList {
    /// Clubs (search: name prefix matches by name; mine: by name).
    pub clubs: Vec<ClubSummary>,
}

/// One member of a club.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubMember {
    /// Who.
    pub user: UserSummary,
    /// Their role.
    pub role: ClubRole,
    /// When they joined.
    #[ts(type = "string")]
    pub joined_at: DateTime<Utc>,
}

/// `GET /api/clubs/{id}/members?cursor=&limit=`: founder, admins, leaders, then members;
/// within a role by join time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubMemberList {
    /// This page.
    pub members: Vec<ClubMember>,
    /// Pass as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// One pending request to join a club.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubJoinRequest {
    /// Who asks.
    pub user: UserSummary,
    /// When.
    #[ts(type = "string")]
    pub requested_at: DateTime<Utc>,
}

/// `GET /api/clubs/{id}/requests` (founder and admins): oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct ClubJoinRequestList {
    /// Pending requests.
    pub requests: Vec<ClubJoinRequest>,
}

/// `PUT /api/clubs/{id}/members/{username}/role`: admins name leaders and members; only the
/// founder names or demotes admins; the founder's role never changes.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct SetClubRoleRequest {
    /// `admin`, `leader` or `member`.
    pub role: ClubRole,
}
