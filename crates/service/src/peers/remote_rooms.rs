//! The live rooms other nodes run, as those nodes published them: per node, its rooms and when
//! it was last heard from (on any subject), and who is in which remote room. A node silent for
//! longer than the configured time is forgotten with its rooms: they vanish from the hallway
//! until a survivor takes them over and publishes them again.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use stoa_proto::rest::RoomSummary;
use stoa_proto::{RoomId, UserId};
use tokio::time::Instant;

use super::wire::RoomState;
use crate::rooms::RoomAccess;

/// One remote room as this node keeps it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RemoteRoom {
    pub summary: Arc<RoomSummary>,
    pub access: RoomAccess,
    pub members: Vec<UserId>,
}

impl From<RoomState> for RemoteRoom {
    fn from(state: RoomState) -> Self {
        Self {
            summary: Arc::new(state.summary),
            access: state.access.into(),
            members: state.members,
        }
    }
}

/// What one other node published.
struct NodeRooms {
    rooms: HashMap<RoomId, RemoteRoom>,
    /// The list being received: its round and the parts so far.
    incoming: Option<(u64, HashMap<RoomId, RemoteRoom>)>,
    heard: Instant,
}

#[derive(Default)]
struct Inner {
    nodes: HashMap<Arc<str>, NodeRooms>,
    /// Who is in which remote room, and on which node it runs.
    whereabouts: HashMap<UserId, (Arc<str>, RoomId)>,
}

/// Live rooms on other nodes. Every change method returns whether what the hallway or friends
/// online show may have changed, so the caller wakes their feeds.
#[derive(Default)]
pub(crate) struct RemoteRooms {
    inner: Mutex<Inner>,
}

impl Inner {
    fn node(&mut self, node: &str, now: Instant) -> (Arc<str>, &mut NodeRooms) {
        let key: Arc<str> = match self.nodes.get_key_value(node) {
            Some((key, _)) => key.clone(),
            None => node.into(),
        };
        let known = self.nodes.entry(key.clone()).or_insert_with(|| NodeRooms {
            rooms: HashMap::new(),
            incoming: None,
            heard: now,
        });
        known.heard = now;
        (key, known)
    }

    /// Drops `room`'s members from the whereabouts (those still placed in it on `node`).
    fn unplace(&mut self, node: &Arc<str>, id: &RoomId, room: &RemoteRoom) {
        for user in &room.members {
            if self
                .whereabouts
                .get(user)
                .is_some_and(|(n, r)| n == node && r == id)
            {
                self.whereabouts.remove(user);
            }
        }
    }

    fn place(&mut self, node: &Arc<str>, id: &RoomId, room: &RemoteRoom) {
        for user in &room.members {
            self.whereabouts.insert(*user, (node.clone(), id.clone()));
        }
    }

    /// Sets `id` on `node` to `room` (or removes it); returns whether it changed.
    fn set(&mut self, node: &Arc<str>, id: RoomId, room: Option<RemoteRoom>) -> bool {
        let Some(known) = self.nodes.get_mut(node) else {
            return false;
        };
        let old = match &room {
            Some(room) => {
                if known.rooms.get(&id) == Some(room) {
                    return false;
                }
                known.rooms.insert(id.clone(), room.clone())
            }
            None => known.rooms.remove(&id),
        };
        if let Some(old) = &old {
            self.unplace(node, &id, old);
        }
        if let Some(room) = &room {
            self.place(node, &id, room);
        }
        old.is_some() || room.is_some()
    }
}

impl RemoteRooms {
    /// `node` was heard from (on any subject): it is alive.
    pub(crate) fn heard(&self, node: &str, now: Instant) {
        let mut inner = self.lock();
        if let Some(known) = inner.nodes.get_mut(node) {
            known.heard = now;
        }
    }

    /// `node` spoke to this node directly (a room request): it is alive, known from now on.
    pub(crate) fn spoke(&self, node: &str, now: Instant) {
        self.lock().node(node, now);
    }

