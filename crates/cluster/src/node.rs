//! What a node says about itself in the registry.

use serde::{Deserialize, Serialize};

use crate::config::is_token;
use crate::error::{ClusterError, Result};

/// A node's id, unique in the cluster (letters, digits, `_` and `-`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(String);

impl NodeId {
    /// Checks `id` can be a key-value key and wraps it.
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        if is_token(&id) {
            Ok(Self(id))
        } else {
            Err(ClusterError::InvalidId {
                what: "node id",
                id,
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How busy a node is; the least loaded node gets new rooms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeLoad {
    /// Rooms this node is the origin of.
    pub rooms: u32,
    /// Peers (media connections) on this node.
    pub peers: u32,
}

/// A live node's entry in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    /// The node's id.
    pub id: NodeId,
    /// Where the node serves HTTP and WebSocket, e.g. `10.0.0.2:8080`.
    pub http_addr: String,
    /// Where the node's media (and node-to-node relay) listens.
    pub media_addr: String,
    /// The load the node last reported.
    pub load: NodeLoad,
    /// When the node started, in ms since the Unix epoch by its own clock (informational only:
    /// nothing in the cluster compares clocks).
    pub started_at_ms: u64,
}

/// Orders nodes for placement: fewest peers, then fewest rooms, then id.
pub(crate) fn placement_key(node: &NodeInfo) -> (u32, u32, &NodeId) {
    (node.load.peers, node.load.rooms, &node.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_usable_as_keys() {
        assert!(NodeId::new("node-1_a").is_ok());
        for bad in ["", "a.b", "a/b", "a b", "*"] {
            assert!(NodeId::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn info_round_trips_as_json() {
        let info = NodeInfo {
            id: NodeId::new("n1").unwrap(),
            http_addr: "127.0.0.1:8080".into(),
            media_addr: "127.0.0.1:9000".into(),
            load: NodeLoad {
                rooms: 2,
                peers: 30,
            },
            started_at_ms: 1_700_000_000_000,
        };
        let json = serde_json::to_string(&info).unwrap();
        assert!(json.contains(r#""id":"n1""#), "{json}");
        assert_eq!(serde_json::from_str::<NodeInfo>(&json).unwrap(), info);
    }
}
