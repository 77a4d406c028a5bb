//! The edge's end (offering a link, fanning the origin's media out, relaying local speakers'
//! microphones while permitted), and what both ends share: taking relay datagrams in, timeouts.

use std::net::SocketAddr;
use std::time::Instant;

use stoa_proto::{RoomId, UserId};

use super::frame::{self, Kind, MediaBody, Opener, Sealer};
use super::{
    random_key, random_link_id, EdgeOffer, Link, Side, Upstream, LINK_TIMEOUT, RELAYED_SOURCE,
};
use crate::core::{Sfu, Transmit};
use crate::forward::Incoming;
use crate::publish::Publish;
use crate::rewrite::SourceKey;
use crate::room::RoomIdx;

impl Sfu {
    /// [`Sfu::add_peer`] into an edge room: its audio comes from the room's origin on another
    /// node over `upstream`, and its microphone goes there ([`crate::relay`]).
    pub fn add_edge_peer(
        &mut self,
        now: Instant,
        room: RoomId,
        user: UserId,
        publish: impl Into<Publish>,
        new: crate::peer::NewPeer,
        upstream: &crate::relay::Upstream,
    ) -> crate::demux::PeerIdx {
        self.add_peer_via(now, room, user, publish.into(), new, Some(upstream))
    }

    /// Edge: the offer for `room`'s link to its origin on node `origin_node`. The room becomes
    /// an edge (its members' audio comes from the origin). Asking again for the same origin
    /// gives the same offer (one link per room, however many members join); another origin
    /// gets a new link with new keys.
    pub fn offer_upstream(&mut self, now: Instant, room: RoomId, origin_node: &str) -> EdgeOffer {
        let room_idx = self.room_idx(room);
        if let Some(id) = self.rooms.get(&room_idx).and_then(|r| r.relay.upstream) {
            match self.links.get(&id) {
                Some(l) if l.origin_node.as_deref() == Some(origin_node) => {
                    if let Some(offer) = &l.offer {
                        return offer.clone();
                    }
                }
                _ => self.drop_link(id),
            }
        }
        let mut id = random_link_id();
        while self.links.contains_key(&id) {
            id = random_link_id();
        }
        let offer = EdgeOffer {
            link: id,
            addr: self.factory.candidate(),
            down_key: random_key(),
            up_key: random_key(),
        };
        self.install_upstream(now, room_idx, &offer, origin_node);
        offer
    }

    /// Edge: makes `room` an edge fed by `up` (the link offered and accepted), before a member
    /// joins it: the offered link gets the origin's end; if the room's link was replaced
    /// meanwhile, the accepted one is installed again from the offer. A room that had no
    /// upstream drops what it had as an origin.
    pub(crate) fn ensure_upstream(&mut self, now: Instant, room_idx: RoomIdx, up: &Upstream) {
        let current = self.rooms.get(&room_idx).and_then(|r| r.relay.upstream);
        if current != Some(up.offer.link) || !self.links.contains_key(&up.offer.link) {
            if let Some(old) = current {
                self.drop_link(old);
            }
            self.install_upstream(now, room_idx, &up.offer, &up.origin_node);
        }
        let Some(link) = self.links.get_mut(&up.offer.link) else {
            return;
        };
        if link.remote == Some(up.accept.addr) && link.sealer.is_some() {
            return;
        }
        link.sealer = Some(Sealer::new(&up.offer.up_key, up.accept.link));
        link.remote = Some(up.accept.addr);
        self.send_on(up.offer.link, Kind::Keepalive, 0, |_| {});
    }

    /// Installs the edge's end of a link from `offer` and makes the room an edge.
    fn install_upstream(
        &mut self,
        now: Instant,
        room_idx: RoomIdx,
        offer: &EdgeOffer,
        origin_node: &str,
    ) {
        // The room ran here before (its origin moved): what it had as an origin goes.
        let edges = self
            .rooms
            .get_mut(&room_idx)
            .map(|r| std::mem::take(&mut r.relay.edges))
            .unwrap_or_default();
        for id in edges {
            self.drop_link(id);
        }
        self.links.insert(
            offer.link,
            Link {
                room: room_idx,
                side: Side::Edge,
                remote: None,
                sealer: None,
                opener: Opener::new(&offer.down_key, offer.link),
                last_rx: now,
                since: now,
                offer: Some(offer.clone()),
                origin_node: Some(origin_node.to_string()),
            },
        );
        if let Some(r) = self.rooms.get_mut(&room_idx) {
            r.relay = super::RoomRelay {
                upstream: Some(offer.link),
                ..Default::default()
            };
            r.slots = Default::default();
            r.publishers.clear();
        }
    }

