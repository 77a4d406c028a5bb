//! Audio in and out of Opus: what a session sends ([`AudioSource`]), a phase-continuous tone
//! generator, the 20 ms frame encoder with its RFC 6464 level, and the decoder.

use opus::{Application, Channels, Decoder, Encoder};

use crate::error::ClientError;
use crate::tone::rms;

/// Sample rate of everything in this crate (Opus' native rate).
pub const SAMPLE_RATE: u32 = 48_000;
/// Samples in one 20 ms mono frame.
pub const FRAME_SAMPLES: usize = 960;
/// Largest decoded frame libopus may return (120 ms).
pub const MAX_DECODED_SAMPLES: usize = 5_760;
/// Levels (in -dBov) at or below this count as voice activity.
pub const VOICE_LEVEL: u8 = 50;

/// What a session's microphone sends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AudioSource {
    /// Digital silence (still sent as Opus frames, with level -127 dBov and no voice activity).
    Silence,
    /// A sine tone.
    Tone {
        /// Frequency in Hz.
        freq_hz: f32,
        /// Peak amplitude, 0.0..=1.0 of full scale.
        amplitude: f32,
    },
}

impl AudioSource {
    /// A tone at `freq_hz` with amplitude 0.5 (about -9 dBov).
    pub fn tone(freq_hz: f32) -> Self {
        AudioSource::Tone {
            freq_hz,
            amplitude: 0.5,
        }
    }
}

/// Generates 20 ms frames from an [`AudioSource`], keeping the phase continuous across frames
/// and source changes.
#[derive(Debug, Default)]
pub struct ToneGenerator {
    phase: f64,
}

impl ToneGenerator {
    /// The next [`FRAME_SAMPLES`] samples of `source`.
    pub fn next_frame(&mut self, source: AudioSource) -> [f32; FRAME_SAMPLES] {
        let mut out = [0.0f32; FRAME_SAMPLES];
        if let AudioSource::Tone { freq_hz, amplitude } = source {
            let step = 2.0 * std::f64::consts::PI * f64::from(freq_hz) / f64::from(SAMPLE_RATE);
            for s in out.iter_mut() {
                *s = (f64::from(amplitude) * self.phase.sin()) as f32;
                self.phase = (self.phase + step) % (2.0 * std::f64::consts::PI);
            }
        }
        out
    }
}

/// RFC 6464 level of a frame, in -dBov (0 = loudest, 127 = silence).
pub fn level_dbov(samples: &[f32]) -> u8 {
    let r = rms(samples);
    if r <= 0.0 {
        return 127;
    }
    (-20.0 * r.log10()).round().clamp(0.0, 127.0) as u8
}

/// One encoded 20 ms frame with the level to put in its RTP header extension.
#[derive(Debug, Clone)]
pub struct EncodedFrame {
    /// The Opus packet.
    pub data: Vec<u8>,
    /// Level in -dBov (0..=127).
    pub level: u8,
    /// Voice activity (level above -[`VOICE_LEVEL`] dBov).
    pub voice_activity: bool,
}

/// A mono 48 kHz libopus encoder (application VoIP).
pub struct FrameEncoder {
    encoder: Encoder,
    buf: Vec<u8>,
}

impl std::fmt::Debug for FrameEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FrameEncoder")
    }
}

impl FrameEncoder {
    /// A new encoder.
    pub fn new() -> Result<Self, ClientError> {
        let encoder = Encoder::new(SAMPLE_RATE, Channels::Mono, Application::Voip)?;
        Ok(Self {
            encoder,
            buf: vec![0; 1500],
        })
    }

    /// Encodes one 20 ms frame and measures its level.
    pub fn encode(&mut self, pcm: &[f32; FRAME_SAMPLES]) -> Result<EncodedFrame, ClientError> {
        let n = self.encoder.encode_float(pcm, &mut self.buf)?;
        let level = level_dbov(pcm);
        Ok(EncodedFrame {
            data: self.buf[..n].to_vec(),
            level,
            voice_activity: level <= VOICE_LEVEL,
        })
    }
}

/// A mono 48 kHz libopus decoder (decodes mono or stereo Opus streams to mono).
pub struct FrameDecoder {
    decoder: Decoder,
    buf: Vec<f32>,
}

impl std::fmt::Debug for FrameDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FrameDecoder")
    }
}

impl FrameDecoder {
    /// A new decoder.
    pub fn new() -> Result<Self, ClientError> {
        Ok(Self {
            decoder: Decoder::new(SAMPLE_RATE, Channels::Mono)?,
            buf: vec![0.0; MAX_DECODED_SAMPLES],
        })
    }

    /// Decodes one Opus packet into PCM samples.
    pub fn decode(&mut self, packet: &[u8]) -> Result<&[f32], ClientError> {
        let n = self.decoder.decode_float(packet, &mut self.buf, false)?;
        Ok(&self.buf[..n])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tone::detect_tone;

    #[test]
    fn opus_round_trip_keeps_440() {
        let mut gen = ToneGenerator::default();
        let mut enc = FrameEncoder::new().unwrap();
        let mut dec = FrameDecoder::new().unwrap();
        let mut out = Vec::new();
        for _ in 0..50 {
            let frame = enc
                .encode(&gen.next_frame(AudioSource::tone(440.0)))
                .unwrap();
            assert!(frame.voice_activity);
            assert!((5..=12).contains(&frame.level), "level {}", frame.level);
            out.extend_from_slice(dec.decode(&frame.data).unwrap());
        }
        assert_eq!(out.len(), 50 * FRAME_SAMPLES);
        // Skip the codec's start-up; analyse the last 300 ms.
        let tail = &out[out.len() - 14_400..];
        assert!(detect_tone(tail, 440.0, SAMPLE_RATE as f32));
        assert!(!detect_tone(tail, 880.0, SAMPLE_RATE as f32));
    }

    #[test]
    fn silence_encodes_to_silence() {
        let mut gen = ToneGenerator::default();
        let mut enc = FrameEncoder::new().unwrap();
        let mut dec = FrameDecoder::new().unwrap();
        let mut out = Vec::new();
        for _ in 0..20 {
            let frame = enc.encode(&gen.next_frame(AudioSource::Silence)).unwrap();
            assert_eq!(frame.level, 127);
            assert!(!frame.voice_activity);
            out.extend_from_slice(dec.decode(&frame.data).unwrap());
        }
        assert!(!detect_tone(&out, 440.0, SAMPLE_RATE as f32));
    }

    #[test]
    fn generator_phase_is_continuous() {
        let mut gen = ToneGenerator::default();
        let a = gen.next_frame(AudioSource::tone(440.0));
        let b = gen.next_frame(AudioSource::tone(440.0));
        let joined: Vec<f32> = a.iter().chain(b.iter()).copied().collect();
        let reference = crate::tone::sine(440.0, 0.5, SAMPLE_RATE as f32, 2 * FRAME_SAMPLES);
        let max_err = joined
            .iter()
            .zip(&reference)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max);
        assert!(max_err < 1e-3, "max error {max_err}");
    }
}
