//! Outbound SRTP protection for the forwarding fast path.
//!
//! [`OutboundSrtp`] holds the RTP session keys for the packets Stoa sends on one DTLS-SRTP
//! association, derived once from the DTLS exporter's keying material (RFC 5764 §4.2,
//! RFC 3711 §4.3). [`OutboundSrtp::protect_rtp`] then encrypts and authenticates one packet in
//! place without allocating, provided the caller reserved [`OutboundSrtp::overhead`] bytes.
//!
//! Profiles: `SRTP_AES128_CM_HMAC_SHA1_80` (RFC 3711), `SRTP_AEAD_AES_128_GCM` and
//! `SRTP_AEAD_AES_256_GCM` (RFC 7714). Only RTP is protected here; SRTCP is not.

mod cm;
mod gcm;
mod kdf;
#[cfg(test)]
mod tests;

use cm::CmTx;
use gcm::GcmTx;

/// Length of the fixed RTP header (up to and including the SSRC).
const RTP_FIXED_HEADER_LEN: usize = 12;

/// The SRTP protection profiles negotiated by DTLS-SRTP that Stoa protects itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `SRTP_AES128_CM_HMAC_SHA1_80` (RFC 5764 §4.1.2): AES-128 counter mode, 80-bit HMAC-SHA1.
    Aes128CmSha1_80,
    /// `SRTP_AEAD_AES_128_GCM` (RFC 7714 §14.2).
    AeadAes128Gcm,
    /// `SRTP_AEAD_AES_256_GCM` (RFC 7714 §14.2).
    AeadAes256Gcm,
}

impl Profile {
    /// Master key length in bytes.
    fn master_key_len(self) -> usize {
        match self {
            Profile::Aes128CmSha1_80 | Profile::AeadAes128Gcm => 16,
            Profile::AeadAes256Gcm => 32,
        }
    }

    /// Master salt length in bytes (equal to the session salt length).
    fn master_salt_len(self) -> usize {
        match self {
            Profile::Aes128CmSha1_80 => cm::SALT_LEN,
            Profile::AeadAes128Gcm | Profile::AeadAes256Gcm => gcm::SALT_LEN,
        }
    }

    /// Length of the DTLS-SRTP keying material for this profile (RFC 5764 §4.2: 2 master keys
    /// + 2 master salts): CM: 16*2+14*2, GCM-128: 16*2+12*2, GCM-256: 32*2+12*2.
    pub fn keying_material_len(self) -> usize {
        2 * self.master_key_len() + 2 * self.master_salt_len()
    }
}

/// Why SRTP session keys could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SrtpError {
    /// The DTLS-SRTP keying material does not have the profile's length.
    #[error("bad SRTP keying material length: expected {expected} bytes, got {got}")]
    BadKeyingMaterial {
        /// Length required by the profile.
        expected: usize,
        /// Length given.
        got: usize,
    },
    /// A master or session key has an unsupported length.
    #[error("bad SRTP key length: {0} bytes")]
    BadKeyLength(usize),
    /// A master or session salt has an unsupported length.
    #[error("bad SRTP salt length: {0} bytes")]
    BadSaltLength(usize),
    /// The crypto library rejected a key.
    #[error("SRTP key setup failed in the crypto library")]
    Crypto,
}

/// The session keys protecting the RTP packets we SEND on one DTLS-SRTP association.
pub struct OutboundSrtp {
    inner: Inner,
}

/// Per-profile state. The CM keys (AES key schedule + HMAC state) are large, so they live on
/// the heap, allocated once per association.
enum Inner {
    Gcm(GcmTx),
    Cm(Box<CmTx>),
}

impl std::fmt::Debug for OutboundSrtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let profile = match &self.inner {
            Inner::Gcm(_) => "AEAD_AES_GCM",
            Inner::Cm(_) => "AES_CM_128_HMAC_SHA1_80",
        };
        f.debug_struct("OutboundSrtp")
            .field("profile", &profile)
            .finish_non_exhaustive()
    }
}

impl OutboundSrtp {
    /// Derives the RTP session encryption key, salt (and for CM the auth key) from DTLS-SRTP
    /// keying material laid out as `[client_master_key, server_master_key, client_master_salt,
    /// server_master_salt]` (RFC 5764 §4.2). `client` = we are the DTLS client, so we send with
    /// the client half; else the server half.
    ///
    /// Key derivation: RFC 3711 §4.3 with key_derivation_rate 0 (labels 0x00 enc key, 0x01 auth
    /// key, 0x02 salt), AES-CM PRF (AES-128 for 16-byte master keys, AES-256 for 32-byte,
    /// RFC 6188 / RFC 7714 §11).
    pub fn from_keying_material(
        profile: Profile,
        material: &[u8],
        client: bool,
    ) -> Result<Self, SrtpError> {
        let expected = profile.keying_material_len();
        if material.len() != expected {
            return Err(SrtpError::BadKeyingMaterial {
                expected,
                got: material.len(),
            });
        }
        let (key_len, salt_len) = (profile.master_key_len(), profile.master_salt_len());
        let (keys, salts) = material.split_at(2 * key_len);
        let (key, salt) = if client {
            (&keys[..key_len], &salts[..salt_len])
        } else {
            (&keys[key_len..], &salts[salt_len..])
        };
        Self::from_master(profile, key, salt)
    }

