//! Rooms across nodes: the link between a room's **origin** SFU and an **edge** SFU on another
//! node, where some of the room's members are connected.
//!
//! - The origin keeps deciding slots. Each packet it forwards goes once to every edge of the room
//!   ([`frame::Kind::Media`]: the speaker, the virtual slot and the RTP fields, never decoded),
//!   sealed once per edge, next to its own listeners. The edge fans it out to its members with
//!   the same per-receiver rewriting as a local packet ([`crate::view`]: each member hears the
//!   slots in its own view, a speaker never hears itself).
//! - An edge learns who holds which virtual slot from the media it receives (the holders only
//!   matter for its own speakers' views).
//! - A speaker connected to an edge sends its microphone to the origin
//!   ([`frame::Kind::Uplink`]) only while the origin's latest [`frame::Kind::Permits`] list names
//!   it; the origin checks its own permission again before forwarding. Permits go out at once on
//!   a change (repeated on the next ticks, for loss) and every second as the origin's keepalive;
//!   the edge sends [`frame::Kind::Keepalive`] every second. A link silent for
//!   [`LINK_TIMEOUT`] is dropped.
//! - Setting a link up takes one exchange over the control channel (the service's NATS request):
//!   the edge's [`EdgeOffer`] (its link id, address and both keys), the origin's
//!   [`OriginAccept`] (its link id and address).

mod edge;
pub mod frame;
mod origin;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use stoa_proto::UserId;

use crate::level::VoiceLevel;
use crate::room::RoomIdx;
use crate::slots::VIRTUAL_SLOTS;
use frame::{Opener, RelayKey, Sealer, KEY_LEN};

/// A link that received nothing authentic this long is dropped.
pub const LINK_TIMEOUT: Duration = Duration::from_secs(5);
/// How often each end proves it is alive (permits from the origin, keepalives from the edge).
pub const KEEPALIVE: Duration = crate::core::HOUSEKEEPING_TICK;
/// How many room ticks a changed permits list is sent again (against loss).
pub const PERMITS_REPEAT: u8 = 3;
/// Marks a [`crate::rewrite::SourceKey`] whose `peer` is a relayed speaker's user id.
pub(crate) const RELAYED_SOURCE: u64 = 1 << 63;

/// What an edge proposes to a room's origin to set up their link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeOffer {
    /// The edge's id for the link (origin → edge datagrams carry it).
    pub link: u32,
    /// Where the edge's SFU receives.
    pub addr: SocketAddr,
    /// The key of origin → edge datagrams.
    pub down_key: RelayKey,
    /// The key of edge → origin datagrams.
    pub up_key: RelayKey,
}

/// The origin's answer to an [`EdgeOffer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OriginAccept {
    /// The origin's id for the link (edge → origin datagrams carry it).
    pub link: u32,
    /// Where the origin's SFU receives.
    pub addr: SocketAddr,
}

/// What an edge member's connection needs: the room's link to its origin, offered by this SFU
/// ([`crate::Sfu::offer_upstream`]) and accepted by the origin's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// The origin's node (a room's link is per origin).
    pub origin_node: String,
    /// What this SFU offered.
    pub offer: EdgeOffer,
    /// What the origin answered.
    pub accept: OriginAccept,
}

/// Which end of a link this SFU is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// We run the room; the other end is an edge.
    Origin,
    /// The other end runs the room.
    Edge,
}

/// One end of a link.
#[derive(Debug)]
pub(crate) struct Link {
    pub room: RoomIdx,
    pub side: Side,
    /// Where datagrams go (an edge knows it once accepted).
    pub remote: Option<SocketAddr>,
    /// Seals what we send (an edge has it once accepted).
    pub sealer: Option<Sealer>,
    pub opener: Opener,
    pub last_rx: Instant,
    /// When it was set up.
    pub since: Instant,
    /// The edge's offer, kept so that a second member's join reuses the link.
    pub offer: Option<EdgeOffer>,
    /// The origin's node as the service named it (an edge's link is per origin).
    pub origin_node: Option<String>,
}

/// A speaker on an edge, as its room's origin tracks it.
#[derive(Debug)]
pub(crate) struct RemoteSpeaker {
    pub user: UserId,
    pub level: VoiceLevel,
}

/// A room's state across nodes (empty for a room on one node).
#[derive(Debug, Default)]
pub(crate) struct RoomRelay {
    /// Origin: the links to the room's edges.
    pub edges: Vec<u32>,
    /// Origin: who may publish (kept for users wherever connected; edges get the list).
    pub permits: Vec<UserId>,
    /// Origin: bumped on every change of `permits`.
    pub permits_version: u64,
    /// Origin: room ticks left to send `permits` again.
    pub permits_repeat: u8,
    /// Origin: speakers on edges that sent audio.
    pub remote: Vec<RemoteSpeaker>,
    /// Edge: the link to the origin.
    pub upstream: Option<u32>,
    /// Edge: who holds each virtual slot, as the origin's media says.
    pub holders: [Option<UserId>; VIRTUAL_SLOTS],
    /// Edge: the version of the permits last applied.
    pub applied_version: u64,
}

impl RoomRelay {
    /// Whether the room still needs to exist in the SFU without local members.
    pub fn is_idle(&self) -> bool {
        self.edges.is_empty() && self.permits.is_empty() && self.upstream.is_none()
    }

    /// Edge: the virtual slot `user` holds, as learned from the origin's media.
    pub fn held_by(&self, user: UserId) -> Option<usize> {
        self.holders.iter().position(|h| *h == Some(user))
    }

    /// Edge: `speaker` was heard on `vslot` (it holds no other).
    pub fn learn_holder(&mut self, vslot: usize, speaker: UserId) {
        if self.holders.get(vslot) == Some(&Some(speaker)) {
            return;
        }
        for h in &mut self.holders {
            if *h == Some(speaker) {
                *h = None;
            }
        }
        if let Some(h) = self.holders.get_mut(vslot) {
            *h = Some(speaker);
        }
    }

    /// Origin: sets whether `user` may publish; `true` if the list changed.
    pub fn set_permit(&mut self, user: UserId, allowed: bool) -> bool {
        let pos = self.permits.iter().position(|u| *u == user);
        let changed = match (allowed, pos) {
            (true, None) => {
                self.permits.push(user);
                true
            }
            (false, Some(i)) => {
                self.permits.swap_remove(i);
                self.remote.retain(|s| s.user != user);
                true
            }
            _ => false,
        };
        if changed {
            self.permits_version += 1;
            self.permits_repeat = PERMITS_REPEAT;
        }
        changed
    }
}

/// A fresh random link id (non-zero) and keys.
pub(crate) fn random_link_id() -> u32 {
    let mut b = [0u8; 4];
    fill_random(&mut b);
    u32::from_be_bytes(b).max(1)
}

/// A fresh random key.
pub(crate) fn random_key() -> RelayKey {
    let mut k = [0u8; KEY_LEN];
    fill_random(&mut k);
    k
}

fn fill_random(buf: &mut [u8]) {
    // The system's random source failing is not something a server can carry on without.
    aws_lc_rs::rand::fill(buf).expect("system random source");
}
