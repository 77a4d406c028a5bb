//! Failed sign-ins per account, whatever the client's address: a password guesser spreading
//! over many addresses still gets [`AccountFailures`]'s budget per username per window.
//!
//! A fixed window per username starts at its first failure; once the budget is spent, every
//! sign-in to that username (even with the right password) is refused until the window ends.
//! A successful sign-in clears the count. Usernames are keyed lowercased (sign-in ignores case)
//! and cut to [`MAX_KEY_CHARS`]; the table forgets ended windows when it grows past
//! [`MAX_TRACKED`].

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a username's failures count.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Characters of a username that make its key (usernames have at most 30).
const MAX_KEY_CHARS: usize = 64;
/// Usernames tracked before ended windows are forgotten.
const MAX_TRACKED: usize = 100_000;

/// Failed sign-ins per username.
pub struct AccountFailures {
    max: u32,
    window: Duration,
    entries: Mutex<HashMap<String, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

fn key(username: &str) -> String {
    username
        .trim()
        .chars()
        .take(MAX_KEY_CHARS)
        .flat_map(char::to_lowercase)
        .collect()
}

impl AccountFailures {
    /// At most `max` (at least 1) failures per username per `window`.
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max: max.max(1),
            window,
            entries: Mutex::default(),
        }
    }

    /// How long sign-ins to `username` stay refused, if they are.
    pub fn blocked_for(&self, username: &str, now: Instant) -> Option<Duration> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let window = entries.get(&key(username))?;
        let elapsed = now.saturating_duration_since(window.started);
        (window.failures >= self.max && elapsed < self.window).then(|| self.window - elapsed)
    }

    /// Counts a failed sign-in to `username` at `now`.
    pub fn record_failure(&self, username: &str, now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_TRACKED {
            let window = self.window;
            entries.retain(|_, w| now.saturating_duration_since(w.started) < window);
        }
        let entry = entries.entry(key(username)).or_insert(Window {
            started: now,
            failures: 0,
        });
        if now.saturating_duration_since(entry.started) >= self.window {
            *entry = Window {
                started: now,
                failures: 0,
            };
        }
        entry.failures = entry.failures.saturating_add(1);
    }

    /// Forgets `username`'s failures (after a successful sign-in).
    pub fn clear(&self, username: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.remove(&key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_per_username_ignoring_case_and_ends_with_its_window() {
        let failures = AccountFailures::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(failures.blocked_for("ada", t0), None, "attempt {i}");
            failures.record_failure(if i == 1 { "ADA" } else { "ada" }, t0);
        }
        assert_eq!(
            failures.blocked_for(" Ada ", t0 + Duration::from_secs(10)),
            Some(Duration::from_secs(50))
        );
        assert_eq!(failures.blocked_for("bob", t0), None);
        assert_eq!(
            failures.blocked_for("ada", t0 + Duration::from_secs(60)),
            None
        );
        // A new window starts with the next failure.
        failures.record_failure("ada", t0 + Duration::from_secs(61));
        assert_eq!(
            failures.blocked_for("ada", t0 + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn a_success_clears_the_count() {
        let failures = AccountFailures::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        failures.record_failure("ada", t0);
        failures.clear("ada");
        failures.record_failure("ada", t0);
        assert_eq!(failures.blocked_for("ada", t0), None);
    }
}
