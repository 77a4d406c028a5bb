//! The service facade: one cheap-to-clone handle over the store, the SFU and the live rooms.

use std::sync::Arc;
use std::time::Duration;

use stoa_sfu::{SfuEvent, SfuHandle};
use stoa_store::Store;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::rooms::Registry;
use crate::ServiceError;

/// Settings the service needs from the server's configuration.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// The URL members reach the web client at (used in invite links), e.g. `http://127.0.0.1:8080`.
    pub public_url: String,
    /// How long a disconnected member keeps their place (and role) in a room.
    pub reconnect_grace: Duration,
    /// How long a room waits for its last moderator's dropped connection to come back before
    /// handing the room to the longest-standing speaker.
    pub host_grace: Duration,
    /// The clock for grace periods and event start times (manual in tests).
    pub clock: crate::Clock,
    /// ICE servers (TURN with short-lived credentials) handed to members in `room_state`;
    /// `None`: none.
    pub turn: Option<crate::TurnConfig>,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".to_string(),
            reconnect_grace: Duration::from_secs(20),
            host_grace: Duration::from_secs(30),
            clock: crate::Clock::System,
            turn: None,
        }
    }
}

/// The service: accounts, invites and live rooms. Clone it freely.
#[derive(Clone)]
pub struct Stoa {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    sfu: SfuHandle,
    config: ServiceConfig,
    rooms: Registry,
    online: Arc<crate::online::Online>,
    pings: crate::rooms::PingLimiter,
    closer: crate::closer::Closer,
    named_notices: crate::waitlist::NamedNotices,
    uploads: crate::uploads::UploadGate,
    events: crate::events::EventsState,
    join_timer: crate::telemetry::JoinTimer,
    background: crate::Background,
}

impl Stoa {
    /// Starts the service: restores rooms that were live when the server stopped (their members
    /// get the reconnect grace period to come back) and routes SFU events to room tasks.
    pub async fn start(
        store: Arc<dyn Store>,
        sfu: SfuHandle,
        sfu_events: UnboundedReceiver<SfuEvent>,
        config: ServiceConfig,
    ) -> Result<Stoa, ServiceError> {
        Self::start_with(crate::Background::new(), store, sfu, sfu_events, config).await
    }

    /// [`Stoa::start`] with the server's [`Background`](crate::Background): every task the
    /// service runs is tracked there and stops when it shuts down.
    pub async fn start_with(
        background: crate::Background,
        store: Arc<dyn Store>,
        sfu: SfuHandle,
        sfu_events: UnboundedReceiver<SfuEvent>,
        config: ServiceConfig,
    ) -> Result<Stoa, ServiceError> {
        let stoa = Stoa {
            inner: Arc::new(Inner {
                store,
                sfu,
                config,
                rooms: Registry::default(),
                online: Arc::default(),
                pings: Default::default(),
                named_notices: Default::default(),
                uploads: Default::default(),
                closer: Default::default(),
                events: Default::default(),
                join_timer: Default::default(),
                background,
            }),
        };
        crate::telemetry::start_room_write_failures();
        crate::rooms::spawn_sfu_event_router(stoa.clone(), sfu_events);
        crate::rooms::restore_live_rooms(&stoa).await?;
        crate::events::scheduler::spawn_scheduler(stoa.clone());
        Ok(stoa)
    }

    /// The service's background tasks and their stop signal.
    pub fn background(&self) -> &crate::Background {
        &self.inner.background
    }

    /// The durable store.
    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// The SFU.
    pub fn sfu(&self) -> &SfuHandle {
        &self.inner.sfu
    }

    /// The configuration.
    pub fn config(&self) -> &ServiceConfig {
        &self.inner.config
    }

    pub(crate) fn rooms(&self) -> &Registry {
        &self.inner.rooms
    }

    /// Per-sender ping allowance.
    pub(crate) fn ping_limiter(&self) -> &crate::rooms::PingLimiter {
        &self.inner.pings
    }

    /// The per-member image upload limits.
    pub(crate) fn upload_gate(&self) -> &crate::uploads::UploadGate {
        &self.inner.uploads
    }

    /// Per-member allowance of waitlist notifications.
    pub(crate) fn named_notices(&self) -> &crate::waitlist::NamedNotices {
        &self.inner.named_notices
    }

    /// Closes open WebSockets of a suspended member or a signed-out session.
    pub(crate) fn closer(&self) -> &crate::closer::Closer {
        &self.inner.closer
    }

    /// Scheduled events' shared state (the scheduler's wake-up, the start lock).
    pub(crate) fn events_state(&self) -> &crate::events::EventsState {
        &self.inner.events
    }

    /// Join latency measurement (join_room to media connected).
    pub(crate) fn join_timer(&self) -> &crate::telemetry::JoinTimer {
        &self.inner.join_timer
    }

    /// Who is online: every member's open sessions.
    pub(crate) fn online(&self) -> &Arc<crate::online::Online> {
        &self.inner.online
    }
}
