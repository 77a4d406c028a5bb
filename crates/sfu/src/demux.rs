//! Finds the peer a datagram belongs to in O(1), and filters sources.
//!
//! Non-STUN traffic is looked up by source address. STUN binding requests carry
//! `USERNAME = <our ufrag>:<their ufrag>`; the local ufrag names the peer, and the source address
//! is (re)mapped to it. So the first STUN from a new address fills the map, and a reconnecting
//! client that reuses a port is moved to its new peer.

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
            if self.by_addr.get(a) == Some(&peer) {
                self.by_addr.remove(a);
            }
        }
    }

    /// Finds the peer for a datagram. Returns the peer and, when the address was newly mapped
    /// (or moved from another peer), `true`, so the caller can remember the address on the peer.
    pub fn lookup(&mut self, src: SocketAddr, bytes: &[u8]) -> Option<(PeerIdx, bool)> {
        if is_stun(bytes) {
            let ufrag = stun_local_ufrag(bytes)?;
            let peer = *self.by_ufrag.get(ufrag)?;
            let previous = self.by_addr.insert(src, peer);
            return Some((peer, previous != Some(peer)));
        }
        self.by_addr.get(&src).map(|p| (*p, false))
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
    fn first_stun_maps_address_then_media_follows() {
        let mut d = Demux::default();
        let a: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let rtp = [0x80u8; 40];
        assert_eq!(d.lookup(a, &rtp), None, "unknown address before STUN");
        d.register("u1".into(), PeerIdx(1));
        assert_eq!(d.lookup(a, &stun_request("u1:x")), Some((PeerIdx(1), true)));
        assert_eq!(
            d.lookup(a, &stun_request("u1:x")),
            Some((PeerIdx(1), false))
        );
        assert_eq!(d.lookup(a, &rtp), Some((PeerIdx(1), false)));
        assert_eq!(d.lookup(a, &stun_request("nobody:x")), None);
    }

    #[test]
    fn address_moves_to_new_peer_and_unregister_cleans_up() {
        let mut d = Demux::default();
        let a: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        d.register("old".into(), PeerIdx(1));
        d.register("new".into(), PeerIdx(2));
        d.lookup(a, &stun_request("old:x"));
        assert_eq!(
            d.lookup(a, &stun_request("new:x")),
            Some((PeerIdx(2), true))
        );
        // Removing the old peer must not drop the address now owned by the new one.
        d.unregister("old", &[a], PeerIdx(1));
        assert_eq!(d.lookup(a, &[0x80; 40]), Some((PeerIdx(2), false)));
        d.unregister("new", &[a], PeerIdx(2));
        assert_eq!(d.addr_count(), 0);
        assert_eq!(d.lookup(a, &stun_request("new:x")), None);
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
