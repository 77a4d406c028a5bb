//! A peer's str0m connection driven by the core: polling its `Rtc` for datagrams, events and
//! microphone packets, and removing a peer everywhere once it is gone.

use std::cmp::Reverse;
use std::time::Instant;

use str0m::{Event, IceConnectionState, Output};

use crate::core::{Sfu, Transmit};
use crate::demux::PeerIdx;
use crate::SfuEvent;

impl Sfu {
    /// Polls one peer's `Rtc` until it returns a timeout; queues transmits and events, then
    /// forwards the RTP packets it produced. Removes the peer if it died.
    pub(crate) fn drive_peer(&mut self, idx: PeerIdx, now: Instant) {
        let mut packets = std::mem::take(&mut self.scratch);
        let mut dead = false;
        if let Some(peer) = self.peers.get_mut(&idx) {
            while let Some(rtc) = peer.rtc.as_deref_mut() {
                match rtc.poll_output() {
                    Ok(Output::Transmit(t)) => {
                        // The address ICE selected: where the direct egress sends too. Not a
                        // STUN reply, which answers a check on any pair (e.g. a TURN relay
                        // candidate the client checks but did not nominate).
                        if !crate::ice_lite::is_stun(&t.contents) {
                            peer.egress.destination = Some(t.destination);
                        }
                        peer.last_flight.on_sent(&t.contents);
                        self.transmits.push_back(Transmit {
                            destination: t.destination,
                            contents: t.contents.into(),
                        });
                    }
                    Ok(Output::Timeout(t)) => {
                        peer.deadline = Some(t);
                        if peer.scheduled.is_none_or(|s| t < s) {
                            peer.scheduled = Some(t);
                            self.timers.push(Reverse((t, idx)));
                        }
                        break;
                    }
                    Ok(Output::Event(e)) => match e {
                        Event::RtpPacket(p) => packets.push(p),
                        Event::Connected => {
                            if !peer.connected {
                                self.connected += 1;
                                self.counters.set_peers_connected(self.connected);
                            }
                            peer.connected = true;
                            peer.connected_at = Some(now);
                            self.events
                                .push_back(SfuEvent::Connected { user: peer.user });
                        }
                        Event::IceConnectionStateChange(IceConnectionState::Disconnected)
                        | Event::Closed => dead = true,
                        _ => {}
                    },
                    Err(e) => {
                        tracing::debug!(peer = idx.0, "rtc poll error: {e}");
                        dead = true;
                        break;
                    }
                }
                if !rtc.is_alive() {
                    dead = true;
                    break;
                }
            }
        }
        for p in packets.drain(..) {
            self.forward(idx, &(&p).into(), now);
        }
        self.scratch = packets;
        if dead {
            self.drop_peer(idx, true);
        }
    }

    /// Removes a peer everywhere; with `lost`, emits `Disconnected`.
    pub(crate) fn drop_peer(&mut self, idx: PeerIdx, lost: bool) {
        let Some(mut peer) = self.peers.remove(&idx) else {
            return;
        };
        self.demux.unregister(&peer.ufrag, &peer.addrs, idx);
        if self.users.get(&peer.user) == Some(&idx) {
            self.users.remove(&peer.user);
        }
        if peer.connected {
            self.connected -= 1;
            self.counters.set_peers_connected(self.connected);
        }
        if peer.settled.is_some() {
            self.settled -= 1;
            self.counters.set_peers_settled(self.settled);
        }
        if let Some(rtc) = peer.rtc.as_deref_mut() {
            // Say goodbye (DTLS close_notify) if the connection is still up.
            if !lost && rtc.is_alive() && rtc.close().is_ok() {
                for _ in 0..16 {
                    match rtc.poll_output() {
                        Ok(Output::Transmit(t)) => self.transmits.push_back(Transmit {
                            destination: t.destination,
                            contents: t.contents.into(),
                        }),
                        Ok(Output::Event(_)) => {}
                        _ => break,
                    }
                }
            }
            rtc.disconnect();
        }
        if let Some(room) = self.rooms.get_mut(&peer.room) {
            room.remove_member(idx);
            if room.slots.remove(peer.user) {
                self.events.push_back(SfuEvent::Slots {
                    room: room.id.clone(),
                    slots: room.slots.snapshot(),
                });
            }
            room.speaking_dirty = true;
            if room.members.is_empty() {
                self.forget_room(peer.room);
            } else {
                self.maybe_emit_speaking(peer.room, self.last_now);
            }
        }
        self.counters.set_peers(self.peers.len());
        if lost {
            self.events
                .push_back(SfuEvent::Disconnected { user: peer.user });
        }
    }
}
