//! Scale-out: the same `stoa` binary on three nodes sharing one PostgreSQL, behind a real load
//! balancer.
//!
//! # Layout
//! `cluster_support` starts, per test:
//! - a schema `stoa_cluster_<pid>_<rand>` in the test PostgreSQL (`STOA_TEST_POSTGRES_URL`),
//!   named in every node's `--database-url …?options=-c search_path=<schema>`, dropped at the end;
//! - three `stoa serve` processes `n1`, `n2`, `n3`, each with its own data directory, HTTP and
//!   UDP media port on 127.0.0.1 and log file (printed when a test fails); `kill -9` and restart
//!   with the same flags;
//! - HAProxy in front (HTTP mode, WebSockets tunnelled, `leastconn`, health checks on
//!   `/api/health` every 300 ms), the only address the clients use. A request carrying
//!   `X-Stoa-Node: nN` goes to node N while HAProxy holds it up, else to another node; every
//!   answer names its node in `X-Stoa-Upstream` (for a WebSocket, in the handshake's answer);
//! - the first admin, made with `stoa admin invite` on node 1 and signed up through HAProxy.
//!
//! Without PostgreSQL or HAProxy each test says `skipped: …` and passes.
//!
//! # Later tests
//! With the cluster mode's flags (`Cluster::start_with` passes `--nats-url`, `--nats-prefix`,
//! `--node-id` per node), the cross-node behaviour is tested the same way, by pinning each
//! member to a node: a ping or notification sent by a member on n1 reaches the WebSocket of one
//! on n3; a suspension made through n2 (or `stoa admin suspend` on n2's data directory) closes
//! the member's sockets on n1 and n3; a speaker's tone sent to the room's origin node is heard
//! by a listener whose WebSocket and media are on another node; and killing the origin node of
//! a live room (`Cluster::kill`) shows what its members on the surviving nodes see.

mod cluster_support;

use std::time::{Duration, Instant};

use cluster_support::{call, name, upstream_of, Cluster, LB_NOTICES_WITHIN};
use reqwest::Method;
use serde_json::json;
use stoa_proto::ws::ServerMessage;

