//! A fixed-resolution delay histogram: O(1) to record on the hot path, mergeable across threads,
//! percentiles by nearest rank.

use std::time::Duration;

/// Bucket width.
pub const RESOLUTION: Duration = Duration::from_micros(10);
/// Delays at or above this land in the last bucket.
pub const RANGE: Duration = Duration::from_secs(2);
const BUCKETS: usize = (RANGE.as_micros() / RESOLUTION.as_micros()) as usize;

/// Counts of delays in 10 µs buckets up to 2 s (longer delays count in the last bucket).
#[derive(Debug, Clone)]
pub struct DelayHistogram {
    counts: Vec<u64>,
    total: u64,
}

impl Default for DelayHistogram {
    fn default() -> Self {
        Self {
            counts: vec![0; BUCKETS],
            total: 0,
        }
    }
}

impl DelayHistogram {
    /// Records one delay.
    pub fn record(&mut self, delay: Duration) {
        let i = (delay.as_micros() / RESOLUTION.as_micros()) as usize;
        if let Some(c) = self.counts.get_mut(i.min(BUCKETS - 1)) {
            *c += 1;
        }
        self.total += 1;
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &DelayHistogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
    }

    /// Number of recorded delays.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// The `p`-th percentile (0–100) by nearest rank, as the upper edge of its bucket;
    /// `None` when empty.
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        if self.total == 0 {
            return None;
        }
        // The epsilon keeps float error (0.999 * 1000 = 999.0000000000001) off the next rank.
        let rank = ((p / 100.0) * self.total as f64 - 1e-9).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(RESOLUTION * (i as u32 + 1));
            }
        }
        Some(RANGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut h = DelayHistogram::default();
        assert_eq!(h.percentile(50.0), None);
        // 1000 delays: 1 ms, 2 ms, ..., except the last ten are 500 ms.
        for i in 1..=990u64 {
            h.record(Duration::from_micros(i * 1000 + 5));
        }
        for _ in 0..10 {
            h.record(Duration::from_millis(500));
        }
        assert_eq!(h.count(), 1000);
        assert_eq!(h.percentile(50.0), Some(Duration::from_micros(500_010)));
        // Ranks above the 500 ms group are shifted by the ten extra samples.
        assert_eq!(h.percentile(99.0), Some(Duration::from_micros(980_010)));
        assert_eq!(h.percentile(99.9), Some(Duration::from_micros(989_010)));
        assert_eq!(h.percentile(100.0), Some(Duration::from_micros(990_010)));
    }

    #[test]
    fn small_sets_and_overflow() {
        let mut h = DelayHistogram::default();
        h.record(Duration::from_micros(150));
        h.record(Duration::from_micros(250));
        h.record(Duration::from_secs(9));
        assert_eq!(h.percentile(0.0), Some(Duration::from_micros(160)));
        assert_eq!(h.percentile(50.0), Some(Duration::from_micros(260)));
        assert_eq!(h.percentile(99.9), Some(RANGE));
        let mut other = DelayHistogram::default();
        other.record(Duration::from_micros(5));
        h.merge(&other);
        assert_eq!(h.count(), 4);
        assert_eq!(h.percentile(25.0), Some(Duration::from_micros(10)));
    }
}
