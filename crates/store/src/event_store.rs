//! The [`EventStore`] trait: scheduled events, "notify me", the start-time scheduler's marks
//! and calendar feed tokens. Every [`Store`](crate::Store) is one.

use chrono::{DateTime, Utc};
use stoa_proto::{ClubId, EventId, RoomId, UserId};

use crate::error::StoreError;
use crate::event_records::{EventQuery, EventRecord, EventUpdate, NewEvent};

/// Durable state of scheduled events (both dialects implement it in their `events` module).
#[async_trait::async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Records an event with its hosts, in one transaction.
    /// [`StoreError::NotFound`] if a host or the club does not exist.
    async fn create_event(&self, new: NewEvent) -> Result<EventRecord, StoreError>;

    /// The event with this id, whatever its state.
    async fn event(&self, id: EventId) -> Result<Option<EventRecord>, StoreError>;

    /// Applies an edit and bumps the sequence, in one transaction.
    /// [`StoreError::NotFound`] if the event (or a new co-host) does not exist.
    async fn update_event(
        &self,
        id: EventId,
        update: EventUpdate,
    ) -> Result<EventRecord, StoreError>;

    /// Cancels the event at `at` (cancelling twice keeps the first time and sequence).
    /// [`StoreError::NotFound`] if it does not exist.
    async fn cancel_event(&self, id: EventId, at: DateTime<Utc>)
        -> Result<EventRecord, StoreError>;

    /// Links the event to its room unless it already has one (the first room wins); returns
    /// the event as it is now. [`StoreError::NotFound`] if it does not exist.
    async fn set_event_room(&self, id: EventId, room: &RoomId) -> Result<EventRecord, StoreError>;

    /// Turns "notify me" on or off for `user`; returns whether anything changed.
    /// [`StoreError::NotFound`] if the event or the member does not exist.
    async fn set_event_notify(
        &self,
        event: EventId,
        user: UserId,
        on: bool,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Which of `events` `user` asked to be notified of.
    async fn event_notify_of(
        &self,
        user: UserId,
        events: &[EventId],
    ) -> Result<Vec<EventId>, StoreError>;

    /// Everyone who asked to be notified of `event`, by id ascending.
    async fn event_notify_list(&self, event: EventId) -> Result<Vec<UserId>, StoreError>;

    /// The earliest start time of an event still waiting for its "starting" notification (not
    /// cancelled, not started, not marked).
    async fn next_pending_event_start(&self) -> Result<Option<DateTime<Utc>>, StoreError>;

    /// The events waiting for their "starting" notification that start at `until` or earlier,
    /// soonest first, at most `limit`.
    async fn pending_events_due(
        &self,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<EventRecord>, StoreError>;

    /// Marks the event's "starting" notification as sent at `at`; returns whether this call
    /// did (false if it was already marked, so only one caller sends it).
    async fn claim_event_starting(
        &self,
        id: EventId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// A member's events (see [`EventQuery`]).
    async fn list_events(&self, query: &EventQuery) -> Result<Vec<EventRecord>, StoreError>;

    /// A club's events from `from` on that are neither cancelled nor ended, soonest first, at
    /// most `limit`.
    async fn club_events(
        &self,
        club: ClubId,
        from: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<EventRecord>, StoreError>;

    /// `user`'s calendar feed token: the stored one, or `candidate` stored now when they have
    /// none (two racing calls both get the one that was stored first).
    /// [`StoreError::NotFound`] if the member does not exist.
    async fn calendar_token(
        &self,
        user: UserId,
        candidate: &str,
        at: DateTime<Utc>,
    ) -> Result<String, StoreError>;

    /// Replaces `user`'s calendar feed token with `token` (the old URL stops working).
    async fn reset_calendar_tokens(
        &self,
        user: UserId,
        token: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The member a calendar feed token belongs to.
    async fn calendar_token_user(&self, token: &str) -> Result<Option<UserId>, StoreError>;
}
