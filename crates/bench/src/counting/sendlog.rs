//! [`SendLog`]: when each speaker's frame left, keyed by RTP timestamp, shared in-process between
//! speaker bots (which record) and counting listeners (which look up) to compute forward delay.
//!
//! Speaker `i` numbers its frames from the timestamp base `(i + 1) << 26`, so a timestamp alone
//! names the speaker and the frame. The SFU keeps a sender's timeline on a slot it occupies
//! first, so listeners see the same timestamps.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use stoa_client::{IceTransportPolicy, MediaOptions, SendRecorder};

const BASE_SHIFT: u32 = 26;
/// Timestamp ticks per 20 ms frame at 48 kHz.
pub const FRAME_TICKS: u32 = 960;
/// At most this many senders (timestamp bases) fit in 32 bits.
pub const MAX_SENDERS: usize = (1 << (32 - BASE_SHIFT)) - 1;
/// At most this many frames per sender (about 23 minutes of 20 ms frames).
pub const MAX_FRAMES: usize = (1 << BASE_SHIFT) / FRAME_TICKS as usize;

/// Send instants per (sender, frame), lock-free.
#[derive(Debug)]
pub struct SendLog {
    origin: Instant,
    senders: Vec<Box<[AtomicU64]>>,
}

impl SendLog {
    /// A log for `senders` senders (at most [`MAX_SENDERS`]) of `frames` frames each (at most
    /// [`MAX_FRAMES`]).
    pub fn new(senders: usize, frames: usize) -> Self {
        let frames = frames.min(MAX_FRAMES);
        Self {
            origin: Instant::now(),
            senders: (0..senders.min(MAX_SENDERS))
                .map(|_| (0..frames).map(|_| AtomicU64::new(0)).collect())
                .collect(),
        }
    }

    /// The first RTP timestamp of sender `sender`.
    pub fn rtp_base(sender: usize) -> u32 {
        ((sender.min(MAX_SENDERS - 1) as u32) + 1) << BASE_SHIFT
    }

    /// Which sender and frame a timestamp belongs to.
    pub fn decode(ts: u32) -> Option<(usize, usize)> {
        let sender = (ts >> BASE_SHIFT).checked_sub(1)? as usize;
        let offset = ts - Self::rtp_base(sender);
        offset
            .is_multiple_of(FRAME_TICKS)
            .then_some((sender, (offset / FRAME_TICKS) as usize))
    }

    /// Records that the frame with timestamp `ts` was sent at `at`.
    pub fn record(&self, ts: u32, at: Instant) {
        if let Some(cell) = Self::decode(ts).and_then(|(s, f)| self.cell(s, f)) {
            let nanos = at.saturating_duration_since(self.origin).as_nanos() as u64;
            cell.store(nanos + 1, Ordering::Relaxed);
        }
    }

    /// The sender of `ts` and when that frame was sent (if recorded).
    pub fn lookup(&self, ts: u32) -> Option<(usize, Instant)> {
        let (sender, frame) = Self::decode(ts)?;
        let nanos = self.cell(sender, frame)?.load(Ordering::Relaxed);
        let at = self.origin + Duration::from_nanos(nanos.checked_sub(1)?);
        Some((sender, at))
    }

    fn cell(&self, sender: usize, frame: usize) -> Option<&AtomicU64> {
        self.senders.get(sender)?.get(frame)
    }

    /// Media options of speaker `sender`: frames numbered from its base, each send recorded in
    /// `log`.
    pub fn options_for(log: &Arc<Self>, sender: usize) -> MediaOptions {
        MediaOptions {
            rtp_base: Self::rtp_base(sender),
            send_log: Some(Arc::clone(log) as Arc<dyn SendRecorder>),
            ice_transport: IceTransportPolicy::All,
        }
    }
}

impl SendRecorder for SendLog {
    fn frame_sent(&self, rtp_timestamp: u32, at: Instant) {
        self.record(rtp_timestamp, at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_name_sender_and_frame() {
        let log = SendLog::new(3, 100);
        let t0 = Instant::now();
        let ts = SendLog::rtp_base(2) + 7 * FRAME_TICKS;
        assert_eq!(SendLog::decode(ts), Some((2, 7)));
        assert_eq!(log.lookup(ts), None, "not recorded yet");
        log.record(ts, t0 + Duration::from_millis(5));
        let (sender, at) = log.lookup(ts).unwrap();
        assert_eq!(sender, 2);
        assert!(at.duration_since(t0) >= Duration::from_millis(5));
        assert_eq!(SendLog::decode(ts + 1), None, "not on a frame boundary");
        assert_eq!(SendLog::decode(123), None, "below every base");
        log.record(SendLog::rtp_base(0) + 500 * FRAME_TICKS, t0);
        assert_eq!(log.lookup(SendLog::rtp_base(0) + 500 * FRAME_TICKS), None);
    }
}
