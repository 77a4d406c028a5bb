//! Time as the service sees it: the system clock in production, a manual clock in tests so
//! grace periods and event start times are driven without sleeping.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

/// The service's clock. Clone it freely; every clone shares the same time.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// Wall-clock time and tokio timers.
    #[default]
    System,
    /// Time that moves only when a test calls [`ManualClock::advance`].
    Manual(Arc<ManualClock>),
}

impl Clock {
    /// A manual clock starting at `start`, and the handle that moves it.
    pub fn manual(start: DateTime<Utc>) -> (Clock, Arc<ManualClock>) {
        let manual = Arc::new(ManualClock::new(start));
        (Clock::Manual(manual.clone()), manual)
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Manual(manual) => manual.now(),
        }
    }

    /// Waits `duration` of this clock's time, counted from this call (not from the first poll).
    pub fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static {
        let deadline = match self {
            Clock::System => Deadline::System(tokio::time::Instant::now() + duration),
            Clock::Manual(manual) => Deadline::Manual(
                manual.clone(),
                manual.now() + chrono::Duration::from_std(duration).unwrap_or_default(),
            ),
        };
        async move {
            match deadline {
                Deadline::System(at) => tokio::time::sleep_until(at).await,
                Deadline::Manual(manual, at) => manual.wait_until(at).await,
            }
        }
    }

    /// Waits until this clock reads `at` or later (at once when that is past).
    pub async fn sleep_until(&self, at: DateTime<Utc>) {
        match self {
            Clock::System => {
                let left = (at - Utc::now()).to_std().unwrap_or_default();
                tokio::time::sleep(left).await;
            }
            Clock::Manual(manual) => manual.wait_until(at).await,
        }
    }
}

/// A deadline fixed when a sleep was asked for.
enum Deadline {
    System(tokio::time::Instant),
    Manual(Arc<ManualClock>, DateTime<Utc>),
}

/// A clock for tests: reads a stored time; sleepers wake when [`advance`](Self::advance) passes
/// their deadline.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
    moved: watch::Sender<DateTime<Utc>>,
    /// The deadlines of sleepers that have not returned yet.
    sleepers: Mutex<Vec<DateTime<Utc>>>,
    /// Told whenever a sleeper returns (or is dropped).
    left: tokio::sync::Notify,
}

/// Takes a sleeper's deadline off the list when it returns or is dropped.
struct Sleeper<'a> {
    clock: &'a ManualClock,
    at: DateTime<Utc>,
}

impl Drop for Sleeper<'_> {
    fn drop(&mut self) {
        let mut sleepers = self.clock.sleepers.lock().expect("clock lock");
        if let Some(i) = sleepers.iter().position(|d| *d == self.at) {
            sleepers.swap_remove(i);
        }
        drop(sleepers);
        self.clock.left.notify_waiters();
    }
}

impl ManualClock {
    fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(start),
            moved: watch::Sender::new(start),
            sleepers: Mutex::new(Vec::new()),
            left: tokio::sync::Notify::new(),
        }
    }

    /// Resolves once every sleeper whose deadline has passed has returned, i.e. the tasks that
    /// [`advance`](Self::advance) woke went on past their sleep (what they do next in the same
    /// step, e.g. sending a message, is done too). Lets a test wait on that instead of on time.
    pub async fn woken(&self) {
        loop {
            let left = self.left.notified();
            let mut left = std::pin::pin!(left);
            left.as_mut().enable();
            let now = self.now();
            let due = self
                .sleepers
                .lock()
                .expect("clock lock")
                .iter()
                .any(|at| *at <= now);
            if !due {
                return;
            }
            left.await;
        }
    }

    /// The time now.
    pub fn now(&self) -> DateTime<Utc> {
        *self.now.lock().expect("clock lock")
    }

    /// Moves time forward by `by`, waking every sleeper whose deadline passed.
    pub fn advance(&self, by: Duration) {
        let now = {
            let mut now = self.now.lock().expect("clock lock");
            *now += chrono::Duration::from_std(by).unwrap_or_default();
            *now
        };
        self.moved.send_replace(now);
    }

    async fn wait_until(&self, at: DateTime<Utc>) {
        self.sleepers.lock().expect("clock lock").push(at);
        let _sleeper = Sleeper { clock: self, at };
        let mut moved = self.moved.subscribe();
        loop {
            if self.now() >= at {
                return;
            }
            if moved.changed().await.is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn manual_sleepers_wake_only_when_time_passes_their_deadline() {
        let (clock, manual) = Clock::manual(Utc::now());
        let start = clock.now();
        let sleeper = tokio::spawn(clock.sleep(Duration::from_secs(30)));
        manual.advance(Duration::from_secs(29));
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!sleeper.is_finished(), "woke before its deadline");
        manual.advance(Duration::from_secs(1));
        tokio::time::timeout(Duration::from_secs(5), sleeper)
            .await
            .expect("woke after its deadline")
            .expect("sleeper ran");
        assert_eq!(clock.now() - start, chrono::Duration::seconds(30));
    }

    #[tokio::test]
    async fn woken_waits_for_the_sleepers_that_advance_woke() {
        let (clock, manual) = Clock::manual(Utc::now());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        for secs in [10, 20] {
            let (sleep, tx) = (clock.sleep(Duration::from_secs(secs)), tx.clone());
            tokio::spawn(async move {
                sleep.await;
                let _ = tx.send(secs);
            });
        }
        tokio::task::yield_now().await;
        manual.advance(Duration::from_secs(10));
        tokio::time::timeout(Duration::from_secs(5), manual.woken())
            .await
            .expect("the 10 s sleeper returned");
        assert_eq!(rx.try_recv(), Ok(10));
        assert!(rx.try_recv().is_err(), "the 20 s sleeper still sleeps");
    }
}
