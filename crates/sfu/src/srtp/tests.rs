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

mod inbound;

#[test]
fn keying_material_is_wiped_when_dropped_and_never_printed() {
    fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    wiped_on_drop::<OutboundSrtp>();
    wiped_on_drop::<InboundSrtp>();
    wiped_on_drop::<crate::dtls_keys::ExportedKeys>();

    // The derived salt, kept in the session keys, is zero once they are dropped.
    let mut keys = std::mem::ManuallyDrop::new(gcm::GcmKeys::new(&[1; 16], [7; 12]).unwrap());
    // SAFETY: dropped once, never used as keys again; only the plain salt bytes are read.
    unsafe { std::ptr::drop_in_place(&mut *keys) };
    assert_eq!(keys.salt, [0; 12]);

    let exported = crate::dtls_keys::ExportedKeys {
        profile: Profile::AeadAes128Gcm,
        material: zeroize::Zeroizing::new(vec![0xAB; 56]),
        client: false,
    };
    let printed = format!("{exported:?}");
    assert!(
        !printed.contains("171") && !printed.contains("AB"),
        "{printed}"
    );
}
