//! Two nodes of a cluster: two [`World`]s sharing one PostgreSQL store (a fresh schema, dropped
//! at the end) and one NATS (a fresh subject prefix), so tests running at once never meet.
//!
//! Needs PostgreSQL (`STOA_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`) and NATS (`STOA_TEST_NATS_URL`, default
//! `nats://127.0.0.1:4222`); when either does not answer, the test says it was skipped and passes.

use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};
use stoa_cluster::{ClusterConfig, NodeId};
use stoa_service::peers::{NatsPeers, PeersConfig};
use stoa_service::rooms::RoomOwnership;
use stoa_store::{PgStore, Store};

use crate::support::World;

/// Two nodes sharing a store and a NATS.
pub struct Cluster {
    pub a: World,
    pub b: World,
}

/// A name (schema and subject prefix) no other test, in this run or a concurrent one, uses.
fn fresh_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("stoa_cluster_{}_{nanos}_{n}", std::process::id())
}

fn skipped(test: &str, why: &str) {
    // Straight to stderr, past the test harness's capture, so the skip is visible.
    let _ = writeln!(std::io::stderr(), "cluster::{test}: skipped: {why}");
}

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
}

/// Connects node `node` to NATS under `prefix`, or `None` when NATS does not answer.
async fn peers(url: &str, prefix: &str, node: &str) -> Option<NatsPeers> {
    let mut config = PeersConfig::new(url);
    config.prefix = prefix.to_string();
    config.node_id = node.to_string();
    match tokio::time::timeout(Duration::from_secs(5), NatsPeers::connect(config)).await {
        Ok(Ok(peers)) => Some(peers),
        _ => None,
    }
}

/// Runs `check` on two fresh nodes, then drops the schema even if `check` panicked (it runs in
/// its own task, so its panic arrives here as an error), then re-raises the panic. Every room
/// runs on the node that starts it (no leases).
pub async fn with_cluster<F, Fut>(test: &str, check: F)
where
    F: FnOnce(Cluster) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run(test, false, check).await;
}

/// [`with_cluster`] with rooms owned through leases (nodes `a` and `b`), as in cluster mode:
/// a session on one node can reach a room running on the other.
pub async fn with_leased_cluster<F, Fut>(test: &str, check: F)
where
    F: FnOnce(Cluster) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run(test, true, check).await;
}

async fn run<F, Fut>(test: &str, leased: bool, check: F)
where
    F: FnOnce(Cluster) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let pg_url = env_or(
        "STOA_TEST_POSTGRES_URL",
        "postgres://postgres@127.0.0.1:5432/test",
    );
    let nats_url = env_or("STOA_TEST_NATS_URL", "nats://127.0.0.1:4222");
    let name = fresh_name();
    let opened = tokio::time::timeout(
        Duration::from_secs(10),
        PgStore::open_in_schema(&pg_url, &name),
    )
    .await;
    let store = match opened {
        Ok(Ok(store)) => store,
        _ => return skipped(test, &format!("no PostgreSQL at {pg_url}")),
    };
    let (Some(peers_a), Some(peers_b)) = (
        peers(&nats_url, &name, "a").await,
        peers(&nats_url, &name, "b").await,
    ) else {
        store.close().await;
        drop_schema(&pg_url, &name).await;
        return skipped(test, &format!("no NATS at {nats_url}"));
    };
    let leases = if leased {
        let config = ClusterConfig::new(nats_url.clone()).with_prefix(&name);
        let cluster = stoa_cluster::Cluster::connect(config)
            .await
            .expect("cluster buckets");
        let lease = |node: &str| {
            let id = NodeId::new(node).expect("node id");
            let cluster = &cluster;
            async move {
                let leases = cluster.leases(id).await.expect("leases");
                RoomOwnership::Leased(Arc::new(leases))
            }
        };
        let owned = (lease("a").await, lease("b").await);
        Some((cluster, owned))
    } else {
        None
    };
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let (a, b) = match &leases {
        Some((_, (own_a, own_b))) => (
            World::start_owning(shared.clone(), Some(peers_a), own_a.clone()).await,
            World::start_owning(shared, Some(peers_b), own_b.clone()).await,
        ),
        None => (
            World::start_node(shared.clone(), Some(peers_a)).await,
            World::start_node(shared, Some(peers_b)).await,
        ),
    };
    let (stop_a, stop_b) = (a.stoa.background().clone(), b.stoa.background().clone());
    let outcome = tokio::spawn(check(Cluster { a, b })).await;
    stop_a.shutdown(Duration::from_secs(5)).await;
    stop_b.shutdown(Duration::from_secs(5)).await;
    if let Some((cluster, _)) = leases {
        if let Err(err) = cluster.delete_buckets().await {
            skipped(test, &format!("NATS buckets of {name} not deleted: {err}"));
        }
    }
    store.close().await;
    drop_schema(&pg_url, &name).await;
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

/// Drops `schema` and everything in it.
async fn drop_schema(url: &str, schema: &str) {
    let mut conn = PgConnection::connect(url).await.expect("connect to drop");
    sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
        .execute(&mut conn)
        .await
        .expect("drop schema");
    conn.close().await.expect("close");
}

/// Waits until `condition` holds, checking every 10 ms; fails after 10 s naming `what`.
pub async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: not within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
