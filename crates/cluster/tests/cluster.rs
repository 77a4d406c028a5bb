//! The registry and the leases against a real NATS with JetStream.
//!
//! The server is `STOA_TEST_NATS_URL` (default `nats://127.0.0.1:4222`); when none answers, every
//! test here says "skipped: no NATS" and passes. Each test uses a prefix of its own and deletes
//! its buckets at the end, so tests run side by side (and beside other runs).

use std::future::Future;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::FutureExt;
use stoa_cluster::{
    Cluster, ClusterConfig, ClusterError, LostReason, Members, NodeId, NodeInfo, NodeLoad,
    LEASES_BUCKET,
};
use tokio::sync::watch;

const URL_VAR: &str = "STOA_TEST_NATS_URL";
const DEFAULT_URL: &str = "nats://127.0.0.1:4222";

/// A prefix no other test (in this run or a concurrent one) uses.
fn fresh_prefix() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("t{}_{nanos}_{n}", std::process::id())
}

/// Runs `check` with a fresh prefix on the test NATS, then deletes the prefix's buckets even if
/// `check` panicked. Skips (passing) when no NATS answers.
async fn with_nats<F, Fut>(test: &str, check: F)
where
    F: FnOnce(ClusterConfig) -> Fut,
    Fut: Future<Output = ()>,
{
    let url = std::env::var(URL_VAR)
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_owned());
    let config = ClusterConfig::new(url.clone()).with_prefix(fresh_prefix());
    let admin = match tokio::time::timeout(Duration::from_secs(3), Cluster::connect(config.clone()))
        .await
    {
        Ok(Ok(cluster)) => cluster,
        _ => {
            // Straight to stderr, past the harness's capture, so the skip is visible.
            let _ = writeln!(
                std::io::stderr(),
                "cluster::{test}: skipped: no NATS at {url} (set {URL_VAR})"
            );
            return;
        }
    };
    let outcome = AssertUnwindSafe(check(config)).catch_unwind().await;
    admin
        .delete_buckets()
        .await
        .expect("delete the test buckets");
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// A connection of its own, as a separate node would have.
async fn connect(config: &ClusterConfig) -> Cluster {
    Cluster::connect(config.clone()).await.expect("connect")
}

fn id(s: &str) -> NodeId {
    NodeId::new(s).unwrap()
}

fn info(node: &str) -> NodeInfo {
    NodeInfo {
        id: id(node),
        http_addr: format!("127.0.0.1:80{}", node.len()),
        media_addr: format!("127.0.0.1:90{}", node.len()),
        load: NodeLoad::default(),
        started_at_ms: 0,
    }
}

/// Waits until the view satisfies `pred`, at most `limit`; returns the time it took.
async fn wait_view(
    what: &str,
    view: &mut watch::Receiver<Members>,
    limit: Duration,
    pred: impl FnMut(&Members) -> bool,
) -> Duration {
    let start = Instant::now();
    let outcome = tokio::time::timeout(limit, view.wait_for(pred))
        .await
        .map(|r| r.is_ok());
    match outcome {
        Ok(true) => start.elapsed(),
        Ok(false) => panic!("{what}: the registry stopped"),
        Err(_) => panic!(
            "{what}: not within {limit:?}; view: {:?}",
            ids(&view.borrow())
        ),
    }
}

