//! What the other nodes send, delivered here: member messages and graph changes to this node's
//! sessions, close orders to its sockets, presence into [`RemoteMembers`](super::remote) (waking
//! the presence feeds when it changed), the other nodes' live rooms into the registry's
//! [`RemoteRooms`](super::remote_rooms) (waking the hallway feeds when they changed). Envelopes
//! from this node itself are ignored.

use std::sync::Arc;

use futures_util::StreamExt;
use tokio::time::Instant;

use super::link::Peers;
use super::wire::{Body, Envelope};
use crate::closer::Closer;
use crate::online::Online;
use crate::rooms::Registry;

/// What the listener delivers to.
pub(crate) struct Targets {
    pub peers: Peers,
    pub online: Arc<Online>,
    pub closer: Arc<Closer>,
    pub registry: Arc<Registry>,
    /// Handles to rooms on other nodes follow a room that moved.
    pub route: Arc<super::room_route::RoomRoute>,
}

/// Starts the listener on the members' and the hallway's subscriptions; it ends when the
/// service stops.
pub(crate) fn spawn(
    background: &crate::Background,
    members: async_nats::Subscriber,
    hallway: async_nats::Subscriber,
    node: String,
    targets: Targets,
) {
    let mut subscriber = futures_util::stream::select(members, hallway);
    background.spawn_until_stopped("cluster listener", async move {
        while let Some(message) = subscriber.next().await {
            let envelope: Envelope = match serde_json::from_slice(&message.payload) {
                Ok(envelope) => envelope,
                Err(err) => {
                    tracing::warn!(subject = %message.subject, %err, "unreadable cluster message");
                    continue;
                }
            };
            if envelope.from != node {
                deliver(envelope, &targets);
            }
        }
    });
}

/// Acts on one envelope from another node.
fn deliver(envelope: Envelope, targets: &Targets) {
    let Targets {
        peers,
        online,
        closer,
        registry,
        route,
    } = targets;
    let Envelope { from, body } = envelope;
    let now = Instant::now();
    match &body {
        Body::Room { room } => route.room_at(&room.summary.id, &from),
        Body::Rooms { rooms, .. } => {
            for room in rooms {
                route.room_at(&room.summary.id, &from);
            }
        }
        _ => {}
    }
    if let Some(rooms) = registry.remote() {
        rooms.heard(&from, now);
        let rooms_changed = match body {
            Body::Room { room } => Some(rooms.room(&from, *room, now)),
            Body::RoomGone { id } => Some(rooms.gone(&from, id, now)),
            Body::Rooms {
                round,
                rooms: part,
                last,
            } => Some(rooms.rooms_part(&from, round, part, last, now)),
            other => {
                deliver_to_members(&from, other, peers, online, closer, now);
                None
            }
        };
        if rooms_changed == Some(true) {
            registry.remote_changed();
        }
    } else {
        deliver_to_members(&from, body, peers, online, closer, now);
    }
}

/// Acts on one envelope about members.
fn deliver_to_members(
    from: &str,
    body: Body,
    peers: &Peers,
    online: &Online,
    closer: &Closer,
    now: Instant,
) {
    let presence_changed = match (body, peers.remote()) {
        (Body::Message { user, text }, _) => {
            online.deliver_here(user, text.into());
            false
        }
        (Body::GraphChanged { user }, _) => {
            online.graph_changed_here(user);
            false
        }
        (Body::CloseMember { user }, _) => {
            closer.member_here(user);
            false
        }
        (Body::CloseSession { token_hash }, _) => {
            closer.session_here(token_hash.into());
            false
        }
        (Body::Online { member }, Some(remote)) => remote.online(from, member, now),
        (Body::Offline { user }, Some(remote)) => remote.offline(from, user, now),
        (
            Body::Snapshot {
                round,
                members,
                last,
            },
            Some(remote),
        ) => remote.snapshot_part(from, round, members, last, now),
        (Body::Online { .. } | Body::Offline { .. } | Body::Snapshot { .. }, None)
        | (Body::Room { .. } | Body::RoomGone { .. } | Body::Rooms { .. }, _) => false,
    };
    if presence_changed {
        online.presence_changed_elsewhere();
    }
}
