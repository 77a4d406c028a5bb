//! Cluster mode (`--nats-url`): this node's id, its entry in the cluster's node registry (its
//! addresses and load, renewed every second), and the link that carries members' messages to
//! the other nodes. Without `--nats-url` none of this runs.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use stoa_cluster::{Cluster, ClusterConfig, NodeId, NodeInfo, NodeLoad, Registry};
use stoa_service::peers::{NatsPeers, PeersConfig};
use stoa_service::rooms::RoomOwnership;
use stoa_service::{Background, Stoa};

use crate::config::ServeConfig;
use crate::StartError;

/// The file in the data directory that keeps a node's id across restarts.
pub const NODE_ID_FILE: &str = "node-id";

/// How often the node's load in the registry is brought up to date.
const LOAD_EVERY: Duration = Duration::from_secs(1);

/// This node's place in the cluster, once joined.
pub struct ClusterNode {
    /// The connection to NATS (leases and other buckets open from it).
    pub cluster: Cluster,
    /// The live nodes, this one included.
    pub registry: Arc<Registry>,
}

/// Checks the cluster settings and, in cluster mode, connects to NATS and opens the members'
/// link (before the service starts, which takes it). `None` on a single node.
pub async fn connect(config: &ServeConfig) -> Result<Option<(Cluster, NatsPeers)>, StartError> {
    let Some(nats_url) = &config.nats_url else {
        return Ok(None);
    };
    let database = config.database_url();
    if !(database.starts_with("postgres://") || database.starts_with("postgresql://")) {
        return Err(StartError::Config(
            "cluster mode (--nats-url) needs the nodes' shared PostgreSQL database: \
             give --database-url postgres://…"
                .into(),
        ));
    }
    let node_id = node_id(config)?;
    let cluster_config = ClusterConfig::new(nats_url.clone()).with_prefix(&config.nats_prefix);
    let cluster = Cluster::connect(cluster_config)
        .await
        .map_err(|err| StartError::Config(format!("cluster: {err}")))?;
    let mut peers_config = PeersConfig::new(nats_url.clone());
    peers_config.prefix = config.nats_prefix.clone();
    peers_config.node_id = node_id.as_str().to_owned();
    let peers = NatsPeers::with_client(cluster.client().clone(), peers_config)
        .await
        .map_err(|err| StartError::Config(format!("cluster: {err}")))?;
    Ok(Some((cluster, peers)))
}

/// The room leases, claimed as this node: a room runs here while this node holds its lease.
pub async fn ownership(cluster: &Cluster, node_id: &str) -> Result<RoomOwnership, StartError> {
    let id = NodeId::new(node_id).map_err(|err| StartError::Config(format!("cluster: {err}")))?;
    let leases = cluster
        .leases(id)
        .await
        .map_err(|err| StartError::Config(format!("cluster: {err}")))?;
    Ok(RoomOwnership::Leased(Arc::new(leases)))
}

/// Enters this node into the registry with its addresses, and keeps its load there up to date
/// while the service runs.
pub async fn join(
    cluster: Cluster,
    node_id: &str,
    http: SocketAddr,
    media: SocketAddr,
    stoa: &Stoa,
    background: &Background,
) -> Result<ClusterNode, StartError> {
    let id = NodeId::new(node_id).map_err(|err| StartError::Config(format!("cluster: {err}")))?;
    let info = NodeInfo {
        id,
        http_addr: http.to_string(),
        media_addr: media.to_string(),
        load: NodeLoad::default(),
        started_at_ms: chrono::Utc::now().timestamp_millis().max(0) as u64,
    };
    let registry = Arc::new(
        cluster
            .join(info)
            .await
            .map_err(|err| StartError::Config(format!("cluster: {err}")))?,
    );
    let (reporter, stoa) = (registry.clone(), stoa.clone());
    let stop = background.token().clone();
    background.spawn("cluster load", async move {
        let mut every = tokio::time::interval(LOAD_EVERY);
        loop {
            tokio::select! {
                _ = every.tick() => reporter.set_load(load_of(&stoa)),
                () = stop.cancelled() => break,
            }
        }
    });
    Ok(ClusterNode { cluster, registry })
}

/// What the registry says about this node's load.
fn load_of(stoa: &Stoa) -> NodeLoad {
    let (rooms, peers) = stoa.rooms().load();
    NodeLoad { rooms, peers }
}

/// The node's id: `--node-id`, else the one kept in the data directory (made up and kept at the
/// first start), else a fresh one.
fn node_id(config: &ServeConfig) -> Result<NodeId, StartError> {
    let text = match (&config.node_id, config.data_dir.as_deref()) {
        (Some(id), _) => id.clone(),
        (None, Some(dir)) => kept_node_id(dir)?,
        (None, None) => fresh_node_id(),
    };
    NodeId::new(text).map_err(|err| StartError::Config(format!("--node-id: {err}")))
}

fn kept_node_id(dir: &Path) -> Result<String, StartError> {
    let path = dir.join(NODE_ID_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text.trim().to_owned()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let id = fresh_node_id();
            std::fs::write(&path, format!("{id}\n")).map_err(|err| {
                StartError::Config(format!(
                    "cannot keep the node id in {}: {err}",
                    path.display()
                ))
            })?;
            Ok(id)
        }
        Err(err) => Err(StartError::Config(format!(
            "cannot read the node id from {}: {err}",
            path.display()
        ))),
    }
}

fn fresh_node_id() -> String {
    format!("node-{:08x}", rand::random::<u32>())
}

impl ClusterNode {
    /// Leaves the registry at a clean stop, so the other nodes see this one gone at once (not
    /// 3 s later). Called after the background tasks stopped, when nothing else holds it.
    pub async fn leave(self) {
        match Arc::try_unwrap(self.registry) {
            Ok(registry) => {
                if let Err(err) = registry.leave().await {
                    tracing::warn!(%err, "could not leave the cluster's node registry");
                }
            }
            Err(_) => tracing::warn!("node registry still in use at shutdown: not left"),
        }
    }
}
