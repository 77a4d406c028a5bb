//! What a counting listener reads without decrypting: the datagram kind (RFC 7983 / RFC 5761
//! demultiplexing) and the plaintext RTP header that SRTP leaves in clear; plus per-SSRC loss
//! accounting from sequence numbers.

/// What kind of datagram arrived on a WebRTC socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatagramKind {
    /// STUN (first byte 0..=3).
    Stun,
    /// DTLS (first byte 20..=63).
    Dtls,
    /// SRTP media.
    Rtp,
    /// SRTCP (RTP version 2 with a payload type byte of 192..=223).
    Rtcp,
    /// Anything else.
    Other,
}

/// Classifies a datagram by its first two bytes.
pub fn classify(data: &[u8]) -> DatagramKind {
    match data.first() {
        Some(0..=3) => DatagramKind::Stun,
        Some(20..=63) => DatagramKind::Dtls,
        Some(128..=191) => match data.get(1) {
            Some(192..=223) => DatagramKind::Rtcp,
            Some(_) => DatagramKind::Rtp,
            None => DatagramKind::Other,
        },
        _ => DatagramKind::Other,
    }
}

/// The fixed RTP header fields a listener needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtpHeader {
    /// Payload type (without the marker bit).
    pub pt: u8,
    /// Sequence number.
    pub seq: u16,
    /// RTP timestamp.
    pub ts: u32,
    /// Synchronisation source.
    pub ssrc: u32,
}

/// Parses the fixed 12-byte RTP header (`None` if too short or not version 2).
pub fn parse_rtp(data: &[u8]) -> Option<RtpHeader> {
    let h: &[u8; 12] = data.get(..12)?.try_into().ok()?;
    if h[0] >> 6 != 2 {
        return None;
    }
    Some(RtpHeader {
        pt: h[1] & 0x7f,
        seq: u16::from_be_bytes([h[2], h[3]]),
        ts: u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
        ssrc: u32::from_be_bytes([h[8], h[9], h[10], h[11]]),
    })
}

/// Writes a 12-byte RTP header (used by the raw loopback ceiling sender).
pub fn write_rtp_header(buf: &mut [u8], header: RtpHeader) {
    if buf.len() < 12 {
        return;
    }
    buf[0] = 0x80;
    buf[1] = header.pt & 0x7f;
    buf[2..4].copy_from_slice(&header.seq.to_be_bytes());
    buf[4..8].copy_from_slice(&header.ts.to_be_bytes());
    buf[8..12].copy_from_slice(&header.ssrc.to_be_bytes());
}

/// Loss accounting for one SSRC: sequence numbers are extended over 16-bit wraparound; the
/// expected count is the extended span seen so far (lowest to highest), so late (reordered)
/// packets fill their gap instead of counting as loss. Duplicates count as received.
#[derive(Debug, Clone, Default)]
pub struct SeqTracker {
    span: Option<(u64, u64)>,
    received: u64,
}

impl SeqTracker {
    /// Records one packet; returns how much the expected count grew.
    pub fn push(&mut self, seq: u16) -> u64 {
        self.received += 1;
        let Some((low, high)) = self.span else {
            // Start one cycle up so packets from before the first one can extend downwards.
            let ext = (1 << 16) | u64::from(seq);
            self.span = Some((ext, ext));
            return 1;
        };
        let ext = extend(high, seq);
        if ext > high {
            self.span = Some((low, ext));
            ext - high
        } else if ext < low {
            self.span = Some((ext, high));
            low - ext
        } else {
            0
        }
    }

    /// Packets received (including duplicates).
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Packets the sender numbered between the lowest and highest seen.
    pub fn expected(&self) -> u64 {
        self.span.map_or(0, |(low, high)| high - low + 1)
    }

    /// Expected minus received (never negative).
    pub fn lost(&self) -> u64 {
        self.expected().saturating_sub(self.received)
    }
}

/// The extended sequence number of `seq` closest to `reference`.
fn extend(reference: u64, seq: u16) -> u64 {
    let cycle = reference & !0xffff;
    let seq = u64::from(seq);
    [cycle.wrapping_sub(1 << 16), cycle, cycle + (1 << 16)]
        .into_iter()
        .filter(|c| *c <= u64::MAX - 0xffff)
        .map(|c| c + seq)
        .min_by_key(|e| e.abs_diff(reference))
        .unwrap_or(cycle + seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(seqs: &[u16]) -> SeqTracker {
        let mut t = SeqTracker::default();
        let grown: u64 = seqs.iter().map(|s| t.push(*s)).sum();
        assert_eq!(grown, t.expected(), "growth adds up to the span");
        t
    }

    #[test]
    fn gaps_are_loss() {
        let t = track(&[1, 2, 5, 6]);
        assert_eq!((t.expected(), t.received(), t.lost()), (6, 4, 2));
    }

    #[test]
    fn wraparound_is_continuous() {
        let t = track(&[65533, 65534, 65535, 0, 1, 2]);
        assert_eq!((t.expected(), t.lost()), (6, 0));
        let t = track(&[65534, 1]);
        assert_eq!((t.expected(), t.lost()), (4, 2));
    }

    #[test]
    fn reordering_is_not_loss() {
        let t = track(&[10, 12, 11, 13]);
        assert_eq!((t.expected(), t.lost()), (4, 0));
        // A late packet from before the first one extends the span downwards.
        let t = track(&[10, 11, 9, 12]);
        assert_eq!((t.expected(), t.lost()), (4, 0));
        // Reordering across the wrap.
        let t = track(&[65535, 1, 0, 2]);
        assert_eq!((t.expected(), t.lost()), (4, 0));
    }

    #[test]
    fn classifies_datagrams() {
        assert_eq!(classify(&[0, 1]), DatagramKind::Stun);
        assert_eq!(classify(&[22, 254]), DatagramKind::Dtls);
        assert_eq!(classify(&[0x80, 111]), DatagramKind::Rtp);
        assert_eq!(classify(&[0x80, 111 | 0x80]), DatagramKind::Rtp);
        assert_eq!(classify(&[0x81, 200]), DatagramKind::Rtcp);
        assert_eq!(classify(&[]), DatagramKind::Other);
    }

    #[test]
    fn header_round_trips() {
        let h = RtpHeader {
            pt: 111,
            seq: 65535,
            ts: 0xdead_beef,
            ssrc: 42,
        };
        let mut buf = [0u8; 20];
        write_rtp_header(&mut buf, h);
        assert_eq!(parse_rtp(&buf), Some(h));
        assert_eq!(parse_rtp(&buf[..11]), None);
    }
}
