//! Cluster mode (`--nats-url`): each live room runs on exactly one node, the holder of its
//! lease. When that node dies, another one takes the room over from PostgreSQL; a node that
//! restarts does not restore a room another node runs. Three `stoa` processes share PostgreSQL
//! and NATS behind HAProxy (see `cluster.rs` for the layout).

mod cluster_support;

use std::time::{Duration, Instant};

use cluster_support::{call, name, Cluster};
use reqwest::Method;
use serde_json::json;

/// How long the takeover may take: the lease expires 3 s after the last renewal, the
/// survivors look every second; generous for a loaded machine.
const TAKEOVER_WITHIN: Duration = Duration::from_secs(15);

/// Signaling round trips through the load balancer.
const T: Duration = Duration::from_secs(10);

/// Whether node `n`'s hallway (as the admin sees it) lists room `id`.
async fn hallway_lists(cluster: &Cluster, n: usize, id: &str) -> bool {
    let hallway = call(
        &cluster.member(Some(n), &cluster.admin),
        Method::GET,
        "/api/rooms",
        None,
    )
    .await;
    assert_eq!(
        (hallway.status, hallway.upstream.clone()),
        (200, name(n)),
        "{hallway:?}"
    );
    hallway.body["rooms"]
        .as_array()
        .expect("rooms")
        .iter()
        .any(|room| room["id"] == id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_whose_node_dies_is_taken_over_once_and_not_restored_twice() {
    let Some(mut cluster) = Cluster::start_clustered("cluster_rooms::takeover").await else {
        return;
    };
    let room = call(
        &cluster.member(Some(1), &cluster.admin),
        Method::POST,
        "/api/rooms",
        Some(json!({"title": "Outlives its node", "kind": "open"})),
    )
    .await;
    assert_eq!(
        (room.status, room.upstream.as_str()),
        (201, "n1"),
        "{room:?}"
    );
    let id = room.body["id"].as_str().expect("id").to_string();
    // The admin is in it (on n1), so the room has a moderator to come back to.
    let mut admin_ws = cluster
        .member(Some(1), &cluster.admin)
        .signaling()
        .await
        .expect("websocket");
    admin_ws.hello(T).await.expect("hello");
    admin_ws
        .join_room(&stoa_proto::RoomId(id.clone()), T)
        .await
        .expect("join on n1");
    assert!(hallway_lists(&cluster, 1, &id).await, "runs on n1");
    for n in [2, 3] {
        assert!(!hallway_lists(&cluster, n, &id).await, "runs only on n1");
    }

    // kill -9 n1: one survivor takes the room over once its lease expires.
    let killed = Instant::now();
    cluster.kill(1).await;
    let runner = loop {
        let mut runners = Vec::new();
        for n in [2, 3] {
            if hallway_lists(&cluster, n, &id).await {
                runners.push(n);
            }
        }
        match runners.as_slice() {
            [] => {
                assert!(
                    killed.elapsed() < TAKEOVER_WITHIN,
                    "nobody took the room over"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            [n] => break *n,
            both => panic!("the room runs on two nodes: {both:?}"),
        }
    };
    eprintln!(
        "n{runner} took the room over {:?} after n1 died",
        killed.elapsed()
    );

    // n1 comes back: the room is n{runner}'s, so n1 does not restore it.
    cluster.restart(1).await;
    cluster
        .wait_upstream(1, |up| up == "n1", cluster_support::LB_NOTICES_WITHIN)
        .await;
    assert!(!hallway_lists(&cluster, 1, &id).await, "restored twice");
    assert!(
        hallway_lists(&cluster, runner, &id).await,
        "still runs on n{runner}"
    );

    cluster.stop().await;
}