    /// Whether `node` is known and not forgotten as silent.
    pub(crate) fn knows(&self, node: &str) -> bool {
        self.lock().nodes.contains_key(node)
    }

    /// `node` runs `room`, as it is now.
    pub(crate) fn room(&self, node: &str, room: RoomState, now: Instant) -> bool {
        let mut inner = self.lock();
        let (key, _) = inner.node(node, now);
        let id = room.summary.id.clone();
        inner.set(&key, id, Some(room.into()))
    }

    /// `node` no longer runs `id`.
    pub(crate) fn gone(&self, node: &str, id: RoomId, now: Instant) -> bool {
        let mut inner = self.lock();
        let (key, _) = inner.node(node, now);
        inner.set(&key, id, None)
    }

    /// One part of `node`'s list of rooms; the last part replaces what was known of it.
    pub(crate) fn rooms_part(
        &self,
        node: &str,
        round: u64,
        rooms: Vec<RoomState>,
        last: bool,
        now: Instant,
    ) -> bool {
        let mut inner = self.lock();
        let (key, known) = inner.node(node, now);
        let mut incoming = match known.incoming.take() {
            Some((r, parts)) if r == round => parts,
            // A new round (a lost part of an older one is abandoned).
            _ => HashMap::new(),
        };
        incoming.extend(rooms.into_iter().map(|room| {
            let room = RemoteRoom::from(room);
            (room.summary.id.clone(), room)
        }));
        if !last {
            known.incoming = Some((round, incoming));
            return false;
        }
        let stale: Vec<RoomId> = known
            .rooms
            .keys()
            .filter(|id| !incoming.contains_key(*id))
            .cloned()
            .collect();
        let mut changed = false;
        for id in stale {
            changed |= inner.set(&key, id, None);
        }
        for (id, room) in incoming {
            changed |= inner.set(&key, id, Some(room));
        }
        changed
    }

    /// Forgets the nodes not heard from for `silence`; returns whether any room went with them.
    pub(crate) fn forget_silent(&self, now: Instant, silence: Duration) -> bool {
        let mut inner = self.lock();
        let silent: Vec<Arc<str>> = inner
            .nodes
            .iter()
            .filter(|(_, known)| now.saturating_duration_since(known.heard) > silence)
            .map(|(node, _)| node.clone())
            .collect();
        let mut lost_rooms = false;
        for node in silent {
            if let Some(known) = inner.nodes.remove(&node) {
                if !known.rooms.is_empty() {
                    tracing::info!(%node, rooms = known.rooms.len(), "node silent: its rooms forgotten");
                    lost_rooms = true;
                }
                for (id, room) in &known.rooms {
                    inner.unplace(&node, id, room);
                }
            }
        }
        lost_rooms
    }

    /// Every remote room not in `local`, with its access data (each room once).
    pub(crate) fn live_rooms(
        &self,
        local: &HashSet<RoomId>,
        out: &mut Vec<(Arc<RoomSummary>, RoomAccess)>,
    ) {
        let inner = self.lock();
        let mut seen: HashSet<&RoomId> = HashSet::new();
        for known in inner.nodes.values() {
            for (id, room) in &known.rooms {
                if !local.contains(id) && seen.insert(id) {
                    out.push((room.summary.clone(), room.access.clone()));
                }
            }
        }
    }

    /// The remote room `user` is in, if any, with its access data.
    pub(crate) fn room_of(&self, user: UserId) -> Option<(Arc<RoomSummary>, RoomAccess)> {
        let inner = self.lock();
        let (node, id) = inner.whereabouts.get(&user)?;
        let room = inner.nodes.get(node)?.rooms.get(id)?;
        Some((room.summary.clone(), room.access.clone()))
    }

    /// Room `id`'s access data, as the node running it last published it.
    pub(crate) fn access(&self, id: &RoomId) -> Option<RoomAccess> {
        let inner = self.lock();
        inner
            .nodes
            .values()
            .find_map(|node| node.rooms.get(id))
            .map(|room| room.access.clone())
    }

