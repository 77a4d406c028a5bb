//! Scheduled events and calendars.
//!
//! * `POST /api/events` → [`Event`]; `GET|PATCH|DELETE /api/events/{id}` (DELETE cancels; only
//!   the hosts, or the club's admins for a club event, may edit or cancel).
//! * `PUT|DELETE /api/events/{id}/notify`: "notify me" for the viewer.
//! * `POST /api/events/{id}/start` (hosts): opens the event's room → [`crate::rest::RoomRef`].
//! * `GET /api/events/upcoming`: the hallway's upcoming events (people the viewer follows host
//!   them, or they are in the viewer's clubs, or the viewer asked to be notified), soonest first.
//! * `GET /api/events/{id}/ics`: one event as an iCalendar file.
//! * `GET /api/me/calendar` → [`CalendarFeed`]; `POST /api/me/calendar/reset` revokes the old URL.
//!   The feed URL (`/cal/{token}.ics`, no session needed) lists the events the member hosts,
//!   asked to be notified of, or that are in their clubs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

use crate::clubs::ClubRef;
use crate::ids::{ClubId, EventId, RoomId};
use crate::rest::UserSummary;

/// Where an event is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventStatus {
    /// Not started yet (it may be past its start time: the hosts have not started it).
    Scheduled,
    /// Its room is live (`room_id`).
    Live,
    /// Its room ended.
    Ended,
    /// Cancelled by a host.
    Cancelled,
}

/// A scheduled room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct Event {
    /// Id.
    pub id: EventId,
    /// 1–100 characters.
    pub title: String,
    /// At most 1000 characters.
    pub description: String,
    /// Start time (UTC; clients show it in the viewer's zone).
    #[ts(type = "string")]
    pub starts_at: DateTime<Utc>,
    /// Hosts: the creator first, then co-hosts.
    pub hosts: Vec<UserSummary>,
    /// The club it belongs to.
    pub club: Option<ClubRef>,
    /// Only the club's members may join the room (club events only).
    pub members_only: bool,
    /// Where it is in its life.
    pub status: EventStatus,
    /// The room, once started.
    pub room_id: Option<RoomId>,
    /// The viewer asked to be notified.
    pub notify_me: bool,
    /// How many members asked to be notified.
    pub interested: u32,
    /// The viewer may edit, cancel and start it.
    pub can_manage: bool,
}

/// An event named in a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct EventRef {
    /// Id.
    pub id: EventId,
    /// Title.
    pub title: String,
    /// Start time.
    #[ts(type = "string")]
    pub starts_at: DateTime<Utc>,
}

/// `POST /api/events`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct CreateEventRequest {
    /// 1–100 characters.
    // Bounded by limits::EVENT_TITLE_MIN, limits::EVENT_TITLE_MAX.
    pub title: String,
    /// At most 1000 characters.
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    // Bounded by limits::EVENT_DESCRIPTION_MAX.
    pub description: String,
    /// In the future, at most a year ahead.
    #[ts(type = "string")]
    pub starts_at: DateTime<Utc>,
    /// Co-hosts' usernames (at most 5; the creator is always a host).
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<String>>")]
    // Bounded by limits::EVENT_COHOSTS_MAX.
    pub cohosts: Vec<String>,
    /// A club event: only the club's founder, admins and leaders may schedule one.
    #[serde(default)]
    #[ts(optional)]
    pub club_id: Option<ClubId>,
    /// Only the club's members may join (club events only).
    #[serde(default)]
    #[ts(optional, as = "Option<bool>")]
    pub members_only: bool,
}

/// `PATCH /api/events/{id}`: fields left out stay as they are. Members who asked to be
/// notified are told when the time or title changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct UpdateEventRequest {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::EVENT_TITLE_MIN, limits::EVENT_TITLE_MAX.
    pub title: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::EVENT_DESCRIPTION_MAX.
    pub description: Option<String>,
    /// New start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub starts_at: Option<DateTime<Utc>>,
    /// New co-hosts (replaces the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    // Bounded by limits::EVENT_COHOSTS_MAX.
    pub cohosts: Option<Vec<String>>,
}

/// `GET /api/events/upcoming`, and a club's or member's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct EventList {
    /// Soonest first.
    pub events: Vec<Event>,
}

/// `GET /api/me/calendar`: the member's private calendar feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[ts(export)]
pub struct CalendarFeed {
    /// Subscribe to this URL in a calendar app (`webcal://` works too). Anyone holding it can
    /// read the feed; `POST /api/me/calendar/reset` replaces it.
    pub url: String,
}
