//! The node registry: each node renews its own entry every second; every node watches all
//! entries to keep a local view of who is live.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use async_nats::jetstream::kv;
use futures_util::StreamExt;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::cluster::{RENEW_EVERY, REQUEST_TIMEOUT};
use crate::error::{within, ClusterError, Result};
use crate::node::{NodeId, NodeInfo, NodeLoad};
use crate::outage::Outage;
use crate::view::{self, Liveness, Members};

/// This node's membership in the cluster and its view of the other live nodes.
///
/// [`leave`](Self::leave) deregisters at once. Dropping it without leaving stops renewing, like a
/// crash: the entry expires within the TTL.
#[derive(Debug)]
pub struct Registry {
    shared: Arc<Shared>,
    members: watch::Receiver<Members>,
    renewer: JoinHandle<()>,
    watcher: JoinHandle<()>,
}

/// What the registry's tasks share.
#[derive(Debug)]
struct Shared {
    bucket: kv::Store,
    /// Our entry as the next renewal writes it.
    info: Mutex<NodeInfo>,
}

impl Shared {
    /// Writes our entry once.
    async fn put(&self) -> Result<()> {
        let info = self
            .info
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let value = serde_json::to_vec(&info).map_err(|source| ClusterError::BadValue {
            bucket: self.bucket.name.clone(),
            key: info.id.to_string(),
            source,
        })?;
        within("node renewal", REQUEST_TIMEOUT, async {
            self.bucket
                .put(info.id.as_str(), value.into())
                .await
                .map(drop)
                .map_err(|err| ClusterError::nats("node renewal", err))
        })
        .await
    }

    fn id(&self) -> NodeId {
        self.info
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .id
            .clone()
    }
}

impl Registry {
    /// Writes `info` (failing if NATS does not take it), then renews it every second and watches
    /// the bucket.
    pub(crate) async fn join(
        client: async_nats::Client,
        bucket: kv::Store,
        info: NodeInfo,
    ) -> Result<Self> {
        let own = info.id.clone();
        let shared = Arc::new(Shared {
            bucket,
            info: Mutex::new(info),
        });
        shared.put().await?;
        let (tx, members) = watch::channel(Members::new());
        let renewer = tokio::spawn(renew(shared.clone()));
        let watcher = tokio::spawn(keep_view(client, shared.bucket.clone(), own, tx));
        Ok(Self {
            shared,
            members,
            renewer,
            watcher,
        })
    }

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.shared.id()
    }

    /// Sets the load the next renewal reports.
    pub fn set_load(&self, load: NodeLoad) {
        self.shared
            .info
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .load = load;
    }

    /// The live nodes (this one included once its entry came back through the feed), by id.
    pub fn nodes(&self) -> Vec<NodeInfo> {
        self.members.borrow().values().cloned().collect()
    }

    /// The live node `id`, if any.
    pub fn node(&self, id: &NodeId) -> Option<NodeInfo> {
        self.members.borrow().get(id).cloned()
    }

    /// The live node new rooms should go to: fewest peers, then fewest rooms, then smallest id.
    pub fn least_loaded(&self) -> Option<NodeInfo> {
        view::least_loaded(&self.members.borrow()).cloned()
    }

    /// A watch that changes when a node joins or leaves (not on load updates; its value always
    /// holds the latest entries).
    pub fn membership(&self) -> watch::Receiver<Members> {
        self.members.clone()
    }

    /// Stops renewing and deletes this node's entry, so the others drop it at once.
    pub async fn leave(self) -> Result<()> {
        self.renewer.abort();
        let id = self.shared.id();
        let deleted = within("node leave", REQUEST_TIMEOUT, async {
            self.shared
                .bucket
                .delete(id.as_str())
                .await
                .map_err(|err| ClusterError::nats("node leave", err))
        })
        .await;
        self.watcher.abort();
        deleted
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.renewer.abort();
        self.watcher.abort();
    }
}

/// Renews our entry every second, forever; failures are logged once per outage.
async fn renew(shared: Arc<Shared>) {
    let mut outage = Outage::new("node registry renewal");
    let mut tick = tokio::time::interval(RENEW_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await; // the first tick is immediate; `join` already wrote the entry
    loop {
        tick.tick().await;
        outage.record(shared.put().await);
    }
}

/// Keeps `tx` up to date from the bucket's change feed, re-creating the watcher whenever it
/// ends, fails or falls silent.
async fn keep_view(
    client: async_nats::Client,
    bucket: kv::Store,
    own: NodeId,
    tx: watch::Sender<Members>,
) {
    let mut liveness = Liveness::new(own);
    let mut outage = Outage::new("node registry watch");
    let mut sweep = tokio::time::interval(view::SWEEP_EVERY);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let watch = within("watch nodes", REQUEST_TIMEOUT, async {
            bucket
                .watch_all()
                .await
                .map_err(|err| ClusterError::nats("watch nodes", err))
        })
        .await;
        let mut watch = match watch {
            Ok(watch) => {
                outage.record(Ok(()));
                watch
            }
            Err(err) => {
                outage.record(Err(err));
                // Keep ageing (it freezes by itself while our renewals are missing).
                tx.send_if_modified(|m| liveness.sweep(m, Instant::now(), connected(&client)));
                tokio::time::sleep(view::SWEEP_EVERY * 2).await;
                continue;
            }
        };
        let mut last_event = Instant::now();
        loop {
            tokio::select! {
                entry = watch.next() => match entry {
                    Some(Ok(entry)) => {
                        last_event = Instant::now();
                        apply(&tx, &mut liveness, entry, last_event);
                    }
                    Some(Err(err)) => {
                        outage.record(Err(ClusterError::nats("watch nodes", err)));
                        break;
                    }
                    None => break,
                },
                _ = sweep.tick() => {
                    let now = Instant::now();
                    tx.send_if_modified(|m| liveness.sweep(m, now, connected(&client)));
                    if now.duration_since(last_event) >= view::FEED_SILENT_AFTER {
                        tracing::debug!("node registry feed silent; re-creating the watcher");
                        break;
                    }
                }
            }
        }
    }
}

/// Whether the client is connected to NATS now.
fn connected(client: &async_nats::Client) -> bool {
    client.connection_state() == async_nats::connection::State::Connected
}

/// Applies one change from the feed to the view.
fn apply(tx: &watch::Sender<Members>, liveness: &mut Liveness, entry: kv::Entry, now: Instant) {
    match entry.operation {
        kv::Operation::Put => match serde_json::from_slice::<NodeInfo>(&entry.value) {
            Ok(info) if info.id.as_str() == entry.key => {
                tx.send_if_modified(|m| liveness.put(m, info, now));
            }
            Ok(info) => {
                tracing::warn!(key = %entry.key, id = %info.id, "node entry under another id; ignored");
            }
            Err(err) => tracing::warn!(key = %entry.key, %err, "unreadable node entry; ignored"),
        },
        kv::Operation::Delete | kv::Operation::Purge => {
            if let Ok(id) = NodeId::new(entry.key) {
                tx.send_if_modified(|m| liveness.delete(m, &id));
            }
        }
    }
}