    /// Edge: the room's origin moved to another node; its members here stay connected and
    /// are fed over `up` from now on. Nothing happens for a room with no members here.
    pub fn relink(&mut self, now: Instant, room: &RoomId, up: &Upstream) {
        if let Some(idx) = self.room_ids.get(room).copied() {
            self.ensure_upstream(now, idx, up);
        }
    }

    /// The room's origin moved to this node: its members here stay connected and are
    /// forwarded here from now on.
    pub fn run_here(&mut self, room: &RoomId) {
        if let Some(idx) = self.room_ids.get(room).copied() {
            self.become_origin(idx);
        }
    }

    /// A room that had an origin elsewhere runs here now: its link goes.
    pub(crate) fn become_origin(&mut self, room_idx: RoomIdx) {
        if let Some(up) = self.rooms.get(&room_idx).and_then(|r| r.relay.upstream) {
            self.links.remove(&up);
            if let Some(r) = self.rooms.get_mut(&room_idx) {
                r.relay = Default::default();
            }
        }
    }

    /// Edge: a local speaker's microphone packet, sealed up to the origin.
    pub(crate) fn send_uplink(
        &mut self,
        link: u32,
        speaker: stoa_proto::UserId,
        pkt: &Incoming<'_>,
    ) {
        let body = MediaBody {
            vslot: 0,
            speaker,
            ssrc: pkt.ssrc,
            seq: pkt.seq,
            timestamp: pkt.timestamp,
            marker: pkt.marker,
            level: pkt.level,
            voice: pkt.voice,
            payload: pkt.payload,
        };
        self.send_on(link, Kind::Uplink, body.wire_len(), |out| body.write(out));
    }

    /// Seals one datagram on link `id` (if it can send yet) and queues it.
    pub(crate) fn send_on(
        &mut self,
        id: u32,
        kind: Kind,
        len: usize,
        body: impl FnOnce(&mut Vec<u8>),
    ) {
        let Some(link) = self.links.get_mut(&id) else {
            return;
        };
        let (Some(sealer), Some(destination)) = (link.sealer.as_mut(), link.remote) else {
            return;
        };
        let mut contents = self.buffers.pop().unwrap_or_default();
        sealer.seal(kind, &mut contents, len, body);
        self.transmits.push_back(Transmit {
            destination,
            contents,
        });
        self.counters.inc_relay_sent();
    }

    /// A datagram that starts with [`frame::MAGIC`]: found by its link id, authenticated, then
    /// handled by kind. Anything that does not authenticate changes nothing.
    pub(crate) fn relay_datagram(&mut self, now: Instant, src: SocketAddr, bytes: &[u8]) {
        let Some(id) = frame::link_of(bytes) else {
            self.counters.inc_relay_rejected();
            return;
        };
        let Some(link) = self.links.get_mut(&id) else {
            self.counters.inc_relay_rejected();
            return;
        };
        let mut scratch = std::mem::take(&mut self.relay_buf);
        let opened = link.opener.open(bytes, &mut scratch);
        let (kind, body) = match opened {
            Ok(ok) => ok,
            Err(e) => {
                tracing::trace!(link = id, %src, "relay datagram refused: {e}");
                self.counters.inc_relay_rejected();
                self.relay_buf = scratch;
                return;
            }
        };
        self.counters.inc_relay_received();
        link.last_rx = now;
        let (side, room_idx) = (link.side, link.room);
        match (side, kind) {
            (Side::Edge, Kind::Media) => {
                if let Ok(media) = MediaBody::read(body) {
                    self.on_media(now, room_idx, &media);
                }
            }
            (Side::Edge, Kind::Permits) => {
                if let Ok((version, users)) = frame::read_permits(body) {
                    self.on_permits(room_idx, version, &users);
                }
            }
            (Side::Origin, Kind::Uplink) => {
                if let Ok(media) = MediaBody::read(body) {
                    self.on_uplink(now, room_idx, &media);
                }
            }
            (Side::Origin, Kind::Keepalive) => {}
            _ => self.counters.inc_relay_rejected(),
        }
        self.relay_buf = scratch;
    }

