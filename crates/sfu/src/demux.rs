//! Finds the peer a datagram belongs to in O(1), and filters sources.
//!
//! Non-STUN traffic is looked up by source address. STUN binding requests carry
//! `USERNAME = <our ufrag>:<their ufrag>`; the local ufrag names the peer ([`Route::Stun`]).
//! Looking up changes nothing: only once the request proved authentic
//! ([`crate::stun_auth`]) does the core call [`Demux::learn`], which maps the source address to
//! the peer. So the first authentic STUN from a new address fills the map (a NAT rebinding, or a
//! reconnecting client that reuses a port and is moved to its new peer), and a forged one maps
//! nothing and moves nobody. Each peer keeps at most [`MAX_ADDRS_PER_PEER`] addresses.

use std::net::SocketAddr;

use rustc_hash::FxHashMap;

/// Index of a peer inside the SFU core. Never reused while the core lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerIdx(pub u64);

const STUN_MAGIC_COOKIE: [u8; 4] = [0x21, 0x12, 0xA4, 0x42];
const STUN_ATTR_USERNAME: u16 = 0x0006;
const STUN_HEADER_LEN: usize = 20;

/// True if `bytes` looks like a STUN message (RFC 5389 header with the magic cookie).
pub fn is_stun(bytes: &[u8]) -> bool {
    bytes.len() >= STUN_HEADER_LEN && bytes[0] < 2 && bytes[4..8] == STUN_MAGIC_COOKIE
}

/// The local (our) ufrag of a STUN message's USERNAME attribute (`local:remote`), if any.
pub fn stun_local_ufrag(bytes: &[u8]) -> Option<&str> {
    if !is_stun(bytes) {
        return None;
    }
    let msg_len = u16::from_be_bytes([bytes[2], bytes[3]]) as usize;
    let end = (STUN_HEADER_LEN + msg_len).min(bytes.len());
    let mut pos = STUN_HEADER_LEN;
    while pos + 4 <= end {
        let typ = u16::from_be_bytes([bytes[pos], bytes[pos + 1]]);
        let len = u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]) as usize;
        let value = bytes.get(pos + 4..pos + 4 + len)?;
        if typ == STUN_ATTR_USERNAME {
            let username = std::str::from_utf8(value).ok()?;
            return username.split(':').next();
        }
        pos += 4 + len.div_ceil(4) * 4;
    }
    None
}

/// Whether a datagram from `src` may be processed at all. With `loopback_only`, every
/// non-loopback source is dropped (tests and benchmarks never answer a LAN address).
pub fn source_allowed(loopback_only: bool, src: &SocketAddr) -> bool {
    !loopback_only || src.ip().is_loopback()
}

/// Most source addresses mapped to one peer: a new authentic address beyond this unmaps the
/// peer's oldest one (never the one media is sent to). A client has one or two candidates that
/// reach us; the bound keeps a peer's share of the map small whatever it sends.
pub const MAX_ADDRS_PER_PEER: usize = 4;

/// What [`Demux::lookup`] found for a datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A non-STUN datagram from an address mapped to this peer.
    Mapped(PeerIdx),
    /// A STUN message whose USERNAME names this peer's local ufrag. Not authenticated yet: it
    /// may change state (and map its source with [`Demux::learn`]) only once it is.
    Stun(PeerIdx),
}

/// The two lookup maps: local ufrag → peer, and source address → peer.
#[derive(Debug, Default)]
pub struct Demux {
    by_ufrag: FxHashMap<String, PeerIdx>,
    by_addr: FxHashMap<SocketAddr, PeerIdx>,
}

impl Demux {
    /// Registers a peer's local ufrag. Must happen before its SDP answer leaves.
    pub fn register(&mut self, ufrag: String, peer: PeerIdx) {
        self.by_ufrag.insert(ufrag, peer);
    }

    /// Forgets a peer: its ufrag and every address mapped to it.
    pub fn unregister(&mut self, ufrag: &str, addrs: &[SocketAddr], peer: PeerIdx) {
        if self.by_ufrag.get(ufrag) == Some(&peer) {
            self.by_ufrag.remove(ufrag);
        }
        for a in addrs {
            self.forget(*a, peer);
        }
    }

    /// Finds the peer for a datagram, changing nothing (allocation free).
    pub fn lookup(&self, src: SocketAddr, bytes: &[u8]) -> Option<Route> {
        if is_stun(bytes) {
            let ufrag = stun_local_ufrag(bytes)?;
            return self.by_ufrag.get(ufrag).map(|p| Route::Stun(*p));
        }
        self.by_addr.get(&src).map(|p| Route::Mapped(*p))
    }

    /// Maps `src` to `peer` after an authentic STUN request from it, and remembers it in the
    /// peer's `addrs` (most recent last). Beyond [`MAX_ADDRS_PER_PEER`] the oldest address other
    /// than `keep` (where media goes) is unmapped.
    pub fn learn(
        &mut self,
        src: SocketAddr,
        peer: PeerIdx,
        addrs: &mut Vec<SocketAddr>,
        keep: Option<SocketAddr>,
    ) {
        self.by_addr.insert(src, peer);
        if let Some(i) = addrs.iter().position(|a| *a == src) {
            let a = addrs.remove(i);
            addrs.push(a);
            return;
        }
        addrs.push(src);
        while addrs.len() > MAX_ADDRS_PER_PEER {
            let i = addrs
                .iter()
                .position(|a| Some(*a) != keep && *a != src)
                .unwrap_or(0);
            let old = addrs.remove(i);
            self.forget(old, peer);
        }
    }

