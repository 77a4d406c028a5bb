//! Cluster mode (`--nats-url`): each live room runs on exactly one node, the holder of its
//! lease. When that node dies, another one takes the room over from PostgreSQL; a node that
//! restarts does not restore a room another node runs. Every node's hallway lists every live
//! room (each node publishes the rooms it runs). Three `stoa` processes share PostgreSQL and
//! NATS behind HAProxy (see `cluster.rs` for the layout).

mod cluster_support;

use std::time::{Duration, Instant};

use cluster_support::{Cluster, ACROSS_WITHIN, TAKEOVER_WITHIN};
use stoa_client::Signaling;
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::RoomId;

/// Signaling round trips through the load balancer.
const T: Duration = Duration::from_secs(10);

/// Whether node `n`'s hallway (as the admin sees it) lists room `id`.
async fn hallway_lists(cluster: &Cluster, n: usize, id: &str) -> bool {
    cluster.hallway_of(n, &cluster.admin, id).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_whose_node_dies_is_taken_over_once_and_not_restored_twice() {
    let Some(mut cluster) = Cluster::start_clustered("cluster_rooms::takeover").await else {
        return;
    };
    let room_id = cluster.open_room("Outlives its node", 1).await;
    let id = room_id.0.clone();
    // The admin is in it (on n1), so the room has a moderator to come back to.
    let mut admin_ws = cluster.socket_on(&cluster.admin, 1).await;
    admin_ws.join_room(&room_id, T).await.expect("join on n1");
    assert!(hallway_lists(&cluster, 1, &id).await, "listed on n1");
    assert_eq!(cluster.rooms_run_by(1).await, 1, "runs on n1");
    for n in [2, 3] {
        assert_eq!(cluster.rooms_run_by(n).await, 0, "runs only on n1");
    }

    // kill -9 n1: one survivor takes the room over once its lease expires.
    let killed = Instant::now();
    cluster.kill(1).await;
    let runner = loop {
        let mut runners = Vec::new();
        for n in [2, 3] {
            if cluster.rooms_run_by(n).await == 1 {
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

    // Both survivors list it again (from its new origin).
    for n in [2, 3] {
        while !hallway_lists(&cluster, n, &id).await {
            assert!(
                killed.elapsed() < TAKEOVER_WITHIN + ACROSS_WITHIN,
                "the room taken over is not listed on n{n}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    // n1 comes back: the room is n{runner}'s, so n1 does not restore it (but lists it).
    cluster.restart(1).await;
    cluster
        .wait_upstream(1, |up| up == "n1", cluster_support::LB_NOTICES_WITHIN)
        .await;
    assert_eq!(cluster.rooms_run_by(1).await, 0, "restored twice");
    assert_eq!(
        cluster.rooms_run_by(runner).await,
        1,
        "still runs on n{runner}"
    );
    let back = Instant::now();
    while !hallway_lists(&cluster, 1, &id).await {
        assert!(back.elapsed() < ACROSS_WITHIN, "n1 does not list the room");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    cluster.stop().await;
}

/// Waits for a hallway on `ws` for which `want` holds of whether it lists `id`.
async fn live_hallway(ws: &mut Signaling, id: &RoomId, want: bool) {
    ws.wait_for(
        |m| match m {
            ServerMessage::Hallway { hallway } => {
                hallway.rooms.iter().any(|room| room.id == *id) == want
            }
            _ => false,
        },
        ACROSS_WITHIN,
    )
    .await
    .unwrap_or_else(|e| panic!("no hallway with the room listed={want}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_on_one_node_is_in_the_hallway_of_another_until_it_ends() {
    let Some(cluster) = Cluster::start_clustered("cluster_rooms::hallway").await else {
        return;
    };
    let bob = cluster.sign_up("bob", 3).await;
    let mut bob_ws = cluster.socket_on(&bob, 3).await;
    live_hallway(&mut bob_ws, &RoomId(String::new()), false).await;

    // The admin opens a room on n1 and sits in it there.
    let room_id = cluster.open_room("Seen from n3", 1).await;
    let id = room_id.0.clone();
    let mut admin_ws = cluster.socket_on(&cluster.admin, 1).await;
    admin_ws.join_room(&room_id, T).await.expect("join on n1");
    let opened = Instant::now();

    // Bob's requests and socket are on n3: both list the room.
    let took = cluster.wait_hallway(3, &bob, &id, true).await;
    live_hallway(&mut bob_ws, &room_id, true).await;
    eprintln!(
        "room on n1 listed by n3 after {took:?} (GET), {:?} (live)",
        opened.elapsed()
    );
    assert_eq!(cluster.rooms_run_by(3).await, 0, "n3 only lists it");

    // The admin leaves: the room ends on n1 and leaves n3's hallway.
    admin_ws
        .send(&ClientMessage::LeaveRoom)
        .await
        .expect("leave");
    let ended = Instant::now();
    let took = cluster.wait_hallway(3, &bob, &id, false).await;
    live_hallway(&mut bob_ws, &room_id, false).await;
    eprintln!(
        "ended room gone from n3 after {took:?} (GET), {:?} (live)",
        ended.elapsed()
    );

    cluster.stop().await;
}
