//! Keeping a lease alive, and saying the moment it is lost.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::cluster::{ENTRY_TTL, RENEW_EVERY, REQUEST_TIMEOUT};
use crate::error::{ClusterError, Result};
use crate::lease::{Lease, Leases};
use crate::outage::Outage;

/// A lease not renewed for this long counts as lost: it expires on the server [`ENTRY_TTL`]
/// after its last write, and another node may claim it then.
pub const LOST_AFTER: Duration = Duration::from_millis(2500);
const _: () = assert!(LOST_AFTER.as_millis() < ENTRY_TTL.as_millis());
/// How soon a failed renewal is retried.
const RETRY_EVERY: Duration = Duration::from_millis(250);

/// Why a lease ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LostReason {
    /// The key's revision moved or the key is gone: another node may own the room now.
    Taken,
    /// No renewal succeeded for [`LOST_AFTER`] (NATS unreachable): the lease may have expired.
    Unreachable,
    /// Released or dropped by its owner.
    Released,
}

/// Renews a lease every second with a compare-and-set on the key's revision. When a renewal
/// finds the lease gone, or none succeeds for [`LOST_AFTER`], the lease is lost: the keeper
/// reports it ([`lost`](Self::lost)) and stops, and the owner must stop acting for the room at
/// once. Dropping the keeper stops renewing (the lease then expires).
#[derive(Debug)]
pub struct LeaseKeeper {
    leases: Leases,
    lease: Lease,
    revision: Arc<AtomicU64>,
    lost: watch::Receiver<Option<LostReason>>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl LeaseKeeper {
    pub(crate) fn start(leases: Leases, lease: Lease) -> Self {
        let revision = Arc::new(AtomicU64::new(lease.revision));
        let (lost_tx, lost) = watch::channel(None);
        let (stop, stop_rx) = oneshot::channel();
        let task = tokio::spawn(renew(
            leases.clone(),
            lease.clone(),
            revision.clone(),
            lost_tx,
            stop_rx,
        ));
        Self {
            leases,
            lease,
            revision,
            lost,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The lease kept.
    pub fn lease(&self) -> &Lease {
        &self.lease
    }

    /// The lease's epoch (fencing token).
    pub fn epoch(&self) -> u64 {
        self.lease.epoch
    }

    /// The revision of the last successful renewal.
    pub fn revision(&self) -> u64 {
        self.revision.load(Ordering::Acquire)
    }

    /// Why the lease ended, or `None` while it is held.
    pub fn lost_reason(&self) -> Option<LostReason> {
        *self.lost.borrow()
    }

    /// Resolves when the lease is lost (or the keeper stops).
    pub fn lost(&self) -> impl Future<Output = LostReason> + Send + 'static {
        let mut lost = self.lost.clone();
        async move {
            match lost.wait_for(Option::is_some).await {
                Ok(reason) => reason.unwrap_or(LostReason::Released),
                Err(_) => LostReason::Released,
            }
        }
    }

    /// A watch holding `Some(reason)` once the lease is lost.
    pub fn watch(&self) -> watch::Receiver<Option<LostReason>> {
        self.lost.clone()
    }

    /// Stops renewing and deletes the key if the lease is still ours. Returns whether it was.
    pub async fn release(mut self) -> Result<bool> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // It finishes the renewal in flight, if any, so the delete sees the last revision.
            let _ = tokio::time::timeout(REQUEST_TIMEOUT * 2, task).await;
        }
        self.leases.release(&self.lease).await
    }
}

impl Drop for LeaseKeeper {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The renewal loop: until stopped or lost.
async fn renew(
    leases: Leases,
    lease: Lease,
    revision: Arc<AtomicU64>,
    lost: watch::Sender<Option<LostReason>>,
    mut stop: oneshot::Receiver<()>,
) {
    let mut outage = Outage::new("room lease renewal");
    // When the last successful write was sent; the server's TTL started after that.
    let mut renewed_at = Instant::from_std(lease.sent_at);
    // Renew at once: that writes the epoch into the value and checks the lease is still ours.
    let mut next = Instant::now();
    let reason = loop {
        tokio::select! {
            () = tokio::time::sleep_until(next) => {}
            _ = &mut stop => break LostReason::Released,
        }
        let now = Instant::now();
        let deadline = renewed_at + LOST_AFTER;
        if now >= deadline {
            break LostReason::Unreachable;
        }
        let attempt = tokio::time::timeout(
            deadline - now,
            leases.renew(&lease, revision.load(Ordering::Acquire)),
        )
        .await;
        match attempt {
            Ok(Ok(new)) => {
                revision.store(new, Ordering::Release);
                renewed_at = now;
                outage.record(Ok(()));
                next = now + RENEW_EVERY;
            }
            Ok(Err(ClusterError::LeaseLost { .. })) => break LostReason::Taken,
            Ok(Err(err)) => {
                outage.record(Err(err));
                next = Instant::now() + RETRY_EVERY;
            }
            // Past the deadline: the next turn reports it.
            Err(_) => next = Instant::now(),
        }
    };
    match reason {
        LostReason::Released => {}
        reason => {
            tracing::warn!(room = %lease.room, epoch = lease.epoch, ?reason, "room lease lost");
        }
    }
    lost.send_replace(Some(reason));
}
