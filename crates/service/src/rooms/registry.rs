//! The registry of live room tasks, their summaries and access data, where each member is, and
//! a change signal the per-viewer hallway feeds wait on.
//!
//! In a cluster it also keeps the live rooms the other nodes run ([`RemoteRooms`]), so the
//! hallway and friends online span the cluster, and notes which of its own rooms changed (and
//! who is in each) for the publisher that tells the other nodes ([`crate::peers`]). On a single
//! node neither exists: one empty `OnceLock` read per call.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use std::collections::HashSet;

use stoa_proto::rest::RoomSummary;
use stoa_proto::{RoomId, UserId};
use tokio::sync::{watch, Notify};

use super::{RoomAccess, RoomHandle};
use crate::peers::remote_rooms::RemoteRooms;
use crate::peers::wire::{RoomState, WireAccess, ROOM_MEMBERS};

/// One live room as the registry keeps it.
struct Entry {
    handle: RoomHandle,
    /// Shared, so hallway readers clone a pointer, not the room.
    summary: Arc<RoomSummary>,
    access: RoomAccess,
}

/// Live rooms by id, where each member is, and a change counter (a watch channel, so slow
/// readers only ever see the latest version) bumped whenever a room's summary or access changes.
pub(crate) struct Registry {
    rooms: Mutex<HashMap<RoomId, Entry>>,
    /// The room each member is in: a member is in one room at a time.
    whereabouts: Mutex<HashMap<UserId, RoomId>>,
    changes: watch::Sender<u64>,
    /// Cluster mode only: the other nodes' rooms and what to tell them of this node's.
    cluster: OnceLock<ClusterSide>,
}

/// The registry's cluster half.
struct ClusterSide {
    remote: RemoteRooms,
    outbound: Mutex<Outbound>,
    /// Wakes the publisher when a room is added to `outbound.dirty`.
    wake: Notify,
}

/// This node's rooms as the publisher needs them.
#[derive(Default)]
struct Outbound {
    /// Rooms changed (or ended) since the publisher last looked.
    dirty: HashSet<RoomId>,
    /// Who is in each of this node's rooms.
    members: HashMap<RoomId, HashSet<UserId>>,
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            rooms: Mutex::new(HashMap::new()),
            whereabouts: Mutex::new(HashMap::new()),
            changes: watch::Sender::new(0),
            cluster: OnceLock::new(),
        }
    }
}

impl Registry {
    /// Adds a live room.
    pub fn insert(&self, handle: RoomHandle, summary: RoomSummary, access: RoomAccess) {
        let entry = Entry {
            handle,
            summary: Arc::new(summary),
            access,
        };
        let id = entry.summary.id.clone();
        self.lock().insert(id.clone(), entry);
        self.touched(&id);
        self.publish();
    }

    /// Replaces a live room's summary and access data (no-op if it is gone).
    pub fn update(&self, summary: RoomSummary, access: RoomAccess) {
        let id = summary.id.clone();
        let changed = match self.lock().get_mut(&summary.id) {
            Some(entry) if *entry.summary != summary || entry.access != access => {
                entry.summary = Arc::new(summary);
                entry.access = access;
                true
            }
            _ => false,
        };
        if changed {
            self.touched(&id);
            self.publish();
        }
    }

    /// Removes a room that ended.
    pub fn remove(&self, id: &RoomId) {
        if self.lock().remove(id).is_some() {
            self.touched(id);
            self.publish();
        }
    }

    /// A live room's task.
    pub fn get(&self, id: &RoomId) -> Option<RoomHandle> {
        self.lock().get(id).map(|entry| entry.handle.clone())
    }

    /// Every live room's task.
    pub fn handles(&self) -> Vec<RoomHandle> {
        self.lock()
            .values()
            .map(|entry| entry.handle.clone())
            .collect()
    }

    /// A live room's summary.
    pub fn summary(&self, id: &RoomId) -> Option<RoomSummary> {
        self.lock().get(id).map(|entry| (*entry.summary).clone())
    }

    /// A live room's access data.
    pub fn access(&self, id: &RoomId) -> Option<RoomAccess> {
        self.lock().get(id).map(|entry| entry.access.clone())
    }

    /// Every live room's summary with its access data (cheap clones: the sets are shared).
    pub fn live_rooms(&self) -> Vec<(Arc<RoomSummary>, RoomAccess)> {
        self.lock()
            .values()
            .map(|entry| (entry.summary.clone(), entry.access.clone()))
            .collect()
    }

    /// The tasks of the live rooms where `user` is on stage.
    pub fn rooms_with_on_stage(&self, user: UserId) -> Vec<RoomHandle> {
        self.lock()
            .values()
            .filter(|entry| entry.access.stage.contains(&user))
            .map(|entry| entry.handle.clone())
            .collect()
    }

