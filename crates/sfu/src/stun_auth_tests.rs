//! Unit tests of the STUN request check, against requests str0m's ICE agent builds.

use aws_lc_rs::hmac;
use str0m::ice::{StunMessage, TransId};

use super::*;
use crate::ice_lite::sha1_hmac;

const UFRAG: &str = "LOCALUFRAG";
const PWD: &str = "localpasswordlocalpassword";

fn key() -> hmac::Key {
    hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, PWD.as_bytes())
}

/// A binding request as a browser / str0m client sends it (MESSAGE-INTEGRITY, FINGERPRINT).
fn request(username: &str, pwd: &str) -> Vec<u8> {
    let msg =
        StunMessage::binding_request(username, TransId::new(), true, 0x1234, 1_845_501_695, true);
    let mut buf = vec![0_u8; 1500];
    let n = msg
        .to_bytes(Some(pwd.as_bytes()), &mut buf, sha1_hmac)
        .unwrap();
    buf.truncate(n);
    buf
}

fn verify(bytes: &[u8]) -> bool {
    verify_binding_request(bytes, UFRAG, Some("remote"), &key())
}

#[test]
fn a_request_str0m_builds_is_authentic() {
    assert!(verify(&request("LOCALUFRAG:remote", PWD)));
    // str0m's own parser agrees.
    let req = request("LOCALUFRAG:remote", PWD);
    assert!(StunMessage::parse(&req)
        .unwrap()
        .verify(PWD.as_bytes(), sha1_hmac));
}

#[test]
fn wrong_password_or_ufrag_is_refused() {
    assert!(!verify(&request("LOCALUFRAG:remote", "wrongpassword")));
    // Without a known client ufrag, any right half is taken (as str0m does before it knows).
    let any = request("LOCALUFRAG:whoever", PWD);
    assert!(verify_binding_request(&any, UFRAG, None, &key()));
    for username in [
        "OTHER:remote",
        "LOCALUFRAGX:remote",
        "remote:LOCALUFRAG",
        "LOCALUFRAG",
    ] {
        assert!(!verify(&request(username, PWD)), "{username}");
    }
}

#[test]
fn any_flipped_bit_is_refused() {
    let req = request("LOCALUFRAG:remote", PWD);
    for i in 0..req.len() {
        for bit in 0..8 {
            let mut bad = req.clone();
            bad[i] ^= 1 << bit;
            assert!(!verify(&bad), "byte {i} bit {bit}");
        }
    }
}

#[test]
fn a_tampered_request_with_a_recomputed_fingerprint_is_refused() {
    // The CRC is public: an attacker can fix it, not the HMAC.
    let mut bad = request("LOCALUFRAG:remote", PWD);
    let i = bad
        .windows(4)
        .position(|w| w == [0x00, 0x24, 0x00, 0x04])
        .unwrap();
    bad[i + 4] ^= 0x01;
    let n = bad.len();
    let crc = crc32fast::hash(&bad[..n - 8]) ^ FINGERPRINT_XOR;
    bad[n - 4..].copy_from_slice(&crc.to_be_bytes());
    assert!(fingerprint_matches(&bad));
    assert!(!verify(&bad));
}

#[test]
fn without_fingerprint_or_with_attributes_after_it_is_refused() {
    let req = request("LOCALUFRAG:remote", PWD);
    let n = req.len();
    // Drop FINGERPRINT (fix the header length): integrity alone is not enough.
    let mut short = req[..n - 8].to_vec();
    let len = (short.len() - HEADER_LEN) as u16;
    short[2..4].copy_from_slice(&len.to_be_bytes());
    assert!(!verify(&short));
    // An attribute after FINGERPRINT.
    let mut long = req.clone();
    long.extend_from_slice(&[0x80, 0x22, 0, 0]);
    let len = (long.len() - HEADER_LEN) as u16;
    long[2..4].copy_from_slice(&len.to_be_bytes());
    assert!(!verify(&long));
}

#[test]
fn truncations_and_responses_are_refused() {
    let req = request("LOCALUFRAG:remote", PWD);
    for len in 0..req.len() {
        assert!(!verify(&req[..len]), "prefix {len}");
    }
    let mut resp = req.clone();
    resp[0..2].copy_from_slice(&[0x01, 0x01]);
    assert!(!verify(&resp));
}
