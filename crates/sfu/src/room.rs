//! A room as the SFU sees it: who receives, who may publish, the slot map and the speaking set.

use std::time::{Duration, Instant};

use stoa_proto::{RoomId, UserId};

use crate::demux::PeerIdx;
use crate::relay::RoomRelay;
use crate::slots::SlotAllocator;

/// Index of a room inside the SFU core (so peers can name their room without cloning a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoomIdx(pub u64);

/// At most one `Speaking` event per room per this interval.
pub const SPEAKING_MIN_INTERVAL: Duration = Duration::from_millis(100);

/// Media state of one room.
#[derive(Debug)]
pub struct Room {
    /// Its id (for events).
    pub id: RoomId,
    /// Every peer in the room (all receive).
    pub members: Vec<PeerIdx>,
    /// Peers currently allowed to publish.
    pub publishers: Vec<PeerIdx>,
    /// Which publisher is on which slot.
    pub slots: SlotAllocator,
    /// The speaking set last emitted.
    pub speaking: Vec<UserId>,
    /// When the last `Speaking` event was emitted.
    pub speaking_emitted_at: Option<Instant>,
    /// Speaking may have changed since the last emission.
    pub speaking_dirty: bool,
    /// Its edges, or its origin, on other nodes ([`crate::relay`]).
    pub(crate) relay: RoomRelay,
}

impl Room {
    /// An empty room.
    pub fn new(id: RoomId) -> Self {
        Self {
            id,
            members: Vec::new(),
            publishers: Vec::new(),
            slots: SlotAllocator::default(),
            speaking: Vec::new(),
            speaking_emitted_at: None,
            speaking_dirty: false,
            relay: RoomRelay::default(),
        }
    }

    /// Adds or removes `peer` from the publisher list.
    pub fn set_publisher(&mut self, peer: PeerIdx, allowed: bool) {
        let pos = self.publishers.iter().position(|p| *p == peer);
        match (allowed, pos) {
            (true, None) => self.publishers.push(peer),
            (false, Some(i)) => {
                self.publishers.swap_remove(i);
            }
            _ => {}
        }
    }

    /// Removes `peer` from the room entirely.
    pub fn remove_member(&mut self, peer: PeerIdx) {
        self.members.retain(|p| *p != peer);
        self.set_publisher(peer, false);
    }

    /// Whether nothing keeps the room in the SFU: no member here, no link to another node, no
    /// permission to remember.
    pub fn is_idle(&self) -> bool {
        self.members.is_empty() && self.relay.is_idle()
    }

    /// Whether a `Speaking` event may be emitted at `now` (throttle).
    pub fn may_emit_speaking(&self, now: Instant) -> bool {
        self.speaking_emitted_at
            .is_none_or(|t| now.saturating_duration_since(t) >= SPEAKING_MIN_INTERVAL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishers_track_permission_and_membership() {
        let mut r = Room::new(RoomId("r".into()));
        r.members.extend([PeerIdx(1), PeerIdx(2)]);
        r.set_publisher(PeerIdx(1), true);
        r.set_publisher(PeerIdx(1), true);
        assert_eq!(r.publishers, [PeerIdx(1)]);
        r.remove_member(PeerIdx(1));
        assert_eq!(r.members, [PeerIdx(2)]);
        assert!(r.publishers.is_empty());
    }

    #[test]
    fn speaking_throttle() {
        let t0 = Instant::now();
        let mut r = Room::new(RoomId("r".into()));
        assert!(r.may_emit_speaking(t0));
        r.speaking_emitted_at = Some(t0);
        assert!(!r.may_emit_speaking(t0 + Duration::from_millis(50)));
        assert!(r.may_emit_speaking(t0 + SPEAKING_MIN_INTERVAL));
    }
}
