//! The datagram between two nodes' SFUs: a clear header, then an AES-128-GCM sealed body.
//!
//! ```text
//! 0      1      2             6                      14
//! +------+------+-------------+----------------------+----------------------+-----------+
//! | 0x52 | kind | link (u32)  | counter (u64)        | sealed body          | tag (16)  |
//! +------+------+-------------+----------------------+----------------------+-----------+
//! ```
//!
//! - `0x52` (`'R'`) sits in a first-byte range RFC 7983 leaves unassigned, so relay datagrams
//!   share the SFU's UDP socket with STUN, DTLS and SRTP and are told apart by one byte.
//! - `link` is the receiver's id for the link; `counter` counts the sender's datagrams on it.
//!   The nonce is `link ‖ counter` (12 bytes); each direction of a link has its own key, agreed
//!   over the control channel, so a nonce is never used twice with one key. The header is the
//!   AEAD's additional data: nothing in it can be changed unnoticed.
//! - A receiver accepts each counter once ([`ReplayWindow`], 64 behind the highest).
//!
//! Bodies by kind: [`Kind::Media`] (origin → edge: one speaker's packet on a virtual slot),
//! [`Kind::Uplink`] (edge → origin: a local speaker's microphone packet), [`Kind::Permits`]
//! (origin → edge: who may publish, also the origin's keepalive) and [`Kind::Keepalive`]
//! (edge → origin, empty).

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM};
use stoa_proto::UserId;

/// First byte of every relay datagram.
pub const MAGIC: u8 = 0x52;
/// Bytes before the sealed body.
pub const HEADER_LEN: usize = 14;
/// AES-GCM tag length.
pub const TAG_LEN: usize = 16;
/// Key length (AES-128).
pub const KEY_LEN: usize = 16;
/// Bytes of a media body before its payload.
pub const MEDIA_FIXED: usize = 27;
/// Most users one permits datagram lists (a stage bigger than this is cut: the datagram must stay
/// under a typical MTU).
pub const MAX_PERMITS: usize = 150;

/// A relay key for one direction of one link.
pub type RelayKey = [u8; KEY_LEN];

/// What a datagram carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// Origin → edge: a forwarded packet on a virtual slot.
    Media = 1,
    /// Edge → origin: a local speaker's microphone packet.
    Uplink = 2,
    /// Origin → edge: the users who may publish (and proof the origin is alive).
    Permits = 3,
    /// Edge → origin: the edge still wants the room.
    Keepalive = 4,
}

impl Kind {
    fn from_byte(b: u8) -> Option<Self> {
        Some(match b {
            1 => Kind::Media,
            2 => Kind::Uplink,
            3 => Kind::Permits,
            4 => Kind::Keepalive,
            _ => return None,
        })
    }
}

/// Why a datagram was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// Too short, or an unknown kind.
    #[error("malformed relay datagram")]
    Malformed,
    /// The tag did not verify (wrong key, or changed on the way).
    #[error("relay datagram failed authentication")]
    Auth,
    /// This counter was seen before, or is too old.
    #[error("relay datagram replayed")]
    Replay,
}

/// The link id a datagram names, without authenticating anything (to find its link).
pub fn link_of(bytes: &[u8]) -> Option<u32> {
    if bytes.len() < HEADER_LEN + TAG_LEN || bytes[0] != MAGIC {
        return None;
    }
    Some(u32::from_be_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]))
}

fn aead_key(bytes: &RelayKey) -> LessSafeKey {
    // AES-128 takes any 16 bytes: the only failure is a wrong length, which the type rules out.
    LessSafeKey::new(UnboundKey::new(&AES_128_GCM, bytes).expect("16-byte AES-128 key"))
}

fn nonce(link: u32, counter: u64) -> Nonce {
    let mut iv = [0u8; 12];
    iv[..4].copy_from_slice(&link.to_be_bytes());
    iv[4..].copy_from_slice(&counter.to_be_bytes());
    Nonce::assume_unique_for_key(iv)
}

