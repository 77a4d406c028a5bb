//! The registry of live room tasks, their summaries and access data, where each member is, and
//! a change signal the per-viewer hallway feeds wait on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use std::collections::HashSet;

use stoa_proto::rest::RoomSummary;
use stoa_proto::{RoomId, UserId};
use tokio::sync::watch;

use super::{RoomAccess, RoomHandle};

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
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            rooms: Mutex::new(HashMap::new()),
            whereabouts: Mutex::new(HashMap::new()),
            changes: watch::Sender::new(0),
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
        self.lock().insert(entry.summary.id.clone(), entry);
        self.publish();
    }

    /// Replaces a live room's summary and access data (no-op if it is gone).
    pub fn update(&self, summary: RoomSummary, access: RoomAccess) {
        let changed = match self.lock().get_mut(&summary.id) {
            Some(entry) if *entry.summary != summary || entry.access != access => {
                entry.summary = Arc::new(summary);
                entry.access = access;
                true
            }
            _ => false,
        };
        if changed {
            self.publish();
        }
    }

    /// Removes a room that ended.
    pub fn remove(&self, id: &RoomId) {
        if self.lock().remove(id).is_some() {
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
    pub fn followed_present(&self, followees: &HashSet<UserId>) -> HashMap<RoomId, u32> {
        let map = self.whereabouts.lock().unwrap_or_else(|p| p.into_inner());
        let mut present: HashMap<RoomId, u32> = HashMap::new();
        for user in followees {
            if let Some(room) = map.get(user) {
                *present.entry(room.clone()).or_default() += 1;
            }
        }
        present
    }

    fn publish(&self) {
        self.changes.send_modify(|version| *version += 1);
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
