//! Settled peers: once a connection is up and its forwarded audio takes Stoa's own egress, the
//! peer's str0m `Rtc` (most of a listener's memory: ~80 KiB of queues, buffers and per-stream
//! state) is released, and the SFU keeps only what the connection still needs:
//!
//! * answering the client's STUN binding requests (ICE consent, RFC 7675), so the client keeps
//!   the connection ([`IceResponder`]);
//! * the direct egress (keys, SSRCs, destination), which was already Stoa's;
//! * the microphone: its SRTP is checked and decrypted with the client's half of the same DTLS
//!   keys ([`InboundSrtp`]) and the packet is forwarded like one str0m delivered — so a settled
//!   listener invited on stage speaks without reconnecting.
//!
//! * the DTLS handshake's last flight ([`crate::last_flight`]): a client that lost it asks again
//!   by retransmitting its own, and gets the same answer str0m would have sent.
//!
//! SRTCP from a settled peer is not read (neither decrypted nor answered): receiver reports,
//! `BYE`, NACK and PLI change nothing. Audio needs no feedback here (no retransmission, no
//! bandwidth estimation; Opus FEC and PLC cover loss), the receive slots carry continuous
//! timestamps so no sender report is needed, and a client that leaves is removed through
//! signaling (or by the idle timeout). docs/protocol.md tells clients so.
//!
//! A settled peer's liveness ([`crate::core::IDLE_TIMEOUT`]) is refreshed only by authentic
//! traffic: a STUN request that passed [`crate::stun_auth`], or a microphone packet that
//! authenticated.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use str0m::rtp::Extension;

use crate::core::{Sfu, Transmit};
use crate::demux::PeerIdx;
use crate::forward::Incoming;
use crate::rtp_in::{is_rtcp, RtpIn};
use crate::srtp::InboundSrtp;

/// How long after connecting a peer settles (checked once a second, so 1–2 s): short, since
/// every peer holds str0m's ~100 KiB until then (1 → 1000 at 200 joins/s: 3 s left 80 KiB of
/// RSS per listener, 1 s 67 KiB). A client that lost the handshake's last flight and asks again
/// later still gets it ([`crate::last_flight`]).
pub const SETTLE_AFTER: Duration = Duration::from_secs(1);

/// What a settled peer keeps of its connection besides the egress.
pub(crate) struct Settled {
    /// The audio level extension id the client negotiated for its microphone.
    level_id: Option<u8>,
    /// Built on the microphone's first packet (a listener never needs it).
    inbound: Option<InboundSrtp>,
    /// The microphone stream's SSRC and extended sequence number as str0m left it.
    seed: Option<(u32, u64)>,
    seq: SeqExtender,
}

impl Settled {
    /// The microphone's decryption state, built from the exported DTLS keys the first time.
    fn inbound(
        &mut self,
        keys: impl FnOnce() -> Option<crate::dtls_keys::ExportedKeys>,
    ) -> Option<&mut InboundSrtp> {
        if self.inbound.is_none() {
            let keys = keys()?;
            let mut srtp =
                InboundSrtp::from_keying_material(keys.profile, &keys.material, keys.client)
                    .map_err(|e| tracing::warn!("settled peer cannot decrypt its microphone: {e}"))
                    .ok()?;
            if let Some((ssrc, index)) = self.seed {
                srtp.continue_from(ssrc, index);
            }
            self.inbound = Some(srtp);
        }
        self.inbound.as_mut()
    }
}

/// Extends 16-bit RTP sequence numbers to 64 bits (the nearest value to the last one seen).
#[derive(Debug, Default)]
pub(crate) struct SeqExtender {
    last: Option<(u32, u64)>,
}

impl SeqExtender {
    /// Continues the numbering of `ssrc` from `last` (as str0m numbered it).
    pub(crate) fn starting_at(last: Option<(u32, u64)>) -> Self {
        Self { last }
    }

    /// The extended sequence number of `seq` on `ssrc` (a new SSRC starts a new numbering).
    pub(crate) fn extend(&mut self, ssrc: u32, seq: u16) -> u64 {
        let ext = match self.last {
            Some((s, last)) if s == ssrc => nearest(last, seq),
            _ => u64::from(seq),
        };
        if self.last.is_none_or(|(s, last)| s != ssrc || ext > last) {
            self.last = Some((ssrc, ext));
        }
        ext
    }
}

/// The 64-bit value with low 16 bits `seq` closest to `last`.
fn nearest(last: u64, seq: u16) -> u64 {
    let roc = last >> 16;
    let candidate = (roc << 16) | u64::from(seq);
    let mut best = candidate;
    for c in [
        candidate.checked_sub(1 << 16),
        candidate.checked_add(1 << 16),
    ]
    .into_iter()
    .flatten()
    {
        if c.abs_diff(last) < best.abs_diff(last) {
            best = c;
        }
    }
    best
}

