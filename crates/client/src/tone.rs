//! Tone measurement on PCM: the Goertzel algorithm and a dominant-tone detector.

/// Fraction of a signal's energy that must sit at the target frequency for
/// [`detect_tone`] to report it.
pub const DOMINANCE: f32 = 0.5;

/// Mean power below which a signal counts as silence (about -50 dBFS).
pub const MIN_POWER: f32 = 1e-5;

/// Mean power of the `freq` component of `samples` (sampled at `sample_rate`), by the Goertzel
/// algorithm. A pure sine of amplitude `a` at `freq` gives about `a² / 2`, the same scale as
/// [`mean_power`], so the two can be compared.
pub fn goertzel_power(samples: &[f32], freq: f32, sample_rate: f32) -> f32 {
    let n = samples.len();
    if n == 0 || sample_rate <= 0.0 {
        return 0.0;
    }
    let w = 2.0 * std::f64::consts::PI * f64::from(freq) / f64::from(sample_rate);
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &x in samples {
        let s0 = f64::from(x) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    let mag2 = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    let n = n as f64;
    (2.0 * mag2 / (n * n)) as f32
}

/// Mean power (mean of squares) of `samples`.
pub fn mean_power(samples: &[f32]) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    let sum: f64 = samples.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
    (sum / samples.len() as f64) as f32
}

/// Root mean square of `samples`.
pub fn rms(samples: &[f32]) -> f32 {
    mean_power(samples).sqrt()
}

/// True when `samples` are not silence and at least [`DOMINANCE`] of their energy is at
/// `freq`. A 440 Hz tone is therefore not reported as 880 Hz, and noise or silence as neither.
pub fn detect_tone(samples: &[f32], freq: f32, sample_rate: f32) -> bool {
    tone_ratio(samples, freq, sample_rate) >= DOMINANCE
}

/// Share of the energy of `samples` at `freq` (0 for silence).
pub fn tone_ratio(samples: &[f32], freq: f32, sample_rate: f32) -> f32 {
    let total = mean_power(samples);
    if total < MIN_POWER {
        return 0.0;
    }
    goertzel_power(samples, freq, sample_rate) / total
}

/// `n` samples of a sine at `freq` with `amplitude`, starting at phase 0 (for tests and tools).
pub fn sine(freq: f32, amplitude: f32, sample_rate: f32, n: usize) -> Vec<f32> {
    let step = 2.0 * std::f64::consts::PI * f64::from(freq) / f64::from(sample_rate);
    (0..n)
        .map(|i| (f64::from(amplitude) * (step * i as f64).sin()) as f32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: f32 = 48_000.0;

    /// Deterministic white noise in [-amp, amp] (a small LCG, no RNG dependency).
    fn noise(amp: f32, n: usize) -> Vec<f32> {
        let mut state: u32 = 0x1234_5678;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                ((state >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0) * amp
            })
            .collect()
    }

    #[test]
    fn pure_440_is_440_not_880() {
        let s = sine(440.0, 0.5, RATE, 14_400);
        assert!(detect_tone(&s, 440.0, RATE));
        assert!(!detect_tone(&s, 880.0, RATE));
        let p = goertzel_power(&s, 440.0, RATE);
        assert!((p - 0.125).abs() < 0.01, "power {p}");
        assert!(goertzel_power(&s, 880.0, RATE) < 0.001);
    }

    #[test]
    fn pure_880_is_880_not_440() {
        let s = sine(880.0, 0.3, RATE, 9_600);
        assert!(detect_tone(&s, 880.0, RATE));
        assert!(!detect_tone(&s, 440.0, RATE));
    }

    #[test]
    fn silence_is_nothing() {
        let s = vec![0.0; 14_400];
        assert!(!detect_tone(&s, 440.0, RATE));
        assert!(!detect_tone(&s, 880.0, RATE));
        assert!(!detect_tone(&[], 440.0, RATE));
        // Very quiet tone is treated as silence too.
        assert!(!detect_tone(&sine(440.0, 0.001, RATE, 14_400), 440.0, RATE));
    }

    #[test]
    fn noisy_440_is_still_440() {
        let tone = sine(440.0, 0.4, RATE, 14_400);
        let noise = noise(0.2, 14_400);
        let mixed: Vec<f32> = tone.iter().zip(&noise).map(|(a, b)| a + b).collect();
        assert!(detect_tone(&mixed, 440.0, RATE));
        assert!(!detect_tone(&mixed, 880.0, RATE));
    }

    #[test]
    fn noise_alone_is_no_tone() {
        let n = noise(0.5, 14_400);
        assert!(!detect_tone(&n, 440.0, RATE));
        assert!(!detect_tone(&n, 880.0, RATE));
    }

    #[test]
    fn rms_of_sine() {
        let s = sine(1000.0, 1.0, RATE, 48_000);
        assert!((rms(&s) - std::f32::consts::FRAC_1_SQRT_2).abs() < 0.01);
    }
}
