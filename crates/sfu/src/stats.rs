//! Counters shared between the SFU loop and its handles.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of the SFU's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SfuStats {
    /// RTP packets received from peers (allowed or not).
    pub packets_in: u64,
    /// RTP packets written to receivers (one per receiver per packet).
    pub packets_forwarded: u64,
    /// Of `packets_forwarded`, those Stoa wrote and protected itself ([`crate::egress`]); the
    /// rest went through str0m.
    pub packets_direct: u64,
    /// Datagrams sent by the sender threads rather than the SFU task.
    pub sent_by_threads: u64,
    /// RTP packets dropped because their sender may not publish (in the audience, or muted).
    pub dropped_not_allowed: u64,
    /// Of `dropped_not_allowed`, those whose sender was on stage but muted.
    pub dropped_muted: u64,
    /// Datagrams dropped because they belong to no peer (an unknown source, or a refused one
    /// such as a LAN address when the socket is bound to loopback).
    pub dropped_unknown: u64,
    /// Live peers.
    pub peers: u64,
    /// Of `peers`, those whose media connection is up (ICE + DTLS), settled or not.
    pub peers_connected: u64,
    /// Peers whose str0m connection was released ([`crate::settle`]): included in `peers`.
    pub peers_settled: u64,
    /// Microphone packets of settled peers dropped by Stoa's own SRTP check (bad tag, replay).
    pub rejected_srtp: u64,
    /// STUN requests naming a known peer that failed [`crate::stun_auth`] (forged, tampered or
    /// malformed): they changed nothing.
    pub rejected_stun: u64,
    /// Relay datagrams sent to other nodes (media, uplink, permits, keepalives).
    pub relay_sent: u64,
    /// Relay datagrams received that authenticated.
    pub relay_received: u64,
    /// Relay datagrams refused (unknown link, failed authentication, replayed, malformed).
    pub relay_rejected: u64,
    /// Speakers' packets relayed from an edge that the origin dropped (not allowed to publish).
    pub relay_dropped_not_allowed: u64,
    /// Offers refused at once because too many connections were in set-up
    /// ([`crate::SfuError::Busy`]).
    pub refused_busy: u64,
}

/// The live counters (relaxed atomics: one writer, the SFU loop).
#[derive(Debug, Default)]
pub struct Counters {
    packets_in: AtomicU64,
    packets_forwarded: AtomicU64,
    packets_direct: AtomicU64,
    sent_by_threads: AtomicU64,
    dropped_not_allowed: AtomicU64,
    dropped_muted: AtomicU64,
    dropped_unknown: AtomicU64,
    peers: AtomicU64,
    peers_connected: AtomicU64,
    peers_settled: AtomicU64,
    rejected_srtp: AtomicU64,
    rejected_stun: AtomicU64,
    relay_sent: AtomicU64,
    relay_received: AtomicU64,
    relay_rejected: AtomicU64,
    relay_dropped_not_allowed: AtomicU64,
    /// Peers handed to the loop and not yet added by it (see [`Counters::connecting`]).
    admitting: AtomicU64,
    refused_busy: AtomicU64,
}

impl Counters {
    pub(crate) fn inc_packets_in(&self) {
        self.packets_in.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn add_forwarded(&self, n: u64) {
        if n > 0 {
            self.packets_forwarded.fetch_add(n, Ordering::Relaxed);
        }
    }

    pub(crate) fn add_direct(&self, n: u64) {
        if n > 0 {
            self.packets_direct.fetch_add(n, Ordering::Relaxed);
        }
    }

    pub(crate) fn add_sent_by_threads(&self, n: u64) {
        self.sent_by_threads.fetch_add(n, Ordering::Relaxed);
    }

    /// One packet dropped because its sender may not publish (`publish` says why).
    pub(crate) fn inc_dropped_not_allowed(&self, publish: crate::Publish) {
        self.dropped_not_allowed.fetch_add(1, Ordering::Relaxed);
        if publish == crate::Publish::Muted {
            self.dropped_muted.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn inc_dropped_unknown(&self) {
        self.dropped_unknown.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn inc_refused_busy(&self) {
        self.refused_busy.fetch_add(1, Ordering::Relaxed);
    }

    /// A peer is on its way to the loop.
    pub(crate) fn inc_admitting(&self) {
        self.admitting.fetch_add(1, Ordering::Relaxed);
    }

    /// The loop took a peer in (or it never arrived).
    pub(crate) fn dec_admitting(&self) {
        self.admitting.fetch_sub(1, Ordering::Relaxed);
    }

    /// Media connections being set up: handed to the loop, or added and not connected yet (ICE
    /// and DTLS under way). A loop too busy to finish handshakes lets this grow.
    pub fn connecting(&self) -> u64 {
        let peers = self.peers.load(Ordering::Relaxed);
        let connected = self.peers_connected.load(Ordering::Relaxed);
        self.admitting.load(Ordering::Relaxed) + peers.saturating_sub(connected)
    }

    pub(crate) fn set_peers_connected(&self, n: u64) {
        self.peers_connected.store(n, Ordering::Relaxed);
    }

    pub(crate) fn set_peers(&self, n: usize) {
        self.peers.store(n as u64, Ordering::Relaxed);
    }

    pub(crate) fn set_peers_settled(&self, n: u64) {
        self.peers_settled.store(n, Ordering::Relaxed);
    }

    pub(crate) fn inc_rejected_srtp(&self) {
        self.rejected_srtp.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn inc_rejected_stun(&self) {
        self.rejected_stun.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn inc_relay_sent(&self) {
        self.relay_sent.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn inc_relay_received(&self) {
        self.relay_received.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn inc_relay_rejected(&self) {
        self.relay_rejected.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn inc_relay_dropped_not_allowed(&self) {
        self.relay_dropped_not_allowed
            .fetch_add(1, Ordering::Relaxed);
    }

    /// Reads all counters.
    pub fn snapshot(&self) -> SfuStats {
        SfuStats {
            packets_in: self.packets_in.load(Ordering::Relaxed),
            packets_forwarded: self.packets_forwarded.load(Ordering::Relaxed),
            packets_direct: self.packets_direct.load(Ordering::Relaxed),
            sent_by_threads: self.sent_by_threads.load(Ordering::Relaxed),
            dropped_not_allowed: self.dropped_not_allowed.load(Ordering::Relaxed),
            dropped_muted: self.dropped_muted.load(Ordering::Relaxed),
            dropped_unknown: self.dropped_unknown.load(Ordering::Relaxed),
            peers: self.peers.load(Ordering::Relaxed),
            peers_connected: self.peers_connected.load(Ordering::Relaxed),
            peers_settled: self.peers_settled.load(Ordering::Relaxed),
            rejected_srtp: self.rejected_srtp.load(Ordering::Relaxed),
            rejected_stun: self.rejected_stun.load(Ordering::Relaxed),
            relay_sent: self.relay_sent.load(Ordering::Relaxed),
            relay_received: self.relay_received.load(Ordering::Relaxed),
            relay_rejected: self.relay_rejected.load(Ordering::Relaxed),
            relay_dropped_not_allowed: self.relay_dropped_not_allowed.load(Ordering::Relaxed),
            refused_busy: self.refused_busy.load(Ordering::Relaxed),
        }
    }
}
