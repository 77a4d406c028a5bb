//! The crate's error type.

use std::time::Duration;

/// What can go wrong talking to the cluster.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The configured prefix cannot name buckets or subjects.
    #[error("invalid cluster prefix {0:?}: use letters, digits, '_' and '-'")]
    InvalidPrefix(String),
    /// A node or room id cannot be a key-value key.
    #[error("invalid {what} {id:?}: use letters, digits, '_' and '-'")]
    InvalidId {
        /// What the id names ("node id", "room id").
        what: &'static str,
        /// The id as given.
        id: String,
    },
    /// The first connection to NATS failed.
    #[error("connecting to NATS at {url}: {source}")]
    Connect {
        /// The URL tried.
        url: String,
        /// Why it failed.
        source: async_nats::ConnectError,
    },
    /// NATS did not answer in time.
    #[error("NATS did not answer {op} within {after:?}")]
    Timeout {
        /// What was asked.
        op: &'static str,
        /// How long we waited.
        after: Duration,
    },
    /// NATS answered an operation with an error.
    #[error("NATS {op}: {source}")]
    Nats {
        /// What was asked.
        op: &'static str,
        /// The client's error.
        source: async_nats::Error,
    },
    /// A stored value is not the JSON this crate writes.
    #[error("bad value for {key:?} in bucket {bucket}: {source}")]
    BadValue {
        /// The bucket read.
        bucket: String,
        /// The key read.
        key: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// The lease on the room is no longer ours (taken over, expired or released).
    #[error("lease on room {room} lost")]
    LeaseLost {
        /// The room.
        room: String,
    },
}

/// The crate's result type.
pub type Result<T, E = ClusterError> = std::result::Result<T, E>;

impl ClusterError {
    /// Wraps a client error for operation `op`.
    pub(crate) fn nats(op: &'static str, source: impl Into<async_nats::Error>) -> Self {
        Self::Nats {
            op,
            source: source.into(),
        }
    }
}

/// Runs `fut` with a deadline, turning a timeout into [`ClusterError::Timeout`].
pub(crate) async fn within<T>(
    op: &'static str,
    after: Duration,
    fut: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    tokio::time::timeout(after, fut)
        .await
        .unwrap_or(Err(ClusterError::Timeout { op, after }))
}
