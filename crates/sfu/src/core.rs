//! The sans-IO SFU: datagrams and time in, datagrams and events out.
//!
//! * [`Sfu::handle_datagram`] finds the peer through [`Demux`] and feeds its `Rtc`; the `Rtc` is
//!   then polled, and each incoming RTP packet is forwarded (see `forward.rs`) by writing it to
//!   the other peers of the room. Receivers written to are marked dirty and polled once, lazily,
//!   on the next [`Sfu::poll_transmit`] — so a burst of incoming packets costs one poll per
//!   receiver, not one per packet.
//! * [`Sfu::handle_timeout`] drives the `Rtc`s whose str0m deadline passed (a min-heap, never a
//!   scan over all peers) and, every [`ROOM_TICK`], re-evaluates slots and speaking sets.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use stoa_proto::{RoomId, UserId};
use str0m::net::{Protocol, Receive};
use str0m::rtp::RtpPacket;
use str0m::Input;

use crate::demux::{source_allowed, Demux, PeerIdx, Route};
use crate::ice_lite::IceResponder;
use crate::peer::{NewPeer, Peer, PeerFactory};
use crate::room::{Room, RoomIdx};
use crate::stats::Counters;
use crate::{Publish, SfuError, SfuEvent};

/// How often rooms re-evaluate slots and speaking when no packet triggers it.
pub const ROOM_TICK: Duration = Duration::from_millis(50);
/// How often peers are checked against [`CONNECT_TIMEOUT`] and [`IDLE_TIMEOUT`].
pub const HOUSEKEEPING_TICK: Duration = Duration::from_secs(1);
/// A peer not connected this long after its answer is dropped (`Disconnected`).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// A peer that sent nothing authentic (no STUN consent check that verified, no microphone packet
/// that authenticated) this long is dropped (`Disconnected`). str0m's ICE-lite agent gives up
/// after 15 s without binding requests; this is the backstop, and the only check once settled.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(20);

/// A datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// Where to.
    pub destination: SocketAddr,
    /// The bytes.
    pub contents: Vec<u8>,
}

/// The SFU state machine. No sockets, no clock: the caller passes `now`.
pub struct Sfu {
    pub(crate) factory: PeerFactory,
    pub(crate) loopback_only: bool,
    /// Boxed: a `Peer` (its `Rtc`) is ~10 KiB, and a map of inline values keeps up to 2× its
    /// length in empty buckets (and copies every peer when it grows).
    pub(crate) peers: FxHashMap<PeerIdx, Box<Peer>>,
    pub(crate) users: FxHashMap<UserId, PeerIdx>,
    pub(crate) rooms: FxHashMap<RoomIdx, Room>,
    pub(crate) room_ids: FxHashMap<RoomId, RoomIdx>,
    pub(crate) demux: Demux,
    pub(crate) next_idx: u64,
    pub(crate) transmits: VecDeque<Transmit>,
    pub(crate) events: VecDeque<SfuEvent>,
    pub(crate) dirty: Vec<PeerIdx>,
    pub(crate) timers: BinaryHeap<Reverse<(Instant, PeerIdx)>>,
    pub(crate) counters: Arc<Counters>,
    pub(crate) next_room_tick: Instant,
    pub(crate) next_housekeeping: Instant,
    pub(crate) last_now: Instant,
    pub(crate) scratch: Vec<RtpPacket>,
    /// Settle connected peers this long after they connected (`None`: never).
    pub(crate) settle_after: Option<Duration>,
    /// Settled peers (for [`crate::SfuStats::peers_settled`]).
    pub(crate) settled: u64,
    /// Peers whose connection is up (for [`crate::SfuStats::peers_connected`]).
    pub(crate) connected: u64,
    /// Where a settled peer's microphone packet is decrypted.
    pub(crate) rx_buf: Vec<u8>,
    /// Datagram buffers given back after sending ([`Sfu::recycle`]), reused by the direct egress.
    pub(crate) buffers: Vec<Vec<u8>>,
    /// Peers settled since the driver last asked: their freed memory should go back to the
    /// system ([`Sfu::poll_release_memory`]).
    pub(crate) release_memory: bool,
    /// Links to other nodes' SFUs by our link id ([`crate::relay`]).
    pub(crate) links: FxHashMap<u32, crate::relay::Link>,
    /// Where a relay datagram is decrypted.
    pub(crate) relay_buf: Vec<u8>,
}

/// Most spare datagram buffers kept for reuse.
const MAX_SPARE_BUFFERS: usize = 1024;

