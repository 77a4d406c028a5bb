//! Known-answer tests. Every expected value is copied from a published reference (RFC 3711
//! Appendix B.3, RFC 7714 §16.1.1 / §16.2.1, libsrtp `test/srtp_driver.c` `srtp_validate`).

use super::*;

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

// RFC 3711 Appendix B.3 (key derivation test vectors).
const B3_MASTER_KEY: &str = "E1F97A0D3E018BE0D64FA32C06DE4139";
const B3_MASTER_SALT: &str = "0EC675AD498AFEEBB6960B3AABE6";
const B3_CIPHER_KEY: &str = "C61E7A93744F39EE10734AFE3FF7A087";
const B3_CIPHER_SALT: &str = "30CBBC08863D8C85D49DB34A9AE1";
/// The first 160 bits of the B.3 auth key (HMAC-SHA1 uses a 160-bit key).
const B3_AUTH_KEY: &str = "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4";

// RFC 7714 §16.1.1 / §16.2.1 (session key and salt given directly, ROC 0).
const GCM_128_KEY: &str = "000102030405060708090a0b0c0d0e0f";
const GCM_256_KEY: &str = "000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f";
const GCM_SALT: &str = "517569642070726f2071756f";
const GCM_PLAIN: &str = "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973
    20646976 69736120 696e2070 61727465 73207472 6573";
const GCM_128_PROTECTED: &str = "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca
    be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce";
const GCM_256_PROTECTED: &str = "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa
    b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13";

// libsrtp test/srtp_driver.c, srtp_validate(): default policy (AES_CM_128_HMAC_SHA1_80).
const LIBSRTP_PLAIN: &str = "800f1234 decafbad cafebabe abababab abababab abababab abababab";
const LIBSRTP_PROTECTED: &str = "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402
    b78d6acc 99ea179b 8dbb";

fn derive(label: u8, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    kdf::derive(&hex(B3_MASTER_KEY), &hex(B3_MASTER_SALT), label, &mut out).unwrap();
    out
}

#[test]
fn srtp_kdf_rfc3711_b3() {
    assert_eq!(derive(kdf::LABEL_RTP_ENCRYPTION, 16), hex(B3_CIPHER_KEY));
    assert_eq!(derive(kdf::LABEL_RTP_SALT, 14), hex(B3_CIPHER_SALT));
    assert_eq!(derive(kdf::LABEL_RTP_AUTH, 20), hex(B3_AUTH_KEY));
}

/// Protects `plain` (12-byte header) with exactly `overhead()` spare capacity.
fn protect(tx: &OutboundSrtp, plain: &[u8], roc: u32) -> Vec<u8> {
    let mut packet = Vec::with_capacity(plain.len() + tx.overhead());
    packet.extend_from_slice(plain);
    tx.protect_rtp(&mut packet, 12, roc);
    packet
}

#[test]
fn srtp_gcm_128_rfc7714_16_1() {
    let tx = OutboundSrtp::from_session_keys(
        Profile::AeadAes128Gcm,
        &hex(GCM_128_KEY),
        &hex(GCM_SALT),
        &[],
    )
    .unwrap();
    assert_eq!(tx.overhead(), 16);
    assert_eq!(protect(&tx, &hex(GCM_PLAIN), 0), hex(GCM_128_PROTECTED));
}

#[test]
fn srtp_gcm_256_rfc7714_16_2() {
    let tx = OutboundSrtp::from_session_keys(
        Profile::AeadAes256Gcm,
        &hex(GCM_256_KEY),
        &hex(GCM_SALT),
        &[],
    )
    .unwrap();
    assert_eq!(tx.overhead(), 16);
    assert_eq!(protect(&tx, &hex(GCM_PLAIN), 0), hex(GCM_256_PROTECTED));
}

#[test]
fn srtp_cm_libsrtp_srtp_validate() {
    let tx = OutboundSrtp::from_master(
        Profile::Aes128CmSha1_80,
        &hex(B3_MASTER_KEY),
        &hex(B3_MASTER_SALT),
    )
    .unwrap();
    assert_eq!(tx.overhead(), 10);
    assert_eq!(protect(&tx, &hex(LIBSRTP_PLAIN), 0), hex(LIBSRTP_PROTECTED));
}

/// CM keying material: client key/salt = B.3 master key/salt, server half different.
fn cm_material() -> Vec<u8> {
    let server_key = [0x11u8; 16];
    let server_salt = [0x22u8; 14];
    let mut m = hex(B3_MASTER_KEY);
    m.extend_from_slice(&server_key);
    m.extend_from_slice(&hex(B3_MASTER_SALT));
    m.extend_from_slice(&server_salt);
    m
}