    /// The room `user` is in right now, if any.
    pub fn room_of(&self, user: UserId) -> Option<RoomId> {
        let map = self.whereabouts.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&user).cloned()
    }

    /// Records that `user` is now in `room`; returns the room they were in before, if another.
    pub fn enter(&self, user: UserId, room: &RoomId) -> Option<RoomId> {
        let mut map = self.whereabouts.lock().unwrap_or_else(|p| p.into_inner());
        let previous = map.insert(user, room.clone());
        if previous.as_ref() != Some(room) {
            // Under the whereabouts lock, so the rooms' member sets follow its order.
            self.moved(user, previous.as_ref(), Some(room));
        }
        drop(map);
        if previous.as_ref() != Some(room) {
            // Whereabouts feed presence ("friends online") and the hallway: wake their feeds.
            self.publish();
        }
        previous.filter(|previous| previous != room)
    }

    /// Records that `user` left `room` (no-op if they are elsewhere by now).
    pub fn leave(&self, user: UserId, room: &RoomId) {
        let mut map = self.whereabouts.lock().unwrap_or_else(|p| p.into_inner());
        if map.get(&user) == Some(room) {
            map.remove(&user);
            self.moved(user, Some(room), None);
            drop(map);
            self.publish();
        }
    }

    /// A receiver that wakes up whenever a live room changed (started, ended, new summary or
    /// access data).
    pub fn watch_changes(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// For each live room, how many of `followees` are in it (stage or audience).
    /// In a cluster, the other nodes' rooms count too (for the rooms this node does not run).
    pub fn followed_present(&self, followees: &HashSet<UserId>) -> HashMap<RoomId, u32> {
        let map = self.whereabouts.lock().unwrap_or_else(|p| p.into_inner());
        let mut present: HashMap<RoomId, u32> = HashMap::new();
        for user in followees {
            if let Some(room) = map.get(user) {
                *present.entry(room.clone()).or_default() += 1;
            }
        }
        drop(map);
        if let Some(remote) = self.remote() {
            let local: HashSet<RoomId> = self.lock().keys().cloned().collect();
            remote.followed_present(followees, &local, &mut present);
        }
        present
    }

    fn publish(&self) {
        self.changes.send_modify(|version| *version += 1);
    }

    /// Cluster mode: from now on keep the other nodes' rooms and note this node's changes for
    /// the publisher. Call it once, before any room starts.
    pub(crate) fn link_cluster(&self) {
        let _ = self.cluster.set(ClusterSide {
            remote: RemoteRooms::default(),
            outbound: Mutex::new(Outbound::default()),
            wake: Notify::new(),
        });
    }

    /// The other nodes' rooms (none on a single node).
    pub(crate) fn remote(&self) -> Option<&RemoteRooms> {
        self.cluster.get().map(|side| &side.remote)
    }

    /// The other nodes' rooms changed: wakes the hallway and presence feeds.
    pub(crate) fn remote_changed(&self) {
        self.publish();
    }

    /// Every live room the hallway may list: this node's, then the other nodes' (each room
    /// once; this node's copy wins).
    pub fn hallway_rooms(&self) -> Vec<(Arc<RoomSummary>, RoomAccess)> {
        let mut rooms = self.live_rooms();
        if let Some(remote) = self.remote() {
            let local: HashSet<RoomId> = rooms.iter().map(|(s, _)| s.id.clone()).collect();
            remote.live_rooms(&local, &mut rooms);
        }
        rooms
    }

    /// The live room `user` is in, on this node or (in a cluster) another one, with its access
    /// data.
    pub fn room_anywhere(&self, user: UserId) -> Option<(Arc<RoomSummary>, RoomAccess)> {
        if let Some(id) = self.room_of(user) {
            if let Some(entry) = self.lock().get(&id) {
                return Some((entry.summary.clone(), entry.access.clone()));
            }
        }
        self.remote()?.room_of(user)
    }

    /// Cluster mode: `user` moved from `from` to `to` (this node's rooms).
    fn moved(&self, user: UserId, from: Option<&RoomId>, to: Option<&RoomId>) {
        let Some(side) = self.cluster.get() else {
            return;
        };
        let mut out = side.outbound.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(from) = from {
            if let Some(members) = out.members.get_mut(from) {
                members.remove(&user);
                if members.is_empty() {
                    out.members.remove(from);
                }
            }
            out.dirty.insert(from.clone());
        }
        if let Some(to) = to {
            out.members.entry(to.clone()).or_default().insert(user);
            out.dirty.insert(to.clone());
        }
        drop(out);
        side.wake.notify_one();
    }

    /// Cluster mode: this node's room `id` changed (or ended).
    fn touched(&self, id: &RoomId) {
        let Some(side) = self.cluster.get() else {
            return;
        };
        let mut out = side.outbound.lock().unwrap_or_else(|p| p.into_inner());
        out.dirty.insert(id.clone());
        drop(out);
        side.wake.notify_one();
    }

    /// Cluster mode: waits until one of this node's rooms changed, then returns the rooms that
    /// did since the last call (never returns on a single node).
    pub(crate) async fn changed_rooms(&self) -> Vec<RoomId> {
        let Some(side) = self.cluster.get() else {
            return std::future::pending().await;
        };
        loop {
            let dirty: Vec<RoomId> = {
                let mut out = side.outbound.lock().unwrap_or_else(|p| p.into_inner());
                out.dirty.drain().collect()
            };
            if !dirty.is_empty() {
                return dirty;
            }
            side.wake.notified().await;
        }
    }

    /// This node's room `id` as the other nodes are told of it (`None` once it ended).
    pub(crate) fn room_state(&self, id: &RoomId) -> Option<RoomState> {
        let (summary, access) = {
            let rooms = self.lock();
            let entry = rooms.get(id)?;
            (entry.summary.clone(), entry.access.clone())
        };
        let mut members = access.stage.clone();
        members.truncate(ROOM_MEMBERS);
        if let Some(side) = self.cluster.get() {
            let out = side.outbound.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(inside) = out.members.get(id) {
                let room_left = ROOM_MEMBERS.saturating_sub(members.len());
                let audience = inside.iter().filter(|user| !access.stage.contains(user));
                members.extend(audience.take(room_left));
            }
        }
        let mut summary = (*summary).clone();
        summary.reason = None;
        Some(RoomState {
            summary,
            access: WireAccess::from(&access),
            members,
        })
    }

    /// The ids of this node's live rooms.
    pub(crate) fn room_ids(&self) -> Vec<RoomId> {
        self.lock().keys().cloned().collect()
    }

    /// Number of live rooms.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RoomId, Entry>> {
        self.rooms
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
