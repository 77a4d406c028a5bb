//! Latency of store calls for Prometheus: each `Store` method holds a [`QueryTimer`] while it
//! runs, which records its duration (success, failure or cancellation alike) when dropped.

use std::time::Instant;

/// Histogram: seconds each store call took, by `op` (the `Store` method).
pub const DB_QUERY_SECONDS: &str = "stoa_db_query_seconds";

/// Records how long one store call took when dropped.
pub struct QueryTimer {
    op: &'static str,
    started: Instant,
}

impl QueryTimer {
    /// Starts timing the store call `op`.
    pub fn start(op: &'static str) -> Self {
        Self {
            op,
            started: Instant::now(),
        }
    }
}

impl Drop for QueryTimer {
    fn drop(&mut self) {
        metrics::histogram!(DB_QUERY_SECONDS, "op" => self.op)
            .record(self.started.elapsed().as_secs_f64());
    }
}