    /// Unmaps `addr` if it is mapped to `peer`.
    fn forget(&mut self, addr: SocketAddr, peer: PeerIdx) {
        if self.by_addr.get(&addr) == Some(&peer) {
            self.by_addr.remove(&addr);
        }
    }

    /// Number of mapped addresses (for tests and stats).
    pub fn addr_count(&self) -> usize {
        self.by_addr.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A STUN binding request with USERNAME (and a trailing dummy attribute).
    fn stun_request(username: &str) -> Vec<u8> {
        let mut attrs = Vec::new();
        // PRIORITY attribute first, so the parser has to skip one.
        attrs.extend_from_slice(&0x0024u16.to_be_bytes());
        attrs.extend_from_slice(&4u16.to_be_bytes());
        attrs.extend_from_slice(&[0, 0, 0, 1]);
        attrs.extend_from_slice(&STUN_ATTR_USERNAME.to_be_bytes());
        attrs.extend_from_slice(&(username.len() as u16).to_be_bytes());
        attrs.extend_from_slice(username.as_bytes());
        while attrs.len() % 4 != 0 {
            attrs.push(0);
        }
        let mut msg = vec![0x00, 0x01];
        msg.extend_from_slice(&(attrs.len() as u16).to_be_bytes());
        msg.extend_from_slice(&STUN_MAGIC_COOKIE);
        msg.extend_from_slice(&[7; 12]);
        msg.extend_from_slice(&attrs);
        msg
    }

    #[test]
    fn parses_local_ufrag_from_username() {
        let msg = stun_request("srvUfrag:cli");
        assert!(is_stun(&msg));
        assert_eq!(stun_local_ufrag(&msg), Some("srvUfrag"));
    }

    #[test]
    fn rtp_is_not_stun() {
        let rtp = [
            0x80u8, 111, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert!(!is_stun(&rtp));
        assert_eq!(stun_local_ufrag(&rtp), None);
    }

    #[test]
    fn truncated_stun_does_not_panic() {
        let msg = stun_request("abc:def");
        for n in 0..msg.len() {
            let _ = stun_local_ufrag(&msg[..n]);
        }
    }

    #[test]
    fn stun_maps_nothing_until_learned_then_media_follows() {
        let mut d = Demux::default();
        let a: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let rtp = [0x80u8; 40];
        assert_eq!(d.lookup(a, &rtp), None, "unknown address before STUN");
        d.register("u1".into(), PeerIdx(1));
        // A STUN naming the peer finds it, but maps nothing until it is authenticated.
        assert_eq!(
            d.lookup(a, &stun_request("u1:x")),
            Some(Route::Stun(PeerIdx(1)))
        );
        assert_eq!(d.lookup(a, &rtp), None);
        assert_eq!(d.addr_count(), 0);
        let mut addrs = Vec::new();
        d.learn(a, PeerIdx(1), &mut addrs, None);
        assert_eq!(d.lookup(a, &rtp), Some(Route::Mapped(PeerIdx(1))));
        assert_eq!(d.lookup(a, &stun_request("nobody:x")), None);
    }

    #[test]
    fn address_moves_to_new_peer_and_unregister_cleans_up() {
        let mut d = Demux::default();
        let a: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        d.register("old".into(), PeerIdx(1));
        d.register("new".into(), PeerIdx(2));
        let (mut old_addrs, mut new_addrs) = (Vec::new(), Vec::new());
        d.learn(a, PeerIdx(1), &mut old_addrs, None);
        d.learn(a, PeerIdx(2), &mut new_addrs, None);
        // Removing the old peer must not drop the address now owned by the new one.
        d.unregister("old", &old_addrs, PeerIdx(1));
        assert_eq!(d.lookup(a, &[0x80; 40]), Some(Route::Mapped(PeerIdx(2))));
        d.unregister("new", &new_addrs, PeerIdx(2));
        assert_eq!(d.addr_count(), 0);
        assert_eq!(d.lookup(a, &stun_request("new:x")), None);
    }

    #[test]
    fn a_peer_keeps_a_bounded_number_of_addresses_and_the_media_one() {
        let mut d = Demux::default();
        d.register("u".into(), PeerIdx(1));
        let addr = |port: u16| SocketAddr::from(([127, 0, 0, 1], port));
        let mut addrs = Vec::new();
        let media = addr(1);
        for port in 1..=1000 {
            d.learn(addr(port), PeerIdx(1), &mut addrs, Some(media));
        }
        assert_eq!(addrs.len(), MAX_ADDRS_PER_PEER);
        assert_eq!(d.addr_count(), MAX_ADDRS_PER_PEER);
        assert!(addrs.contains(&media), "the media address stays mapped");
        assert!(addrs.contains(&addr(1000)), "the newest is mapped");
        assert_eq!(
            d.lookup(media, &[0x80; 40]),
            Some(Route::Mapped(PeerIdx(1)))
        );
        assert_eq!(d.lookup(addr(2), &[0x80; 40]), None);
    }

    #[test]
    fn loopback_filter() {
        let lo: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let lo6: SocketAddr = "[::1]:1".parse().unwrap();
        let lan: SocketAddr = "192.168.1.5:1".parse().unwrap();
        assert!(source_allowed(true, &lo));
        assert!(source_allowed(true, &lo6));
        assert!(!source_allowed(true, &lan));
        assert!(source_allowed(false, &lan));
    }
}