    /// Edge: the origin's packet on a virtual slot, to the local members.
    fn on_media(&mut self, now: Instant, room_idx: RoomIdx, media: &MediaBody<'_>) {
        let vslot = usize::from(media.vslot);
        let Some(room) = self.rooms.get_mut(&room_idx) else {
            return;
        };
        if vslot >= crate::slots::VIRTUAL_SLOTS {
            return;
        }
        room.relay.learn_holder(vslot, media.speaker);
        let pkt = Incoming {
            ssrc: media.ssrc,
            seq: media.seq,
            timestamp: media.timestamp,
            marker: media.marker,
            level: media.level,
            voice: media.voice,
            payload: media.payload,
            shared: None,
        };
        let source = SourceKey {
            // User ids are positive: the marked bit keeps them apart from peer indices.
            peer: RELAYED_SOURCE | media.speaker.0 as u64,
            ssrc: media.ssrc,
        };
        self.fan_out(room_idx, vslot, media.speaker, source, &pkt, now);
    }

    /// Edge: who may publish now; local members not named stop sending up.
    fn on_permits(&mut self, room_idx: RoomIdx, version: u64, users: &[stoa_proto::UserId]) {
        let Some(room) = self.rooms.get_mut(&room_idx) else {
            return;
        };
        if version < room.relay.applied_version {
            return;
        }
        room.relay.applied_version = version;
        for idx in &room.members {
            if let Some(peer) = self.peers.get_mut(idx) {
                let allowed = users.contains(&peer.user);
                if allowed != peer.publish.allowed() {
                    peer.publish = if allowed {
                        Publish::Allowed
                    } else {
                        Publish::Audience
                    };
                }
            }
        }
    }

    /// Every second: keepalives and permits out, silent links dropped.
    pub(crate) fn relay_housekeeping(&mut self, now: Instant) {
        if self.links.is_empty() {
            return;
        }
        let silent: Vec<u32> = self
            .links
            .iter()
            .filter(|(_, l)| now.saturating_duration_since(l.last_rx) >= LINK_TIMEOUT)
            .map(|(id, _)| *id)
            .collect();
        // An edge link whose room has no member here (a join that failed after the offer).
        let unused = self.links.iter().filter(|(_, l)| {
            l.side == Side::Edge
                && now.saturating_duration_since(l.since) >= LINK_TIMEOUT
                && self.rooms.get(&l.room).is_none_or(|r| r.members.is_empty())
        });
        let unused: Vec<u32> = unused.map(|(id, _)| *id).collect();
        for id in unused {
            self.drop_link(id);
        }
        for id in silent {
            let side = self.links.get(&id).map(|l| l.side);
            // An edge keeps its link (the service replaces it when the room's origin moves);
            // an origin drops an edge that stopped asking for the room.
            if side == Some(Side::Origin) {
                tracing::debug!(link = id, "relay: edge silent, link dropped");
                self.drop_link(id);
            }
        }
        let edges: Vec<u32> = self
            .links
            .iter()
            .filter(|(_, l)| l.side == Side::Edge)
            .map(|(id, _)| *id)
            .collect();
        for id in edges {
            self.send_on(id, Kind::Keepalive, 0, |_| {});
        }
        let origins: Vec<RoomIdx> = self
            .rooms
            .iter()
            .filter(|(_, r)| !r.relay.edges.is_empty())
            .map(|(idx, _)| *idx)
            .collect();
        for room_idx in origins {
            self.send_permits(room_idx);
        }
    }

    /// Forgets link `id` at this end (and its place in its room).
    pub(crate) fn drop_link(&mut self, id: u32) {
        let Some(link) = self.links.remove(&id) else {
            return;
        };
        let Some(room) = self.rooms.get_mut(&link.room) else {
            return;
        };
        room.relay.edges.retain(|e| *e != id);
        if room.relay.upstream == Some(id) {
            room.relay.upstream = None;
        }
        if room.is_idle() {
            self.forget_room(link.room);
        }
    }

    /// Removes a room that no member, link or permission keeps; an edge room without members
    /// drops its link to the origin (the origin notices the silence).
    pub(crate) fn forget_room(&mut self, room_idx: RoomIdx) {
        let Some(room) = self.rooms.get(&room_idx) else {
            return;
        };
        if !room.members.is_empty() {
            return;
        }
        if let Some(up) = room.relay.upstream {
            self.links.remove(&up);
        } else if !room.relay.is_idle() {
            return;
        }
        if let Some(room) = self.rooms.remove(&room_idx) {
            self.room_ids.remove(&room.id);
        }
    }
}
