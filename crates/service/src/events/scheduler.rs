//! The start-time scheduler: one background task that, when an event's start time comes,
//! tells its hosts (`EventStarting`) once. The mark is stored, so a restart does not resend;
//! events whose time passed while the server was down are told on startup if less than an
//! hour late (older ones are marked without a notification).
//!
//! The task sleeps on the service clock until the next pending start, or until an event is
//! scheduled, edited, cancelled or started ([`EventsState::wake`]).

use std::time::Duration as StdDuration;

use chrono::Duration;
use stoa_proto::rest::NotificationKind;
use tokio::sync::{Mutex, Notify};

use super::notices::event_notice;
use super::Events;
use crate::ServiceError;

/// Events handled per store read (the task reads again while there are more).
const BATCH: u32 = 100;

/// How long the task waits after a store failure before trying again.
const RETRY: StdDuration = StdDuration::from_secs(30);

/// An event more late than this when the scheduler sees it gets no "starting" notification.
pub fn too_late() -> Duration {
    Duration::hours(1)
}

/// The events part of the service's state.
#[derive(Debug, Default)]
pub struct EventsState {
    wake: Notify,
    /// Held while an event starts.
    pub(crate) start_lock: Mutex<()>,
}

impl EventsState {
    /// Makes the scheduler look at the store again (an event's time or state changed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Starts the scheduler task; it runs until the server stops.
pub(crate) fn spawn_scheduler(events: Events) {
    let background = events.background().clone();
    background.spawn_until_stopped("event scheduler", async move {
        loop {
            let clock = events.config().clock.clone();
            let state = events.events_state();
            match tell_due(&events).await {
                Ok(Some(next)) => {
                    tokio::select! {
                        _ = clock.sleep_until(next) => {}
                        _ = state.wake.notified() => {}
                    }
                }
                Ok(None) => state.wake.notified().await,
                Err(err) => {
                    tracing::warn!(%err, "event scheduler: store failed");
                    tokio::select! {
                        _ = clock.sleep(RETRY) => {}
                        _ = state.wake.notified() => {}
                    }
                }
            }
        }
    });
}

/// Tells the hosts of every event that is due now; returns the next pending start time.
async fn tell_due(events: &Events) -> Result<Option<chrono::DateTime<chrono::Utc>>, ServiceError> {
    let now = events.config().clock.now();
    loop {
        let due = events.store().pending_events_due(now, BATCH).await?;
        let full = due.len() == BATCH as usize;
        for record in due {
            if !events.store().claim_event_starting(record.id, now).await? {
                continue;
            }
            if now - record.starts_at >= too_late() {
                tracing::info!(event = %record.id, "event start passed long ago: hosts not told");
                continue;
            }
            for host in &record.hosts {
                let notice = event_notice(NotificationKind::EventStarting, &record, None, None);
                events.notifications.notify(host.id, notice).await;
            }
        }
        if !full {
            break;
        }
    }
    let next = events.store().next_pending_event_start().await?;
    // Anything pending at or before `now` was claimed above; a later start is the next wake.
    Ok(next)
}