impl Sfu {
    /// A new SFU whose peers advertise `candidate` as their host candidate. With
    /// `loopback_only`, datagrams from non-loopback sources are dropped.
    pub fn new(candidate: SocketAddr, loopback_only: bool, now: Instant) -> Result<Self, SfuError> {
        Ok(Self::with_factory(
            PeerFactory::new(candidate)?,
            loopback_only,
            now,
        ))
    }

    /// A new SFU sharing an existing [`PeerFactory`].
    pub fn with_factory(factory: PeerFactory, loopback_only: bool, now: Instant) -> Self {
        Self {
            factory,
            loopback_only,
            peers: FxHashMap::default(),
            users: FxHashMap::default(),
            rooms: FxHashMap::default(),
            room_ids: FxHashMap::default(),
            demux: Demux::default(),
            next_idx: 1,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            dirty: Vec::new(),
            timers: BinaryHeap::new(),
            counters: Arc::new(Counters::default()),
            next_room_tick: now + ROOM_TICK,
            next_housekeeping: now + HOUSEKEEPING_TICK,
            last_now: now,
            scratch: Vec::new(),
            settle_after: Some(crate::settle::SETTLE_AFTER),
            settled: 0,
            connected: 0,
            rx_buf: Vec::new(),
            buffers: Vec::new(),
            release_memory: false,
            links: FxHashMap::default(),
            relay_buf: Vec::new(),
        }
    }

    /// The factory that builds this SFU's peers.
    pub fn factory(&self) -> &PeerFactory {
        &self.factory
    }

    /// Shared counters (the handle reads them without going through the loop).
    pub fn counters(&self) -> Arc<Counters> {
        self.counters.clone()
    }

    /// Builds a peer from `offer_sdp`, adds it, and returns the SDP answer.
    pub fn connect(
        &mut self,
        now: Instant,
        room: RoomId,
        user: UserId,
        offer_sdp: &str,
        publish: impl Into<Publish>,
    ) -> Result<String, SfuError> {
        let (new, answer) = self.factory.build(now, offer_sdp)?;
        self.add_peer(now, room, user, publish, new);
        Ok(answer)
    }

    /// Adds a peer built by [`PeerFactory::build`] and registers its ufrag for demux, so its
    /// first STUN is recognised. A previous peer of the same user is closed and replaced.
    pub fn add_peer(
        &mut self,
        now: Instant,
        room: RoomId,
        user: UserId,
        publish: impl Into<Publish>,
        new: NewPeer,
    ) -> PeerIdx {
        self.add_peer_via(now, room, user, publish.into(), new, None)
    }

    pub(crate) fn add_peer_via(
        &mut self,
        now: Instant,
        room: RoomId,
        user: UserId,
        publish: Publish,
        new: NewPeer,
        upstream: Option<&crate::relay::Upstream>,
    ) -> PeerIdx {
        self.last_now = self.last_now.max(now);
        if let Some(old) = self.users.get(&user).copied() {
            self.drop_peer(old, false);
        }
        let idx = PeerIdx(self.next_idx);
        self.next_idx += 1;
        let room_idx = self.room_idx(room);
        match upstream {
            Some(up) => self.ensure_upstream(now, room_idx, up),
            None => self.become_origin(room_idx),
        }
        let (peer, ufrag) = Peer::new(new, user, room_idx, publish, now);
        self.demux.register(ufrag, idx);
        self.peers.insert(idx, Box::new(peer));
        self.users.insert(user, idx);
        if let Some(r) = self.rooms.get_mut(&room_idx) {
            r.members.push(idx);
            if upstream.is_none() {
                r.set_publisher(idx, publish.allowed());
            }
        }
        self.counters.set_peers(self.peers.len());
        self.drive_peer(idx, now);
        idx
    }

    pub(crate) fn room_idx(&mut self, room: RoomId) -> RoomIdx {
        if let Some(i) = self.room_ids.get(&room) {
            return *i;
        }
        let idx = RoomIdx(self.next_idx);
        self.next_idx += 1;
        self.room_ids.insert(room.clone(), idx);
        self.rooms.insert(idx, Room::new(room));
        idx
    }

    /// The peer of `user` if it is in `room` (a call made for another room, e.g. by a room
    /// that lags behind the member's move, must not touch the member's current peer).
    fn peer_in(&self, room: &RoomId, user: UserId) -> Option<PeerIdx> {
        let idx = *self.users.get(&user)?;
        let room_idx = *self.room_ids.get(room)?;
        (self.peers.get(&idx)?.room == room_idx).then_some(idx)
    }

