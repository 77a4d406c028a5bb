//! Scheduled events: create, edit, cancel, "notify me", start (opens the event's room), the
//! upcoming list, one event as iCalendar (`ics`) and the member's calendar feed (`calendar`).
//! A background task (`scheduler`) tells the hosts when an event is due.
//!
//! Who may do what: the hosts — or, for a club event, the club's founder and admins — manage
//! an event; only the club's founder, admins and leaders schedule a club event. A members-only
//! club event is invisible (`not_found`) to anyone but the club's members and its hosts.

pub mod calendar;
pub mod ics;
mod notices;
pub mod scheduler;
mod start;
mod validate;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use stoa_proto::clubs::{ClubRef, ClubRole};
use stoa_proto::events::{CreateEventRequest, Event, EventList, EventStatus, UpdateEventRequest};
use stoa_proto::{ClubId, EventId, UserId};
use stoa_store::{EventQuery, EventRecord, EventUpdate, NewEvent, Store};

use crate::accounts::Member;
use crate::clubs::lookup;
use crate::notify::Notifications;
use crate::rooms::Rooms;
use crate::{ServiceConfig, ServiceError};

pub use scheduler::EventsState;

/// Most events in a list.
pub const MAX_LIST: u32 = 50;

/// How far back the upcoming list reaches (an event that started late is still "upcoming").
pub fn upcoming_window() -> Duration {
    Duration::hours(1)
}

/// An event that does not exist or that the viewer may not see.
fn not_found() -> ServiceError {
    ServiceError::NotFound("event")
}

/// The event's state as the wire shows it.
pub fn status_of(record: &EventRecord) -> EventStatus {
    if record.cancelled_at.is_some() {
        EventStatus::Cancelled
    } else if record.room_ended_at.is_some() {
        EventStatus::Ended
    } else if record.room_id.is_some() {
        EventStatus::Live
    } else {
        EventStatus::Scheduled
    }
}

/// Scheduled events: scheduling, editing, cancelling, "notify me", starting (through
/// [`Rooms::create_room`]), the upcoming lists, iCalendar files and calendar feeds, and the
/// start-time scheduler's state. Clone it freely.
#[derive(Clone)]
pub struct Events {
    store: Arc<dyn Store>,
    config: Arc<ServiceConfig>,
    notifications: Notifications,
    rooms: Rooms,
    state: Arc<EventsState>,
}

