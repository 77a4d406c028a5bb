//! Per-publisher voice level: smooths RFC 6464 audio levels and decides "speaking".
//!
//! str0m reports `audio_level` as an `i8` in -dBov: 0 is the loudest, -127 silence. Here it is
//! turned into a *loudness* in 0..=127 (higher is louder) and smoothed with an exponential moving
//! average (about 100 ms at 50 packets/s). Speaking starts above [`SPEAK_ON`] and stops below
//! [`SPEAK_OFF`] (hysteresis), or when packets stop arriving for [`STALE_AFTER`].

use std::time::{Duration, Instant};

/// Smoothed loudness (127 + dBov) at which a publisher starts speaking (-50 dBov).
pub const SPEAK_ON: f32 = 77.0;
/// Smoothed loudness below which a speaking publisher stops speaking (-56 dBov).
pub const SPEAK_OFF: f32 = 71.0;
/// Weight of a new sample in the moving average.
const ALPHA: f32 = 0.25;
/// Without packets for this long a publisher counts as silent.
pub const STALE_AFTER: Duration = Duration::from_millis(400);
/// Loudness assumed for a packet without an audio level but with voice activity set.
const VAD_ONLY_LOUDNESS: f32 = 90.0;

/// Voice level state of one publisher.
#[derive(Debug, Clone, Default)]
pub struct VoiceLevel {
    smoothed: f32,
    last_packet: Option<Instant>,
    speaking: bool,
}

/// Converts str0m's `audio_level` (0 loudest, -127 quietest) to loudness (127 loudest, 0 quietest).
pub fn loudness_of(audio_level: i8) -> f32 {
    f32::from(127 - audio_level.unsigned_abs().min(127))
}

impl VoiceLevel {
    /// Takes one packet's header extension values. Returns true if "speaking" changed.
    pub fn on_packet(
        &mut self,
        now: Instant,
        audio_level: Option<i8>,
        voice_activity: Option<bool>,
    ) -> bool {
        let sample = match (audio_level, voice_activity) {
            (Some(l), _) => loudness_of(l),
            (None, Some(true)) => VAD_ONLY_LOUDNESS,
            (None, _) => 0.0,
        };
        if self.is_stale(now) {
            self.smoothed = 0.0;
        }
        self.smoothed += ALPHA * (sample - self.smoothed);
        self.last_packet = Some(now);
        self.update_speaking(now)
    }

    /// Re-evaluates "speaking" without a packet (it stops when packets stop). Returns true if it
    /// changed.
    pub fn on_tick(&mut self, now: Instant) -> bool {
        self.update_speaking(now)
    }

    /// Smoothed loudness now: 0 when no recent packets.
    pub fn loudness(&self, now: Instant) -> f32 {
        if self.is_stale(now) {
            0.0
        } else {
            self.smoothed
        }
    }

    /// Whether the publisher counts as speaking.
    pub fn is_speaking(&self) -> bool {
        self.speaking
    }

    /// Whether a packet arrived within `window` before `now`.
    pub fn sent_within(&self, now: Instant, window: Duration) -> bool {
        self.last_packet
            .is_some_and(|t| now.saturating_duration_since(t) <= window)
    }

    fn is_stale(&self, now: Instant) -> bool {
        !self.sent_within(now, STALE_AFTER)
    }

    fn update_speaking(&mut self, now: Instant) -> bool {
        let loud = self.loudness(now);
        let next = if self.speaking {
            loud >= SPEAK_OFF
        } else {
            loud >= SPEAK_ON
        };
        let changed = next != self.speaking;
        self.speaking = next;
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn loudness_convention() {
        assert_eq!(loudness_of(0), 127.0);
        assert_eq!(loudness_of(-127), 0.0);
        assert_eq!(loudness_of(-30), 97.0);
        assert_eq!(loudness_of(i8::MIN), 0.0);
    }

    #[test]
    fn loud_packets_start_speaking_within_a_few_frames() {
        let t0 = Instant::now();
        let mut v = VoiceLevel::default();
        let mut started_at = None;
        for i in 0..20u64 {
            if v.on_packet(t0 + ms(20 * i), Some(-20), Some(true)) {
                started_at = Some(i);
                break;
            }
        }
        let frames = started_at.expect("should start speaking");
        assert!(frames <= 5, "took {frames} frames");
        assert!(v.is_speaking());
    }

    #[test]
    fn quiet_packets_never_speak() {
        let t0 = Instant::now();
        let mut v = VoiceLevel::default();
        for i in 0..100u64 {
            assert!(!v.on_packet(t0 + ms(20 * i), Some(-90), Some(false)));
        }
        assert!(!v.is_speaking());
    }

    #[test]
    fn hysteresis_keeps_speaking_between_thresholds() {
        let t0 = Instant::now();
        let mut v = VoiceLevel::default();
        for i in 0..20u64 {
            v.on_packet(t0 + ms(20 * i), Some(-20), None);
        }
        assert!(v.is_speaking());
        // -53 dBov: between SPEAK_OFF (-56) and SPEAK_ON (-50).
        for i in 20..80u64 {
            v.on_packet(t0 + ms(20 * i), Some(-53), None);
        }
        assert!(v.is_speaking(), "stays speaking inside the hysteresis band");
        for i in 80..120u64 {
            v.on_packet(t0 + ms(20 * i), Some(-100), None);
        }
        assert!(!v.is_speaking());
    }

    #[test]
    fn silence_by_absence() {
        let t0 = Instant::now();
        let mut v = VoiceLevel::default();
        for i in 0..10u64 {
            v.on_packet(t0 + ms(20 * i), Some(-10), None);
        }
        assert!(v.is_speaking());
        assert!(!v.on_tick(t0 + ms(300)), "still fresh");
        assert!(v.on_tick(t0 + ms(200) + STALE_AFTER + ms(1)));
        assert!(!v.is_speaking());
        assert_eq!(v.loudness(t0 + ms(2000)), 0.0);
    }
}