    /// Allows or forbids `user` to publish in `room` (`true`/`false`, or a [`Publish`] that says
    /// why not). Forbidding frees their slot at once. Nothing happens if the user's peer is not
    /// in `room`.
    pub fn set_can_publish(
        &mut self,
        now: Instant,
        room: &RoomId,
        user: UserId,
        publish: impl Into<Publish>,
    ) {
        let publish = publish.into();
        let allowed = publish.allowed();
        self.set_permit(now, room, user, allowed);
        let Some(idx) = self.peer_in(room, user) else {
            return;
        };
        let Some(peer) = self.peers.get_mut(&idx) else {
            return;
        };
        peer.publish = publish;
        let room_idx = peer.room;
        let Some(room) = self.rooms.get_mut(&room_idx) else {
            return;
        };
        room.set_publisher(idx, allowed);
        if !allowed && room.slots.remove(user) {
            self.events.push_back(SfuEvent::Slots {
                room: room.id.clone(),
                slots: room.slots.snapshot(),
            });
        }
        room.speaking_dirty = true;
        self.maybe_emit_speaking(room_idx, now);
    }

    /// Settle peers this long after they connected (`None`: keep str0m for every peer; see
    /// [`crate::settle`]).
    pub fn set_settle_after(&mut self, after: Option<Duration>) {
        self.settle_after = after;
    }

    /// Closes and forgets `user`'s peer in `room` (no `Disconnected` event). Nothing happens
    /// if the user's peer is in another room.
    pub fn remove_peer(&mut self, room: &RoomId, user: UserId) {
        if let Some(idx) = self.peer_in(room, user) {
            self.drop_peer(idx, false);
        }
        self.set_permit(self.last_now, room, user, false);
    }

    /// Takes one datagram received from `src` at `now`. `src` must be canonical
    /// ([`crate::net::canonical`]: IPv4 as IPv4, never v4-mapped).
    ///
    /// A STUN request changes state (maps `src`, refreshes the peer's liveness, reaches str0m,
    /// may move where media goes) only if it is authentic ([`crate::stun_auth`]); anything
    /// else comes in only from an address an authentic request mapped.
    pub fn handle_datagram(&mut self, now: Instant, src: SocketAddr, bytes: &[u8]) {
        self.last_now = self.last_now.max(now);
        if !source_allowed(self.loopback_only, &src) {
            self.counters.inc_dropped_unknown();
            return;
        }
        if bytes.first() == Some(&crate::relay::frame::MAGIC) {
            self.relay_datagram(now, src, bytes);
            return;
        }
        let idx = match self.demux.lookup(src, bytes) {
            None => {
                self.counters.inc_dropped_unknown();
                return;
            }
            Some(Route::Mapped(idx)) => idx,
            Some(Route::Stun(idx)) => {
                let Some(peer) = self.peers.get_mut(&idx) else {
                    return;
                };
                if !peer.ice.verify(bytes) {
                    self.counters.inc_rejected_stun();
                    return;
                }
                // Authentic: consent from this address (RFC 7675).
                peer.last_rx = now;
                let keep = peer.egress.destination;
                self.demux.learn(src, idx, &mut peer.addrs, keep);
                if peer.rtc.is_some() && IceResponder::nominates(bytes) {
                    // The client nominated this path: media follows it (str0m's replies to
                    // checks on other paths do not move it, see `drive_peer`).
                    peer.egress.destination = Some(src);
                }
                idx
            }
        };
        let Some(destination) = self.factory.local_for(src) else {
            return;
        };
        let Some(peer) = self.peers.get_mut(&idx) else {
            return;
        };
        let Some(rtc) = peer.rtc.as_deref_mut() else {
            self.settled_datagram(idx, now, src, bytes);
            return;
        };
        peer.last_flight.on_received(bytes);
        let Ok(receive) = Receive::new(Protocol::Udp, src, destination, bytes) else {
            return;
        };
        if let Err(e) = rtc.handle_input(Input::Receive(now, receive)) {
            tracing::debug!(peer = idx.0, "rtc input error: {e}");
        }
        self.drive_peer(idx, now);
    }

    /// Addresses currently mapped to a peer (each peer keeps at most
    /// [`crate::demux::MAX_ADDRS_PER_PEER`]).
    pub fn mapped_addresses(&self) -> usize {
        self.demux.addr_count()
    }

