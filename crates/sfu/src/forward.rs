//! The media path of the core: forwarding one RTP packet, and the periodic room evaluation
//! (slots and speaking).

use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::rtp::RtpPacket;

use crate::core::Sfu;
use crate::demux::PeerIdx;
use crate::peer::Written;
use crate::rewrite::SourceKey;
use crate::room::RoomIdx;
use crate::slots::Candidate;
use crate::view::physical_slot;
use crate::SfuEvent;
use stoa_proto::UserId;

/// A publisher that sent nothing for this long loses its slot.
pub const SLOT_IDLE: Duration = Duration::from_secs(2);

/// One microphone packet to forward: from str0m, or decrypted by Stoa for a settled peer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Incoming<'a> {
    pub ssrc: u32,
    /// Extended (rollover-free) sequence number.
    pub seq: u64,
    pub timestamp: u32,
    pub marker: bool,
    /// Audio level (`-dBov`) and voice activity, as str0m reports them.
    pub level: Option<i8>,
    pub voice: Option<bool>,
    pub payload: &'a [u8],
    /// The payload as str0m shares it (spares a copy when a receiver still goes through str0m).
    pub shared: Option<&'a Arc<[u8]>>,
}

impl<'a> From<&'a RtpPacket> for Incoming<'a> {
    fn from(pkt: &'a RtpPacket) -> Self {
        let ext = &pkt.header.ext_vals;
        Self {
            ssrc: *pkt.header.ssrc,
            seq: *pkt.seq_no,
            timestamp: pkt.header.timestamp,
            marker: pkt.header.marker,
            level: ext.audio_level,
            voice: ext.voice_activity,
            payload: &pkt.payload,
            shared: Some(&pkt.payload),
        }
    }
}

impl Sfu {
    /// Forwards one packet from `sender` to the other peers of its room: the sender's virtual
    /// slot is mapped per receiver onto a physical slot ([`physical_slot`]). On an edge the
    /// packet goes to the room's origin instead ([`crate::relay`]), which decides its slot.
    pub(crate) fn forward(&mut self, sender: PeerIdx, pkt: &Incoming<'_>, now: Instant) {
        self.counters.inc_packets_in();
        let Some(peer) = self.peers.get_mut(&sender) else {
            return;
        };
        // Received (and authenticated), forwarded or not: settling continues from here.
        peer.last_in = Some((pkt.ssrc, pkt.seq));
        if !peer.publish.allowed() {
            self.counters.inc_dropped_not_allowed(peer.publish);
            return;
        }
        let user = peer.user;
        let room_idx = peer.room;
        if let Some(link) = self.rooms.get(&room_idx).and_then(|r| r.relay.upstream) {
            self.send_uplink(link, user, pkt);
            return;
        }
        let speaking_changed = peer.level.on_packet(now, pkt.level, pkt.voice);
        let source = SourceKey {
            peer: sender.0,
            ssrc: pkt.ssrc,
        };
        self.publish_packet(room_idx, user, source, pkt, speaking_changed, now);
    }

    /// A packet of `speaker`, who may publish in the room: its virtual slot (a free one if it
    /// has none), then [`Sfu::fan_out`].
    pub(crate) fn publish_packet(
        &mut self,
        room_idx: RoomIdx,
        speaker: UserId,
        source: SourceKey,
        pkt: &Incoming<'_>,
        speaking_changed: bool,
        now: Instant,
    ) {
        let Some(room) = self.rooms.get_mut(&room_idx) else {
            return;
        };
        if speaking_changed {
            room.speaking_dirty = true;
        }
        let slot = match room.slots.slot_of(speaker) {
            Some(k) => Some(k),
            None => {
                let k = room.slots.try_assign_free(speaker, now);
                if k.is_some() {
                    self.events.push_back(SfuEvent::Slots {
                        room: room.id.clone(),
                        slots: room.slots.snapshot(),
                    });
                }
                k
            }
        };
        if let Some(vslot) = slot {
            self.fan_out(room_idx, vslot, speaker, source, pkt, now);
        }
        if speaking_changed {
            self.maybe_emit_speaking(room_idx, now);
        }
    }

