//! Logging a failing background operation once per outage instead of on every retry.

use crate::error::Result;

/// Tracks whether a repeated operation is currently failing.
#[derive(Debug)]
pub(crate) struct Outage {
    what: &'static str,
    failing: bool,
}

impl Outage {
    /// Tracking for the operation `what`.
    pub(crate) fn new(what: &'static str) -> Self {
        Self {
            what,
            failing: false,
        }
    }

    /// Records one attempt: warns on the first failure, says when it works again.
    pub(crate) fn record(&mut self, result: Result<()>) {
        match (result, self.failing) {
            (Ok(()), true) => {
                self.failing = false;
                tracing::info!(what = self.what, "NATS reachable again");
            }
            (Err(err), false) => {
                self.failing = true;
                tracing::warn!(what = self.what, %err, "NATS unreachable; retrying quietly");
            }
            _ => {}
        }
    }
}
