//! [`Peers`]: the handle the service's parts ([`Online`](crate::online),
//! [`Closer`](crate::closer)) tell the other nodes through, and ask what they announced.
//! On a single node it is empty and every call returns at once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use stoa_proto::rest::UserSummary;
use stoa_proto::ws::ServerMessage;
use stoa_proto::{RoomId, UserId};

use super::outgoing::Outgoing;
use super::remote::RemoteMembers;
use super::wire::{Body, RoomState, ROOMS_PART_BYTES, SNAPSHOT_PART};

/// The link to the other nodes (none by default). Clone it freely.
#[derive(Clone, Default)]
pub(crate) struct Peers {
    link: Option<Arc<Link>>,
}

struct Link {
    outgoing: Outgoing,
    remote: RemoteMembers,
    /// Numbers this node's snapshots.
    rounds: AtomicU64,
    /// Numbers this node's lists of rooms.
    room_rounds: AtomicU64,
}

impl Peers {
    /// No other nodes: a single process.
    pub(crate) fn local() -> Self {
        Self::default()
    }

    /// Linked to the other nodes through `outgoing`.
    pub(crate) fn linked(outgoing: Outgoing) -> Self {
        Self {
            link: Some(Arc::new(Link {
                outgoing,
                remote: RemoteMembers::default(),
                rounds: AtomicU64::new(0),
                room_rounds: AtomicU64::new(0),
            })),
        }
    }

    /// What other nodes announced (none on a single node).
    pub(crate) fn remote(&self) -> Option<&RemoteMembers> {
        self.link.as_ref().map(|link| &link.remote)
    }

    /// Sends `msg` to `user`'s sessions on the other nodes.
    pub(crate) fn message(&self, user: UserId, msg: &ServerMessage) {
        let Some(link) = &self.link else { return };
        match crate::outbox::encode(msg) {
            Ok(text) => link.outgoing.publish(Body::Message {
                user,
                text: text.to_string(),
            }),
            Err(err) => tracing::warn!(%user, %err, "cannot encode a message for other nodes"),
        }
    }

    /// Tells `user`'s sessions on the other nodes that their follows or blocks changed.
    pub(crate) fn graph_changed(&self, user: UserId) {
        self.publish(|| Body::GraphChanged { user });
    }

    /// Closes `user`'s sockets on the other nodes.
    pub(crate) fn close_member(&self, user: UserId) {
        self.publish(|| Body::CloseMember { user });
    }

    /// Closes the sockets opened with the session hashing to `token_hash` on the other nodes.
    pub(crate) fn close_session(&self, token_hash: &str) {
        self.publish(|| Body::CloseSession {
            token_hash: token_hash.to_string(),
        });
    }

    /// `member` opened their first session on this node.
    pub(crate) fn came_online(&self, member: &UserSummary) {
        self.publish(|| Body::Online {
            member: member.clone(),
        });
    }

    /// `user` closed their last session on this node.
    pub(crate) fn went_offline(&self, user: UserId) {
        self.publish(|| Body::Offline { user });
    }

    /// Announces every member connected to this node (in parts, back to back: call it under the
    /// lock that orders the online and offline announcements, so none slips between parts).
    pub(crate) fn snapshot<'a>(&self, members: impl IntoIterator<Item = &'a UserSummary>) {
        let Some(link) = &self.link else { return };
        let round = link.rounds.fetch_add(1, Ordering::Relaxed);
        let members: Vec<UserSummary> = members.into_iter().cloned().collect();
        let mut parts = members.chunks(SNAPSHOT_PART).peekable();
        if parts.peek().is_none() {
            link.outgoing.publish(Body::Snapshot {
                round,
                members: Vec::new(),
                last: true,
            });
        }
        while let Some(part) = parts.next() {
            link.outgoing.publish(Body::Snapshot {
                round,
                members: part.to_vec(),
                last: parts.peek().is_none(),
            });
        }
    }

    /// Tells the other nodes how one of this node's live rooms is now.
    pub(crate) fn room(&self, room: RoomState) {
        self.publish(|| Body::Room {
            room: Box::new(room),
        });
    }

    /// Tells the other nodes that this node no longer runs room `id`.
    pub(crate) fn room_gone(&self, id: RoomId) {
        self.publish(|| Body::RoomGone { id });
    }

    /// Tells the other nodes every live room this node runs, in parts of at most
    /// [`ROOMS_PART_BYTES`] of JSON, back to back.
    pub(crate) fn rooms(&self, rooms: Vec<RoomState>) {
        let Some(link) = &self.link else { return };
        let round = link.room_rounds.fetch_add(1, Ordering::Relaxed);
        let mut part = Vec::new();
        let mut bytes = 0;
        for room in rooms {
            let size = serde_json::to_vec(&room).map_or(0, |json| json.len());
            if !part.is_empty() && bytes + size > ROOMS_PART_BYTES {
                link.outgoing.publish(Body::Rooms {
                    round,
                    rooms: std::mem::take(&mut part),
                    last: false,
                });
                bytes = 0;
            }
            bytes += size;
            part.push(room);
        }
        link.outgoing.publish(Body::Rooms {
            round,
            rooms: part,
            last: true,
        });
    }

    /// Whether `user` is online on another node.
    pub(crate) fn online_elsewhere(&self, user: UserId) -> bool {
        self.remote().is_some_and(|remote| remote.is_online(user))
    }

    /// `user` as another node knows them, when online there.
    pub(crate) fn summary_elsewhere(&self, user: UserId) -> Option<UserSummary> {
        self.remote()?.summary(user)
    }

    fn publish(&self, body: impl FnOnce() -> Body) {
        if let Some(link) = &self.link {
            link.outgoing.publish(body());
        }
    }
}
