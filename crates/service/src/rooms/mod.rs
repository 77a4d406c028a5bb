//! Live rooms: one actor task per room (`actor`), a registry of them with the hallway
//! (`registry`), and recovery after a restart (`restore`).

mod access;
mod actor;
mod batch;
mod eject;
mod kinds;
mod link;
mod messages;
mod modlog;
mod ownership;
mod ping;
pub mod ranking;
mod registry;
mod restore;
mod stage_follows;
mod visible;

use std::sync::Arc;

use chrono::Utc;
use stoa_proto::rest::{CreateRoomRequest, RoomSummary};
use stoa_proto::{RoomId, RoomKind};
use stoa_sfu::{SfuEvent, SfuHandle};
use stoa_store::{NewRoom, Store};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::accounts::Member;
use crate::notify::Notifications;
use crate::presence::Presence;
use crate::telemetry::JoinTimer;
use crate::{secrets, validate, ServiceConfig, ServiceError};

pub(crate) use access::JoinGate;
pub use access::RoomAccess;
pub(crate) use actor::ROOM_WRITE_OPS;
pub use kinds::MAX_NAMED;
pub(crate) use link::pinned_link as validate_pinned_link;
pub use link::{MAX_LINK_TITLE, MAX_LINK_URL};
pub(crate) use messages::{RoomExtra, RoomHandle, RoomMsg, RoomPing, SessionLink};
pub use ownership::RoomOwnership;
pub(crate) use ping::PingLimiter;
pub use ping::PINGS_PER_MINUTE;
pub(crate) use registry::Registry;
pub(crate) use restore::{restore_live_rooms, spawn_takeover};
pub use visible::is_private;

/// Live rooms: starting them, one actor task each, the members' WebSocket sessions
/// ([`crate::session`]), pings, kind changes, summaries and the moderation log. The room tasks
/// hold a clone to reach the store, the SFU, the registry and notifications. Clone it freely.
#[derive(Clone)]
pub struct Rooms {
    store: Arc<dyn Store>,
    sfu: SfuHandle,
    config: Arc<ServiceConfig>,
    registry: Arc<Registry>,
    pings: Arc<PingLimiter>,
    join_timer: Arc<JoinTimer>,
    notifications: Notifications,
    presence: Presence,
    /// Cluster mode: the way to rooms that run on other nodes.
    route: Option<Arc<crate::peers::room_route::RoomRoute>>,
}

