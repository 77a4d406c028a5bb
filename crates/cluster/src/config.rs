//! Where the cluster's NATS is and how its buckets and subjects are named.

use crate::error::{ClusterError, Result};

/// The prefix used when none is configured.
pub const DEFAULT_PREFIX: &str = "stoa";

/// How to reach NATS and the namespace every bucket and subject of this cluster lives in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterConfig {
    /// NATS server URL(s), e.g. `nats://127.0.0.1:4222` (comma-separated for several).
    pub nats_url: String,
    /// Namespace for buckets (`{prefix}_nodes`, `{prefix}_leases`) and subjects (`{prefix}.…`):
    /// letters, digits, `_` and `-`. Tests use unique prefixes to run side by side.
    pub prefix: String,
}

impl ClusterConfig {
    /// A configuration for `nats_url` with the default prefix.
    pub fn new(nats_url: impl Into<String>) -> Self {
        Self {
            nats_url: nats_url.into(),
            prefix: DEFAULT_PREFIX.to_owned(),
        }
    }

    /// The same configuration with another prefix.
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Checks the prefix can name buckets and subject tokens.
    pub fn validate(&self) -> Result<()> {
        if is_token(&self.prefix) {
            Ok(())
        } else {
            Err(ClusterError::InvalidPrefix(self.prefix.clone()))
        }
    }

    /// The name of the key-value bucket `name` in this cluster's namespace.
    pub fn bucket(&self, name: &str) -> String {
        format!("{}_{name}", self.prefix)
    }

    /// A subject in this cluster's namespace: `{prefix}.{rest}`.
    pub fn subject(&self, rest: &str) -> String {
        format!("{}.{rest}", self.prefix)
    }
}

/// Whether `s` is non-empty and only letters, digits, `_` and `-`: valid as a bucket name, a
/// key-value key and a subject token alike.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_live_under_the_prefix() {
        let config = ClusterConfig::new("nats://127.0.0.1:4222").with_prefix("t1");
        assert_eq!(config.bucket("nodes"), "t1_nodes");
        assert_eq!(config.subject("room.r1"), "t1.room.r1");
        assert!(config.validate().is_ok());
        assert_eq!(ClusterConfig::new("x").prefix, DEFAULT_PREFIX);
    }

    #[test]
    fn prefixes_that_cannot_name_a_bucket_are_refused() {
        for bad in ["", "a.b", "a b", "a*", "a>", "ü"] {
            let config = ClusterConfig::new("x").with_prefix(bad);
            assert!(config.validate().is_err(), "{bad:?}");
        }
    }
}
