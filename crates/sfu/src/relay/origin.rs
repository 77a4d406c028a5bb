//! The origin's end: accepting edges, sealing each forwarded packet once per edge, taking edge
//! speakers' microphones (after checking their permission again), and keeping permits fresh.

use std::time::Instant;

use stoa_proto::{RoomId, UserId};

use super::frame::{self, Kind, MediaBody, Opener, Sealer};
use super::{random_link_id, EdgeOffer, Link, OriginAccept, RemoteSpeaker, Side, RELAYED_SOURCE};
use crate::core::{Sfu, Transmit};
use crate::forward::Incoming;
use crate::rewrite::SourceKey;
use crate::room::RoomIdx;
use crate::SfuEvent;

impl Sfu {
    /// Origin: sets up (or finds) the link to the edge that sent `offer` for `room`, and
    /// answers with our end. The same offer twice gives the same link; a new offer from the
    /// same address (the edge's link was replaced) replaces the old link.
    pub fn accept_edge(&mut self, now: Instant, room: RoomId, offer: &EdgeOffer) -> OriginAccept {
        let addr = self.factory.candidate();
        let room_idx = self.room_idx(room);
        let existing = self.links.iter().find_map(|(id, l)| {
            (l.room == room_idx && l.side == Side::Origin && l.remote == Some(offer.addr))
                .then_some((*id, l.offer.as_ref() == Some(offer)))
        });
        match existing {
            Some((id, true)) => return OriginAccept { link: id, addr },
            Some((id, false)) => self.drop_link(id),
            None => {}
        }
        let mut id = random_link_id();
        while self.links.contains_key(&id) {
            id = random_link_id();
        }
        self.links.insert(
            id,
            Link {
                room: room_idx,
                side: Side::Origin,
                remote: Some(offer.addr),
                sealer: Some(Sealer::new(&offer.down_key, offer.link)),
                opener: Opener::new(&offer.up_key, id),
                last_rx: now,
                since: now,
                offer: Some(offer.clone()),
                origin_node: None,
            },
        );
        if let Some(room) = self.rooms.get_mut(&room_idx) {
            room.relay.edges.push(id);
            // The new edge learns who may publish at once.
            room.relay.permits_repeat = super::PERMITS_REPEAT;
        }
        tracing::debug!(link = id, edge = %offer.addr, "relay: edge accepted");
        OriginAccept { link: id, addr }
    }

    /// Origin: records whether `user` may publish in `room`, wherever they are connected (an
    /// edge speaker's uplink is forwarded only while they may). Creates the room's entry for an
    /// allowed user; forbidding frees their slot.
    pub(crate) fn set_permit(&mut self, now: Instant, room: &RoomId, user: UserId, allowed: bool) {
        let room_idx = match self.room_ids.get(room) {
            Some(i) => *i,
            None if allowed => self.room_idx(room.clone()),
            None => return,
        };
        let Some(r) = self.rooms.get_mut(&room_idx) else {
            return;
        };
        if r.relay.upstream.is_some() || !r.relay.set_permit(user, allowed) {
            return;
        }
        let local = self.users.get(&user).and_then(|p| self.peers.get(p));
        let remote_slot = !allowed && local.is_none_or(|p| p.room != room_idx);
        if remote_slot && r.slots.remove(user) {
            self.events.push_back(SfuEvent::Slots {
                room: r.id.clone(),
                slots: r.slots.snapshot(),
            });
        }
        r.speaking_dirty = true;
        self.maybe_emit_speaking(room_idx, now);
        if self.rooms.get(&room_idx).is_some_and(|r| r.is_idle()) {
            self.forget_room(room_idx);
        }
    }

    /// Origin: seals one forwarded packet for each edge of the room.
    pub(crate) fn send_to_edges(
        &mut self,
        room_idx: RoomIdx,
        vslot: usize,
        speaker: UserId,
        pkt: &Incoming<'_>,
    ) {
        let Some(room) = self.rooms.get(&room_idx) else {
            return;
        };
        let body = MediaBody {
            // At most VIRTUAL_SLOTS (4).
            vslot: vslot as u8,
            speaker,
            ssrc: pkt.ssrc,
            seq: pkt.seq,
            timestamp: pkt.timestamp,
            marker: pkt.marker,
            level: pkt.level,
            voice: pkt.voice,
            payload: pkt.payload,
        };
        for id in &room.relay.edges {
            let Some(link) = self.links.get_mut(id) else {
                continue;
            };
            let (Some(sealer), Some(destination)) = (link.sealer.as_mut(), link.remote) else {
                continue;
            };
            let mut contents = self.buffers.pop().unwrap_or_default();
            sealer.seal(Kind::Media, &mut contents, body.wire_len(), |out| {
                body.write(out);
            });
            self.transmits.push_back(Transmit {
                destination,
                contents,
            });
            self.counters.inc_relay_sent();
        }
    }

    /// Origin: an edge speaker's microphone packet. Forwarded like a local speaker's if the
    /// room still lets them publish and they are not connected here too.
    pub(crate) fn on_uplink(&mut self, now: Instant, room_idx: RoomIdx, body: &MediaBody<'_>) {
        self.counters.inc_packets_in();
        let speaker = body.speaker;
        let local_here = self
            .users
            .get(&speaker)
            .and_then(|p| self.peers.get(p))
            .is_some_and(|p| p.room == room_idx);
        let Some(room) = self.rooms.get_mut(&room_idx) else {
            return;
        };
        if local_here || !room.relay.permits.contains(&speaker) {
            self.counters.inc_relay_dropped_not_allowed();
            return;
        }
        let pos = match room.relay.remote.iter().position(|s| s.user == speaker) {
            Some(i) => i,
            None => {
                room.relay.remote.push(RemoteSpeaker {
                    user: speaker,
                    level: Default::default(),
                });
                room.relay.remote.len() - 1
            }
        };
        let speaking_changed = room.relay.remote[pos]
            .level
            .on_packet(now, body.level, body.voice);
        let pkt = Incoming {
            ssrc: body.ssrc,
            seq: body.seq,
            timestamp: body.timestamp,
            marker: body.marker,
            level: body.level,
            voice: body.voice,
            payload: body.payload,
            shared: None,
        };
        let source = SourceKey {
            // User ids are positive: the marked bit keeps them apart from peer indices.
            peer: RELAYED_SOURCE | speaker.0 as u64,
            ssrc: body.ssrc,
        };
        self.publish_packet(room_idx, speaker, source, &pkt, speaking_changed, now);
    }

    /// Origin: sends the permits of every room whose list changed lately (each room tick).
    pub(crate) fn tick_relay_permits(&mut self) {
        let due: Vec<RoomIdx> = self
            .rooms
            .iter_mut()
            .filter(|(_, r)| r.relay.permits_repeat > 0 && !r.relay.edges.is_empty())
            .map(|(idx, r)| {
                r.relay.permits_repeat -= 1;
                *idx
            })
            .collect();
        for room_idx in due {
            self.send_permits(room_idx);
        }
    }

    /// Origin: the room's permits to each of its edges (a rare datagram: at most a few per
    /// second and edge).
    pub(crate) fn send_permits(&mut self, room_idx: RoomIdx) {
        let Some(room) = self.rooms.get(&room_idx) else {
            return;
        };
        let (edges, version, permits) = (
            room.relay.edges.clone(),
            room.relay.permits_version,
            room.relay.permits.clone(),
        );
        let len = 10 + 8 * permits.len();
        for id in edges {
            self.send_on(id, Kind::Permits, len, |out| {
                frame::write_permits(out, version, &permits);
            });
        }
    }
}