impl Events {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        config: Arc<ServiceConfig>,
        notifications: Notifications,
        rooms: Rooms,
    ) -> Self {
        Self {
            store,
            config,
            notifications,
            rooms,
            state: Arc::default(),
        }
    }

    fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The service's background tasks and their stop signal.
    pub(crate) fn background(&self) -> &crate::Background {
        self.rooms.background()
    }

    fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// The scheduler's wake-up and the start lock.
    fn events_state(&self) -> &EventsState {
        &self.state
    }

    async fn club_role(
        &self,
        club: ClubId,
        user: UserId,
    ) -> Result<Option<ClubRole>, ServiceError> {
        lookup::club_role(self.store(), club, user).await
    }

    async fn club_ref(&self, club: ClubId) -> Result<ClubRef, ServiceError> {
        lookup::club_ref(self.store(), club).await
    }

    async fn club_ids_of(&self, user: UserId) -> Result<Vec<ClubId>, ServiceError> {
        lookup::club_ids_of(self.store(), user).await
    }

    /// Schedules an event. Refusals: `validation` (title, description, start time, more than
    /// five co-hosts), `not_found` (a co-host or the club), `blocked` (a block either way
    /// between the creator and a co-host), `forbidden` (a club event by someone who is not
    /// the club's founder, an admin or a leader).
    pub async fn create_event(
        &self,
        member: &Member,
        req: CreateEventRequest,
    ) -> Result<Event, ServiceError> {
        let me = member.record.id;
        let now = self.config().clock.now();
        let title = validate::title(&req.title)?;
        let description = validate::description(&req.description)?;
        validate::starts_at(req.starts_at, now)?;
        let cohosts = self.resolve_cohosts(me, &req.cohosts).await?;
        if let Some(club) = req.club_id {
            self.club_ref(club).await?;
            let role = self.club_role(club, me).await?;
            if !role.is_some_and(|r| r.leads()) {
                return Err(ServiceError::Forbidden(
                    "only the club's founder, admins and leaders may schedule its events"
                        .to_string(),
                ));
            }
        }
        let record = self
            .store()
            .create_event(NewEvent {
                title,
                description,
                starts_at: req.starts_at,
                created_by: me,
                cohosts,
                club_id: req.club_id,
                members_only: req.club_id.is_some() && req.members_only,
                created_at: now,
            })
            .await?;
        tracing::info!(event = %record.id, by = %me, "event scheduled");
        self.events_state().wake();
        self.event_wire(record, me).await
    }

    /// One event as `viewer` sees it (`not_found` if they may not see it).
    pub async fn event(&self, viewer: UserId, id: EventId) -> Result<Event, ServiceError> {
        let record = self.visible_event(viewer, id).await?;
        self.event_wire(record, viewer).await
    }

    /// Edits an event (managers only: `forbidden`); cancelled or started events cannot be
    /// edited (`invalid_state`). Members who asked to be notified hear of a new time or title.
    pub async fn update_event(
        &self,
        member: &Member,
        id: EventId,
        req: UpdateEventRequest,
    ) -> Result<Event, ServiceError> {
        let me = member.record.id;
        let before = self.managed_event(me, id).await?;
        refuse_if_settled(&before)?;
        let now = self.config().clock.now();
        let update = EventUpdate {
            title: req.title.as_deref().map(validate::title).transpose()?,
            description: req
                .description
                .as_deref()
                .map(validate::description)
                .transpose()?,
            starts_at: match req.starts_at {
                Some(at) => {
                    validate::starts_at(at, now)?;
                    Some(at)
                }
                None => None,
            },
            cohosts: match &req.cohosts {
                Some(names) => Some(self.resolve_cohosts(before.creator(), names).await?),
                None => None,
            },
        };
        let after = self.store().update_event(id, update).await?;
        if after.title != before.title || after.starts_at != before.starts_at {
            self.tell_interested(&after, me, stoa_proto::rest::NotificationKind::EventChanged)
                .await;
        }
        self.events_state().wake();
        self.event_wire(after, me).await
    }

    /// Cancels an event (managers only). A started event cannot be cancelled
    /// (`invalid_state`); cancelling twice changes nothing. Members who asked to be notified
    /// are told.
    pub async fn cancel_event(&self, member: &Member, id: EventId) -> Result<Event, ServiceError> {
        let me = member.record.id;
        let before = self.managed_event(me, id).await?;
        if before.cancelled_at.is_some() {
            return self.event_wire(before, me).await;
        }
        refuse_if_settled(&before)?;
        let after = self
            .store()
            .cancel_event(id, self.config().clock.now())
            .await?;
        tracing::info!(event = %id, by = %me, "event cancelled");
        self.tell_interested(
            &after,
            me,
            stoa_proto::rest::NotificationKind::EventCancelled,
        )
        .await;
        self.events_state().wake();
        self.event_wire(after, me).await
    }

    /// "Notify me" on or off for the viewer (any event they can see, not cancelled).
    pub async fn set_event_notify(
        &self,
        member: &Member,
        id: EventId,
        on: bool,
    ) -> Result<Event, ServiceError> {
        let me = member.record.id;
        let record = self.visible_event(me, id).await?;
        if on && record.cancelled_at.is_some() {
            return Err(invalid_state("this event was cancelled"));
        }
        self.store()
            .set_event_notify(id, me, on, self.config().clock.now())
            .await?;
        let record = self.store().event(id).await?.ok_or_else(not_found)?;
        self.event_wire(record, me).await
    }

    /// The viewer's upcoming events: scheduled or live, from an hour ago on, hosted by people
    /// they follow, in their clubs, or that they host or asked to be notified of; soonest
    /// first, at most 50.
    pub async fn upcoming_events(&self, viewer: UserId) -> Result<EventList, ServiceError> {
        let clubs = self.club_ids_of(viewer).await?;
        let records = self
            .store()
            .list_events(&EventQuery {
                viewer,
                clubs,
                from: self.config().clock.now() - upcoming_window(),
                followed_hosts: true,
                include_cancelled: false,
                include_ended: false,
                limit: MAX_LIST,
            })
            .await?;
        Ok(EventList {
            events: self.events_wire(records, viewer).await?,
        })
    }

    /// A club's upcoming events as `viewer` sees them (members-only ones only for members).
    pub async fn club_upcoming_events(
        &self,
        club: ClubId,
        viewer: UserId,
    ) -> Result<Vec<Event>, ServiceError> {
        let member = self.club_role(club, viewer).await?.is_some();
        let records = self
            .store()
            .club_events(
                club,
                self.config().clock.now() - upcoming_window(),
                MAX_LIST,
            )
            .await?
            .into_iter()
            .filter(|e| member || !e.members_only || e.is_host(viewer))
            .collect();
        self.events_wire(records, viewer).await
    }

    /// The event if `viewer` may see it, else `not_found`.
    pub(crate) async fn visible_event(
        &self,
        viewer: UserId,
        id: EventId,
    ) -> Result<EventRecord, ServiceError> {
        let record = self.store().event(id).await?.ok_or_else(not_found)?;
        if self.may_see(&record, viewer).await? {
            Ok(record)
        } else {
            Err(not_found())
        }
    }

    async fn may_see(&self, record: &EventRecord, viewer: UserId) -> Result<bool, ServiceError> {
        match record.club_id {
            Some(club) if record.members_only && !record.is_host(viewer) => {
                Ok(self.club_role(club, viewer).await?.is_some())
            }
            _ => Ok(true),
        }
    }

    /// Whether `viewer` may edit, cancel and start the event.
    async fn may_manage(&self, record: &EventRecord, viewer: UserId) -> Result<bool, ServiceError> {
        if record.is_host(viewer) {
            return Ok(true);
        }
        match record.club_id {
            Some(club) => Ok(self
                .club_role(club, viewer)
                .await?
                .is_some_and(|r| r.manages())),
            None => Ok(false),
        }
    }

    /// The event if `viewer` manages it: `not_found` if they may not see it, `forbidden` if
    /// they may see but not manage it.
    pub(crate) async fn managed_event(
        &self,
        viewer: UserId,
        id: EventId,
    ) -> Result<EventRecord, ServiceError> {
        let record = self.visible_event(viewer, id).await?;
        if !self.may_manage(&record, viewer).await? {
            return Err(ServiceError::Forbidden(
                "only the event's hosts (or the club's admins) may do this".to_string(),
            ));
        }
        Ok(record)
    }

    /// Usernames to co-host ids: at most five, not the creator, no repeats; `not_found` for an
    /// unknown one, `blocked` for a block either way with the creator.
    async fn resolve_cohosts(
        &self,
        creator: UserId,
        names: &[String],
    ) -> Result<Vec<UserId>, ServiceError> {
        if names.len() > validate::MAX_COHOSTS {
            return Err(ServiceError::Validation(format!(
                "an event has at most {} co-hosts",
                validate::MAX_COHOSTS
            )));
        }
        let mut ids = Vec::new();
        let mut seen = HashSet::new();
        for name in names {
            let user = self
                .store()
                .user_by_username(name.trim())
                .await?
                .ok_or(ServiceError::NotFound("member"))?;
            if user.id == creator || !seen.insert(user.id) {
                continue;
            }
            if self.store().block_between(creator, user.id).await? {
                return Err(ServiceError::Blocked(format!(
                    "{} cannot co-host with the event's creator",
                    user.username
                )));
            }
            ids.push(user.id);
        }
        Ok(ids)
    }

    /// The wire form of one event for `viewer`.
    pub(crate) async fn event_wire(
        &self,
        record: EventRecord,
        viewer: UserId,
    ) -> Result<Event, ServiceError> {
        self.events_wire(vec![record], viewer)
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    /// The wire form of events for `viewer` (one "notify me" query for all of them).
    pub(crate) async fn events_wire(
        &self,
        records: Vec<EventRecord>,
        viewer: UserId,
    ) -> Result<Vec<Event>, ServiceError> {
        let ids: Vec<EventId> = records.iter().map(|e| e.id).collect();
        let notified: HashSet<EventId> = self
            .store()
            .event_notify_of(viewer, &ids)
            .await?
            .into_iter()
            .collect();
        let mut events = Vec::with_capacity(records.len());
        for record in records {
            let club = match record.club_id {
                Some(club) => Some(self.club_ref(club).await?),
                None => None,
            };
            let can_manage = self.may_manage(&record, viewer).await?;
            events.push(Event {
                id: record.id,
                status: status_of(&record),
                notify_me: notified.contains(&record.id),
                title: record.title,
                description: record.description,
                starts_at: record.starts_at,
                hosts: record.hosts,
                club,
                members_only: record.members_only,
                room_id: record.room_id,
                interested: record.interested,
                can_manage,
            });
        }
        Ok(events)
    }
}

/// `invalid_state` with a reason.
pub(crate) fn invalid_state(why: &'static str) -> ServiceError {
    ServiceError::Room(stoa_room::RoomError::InvalidState(why))
}

/// Cancelled or started events cannot change.
fn refuse_if_settled(record: &EventRecord) -> Result<(), ServiceError> {
    if record.cancelled_at.is_some() {
        return Err(invalid_state("this event was cancelled"));
    }
    if record.room_id.is_some() {
        return Err(invalid_state("this event has started"));
    }
    Ok(())
}
