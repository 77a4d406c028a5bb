//! Stoa's own egress for forwarded audio: writes the RTP header (the receiver's payload type,
//! the slot's SSRC, rewritten sequence number and timestamp, the audio level and mid extensions
//! as the receiver negotiated them), protects it with the receiver's SRTP keys
//! ([`crate::srtp`]) and hands the datagram to the socket, without going through str0m.
//!
//! str0m keeps everything else of the connection (ICE, DTLS, RTCP, the microphone's incoming
//! RTP). Its per-packet send path (queue, pacer, `poll_output` walk, a fresh buffer per
//! packet) cost more than the kernel's UDP send; this path is a header write and one AEAD seal.
//! A peer whose keys, SSRCs or destination are not known yet is simply not written to by this
//! path ([`EgressMode::Str0m`] sends through str0m instead, e.g. to compare in the bench).

use std::net::SocketAddr;
use std::sync::Arc;

use str0m::media::{Mid, Pt};
use str0m::rtp::Extension;
use str0m::Rtc;

use crate::dtls_keys::KeySlot;
use crate::srtp::OutboundSrtp;

/// RTP header without extensions.
const FIXED_HEADER: usize = 12;
/// Room for the largest extension block we write (one-byte header: level + a 16-byte mid).
const MAX_EXTENSIONS: usize = 4 + 2 + 17 + 3;
/// Largest SRTP tag.
const MAX_TAG: usize = 16;

/// How forwarded audio leaves the SFU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EgressMode {
    /// Stoa writes and protects the packets itself (the default).
    #[default]
    Direct,
    /// Every forwarded packet goes through str0m's `write_rtp` (the reference path).
    Str0m,
}

impl std::str::FromStr for EgressMode {
    type Err = crate::SfuError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "direct" => Ok(Self::Direct),
            "str0m" => Ok(Self::Str0m),
            other => Err(crate::SfuError::Config(format!(
                "unknown egress {other:?} (direct or str0m)"
            ))),
        }
    }
}

/// What [`PeerEgress::prepare`] found out about a connected peer.
enum State {
    /// Not looked at yet (or keys not exported yet).
    Pending,
    /// Ready: keys derived, SSRCs and extension ids known.
    Ready(Box<Ready>),
    /// This peer cannot use the direct path (e.g. an m-line without a send stream).
    Unsupported,
}

struct Ready {
    srtp: OutboundSrtp,
    audio_level: Option<u8>,
    mid_ext: Option<u8>,
}

/// The direct-egress state of one peer.
pub(crate) struct PeerEgress {
    keys: Arc<KeySlot>,
    state: State,
    /// Where str0m last sent this peer's datagrams: the ICE-selected remote address.
    pub(crate) destination: Option<SocketAddr>,
}

/// One receive slot's outgoing stream as the direct path writes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotStream {
    pub mid: MidBytes,
    pub pt: Pt,
    pub ssrc: u32,
}

/// A mid as written in the RTP mid extension (1–16 bytes), kept ready to copy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MidBytes {
    bytes: [u8; 16],
    len: u8,
}

impl From<Mid> for MidBytes {
    fn from(mid: Mid) -> Self {
        let text = mid.as_bytes();
        let len = text.len().clamp(1, 16);
        let mut bytes = [0u8; 16];
        bytes[..len.min(text.len())].copy_from_slice(&text[..len.min(text.len())]);
        Self {
            bytes,
            len: len as u8,
        }
    }
}

impl MidBytes {
    fn as_slice(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// A forwarded packet to write: the rewritten fields and the payload.
pub(crate) struct Outgoing<'a> {
    pub seq: u64,
    pub timestamp: u32,
    pub marker: bool,
    /// `-dBov` and voice activity, when the sender had the level extension.
    pub level: Option<(i8, bool)>,
    pub payload: &'a [u8],
}

impl PeerEgress {
    /// Egress for a peer whose `Rtc` reports its keys to `keys`.
    pub(crate) fn new(keys: Arc<KeySlot>) -> Self {
        Self {
            keys,
            state: State::Pending,
            destination: None,
        }
    }

    /// Whether the direct path can write to this peer now; looks its keys and extension ids
    /// up the first time they are available. `rtc` must be connected.
    pub(crate) fn prepare(&mut self, rtc: &Rtc, first_mid: Mid) -> bool {
        if let State::Pending = self.state {
            let Some(keys) = self.keys.get() else {
                return false;
            };
            self.state =
                match OutboundSrtp::from_keying_material(keys.profile, &keys.material, keys.client)
                {
                    Ok(srtp) => {
                        let extmap = rtc.media(first_mid).map(|m| m.remote_extmap());
                        State::Ready(Box::new(Ready {
                            srtp,
                            audio_level: extmap.and_then(|e| e.id_of(Extension::AudioLevel)),
                            mid_ext: extmap.and_then(|e| e.id_of(Extension::RtpMid)),
                        }))
                    }
                    Err(e) => {
                        tracing::warn!("direct egress unavailable: {e}");
                        State::Unsupported
                    }
                };
        }
        self.ready()
    }

