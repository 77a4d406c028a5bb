//! The registry of live room tasks and the hallway built from their summaries.

use std::collections::HashMap;
use std::sync::Mutex;

use stoa_proto::rest::{Hallway, RoomSummary};
use stoa_proto::{RoomId, UserId};
use tokio::sync::watch;

use super::RoomHandle;

/// Live rooms by id, and the hallway (published through a watch channel, so slow readers only
/// ever see the latest version).
pub(crate) struct Registry {
    rooms: Mutex<HashMap<RoomId, (RoomHandle, RoomSummary)>>,
    /// The room each member is in: a member is in one room at a time.
    whereabouts: Mutex<HashMap<UserId, RoomId>>,
    hallway: watch::Sender<Hallway>,
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            rooms: Mutex::new(HashMap::new()),
            whereabouts: Mutex::new(HashMap::new()),
            hallway: watch::Sender::new(Hallway { rooms: Vec::new() }),
        }
    }
}

impl Registry {
    /// Adds a live room.
    pub fn insert(&self, handle: RoomHandle, summary: RoomSummary) {
        self.lock().insert(summary.id.clone(), (handle, summary));
        self.publish();
    }

    /// Replaces a live room's summary (no-op if it is gone).
    pub fn update(&self, summary: RoomSummary) {
        let changed = match self.lock().get_mut(&summary.id) {
            Some(entry) if entry.1 != summary => {
                entry.1 = summary;
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
        self.lock().get(id).map(|(handle, _)| handle.clone())
    }

    /// A live room's summary.
    pub fn summary(&self, id: &RoomId) -> Option<RoomSummary> {
        self.lock().get(id).map(|(_, summary)| summary.clone())
    }

    /// Records that `user` is now in `room`; returns the room they were in before, if another.
    pub fn enter(&self, user: UserId, room: &RoomId) -> Option<RoomId> {
        let mut map = self.whereabouts.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(user, room.clone())
            .filter(|previous| previous != room)
    }

    /// Records that `user` left `room` (no-op if they are elsewhere by now).
    pub fn leave(&self, user: UserId, room: &RoomId) {
        let mut map = self.whereabouts.lock().unwrap_or_else(|p| p.into_inner());
        if map.get(&user) == Some(room) {
            map.remove(&user);
        }
    }

    /// The current hallway.
    pub fn hallway(&self) -> Hallway {
        self.hallway.borrow().clone()
    }

    /// A receiver of hallway versions.
    pub fn watch_hallway(&self) -> watch::Receiver<Hallway> {
        self.hallway.subscribe()
    }

    fn publish(&self) {
        let mut rooms: Vec<RoomSummary> = self
            .lock()
            .values()
            .map(|(_, summary)| summary.clone())
            .collect();
        rooms.sort_by(|a, b| {
            let size = |r: &RoomSummary| r.stage.len() as u32 + r.listener_count;
            size(b).cmp(&size(a)).then_with(|| a.title.cmp(&b.title))
        });
        self.hallway.send_replace(Hallway { rooms });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RoomId, (RoomHandle, RoomSummary)>> {
        self.rooms
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
