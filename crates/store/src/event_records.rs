//! Records of scheduled events going in and out of the [`EventStore`](crate::EventStore).

use chrono::{DateTime, Utc};
use stoa_proto::rest::UserSummary;
use stoa_proto::{ClubId, EventId, RoomId, UserId};

/// An event to record. Fields are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// 1–100 characters.
    pub title: String,
    /// At most 1000 characters.
    pub description: String,
    /// Start time.
    pub starts_at: DateTime<Utc>,
    /// The creator (the first host).
    pub created_by: UserId,
    /// Co-hosts in order (not including the creator, no duplicates).
    pub cohosts: Vec<UserId>,
    /// The club it belongs to.
    pub club_id: Option<ClubId>,
    /// Only the club's members may join.
    pub members_only: bool,
    /// When it was scheduled.
    pub created_at: DateTime<Utc>,
}

/// An edit: fields left `None` stay as they are. Every edit bumps the sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventUpdate {
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New start time (clears the "starting" notification mark, so hosts hear of the new time).
    pub starts_at: Option<DateTime<Utc>>,
    /// New co-hosts (replaces the list; the creator stays first host).
    pub cohosts: Option<Vec<UserId>>,
}

/// One event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// Id.
    pub id: EventId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Start time.
    pub starts_at: DateTime<Utc>,
    /// Hosts: the creator first, then co-hosts in order.
    pub hosts: Vec<UserSummary>,
    /// The club it belongs to.
    pub club_id: Option<ClubId>,
    /// Only the club's members may join.
    pub members_only: bool,
    /// When it was scheduled.
    pub created_at: DateTime<Utc>,
    /// Edit counter (iCalendar `SEQUENCE`).
    pub sequence: i64,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Its room, once started.
    pub room_id: Option<RoomId>,
    /// When its room ended.
    pub room_ended_at: Option<DateTime<Utc>>,
    /// When the hosts were told it is due (or it was skipped as too late).
    pub starting_sent_at: Option<DateTime<Utc>>,
    /// How many members asked to be notified.
    pub interested: u32,
}

impl EventRecord {
    /// The creator.
    pub fn creator(&self) -> UserId {
        self.hosts.first().map_or(UserId(0), |h| h.id)
    }

    /// Whether `user` hosts it.
    pub fn is_host(&self, user: UserId) -> bool {
        self.hosts.iter().any(|h| h.id == user)
    }
}

/// Which events a list holds: always from `from` on, soonest first, at most `limit`; events the
/// `viewer` hosts or asked to be notified of, events of the `clubs` (the viewer's clubs), and
/// with `followed_hosts` also events hosted by someone the viewer follows. Members-only events
/// are listed only when their club is in `clubs` or the viewer hosts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventQuery {
    /// Whose list.
    pub viewer: UserId,
    /// The viewer's clubs.
    pub clubs: Vec<ClubId>,
    /// Earliest start time listed.
    pub from: DateTime<Utc>,
    /// Also events hosted by people the viewer follows.
    pub followed_hosts: bool,
    /// Keep cancelled events.
    pub include_cancelled: bool,
    /// Keep events whose room ended.
    pub include_ended: bool,
    /// At most this many.
    pub limit: u32,
}
