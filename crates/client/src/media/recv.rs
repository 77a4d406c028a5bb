//! Received audio per slot: a ring buffer of the last [`RING_SECONDS`] of decoded PCM plus
//! packet counters. Written by the media loop, read by the session's measuring methods.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::audio::{FRAME_SAMPLES, SAMPLE_RATE};

/// Seconds of decoded audio kept per slot.
pub const RING_SECONDS: usize = 2;
const RING_SAMPLES: usize = RING_SECONDS * SAMPLE_RATE as usize;
/// A pause between packets longer than this is filled with silence in the ring.
const GAP: Duration = Duration::from_millis(60);
/// Packets may arrive this late before the time since the last one counts as silence.
const JITTER: Duration = Duration::from_millis(60);

/// Counters of one receive slot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotStats {
    /// Audio frames received (and handed to the decoder).
    pub packets: u64,
    /// Frames the decoder rejected.
    pub decode_errors: u64,
    /// When the first frame arrived.
    pub first_packet_at: Option<Instant>,
    /// When the latest frame arrived.
    pub last_packet_at: Option<Instant>,
}

/// One slot's decoded audio and counters.
#[derive(Debug, Default)]
pub(crate) struct SlotBuffer {
    pcm: VecDeque<f32>,
    stats: SlotStats,
}

fn samples_in(d: Duration) -> usize {
    (d.as_secs_f64() * f64::from(SAMPLE_RATE)) as usize
}

impl SlotBuffer {
    /// Appends decoded samples that arrived at `now`, first filling a pause with silence.
    pub(crate) fn push(&mut self, now: Instant, samples: &[f32]) {
        if let Some(last) = self.stats.last_packet_at {
            let pause = now.saturating_duration_since(last);
            if pause > GAP {
                let missing = samples_in(pause)
                    .saturating_sub(FRAME_SAMPLES)
                    .min(RING_SAMPLES);
                self.pcm.extend(std::iter::repeat_n(0.0, missing));
            }
        }
        self.pcm.extend(samples.iter().copied());
        let excess = self.pcm.len().saturating_sub(RING_SAMPLES);
        self.pcm.drain(..excess);
        self.stats.packets += 1;
        self.stats.first_packet_at.get_or_insert(now);
        self.stats.last_packet_at = Some(now);
    }

    /// Counts a frame the decoder rejected.
    pub(crate) fn decode_failed(&mut self, now: Instant) {
        self.stats.decode_errors += 1;
        self.stats.first_packet_at.get_or_insert(now);
    }

    /// The audio of the last `window` as heard at `now`: the newest samples, followed by
    /// silence for the time since the last packet (beyond normal jitter).
    pub(crate) fn recent(&self, now: Instant, window: Duration) -> Vec<f32> {
        let wanted = samples_in(window).min(RING_SAMPLES);
        let silent = match self.stats.last_packet_at {
            None => return Vec::new(),
            Some(last) => samples_in(now.saturating_duration_since(last).saturating_sub(JITTER)),
        }
        .min(wanted);
        let take = (wanted - silent).min(self.pcm.len());
        let mut out: Vec<f32> = self
            .pcm
            .iter()
            .skip(self.pcm.len() - take)
            .copied()
            .collect();
        out.extend(std::iter::repeat_n(0.0, silent));
        out
    }

    /// The counters.
    pub(crate) fn stats(&self) -> SlotStats {
        self.stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_keeps_last_two_seconds() {
        let mut b = SlotBuffer::default();
        let t0 = Instant::now();
        for i in 0..150u32 {
            let v = i as f32;
            b.push(
                t0 + Duration::from_millis(20 * u64::from(i)),
                &[v; FRAME_SAMPLES],
            );
        }
        let last = t0 + Duration::from_millis(20 * 149);
        let all = b.recent(last, Duration::from_secs(5));
        assert_eq!(all.len(), RING_SAMPLES);
        assert_eq!(*all.last().unwrap(), 149.0);
        assert_eq!(b.stats().packets, 150);
        assert_eq!(b.stats().first_packet_at, Some(t0));
    }

    #[test]
    fn time_since_last_packet_reads_as_silence() {
        let mut b = SlotBuffer::default();
        let t0 = Instant::now();
        for i in 0..20u64 {
            b.push(t0 + Duration::from_millis(20 * i), &[1.0; FRAME_SAMPLES]);
        }
        let last = t0 + Duration::from_millis(380);
        let fresh = b.recent(last, Duration::from_millis(300));
        assert!(fresh.iter().all(|&x| x == 1.0));
        let stale = b.recent(last + Duration::from_secs(1), Duration::from_millis(300));
        assert_eq!(stale.len(), samples_in(Duration::from_millis(300)));
        assert!(stale.iter().all(|&x| x == 0.0));
    }

    #[test]
    fn pause_between_packets_is_filled_with_silence() {
        let mut b = SlotBuffer::default();
        let t0 = Instant::now();
        b.push(t0, &[1.0; FRAME_SAMPLES]);
        b.push(t0 + Duration::from_millis(500), &[1.0; FRAME_SAMPLES]);
        let all = b.recent(t0 + Duration::from_millis(500), Duration::from_secs(2));
        let zeros = all.iter().filter(|&&x| x == 0.0).count();
        assert_eq!(zeros, samples_in(Duration::from_millis(480)));
    }

    #[test]
    fn empty_slot_has_nothing() {
        let b = SlotBuffer::default();
        assert!(b
            .recent(Instant::now(), Duration::from_millis(300))
            .is_empty());
        assert_eq!(b.stats(), SlotStats::default());
    }
}
