//! Sequence number and timestamp rewriting for one (receiver, slot) stream.
//!
//! A slot carries different speakers over time but must look like ONE continuous RTP stream to
//! the receiver: sequence numbers increase by one per packet written, and when the source changes
//! the timestamp continues one 20 ms frame after the last one written.

/// Samples in one 20 ms Opus frame at 48 kHz: the timestamp step used at a source switch.
pub const FRAME_TICKS: u32 = 960;

/// First sequence number of every slot stream. Small, so the SRTP rollover counter stays 0.
pub const FIRST_SEQ: u64 = 1;

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
}

impl Default for SlotRewriter {
    fn default() -> Self {
        Self {
            next_seq: FIRST_SEQ,
            ts_offset: 0,
            last_out_ts: 0,
            source: None,
        }
    }
}

impl SlotRewriter {
    /// Rewrites one packet from `source` with incoming timestamp `in_ts`.
    /// Returns the (extended) outgoing sequence number and the outgoing timestamp.
    pub fn rewrite(&mut self, source: SourceKey, in_ts: u32) -> (u64, u32) {
        if self.source != Some(source) {
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
        let out_ts = in_ts.wrapping_add(self.ts_offset);
        self.last_out_ts = out_ts;
        let seq = self.next_seq;
        self.next_seq += 1;
        (seq, out_ts)
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
        let seqs: Vec<u64> = (0..5).map(|i| r.rewrite(A, i * 960).0).collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5]);
        assert!(seqs[0] < 30_000);
    }

    #[test]
    fn first_source_keeps_its_timestamps() {
        let mut r = SlotRewriter::default();
        assert_eq!(r.rewrite(A, 5_000).1, 5_000);
        assert_eq!(r.rewrite(A, 5_960).1, 5_960);
    }

    #[test]
    fn switch_continues_one_frame_after_last_output() {
        let mut r = SlotRewriter::default();
        r.rewrite(A, 10_000);
        let (s1, t1) = r.rewrite(A, 10_960);
        // B's timeline is unrelated (and near the u32 wrap).
        let (s2, t2) = r.rewrite(B, u32::MAX - 100);
        assert_eq!(s2, s1 + 1);
        assert_eq!(t2, t1 + FRAME_TICKS);
        // B's own increments are preserved across its wrap.
        let (s3, t3) = r.rewrite(B, (u32::MAX - 100).wrapping_add(960));
        assert_eq!(s3, s2 + 1);
        assert_eq!(t3, t2 + 960);
        // Back to A: again one frame after B's last output, regardless of A's timestamp.
        let (_, t4) = r.rewrite(A, 50_000);
        assert_eq!(t4, t3 + FRAME_TICKS);
    }

    #[test]
    fn same_publisher_new_ssrc_is_a_switch() {
        let mut r = SlotRewriter::default();
        let (_, t1) = r.rewrite(A, 1_000);
        let a2 = SourceKey { peer: 1, ssrc: 999 };
        let (_, t2) = r.rewrite(a2, 77);
        assert_eq!(t2, t1 + FRAME_TICKS);
    }

    #[test]
    fn output_timestamp_wraps_without_panic() {
        let mut r = SlotRewriter::default();
        r.rewrite(A, u32::MAX - 10);
        let (_, t) = r.rewrite(B, 0);
        assert_eq!(t, (u32::MAX - 10).wrapping_add(FRAME_TICKS));
    }
}
