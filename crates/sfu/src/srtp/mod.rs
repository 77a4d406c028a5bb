//! SRTP protection (outbound) and unprotection (inbound) of RTP for the forwarding fast path.
//!
//! Both directions derive their RTP session keys once per DTLS-SRTP association from the DTLS
//! exporter's keying material (RFC 5764 §4.2, RFC 3711 §4.3): we send with one half of the
//! material and the remote side with the other.
//!
//! - [`OutboundSrtp::protect_rtp`] encrypts and authenticates one packet in place without
//!   allocating, provided the caller reserved [`OutboundSrtp::overhead`] bytes.
//! - [`InboundSrtp::unprotect_rtp`] authenticates and decrypts one received packet in place
//!   without allocating, estimating its rollover counter (RFC 3711 §3.3.1) and rejecting
//!   replays with a 64-packet sliding window (RFC 3711 §3.3.2).
//!
//! Profiles: `SRTP_AES128_CM_HMAC_SHA1_80` (RFC 3711), `SRTP_AEAD_AES_128_GCM` and
//! `SRTP_AEAD_AES_256_GCM` (RFC 7714). Only RTP is handled here; SRTCP is not (see
//! [`crate::settle`] for what that means for a settled peer's RTCP).
//!
//! Key material is wiped when dropped: the derived session salts here, the temporaries of the
//! derivation, and (inside aws-lc-rs) the AES key schedules and HMAC states.

mod cm;
mod gcm;
mod kdf;
mod replay;
#[cfg(test)]
mod tests;

use cm::CmKeys;
use gcm::GcmKeys;
use replay::ReplayState;
use zeroize::{ZeroizeOnDrop, Zeroizing};

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

/// Why SRTP session keys could not be set up, or a received packet was rejected.
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
    /// A received packet is not SRTP: not RTP version 2, or too short for its RTP header
    /// (CSRCs and header extension included) plus the authentication tag.
    #[error("malformed SRTP packet")]
    Malformed,
    /// A received packet's authentication tag does not match (tampered, or wrong keys).
    #[error("SRTP authentication failed")]
    Auth,
    /// A received packet's index was already seen or lies behind the replay window.
    #[error("SRTP packet replayed or too old")]
    Replay,
}

/// Reads the sequence number of the RTP packet starting `packet` (at least 12 bytes).
fn rtp_seq(packet: &[u8]) -> u16 {
    u16::from_be_bytes([packet[2], packet[3]])
}

/// Reads the SSRC of the RTP packet starting `packet` (at least 12 bytes).
fn rtp_ssrc(packet: &[u8]) -> u32 {
    u32::from_be_bytes([packet[8], packet[9], packet[10], packet[11]])
}

/// Length of the RTP header starting `packet`: 12 + 4·CC, plus 4 + 4·length if the X bit is
/// set (RFC 3550 §5.1, §5.3.1), checked to leave room for a `tag_len`-byte tag after it.
fn rtp_header_len(packet: &[u8], tag_len: usize) -> Result<usize, SrtpError> {
    if packet.len() < RTP_FIXED_HEADER_LEN || packet[0] >> 6 != 2 {
        return Err(SrtpError::Malformed);
    }
    let mut len = RTP_FIXED_HEADER_LEN + 4 * usize::from(packet[0] & 0x0f);
    if packet[0] & 0x10 != 0 {
        let words = packet.get(len + 2..len + 4).ok_or(SrtpError::Malformed)?;
        len += 4 + 4 * usize::from(u16::from_be_bytes([words[0], words[1]]));
    }
    if packet.len() < len + tag_len {
        return Err(SrtpError::Malformed);
    }
    Ok(len)
}

/// The RTP session keys of one direction of an association. The CM keys (AES key schedule +
/// HMAC state) are large, so they live on the heap, allocated once per association.
enum SessionKeys {
    Gcm(GcmKeys),
    Cm(Box<CmKeys>),
}

impl SessionKeys {
    /// Derives the keys of one direction from DTLS-SRTP keying material laid out as
    /// `[client_master_key, server_master_key, client_master_salt, server_master_salt]`
    /// (RFC 5764 §4.2): the client half if `client_half`, else the server half.
    fn from_keying_material(
        profile: Profile,
        material: &[u8],
        client_half: bool,
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
        let (key, salt) = if client_half {
            (&keys[..key_len], &salts[..salt_len])
        } else {
            (&keys[key_len..], &salts[salt_len..])
        };
        Self::from_master(profile, key, salt)
    }

