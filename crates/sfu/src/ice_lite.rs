//! ICE-lite STUN binding responder for a settled peer whose `Rtc` has been released.
//!
//! It answers the peer's binding requests (connectivity checks, nominations and RFC 7675
//! consent-freshness checks) exactly as str0m's own ICE-lite agent (`is` crate, `IceAgent`)
//! does: a request is accepted when USERNAME is `<local ufrag>:<anything>` and
//! MESSAGE-INTEGRITY verifies with the local password; the success reply carries only
//! XOR-MAPPED-ADDRESS (the request's source), MESSAGE-INTEGRITY with the local password and
//! FINGERPRINT. As ICE-lite we are always controlled; a request claiming ICE-CONTROLLED too is
//! a role conflict and is answered `487 Role Conflict` (see [`Binding::role_conflict`]).
//!
//! Every peer has one from the start: before it settles, [`IceResponder::verify`] is the check a
//! request must pass before it changes any state ([`crate::stun_auth`]) and str0m answers it;
//! once settled, [`IceResponder::answer`] answers it too.

use std::net::SocketAddr;

use aws_lc_rs::hmac;
use str0m::ice::StunMessage;
use zeroize::Zeroizing;

/// Room reserved for a reply: header (20) + XOR-MAPPED-ADDRESS for IPv6 (24) or ERROR-CODE
/// 487 (24) + MESSAGE-INTEGRITY (24) + FINGERPRINT (8) = 76 bytes, rounded up.
const REPLY_CAPACITY: usize = 128;

/// Whether a datagram is STUN by its first byte (RFC 7983 §7: 0..=3).
///
/// str0m's own demux is narrower (`byte0 < 2 && len >= 20`); the parser rejects the rest anyway.
pub(crate) fn is_stun(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(0..=3))
}

/// Answers a settled peer's STUN binding requests (connectivity and consent checks).
pub(crate) struct IceResponder {
    /// Our ICE ufrag (the left half of the request's USERNAME).
    local_ufrag: String,
    /// The client's ICE ufrag (the right half), when its offer gave one.
    remote_ufrag: Option<String>,
    /// Our ICE password (short-term credential for both directions' MESSAGE-INTEGRITY), wiped
    /// when dropped.
    local_pwd: Zeroizing<String>,
    /// HMAC-SHA1 key derived from `local_pwd`, built once.
    key: hmac::Key,
}

/// A valid binding request that was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Binding {
    /// The request carried USE-CANDIDATE (a nomination). Always false on a role conflict.
    pub use_candidate: bool,
    /// The request carried ICE-CONTROLLED (the peer thinks it is controlled too): the reply in
    /// `out` is a `487 Role Conflict` error, not a success, and grants nothing.
    pub role_conflict: bool,
}

impl IceResponder {
    /// A responder for the peer whose local (our) ICE credentials are these.
    pub(crate) fn new(local_ufrag: String, local_pwd: String) -> Self {
        let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, local_pwd.as_bytes());
        Self {
            local_ufrag,
            remote_ufrag: None,
            local_pwd: Zeroizing::new(local_pwd),
            key,
        }
    }

    /// The same responder, accepting only requests whose USERNAME's right half is `remote`
    /// (the client's ufrag, as str0m checks it).
    pub(crate) fn with_remote_ufrag(mut self, remote: Option<String>) -> Self {
        self.remote_ufrag = remote;
        self
    }

    /// Whether `bytes` is an authentic binding request for this peer (FINGERPRINT and
    /// MESSAGE-INTEGRITY checked; allocation free). See [`crate::stun_auth`].
    pub(crate) fn verify(&self, bytes: &[u8]) -> bool {
        crate::stun_auth::verify_binding_request(
            bytes,
            &self.local_ufrag,
            self.remote_ufrag.as_deref(),
            &self.key,
        )
    }

    /// Whether an authentic request (one [`IceResponder::verify`] accepted) nominates its path:
    /// USE-CANDIDATE without a role conflict, as [`Binding::use_candidate`].
    pub(crate) fn nominates(bytes: &[u8]) -> bool {
        StunMessage::parse(bytes).is_ok_and(|m| m.use_candidate() && m.ice_controlled().is_none())
    }

    /// If `bytes` is a binding request for this peer (USERNAME `<local_ufrag>:<anything>`,
    /// MESSAGE-INTEGRITY valid with the local password), writes the reply into `out` (cleared
    /// first) and returns `Some`. The reply is a success with XOR-MAPPED-ADDRESS = `src`, or a
    /// `487 Role Conflict` if the request carries ICE-CONTROLLED; both carry MESSAGE-INTEGRITY
    /// with the local password and FINGERPRINT. Anything else returns `None` with `out` empty.
    ///
    /// Like str0m, this does not check FINGERPRINT; the core calls it only for requests that
    /// passed [`IceResponder::verify`], which does.
    pub(crate) fn answer(
        &self,
        bytes: &[u8],
        src: SocketAddr,
        out: &mut Vec<u8>,
    ) -> Option<Binding> {
        out.clear();
        if !is_stun(bytes) {
            return None;
        }
        // For a binding request the parser already demands MESSAGE-INTEGRITY, a USERNAME of the
        // form "a:b" and PRIORITY.
        let msg = StunMessage::parse(bytes).ok()?;
        if !msg.is_binding_request() {
            return None;
        }
        let (local, remote) = msg.split_username()?;
        if local != self.local_ufrag || self.remote_ufrag.as_deref().is_some_and(|r| r != remote) {
            return None;
        }
        let hmac = |key: &[u8], payloads: &[&[u8]]| self.sha1_hmac(key, payloads);
        if !msg.verify(self.local_pwd.as_bytes(), hmac) {
            return None;
        }

        // str0m (`stun_server_handle_request`): a controlled agent receiving ICE-CONTROLLED
        // replies 487 if its tie-breaker >= the peer's, else switches to controlling. A settled
        // ICE-lite peer cannot switch roles, so we always keep ours (as if our tie-breaker won).
        let role_conflict = msg.ice_controlled().is_some();
        let reply = if role_conflict {
            StunMessage::binding_role_conflict_reply(msg.trans_id())
        } else {
            StunMessage::binding_reply(msg.trans_id(), src)
        };

        out.resize(REPLY_CAPACITY, 0);
        match reply.to_bytes(Some(self.local_pwd.as_bytes()), out, hmac) {
            Ok(n) => out.truncate(n),
            Err(_) => {
                out.clear();
                return None;
            }
        }
        Some(Binding {
            use_candidate: msg.use_candidate() && !role_conflict,
            role_conflict,
        })
    }

    /// HMAC-SHA1 over the concatenated `payloads`, as str0m's aws-lc-rs provider computes it.
    /// Uses the precomputed key when `key` is the local password (always, in practice).
    fn sha1_hmac(&self, key: &[u8], payloads: &[&[u8]]) -> [u8; 20] {
        if key == self.local_pwd.as_bytes() {
            sign(&self.key, payloads)
        } else {
            sha1_hmac(key, payloads)
        }
    }
}