/// Signaling round trips through the load balancer.
const T: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_and_follows_made_on_one_node_are_seen_on_the_others() {
    let Some(cluster) = Cluster::start("cluster::shared_state").await else {
        return;
    };
    let admin = cluster.member(None, &cluster.admin);
    let invite = call(&admin, Method::POST, "/api/invites", None).await;
    assert_eq!(invite.status, 201, "{invite:?}");
    let code = invite.body["code"].as_str().expect("code");

    // Bob signs up on n1…
    let signup = call(
        &cluster.client(Some(1)),
        Method::POST,
        "/api/auth/signup",
        Some(json!({"invite_code": code, "username": "bob",
                    "display_name": "Bob", "password": "password123"})),
    )
    .await;
    assert_eq!(
        (signup.status, signup.upstream.as_str()),
        (201, "n1"),
        "{signup:?}"
    );
    let signup_token = signup.body["token"].as_str().expect("token").to_string();

    // …signs in on n3, and his n1 session works there too.
    let login = call(
        &cluster.client(Some(3)),
        Method::POST,
        "/api/auth/login",
        Some(json!({"username": "bob", "password": "password123"})),
    )
    .await;
    assert_eq!(
        (login.status, login.upstream.as_str()),
        (200, "n3"),
        "{login:?}"
    );
    let token = login.body["token"].as_str().expect("token").to_string();
    let me = call(
        &cluster.member(Some(3), &signup_token),
        Method::GET,
        "/api/me",
        None,
    )
    .await;
    assert_eq!((me.status, me.upstream.as_str()), (200, "n3"), "{me:?}");
    assert_eq!(me.body["username"], "bob");

    // He follows the admin on n2; n3 (and n1) see it at once.
    let follow = call(
        &cluster.member(Some(2), &token),
        Method::PUT,
        "/api/users/admin/follow",
        None,
    )
    .await;
    assert_eq!(
        (follow.status, follow.upstream.as_str()),
        (204, "n2"),
        "{follow:?}"
    );
    for n in [3, 1] {
        let seen = call(
            &cluster.member(Some(n), &token),
            Method::GET,
            "/api/users/admin",
            None,
        )
        .await;
        assert_eq!(
            (seen.status, seen.upstream.clone()),
            (200, name(n)),
            "{seen:?}"
        );
        assert_eq!(seen.body["followers"], 1, "{seen:?}");
        assert_eq!(seen.body["followed_by_me"], true, "{seen:?}");
    }
    let own = call(
        &cluster.member(Some(3), &cluster.admin),
        Method::GET,
        "/api/me",
        None,
    )
    .await;
    assert_eq!(own.body["followers"], 1, "{own:?}");

    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_node_is_taken_out_and_back_in_by_the_load_balancer() {
    let Some(mut cluster) = Cluster::start("cluster::kill_and_restart").await else {
        return;
    };
    let pinned = cluster.member(Some(2), &cluster.admin);
    let before = call(&pinned, Method::GET, "/api/me", None).await;
    assert_eq!(
        (before.status, before.upstream.as_str()),
        (200, "n2"),
        "{before:?}"
    );

    // kill -9 n2: its requests go to another node once the health check takes it out.
    cluster.kill(2).await;
    let (upstream, took) = cluster
        .wait_upstream(2, |up| !up.is_empty() && up != "n2", LB_NOTICES_WITHIN)
        .await;
    eprintln!("n2 killed: pinned requests answered by {upstream} after {took:?}");
    // From then on every pinned request is answered, elsewhere, with the shared state.
    for _ in 0..5 {
        let me = call(&pinned, Method::GET, "/api/me", None).await;
        assert_eq!(me.status, 200, "{me:?}");
        assert!(me.upstream != "n2" && !me.upstream.is_empty(), "{me:?}");
        assert_eq!(me.body["username"], "admin");
    }

    // Restarted with the same flags: the health check brings it back, pins reach it again.
    cluster.restart(2).await;
    let (_, took) = cluster
        .wait_upstream(2, |up| up == "n2", LB_NOTICES_WITHIN)
        .await;
    eprintln!("n2 restarted: pinned requests reach it {took:?} after it answers");
    let after = call(&pinned, Method::GET, "/api/me", None).await;
    assert_eq!(
        (after.status, after.upstream.as_str()),
        (200, "n2"),
        "{after:?}"
    );

    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_on_a_killed_node_closes_and_reconnects_to_another() {
    let Some(mut cluster) = Cluster::start("cluster::websocket_failover").await else {
        return;
    };
    let api = cluster.member(Some(3), &cluster.admin);
    let mut ws = api
        .signaling()
        .await
        .expect("websocket through the load balancer");
    assert_eq!(upstream_of(ws.handshake_headers()), "n3");
    ws.hello(T).await.expect("hello");
    ws.wait_for(|m| matches!(m, ServerMessage::Hallway { .. }), T)
        .await
        .expect("the hallway feed");

    // kill -9 n3: the load balancer closes the tunnel.
    let killed = Instant::now();
    cluster.kill(3).await;
    while !ws.is_closed() {
        assert!(killed.elapsed() < T, "the socket on n3 is still open");
        let _ = ws.settle(Duration::from_millis(100)).await;
    }
    let closed = killed.elapsed();

    // Reconnecting with the same pin lands on another node (at once, or once the health check
    // has taken n3 out).
    let deadline = Instant::now() + LB_NOTICES_WITHIN;
    let mut again = loop {
        match api.signaling().await {
            Ok(ws) => break ws,
            Err(e) => {
                assert!(
                    Instant::now() < deadline,
                    "no reconnect within {LB_NOTICES_WITHIN:?}: {e}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let upstream = upstream_of(again.handshake_headers());
    assert!(
        upstream == "n1" || upstream == "n2",
        "reconnected to {upstream:?}"
    );
    again.hello(T).await.expect("hello after reconnecting");
    again
        .wait_for(|m| matches!(m, ServerMessage::Hallway { .. }), T)
        .await
        .expect("the hallway feed after reconnecting");
    eprintln!(
        "n3 killed: its websocket closed after {closed:?}, reconnected to {upstream} after {:?}",
        killed.elapsed()
    );

    drop(again);
    cluster.stop().await;
}
