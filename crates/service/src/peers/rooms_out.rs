//! The rooms publisher: tells the other nodes about the live rooms this node runs, so their
//! hallways and friends online list them.
//!
//! - A room that changed (its summary, access data or members) is published at once, then at
//!   most every [`ROOM_EVERY`]: changes in between are coalesced into the next publication.
//! - A room that ended (or moved to another node) is withdrawn at once.
//! - Every [`ROOMS_EVERY`] the full list goes out, so the others recover from anything lost
//!   and replace what they knew (a room missing from it is gone).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use stoa_proto::RoomId;
use tokio::time::{Instant, MissedTickBehavior};

use super::link::Peers;
use crate::rooms::Registry;

/// Least time between two publications of one room.
pub(crate) const ROOM_EVERY: Duration = Duration::from_millis(250);

/// How often the full list of this node's rooms goes out.
pub(crate) const ROOMS_EVERY: Duration = Duration::from_secs(2);

/// Starts the publisher; it ends when the service stops.
pub(crate) fn spawn(background: &crate::Background, peers: Peers, registry: Arc<Registry>) {
    background.spawn_until_stopped("cluster rooms publisher", async move {
        let mut full = tokio::time::interval(ROOMS_EVERY);
        full.set_missed_tick_behavior(MissedTickBehavior::Delay);
        // When each room was last published (only within the last ROOM_EVERY matters).
        let mut sent: HashMap<RoomId, Instant> = HashMap::new();
        // Rooms changed but published too recently: they go out when their pause is over.
        let mut waiting: HashSet<RoomId> = HashSet::new();
        loop {
            let due = waiting
                .iter()
                .filter_map(|id| sent.get(id))
                .min()
                .map(|at| *at + ROOM_EVERY);
            tokio::select! {
                changed = registry.changed_rooms() => waiting.extend(changed),
                _ = full.tick() => {
                    let rooms = registry
                        .room_ids()
                        .iter()
                        .filter_map(|id| registry.room_state(id))
                        .collect();
                    peers.rooms(rooms);
                    continue;
                }
                _ = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {}
            }
            let now = Instant::now();
            sent.retain(|_, at| now.saturating_duration_since(*at) < ROOM_EVERY);
            waiting.retain(|id| {
                if registry.get(id).is_some() && sent.contains_key(id) {
                    return true;
                }
                match registry.room_state(id) {
                    Some(state) => {
                        peers.room(state);
                        sent.insert(id.clone(), now);
                    }
                    None => {
                        peers.room_gone(id.clone());
                        sent.remove(id);
                    }
                }
                false
            });
        }
    });
}
