//! Coalescing of plain audience changes.
//!
//! A listener joining, reconnecting or leaving the hand-down audience changes nothing anyone
//! acts on, but in a big room there are many of them: sending each to every member makes a
//! room's joins cost O(N²) messages. Such updates wait up to [`BATCH_DELAY`] and go out together
//! as one `participants_updated`; any other room message flushes the batch first, so clients
//! always see changes in order.

use std::collections::BTreeSet;

use stoa_proto::UserId;
use tokio::time::{Duration, Instant};

/// Longest time a plain audience change waits before it is sent.
pub(crate) const BATCH_DELAY: Duration = Duration::from_millis(100);

/// Participants whose update is waiting, and when the batch is due.
#[derive(Debug, Default)]
pub(crate) struct UpdateBatch {
    pending: BTreeSet<UserId>,
    due: Option<Instant>,
}

impl UpdateBatch {
    /// Adds `user` to the batch; the first addition sets the due time.
    pub fn defer(&mut self, user: UserId, now: Instant) {
        self.pending.insert(user);
        self.due.get_or_insert(now + BATCH_DELAY);
    }

    /// When the batch must be sent, if anything waits.
    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// Takes the waiting users (in id order) and clears the due time.
    pub fn take(&mut self) -> Vec<UserId> {
        self.due = None;
        std::mem::take(&mut self.pending).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_deferral_sets_the_deadline_and_take_clears_it() {
        let mut batch = UpdateBatch::default();
        assert_eq!(batch.due(), None);
        let t0 = Instant::now();
        batch.defer(UserId(2), t0);
        batch.defer(UserId(1), t0 + Duration::from_millis(50));
        batch.defer(UserId(2), t0 + Duration::from_millis(60));
        assert_eq!(batch.due(), Some(t0 + BATCH_DELAY));
        assert_eq!(batch.take(), vec![UserId(1), UserId(2)]);
        assert_eq!(batch.due(), None);
        assert!(batch.take().is_empty());
    }
}
