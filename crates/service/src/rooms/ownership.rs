//! Which node runs a live room. On one node, this one: every claim succeeds and is never lost.
//! In a cluster, the holder of the room's lease ([`stoa_cluster::Leases`]): a node starts or
//! restores a room only once it holds the lease, renews it while the room runs, and stops the
//! room's task the moment the lease is lost (a stale owner must not act). A room that ends, or
//! a node that stops cleanly, gives the lease back so another node can take the room at once.
//!
//! Stopping is not enough on its own (a paused process notices late), so every write the room's
//! task makes carries [`Owned::epoch`], the lease's fencing token, and the store refuses it once
//! a newer owner has written (`StoreError::Fenced`); a takeover raises the stored epoch before
//! it reads the room's snapshot.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use stoa_cluster::{LeaseKeeper, Leases, LostReason};
use stoa_proto::RoomId;

use crate::ServiceError;

/// How this node claims rooms (see the module page). Clone it freely.
#[derive(Clone, Debug, Default)]
pub enum RoomOwnership {
    /// One node: every room is this node's.
    #[default]
    Local,
    /// A cluster: a room is this node's while it holds the room's lease.
    Leased(Arc<Leases>),
}

/// This node's hold on one room, kept by the room's task.
#[derive(Debug)]
pub(crate) struct Owned {
    keeper: Option<LeaseKeeper>,
}

impl RoomOwnership {
    /// Takes `room` for this node: `None` when another node holds it.
    pub(crate) async fn claim(&self, room: &RoomId) -> Result<Option<Owned>, ServiceError> {
        let leases = match self {
            RoomOwnership::Local => return Ok(Some(Owned { keeper: None })),
            RoomOwnership::Leased(leases) => leases,
        };
        let lease = leases
            .claim(&room.0)
            .await
            .map_err(|err| ServiceError::ClusterUnavailable(format!("room lease: {err}")))?;
        Ok(lease.map(|lease| Owned {
            keeper: Some(leases.keep(lease)),
        }))
    }

    /// Whether some node (this one included) holds `room` now; always true on one node.
    pub(crate) async fn is_held(&self, room: &RoomId) -> Result<bool, ServiceError> {
        match self {
            RoomOwnership::Local => Ok(true),
            RoomOwnership::Leased(leases) => leases
                .holder(&room.0)
                .await
                .map(|holder| holder.is_some())
                .map_err(|err| ServiceError::ClusterUnavailable(format!("room lease: {err}"))),
        }
    }

    /// The node holding `room`'s lease now, if any (`None` on one node: no leases).
    pub(crate) async fn holder(&self, room: &RoomId) -> Result<Option<String>, ServiceError> {
        match self {
            RoomOwnership::Local => Ok(None),
            RoomOwnership::Leased(leases) => leases
                .holder(&room.0)
                .await
                .map(|holder| holder.map(|holder| holder.node.as_str().to_string()))
                .map_err(|err| ServiceError::ClusterUnavailable(format!("room lease: {err}"))),
        }
    }

    /// Whether rooms can move here from other nodes (a cluster).
    pub(crate) fn is_clustered(&self) -> bool {
        matches!(self, RoomOwnership::Leased(_))
    }
}

impl Owned {
    /// The fencing token every write of the room carries: the lease's epoch in a cluster, 0 on
    /// one node (no leases, writes not fenced). See `stoa_store::RoomStore`'s "Fencing".
    pub(crate) fn epoch(&self) -> u64 {
        self.keeper.as_ref().map_or(0, LeaseKeeper::epoch)
    }

    /// Resolves when the room stops being this node's (never on one node).
    pub(crate) fn lost(&self) -> Pin<Box<dyn Future<Output = LostReason> + Send>> {
        match &self.keeper {
            Some(keeper) => Box::pin(keeper.lost()),
            None => Box::pin(std::future::pending()),
        }
    }

    /// Gives the room up (it ended, or this node stops): another node may take it at once.
    pub(crate) async fn release(self) {
        if let Some(keeper) = self.keeper {
            if let Err(err) = keeper.release().await {
                tracing::warn!(%err, "could not release a room's lease (it expires in 3 s)");
            }
        }
    }
}