    /// Whether the direct path can write to this peer (prepared before, destination known).
    pub(crate) fn ready(&self) -> bool {
        matches!(self.state, State::Ready(_)) && self.destination.is_some()
    }

    /// The keys str0m's DTLS exported for this peer, once the handshake is done.
    pub(crate) fn keys(&self) -> Option<crate::dtls_keys::ExportedKeys> {
        self.keys.get()
    }

    /// Marks the peer as not usable by the direct path.
    pub(crate) fn unsupported(&mut self) {
        self.state = State::Unsupported;
    }

    /// Writes and protects one packet for `stream` into `buf` (cleared first). Returns false if
    /// the peer is not [`prepare`](Self::prepare)d.
    pub(crate) fn write(&self, stream: SlotStream, pkt: &Outgoing<'_>, buf: &mut Vec<u8>) -> bool {
        let State::Ready(ready) = &self.state else {
            return false;
        };
        buf.clear();
        buf.reserve(FIXED_HEADER + MAX_EXTENSIONS + pkt.payload.len() + MAX_TAG);
        let header_len = write_header(buf, stream, pkt, ready);
        buf.extend_from_slice(pkt.payload);
        ready
            .srtp
            .protect_rtp(buf, header_len, (pkt.seq >> 16) as u32);
        true
    }
}

/// Writes the RTP header with a one-byte-header extension block (RFC 8285) when the receiver
/// negotiated the audio level or mid extension; returns its length.
fn write_header(buf: &mut Vec<u8>, stream: SlotStream, pkt: &Outgoing<'_>, ready: &Ready) -> usize {
    let level = ready.audio_level.zip(pkt.level);
    let mid = ready.mid_ext.map(|id| (id, stream.mid));
    let has_ext = level.is_some() || mid.is_some();
    buf.push(0x80 | if has_ext { 0x10 } else { 0 });
    buf.push(u8::from(pkt.marker) << 7 | (*stream.pt & 0x7f));
    buf.extend_from_slice(&(pkt.seq as u16).to_be_bytes());
    buf.extend_from_slice(&pkt.timestamp.to_be_bytes());
    buf.extend_from_slice(&stream.ssrc.to_be_bytes());
    if !has_ext {
        return buf.len();
    }
    buf.extend_from_slice(&[0xBE, 0xDE, 0, 0]);
    let start = buf.len();
    if let Some((id, (dbov, voice))) = level {
        buf.push(id << 4);
        buf.push(if voice { 0x80 } else { 0 } | (dbov.unsigned_abs() & 0x7f));
    }
    if let Some((id, mid)) = mid {
        let bytes = mid.as_slice();
        buf.push(id << 4 | (bytes.len() as u8 - 1));
        buf.extend_from_slice(bytes);
    }
    while !(buf.len() - start).is_multiple_of(4) {
        buf.push(0);
    }
    let words = ((buf.len() - start) / 4) as u16;
    buf[start - 2..start].copy_from_slice(&words.to_be_bytes());
    buf.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready() -> Ready {
        Ready {
            srtp: OutboundSrtp::from_keying_material(
                crate::srtp::Profile::AeadAes128Gcm,
                &[7u8; 56],
                false,
            )
            .expect("keys"),
            audio_level: Some(1),
            mid_ext: Some(4),
        }
    }

    fn stream() -> SlotStream {
        SlotStream {
            mid: Mid::from("2").into(),
            pt: Pt::from(111),
            ssrc: 0x0102_0304,
        }
    }

    #[test]
    fn header_carries_rewritten_fields_and_padded_extensions() {
        let pkt = Outgoing {
            seq: 0x1_0005,
            timestamp: 0xAABB_CCDD,
            marker: true,
            level: Some((-37, true)),
            payload: &[],
        };
        let mut buf = Vec::new();
        let len = write_header(&mut buf, stream(), &pkt, &ready());
        assert_eq!(len, buf.len());
        assert_eq!(buf[0], 0x90, "version 2 with the extension bit");
        assert_eq!(buf[1], 0x80 | 111, "marker and payload type");
        assert_eq!(&buf[2..4], &[0x00, 0x05], "low 16 bits of the sequence");
        assert_eq!(&buf[4..8], &0xAABB_CCDDu32.to_be_bytes());
        assert_eq!(&buf[8..12], &[1, 2, 3, 4]);
        assert_eq!(&buf[12..14], &[0xBE, 0xDE]);
        // level (2 bytes) + mid "2" (2 bytes) = one word.
        assert_eq!(&buf[14..16], &[0, 1]);
        assert_eq!(&buf[16..20], &[0x10, 0x80 | 37, 0x40, b'2']);
        assert_eq!(len, 20);
    }

    #[test]
    fn no_extension_block_without_negotiated_extensions() {
        let mut r = ready();
        r.audio_level = None;
        r.mid_ext = None;
        let pkt = Outgoing {
            seq: 9,
            timestamp: 1,
            marker: false,
            level: Some((-10, false)),
            payload: &[],
        };
        let mut buf = Vec::new();
        assert_eq!(write_header(&mut buf, stream(), &pkt, &r), 12);
        assert_eq!(buf[0], 0x80);
        assert_eq!(buf[1], 111);
    }
}