    /// Drives everything whose time has come: due `Rtc` timeouts and the room tick.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.last_now = self.last_now.max(now);
        let mut due = Vec::new();
        while let Some(Reverse((t, idx))) = self.timers.peek().copied() {
            if t > now {
                break;
            }
            self.timers.pop();
            let Some(peer) = self.peers.get_mut(&idx) else {
                continue;
            };
            if peer.scheduled != Some(t) {
                continue; // stale entry
            }
            peer.scheduled = None;
            match peer.deadline {
                Some(d) if d <= now => {
                    peer.deadline = None;
                    due.push(idx);
                }
                // The deadline moved later since this entry was pushed: re-arm.
                Some(d) => {
                    peer.scheduled = Some(d);
                    self.timers.push(Reverse((d, idx)));
                }
                None => {}
            }
        }
        for idx in due {
            if let Some(rtc) = self.peers.get_mut(&idx).and_then(|p| p.rtc.as_deref_mut()) {
                if let Err(e) = rtc.handle_input(Input::Timeout(now)) {
                    tracing::debug!(peer = idx.0, "rtc timeout error: {e}");
                }
                self.drive_peer(idx, now);
            }
        }
        if now >= self.next_room_tick {
            self.next_room_tick = now + ROOM_TICK;
            self.tick_rooms(now);
            self.tick_relay_permits();
        }
        if now >= self.next_housekeeping {
            self.next_housekeeping = now + HOUSEKEEPING_TICK;
            self.drop_stale_peers(now);
            self.settle_peers(now);
            self.relay_housekeeping(now);
        }
    }

    /// Drops peers that never connected or went silent (a slow O(peers) scan, once a second).
    fn drop_stale_peers(&mut self, now: Instant) {
        let stale: Vec<PeerIdx> = self
            .peers
            .iter()
            .filter(|(_, p)| {
                let never_connected =
                    !p.connected && now.saturating_duration_since(p.created_at) >= CONNECT_TIMEOUT;
                let idle = now.saturating_duration_since(p.last_rx) >= IDLE_TIMEOUT;
                never_connected || idle
            })
            .map(|(idx, _)| *idx)
            .collect();
        for idx in stale {
            self.drop_peer(idx, true);
        }
    }

    /// The earliest instant [`Sfu::handle_timeout`] has work to do.
    pub fn next_deadline(&mut self) -> Instant {
        while let Some(Reverse((t, idx))) = self.timers.peek().copied() {
            let live = self.peers.get(&idx).is_some_and(|p| p.scheduled == Some(t));
            if live {
                return t.min(self.next_tick());
            }
            self.timers.pop();
        }
        self.next_tick()
    }

    fn next_tick(&self) -> Instant {
        self.next_room_tick.min(self.next_housekeeping)
    }

    /// The next datagram to send. Polls receivers written to since the last call first.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        if self.transmits.is_empty() {
            self.flush_dirty();
        }
        self.transmits.pop_front()
    }

    /// Gives a sent datagram's buffer back for reuse.
    pub fn recycle(&mut self, transmit: Transmit) {
        if self.buffers.len() < MAX_SPARE_BUFFERS {
            self.buffers.push(transmit.contents);
        }
    }

    /// Datagrams queued and not yet taken by [`Sfu::poll_transmit`] (receivers written through
    /// str0m and not polled yet are not counted).
    pub fn queued_transmits(&self) -> usize {
        self.transmits.len()
    }

    /// Whether the driver should give freed memory back to the system now (true once after
    /// [`Sfu::handle_timeout`] settled peers, see [`crate::settle`]; the core itself never calls
    /// the allocator).
    pub fn poll_release_memory(&mut self) -> bool {
        std::mem::take(&mut self.release_memory)
    }

    /// The next event for the service.
    pub fn poll_event(&mut self) -> Option<SfuEvent> {
        self.events.pop_front()
    }

    /// Number of live peers.
    pub fn peer_count(&self) -> usize {
        self.peers.len()
    }

    /// Whether `user`'s connection is up (ICE and DTLS done, as the SFU sees it) and whether
    /// it has settled ([`crate::settle`]); `None` for an unknown user.
    pub fn peer_state(&self, user: UserId) -> Option<(bool, bool)> {
        let peer = self.peers.get(self.users.get(&user)?)?;
        Some((peer.connected, peer.settled.is_some()))
    }

    fn flush_dirty(&mut self) {
        let now = self.last_now;
        while let Some(idx) = self.dirty.pop() {
            let Some(peer) = self.peers.get_mut(&idx) else {
                continue;
            };
            peer.dirty = false;
            let Some(rtc) = peer.rtc.as_deref_mut() else {
                continue;
            };
            if let Err(e) = rtc.handle_input(Input::Timeout(now)) {
                tracing::debug!(peer = idx.0, "rtc timeout error: {e}");
            }
            self.drive_peer(idx, now);
        }
    }
}

#[cfg(test)]
#[path = "core_tests.rs"]
mod tests;