/// The sending half of a link: seals datagrams for the peer's link id.
pub struct Sealer {
    key: LessSafeKey,
    link: u32,
    counter: u64,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer").field("link", &self.link).finish()
    }
}

impl Sealer {
    /// Seals for the receiver's `link` with `key`.
    pub fn new(key: &RelayKey, link: u32) -> Self {
        Self {
            key: aead_key(key),
            link,
            counter: 0,
        }
    }

    /// Writes a datagram of `kind` into `out` (cleared first): the header, then what `body`
    /// appends (about `body_len` bytes: room is made once), sealed in place.
    pub fn seal(
        &mut self,
        kind: Kind,
        out: &mut Vec<u8>,
        body_len: usize,
        body: impl FnOnce(&mut Vec<u8>),
    ) {
        self.counter += 1;
        out.clear();
        out.reserve(HEADER_LEN + body_len + TAG_LEN);
        out.push(MAGIC);
        out.push(kind as u8);
        out.extend_from_slice(&self.link.to_be_bytes());
        out.extend_from_slice(&self.counter.to_be_bytes());
        body(out);
        let (header, body) = out.split_at_mut(HEADER_LEN);
        let tag = self
            .key
            .seal_in_place_separate_tag(nonce(self.link, self.counter), Aad::from(&*header), body)
            // Sealing fails only for bodies over GCM's 64 GiB limit.
            .expect("relay body within AES-GCM's limit");
        out.extend_from_slice(tag.as_ref());
    }
}

/// The receiving half of a link: opens datagrams addressed to our link id, each counter once.
pub struct Opener {
    key: LessSafeKey,
    link: u32,
    window: ReplayWindow,
}

impl std::fmt::Debug for Opener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opener").field("link", &self.link).finish()
    }
}

impl Opener {
    /// Opens datagrams for our `link`, sealed with `key`.
    pub fn new(key: &RelayKey, link: u32) -> Self {
        Self {
            key: aead_key(key),
            link,
            window: ReplayWindow::default(),
        }
    }

    /// Authenticates and decrypts `bytes` into `scratch`; returns the kind and the body.
    pub fn open<'a>(
        &mut self,
        bytes: &[u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<(Kind, &'a [u8]), FrameError> {
        if link_of(bytes) != Some(self.link) {
            return Err(FrameError::Malformed);
        }
        let kind = Kind::from_byte(bytes[1]).ok_or(FrameError::Malformed)?;
        let mut counter = [0u8; 8];
        counter.copy_from_slice(&bytes[6..HEADER_LEN]);
        let counter = u64::from_be_bytes(counter);
        self.window.check(counter)?;
        scratch.clear();
        scratch.extend_from_slice(&bytes[HEADER_LEN..]);
        let plain = self
            .key
            .open_in_place(
                nonce(self.link, counter),
                Aad::from(&bytes[..HEADER_LEN]),
                scratch,
            )
            .map_err(|_| FrameError::Auth)?;
        let len = plain.len();
        self.window.accept(counter);
        Ok((kind, &scratch[..len]))
    }
}

/// Which counters were seen: the highest, and a bitmap of the 64 before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplayWindow {
    highest: u64,
    seen: u64,
}

impl ReplayWindow {
    /// Whether `counter` may still be accepted (counters start at 1).
    pub fn check(&self, counter: u64) -> Result<(), FrameError> {
        if counter == 0 {
            return Err(FrameError::Replay);
        }
        if counter > self.highest {
            return Ok(());
        }
        let behind = self.highest - counter;
        if behind >= 64 || self.seen & (1 << behind) != 0 {
            return Err(FrameError::Replay);
        }
        Ok(())
    }

    /// Records `counter` as seen (after it authenticated).
    pub fn accept(&mut self, counter: u64) {
        if counter > self.highest {
            let shift = counter - self.highest;
            self.seen = if shift >= 64 { 0 } else { self.seen << shift };
            self.seen |= 1;
            self.highest = counter;
        } else {
            self.seen |= 1 << (self.highest - counter);
        }
    }
}

