//! Inbound (unprotect) tests: round trips with the outbound side, tampering, replay, rollover,
//! and the same published vectors decrypted back.

use super::*;

const ALL_PROFILES: [Profile; 3] = [
    Profile::Aes128CmSha1_80,
    Profile::AeadAes128Gcm,
    Profile::AeadAes256Gcm,
];

/// Keying material whose four parts all differ.
fn material(profile: Profile) -> Vec<u8> {
    (0..profile.keying_material_len())
        .map(|i| (i * 7 + 3) as u8)
        .collect()
}

/// A plain RTP packet and its header length: `csrcs` CSRCs and, if `ext`, a one-byte-header
/// extension block (0xBEDE, 2 words: audio level id 1 + a 3-byte element id 2 + padding).
fn rtp(seq: u16, ssrc: u32, csrcs: u8, ext: bool, payload: &[u8]) -> (Vec<u8>, usize) {
    let mut p = vec![0x80 | csrcs | if ext { 0x10 } else { 0 }, 111];
    p.extend_from_slice(&seq.to_be_bytes());
    p.extend_from_slice(&(0x1234_5678u32.wrapping_add(u32::from(seq) * 960)).to_be_bytes());
    p.extend_from_slice(&ssrc.to_be_bytes());
    for c in 0..u32::from(csrcs) {
        p.extend_from_slice(&(0xc5c5_0000 + c).to_be_bytes());
    }
    if ext {
        p.extend_from_slice(&[0xbe, 0xde, 0x00, 0x02]);
        p.extend_from_slice(&[0x10, 0x85, 0x22, 0xaa, 0xbb, 0xcc, 0x00, 0x00]);
    }
    let header_len = p.len();
    p.extend_from_slice(payload);
    (p, header_len)
}

/// Protects `plain` whose header is `header_len` bytes long.
fn protect_with(tx: &OutboundSrtp, plain: &[u8], header_len: usize, roc: u32) -> Vec<u8> {
    let mut packet = Vec::with_capacity(plain.len() + tx.overhead());
    packet.extend_from_slice(plain);
    tx.protect_rtp(&mut packet, header_len, roc);
    packet
}

/// Unprotects a copy of `protected`, returning the plain packet.
fn unprotect(rx: &mut InboundSrtp, protected: &[u8]) -> Result<Vec<u8>, SrtpError> {
    let mut packet = protected.to_vec();
    let len = rx.unprotect_rtp(&mut packet)?;
    packet.truncate(len);
    Ok(packet)
}

/// Sender (we are the DTLS client) and receiver (the remote end, the DTLS server) of one
/// direction of an association.
fn pair(profile: Profile) -> (OutboundSrtp, InboundSrtp) {
    let m = material(profile);
    (
        OutboundSrtp::from_keying_material(profile, &m, true).unwrap(),
        InboundSrtp::from_keying_material(profile, &m, false).unwrap(),
    )
}

/// Sends the packet with `seq` (12-byte header, SSRC 0xCAFE) protected with `roc`.
fn send(tx: &OutboundSrtp, seq: u16, roc: u32) -> (Vec<u8>, Vec<u8>) {
    let payload: Vec<u8> = (0..40u8).map(|i| i ^ seq as u8).collect();
    let (plain, header_len) = rtp(seq, 0xCAFE, 0, false, &payload);
    let protected = protect_with(tx, &plain, header_len, roc);
    (plain, protected)
}

fn assert_err(result: Result<Vec<u8>, SrtpError>, want: &str) {
    match result {
        Err(e) if format!("{e:?}") == want => {}
        other => panic!("expected {want}, got {other:?}"),
    }
}

#[test]
fn srtp_inbound_round_trip_all_profiles() {
    for profile in ALL_PROFILES {
        let (tx, mut rx) = pair(profile);
        let mut seq = 7u16;
        for (csrcs, ext) in [(0, false), (2, false), (0, true), (3, true)] {
            for payload_len in [0usize, 1, 160] {
                let payload: Vec<u8> = (0..payload_len).map(|i| i as u8 ^ 0x5a).collect();
                let (plain, header_len) = rtp(seq, 0x1122_3344, csrcs, ext, &payload);
                let protected = protect_with(&tx, &plain, header_len, 0);
                assert_eq!(protected.len(), plain.len() + tx.overhead());
                assert_eq!(protected[..header_len], plain[..header_len]);
                if payload_len > 0 {
                    assert_ne!(protected[header_len..plain.len()], plain[header_len..]);
                }
                let mut packet = protected.clone();
                let len = rx.unprotect_rtp(&mut packet).unwrap();
                assert_eq!(len, plain.len(), "{profile:?} cc={csrcs} ext={ext}");
                assert_eq!(packet[..len], plain[..], "{profile:?} cc={csrcs} ext={ext}");
                seq += 1;
            }
        }
    }
}

