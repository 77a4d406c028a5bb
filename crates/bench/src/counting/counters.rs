//! Pool-wide counters: each receiver thread tallies locally and adds its tally to the shared
//! atomics once per loop turn, so the hot path touches no shared cache line per packet.

use std::sync::atomic::{AtomicU64, Ordering};

/// Senders (by [`crate::counting::SendLog`] index) whose received packets are counted apart.
pub const TRACKED_SENDERS: usize = 16;

/// A plain copy of the counters (also used as a thread's local tally).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PoolSnapshot {
    /// SRTP media packets received by listener bots (raw ceiling packets excluded).
    pub rtp_packets: u64,
    /// Bytes of those packets.
    pub rtp_bytes: u64,
    /// Packets the SFU numbered for the listeners (per-SSRC sequence span): what it forwarded.
    pub expected: u64,
    /// Raw ceiling packets received.
    pub raw_packets: u64,
    /// Sampled packets that str0m decrypted and Opus decoded.
    pub decoded: u64,
    /// Sampled packets that failed to decode.
    pub decode_errors: u64,
    /// Media packets whose timestamp matched no recorded send (no delay sample).
    pub unmatched: u64,
    /// Bots whose ICE + DTLS came up.
    pub connected: u64,
    /// Bots that received at least one media packet.
    pub with_audio: u64,
    /// Media packets received per sender index.
    pub by_sender: [u64; TRACKED_SENDERS],
}

impl PoolSnapshot {
    /// Counts one received media packet from `sender` (if known).
    pub(crate) fn count_sender(&mut self, sender: usize) {
        if let Some(c) = self.by_sender.get_mut(sender) {
            *c += 1;
        }
    }

    /// `self - earlier`, field by field.
    pub fn since(&self, earlier: &PoolSnapshot) -> PoolSnapshot {
        let mut by_sender = [0; TRACKED_SENDERS];
        for (i, v) in by_sender.iter_mut().enumerate() {
            *v = self.by_sender[i].saturating_sub(earlier.by_sender[i]);
        }
        PoolSnapshot {
            rtp_packets: self.rtp_packets.saturating_sub(earlier.rtp_packets),
            rtp_bytes: self.rtp_bytes.saturating_sub(earlier.rtp_bytes),
            expected: self.expected.saturating_sub(earlier.expected),
            raw_packets: self.raw_packets.saturating_sub(earlier.raw_packets),
            decoded: self.decoded.saturating_sub(earlier.decoded),
            decode_errors: self.decode_errors.saturating_sub(earlier.decode_errors),
            unmatched: self.unmatched.saturating_sub(earlier.unmatched),
            connected: self.connected.saturating_sub(earlier.connected),
            with_audio: self.with_audio.saturating_sub(earlier.with_audio),
            by_sender,
        }
    }
}

/// The shared atomics.
#[derive(Debug, Default)]
pub(crate) struct PoolCounters {
    fields: [AtomicU64; 9],
    by_sender: [AtomicU64; TRACKED_SENDERS],
}

impl PoolCounters {
    fn as_array(s: &PoolSnapshot) -> [u64; 9] {
        [
            s.rtp_packets,
            s.rtp_bytes,
            s.expected,
            s.raw_packets,
            s.decoded,
            s.decode_errors,
            s.unmatched,
            s.connected,
            s.with_audio,
        ]
    }

    /// Adds a thread's tally and resets it.
    pub(crate) fn flush(&self, tally: &mut PoolSnapshot) {
        if *tally == PoolSnapshot::default() {
            return;
        }
        for (a, v) in self.fields.iter().zip(Self::as_array(tally)) {
            if v > 0 {
                a.fetch_add(v, Ordering::Relaxed);
            }
        }
        for (a, v) in self.by_sender.iter().zip(tally.by_sender) {
            if v > 0 {
                a.fetch_add(v, Ordering::Relaxed);
            }
        }
        *tally = PoolSnapshot::default();
    }

    pub(crate) fn snapshot(&self) -> PoolSnapshot {
        let f: Vec<u64> = self
            .fields
            .iter()
            .map(|a| a.load(Ordering::Relaxed))
            .collect();
        let mut by_sender = [0; TRACKED_SENDERS];
        for (v, a) in by_sender.iter_mut().zip(&self.by_sender) {
            *v = a.load(Ordering::Relaxed);
        }
        PoolSnapshot {
            rtp_packets: f[0],
            rtp_bytes: f[1],
            expected: f[2],
            raw_packets: f[3],
            decoded: f[4],
            decode_errors: f[5],
            unmatched: f[6],
            connected: f[7],
            with_audio: f[8],
            by_sender,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flush_adds_and_resets() {
        let c = PoolCounters::default();
        let mut t = PoolSnapshot {
            rtp_packets: 3,
            expected: 4,
            ..Default::default()
        };
        t.count_sender(1);
        t.count_sender(99);
        c.flush(&mut t);
        assert_eq!(t, PoolSnapshot::default());
        let mut t = PoolSnapshot {
            rtp_packets: 2,
            ..Default::default()
        };
        c.flush(&mut t);
        let s = c.snapshot();
        assert_eq!((s.rtp_packets, s.expected, s.by_sender[1]), (5, 4, 1));
        let d = s.since(&PoolSnapshot {
            rtp_packets: 1,
            ..Default::default()
        });
        assert_eq!(d.rtp_packets, 4);
    }
}