/// One forwarded packet in a media or uplink body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaBody<'a> {
    /// The virtual slot (media), or 0 (uplink).
    pub vslot: u8,
    /// Whose voice.
    pub speaker: UserId,
    pub ssrc: u32,
    /// Extended sequence number.
    pub seq: u64,
    pub timestamp: u32,
    pub marker: bool,
    pub level: Option<i8>,
    pub voice: Option<bool>,
    pub payload: &'a [u8],
}

impl MediaBody<'_> {
    /// Its length on the wire.
    pub fn wire_len(&self) -> usize {
        MEDIA_FIXED + self.payload.len()
    }

    /// Appends the body to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        let flags = u8::from(self.marker)
            | (u8::from(self.level.is_some()) << 1)
            | (u8::from(self.voice.is_some()) << 2)
            | (u8::from(self.voice == Some(true)) << 3);
        out.push(self.vslot);
        out.push(flags);
        out.extend_from_slice(&self.level.unwrap_or(0).to_be_bytes());
        out.extend_from_slice(&self.ssrc.to_be_bytes());
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.speaker.0.to_be_bytes());
        out.extend_from_slice(self.payload);
    }
}

impl<'a> MediaBody<'a> {
    /// Reads a body written by [`MediaBody::write`].
    pub fn read(body: &'a [u8]) -> Result<Self, FrameError> {
        if body.len() < MEDIA_FIXED {
            return Err(FrameError::Malformed);
        }
        let flags = body[1];
        let be = |range: std::ops::Range<usize>| -> &[u8] { &body[range] };
        let mut u32b = [0u8; 4];
        let mut u64b = [0u8; 8];
        u32b.copy_from_slice(be(3..7));
        let ssrc = u32::from_be_bytes(u32b);
        u64b.copy_from_slice(be(7..15));
        let seq = u64::from_be_bytes(u64b);
        u32b.copy_from_slice(be(15..19));
        let timestamp = u32::from_be_bytes(u32b);
        u64b.copy_from_slice(be(19..27));
        let speaker = UserId(i64::from_be_bytes(u64b));
        Ok(Self {
            vslot: body[0],
            speaker,
            ssrc,
            seq,
            timestamp,
            marker: flags & 1 != 0,
            level: (flags & 2 != 0).then_some(i8::from_be_bytes([body[2]])),
            voice: (flags & 4 != 0).then_some(flags & 8 != 0),
            payload: &body[MEDIA_FIXED..],
        })
    }
}

/// Appends a permits body: a version (newer replaces older) and the users who may publish.
pub fn write_permits(out: &mut Vec<u8>, version: u64, users: &[UserId]) {
    let users = &users[..users.len().min(MAX_PERMITS)];
    out.extend_from_slice(&version.to_be_bytes());
    // At most MAX_PERMITS (150): fits.
    out.extend_from_slice(&(users.len() as u16).to_be_bytes());
    for u in users {
        out.extend_from_slice(&u.0.to_be_bytes());
    }
}

/// Reads a permits body: its version and users.
pub fn read_permits(body: &[u8]) -> Result<(u64, Vec<UserId>), FrameError> {
    if body.len() < 10 {
        return Err(FrameError::Malformed);
    }
    let mut u64b = [0u8; 8];
    u64b.copy_from_slice(&body[..8]);
    let version = u64::from_be_bytes(u64b);
    let count = usize::from(u16::from_be_bytes([body[8], body[9]]));
    let rest = &body[10..];
    if count > MAX_PERMITS || rest.len() != count * 8 {
        return Err(FrameError::Malformed);
    }
    let users = rest
        .chunks_exact(8)
        .map(|c| {
            u64b.copy_from_slice(c);
            UserId(i64::from_be_bytes(u64b))
        })
        .collect();
    Ok((version, users))
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;