    /// Adds, per remote room not in `local`, how many of `followees` are in it.
    pub(crate) fn followed_present(
        &self,
        followees: &HashSet<UserId>,
        local: &HashSet<RoomId>,
        present: &mut HashMap<RoomId, u32>,
    ) {
        let inner = self.lock();
        for user in followees {
            if let Some((_, room)) = inner.whereabouts.get(user) {
                if !local.contains(room) {
                    *present.entry(room.clone()).or_default() += 1;
                }
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peers::wire::WireAccess;
    use stoa_proto::RoomKind;

    fn state(id: &str, members: &[i64], listeners: u32) -> RoomState {
        RoomState {
            summary: RoomSummary {
                id: RoomId(id.to_string()),
                title: format!("room {id}"),
                kind: RoomKind::Open,
                stage: Vec::new(),
                listener_count: listeners,
                ended: false,
                club: None,
                members_only: false,
                reason: None,
            },
            access: WireAccess::from(&RoomAccess::default()),
            members: members.iter().map(|&i| UserId(i)).collect(),
        }
    }

    fn ids(remote: &RemoteRooms) -> Vec<String> {
        let mut out = Vec::new();
        remote.live_rooms(&HashSet::new(), &mut out);
        let mut ids: Vec<String> = out.iter().map(|(s, _)| s.id.0.clone()).collect();
        ids.sort();
        ids
    }

    fn room_of(remote: &RemoteRooms, user: i64) -> Option<String> {
        remote
            .room_of(UserId(user))
            .map(|(summary, _)| summary.id.0.clone())
    }

    #[test]
    fn updates_lists_and_silence_track_each_nodes_rooms() {
        let remote = RemoteRooms::default();
        let t0 = Instant::now();
        assert!(remote.room("a", state("r1", &[1, 2], 1), t0));
        assert!(!remote.room("a", state("r1", &[1, 2], 1), t0), "unchanged");
        assert!(remote.room("b", state("r2", &[3], 0), t0));
        assert_eq!(ids(&remote), ["r1", "r2"]);
        assert_eq!(room_of(&remote, 2).as_deref(), Some("r1"));

        // Member 2 moves to r2; r1 keeps member 1.
        assert!(remote.room("a", state("r1", &[1], 0), t0));
        assert!(remote.room("b", state("r2", &[3, 2], 1), t0));
        assert_eq!(room_of(&remote, 2).as_deref(), Some("r2"));
        let mut present = HashMap::new();
        let follows: HashSet<UserId> = [UserId(1), UserId(2), UserId(3)].into();
        remote.followed_present(&follows, &HashSet::new(), &mut present);
        assert_eq!(present.get(&RoomId("r2".into())), Some(&2));

        // A local room hides its remote copy.
        let mut out = Vec::new();
        remote.live_rooms(&[RoomId("r1".into())].into(), &mut out);
        assert_eq!(out.len(), 1);

        // r1 ends; b's list in two parts replaces its rooms once complete.
        assert!(remote.gone("a", RoomId("r1".into()), t0));
        assert_eq!(room_of(&remote, 1), None);
        assert!(!remote.rooms_part("b", 1, vec![state("r3", &[4], 0)], false, t0));
        assert_eq!(ids(&remote), ["r2"]);
        assert!(remote.rooms_part("b", 1, vec![state("r4", &[], 0)], true, t0));
        assert_eq!(ids(&remote), ["r3", "r4"]);
        assert_eq!(room_of(&remote, 2), None);
        assert_eq!(room_of(&remote, 4).as_deref(), Some("r3"));

        // b falls silent while a is heard: b's rooms are forgotten.
        let later = t0 + Duration::from_secs(4);
        remote.heard("a", later);
        assert!(remote.forget_silent(later, Duration::from_secs(3)));
        assert_eq!(ids(&remote), Vec::<String>::new());
        assert_eq!(room_of(&remote, 4), None);
        assert!(!remote.forget_silent(later, Duration::from_secs(3)));
    }
}
