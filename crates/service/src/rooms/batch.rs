//! Coalescing of plain audience changes.
//!
//! A listener joining, reconnecting or leaving the hand-down audience changes nothing anyone
//! acts on, but in a big room there are many of them: sending each to every member makes a
//! room's joins cost O(N²) messages. Such updates wait up to [`BATCH_DELAY`] and go out together
//! as one `participants_updated`; any other room message flushes the batch first, so clients
//! always see changes in order. In rooms of more than [`MEMBERS_PER_STEP`] members the wait grows
//! with the room ([`batch_delay`]), so a room sends at most ~10,000 such frames a second however
//! big it is (each batch goes to every member).

use std::collections::BTreeSet;

use stoa_proto::UserId;
use tokio::time::{Duration, Instant};

/// Longest time a plain audience change waits before it is sent, in rooms of up to
/// [`MEMBERS_PER_STEP`] members.
pub(crate) const BATCH_DELAY: Duration = Duration::from_millis(100);
/// Each this many members add [`BATCH_DELAY`] to the wait.
pub(crate) const MEMBERS_PER_STEP: usize = 1000;
/// The wait never exceeds this.
pub(crate) const MAX_BATCH_DELAY: Duration = Duration::from_secs(1);

/// How long plain audience changes wait in a room of `members`.
pub(crate) fn batch_delay(members: usize) -> Duration {
    let steps = (members / MEMBERS_PER_STEP).max(1) as u32;
    (BATCH_DELAY * steps).min(MAX_BATCH_DELAY)
}

/// Participants whose update is waiting, and when the batch is due.
#[derive(Debug, Default)]
pub(crate) struct UpdateBatch {
    pending: BTreeSet<UserId>,
    due: Option<Instant>,
}

impl UpdateBatch {
    /// Adds `user` to the batch; the first addition sets the due time, `delay` from `now`.
    pub fn defer(&mut self, user: UserId, now: Instant, delay: Duration) {
        self.pending.insert(user);
        self.due.get_or_insert(now + delay);
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
        batch.defer(UserId(2), t0, BATCH_DELAY);
        batch.defer(UserId(1), t0 + Duration::from_millis(50), BATCH_DELAY);
        batch.defer(UserId(2), t0 + Duration::from_millis(60), BATCH_DELAY);
        assert_eq!(batch.due(), Some(t0 + BATCH_DELAY));
        assert_eq!(batch.take(), vec![UserId(1), UserId(2)]);
        assert_eq!(batch.due(), None);
        assert!(batch.take().is_empty());
    }

    #[test]
    fn the_wait_grows_with_the_room_up_to_a_second() {
        assert_eq!(batch_delay(1), BATCH_DELAY);
        assert_eq!(batch_delay(999), BATCH_DELAY);
        assert_eq!(batch_delay(1000), BATCH_DELAY);
        assert_eq!(batch_delay(3500), BATCH_DELAY * 3);
        assert_eq!(batch_delay(5000), BATCH_DELAY * 5);
        assert_eq!(batch_delay(1_000_000), MAX_BATCH_DELAY);
    }
}