    /// Derives the RTP session keys from one master key and master salt: RFC 3711 §4.3 with
    /// key_derivation_rate 0 (labels 0x00 enc key, 0x01 auth key, 0x02 salt), AES-CM PRF
    /// (AES-128 for 16-byte master keys, AES-256 for 32-byte, RFC 6188 / RFC 7714 §11).
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
        // Derived secrets on the stack are wiped when they go out of scope.
        let mut key = Zeroizing::new([0u8; 32]);
        let key = &mut key[..profile.master_key_len()];
        kdf::derive(master_key, master_salt, kdf::LABEL_RTP_ENCRYPTION, key)?;
        Ok(match profile {
            Profile::Aes128CmSha1_80 => {
                let mut salt = Zeroizing::new([0u8; cm::SALT_LEN]);
                kdf::derive(master_key, master_salt, kdf::LABEL_RTP_SALT, &mut *salt)?;
                let mut auth = Zeroizing::new([0u8; cm::AUTH_KEY_LEN]);
                kdf::derive(master_key, master_salt, kdf::LABEL_RTP_AUTH, &mut *auth)?;
                Self::Cm(Box::new(CmKeys::new(key, *salt, &*auth)?))
            }
            Profile::AeadAes128Gcm | Profile::AeadAes256Gcm => {
                let mut salt = Zeroizing::new([0u8; gcm::SALT_LEN]);
                kdf::derive(master_key, master_salt, kdf::LABEL_RTP_SALT, &mut *salt)?;
                Self::Gcm(GcmKeys::new(key, *salt)?)
            }
        })
    }

    /// Builds the keys from session keys directly (for the known-answer vectors).
    #[cfg(test)]
    fn from_session_keys(
        profile: Profile,
        key: &[u8],
        salt: &[u8],
        auth_key: &[u8],
    ) -> Result<Self, SrtpError> {
        let bad_salt = |_| SrtpError::BadSaltLength(salt.len());
        Ok(match profile {
            Profile::Aes128CmSha1_80 => Self::Cm(Box::new(CmKeys::new(
                key,
                salt.try_into().map_err(bad_salt)?,
                auth_key,
            )?)),
            Profile::AeadAes128Gcm | Profile::AeadAes256Gcm => {
                if key.len() != profile.master_key_len() {
                    return Err(SrtpError::BadKeyLength(key.len()));
                }
                Self::Gcm(GcmKeys::new(key, salt.try_into().map_err(bad_salt)?)?)
            }
        })
    }

    /// Length of the authentication tag: 16 (GCM) or 10 (HMAC-SHA1-80).
    fn tag_len(&self) -> usize {
        match self {
            Self::Gcm(_) => gcm::TAG_LEN,
            Self::Cm(_) => cm::TAG_LEN,
        }
    }

    /// Profile family name for `Debug`.
    fn name(&self) -> &'static str {
        match self {
            Self::Gcm(_) => "AEAD_AES_GCM",
            Self::Cm(_) => "AES_CM_128_HMAC_SHA1_80",
        }
    }
}

/// The session keys protecting the RTP packets we SEND on one DTLS-SRTP association.
pub struct OutboundSrtp {
    keys: SessionKeys,
}

/// Its keys are wiped when dropped (see the module docs).
impl ZeroizeOnDrop for OutboundSrtp {}

impl std::fmt::Debug for OutboundSrtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboundSrtp")
            .field("profile", &self.keys.name())
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
        let keys = SessionKeys::from_keying_material(profile, material, client)?;
        Ok(Self { keys })
    }

    /// Derives the RTP session keys from one master key and master salt.
    #[cfg(test)]
    fn from_master(
        profile: Profile,
        master_key: &[u8],
        master_salt: &[u8],
    ) -> Result<Self, SrtpError> {
        let keys = SessionKeys::from_master(profile, master_key, master_salt)?;
        Ok(Self { keys })
    }

    /// Builds the sender from session keys directly (for the RFC 7714 known-answer vectors).
    #[cfg(test)]
    fn from_session_keys(
        profile: Profile,
        key: &[u8],
        salt: &[u8],
        auth_key: &[u8],
    ) -> Result<Self, SrtpError> {
        let keys = SessionKeys::from_session_keys(profile, key, salt, auth_key)?;
        Ok(Self { keys })
    }

    /// Bytes `protect_rtp` appends: 16 (GCM tag) or 10 (HMAC-SHA1-80 tag).
    pub fn overhead(&self) -> usize {
        self.keys.tag_len()
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
        match &self.keys {
            SessionKeys::Gcm(keys) => keys.protect(packet, header_len, roc),
            SessionKeys::Cm(keys) => keys.protect(packet, header_len, roc),
        }
    }
}