/// HMAC-SHA1 of the concatenated `payloads` under `key` (the signature str0m's STUN code wants).
pub(crate) fn sha1_hmac(key: &[u8], payloads: &[&[u8]]) -> [u8; 20] {
    sign(
        &hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key),
        payloads,
    )
}

/// HMAC of the concatenated `payloads` under a prepared key, as a 20-byte array.
fn sign(key: &hmac::Key, payloads: &[&[u8]]) -> [u8; 20] {
    let mut ctx = hmac::Context::with_key(key);
    for p in payloads {
        ctx.update(p);
    }
    let tag = ctx.sign();
    let mut out = [0_u8; 20];
    out.copy_from_slice(tag.as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};
    use str0m::ice::TransId;

    const UFRAG: &str = "LOCALUFRAG";
    const PWD: &str = "localpasswordlocalpassword";

    fn responder() -> IceResponder {
        IceResponder::new(UFRAG.into(), PWD.into())
    }

    /// A binding request as a browser / str0m client sends it.
    fn request(
        username: &str,
        pwd: &str,
        trans_id: TransId,
        controlling: bool,
        use_candidate: bool,
    ) -> Vec<u8> {
        let msg = StunMessage::binding_request(
            username,
            trans_id,
            controlling,
            0x1234_5678_9abc_def0,
            1_845_501_695,
            use_candidate,
        );
        let mut buf = vec![0_u8; 1500];
        let n = msg
            .to_bytes(Some(pwd.as_bytes()), &mut buf, sha1_hmac)
            .unwrap();
        buf.truncate(n);
        buf
    }

    fn v4() -> SocketAddr {
        SocketAddr::new(Ipv4Addr::new(192, 0, 2, 7).into(), 50_123)
    }

    fn v6() -> SocketAddr {
        SocketAddr::new(
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0xdead, 0xbeef).into(),
            61_000,
        )
    }

    #[test]
    fn answers_binding_request_ipv4_and_ipv6() {
        let r = responder();
        for src in [v4(), v6()] {
            for use_candidate in [false, true] {
                let tid = TransId::new();
                let req = request("LOCALUFRAG:remote", PWD, tid, true, use_candidate);
                let mut out = Vec::new();
                let b = r.answer(&req, src, &mut out).expect("answered");
                assert_eq!(
                    b,
                    Binding {
                        use_candidate,
                        role_conflict: false
                    }
                );
                let reply = StunMessage::parse(&out).expect("reply parses");
                assert!(reply.is_successful_binding_response());
                assert_eq!(reply.trans_id(), tid);
                assert_eq!(reply.mapped_address(), Some(src));
                assert!(reply.verify(PWD.as_bytes(), sha1_hmac));
                assert!(!reply.verify(b"otherpassword", sha1_hmac));
                assert!(reply.username().is_none());
                assert!(reply.error_code().is_none());
            }
        }
    }

    #[test]
    fn reply_ends_with_valid_fingerprint() {
        // CRC-32 (ISO-HDLC) XOR 0x5354554e over everything before the FINGERPRINT attribute.
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = 0xffff_ffff_u32;
            for &b in data {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 != 0 {
                        (crc >> 1) ^ 0xedb8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let req = request("LOCALUFRAG:remote", PWD, TransId::new(), true, false);
        let mut out = Vec::new();
        responder().answer(&req, v4(), &mut out).unwrap();
        let n = out.len();
        assert_eq!(&out[n - 8..n - 4], &[0x80, 0x28, 0, 4]);
        let fp = u32::from_be_bytes(out[n - 4..].try_into().unwrap());
        assert_eq!(fp, crc32(&out[..n - 8]) ^ 0x5354_554e);
    }

    #[test]
    fn role_conflict_when_peer_claims_controlled() {
        let tid = TransId::new();
        let req = request("LOCALUFRAG:remote", PWD, tid, false, true);
        let mut out = Vec::new();
        let b = responder().answer(&req, v4(), &mut out).expect("answered");
        assert_eq!(
            b,
            Binding {
                use_candidate: false,
                role_conflict: true
            }
        );
        let reply = StunMessage::parse(&out).expect("reply parses");
        assert!(reply.is_failed_binding_response());
        assert_eq!(reply.trans_id(), tid);
        assert_eq!(reply.error_code(), Some((487, "Role Conflict")));
        assert!(reply.verify(PWD.as_bytes(), sha1_hmac));
    }

    #[test]
    fn rejects_wrong_password() {
        let req = request(
            "LOCALUFRAG:remote",
            "wrongpassword",
            TransId::new(),
            true,
            true,
        );
        let mut out = vec![1, 2, 3];
        assert!(responder().answer(&req, v4(), &mut out).is_none());
        assert!(out.is_empty());
    }

    #[test]
    fn rejects_wrong_local_ufrag() {
        for username in [
            "OTHERUFRAG:remote",
            "remote:LOCALUFRAG",
            "LOCALUFRAGX:remote",
        ] {
            let req = request(username, PWD, TransId::new(), true, false);
            let mut out = vec![1, 2, 3];
            assert!(responder().answer(&req, v4(), &mut out).is_none());
            assert!(out.is_empty());
        }
    }

    #[test]
    fn rejects_binding_response() {
        let resp = StunMessage::binding_reply(TransId::new(), v4());
        let mut buf = vec![0_u8; 1500];
        let n = resp
            .to_bytes(Some(PWD.as_bytes()), &mut buf, sha1_hmac)
            .unwrap();
        buf.truncate(n);
        let mut out = vec![1];
        assert!(responder().answer(&buf, v4(), &mut out).is_none());
        assert!(out.is_empty());
    }

    #[test]
    fn rejects_non_stun() {
        let r = responder();
        let mut out = vec![1];
        // An Opus RTP packet.
        let mut rtp = vec![0x80, 111, 0, 1, 0, 0, 0, 160, 0xde, 0xad, 0xbe, 0xef];
        rtp.extend_from_slice(&[0xfc; 40]);
        assert!(r.answer(&rtp, v4(), &mut out).is_none());
        assert!(out.is_empty());
        // Pseudo-random bytes (xorshift), starting with a STUN-like first byte too.
        let mut x = 0x9e37_79b9_u32;
        for len in 0..200 {
            let mut bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x as u8
                })
                .collect();
            if let Some(b) = bytes.first_mut() {
                *b &= 0x01;
            }
            out.push(9);
            assert!(r.answer(&bytes, v4(), &mut out).is_none());
            assert!(out.is_empty());
        }
        // A valid request, truncated at every length.
        let req = request("LOCALUFRAG:remote", PWD, TransId::new(), true, true);
        for len in 0..req.len() {
            out.push(9);
            assert!(r.answer(&req[..len], v4(), &mut out).is_none());
            assert!(out.is_empty());
        }
    }

    #[test]
    fn tampered_request_is_rejected() {
        let req = request("LOCALUFRAG:remote", PWD, TransId::new(), true, false);
        // Flip one bit of the PRIORITY value (covered by MESSAGE-INTEGRITY).
        let mut bad = req.clone();
        let i = bad
            .windows(4)
            .position(|w| w == [0x00, 0x24, 0x00, 0x04])
            .unwrap();
        bad[i + 4] ^= 0x01;
        let mut out = Vec::new();
        assert!(responder().answer(&bad, v4(), &mut out).is_none());
        assert!(out.is_empty());
    }

    #[test]
    fn is_stun_by_first_byte() {
        assert!(is_stun(&[0x00, 0x01]));
        assert!(is_stun(&[0x03]));
        assert!(!is_stun(&[]));
        assert!(!is_stun(&[22, 254, 253])); // DTLS
        assert!(!is_stun(&[0x80, 111])); // RTP
    }
}
