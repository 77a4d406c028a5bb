//! Room leases: each live room has one origin node, which holds the room's key in the leases
//! bucket. The key's create revision is the lease's epoch, the fencing token.

use std::time::Instant;

use async_nats::jetstream::kv;
use serde::{Deserialize, Serialize};

use crate::cluster::REQUEST_TIMEOUT;
use crate::config::is_token;
use crate::error::{within, ClusterError, Result};
use crate::keeper::LeaseKeeper;
use crate::node::NodeId;

/// A lease this node holds on a room, as [`Leases::claim`] returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The room.
    pub room: String,
    /// The holder: this node.
    pub node: NodeId,
    /// The fencing token: the revision that created the lease. Every later owner of the room has
    /// a greater epoch, so storage can refuse writes carrying an older one.
    pub epoch: u64,
    /// The revision of the claim itself.
    pub(crate) revision: u64,
    /// When the claim was sent: the server's TTL started after this.
    pub(crate) sent_at: Instant,
}

/// Who holds a room's lease, as read from the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseHolder {
    /// The origin node.
    pub node: NodeId,
    /// Its lease's epoch.
    pub epoch: u64,
}

/// The JSON stored under a room's key.
#[derive(Debug, Serialize, Deserialize)]
struct LeaseValue {
    node: NodeId,
    /// The epoch; 0 in the claim itself, written before its revision is known, where the
    /// epoch is that entry's own revision.
    epoch: u64,
}

/// The leases bucket, used as one node.
#[derive(Debug, Clone)]
pub struct Leases {
    bucket: kv::Store,
    node: NodeId,
}

impl Leases {
    pub(crate) fn new(bucket: kv::Store, node: NodeId) -> Self {
        Self { bucket, node }
    }

    /// The node these leases are claimed as.
    pub fn node(&self) -> &NodeId {
        &self.node
    }

    /// Claims `room` if its lease is free (no live holder): `None` if another node (or this
    /// one) holds it. This is what restore-on-start uses, so a restarting node takes only the
    /// rooms nobody serves. Start a [`LeaseKeeper`] with [`keep`](Self::keep) at once: the lease
    /// expires 3 s after the claim unless renewed.
    pub async fn claim(&self, room: &str) -> Result<Option<Lease>> {
        check_room(room)?;
        let value = self.value(0, room)?;
        let sent_at = Instant::now();
        let created = within("lease claim", REQUEST_TIMEOUT, async {
            match self.bucket.create(room, value.into()).await {
                Ok(revision) => Ok(Some(revision)),
                Err(err) if err.kind() == kv::CreateErrorKind::AlreadyExists => Ok(None),
                Err(err) => Err(ClusterError::nats("lease claim", err)),
            }
        })
        .await?;
        Ok(created.map(|revision| Lease {
            room: room.to_owned(),
            node: self.node.clone(),
            epoch: revision,
            revision,
            sent_at,
        }))
    }

    /// Starts renewing `lease` every second; see [`LeaseKeeper`].
    pub fn keep(&self, lease: Lease) -> LeaseKeeper {
        LeaseKeeper::start(self.clone(), lease)
    }

    /// Who holds `room`'s lease now, if anyone.
    pub async fn holder(&self, room: &str) -> Result<Option<LeaseHolder>> {
        check_room(room)?;
        Ok(self.current(room).await?.map(|(holder, _)| holder))
    }

    /// Renews `lease`, whose last write had `revision`, with a compare-and-set; returns the new
    /// revision. Fails with [`ClusterError::LeaseLost`] if the lease is no longer ours (another
    /// node claimed the room, or the key expired or was deleted).
    pub async fn renew(&self, lease: &Lease, revision: u64) -> Result<u64> {
        if lease.node != self.node {
            return Err(lost(lease));
        }
        let value = self.value(lease.epoch, &lease.room)?;
        match self.update(&lease.room, value.clone(), revision).await? {
            Some(revision) => Ok(revision),
            None => {
                // The revision moved. If the value is still ours, an earlier renewal whose
                // answer we missed (timeout) landed after all: carry on from its revision.
                match self.current(&lease.room).await? {
                    Some((holder, current)) if holder_is(&holder, lease) => self
                        .update(&lease.room, value, current)
                        .await?
                        .ok_or_else(|| lost(lease)),
                    _ => Err(lost(lease)),
                }
            }
        }
    }