impl Sfu {
    /// Settles every peer that is ready to (a slow O(peers) scan, once a second). If any did,
    /// asks the driver to give the freed memory back ([`Sfu::poll_release_memory`]).
    pub(crate) fn settle_peers(&mut self, now: Instant) {
        let Some(after) = self.settle_after else {
            return;
        };
        let mut settled = 0;
        for peer in self.peers.values_mut() {
            let due = peer.rtc.is_some()
                && peer.egress_mode == crate::EgressMode::Direct
                && peer
                    .connected_at
                    .is_some_and(|t| now.saturating_duration_since(t) >= after);
            if !due || !peer.prepare_direct() {
                continue;
            }
            let Some(rtc) = peer.rtc.take() else {
                continue;
            };
            let level_id = rtc
                .media(peer.mic)
                .and_then(|m| m.remote_extmap().id_of(Extension::AudioLevel));
            // Released without closing: the connection goes on, answered by Stoa.
            drop(rtc);
            peer.deadline = None;
            peer.scheduled = None;
            peer.settled = Some(Box::new(Settled {
                level_id,
                inbound: None,
                seed: peer.last_in,
                seq: SeqExtender::starting_at(peer.last_in),
            }));
            settled += 1;
        }
        if settled > 0 {
            self.settled += settled;
            self.counters.set_peers_settled(self.settled);
            self.release_memory = true;
        }
    }

    /// One datagram from a settled peer: an (authentic, see [`Sfu::handle_datagram`]) STUN
    /// check is answered, a microphone packet is authenticated and decrypted, and forwarded if
    /// the peer may publish; anything else is dropped.
    pub(crate) fn settled_datagram(
        &mut self,
        idx: PeerIdx,
        now: Instant,
        src: SocketAddr,
        bytes: &[u8],
    ) {
        let Some(peer) = self.peers.get_mut(&idx) else {
            return;
        };
        let Some(settled) = peer.settled.as_deref_mut() else {
            return;
        };
        match bytes.first() {
            // STUN (RFC 7983 demultiplexing).
            Some(0..=3) => {
                let mut out = self.buffers.pop().unwrap_or_default();
                match peer.ice.answer(bytes, src, &mut out) {
                    Some(binding) => {
                        if binding.use_candidate {
                            // The client nominated this path: media follows it.
                            peer.egress.destination = Some(src);
                        }
                        self.transmits.push_back(Transmit {
                            destination: src,
                            contents: out,
                        });
                    }
                    None => self.buffers.push(out),
                }
            }
            // DTLS: the client lost our last flight and asks again by retransmitting its own.
            // The flight goes to the address media goes to (nominated by an authentic request),
            // never to wherever the datagram claims to come from.
            Some(20..=63) => {
                let Some(destination) = peer.egress.destination else {
                    return;
                };
                for datagram in peer.last_flight.replay(now) {
                    let mut out = self.buffers.pop().unwrap_or_default();
                    out.clear();
                    out.extend_from_slice(datagram);
                    self.transmits.push_back(Transmit {
                        destination,
                        contents: out,
                    });
                }
            }
            // RTP (RFC 7983); RTCP shares the range and is told apart by its packet type.
            Some(128..=191) if !is_rtcp(bytes) => {
                let egress = &peer.egress;
                let Some(srtp) = settled.inbound(|| egress.keys()) else {
                    return;
                };
                // Every packet is authenticated, forwarded or not: the rollover counter, the
                // replay window and the sequence numbering must follow the stream while the peer
                // may not publish, or its packets stop authenticating 2^15 packets later.
                let mut buf = std::mem::take(&mut self.rx_buf);
                buf.clear();
                buf.extend_from_slice(bytes);
                let plain = match srtp.unprotect_rtp(&mut buf) {
                    Ok(n) => n,
                    Err(e) => {
                        tracing::debug!(peer = idx.0, "settled peer's RTP rejected: {e}");
                        self.counters.inc_rejected_srtp();
                        self.rx_buf = buf;
                        return;
                    }
                };
                peer.last_rx = now;
                // unprotect_rtp checked the fixed header is there.
                let ssrc = u32::from_be_bytes([buf[8], buf[9], buf[10], buf[11]]);
                let seq = settled
                    .seq
                    .extend(ssrc, u16::from_be_bytes([buf[2], buf[3]]));
                if !peer.publish.allowed() {
                    peer.last_in = Some((ssrc, seq));
                    self.counters.inc_packets_in();
                    self.counters.inc_dropped_not_allowed(peer.publish);
                    self.rx_buf = buf;
                    return;
                }
                if let Some(rtp) = RtpIn::parse(&buf[..plain], settled.level_id) {
                    let incoming = Incoming {
                        ssrc: rtp.ssrc,
                        seq,
                        timestamp: rtp.timestamp,
                        marker: rtp.marker,
                        level: rtp.level.map(|(level, _)| level),
                        voice: rtp.level.map(|(_, voice)| voice),
                        payload: rtp.payload,
                        shared: None,
                    };
                    self.forward(idx, &incoming, now);
                }
                self.rx_buf = buf;
            }
            // RTCP (receiver reports, BYE, feedback) from a settled peer is not read: see the
            // module docs.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_numbers_extend_across_a_wrap() {
        let mut seq = SeqExtender::default();
        assert_eq!(seq.extend(7, 65534), 65534);
        assert_eq!(seq.extend(7, 65535), 65535);
        assert_eq!(seq.extend(7, 0), 65536);
        assert_eq!(seq.extend(7, 65535), 65535, "a late packet before the wrap");
        assert_eq!(seq.extend(7, 1), 65537);
    }

    #[test]
    fn numbering_continues_from_str0m_and_restarts_with_a_new_ssrc() {
        let mut seq = SeqExtender::starting_at(Some((7, 3 * 65536 + 10)));
        assert_eq!(seq.extend(7, 11), 3 * 65536 + 11);
        assert_eq!(seq.extend(9, 500), 500);
        assert_eq!(seq.extend(9, 501), 501);
    }
}
