//! Cluster mode (`--nats-url`): what reaches a member reaches them on whichever node their
//! WebSocket is, and the nodes know each other. Three `stoa` processes share PostgreSQL and
//! NATS behind HAProxy (see `cluster.rs` for the layout); each member is pinned to a node.

mod cluster_support;

use std::time::{Duration, Instant};

use cluster_support::{call, Cluster};
use reqwest::Method;
use serde_json::json;
use stoa_client::Signaling;
use stoa_proto::rest::NotificationKind;
use stoa_proto::ws::ServerMessage;
use stoa_proto::ErrorCode;

/// Signaling round trips through the load balancer.
const T: Duration = Duration::from_secs(10);

/// The next live notification of `kind` on `ws`.
async fn notified(ws: &mut Signaling, kind: NotificationKind) -> String {
    ws.wait_map(
        |m| match m {
            ServerMessage::Notification { notification, .. } if notification.kind == kind => {
                Some(notification.text.clone())
            }
            _ => None,
        },
        T,
    )
    .await
    .expect("live notification from another node")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ping_and_a_follow_made_on_one_node_arrive_live_on_another() {
    let Some(cluster) = Cluster::start_clustered("cluster_members::ping").await else {
        return;
    };
    let bob = cluster.sign_up("bob", 3).await;
    let mut bob_ws = cluster.socket_on(&bob, 3).await;

    // The admin opens a room that runs on n2, is in it from n1, and pings Bob, whose socket is
    // on n3, through n1: the ping travels to the room's node, the notification to n3.
    let admin = cluster.member(Some(1), &cluster.admin);
    let room_id = cluster.open_room("Across nodes", 2).await;
    cluster
        .wait_hallway(1, &cluster.admin, &room_id.0, true)
        .await;
    let mut admin_ws = cluster.socket_on(&cluster.admin, 1).await;
    admin_ws.join_room(&room_id, T).await.expect("join on n1");
    let sent = Instant::now();
    let ping = call(
        &admin,
        Method::POST,
        &format!("/api/rooms/{}/pings", room_id.0),
        Some(json!({"username": "bob"})),
    )
    .await;
    assert_eq!(
        (ping.status, ping.upstream.as_str()),
        (204, "n1"),
        "{ping:?}"
    );
    let text = notified(&mut bob_ws, NotificationKind::Pinged).await;
    eprintln!("ping on n1 reached n3 after {:?}: {text}", sent.elapsed());
    assert!(text.contains("Across nodes"), "{text}");

    // A follow made through n2 reaches him live on n3 too.
    let follow = call(
        &cluster.member(Some(2), &cluster.admin),
        Method::PUT,
        "/api/users/bob/follow",
        None,
    )
    .await;
    assert_eq!(follow.status, 204, "{follow:?}");
    notified(&mut bob_ws, NotificationKind::NewFollower).await;

    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspension_made_on_one_node_closes_the_members_sockets_on_the_others() {
    let Some(cluster) = Cluster::start_clustered("cluster_members::suspension").await else {
        return;
    };
    let carol = cluster.sign_up("carol", 1).await;
    let mut on_n3 = cluster.socket_on(&carol, 3).await;
    let mut on_n1 = cluster.socket_on(&carol, 1).await;

    let suspend = call(
        &cluster.member(Some(2), &cluster.admin),
        Method::POST,
        "/api/admin/users/carol/suspend",
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (suspend.status, suspend.upstream.as_str()),
        (204, "n2"),
        "{suspend:?}"
    );
    for ws in [&mut on_n3, &mut on_n1] {
        let code = ws
            .wait_map(
                |m| match m {
                    ServerMessage::Error { code, .. } => Some(*code),
                    _ => None,
                },
                T,
            )
            .await
            .expect("told on every node");
        assert_eq!(code, ErrorCode::Suspended);
        let told = Instant::now();
        while !ws.is_closed() {
            assert!(told.elapsed() < T, "the socket stays open");
            let _ = ws.settle(Duration::from_millis(100)).await;
        }
    }

    cluster.stop().await;
}
