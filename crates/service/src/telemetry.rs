//! What the service measures for Prometheus (the API layer renders it): how long joining takes,
//! the errors members were sent, and counts read when scraped ([`Presence::gauges`]). Recording
//! goes through the `metrics` facade: a no-op until a recorder is installed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use stoa_proto::{ErrorCode, UserId};

use crate::presence::Presence;

/// Histogram: seconds from a member's `join_room` to their media connection being up.
pub const JOIN_SECONDS: &str = "stoa_join_seconds";
/// Histogram: datagrams per SFU send batch.
pub use stoa_sfu::BATCH_SIZE_METRIC as SEND_BATCH_SIZE;
/// Histogram: seconds per store call, by `op`.
pub use stoa_store::timing::DB_QUERY_SECONDS;

/// Counter: errors sent to clients, by `code` and `via` (`http` or `ws`).
pub const ERRORS_TOTAL: &str = "stoa_errors_total";

/// Counter: room writes that failed (logged; see the room's write queue), by `op`.
pub const ROOM_WRITE_FAILURES: &str = "stoa_room_write_failures_total";

/// Starts the room write failure counter at zero for every `op`, so it is exported (and can be
/// graphed) before the first failure.
pub(crate) fn start_room_write_failures() {
    for op in crate::rooms::ROOM_WRITE_OPS {
        metrics::counter!(ROOM_WRITE_FAILURES, "op" => op).increment(0);
    }
}

/// Counts one error sent to a client.
pub fn count_error(code: ErrorCode, via: &'static str) {
    metrics::counter!(ERRORS_TOTAL, "code" => error_label(code), "via" => via).increment(1);
}

/// The error code as clients see it (`storage_full`, ...).
pub fn error_label(code: ErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(label)) => label,
        _ => format!("{code:?}"),
    }
}

/// Joins whose media came up later than this are not counted: the member did not start media
/// when joining (the SFU itself gives a connection 15 s).
pub const JOIN_MEASURED_WITHIN: Duration = Duration::from_secs(60);

/// When each member who joined a room and is not connected yet sent `join_room`.
#[derive(Default)]
pub(crate) struct JoinTimer {
    started: Mutex<HashMap<UserId, Instant>>,
}

impl JoinTimer {
    /// `user` entered a room: their media connection is awaited.
    pub fn joined(&self, user: UserId) {
        self.lock().insert(user, Instant::now());
    }

    /// `user`'s media connection is up: records the time since they joined.
    pub fn connected(&self, user: UserId) {
        let Some(since) = self.lock().remove(&user) else {
            return;
        };
        let took = since.elapsed();
        if took <= JOIN_MEASURED_WITHIN {
            metrics::histogram!(JOIN_SECONDS).record(took.as_secs_f64());
        }
    }

    /// `user`'s session ended, or their media connection failed: nothing more to measure.
    pub fn forget(&self, user: UserId) {
        self.lock().remove(&user);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, Instant>> {
        self.started
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The service's state as counts, read when metrics are scraped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gauges {
    /// Live rooms.
    pub rooms: usize,
    /// Members with at least one open signaling session.
    pub members_online: usize,
    /// Open signaling sessions (one per WebSocket).
    pub sessions: usize,
}

impl Presence {
    /// Counts of live rooms, members online and open sessions.
    pub fn gauges(&self) -> Gauges {
        let (members_online, sessions) = self.online().counts();
        Gauges {
            rooms: self.registry().count(),
            members_online,
            sessions,
        }
    }
}
