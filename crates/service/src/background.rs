//! Background tasks with one lifetime. Every long-lived task the service (and the server's
//! start-up) runs is spawned through one [`Background`]: a [`TaskTracker`] that knows it, and
//! one [`CancellationToken`] that tells it the server is stopping. [`Background::shutdown`]
//! cancels the token, closes the tracker and waits for the tasks, bounded, naming in the log
//! those that did not stop.
//!
//! Two kinds of task:
//! - loops that run until the server stops ([`Background::spawn_until_stopped`],
//!   [`Background::spawn_until`] for a narrower token such as one room's): dropped at their next
//!   await once their token is cancelled (the event scheduler, the SFU event router, timers,
//!   listeners);
//! - work that ends by itself and must not be cut short ([`Background::spawn`]): a room's task
//!   and its write queue (they stop on the token themselves, after draining), notifications
//!   being written. Shutdown waits for them.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The service's background tasks and their stop signal. Clone it freely: clones share both.
#[derive(Clone, Default)]
pub struct Background {
    token: CancellationToken,
    tracker: TaskTracker,
    running: Arc<Running>,
}

/// How many tasks of each name are running (for the log when some do not stop).
#[derive(Default)]
struct Running(Mutex<BTreeMap<&'static str, usize>>);

impl Running {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<&'static str, usize>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Counts one running task of a name while it lives.
struct Named {
    running: Arc<Running>,
    name: &'static str,
}

impl Named {
    fn start(running: &Arc<Running>, name: &'static str) -> Named {
        *running.lock().entry(name).or_default() += 1;
        Named {
            running: running.clone(),
            name,
        }
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let mut running = self.running.lock();
        if let Some(count) = running.get_mut(self.name) {
            *count -= 1;
            if *count == 0 {
                running.remove(self.name);
            }
        }
    }
}

impl Background {
    /// A new set of tasks, none running, not stopping.
    pub fn new() -> Background {
        Background::default()
    }

    /// Runs `task` to its end; shutdown waits for it. `name` says what it is in the log.
    pub fn spawn<F>(&self, name: &'static str, task: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let named = Named::start(&self.running, name);
        self.tracker.spawn(async move {
            let _named = named;
            task.await
        })
    }

    /// Runs `task` until it ends or the server stops (then it is dropped at its next await).
    pub fn spawn_until_stopped<F>(&self, name: &'static str, task: F) -> JoinHandle<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.spawn_until(name, self.token.clone(), task)
    }

    /// Runs `task` until it ends or `token` is cancelled (a child of [`Self::token`], e.g. one
    /// room's lifetime, so the server's stop ends it too).
    pub fn spawn_until<F>(
        &self,
        name: &'static str,
        token: CancellationToken,
        task: F,
    ) -> JoinHandle<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.spawn(name, async move {
            token.run_until_cancelled_owned(task).await;
        })
    }

    /// The stop signal: cancelled when shutdown starts. Tasks that must finish something
    /// first (a room draining its writes) watch it themselves.
    pub fn token(&self) -> &CancellationToken {
        &self.token
    }

    /// The tracker, for tasks spawned by crates below the service (the SFU's driver).
    pub fn tracker(&self) -> &TaskTracker {
        &self.tracker
    }

    /// Whether shutdown has started.
    pub fn is_stopping(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Tasks still running.
    pub fn len(&self) -> usize {
        self.tracker.len()
    }

    /// Whether no task is running.
    pub fn is_empty(&self) -> bool {
        self.tracker.is_empty()
    }

    /// Whether shutdown closed the tracker (tasks may still be finishing).
    pub fn is_closed(&self) -> bool {
        self.tracker.is_closed()
    }

    /// Stops everything: cancels the token, closes the tracker and waits up to `within` for
    /// every task to end. Returns whether they all did; if not, logs which are still running.
    pub async fn shutdown(&self, within: Duration) -> bool {
        self.token.cancel();
        self.tracker.close();
        if tokio::time::timeout(within, self.tracker.wait())
            .await
            .is_ok()
        {
            return true;
        }
        let named = self.running.lock().clone();
        tracing::warn!(
            running = self.tracker.len(),
            ?named,
            "background tasks did not stop within {within:?}"
        );
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn shutdown_stops_loops_and_waits_for_work_in_progress() {
        let background = Background::new();
        background.spawn_until_stopped("forever", std::future::pending());
        let (finish, finished) = tokio::sync::oneshot::channel::<()>();
        let (done_tx, mut done) = tokio::sync::oneshot::channel();
        // Work that watches the token and finishes something first.
        let token = background.token().clone();
        background.spawn("drains", async move {
            token.cancelled().await;
            let _ = finished.await;
            let _ = done_tx.send(());
        });
        assert_eq!(background.len(), 2);

        let stopping = background.clone();
        let shutdown =
            tokio::spawn(async move { stopping.shutdown(Duration::from_secs(30)).await });
        background.token().cancelled().await;
        assert!(done.try_recv().is_err(), "still draining");
        let _ = finish.send(());
        assert!(shutdown.await.expect("shutdown ran"), "all stopped in time");
        assert!(
            done.try_recv().is_ok(),
            "the drain finished before shutdown returned"
        );
        assert!(background.is_closed() && background.is_empty());
        assert!(background.running.lock().is_empty());
    }

    #[tokio::test]
    async fn shutdown_names_tasks_that_do_not_stop_and_gives_up() {
        let background = Background::new();
        background.spawn("stubborn", std::future::pending::<()>());
        assert!(!background.shutdown(Duration::from_millis(10)).await);
        assert_eq!(background.running.lock().get("stubborn"), Some(&1));
        assert_eq!(background.len(), 1);
    }

    #[tokio::test]
    async fn a_narrower_token_ends_its_tasks_and_the_stop_signal_ends_it() {
        let background = Background::new();
        let room = background.token().child_token();
        let timer = background.spawn_until("timer", room.clone(), std::future::pending());
        room.cancel();
        timer.await.expect("ended");
        let other = background.token().child_token();
        let timer = background.spawn_until("timer", other, std::future::pending());
        assert!(background.shutdown(Duration::from_secs(30)).await);
        assert!(timer.is_finished());
    }
}
