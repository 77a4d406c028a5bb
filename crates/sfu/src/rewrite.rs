//! Sequence number and timestamp rewriting for one (receiver, slot) stream.
//!
//! A slot carries different speakers over time but must look like ONE continuous RTP stream to
//! the receiver. Within one source, gaps in the incoming sequence numbers (packets lost before
//! the SFU) are kept, so the receiver's jitter buffer sees the loss and can conceal it (Opus
//! in-band FEC, PLC); stale or duplicate packets are dropped. When the source changes, the
//! sequence continues at the next number and the timestamp one 20 ms frame after the last one
//! written.

/// Samples in one 20 ms Opus frame at 48 kHz: the timestamp step used at a source switch.
pub const FRAME_TICKS: u32 = 960;

/// First sequence number of every slot stream. Small, so the SRTP rollover counter stays 0.
pub const FIRST_SEQ: u64 = 1;

/// Largest incoming gap kept as a gap; a bigger jump (a sender restart) continues contiguously.
pub const MAX_KEPT_GAP: u64 = 100;

/// Identifies the incoming stream a packet came from (a publisher's SSRC on one connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceKey {
    /// The publisher's peer index.
    pub peer: u64,
    /// The publisher's SSRC.
    pub ssrc: u32,
}

/// Rewriting state of one slot towards one receiver.
#[derive(Debug, Clone)]
pub struct SlotRewriter {
    next_seq: u64,
    ts_offset: u32,
    last_out_ts: u32,
    source: Option<SourceKey>,
    last_in_seq: Option<u64>,
}

impl Default for SlotRewriter {
    fn default() -> Self {
        Self {
            next_seq: FIRST_SEQ,
            ts_offset: 0,
            last_out_ts: 0,
            source: None,
            last_in_seq: None,
        }
    }
}

impl SlotRewriter {
    /// Rewrites one packet from `source` with incoming (extended) sequence number `in_seq` and
    /// timestamp `in_ts`. Returns the (extended) outgoing sequence number and timestamp, or
    /// `None` for a stale or duplicate packet, which must not be forwarded.
    pub fn rewrite(&mut self, source: SourceKey, in_seq: u64, in_ts: u32) -> Option<(u64, u32)> {
        if self.source != Some(source) {
            self.last_in_seq = None;
            self.ts_offset = if self.source.is_none() {
                // First packet ever on this slot: keep the sender's timeline.
                0
            } else {
                self.last_out_ts
                    .wrapping_add(FRAME_TICKS)
                    .wrapping_sub(in_ts)
            };
            self.source = Some(source);
        }
        let gap = match self.last_in_seq {
            Some(last) if in_seq <= last => return None,
            Some(last) => in_seq - last - 1,
            None => 0,
        };
        self.last_in_seq = Some(in_seq);
        let out_ts = in_ts.wrapping_add(self.ts_offset);
        self.last_out_ts = out_ts;
        let seq = self.next_seq + if gap <= MAX_KEPT_GAP { gap } else { 0 };
        self.next_seq = seq + 1;
        Some((seq, out_ts))
    }

    /// The sequence number the next packet will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: SourceKey = SourceKey { peer: 1, ssrc: 111 };
    const B: SourceKey = SourceKey { peer: 2, ssrc: 222 };

    #[test]
    fn sequence_is_contiguous_and_starts_small() {
        let mut r = SlotRewriter::default();
        let seqs: Vec<u64> = (0..5)
            .map(|i| r.rewrite(A, 100 + i, i as u32 * 960).unwrap().0)
            .collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5]);
        assert!(seqs[0] < 30_000);
    }

    #[test]
    fn first_source_keeps_its_timestamps() {
        let mut r = SlotRewriter::default();
        assert_eq!(r.rewrite(A, 1001, 5_000).unwrap().1, 5_000);
        assert_eq!(r.rewrite(A, 1002, 5_960).unwrap().1, 5_960);
    }

    #[test]
    fn switch_continues_one_frame_after_last_output() {
        let mut r = SlotRewriter::default();
        r.rewrite(A, 1003, 10_000).unwrap();
        let (s1, t1) = r.rewrite(A, 1004, 10_960).unwrap();
        // B's timeline is unrelated (and near the u32 wrap).
        let (s2, t2) = r.rewrite(B, 1005, u32::MAX - 100).unwrap();
        assert_eq!(s2, s1 + 1);
        assert_eq!(t2, t1 + FRAME_TICKS);
        // B's own increments are preserved across its wrap.
        let (s3, t3) = r
            .rewrite(B, 1006, (u32::MAX - 100).wrapping_add(960))
            .unwrap();
        assert_eq!(s3, s2 + 1);
        assert_eq!(t3, t2 + 960);
        // Back to A: again one frame after B's last output, regardless of A's timestamp.
        let (_, t4) = r.rewrite(A, 1007, 50_000).unwrap();
        assert_eq!(t4, t3 + FRAME_TICKS);
    }

    #[test]
    fn same_publisher_new_ssrc_is_a_switch() {
        let mut r = SlotRewriter::default();
        let (_, t1) = r.rewrite(A, 1008, 1_000).unwrap();
        let a2 = SourceKey { peer: 1, ssrc: 999 };
        let (_, t2) = r.rewrite(a2, 1009, 77).unwrap();
        assert_eq!(t2, t1 + FRAME_TICKS);
    }

    #[test]
    fn output_timestamp_wraps_without_panic() {
        let mut r = SlotRewriter::default();
        r.rewrite(A, 1010, u32::MAX - 10).unwrap();
        let (_, t) = r.rewrite(B, 1011, 0).unwrap();
        assert_eq!(t, (u32::MAX - 10).wrapping_add(FRAME_TICKS));
    }

    #[test]
    fn upstream_loss_stays_visible_and_stale_packets_are_dropped() {
        let mut r = SlotRewriter::default();
        let (s1, _) = r.rewrite(A, 500, 0).unwrap();
        // Packets 501 and 502 were lost before the SFU: the receiver sees the same gap.
        let (s2, t2) = r.rewrite(A, 503, 3 * 960).unwrap();
        assert_eq!(s2, s1 + 3);
        assert_eq!(t2, 3 * 960);
        // A late 502 and a duplicate 503 are not forwarded.
        assert_eq!(r.rewrite(A, 502, 2 * 960), None);
        assert_eq!(r.rewrite(A, 503, 3 * 960), None);
        // A huge jump (sender restart) continues contiguously.
        let (s3, _) = r.rewrite(A, 503 + MAX_KEPT_GAP + 50, 4 * 960).unwrap();
        assert_eq!(s3, s2 + 1);
        // After a source switch the new source's numbering does not matter.
        let (s4, _) = r.rewrite(B, 7, 0).unwrap();
        assert_eq!(s4, s3 + 1);
    }
}