#[test]
fn srtp_inbound_uses_the_other_half() {
    for profile in ALL_PROFILES {
        let m = material(profile);
        let tx = OutboundSrtp::from_keying_material(profile, &m, true).unwrap();
        let mut same = InboundSrtp::from_keying_material(profile, &m, true).unwrap();
        let (_, protected) = send(&tx, 1, 0);
        assert_err(unprotect(&mut same, &protected), "Auth");
        // And the reverse direction: the server sends, we (the client) receive.
        let tx = OutboundSrtp::from_keying_material(profile, &m, false).unwrap();
        let mut rx = InboundSrtp::from_keying_material(profile, &m, true).unwrap();
        let (plain, protected) = send(&tx, 1, 0);
        assert_eq!(
            unprotect(&mut rx, &protected).unwrap(),
            plain,
            "{profile:?}"
        );
    }
}

#[test]
fn srtp_inbound_tampering_fails_auth_and_keeps_state() {
    for profile in ALL_PROFILES {
        let (tx, mut rx) = pair(profile);
        let (plain, header_len) = rtp(500, 0xCAFE, 1, true, &[9u8; 50]);
        let first = protect_with(&tx, &rtp(499, 0xCAFE, 0, false, &[1; 20]).0, 12, 0);
        unprotect(&mut rx, &first).unwrap();
        let protected = protect_with(&tx, &plain, header_len, 0);
        let last = protected.len() - 1;
        // Payload byte, fixed header byte (PT), CSRC, extension element, sequence number, tag.
        for at in [header_len + 3, 1, 13, header_len - 3, 3, last] {
            let before = rx.replay.clone();
            let mut bad = protected.clone();
            bad[at] ^= 0x01;
            assert_err(unprotect(&mut rx, &bad), "Auth");
            assert_eq!(rx.replay, before, "{profile:?} byte {at}");
        }
        // A different SSRC with a bad tag does not reset the tracking either.
        let before = rx.replay.clone();
        let mut bad = protected.clone();
        bad[11] ^= 0x01;
        assert_err(unprotect(&mut rx, &bad), "Auth");
        assert_eq!(rx.replay, before);
        // The untampered packet still decrypts, once.
        assert_eq!(
            unprotect(&mut rx, &protected).unwrap(),
            plain,
            "{profile:?}"
        );
        assert_err(unprotect(&mut rx, &protected), "Replay");
    }
}

#[test]
fn srtp_inbound_replay_window() {
    for profile in ALL_PROFILES {
        let (tx, mut rx) = pair(profile);
        let held = [1036u16, 1037, 1050];
        let mut sent = std::collections::HashMap::new();
        for seq in 1000..=1100u16 {
            let (plain, protected) = send(&tx, seq, 0);
            if !held.contains(&seq) {
                assert_eq!(unprotect(&mut rx, &protected).unwrap(), plain);
            }
            sent.insert(seq, (plain, protected));
        }
        // The same packet twice.
        assert_err(unprotect(&mut rx, &sent[&1100].1), "Replay");
        assert_err(unprotect(&mut rx, &sent[&1064].1), "Replay");
        // Out of order within the window: accepted once.
        for seq in [1050, 1037] {
            assert_eq!(unprotect(&mut rx, &sent[&seq].1).unwrap(), sent[&seq].0);
            assert_err(unprotect(&mut rx, &sent[&seq].1), "Replay");
        }
        // 64 behind the highest (1100): outside the window, though never seen.
        assert_err(unprotect(&mut rx, &sent[&1036].1), "Replay");
        // A jump ahead by more than the window clears it; the old ones stay rejected.
        let (plain, protected) = send(&tx, 1300, 0);
        assert_eq!(unprotect(&mut rx, &protected).unwrap(), plain);
        assert_err(unprotect(&mut rx, &sent[&1100].1), "Replay");
        let (plain, protected) = send(&tx, 1299, 0);
        assert_eq!(unprotect(&mut rx, &protected).unwrap(), plain);
    }
}

