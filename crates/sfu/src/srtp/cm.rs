//! AES_CM_128_HMAC_SHA1_80 protection of outgoing RTP (RFC 3711 §4.1.1, §4.2.1).

use aws_lc_rs::cipher::{EncryptingKey, EncryptionContext, UnboundCipherKey, AES_128};
use aws_lc_rs::hmac;
use aws_lc_rs::iv::FixedLength;

use super::SrtpError;

/// Session encryption key length.
pub(super) const KEY_LEN: usize = 16;
/// Session salt length (112 bits).
pub(super) const SALT_LEN: usize = 14;
/// Session authentication key length (160 bits).
pub(super) const AUTH_KEY_LEN: usize = 20;
/// Truncated HMAC-SHA1 tag length (80 bits).
pub(super) const TAG_LEN: usize = 10;

/// RTP session keys of the AES-CM profile. The AES key schedule and the HMAC context (with
/// its inner and outer pads precomputed) are prepared once; per packet only a copy of the
/// HMAC state is made, on the stack.
pub(super) struct CmTx {
    enc: EncryptingKey,
    auth: hmac::Key,
    salt: [u8; SALT_LEN],
}

impl CmTx {
    /// Builds the sender from the session encryption key, salt and authentication key.
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

    /// IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16) (RFC 3711 §4.1.1).
    fn iv(&self, ssrc: [u8; 4], index: u64) -> [u8; 16] {
        let mut iv = [0u8; 16];
        iv[..SALT_LEN].copy_from_slice(&self.salt);
        for (b, s) in iv[4..8].iter_mut().zip(ssrc) {
            *b ^= s;
        }
        // The 48-bit index occupies bytes 8..14.
        for (b, i) in iv[8..14].iter_mut().zip(&index.to_be_bytes()[2..]) {
            *b ^= i;
        }
        iv
    }

    /// Encrypts `packet[header_len..]` in place and appends the 80-bit HMAC-SHA1 tag over
    /// `header || encrypted payload || ROC`.
    pub(super) fn protect(&self, packet: &mut Vec<u8>, header_len: usize, roc: u32) {
        let ssrc = [packet[8], packet[9], packet[10], packet[11]];
        let seq = u16::from_be_bytes([packet[2], packet[3]]);
        let index = (u64::from(roc) << 16) | u64::from(seq);
        let iv = self.iv(ssrc, index);
        self.enc
            .less_safe_encrypt(
                &mut packet[header_len..],
                EncryptionContext::Iv128(FixedLength::from(iv)),
            )
            .expect("AES-CTR with a 128-bit IV cannot fail");
        let mut ctx = hmac::Context::with_key(&self.auth);
        ctx.update(packet);
        ctx.update(&roc.to_be_bytes());
        let tag = ctx.sign();
        packet.extend_from_slice(&tag.as_ref()[..TAG_LEN]);
    }
}
