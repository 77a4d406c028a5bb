//! AEAD_AES_128_GCM / AEAD_AES_256_GCM protection of outgoing RTP (RFC 7714 §8).

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM, AES_256_GCM};

use super::SrtpError;

/// GCM session salt length (96 bits).
pub(super) const SALT_LEN: usize = 12;
/// GCM authentication tag length.
pub(super) const TAG_LEN: usize = 16;

/// RTP session key and salt of an AEAD profile.
pub(super) struct GcmTx {
    key: LessSafeKey,
    salt: [u8; SALT_LEN],
}

impl GcmTx {
    /// Builds the sender from the session encryption key (16 or 32 bytes) and session salt.
    pub(super) fn new(key: &[u8], salt: [u8; SALT_LEN]) -> Result<Self, SrtpError> {
        let algorithm = match key.len() {
            16 => &AES_128_GCM,
            32 => &AES_256_GCM,
            n => return Err(SrtpError::BadKeyLength(n)),
        };
        let key = UnboundKey::new(algorithm, key).map_err(|_| SrtpError::Crypto)?;
        Ok(Self {
            key: LessSafeKey::new(key),
            salt,
        })
    }

    /// IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1).
    fn iv(&self, ssrc: [u8; 4], roc: u32, seq: [u8; 2]) -> [u8; SALT_LEN] {
        let mut iv = [0u8; SALT_LEN];
        iv[2..6].copy_from_slice(&ssrc);
        iv[6..10].copy_from_slice(&roc.to_be_bytes());
        iv[10..12].copy_from_slice(&seq);
        for (b, s) in iv.iter_mut().zip(self.salt) {
            *b ^= s;
        }
        iv
    }

    /// Encrypts `packet[header_len..]` in place with the header as AAD and appends the tag.
    pub(super) fn protect(&self, packet: &mut Vec<u8>, header_len: usize, roc: u32) {
        let ssrc = [packet[8], packet[9], packet[10], packet[11]];
        let seq = [packet[2], packet[3]];
        let nonce = Nonce::assume_unique_for_key(self.iv(ssrc, roc, seq));
        let (header, payload) = packet.split_at_mut(header_len);
        let tag = self
            .key
            .seal_in_place_separate_tag(nonce, Aad::from(&*header), payload)
            .expect("AES-GCM seal of an RTP packet cannot fail");
        packet.extend_from_slice(tag.as_ref());
    }
}