#[test]
fn srtp_inbound_rollover() {
    for profile in ALL_PROFILES {
        // In order across the wrap, then a late unseen packet from before it.
        let (tx, mut rx) = pair(profile);
        for (seq, roc) in [(65534, 0), (65535, 0), (0, 1), (1, 1)] {
            let (plain, protected) = send(&tx, seq, roc);
            assert_eq!(unprotect(&mut rx, &protected).unwrap(), plain, "{seq}");
        }
        let (plain, protected) = send(&tx, 65533, 0);
        assert_eq!(unprotect(&mut rx, &protected).unwrap(), plain);
        let (_, protected) = send(&tx, 65535, 0);
        assert_err(unprotect(&mut rx, &protected), "Replay");
        // Continues with ROC 1; a packet protected with the wrong ROC fails.
        let (plain, protected) = send(&tx, 2, 1);
        assert_eq!(unprotect(&mut rx, &protected).unwrap(), plain);
        let (_, protected) = send(&tx, 3, 0);
        assert_err(unprotect(&mut rx, &protected), "Auth");

        // The late 65535 arrives after the wrap: still ROC 0, accepted once.
        let (tx, mut rx) = pair(profile);
        let late = send(&tx, 65535, 0);
        for (seq, roc) in [(65534, 0), (0, 1), (1, 1)] {
            let (plain, protected) = send(&tx, seq, roc);
            assert_eq!(unprotect(&mut rx, &protected).unwrap(), plain, "{seq}");
        }
        assert_eq!(unprotect(&mut rx, &late.1).unwrap(), late.0);
        assert_err(unprotect(&mut rx, &late.1), "Replay");

        // A fresh receiver assumes ROC 0.
        let (tx, mut rx) = pair(profile);
        let (_, protected) = send(&tx, 0, 1);
        assert_err(unprotect(&mut rx, &protected), "Auth");
    }
}

#[test]
fn srtp_inbound_new_ssrc_resets_tracking() {
    for profile in ALL_PROFILES {
        let (tx, mut rx) = pair(profile);
        let (plain, header_len) = rtp(40000, 0xAAAA, 0, false, &[1; 30]);
        let a = protect_with(&tx, &plain, header_len, 3);
        // An untracked stream starts at ROC 0: ROC 3 is not guessed.
        assert_err(unprotect(&mut rx, &a), "Auth");
        let (plain, header_len) = rtp(40000, 0xAAAA, 0, false, &[1; 30]);
        let a = protect_with(&tx, &plain, header_len, 0);
        assert_eq!(unprotect(&mut rx, &a).unwrap(), plain);
        // The microphone restarts with a new SSRC and a low sequence number.
        let (plain, header_len) = rtp(5, 0xBBBB, 0, false, &[2; 30]);
        let b = protect_with(&tx, &plain, header_len, 0);
        assert_eq!(unprotect(&mut rx, &b).unwrap(), plain);
        let (plain, header_len) = rtp(6, 0xBBBB, 0, false, &[2; 30]);
        let b = protect_with(&tx, &plain, header_len, 0);
        assert_eq!(unprotect(&mut rx, &b).unwrap(), plain);
        assert_err(unprotect(&mut rx, &b), "Replay");
    }
}

