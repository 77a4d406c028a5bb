//! Parses one plain (already SRTP-decrypted) incoming RTP packet into the fields the forwarding
//! path uses, reading the audio level extension (RFC 6464) exactly as str0m 0.25 does.

/// The fields of an incoming RTP packet the forwarding path uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RtpIn<'a> {
    /// Synchronization source.
    pub ssrc: u32,
    /// Sequence number.
    pub seq: u16,
    /// RTP timestamp.
    pub timestamp: u32,
    /// Marker bit (for audio: first packet of a talkspurt).
    pub marker: bool,
    /// Payload type (7 bits).
    pub pt: u8,
    /// Audio level (RFC 6464) as str0m reports it (`ExtensionValues::audio_level`, `voice_activity`), if the
    /// extension with id `audio_level_id` is present: level in -dBov, `0` loudest down to `-127`;
    /// the flag is the V bit.
    pub level: Option<(i8, bool)>,
    /// The payload, without header, CSRCs, extension block or padding.
    pub payload: &'a [u8],
}

/// Fixed RTP header length.
const FIXED_HEADER: usize = 12;

/// RFC 8285 one-byte header extension profile.
const ONE_BYTE_PROFILE: u16 = 0xBEDE;

/// RFC 8285 two-byte header extension profile (the low 4 "appbits" are ignored).
const TWO_BYTE_PROFILE: u16 = 0x1000;

impl<'a> RtpIn<'a> {
    /// Parses `packet`; `audio_level_id` is the negotiated id of the audio level extension.
    ///
    /// `None` if: shorter than 12 bytes, version is not 2, CSRCs or the extension block are
    /// truncated, the extension profile is neither one-byte (0xBEDE) nor two-byte (0x100X) (str0m
    /// drops those too), or the padding length is 0 or longer than what follows the header.
    /// A malformed element *inside* the extension block ends extension parsing but keeps the
    /// packet, like str0m.
    pub(crate) fn parse(packet: &'a [u8], audio_level_id: Option<u8>) -> Option<Self> {
        let fixed = packet.get(..FIXED_HEADER)?;
        if fixed[0] >> 6 != 2 {
            return None;
        }
        let has_padding = fixed[0] & 0b0010_0000 != 0;
        let has_extension = fixed[0] & 0b0001_0000 != 0;
        let csrc_count = usize::from(fixed[0] & 0b0000_1111);
        let marker = fixed[1] & 0b1000_0000 != 0;
        let pt = fixed[1] & 0b0111_1111;
        let seq = u16::from_be_bytes([fixed[2], fixed[3]]);
        let timestamp = u32::from_be_bytes([fixed[4], fixed[5], fixed[6], fixed[7]]);
        let ssrc = u32::from_be_bytes([fixed[8], fixed[9], fixed[10], fixed[11]]);

        let mut off = FIXED_HEADER + 4 * csrc_count;
        if packet.len() < off {
            return None;
        }

        let mut level = None;
        if has_extension {
            let head = packet.get(off..off + 4)?;
            let profile = u16::from_be_bytes([head[0], head[1]]);
            let len = 4 * usize::from(u16::from_be_bytes([head[2], head[3]]));
            let block = packet.get(off + 4..off + 4 + len)?;
            off += 4 + len;
            let two_byte = if profile == ONE_BYTE_PROFILE {
                false
            } else if profile & 0xFFF0 == TWO_BYTE_PROFILE {
                true
            } else {
                return None;
            };
            if let Some(id) = audio_level_id {
                level = find_audio_level(block, two_byte, id);
            }
        }

        let mut end = packet.len();
        if has_padding {
            // RFC 3550 §5.1: the last octet counts the padding, itself included, so it is >= 1.
            // (str0m tolerates 0; libwebrtc does not.)
            let pad = usize::from(*packet.last()?);
            if pad == 0 || pad > end - off {
                return None;
            }
            end -= pad;
        }

        Some(Self {
            ssrc,
            seq,
            timestamp,
            marker,
            pt,
            level,
            payload: &packet[off..end],
        })
    }
}