/// The session keys and receive state for the RTP packets the REMOTE side sends on one
/// DTLS-SRTP association: rollover counter estimation and replay window of the one stream
/// (SSRC) it tracks.
pub struct InboundSrtp {
    keys: SessionKeys,
    replay: ReplayState,
}

/// Its keys are wiped when dropped (see the module docs).
impl ZeroizeOnDrop for InboundSrtp {}

impl std::fmt::Debug for InboundSrtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InboundSrtp")
            .field("profile", &self.keys.name())
            .field("replay", &self.replay)
            .finish_non_exhaustive()
    }
}

impl InboundSrtp {
    /// Derives the session keys for the packets the remote side sends, from DTLS-SRTP keying
    /// material laid out as for [`OutboundSrtp::from_keying_material`]. `client` = WE are the
    /// DTLS client, so the remote (the DTLS server) sends with the server half; and vice
    /// versa.
    pub fn from_keying_material(
        profile: Profile,
        material: &[u8],
        client: bool,
    ) -> Result<Self, SrtpError> {
        let keys = SessionKeys::from_keying_material(profile, material, !client)?;
        Ok(Self::new(keys))
    }

    /// Starts receiving with `keys`, tracking no stream yet.
    fn new(keys: SessionKeys) -> Self {
        Self {
            keys,
            replay: ReplayState::default(),
        }
    }

    /// Derives the RTP session keys from one master key and master salt.
    #[cfg(test)]
    fn from_master(
        profile: Profile,
        master_key: &[u8],
        master_salt: &[u8],
    ) -> Result<Self, SrtpError> {
        SessionKeys::from_master(profile, master_key, master_salt).map(Self::new)
    }

    /// Builds the receiver from session keys directly (for the RFC 7714 known-answer vectors).
    #[cfg(test)]
    fn from_session_keys(
        profile: Profile,
        key: &[u8],
        salt: &[u8],
        auth_key: &[u8],
    ) -> Result<Self, SrtpError> {
        SessionKeys::from_session_keys(profile, key, salt, auth_key).map(Self::new)
    }

    /// Carries on a stream another SRTP context received up to `index` (ROC · 2^16 + SEQ), e.g.
    /// str0m's before Stoa took the connection over: the rollover counter continues from there
    /// instead of restarting at 0.
    pub fn continue_from(&mut self, ssrc: u32, index: u64) {
        self.replay.commit(ssrc, index);
    }

    /// Authenticates and decrypts one SRTP packet in place. On success returns the length of
    /// the plain RTP packet (header + payload; the tag is stripped: `packet[..len]` is the
    /// plain RTP packet).
    ///
    /// The packet index (ROC · 2^16 + SEQ) is estimated from the highest index authenticated
    /// so far (RFC 3711 Appendix A); a packet of another SSRC than the tracked one starts a
    /// new stream at ROC 0. The rollover counter, highest index and replay window advance only
    /// once the packet authenticates.
    ///
    /// # Errors
    /// [`SrtpError::Malformed`] (not RTP version 2, or shorter than its header plus tag),
    /// [`SrtpError::Replay`] (index already seen or behind the 64-packet window),
    /// [`SrtpError::Auth`] (tag mismatch). On any error the receive state is unchanged; after
    /// `Auth` on a GCM profile the payload bytes of `packet` are unspecified.
    pub fn unprotect_rtp(&mut self, packet: &mut [u8]) -> Result<usize, SrtpError> {
        let header_len = rtp_header_len(packet, self.keys.tag_len())?;
        let ssrc = rtp_ssrc(packet);
        let index = self.replay.check(ssrc, rtp_seq(packet))?;
        // The index has 48 bits: its upper 32 are the ROC.
        let roc = (index >> 16) as u32;
        let len = match &self.keys {
            SessionKeys::Gcm(keys) => keys.unprotect(packet, header_len, roc),
            SessionKeys::Cm(keys) => keys.unprotect(packet, header_len, roc),
        }?;
        self.replay.commit(ssrc, index);
        Ok(len)
    }
}