#[test]
fn srtp_inbound_malformed() {
    for profile in ALL_PROFILES {
        let (tx, mut rx) = pair(profile);
        let tag = tx.overhead();
        let (_, protected) = send(&tx, 1, 0);
        let before = rx.replay.clone();
        // Shorter than the fixed header; header + tag minus one byte.
        assert_err(unprotect(&mut rx, &protected[..11]), "Malformed");
        assert_err(unprotect(&mut rx, &protected[..12 + tag - 1]), "Malformed");
        assert_err(unprotect(&mut rx, &[]), "Malformed");
        // Version 1 and 3.
        for v in [0x40, 0xc0] {
            let mut bad = protected.clone();
            bad[0] = (bad[0] & 0x3f) | v;
            assert_err(unprotect(&mut rx, &bad), "Malformed");
        }
        // CSRC count or extension length beyond the packet.
        let mut bad = protected.clone();
        bad[0] |= 0x0f;
        bad.truncate(12 + 60 + tag - 1);
        assert_err(unprotect(&mut rx, &bad), "Malformed");
        let (plain, header_len) = rtp(2, 0xCAFE, 0, true, &[]);
        let with_ext = protect_with(&tx, &plain, header_len, 0);
        assert_err(
            unprotect(&mut rx, &with_ext[..header_len + tag - 1]),
            "Malformed",
        );
        let mut bad = with_ext.clone();
        bad[15] = 0xff;
        assert_err(unprotect(&mut rx, &bad), "Malformed");
        // X bit set but not even the extension header fits.
        let mut bad = protected[..12 + tag].to_vec();
        bad[0] |= 0x10;
        bad.truncate(14);
        assert_err(unprotect(&mut rx, &bad), "Malformed");
        assert_eq!(rx.replay, before);
        // An empty payload (header + tag exactly) is fine.
        assert_eq!(unprotect(&mut rx, &with_ext).unwrap(), plain);
    }
}

#[test]
fn srtp_inbound_gcm_128_rfc7714_16_1() {
    let mut rx = InboundSrtp::from_session_keys(
        Profile::AeadAes128Gcm,
        &hex(GCM_128_KEY),
        &hex(GCM_SALT),
        &[],
    )
    .unwrap();
    assert_eq!(
        unprotect(&mut rx, &hex(GCM_128_PROTECTED)).unwrap(),
        hex(GCM_PLAIN)
    );
}

#[test]
fn srtp_inbound_gcm_256_rfc7714_16_2() {
    let mut rx = InboundSrtp::from_session_keys(
        Profile::AeadAes256Gcm,
        &hex(GCM_256_KEY),
        &hex(GCM_SALT),
        &[],
    )
    .unwrap();
    assert_eq!(
        unprotect(&mut rx, &hex(GCM_256_PROTECTED)).unwrap(),
        hex(GCM_PLAIN)
    );
}

#[test]
fn srtp_inbound_cm_libsrtp_srtp_validate() {
    let mut rx = InboundSrtp::from_master(
        Profile::Aes128CmSha1_80,
        &hex(B3_MASTER_KEY),
        &hex(B3_MASTER_SALT),
    )
    .unwrap();
    assert_eq!(
        unprotect(&mut rx, &hex(LIBSRTP_PROTECTED)).unwrap(),
        hex(LIBSRTP_PLAIN)
    );
    // Via the keying material: the remote is the DTLS client and sends with the client half
    // (the B.3 master key/salt), so we are the server (`client` = false).
    let mut rx =
        InboundSrtp::from_keying_material(Profile::Aes128CmSha1_80, &cm_material(), false).unwrap();
    assert_eq!(
        unprotect(&mut rx, &hex(LIBSRTP_PROTECTED)).unwrap(),
        hex(LIBSRTP_PLAIN)
    );
    let mut rx =
        InboundSrtp::from_keying_material(Profile::Aes128CmSha1_80, &cm_material(), true).unwrap();
    assert_err(unprotect(&mut rx, &hex(LIBSRTP_PROTECTED)), "Auth");
    // The same session keys given directly.
    let mut rx = InboundSrtp::from_session_keys(
        Profile::Aes128CmSha1_80,
        &hex(B3_CIPHER_KEY),
        &hex(B3_CIPHER_SALT),
        &hex(B3_AUTH_KEY),
    )
    .unwrap();
    assert_eq!(
        unprotect(&mut rx, &hex(LIBSRTP_PROTECTED)).unwrap(),
        hex(LIBSRTP_PLAIN)
    );
}

#[test]
fn srtp_inbound_bad_keying_material() {
    for profile in ALL_PROFILES {
        let len = profile.keying_material_len();
        let err = InboundSrtp::from_keying_material(profile, &vec![0; len + 1], false).unwrap_err();
        assert!(
            matches!(err, SrtpError::BadKeyingMaterial { expected, got } if expected == len && got == len + 1)
        );
    }
}

#[test]
fn srtp_inbound_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<InboundSrtp>();
    eprintln!(
        "InboundSrtp {} B inline",
        std::mem::size_of::<InboundSrtp>()
    );
}