    /// Gives up `lease` by deleting the room's key, only if the lease is still ours (this node,
    /// same epoch). Returns whether it was deleted; a non-owner's or a stale release does nothing.
    pub async fn release(&self, lease: &Lease) -> Result<bool> {
        if lease.node != self.node {
            return Ok(false);
        }
        let Some((holder, revision)) = self.current(&lease.room).await? else {
            return Ok(false);
        };
        if !holder_is(&holder, lease) {
            return Ok(false);
        }
        within("lease release", REQUEST_TIMEOUT, async {
            match self
                .bucket
                .delete_expect_revision(&lease.room, Some(revision))
                .await
            {
                Ok(()) => Ok(true),
                Err(err) if err.kind() == kv::UpdateErrorKind::WrongLastRevision => Ok(false),
                Err(err) => Err(ClusterError::nats("lease release", err)),
            }
        })
        .await
    }

    /// A compare-and-set write: `None` if the key's revision is not `revision`.
    async fn update(&self, room: &str, value: Vec<u8>, revision: u64) -> Result<Option<u64>> {
        within("lease renewal", REQUEST_TIMEOUT, async {
            match self.bucket.update(room, value.into(), revision).await {
                Ok(revision) => Ok(Some(revision)),
                Err(err) if err.kind() == kv::UpdateErrorKind::WrongLastRevision => Ok(None),
                Err(err) => Err(ClusterError::nats("lease renewal", err)),
            }
        })
        .await
    }

    /// The room's holder and the key's current revision, if the lease is held.
    async fn current(&self, room: &str) -> Result<Option<(LeaseHolder, u64)>> {
        let entry = within("lease read", REQUEST_TIMEOUT, async {
            self.bucket
                .entry(room)
                .await
                .map_err(|err| ClusterError::nats("lease read", err))
        })
        .await?;
        let Some(entry) = entry.filter(|e| e.operation == kv::Operation::Put) else {
            return Ok(None);
        };
        let value: LeaseValue =
            serde_json::from_slice(&entry.value).map_err(|source| ClusterError::BadValue {
                bucket: self.bucket.name.clone(),
                key: room.to_owned(),
                source,
            })?;
        let epoch = if value.epoch == 0 {
            entry.revision
        } else {
            value.epoch
        };
        Ok(Some((
            LeaseHolder {
                node: value.node,
                epoch,
            },
            entry.revision,
        )))
    }

    /// The JSON stored for this node's lease with `epoch` on `room`.
    fn value(&self, epoch: u64, room: &str) -> Result<Vec<u8>> {
        serde_json::to_vec(&LeaseValue {
            node: self.node.clone(),
            epoch,
        })
        .map_err(|source| ClusterError::BadValue {
            bucket: self.bucket.name.clone(),
            key: room.to_owned(),
            source,
        })
    }
}

/// Whether `holder` is `lease`'s node and epoch.
fn holder_is(holder: &LeaseHolder, lease: &Lease) -> bool {
    holder.node == lease.node && holder.epoch == lease.epoch
}

fn lost(lease: &Lease) -> ClusterError {
    ClusterError::LeaseLost {
        room: lease.room.clone(),
    }
}

/// Checks a room id can be a key.
fn check_room(room: &str) -> Result<()> {
    if is_token(room) {
        Ok(())
    } else {
        Err(ClusterError::InvalidId {
            what: "room id",
            id: room.to_owned(),
        })
    }
}