    /// Writes `speaker`'s packet on virtual slot `vslot` to every other member of the room (on
    /// the physical slot of each one's view), and once to each of the room's edges.
    pub(crate) fn fan_out(
        &mut self,
        room_idx: RoomIdx,
        vslot: usize,
        speaker: UserId,
        source: SourceKey,
        pkt: &Incoming<'_>,
        now: Instant,
    ) {
        let Some(room) = self.rooms.get(&room_idx) else {
            return;
        };
        let on_edge = room.relay.upstream.is_some();
        let (mut written, mut direct) = (0u64, 0u64);
        for &r in &room.members {
            let Some(receiver) = self.peers.get_mut(&r) else {
                continue;
            };
            if receiver.user == speaker {
                continue;
            }
            // O(VIRTUAL_SLOTS): a constant.
            let held = if on_edge {
                room.relay.held_by(receiver.user)
            } else {
                room.slots.slot_of(receiver.user)
            };
            let Some(slot) = physical_slot(vslot, held) else {
                continue;
            };
            let pool = &mut self.buffers;
            match receiver.write_slot(slot, source, pkt, now, || pool.pop().unwrap_or_default()) {
                Written::Nothing => {}
                Written::ToRtc => {
                    written += 1;
                    if !receiver.dirty {
                        receiver.dirty = true;
                        self.dirty.push(r);
                    }
                }
                Written::Direct(t) => {
                    written += 1;
                    direct += 1;
                    self.transmits.push_back(t);
                }
            }
        }
        self.counters.add_forwarded(written);
        self.counters.add_direct(direct);
        if !room.relay.edges.is_empty() {
            self.send_to_edges(room_idx, vslot, speaker, pkt);
        }
    }

    /// Re-evaluates every room: speaking by silence, slot hysteresis, throttled events.
    pub(crate) fn tick_rooms(&mut self, now: Instant) {
        let room_idxs: Vec<RoomIdx> = self.rooms.keys().copied().collect();
        for room_idx in room_idxs {
            let Some(room) = self.rooms.get_mut(&room_idx) else {
                continue;
            };
            if room.relay.upstream.is_some() {
                // An edge follows its origin's slots.
                continue;
            }
            let mut candidates = Vec::with_capacity(room.publishers.len());
            for p in &room.publishers {
                let Some(peer) = self.peers.get_mut(p) else {
                    continue;
                };
                if peer.level.on_tick(now) {
                    room.speaking_dirty = true;
                }
                if peer.level.sent_within(now, SLOT_IDLE) {
                    candidates.push(Candidate {
                        user: peer.user,
                        loudness: peer.level.loudness(now),
                    });
                }
            }
            for speaker in &mut room.relay.remote {
                if speaker.level.on_tick(now) {
                    room.speaking_dirty = true;
                }
                if speaker.level.sent_within(now, SLOT_IDLE) {
                    candidates.push(Candidate {
                        user: speaker.user,
                        loudness: speaker.level.loudness(now),
                    });
                }
            }
            if room.slots.rebalance(now, &candidates) {
                self.events.push_back(SfuEvent::Slots {
                    room: room.id.clone(),
                    slots: room.slots.snapshot(),
                });
            }
            self.maybe_emit_speaking(room_idx, now);
        }
    }

    /// Emits `Speaking` for a room if its set changed and the throttle allows it.
    pub(crate) fn maybe_emit_speaking(&mut self, room_idx: RoomIdx, now: Instant) {
        let Some(room) = self.rooms.get_mut(&room_idx) else {
            return;
        };
        if !room.speaking_dirty || !room.may_emit_speaking(now) {
            return;
        }
        room.speaking_dirty = false;
        let mut users: Vec<_> = room
            .publishers
            .iter()
            .filter_map(|p| self.peers.get(p))
            .filter(|p| p.level.is_speaking())
            .map(|p| p.user)
            .chain(
                room.relay
                    .remote
                    .iter()
                    .filter(|s| s.level.is_speaking())
                    .map(|s| s.user),
            )
            .collect();
        users.sort();
        if users != room.speaking {
            room.speaking.clone_from(&users);
            room.speaking_emitted_at = Some(now);
            self.events.push_back(SfuEvent::Speaking {
                room: room.id.clone(),
                users,
            });
        }
    }
}