/// Walks an RFC 8285 extension block like str0m's `ExtensionMap::parse` and returns the audio
/// level of element `id` (the last one if repeated, ignoring empty ones, as str0m does).
fn find_audio_level(mut buf: &[u8], two_byte: bool, id: u8) -> Option<(i8, bool)> {
    let mut found = None;
    while let Some(&first) = buf.first() {
        if first == 0 {
            // Padding byte (both forms).
            buf = &buf[1..];
            continue;
        }
        let (elem_id, len) = if two_byte {
            let &[elem_id, len, ..] = buf else {
                break;
            };
            buf = &buf[2..];
            (elem_id, usize::from(len))
        } else {
            let elem_id = first >> 4;
            if elem_id == 15 {
                // RFC 8285 §4.2: id 15 ends processing of the whole block.
                break;
            }
            buf = &buf[1..];
            (elem_id, usize::from(first & 0x0f) + 1)
        };
        let Some(value) = buf.get(..len) else {
            break;
        };
        if elem_id == id {
            if let Some(&b) = value.first() {
                found = Some(decode_audio_level(b));
            }
        }
        buf = &buf[len..];
    }
    found
}

/// Decodes the RFC 6464 byte as str0m does: `audio_level = -(0x7f & b as i8)` (so 0 ..= -127,
/// 0 loudest) and `voice_activity = b & 0x80 > 0`.
fn decode_audio_level(b: u8) -> (i8, bool) {
    // `b & 0x7f` <= 127, so the cast is lossless and equals str0m's `0x7f & b as i8`.
    (-((b & 0x7f) as i8), b & 0x80 != 0)
}

