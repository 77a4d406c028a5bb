//! Presence: which members a viewer follows are online right now, and the room each is in
//! (shown only when the viewer may join it), leaving out blocks either way.
//! Sessions get it live from their feed task ([`crate::feeds`]).

use std::collections::HashSet;
use std::sync::Arc;

use stoa_proto::rest::{FriendOnline, FriendsOnline, RoomRef};
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;
use stoa_store::Store;

use crate::online::Online;
use crate::rooms::ranking::ViewerGraph;
use crate::rooms::Registry;
use crate::ServiceError;

/// What a member sees outside rooms, from who is online and the live rooms' registry: the
/// hallway ([`crate::hallway`]), friends online, the room a member is in now, and the live feeds
/// of both to each session ([`crate::feeds`]). Clone it freely.
#[derive(Clone)]
pub struct Presence {
    store: Arc<dyn Store>,
    registry: Arc<Registry>,
    online: Arc<Online>,
    background: crate::Background,
}

impl Presence {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        registry: Arc<Registry>,
        online: Arc<Online>,
        background: crate::Background,
    ) -> Self {
        Self {
            store,
            registry,
            online,
            background,
        }
    }

    /// The service's background tasks and their stop signal.
    pub(crate) fn background(&self) -> &crate::Background {
        &self.background
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The live rooms' registry.
    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Who is online: every member's open sessions.
    pub(crate) fn online(&self) -> &Arc<Online> {
        &self.online
    }

    /// The members `viewer` follows who are online now, read fresh.
    pub async fn friends_online(&self, viewer: UserId) -> Result<FriendsOnline, ServiceError> {
        let graph = self.viewer_graph(viewer).await?;
        Ok(self.friends_online_for(&graph))
    }

    /// Whether `user` has an open WebSocket session.
    pub fn is_online(&self, user: UserId) -> bool {
        self.online().is_online(user)
    }

    /// Tells `user`'s open sessions that their follows or blocks changed, so presence re-reads
    /// them. Call it for both members after a follow, unfollow, block or unblock.
    pub fn social_graph_changed(&self, user: UserId) {
        self.online().graph_changed(user);
    }

    /// Friends online for a viewer whose graph is known: followed, online, not blocked either
    /// way; each with their room when the viewer may join it. Those in rooms come first, then
    /// by display name.
    pub(crate) fn friends_online_for(&self, graph: &ViewerGraph) -> FriendsOnline {
        let blocked = graph.blocked_either_way();
        let visible = graph
            .followees
            .iter()
            .filter(|user| !blocked.contains(user) && **user != graph.id);
        let mut friends: Vec<FriendOnline> = self
            .online()
            .online_among(visible)
            .into_iter()
            .map(|user| {
                let room = self.visible_room_of(user.id, graph, &blocked);
                FriendOnline { user, room }
            })
            .collect();
        friends.sort_by(|a, b| {
            (a.room.is_none(), &a.user.display_name, a.user.id).cmp(&(
                b.room.is_none(),
                &b.user.display_name,
                b.user.id,
            ))
        });
        FriendsOnline { friends }
    }

    /// The live room `user` is in (on any node), if `viewer` may join it.
    fn visible_room_of(
        &self,
        user: UserId,
        viewer: &ViewerGraph,
        blocked: &HashSet<UserId>,
    ) -> Option<RoomRef> {
        let (summary, access) = self.registry().room_anywhere(user)?;
        access.check(viewer.id, blocked, &viewer.clubs).ok()?;
        Some(RoomRef {
            id: summary.id.clone(),
            title: summary.title.clone(),
        })
    }
}

/// Registers a new session as online and starts what it is told besides rooms: the unread
/// notification count (once, right away), and its hallway and friends online (now and on
/// change, see [`crate::feeds`]). The member
/// stays online until the returned registration is dropped.
pub(crate) fn start_session_feeds(
    presence: &Presence,
    member: &crate::accounts::Member,
    session: u64,
    tx: &crate::outbox::Outbox,
) -> (
    crate::online::Registration,
    std::sync::Arc<crate::graph_cache::GraphCache>,
) {
    let viewer = member.record.id;
    let (registration, graph_changes) =
        presence
            .online()
            .register(member.summary(), session, tx.clone());
    let (store, tx_for_count) = (presence.store.clone(), tx.clone());
    presence.background().spawn("unread count", async move {
        match store.unread_notifications(viewer).await {
            Ok(unread) => {
                let _ = tx_for_count.send(ServerMessage::UnreadCount { unread });
            }
            Err(err) => tracing::warn!(%viewer, %err, "cannot count unread notifications"),
        }
    });
    let graph = crate::graph_cache::GraphCache::new(viewer, graph_changes.clone());
    crate::feeds::spawn_session_feed(presence, viewer, tx.clone(), graph_changes, graph.clone());
    (registration, graph)
}
