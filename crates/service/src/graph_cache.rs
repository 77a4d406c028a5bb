//! One session's copy of its member's [`ViewerGraph`] (follows, blocks both ways, clubs), read
//! once and shared by the session's feed (hallway, friends online) and its room joins.
//!
//! The copy is tied to the member's graph counter ([`crate::online::Online::graph_changed`]):
//! a follow, block or club change moves the counter and the next reader reads again. It is also
//! re-read after [`GRAPH_TTL`]. Readers arriving while one read is under way wait for it instead
//! of reading too, so a fresh connection that joins a room at once costs one query, not two.

use std::sync::Arc;
use std::time::Duration;

use stoa_proto::UserId;
use tokio::sync::{watch, Mutex};
use tokio::time::Instant;

use crate::presence::Presence;
use crate::rooms::ranking::ViewerGraph;
use crate::ServiceError;

/// A session re-reads the viewer's graph at least this often, even unprompted.
pub const GRAPH_TTL: Duration = Duration::from_secs(60);

/// The shared, lazily read graph of one session's member.
pub(crate) struct GraphCache {
    viewer: UserId,
    changes: watch::Receiver<u64>,
    slot: Mutex<Option<Cached>>,
}

struct Cached {
    graph: Arc<ViewerGraph>,
    version: u64,
    read_at: Instant,
}

impl GraphCache {
    /// A cache for `viewer` whose graph counter is `changes`.
    pub(crate) fn new(viewer: UserId, changes: watch::Receiver<u64>) -> Arc<Self> {
        Arc::new(Self {
            viewer,
            changes,
            slot: Mutex::new(None),
        })
    }

    /// The graph as of now: the cached copy unless the counter moved or it is older than
    /// [`GRAPH_TTL`], else read from the store.
    pub(crate) async fn get(&self, presence: &Presence) -> Result<Arc<ViewerGraph>, ServiceError> {
        let mut slot = self.slot.lock().await;
        // Read before the store: a change landing during the read moves it again.
        let version = *self.changes.borrow();
        if let Some(cached) = slot.as_ref() {
            if cached.version == version && cached.read_at.elapsed() < GRAPH_TTL {
                return Ok(cached.graph.clone());
            }
        }
        let graph = Arc::new(presence.viewer_graph(self.viewer).await?);
        *slot = Some(Cached {
            graph: graph.clone(),
            version,
            read_at: Instant::now(),
        });
        Ok(graph)
    }
}