impl Rooms {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        sfu: SfuHandle,
        config: Arc<ServiceConfig>,
        registry: Arc<Registry>,
        notifications: Notifications,
        presence: Presence,
        route: Option<Arc<crate::peers::room_route::RoomRoute>>,
    ) -> Self {
        Self {
            store,
            sfu,
            config,
            registry,
            pings: Arc::default(),
            join_timer: Arc::default(),
            notifications,
            presence,
            route,
        }
    }

    /// Cluster mode: the way to rooms on other nodes.
    pub(crate) fn route(&self) -> Option<&Arc<crate::peers::room_route::RoomRoute>> {
        self.route.as_ref()
    }

    /// Cluster mode: a handle to `id` when it runs on another node (the holder of its lease),
    /// with its access data as that node published it. `None` when it runs nowhere (ended) or
    /// on one node. See [`crate::peers::room_route`].
    pub(crate) async fn remote_room(
        &self,
        id: &RoomId,
    ) -> Result<Option<(RoomHandle, RoomAccess)>, ServiceError> {
        let Some(route) = &self.route else {
            return Ok(None);
        };
        let Some(origin) = self.config.ownership.holder(id).await? else {
            return Ok(None);
        };
        if origin == route.node() {
            // Held here but not (yet, or any more) in the registry: starting or stopping.
            return Err(ServiceError::ClusterUnavailable(
                "the room is moving: try again in a moment".to_string(),
            ));
        }
        let access = self.registry.remote().and_then(|remote| remote.access(id));
        let Some(access) = access else {
            return Err(ServiceError::ClusterUnavailable(
                "the room's node has not announced it yet: try again in a moment".to_string(),
            ));
        };
        Ok(Some((route.handle(origin, id.clone()), access)))
    }

    /// This node's load: its live rooms and the members in them (stage and audience).
    pub fn load(&self) -> (u32, u32) {
        let rooms = self.registry.live_rooms();
        let members = rooms
            .iter()
            .map(|(summary, _)| summary.stage.len() as u32 + summary.listener_count)
            .sum();
        (rooms.len() as u32, members)
    }

    /// The durable store.
    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The service's background tasks and their stop signal (room tasks, timers, notices).
    pub(crate) fn background(&self) -> &crate::Background {
        self.presence.background()
    }

    /// The SFU.
    pub(crate) fn sfu(&self) -> &SfuHandle {
        &self.sfu
    }

    /// The configuration (grace periods, clock, TURN).
    pub(crate) fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// The live rooms' registry.
    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Per-sender ping allowance.
    pub(crate) fn ping_limiter(&self) -> &PingLimiter {
        &self.pings
    }

    /// Join latency measurement (join_room to media connected).
    pub(crate) fn join_timer(&self) -> &JoinTimer {
        &self.join_timer
    }

    /// Notifications rooms send (pings, speak invites, "went on stage").
    pub(crate) fn notifications(&self) -> &Notifications {
        &self.notifications
    }

    /// Presence: the sessions' hallway and friends-online feeds.
    pub(crate) fn presence(&self) -> &Presence {
        &self.presence
    }

    /// Starts a room: the creator is its first moderator. They enter it by joining over the
    /// WebSocket; if they never do, the room ends after the reconnect grace period. A closed
    /// room admits the `invited` members (see `Rooms::room_named_members`); the creator's
    /// followers hear of an open room. A club room (`club_id`) may be started only by the
    /// club's founder, admins and leaders, and `members_only` needs a club.
    pub async fn create_room(
        &self,
        member: &Member,
        req: CreateRoomRequest,
    ) -> Result<RoomSummary, ServiceError> {
        let title = validate::room_title(&req.title)?;
        let club = crate::clubs::lookup::club_for_new_room(
            self.store(),
            member.record.id,
            req.club_id,
            req.members_only,
        )
        .await?;
        let named = self
            .room_named_members(member.record.id, req.kind, &req.invited)
            .await?;
        let mut record = self
            .store()
            .create_room(NewRoom {
                id: RoomId(secrets::new_room_id()),
                title,
                kind: req.kind,
                created_by: member.record.id,
                created_at: Utc::now(),
                named: named.clone(),
            })
            .await?;
        if let Some(club) = club {
            self.store()
                .set_room_club(&record.id, club.id, req.members_only)
                .await?;
            record.club = Some(club);
            record.members_only = req.members_only;
        }
        let admitted = named.into_iter().collect();
        // A new room's id is fresh: its lease is free unless the cluster is unreachable.
        let owned = self
            .config
            .ownership
            .claim(&record.id)
            .await?
            .ok_or_else(|| ServiceError::Internal("a new room's lease is taken".into()))?;
        let summary = actor::spawn_new(self, &record, member.summary(), admitted, owned);
        tracing::info!(room = %record.id, by = %member.record.id, kind = ?record.kind, "room started");
        // Members-only club rooms are not announced: most followers could not join.
        if record.kind != RoomKind::Closed && !record.members_only {
            self.announce_room_started(member.record.id, &record);
        }
        Ok(summary)
    }

    /// Stops every live room's task where it stands, for a server stop: nothing more is saved or
    /// ended, so the next start restores each room from its last snapshot and gives its members
    /// the reconnect grace from then. Returns once every room stored the writes it had queued.
    /// Call before closing the members' connections.
    pub async fn stop_rooms(&self) {
        let mut stopped = Vec::new();
        for handle in self.registry().handles() {
            let (reply, done) = tokio::sync::oneshot::channel();
            handle.send(RoomMsg::Stop { reply });
            stopped.push(done);
        }
        for done in stopped {
            let _ = done.await;
        }
    }

    /// One room's summary, live or ended, whoever asks (see [`Rooms::room_summary_for`] for what
    /// a member may see).
    pub async fn room_summary(&self, id: &RoomId) -> Result<RoomSummary, ServiceError> {
        if let Some(summary) = self.registry().summary(id) {
            return Ok(summary);
        }
        let record = self
            .store()
            .room(id)
            .await?
            .ok_or(ServiceError::NotFound("room"))?;
        Ok(RoomSummary {
            id: record.id,
            title: record.title,
            kind: record.kind,
            stage: Vec::new(),
            listener_count: 0,
            // Not run here: ended, or (in a cluster) live on another node.
            ended: record.ended_at.is_some(),
            club: record.club,
            members_only: record.members_only,
            reason: None,
        })
    }
}

/// Forwards the SFU's room events (slots, speaking) to the room tasks, until the SFU or the
/// server stops.
pub(crate) fn spawn_sfu_event_router(rooms: Rooms, mut events: UnboundedReceiver<SfuEvent>) {
    let background = rooms.background().clone();
    background.spawn_until_stopped("sfu event router", async move {
        while let Some(event) = events.recv().await {
            match &event {
                SfuEvent::Slots { room, .. } | SfuEvent::Speaking { room, .. } => {
                    if let Some(handle) = rooms.registry().get(room) {
                        handle.send(RoomMsg::Sfu(event));
                    }
                }
                SfuEvent::Connected { user } => {
                    tracing::debug!(%user, "media connected");
                    rooms.join_timer().connected(*user);
                }
                SfuEvent::Disconnected { user } => {
                    tracing::debug!(%user, "media disconnected");
                    rooms.join_timer().forget(*user);
                }
            }
        }
    });
}