    /// Derives the RTP session keys from one master key and master salt.
    fn from_master(
        profile: Profile,
        master_key: &[u8],
        master_salt: &[u8],
    ) -> Result<Self, SrtpError> {
        if master_key.len() != profile.master_key_len() {
            return Err(SrtpError::BadKeyLength(master_key.len()));
        }
        if master_salt.len() != profile.master_salt_len() {
            return Err(SrtpError::BadSaltLength(master_salt.len()));
        }
        let mut key = [0u8; 32];
        let key = &mut key[..profile.master_key_len()];
        kdf::derive(master_key, master_salt, kdf::LABEL_RTP_ENCRYPTION, key)?;
        let inner = match profile {
            Profile::Aes128CmSha1_80 => {
                let mut salt = [0u8; cm::SALT_LEN];
                kdf::derive(master_key, master_salt, kdf::LABEL_RTP_SALT, &mut salt)?;
                let mut auth = [0u8; cm::AUTH_KEY_LEN];
                kdf::derive(master_key, master_salt, kdf::LABEL_RTP_AUTH, &mut auth)?;
                Inner::Cm(Box::new(CmTx::new(key, salt, &auth)?))
            }
            Profile::AeadAes128Gcm | Profile::AeadAes256Gcm => {
                let mut salt = [0u8; gcm::SALT_LEN];
                kdf::derive(master_key, master_salt, kdf::LABEL_RTP_SALT, &mut salt)?;
                Inner::Gcm(GcmTx::new(key, salt)?)
            }
        };
        Ok(Self { inner })
    }

    /// Builds the sender from session keys directly (for the RFC 7714 known-answer vectors).
    #[cfg(test)]
    fn from_session_keys(
        profile: Profile,
        key: &[u8],
        salt: &[u8],
        auth_key: &[u8],
    ) -> Result<Self, SrtpError> {
        let inner = match profile {
            Profile::Aes128CmSha1_80 => {
                let salt = salt
                    .try_into()
                    .map_err(|_| SrtpError::BadSaltLength(salt.len()))?;
                Inner::Cm(Box::new(CmTx::new(key, salt, auth_key)?))
            }
            Profile::AeadAes128Gcm | Profile::AeadAes256Gcm => {
                if key.len() != profile.master_key_len() {
                    return Err(SrtpError::BadKeyLength(key.len()));
                }
                let salt = salt
                    .try_into()
                    .map_err(|_| SrtpError::BadSaltLength(salt.len()))?;
                Inner::Gcm(GcmTx::new(key, salt)?)
            }
        };
        Ok(Self { inner })
    }

    /// Bytes `protect_rtp` appends: 16 (GCM tag) or 10 (HMAC-SHA1-80 tag).
    pub fn overhead(&self) -> usize {
        match self.inner {
            Inner::Gcm(_) => gcm::TAG_LEN,
            Inner::Cm(_) => cm::TAG_LEN,
        }
    }

    /// Protects one RTP packet in place: `packet[..header_len]` is the RTP header (incl. CSRCs
    /// and header extension), sent in clear and authenticated; the payload
    /// `packet[header_len..]` is encrypted; the tag is appended (the caller reserves
    /// `overhead()` bytes of capacity, so no allocation happens per packet). `roc` is the
    /// rollover counter of the packet's sequence number (RFC 3711 §3.3.1); SSRC and sequence
    /// number are read from the header.
    ///
    /// GCM: RFC 7714 §8 (IV = (0x0000 || SSRC || ROC || SEQ) XOR salt, AAD = header).
    /// CM: RFC 3711 (AES-128-CTR with IV = (salt·2^16) XOR (SSRC·2^64) XOR (index·2^16),
    /// index = ROC·2^16+SEQ; tag = first 10 bytes of HMAC-SHA1(auth_key, header ||
    /// payload_encrypted || ROC as 4 bytes big-endian)).
    ///
    /// # Panics
    /// If `header_len` is shorter than the 12-byte fixed RTP header or longer than `packet`.
    pub fn protect_rtp(&self, packet: &mut Vec<u8>, header_len: usize, roc: u32) {
        assert!(
            (RTP_FIXED_HEADER_LEN..=packet.len()).contains(&header_len),
            "RTP header length {header_len} out of range for a {}-byte packet",
            packet.len()
        );
        match &self.inner {
            Inner::Gcm(tx) => tx.protect(packet, header_len, roc),
            Inner::Cm(tx) => tx.protect(packet, header_len, roc),
        }
    }
}
