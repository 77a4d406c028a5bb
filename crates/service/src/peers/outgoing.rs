//! Publishing to the other nodes without waiting: callers (often holding a lock, like
//! [`Online`](crate::online)) queue an envelope, one task hands the queue to NATS in order.
//!
//! The queue is bounded: while NATS is away and its client's own buffer is full, what does not
//! fit is dropped (logged once per outage). Nothing dropped is lost for good: notifications are
//! stored, presence is resent whole in the next snapshot, close orders are also checked against
//! the store by a lagging connection.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc;

use super::wire::{Body, Envelope};
use super::PeersConfig;

/// Envelopes waiting for NATS at most.
const QUEUE: usize = 8192;

/// The sending half: queues envelopes for the publisher task. Clone it freely.
#[derive(Clone)]
pub(crate) struct Outgoing {
    node: Arc<str>,
    prefix: Arc<str>,
    tx: mpsc::Sender<(String, Vec<u8>)>,
    /// Set while envelopes are being dropped (so the outage is logged once).
    dropping: Arc<AtomicBool>,
}

impl Outgoing {
    /// Queues `body` for every other node.
    pub(crate) fn publish(&self, body: Body) {
        let subject = body.subject(&self.prefix, &self.node);
        let envelope = Envelope {
            from: self.node.to_string(),
            body,
        };
        let payload = match serde_json::to_vec(&envelope) {
            Ok(payload) => payload,
            Err(err) => {
                tracing::warn!(%err, "cannot encode a message for other nodes");
                return;
            }
        };
        match self.tx.try_send((subject, payload)) {
            Ok(()) => self.dropping.store(false, Ordering::Relaxed),
            Err(mpsc::error::TrySendError::Full(_)) => {
                if !self.dropping.swap(true, Ordering::Relaxed) {
                    tracing::warn!("NATS is not keeping up: dropping messages for other nodes");
                }
            }
            // The service is stopping.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }
}

/// Starts the publisher task; it ends when the service stops.
pub(crate) fn start(
    client: async_nats::Client,
    config: &PeersConfig,
    background: &crate::Background,
) -> Outgoing {
    let (tx, mut rx) = mpsc::channel::<(String, Vec<u8>)>(QUEUE);
    background.spawn_until_stopped("cluster publisher", async move {
        while let Some((subject, payload)) = rx.recv().await {
            if let Err(err) = client.publish(subject, payload.into()).await {
                tracing::debug!(%err, "publish to other nodes failed");
            }
        }
    });
    Outgoing {
        node: config.node_id.as_str().into(),
        prefix: config.prefix.as_str().into(),
        tx,
        dropping: Arc::default(),
    }
}