#[test]
fn srtp_keying_material_client_and_server_halves() {
    let material = cm_material();
    assert_eq!(
        material.len(),
        Profile::Aes128CmSha1_80.keying_material_len()
    );
    let expected = hex(LIBSRTP_PROTECTED);

    // The client half is the B.3 master key/salt: the libsrtp vector (which uses the same
    // master key/salt, hence the B.3 session keys) comes out.
    let client =
        OutboundSrtp::from_keying_material(Profile::Aes128CmSha1_80, &material, true).unwrap();
    assert_eq!(protect(&client, &hex(LIBSRTP_PLAIN), 0), expected);

    let server =
        OutboundSrtp::from_keying_material(Profile::Aes128CmSha1_80, &material, false).unwrap();
    assert_ne!(protect(&server, &hex(LIBSRTP_PLAIN), 0), expected);

    // Swapping the halves makes the server side produce the vector.
    let mut swapped = Vec::new();
    swapped.extend_from_slice(&material[16..32]);
    swapped.extend_from_slice(&material[..16]);
    swapped.extend_from_slice(&material[46..60]);
    swapped.extend_from_slice(&material[32..46]);
    let server =
        OutboundSrtp::from_keying_material(Profile::Aes128CmSha1_80, &swapped, false).unwrap();
    assert_eq!(protect(&server, &hex(LIBSRTP_PLAIN), 0), expected);
}

#[test]
fn srtp_keying_material_lengths() {
    assert_eq!(Profile::Aes128CmSha1_80.keying_material_len(), 60);
    assert_eq!(Profile::AeadAes128Gcm.keying_material_len(), 56);
    assert_eq!(Profile::AeadAes256Gcm.keying_material_len(), 88);
    for profile in [
        Profile::Aes128CmSha1_80,
        Profile::AeadAes128Gcm,
        Profile::AeadAes256Gcm,
    ] {
        let len = profile.keying_material_len();
        for bad in [0, len - 1, len + 1] {
            let err =
                OutboundSrtp::from_keying_material(profile, &vec![7u8; bad], true).unwrap_err();
            assert!(
                matches!(err, SrtpError::BadKeyingMaterial { expected, got } if expected == len && got == bad),
                "{profile:?} {bad}: {err:?}"
            );
        }
        for client in [true, false] {
            let tx = OutboundSrtp::from_keying_material(profile, &vec![7u8; len], client).unwrap();
            let mut packet = Vec::with_capacity(40);
            packet.extend_from_slice(&hex(LIBSRTP_PLAIN));
            tx.protect_rtp(&mut packet, 12, 0);
            assert_eq!(packet.len(), 28 + tx.overhead());
        }
    }
}

#[test]
fn srtp_gcm_keying_material_uses_the_right_half() {
    // GCM-128: client key/salt = zeros, server key/salt = ones; both derive and differ.
    let mut material = vec![0u8; 16];
    material.extend_from_slice(&[1u8; 16]);
    material.extend_from_slice(&[0u8; 12]);
    material.extend_from_slice(&[1u8; 12]);
    let client =
        OutboundSrtp::from_keying_material(Profile::AeadAes128Gcm, &material, true).unwrap();
    let server =
        OutboundSrtp::from_keying_material(Profile::AeadAes128Gcm, &material, false).unwrap();
    let from_zero = OutboundSrtp::from_master(Profile::AeadAes128Gcm, &[0; 16], &[0; 12]).unwrap();
    let from_one = OutboundSrtp::from_master(Profile::AeadAes128Gcm, &[1; 16], &[1; 12]).unwrap();
    let plain = hex(GCM_PLAIN);
    assert_eq!(protect(&client, &plain, 0), protect(&from_zero, &plain, 0));
    assert_eq!(protect(&server, &plain, 0), protect(&from_one, &plain, 0));
    assert_ne!(protect(&client, &plain, 0), protect(&server, &plain, 0));
}

#[test]
fn srtp_protect_does_not_reallocate() {
    let cm = OutboundSrtp::from_master(
        Profile::Aes128CmSha1_80,
        &hex(B3_MASTER_KEY),
        &hex(B3_MASTER_SALT),
    )
    .unwrap();
    let gcm = OutboundSrtp::from_session_keys(
        Profile::AeadAes128Gcm,
        &hex(GCM_128_KEY),
        &hex(GCM_SALT),
        &[],
    )
    .unwrap();
    for tx in [&cm, &gcm] {
        let plain = hex(GCM_PLAIN);
        let mut packet = Vec::with_capacity(plain.len() + tx.overhead());
        packet.extend_from_slice(&plain);
        let (ptr, cap) = (packet.as_ptr(), packet.capacity());
        tx.protect_rtp(&mut packet, 12, 0);
        assert_eq!(packet.as_ptr(), ptr);
        assert_eq!(packet.capacity(), cap);
        assert_eq!(packet.len(), plain.len() + tx.overhead());
    }
}

#[test]
fn srtp_roc_changes_output() {
    let tx = OutboundSrtp::from_master(
        Profile::Aes128CmSha1_80,
        &hex(B3_MASTER_KEY),
        &hex(B3_MASTER_SALT),
    )
    .unwrap();
    let plain = hex(LIBSRTP_PLAIN);
    assert_ne!(protect(&tx, &plain, 0), protect(&tx, &plain, 1));
}

#[test]
fn srtp_outbound_is_send_and_small() {
    fn assert_send<T: Send>() {}
    assert_send::<OutboundSrtp>();
    let size = std::mem::size_of::<OutboundSrtp>();
    assert!(size <= 64, "OutboundSrtp is {size} bytes");
    eprintln!(
        "OutboundSrtp {size} B inline; GcmKeys {} B; boxed CmKeys {} B",
        std::mem::size_of::<GcmKeys>(),
        std::mem::size_of::<CmKeys>()
    );
}

// ---------------------------------------------------------------------------------------------
// Inbound (unprotect) tests.

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
