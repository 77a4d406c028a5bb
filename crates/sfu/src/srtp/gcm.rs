//! AEAD_AES_128_GCM / AEAD_AES_256_GCM protection and unprotection of RTP (RFC 7714 §8, §9).

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM, AES_256_GCM};

use super::{rtp_seq, rtp_ssrc, SrtpError};

/// GCM session salt length (96 bits).
pub(super) const SALT_LEN: usize = 12;
/// GCM authentication tag length.
pub(super) const TAG_LEN: usize = 16;

/// RTP session key and salt of an AEAD profile, for one direction.
pub(super) struct GcmKeys {
    key: LessSafeKey,
    /// Visible to the module tests (they check it is wiped).
    pub(super) salt: [u8; SALT_LEN],
}

/// The salt is wiped on drop (aws-lc-rs wipes the key schedule itself).
impl Drop for GcmKeys {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.salt);
    }
}

impl GcmKeys {
    /// Builds the keys from the session encryption key (16 or 32 bytes) and session salt.
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

    /// The nonce of the packet whose header starts `packet`:
    /// IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1).
    fn nonce(&self, packet: &[u8], roc: u32) -> Nonce {
        let mut iv = [0u8; SALT_LEN];
        iv[2..6].copy_from_slice(&rtp_ssrc(packet).to_be_bytes());
        iv[6..10].copy_from_slice(&roc.to_be_bytes());
        iv[10..12].copy_from_slice(&rtp_seq(packet).to_be_bytes());
        for (b, s) in iv.iter_mut().zip(self.salt) {
            *b ^= s;
        }
        Nonce::assume_unique_for_key(iv)
    }

    /// Encrypts `packet[header_len..]` in place with the header as AAD and appends the tag.
    pub(super) fn protect(&self, packet: &mut Vec<u8>, header_len: usize, roc: u32) {
        let nonce = self.nonce(packet, roc);
        let (header, payload) = packet.split_at_mut(header_len);
        let tag = self
            .key
            .seal_in_place_separate_tag(nonce, Aad::from(&*header), payload)
            .expect("AES-GCM seal of an RTP packet cannot fail");
        packet.extend_from_slice(tag.as_ref());
    }

    /// Verifies the tag at the end of `packet` (AAD = `packet[..header_len]`) and decrypts
    /// the payload in place; returns the length of the plain packet. The caller checked that
    /// `packet` holds at least `header_len + TAG_LEN` bytes. On [`SrtpError::Auth`] the
    /// payload bytes are unspecified (the crypto library may have overwritten them).
    pub(super) fn unprotect(
        &self,
        packet: &mut [u8],
        header_len: usize,
        roc: u32,
    ) -> Result<usize, SrtpError> {
        let nonce = self.nonce(packet, roc);
        let (header, payload_and_tag) = packet.split_at_mut(header_len);
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(&*header), payload_and_tag)
            .map_err(|_| SrtpError::Auth)?;
        Ok(header_len + plain.len())
    }
}