/// RTCP vs RTP demux (RFC 5761 §4: payload type 64..=95 after masking the marker bit means RTCP).
///
/// Only meaningful for a datagram already known to be RTP/RTCP (first byte 128..=191).
pub(crate) fn is_rtcp(packet: &[u8]) -> bool {
    matches!(packet.get(1), Some(b) if (64..=95).contains(&(b & 0x7f)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An Opus packet header: V=2, PT 111, seq 0x1234, ts 0x01020304, ssrc 0xdeadbeef.
    fn header(marker: bool, csrcs: &[u32]) -> Vec<u8> {
        let mut p = vec![
            0x80 | csrcs.len() as u8,
            111 | if marker { 0x80 } else { 0 },
        ];
        p.extend_from_slice(&0x1234_u16.to_be_bytes());
        p.extend_from_slice(&0x0102_0304_u32.to_be_bytes());
        p.extend_from_slice(&0xdead_beef_u32.to_be_bytes());
        for c in csrcs {
            p.extend_from_slice(&c.to_be_bytes());
        }
        p
    }

    /// Appends an extension block (profile, then `body` padded with zeros to 32-bit words).
    fn with_ext(mut p: Vec<u8>, profile: u16, body: &[u8]) -> Vec<u8> {
        p[0] |= 0x10;
        let words = body.len().div_ceil(4);
        p.extend_from_slice(&profile.to_be_bytes());
        p.extend_from_slice(&(words as u16).to_be_bytes());
        p.extend_from_slice(body);
        p.resize(p.len() + words * 4 - body.len(), 0);
        p
    }

    /// str0m 0.25's `Extension::AudioLevel` parse (src/rtp/ext.rs), verbatim: str0m has no public
    /// RTP header parser to cross-check against, so this reproduces its two lines.
    fn str0m_audio_level(buf0: u8) -> (i8, bool) {
        (-(0x7f & buf0 as i8), buf0 & 0x80 > 0)
    }

    const PAYLOAD: &[u8] = &[0xfc, 0xff, 0xfe, 0x01, 0x02];

    #[test]
    fn plain_packet() {
        let mut p = header(false, &[]);
        p.extend_from_slice(PAYLOAD);
        let r = RtpIn::parse(&p, Some(1)).unwrap();
        assert_eq!(
            r,
            RtpIn {
                ssrc: 0xdead_beef,
                seq: 0x1234,
                timestamp: 0x0102_0304,
                marker: false,
                pt: 111,
                level: None,
                payload: PAYLOAD,
            }
        );
        p[1] |= 0x80;
        assert!(RtpIn::parse(&p, None).unwrap().marker);
    }

    #[test]
    fn audio_level_matches_str0m_for_every_byte() {
        for b in 0..=255_u8 {
            assert_eq!(decode_audio_level(b), str0m_audio_level(b), "byte {b:#04x}");
        }
        // Spot values: 0 dBov loudest, 127 silent, V bit.
        assert_eq!(decode_audio_level(0x00), (0, false));
        assert_eq!(decode_audio_level(0x80 | 30), (-30, true));
        assert_eq!(decode_audio_level(0x7f), (-127, false));
        assert_eq!(decode_audio_level(0xff), (-127, true));
    }

    #[test]
    fn one_byte_extension() {
        // id 3 len 3 (abs-send-time-like), padding byte, id 1 len 1 (audio level 0x80|42).
        let body = [0x32, 0xaa, 0xbb, 0xcc, 0x00, 0x10, 0x80 | 42];
        let mut p = with_ext(header(true, &[]), 0xBEDE, &body);
        p.extend_from_slice(PAYLOAD);
        let r = RtpIn::parse(&p, Some(1)).unwrap();
        assert_eq!(r.level, Some((-42, true)));
        assert_eq!(r.payload, PAYLOAD);
        assert!(r.marker);
        // The level at another id is ignored; no id configured means no level.
        assert_eq!(RtpIn::parse(&p, Some(2)).unwrap().level, None);
        assert_eq!(
            RtpIn::parse(&p, Some(3)).unwrap().level,
            Some((-0x2a, true))
        );
        assert_eq!(RtpIn::parse(&p, None).unwrap().level, None);
    }

    #[test]
    fn one_byte_id_15_stops_parsing() {
        let body = [0x10, 5, 0xf0, 0x10, 0x80 | 9];
        let mut p = with_ext(header(false, &[]), 0xBEDE, &body);
        p.extend_from_slice(PAYLOAD);
        let r = RtpIn::parse(&p, Some(1)).unwrap();
        assert_eq!(r.level, Some((-5, false)), "element after id 15 is ignored");
        assert_eq!(r.payload, PAYLOAD);
    }

    #[test]
    fn two_byte_extension_with_csrcs() {
        // id 7 len 0, padding, id 1 len 1 (level 0x80|100), id 12 len 2.
        let body = [7, 0, 0, 1, 1, 0x80 | 100, 12, 2, 0xaa, 0xbb];
        for profile in [0x1000, 0x100f] {
            let mut p = with_ext(header(false, &[1, 2, 3]), profile, &body);
            p.extend_from_slice(PAYLOAD);
            let r = RtpIn::parse(&p, Some(1)).unwrap();
            assert_eq!(r.level, Some(str0m_audio_level(0x80 | 100)));
            assert_eq!(r.level, Some((-100, true)));
            assert_eq!(r.payload, PAYLOAD);
            assert_eq!(r.ssrc, 0xdead_beef);
            assert_eq!(
                RtpIn::parse(&p, Some(12)).unwrap().level,
                Some((-0x2a, true))
            );
            assert_eq!(RtpIn::parse(&p, Some(7)).unwrap().level, None);
        }
    }

    #[test]
    fn unknown_extension_profile_is_rejected() {
        let mut p = with_ext(header(false, &[]), 0x1234, &[0x10, 1]);
        p.extend_from_slice(PAYLOAD);
        assert!(RtpIn::parse(&p, Some(1)).is_none());
    }

    #[test]
    fn malformed_element_keeps_packet() {
        // Level first, then an element claiming 16 bytes inside a 4-byte block.
        let body = [0x10, 0x80 | 7, 0x2f, 0xaa];
        let mut p = with_ext(header(false, &[]), 0xBEDE, &body);
        p.extend_from_slice(PAYLOAD);
        let r = RtpIn::parse(&p, Some(1)).unwrap();
        assert_eq!(r.level, Some((-7, true)));
        assert_eq!(r.payload, PAYLOAD);
    }

    #[test]
    fn padding() {
        let mut p = with_ext(header(false, &[9]), 0xBEDE, &[0x10, 20]);
        p.extend_from_slice(PAYLOAD);
        p[0] |= 0x20;
        p.extend_from_slice(&[0, 0, 3]);
        let r = RtpIn::parse(&p, Some(1)).unwrap();
        assert_eq!(r.payload, PAYLOAD);
        assert_eq!(r.level, Some((-20, false)));

        // Padding eating the whole payload is fine (empty payload).
        let mut q = header(false, &[]);
        q[0] |= 0x20;
        q.extend_from_slice(&[0, 0, 0, 4]);
        assert_eq!(RtpIn::parse(&q, None).unwrap().payload, &[] as &[u8]);

        // Padding longer than what follows the header, or zero, is malformed.
        let mut bad = header(false, &[]);
        bad[0] |= 0x20;
        bad.extend_from_slice(&[0, 0, 0, 5]);
        assert!(RtpIn::parse(&bad, None).is_none());
        *bad.last_mut().unwrap() = 0;
        assert!(RtpIn::parse(&bad, None).is_none());
        // Padding bit with no byte after the header.
        let mut empty = header(false, &[]);
        empty[0] |= 0x20;
        assert!(RtpIn::parse(&empty, None).is_none());
    }

    #[test]
    fn wrong_version_is_rejected() {
        let mut p = header(false, &[]);
        p.extend_from_slice(PAYLOAD);
        for v in [0_u8, 1, 3] {
            p[0] = (p[0] & 0x3f) | (v << 6);
            assert!(RtpIn::parse(&p, None).is_none());
        }
    }

    #[test]
    fn truncated_at_every_length() {
        // CSRCs + two-byte extension + padding; every proper prefix that cuts into the header
        // must be rejected, and no prefix may panic.
        let mut p = with_ext(header(true, &[5, 6]), 0x1000, &[1, 1, 0x85, 2, 3, 1, 2, 3]);
        let header_len = p.len();
        p.extend_from_slice(PAYLOAD);
        p[0] |= 0x20;
        p.extend_from_slice(&[0, 2]);
        assert!(RtpIn::parse(&p, Some(1)).is_some());
        for len in 0..p.len() {
            let r = RtpIn::parse(&p[..len], Some(1));
            if len < header_len {
                assert!(r.is_none(), "prefix {len}");
            }
        }
        // Same for a one-byte extension packet without padding.
        let mut q = with_ext(header(false, &[7]), 0xBEDE, &[0x10, 0x85, 0x21, 1, 2, 3]);
        let header_len = q.len();
        q.extend_from_slice(PAYLOAD);
        for len in 0..q.len() {
            let r = RtpIn::parse(&q[..len], Some(1));
            assert_eq!(r.is_none(), len < header_len, "prefix {len}");
        }
    }

    #[test]
    fn rtcp_demux() {
        // SR and RR (with and without the RC bits set in byte 0).
        assert!(is_rtcp(&[0x80, 200, 0, 6]));
        assert!(is_rtcp(&[0x81, 201, 0, 7]));
        assert!(is_rtcp(&[0x80, 201, 0, 1]));
        // Opus RTP, marker off and on.
        assert!(!is_rtcp(&header(false, &[])));
        assert!(!is_rtcp(&header(true, &[])));
        // Edges of the reserved range.
        assert!(is_rtcp(&[0x80, 64]));
        assert!(is_rtcp(&[0x80, 95 | 0x80]));
        assert!(!is_rtcp(&[0x80, 96]));
        assert!(!is_rtcp(&[0x80, 63]));
        assert!(!is_rtcp(&[0x80]));
        assert!(!is_rtcp(&[]));
    }
}
