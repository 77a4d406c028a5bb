//! The composition root: builds the domain services once, wires them to each other, and hands
//! them out. This is the one place that knows how the services depend on one another:
//!
//! ```text
//! Notifications, Presence   leaves: the store, members' open connections, the room registry
//! Rooms       -> Notifications, Presence
//! Social      -> Notifications, Presence, Rooms (follows change what rooms let in)
//! Accounts    -> Notifications, Social (a new session shows the member's profile)
//! Events      -> Notifications, Rooms (starting an event opens its room)
//! Clubs       -> Notifications, Presence, Social, Events (the club page's events)
//! Moderation  -> Notifications, Rooms, Social, Accounts (a suspension ejects and disconnects)
//! ```
//!
//! Every arrow is a clone of the service it points to (a few `Arc`s). The edges that would
//! close a cycle go through the store instead: a club's name and a member's role (asked by
//! rooms and events, while the club page asks events) are store lookups (`clubs::lookup`), and
//! so are blocks, a member by name and suspension checks.

use std::sync::Arc;
use std::time::Duration;

use stoa_sfu::{SfuEvent, SfuHandle};
use stoa_store::Store;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::accounts::Accounts;
use crate::clubs::Clubs;
use crate::events::Events;
use crate::moderation::Moderation;
use crate::notify::Notifications;
use crate::presence::Presence;
use crate::rooms::Rooms;
use crate::social::Social;
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
    /// Which node runs a live room: this one (one node), or the holder of its lease (cluster).
    pub ownership: crate::rooms::RoomOwnership,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".to_string(),
            reconnect_grace: Duration::from_secs(20),
            host_grace: Duration::from_secs(30),
            clock: crate::Clock::System,
            turn: None,
            ownership: crate::rooms::RoomOwnership::Local,
        }
    }
}

impl ServiceConfig {
    /// `path` (starting with `/`) on the public URL.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}

/// The composition root the API layer holds: the domain services, built and wired once.
/// Clone it freely.
#[derive(Clone)]
pub struct Stoa {
    inner: Arc<Services>,
}

struct Services {
    store: Arc<dyn Store>,
    sfu: SfuHandle,
    config: Arc<ServiceConfig>,
    background: crate::Background,
    accounts: Accounts,
    social: Social,
    rooms: Rooms,
    clubs: Clubs,
    events: Events,
    moderation: Moderation,
    notifications: Notifications,
    presence: Presence,
}

impl Stoa {
    /// Starts the service: builds the services, restores rooms that were live when the server
    /// stopped (their members get the reconnect grace period to come back), routes SFU events
    /// to room tasks and starts the event scheduler.
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
        Self::start_with_peers(background, store, sfu, sfu_events, config, None).await
    }

    /// [`Stoa::start_with`] as one node of a cluster when `peers` is given: what reaches a
    /// member (messages, close orders, presence, graph changes) reaches them on every node
    /// (see [`crate::peers`]). `None` is a single node, exactly as [`Stoa::start_with`].
    pub async fn start_with_peers(
        background: crate::Background,
        store: Arc<dyn Store>,
        sfu: SfuHandle,
        sfu_events: UnboundedReceiver<SfuEvent>,
        config: ServiceConfig,
        peers: Option<crate::peers::NatsPeers>,
    ) -> Result<Stoa, ServiceError> {
        let config = Arc::new(config);
        let (peers, attach) = match peers {
            Some(nats) => {
                let (peers, attach) = crate::peers::start(nats, &background, sfu.clone());
                (peers, Some(attach))
            }
            None => (crate::peers::Peers::local(), None),
        };
        let online = Arc::new(crate::online::Online::new(peers.clone()));
        let closer = Arc::new(crate::closer::Closer::new(peers));
        let registry = Arc::new(crate::rooms::Registry::default());
        let routing =
            attach.map(|attach| attach.to(online.clone(), closer.clone(), registry.clone()));
        let uploads = Arc::new(crate::uploads::UploadGate::default());
        let notifications = Notifications::new(store.clone(), online.clone());
        let presence = Presence::new(store.clone(), registry.clone(), online, background.clone());
        let rooms = Rooms::new(
            store.clone(),
            sfu.clone(),
            config.clone(),
            registry,
            notifications.clone(),
            presence.clone(),
            routing.as_ref().map(crate::peers::Routing::route),
        );
        if let Some(routing) = routing {
            routing.serve(rooms.clone());
        }
        let social = Social::new(
            store.clone(),
            config.clone(),
            uploads.clone(),
            notifications.clone(),
            presence.clone(),
            rooms.clone(),
        );
        let accounts = Accounts::new(
            store.clone(),
            config.clone(),
            notifications.clone(),
            social.clone(),
            closer,
        );
        let moderation = Moderation::new(
            store.clone(),
            config.clone(),
            notifications.clone(),
            rooms.clone(),
            social.clone(),
            accounts.clone(),
        );
        let events = Events::new(
            store.clone(),
            config.clone(),
            notifications.clone(),
            rooms.clone(),
        );
        let clubs = Clubs::new(
            store.clone(),
            uploads,
            notifications.clone(),
            presence.clone(),
            social.clone(),
            events.clone(),
        );
        crate::telemetry::start_room_write_failures();
        crate::rooms::spawn_sfu_event_router(rooms.clone(), sfu_events);
        crate::rooms::restore_live_rooms(&rooms).await?;
        crate::rooms::spawn_takeover(&rooms);
        crate::events::scheduler::spawn_scheduler(events.clone());
        Ok(Stoa {
            inner: Arc::new(Services {
                store,
                sfu,
                config,
                background,
                accounts,
                social,
                rooms,
                clubs,
                events,
                moderation,
                notifications,
                presence,
            }),
        })
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

    /// Sign-up (invites, the waitlist), sign-in and sessions.
    pub fn accounts(&self) -> &Accounts {
        &self.inner.accounts
    }

    /// Profiles, avatars, follows, blocks and member search.
    pub fn social(&self) -> &Social {
        &self.inner.social
    }

    /// Live rooms: starting them, their WebSocket sessions, pings, kinds and summaries.
    pub fn rooms(&self) -> &Rooms {
        &self.inner.rooms
    }

    /// Clubs, their members and join requests.
    pub fn clubs(&self) -> &Clubs {
        &self.inner.clubs
    }

    /// Scheduled events and calendar feeds.
    pub fn events(&self) -> &Events {
        &self.inner.events
    }

    /// Reports, suspensions, admin tools and operator commands.
    pub fn moderation(&self) -> &Moderation {
        &self.inner.moderation
    }

    /// Stored notifications and their live delivery.
    pub fn notifications(&self) -> &Notifications {
        &self.inner.notifications
    }

    /// What a member sees outside rooms: the hallway, friends online, who is online.
    pub fn presence(&self) -> &Presence {
        &self.inner.presence
    }
}
