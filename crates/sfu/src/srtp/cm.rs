//! AES_CM_128_HMAC_SHA1_80 protection and unprotection of RTP (RFC 3711 §3.3, §4.1.1,
//! §4.2.1).

use aws_lc_rs::cipher::{EncryptingKey, EncryptionContext, UnboundCipherKey, AES_128};
use aws_lc_rs::constant_time::verify_slices_are_equal;
use aws_lc_rs::hmac;
use aws_lc_rs::iv::FixedLength;

use super::{rtp_seq, rtp_ssrc, SrtpError};

/// Session encryption key length.
pub(super) const KEY_LEN: usize = 16;
/// Session salt length (112 bits).
pub(super) const SALT_LEN: usize = 14;
/// Session authentication key length (160 bits).
pub(super) const AUTH_KEY_LEN: usize = 20;
/// Truncated HMAC-SHA1 tag length (80 bits).
pub(super) const TAG_LEN: usize = 10;

/// RTP session keys of the AES-CM profile, for one direction. The AES key schedule and the
/// HMAC context (with its inner and outer pads precomputed) are prepared once; per packet only
/// a copy of the HMAC state is made, on the stack.
pub(super) struct CmKeys {
    enc: EncryptingKey,
    auth: hmac::Key,
    salt: [u8; SALT_LEN],
}

/// The salt is wiped on drop (aws-lc-rs wipes the key schedule and HMAC state itself).
impl Drop for CmKeys {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.salt);
    }
}

impl CmKeys {
    /// Builds the keys from the session encryption key, salt and authentication key.
    pub(super) fn new(
        key: &[u8],
        salt: [u8; SALT_LEN],
        auth_key: &[u8],
    ) -> Result<Self, SrtpError> {
        if key.len() != KEY_LEN {
            return Err(SrtpError::BadKeyLength(key.len()));
        }
        let enc = UnboundCipherKey::new(&AES_128, key).map_err(|_| SrtpError::Crypto)?;
        let enc = EncryptingKey::ctr(enc).map_err(|_| SrtpError::Crypto)?;
        Ok(Self {
            enc,
            auth: hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, auth_key),
            salt,
        })
    }

    /// XORs `packet[header_len..]` with the AES-CTR keystream of the packet whose header
    /// starts `packet` (encryption and decryption are the same operation). IV = (salt · 2^16)
    /// XOR (SSRC · 2^64) XOR (index · 2^16), index = ROC · 2^16 + SEQ (RFC 3711 §4.1.1).
    fn apply_keystream(&self, packet: &mut [u8], header_len: usize, roc: u32) {
        let index = (u64::from(roc) << 16) | u64::from(rtp_seq(packet));
        let mut iv = [0u8; 16];
        iv[..SALT_LEN].copy_from_slice(&self.salt);
        for (b, s) in iv[4..8].iter_mut().zip(rtp_ssrc(packet).to_be_bytes()) {
            *b ^= s;
        }
        // The 48-bit index occupies bytes 8..14.
        for (b, i) in iv[8..14].iter_mut().zip(&index.to_be_bytes()[2..]) {
            *b ^= i;
        }
        self.enc
            .less_safe_encrypt(
                &mut packet[header_len..],
                EncryptionContext::Iv128(FixedLength::from(iv)),
            )
            .expect("AES-CTR with a 128-bit IV cannot fail");
    }

    /// HMAC-SHA1(auth_key, `authenticated` || ROC as 4 bytes big-endian) (RFC 3711 §4.2).
    fn tag(&self, authenticated: &[u8], roc: u32) -> hmac::Tag {
        let mut ctx = hmac::Context::with_key(&self.auth);
        ctx.update(authenticated);
        ctx.update(&roc.to_be_bytes());
        ctx.sign()
    }

    /// Encrypts `packet[header_len..]` in place and appends the 80-bit HMAC-SHA1 tag over
    /// `header || encrypted payload || ROC`.
    pub(super) fn protect(&self, packet: &mut Vec<u8>, header_len: usize, roc: u32) {
        self.apply_keystream(packet, header_len, roc);
        let tag = self.tag(packet, roc);
        packet.extend_from_slice(&tag.as_ref()[..TAG_LEN]);
    }

    /// Verifies the 80-bit tag at the end of `packet` (constant-time compare) and only then
    /// decrypts the payload in place; returns the length of the plain packet. The caller
    /// checked that `packet` holds at least `header_len + TAG_LEN` bytes. On error `packet` is
    /// untouched.
    pub(super) fn unprotect(
        &self,
        packet: &mut [u8],
        header_len: usize,
        roc: u32,
    ) -> Result<usize, SrtpError> {
        let len = packet.len() - TAG_LEN;
        let (body, received) = packet.split_at_mut(len);
        let expected = self.tag(body, roc);
        verify_slices_are_equal(&expected.as_ref()[..TAG_LEN], received)
            .map_err(|_| SrtpError::Auth)?;
        self.apply_keystream(body, header_len, roc);
        Ok(len)
    }
}