/// Polls `cond` every 20 ms until it holds, at most `limit`.
async fn eventually(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn ids(members: &Members) -> Vec<&str> {
    members.keys().map(NodeId::as_str).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registries_see_each_other_and_the_least_loaded() {
    with_nats(
        "registries_see_each_other_and_the_least_loaded",
        |config| async move {
            let a = connect(&config).await.join(info("a")).await.unwrap();
            let b = connect(&config).await.join(info("bb")).await.unwrap();
            for (name, node) in [("a", &a), ("bb", &b)] {
                let mut view = node.membership();
                wait_view(
                    &format!("{name} sees both"),
                    &mut view,
                    Duration::from_secs(5),
                    |m| ids(m) == ["a", "bb"],
                )
                .await;
            }
            assert_eq!(a.node(&id("bb")).unwrap(), info("bb"));
            assert_eq!(b.nodes(), vec![info("a"), info("bb")]);
            // Equal loads: the smallest id. Then `a` reports more peers and `bb` is chosen.
            assert_eq!(b.least_loaded().unwrap().id, id("a"));
            a.set_load(NodeLoad {
                rooms: 0,
                peers: 10,
            });
            eventually("b sees a's load", Duration::from_secs(3), || {
                b.node(&id("a")).is_some_and(|n| n.load.peers == 10)
            })
            .await;
            assert_eq!(b.least_loaded().unwrap().id, id("bb"));
            a.leave().await.unwrap();
            b.leave().await.unwrap();
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_stops_renewing_is_gone_within_3_5_s() {
    with_nats(
        "a_node_that_stops_renewing_is_gone_within_3_5_s",
        |config| async move {
            let a = connect(&config).await.join(info("a")).await.unwrap();
            let b = connect(&config).await.join(info("b")).await.unwrap();
            let mut view = a.membership();
            wait_view("a sees b", &mut view, Duration::from_secs(5), |m| {
                m.len() == 2
            })
            .await;
            // Like kill -9: renewals stop, nothing is deleted.
            drop(b);
            let gone = wait_view("b expires", &mut view, Duration::from_secs(6), |m| {
                ids(m) == ["a"]
            })
            .await;
            eprintln!("a crashed node left the view after {gone:?}");
            assert!(gone <= Duration::from_millis(3500), "took {gone:?}");
            a.leave().await.unwrap();
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_leave_is_seen_at_once() {
    with_nats("a_clean_leave_is_seen_at_once", |config| async move {
        let a = connect(&config).await.join(info("a")).await.unwrap();
        let b = connect(&config).await.join(info("b")).await.unwrap();
        let mut view = a.membership();
        wait_view("a sees b", &mut view, Duration::from_secs(5), |m| {
            m.len() == 2
        })
        .await;
        b.leave().await.unwrap();
        let gone = wait_view("b left", &mut view, Duration::from_secs(1), |m| {
            ids(m) == ["a"]
        })
        .await;
        eprintln!("a clean leave left the view after {gone:?}");
        a.leave().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_claims_have_exactly_one_winner() {
    with_nats(
        "racing_claims_have_exactly_one_winner",
        |config| async move {
            let a = connect(&config).await.leases(id("a")).await.unwrap();
            let b = connect(&config).await.leases(id("b")).await.unwrap();
            let mut last_epoch = 0;
            // Fresh rooms, then one room released and raced for again (create over a delete marker).
            for round in 0..40 {
                let room = if round < 20 {
                    format!("race-{round}")
                } else {
                    "again".to_owned()
                };
                let (ra, rb) = (room.clone(), room.clone());
                let (a2, b2) = (a.clone(), b.clone());
                let ta = tokio::spawn(async move { a2.claim(&ra).await });
                let tb = tokio::spawn(async move { b2.claim(&rb).await });
                let (wa, wb) = (ta.await.unwrap().unwrap(), tb.await.unwrap().unwrap());
                let (winner, leases) = match (wa, wb) {
                    (Some(lease), None) => (lease, &a),
                    (None, Some(lease)) => (lease, &b),
                    other => panic!("round {round}: {other:?}"),
                };
                assert!(winner.epoch > last_epoch, "round {round}: epochs only grow");
                last_epoch = winner.epoch;
                let holder = leases.holder(&room).await.unwrap().unwrap();
                assert_eq!(
                    (holder.node, holder.epoch),
                    (winner.node.clone(), winner.epoch)
                );
                if round >= 20 {
                    assert!(leases.release(&winner).await.unwrap());
                }
            }
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_lease_outlives_the_ttl_and_its_release_frees_the_room() {
    with_nats(
        "a_kept_lease_outlives_the_ttl_and_its_release_frees_the_room",
        |config| async move {
            let a = connect(&config).await.leases(id("a")).await.unwrap();
            let b = connect(&config).await.leases(id("b")).await.unwrap();
            let lease = a.claim("room").await.unwrap().unwrap();
            let keeper = a.keep(lease.clone());
            let until = Instant::now() + Duration::from_secs(4);
            while Instant::now() < until {
                assert_eq!(b.claim("room").await.unwrap(), None, "the lease is kept");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            assert!(keeper.revision() > lease.epoch, "renewed");
            assert_eq!(keeper.lost_reason(), None);
            let holder = b.holder("room").await.unwrap().unwrap();
            assert_eq!((holder.node, holder.epoch), (id("a"), lease.epoch));
            assert!(keeper.release().await.unwrap());
            assert_eq!(b.holder("room").await.unwrap(), None);
            let next = b.claim("room").await.unwrap().expect("free after release");
            assert!(next.epoch > lease.epoch);
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_owner_loses_to_a_greater_epoch() {
    with_nats(
        "a_stale_owner_loses_to_a_greater_epoch",
        |config| async move {
            let a = connect(&config).await.leases(id("a")).await.unwrap();
            let b = connect(&config).await.leases(id("b")).await.unwrap();
            // `a` claims and then stalls (no renewals), like a paused process.
            let stale = a.claim("room").await.unwrap().unwrap();
            let claimed = Instant::now();
            let taken = loop {
                if let Some(lease) = b.claim("room").await.unwrap() {
                    break lease;
                }
                assert!(claimed.elapsed() < Duration::from_secs(6), "never expired");
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            eprintln!(
                "an unrenewed lease was claimed again after {:?}",
                claimed.elapsed()
            );
            assert!(
                taken.epoch > stale.epoch,
                "{} > {}",
                taken.epoch,
                stale.epoch
            );
            let b_keeper = b.keep(taken.clone());
            // `a` wakes up: its keeper reports the loss, its writes are refused.
            let a_keeper = a.keep(stale.clone());
            let reason = tokio::time::timeout(Duration::from_secs(3), a_keeper.lost())
                .await
                .expect("the stale keeper reports the loss");
            assert_ne!(reason, LostReason::Released);
            let renewed = a.renew(&stale, a_keeper.revision()).await;
            assert!(
                matches!(renewed, Err(ClusterError::LeaseLost { .. })),
                "{renewed:?}"
            );
            assert!(
                !a.release(&stale).await.unwrap(),
                "a stale release does nothing"
            );
            let holder = a.holder("room").await.unwrap().unwrap();
            assert_eq!((holder.node, holder.epoch), (id("b"), taken.epoch));
            assert_eq!(b_keeper.lost_reason(), None);
            assert!(b_keeper.release().await.unwrap());
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_keeper_whose_key_moves_reports_taken() {
    with_nats(
        "a_running_keeper_whose_key_moves_reports_taken",
        |config| async move {
            let a = connect(&config).await.leases(id("a")).await.unwrap();
            let b = connect(&config).await.leases(id("b")).await.unwrap();
            let lease = a.claim("room").await.unwrap().unwrap();
            let keeper = a.keep(lease.clone());
            // Someone else deletes the key (an operator, or an expiry we did not see) and claims it.
            let raw = async_nats::jetstream::new(connect(&config).await.client().clone())
                .get_key_value(config.bucket(LEASES_BUCKET))
                .await
                .unwrap();
            raw.delete("room").await.unwrap();
            let taken = b
                .claim("room")
                .await
                .unwrap()
                .expect("free after the delete");
            assert!(taken.epoch > lease.epoch);
            let reason = tokio::time::timeout(Duration::from_secs(3), keeper.lost())
                .await
                .expect("the keeper reports the loss");
            assert_eq!(reason, LostReason::Taken);
            assert_eq!(keeper.lost_reason(), Some(LostReason::Taken));
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_release_by_a_non_owner_does_nothing() {
    with_nats(
        "a_release_by_a_non_owner_does_nothing",
        |config| async move {
            let a = connect(&config).await.leases(id("a")).await.unwrap();
            let b = connect(&config).await.leases(id("b")).await.unwrap();
            let first = a.claim("room").await.unwrap().unwrap();
            assert!(!b.release(&first).await.unwrap(), "b does not own it");
            assert!(a.release(&first).await.unwrap());
            let second = a.claim("room").await.unwrap().unwrap();
            assert!(second.epoch > first.epoch);
            assert!(
                !a.release(&first).await.unwrap(),
                "an older epoch does not release"
            );
            assert!(!b.release(&second).await.unwrap());
            let holder = b.holder("room").await.unwrap().unwrap();
            assert_eq!((holder.node, holder.epoch), (id("a"), second.epoch));
            assert!(matches!(
                a.claim("not a key").await,
                Err(ClusterError::InvalidId { .. })
            ));
        },
    )
    .await;
}
