//! Cluster mode (`--nats-url`): each live room runs on exactly one node, the holder of its
//! lease. When that node dies, another one takes the room over from PostgreSQL; a node that
//! restarts does not restore a room another node runs. Every node's hallway lists every live
//! room (each node publishes the rooms it runs). Three `stoa` processes share PostgreSQL and
//! NATS behind HAProxy (see `cluster.rs` for the layout).

mod cluster_support;

use std::time::{Duration, Instant};

use cluster_support::{call, name, Cluster};
use reqwest::Method;
use serde_json::json;
use stoa_client::Signaling;
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::RoomId;

/// How long the takeover may take: the lease expires 3 s after the last renewal, the
/// survivors look every second; generous for a loaded machine.
const TAKEOVER_WITHIN: Duration = Duration::from_secs(15);

/// Signaling round trips through the load balancer.
const T: Duration = Duration::from_secs(10);

/// How long a room's start or end may take to reach another node's hallway on a loaded
/// machine (it is published within 250 ms; a session's hallway is recomputed at most every
/// second).
const ACROSS_WITHIN: Duration = Duration::from_secs(10);

/// How many live rooms node `n` runs itself (its `stoa_rooms` gauge, read on its own address).
async fn rooms_run_by(cluster: &Cluster, n: usize) -> u32 {
    let url = format!("http://{}/metrics", cluster.node(n).http);
    let text = reqwest::get(&url)
        .await
        .and_then(|resp| resp.error_for_status())
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    text.lines()
        .find_map(|line| line.strip_prefix("stoa_rooms "))
        .and_then(|value| value.trim().parse::<f64>().ok())
        .map_or(0, |value| value as u32)
}

/// Whether node `n`'s hallway (as the admin sees it) lists room `id`.
async fn hallway_lists(cluster: &Cluster, n: usize, id: &str) -> bool {
    hallway_of(cluster, n, &cluster.admin, id).await
}

/// Whether node `n`'s hallway, as `token`'s member sees it, lists room `id`.
async fn hallway_of(cluster: &Cluster, n: usize, token: &str, id: &str) -> bool {
    let hallway = call(
        &cluster.member(Some(n), token),
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
    assert!(hallway_lists(&cluster, 1, &id).await, "listed on n1");
    assert_eq!(rooms_run_by(&cluster, 1).await, 1, "runs on n1");
    for n in [2, 3] {
        assert_eq!(rooms_run_by(&cluster, n).await, 0, "runs only on n1");
    }

    // kill -9 n1: one survivor takes the room over once its lease expires.
    let killed = Instant::now();
    cluster.kill(1).await;
    let runner = loop {
        let mut runners = Vec::new();
        for n in [2, 3] {
            if rooms_run_by(&cluster, n).await == 1 {
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
    assert_eq!(rooms_run_by(&cluster, 1).await, 0, "restored twice");
    assert_eq!(
        rooms_run_by(&cluster, runner).await,
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

/// Polls node `n`'s `GET /api/rooms` as `token`'s member until it lists `id` (or not, as
/// `want` says); returns how long it took.
async fn wait_hallway(cluster: &Cluster, n: usize, token: &str, id: &str, want: bool) -> Duration {
    let started = Instant::now();
    while hallway_of(cluster, n, token, id).await != want {
        assert!(
            started.elapsed() < ACROSS_WITHIN,
            "n{n}'s hallway: room listed={want} not within {ACROSS_WITHIN:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    started.elapsed()
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
    let room = call(
        &cluster.member(Some(1), &cluster.admin),
        Method::POST,
        "/api/rooms",
        Some(json!({"title": "Seen from n3", "kind": "open"})),
    )
    .await;
    assert_eq!(
        (room.status, room.upstream.as_str()),
        (201, "n1"),
        "{room:?}"
    );
    let id = room.body["id"].as_str().expect("id").to_string();
    let room_id = RoomId(id.clone());
    let mut admin_ws = cluster.socket_on(&cluster.admin, 1).await;
    admin_ws.join_room(&room_id, T).await.expect("join on n1");
    let opened = Instant::now();

    // Bob's requests and socket are on n3: both list the room.
    let took = wait_hallway(&cluster, 3, &bob, &id, true).await;
    live_hallway(&mut bob_ws, &room_id, true).await;
    eprintln!(
        "room on n1 listed by n3 after {took:?} (GET), {:?} (live)",
        opened.elapsed()
    );
    assert_eq!(rooms_run_by(&cluster, 3).await, 0, "n3 only lists it");

    // The admin leaves: the room ends on n1 and leaves n3's hallway.
    admin_ws
        .send(&ClientMessage::LeaveRoom)
        .await
        .expect("leave");
    let ended = Instant::now();
    let took = wait_hallway(&cluster, 3, &bob, &id, false).await;
    live_hallway(&mut bob_ws, &room_id, false).await;
    eprintln!(
        "ended room gone from n3 after {took:?} (GET), {:?} (live)",
        ended.elapsed()
    );

    cluster.stop().await;
}

/// Waits on `ws` for an update of `user` in room `id` for which `want` holds.
async fn participant(
    ws: &mut Signaling,
    id: &RoomId,
    user: stoa_proto::UserId,
    want: impl Fn(&stoa_proto::ws::Participant) -> bool,
    what: &str,
) {
    ws.wait_for(
        |m| match m {
            ServerMessage::ParticipantUpdated {
                room_id,
                participant,
            } => room_id == id && participant.user.id == user && want(participant),
            ServerMessage::ParticipantsUpdated {
                room_id,
                participants,
            } => room_id == id && participants.iter().any(|p| p.user.id == user && want(p)),
            _ => false,
        },
        T,
    )
    .await
    .unwrap_or_else(|e| panic!("{what}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_whose_socket_is_on_another_node_takes_part_in_the_room() {
    let Some(cluster) = Cluster::start_clustered("cluster_rooms::remote_member").await else {
        return;
    };
    let carol = cluster.sign_up("carol", 3).await;
    // The admin hosts a room on n1.
    let room = call(
        &cluster.member(Some(1), &cluster.admin),
        Method::POST,
        "/api/rooms",
        Some(json!({"title": "Across nodes", "kind": "open"})),
    )
    .await;
    assert_eq!(
        (room.status, room.upstream.as_str()),
        (201, "n1"),
        "{room:?}"
    );
    let id = room.body["id"].as_str().expect("id").to_string();
    let room_id = RoomId(id.clone());
    let mut host_ws = cluster.socket_on(&cluster.admin, 1).await;
    let host_snapshot = host_ws
        .join_room(&room_id, T)
        .await
        .expect("host joins on n1");
    let host = host_snapshot.participants[0].user.id;
    wait_hallway(&cluster, 3, &carol, &id, true).await;

    // Carol's socket is on n3: she joins the room that runs on n1 and sees the host in it.
    let mut carol_ws = cluster.socket_on(&carol, 3).await;
    let started = Instant::now();
    let snapshot = carol_ws.join_room(&room_id, T).await.expect("join from n3");
    eprintln!("joined a room on n1 from n3 in {:?}", started.elapsed());
    assert!(
        snapshot.participants.iter().any(|p| p.user.id == host),
        "the snapshot lists the host: {snapshot:?}"
    );
    let me = snapshot
        .participants
        .iter()
        .find(|p| p.user.username == "carol")
        .expect("carol is in the snapshot")
        .user
        .id;
    assert_eq!(rooms_run_by(&cluster, 3).await, 0, "the room stays on n1");
    participant(
        &mut host_ws,
        &room_id,
        me,
        |_| true,
        "the host sees carol join",
    )
    .await;

    // She raises her hand; the host on n1 sees it.
    carol_ws
        .send(&ClientMessage::RaiseHand)
        .await
        .expect("raise");
    participant(&mut host_ws, &room_id, me, |p| p.hand_raised, "hand raised").await;

    // The host invites her to speak: the invite reaches n3; she accepts.
    host_ws
        .send(&ClientMessage::InviteToSpeak { user_id: me })
        .await
        .expect("invite");
    carol_ws
        .wait_for(
            |m| matches!(m, ServerMessage::SpeakInvite { room_id: r, .. } if *r == room_id),
            T,
        )
        .await
        .expect("the invite reaches n3");
    carol_ws
        .send(&ClientMessage::AcceptSpeakInvite)
        .await
        .expect("accept");
    participant(
        &mut host_ws,
        &room_id,
        me,
        |p| p.role == stoa_proto::RoomRole::Speaker,
        "carol on stage",
    )
    .await;
    participant(
        &mut carol_ws,
        &room_id,
        me,
        |p| p.role == stoa_proto::RoomRole::Speaker && !p.muted,
        "carol sees herself on stage",
    )
    .await;

    // The host mutes her: she sees it on n3.
    host_ws
        .send(&ClientMessage::Mute { user_id: me })
        .await
        .expect("mute");
    participant(
        &mut carol_ws,
        &room_id,
        me,
        |p| p.muted,
        "carol sees her mute",
    )
    .await;

    // Audio across nodes is refused clearly for now.
    carol_ws
        .send(&ClientMessage::Offer { sdp: "v=0".into() })
        .await
        .expect("offer");
    let refused = carol_ws
        .wait_map(
            |m| match m {
                ServerMessage::Error { code, message, .. } => Some((*code, message.clone())),
                _ => None,
            },
            T,
        )
        .await
        .expect("offer refused");
    assert_eq!(refused.0, stoa_proto::ErrorCode::BadOffer, "{refused:?}");
    assert!(refused.1.contains("across nodes"), "{refused:?}");

    // She leaves from n3: the host on n1 sees it.
    carol_ws
        .send(&ClientMessage::LeaveRoom)
        .await
        .expect("leave");
    host_ws
        .wait_for(
            |m| {
                matches!(m, ServerMessage::ParticipantLeft { room_id: r, user_id, .. }
                    if *r == room_id && *user_id == me)
            },
            T,
        )
        .await
        .expect("the host sees carol leave");

    cluster.stop().await;
}

/// A room on n1 hosted by the admin (socket on n1) and `carol` (socket on n3) in it; returns
/// the room's id, both sockets and carol's id.
async fn room_across(
    cluster: &Cluster,
    title: &str,
) -> (RoomId, Signaling, Signaling, stoa_proto::UserId) {
    let carol = cluster.sign_up("carol", 3).await;
    let room = call(
        &cluster.member(Some(1), &cluster.admin),
        Method::POST,
        "/api/rooms",
        Some(json!({"title": title, "kind": "open"})),
    )
    .await;
    assert_eq!(
        (room.status, room.upstream.as_str()),
        (201, "n1"),
        "{room:?}"
    );
    let id = room.body["id"].as_str().expect("id").to_string();
    let room_id = RoomId(id.clone());
    let mut host_ws = cluster.socket_on(&cluster.admin, 1).await;
    host_ws
        .join_room(&room_id, T)
        .await
        .expect("host joins on n1");
    wait_hallway(cluster, 3, &carol, &id, true).await;
    let mut carol_ws = cluster.socket_on(&carol, 3).await;
    let snapshot = carol_ws.join_room(&room_id, T).await.expect("join from n3");
    let me = snapshot
        .participants
        .iter()
        .find(|p| p.user.username == "carol")
        .expect("carol is in the snapshot")
        .user
        .id;
    (room_id, host_ws, carol_ws, me)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_member_whose_node_dies_is_disconnected_in_the_room() {
    let Some(mut cluster) = Cluster::start_clustered("cluster_rooms::remote_node_dies").await
    else {
        return;
    };
    let (room_id, mut host_ws, _carol_ws, me) = room_across(&cluster, "Outlives n3").await;
    participant(&mut host_ws, &room_id, me, |p| p.connected, "carol in").await;
    // n3 dies: the room on n1 stops hearing from it and starts carol's reconnect grace.
    let killed = Instant::now();
    cluster.kill(3).await;
    host_ws
        .wait_for(
            |m| match m {
                ServerMessage::ParticipantUpdated { participant, .. } => {
                    participant.user.id == me && !participant.connected
                }
                ServerMessage::ParticipantsUpdated { participants, .. } => {
                    participants.iter().any(|p| p.user.id == me && !p.connected)
                }
                _ => false,
            },
            TAKEOVER_WITHIN,
        )
        .await
        .expect("carol disconnected once n3 is silent");
    eprintln!("carol disconnected {:?} after n3 died", killed.elapsed());
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_member_whose_room_moves_gets_an_error_and_joins_again() {
    let Some(mut cluster) = Cluster::start_clustered("cluster_rooms::remote_room_moves").await
    else {
        return;
    };
    let (room_id, _host_ws, mut carol_ws, me) = room_across(&cluster, "Moves").await;
    let killed = Instant::now();
    cluster.kill(1).await;
    // Her next command fails (n1 does not answer, or no longer runs the room).
    carol_ws
        .send(&ClientMessage::RaiseHand)
        .await
        .expect("raise");
    let refused = carol_ws
        .wait_map(
            |m| match m {
                ServerMessage::Error { code, message, .. } => Some((*code, message.clone())),
                _ => None,
            },
            T,
        )
        .await
        .expect("an error once n1 is gone");
    eprintln!("after n1 died: {refused:?}");
    // Once a survivor took the room over, joining again reaches it: she is still in it.
    let snapshot = loop {
        match carol_ws.join_room(&room_id, T).await {
            Ok(snapshot) => break snapshot,
            Err(err) => {
                assert!(
                    killed.elapsed() < TAKEOVER_WITHIN,
                    "no rejoin after the takeover: {err}"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    eprintln!("rejoined {:?} after n1 died", killed.elapsed());
    assert!(
        snapshot.participants.iter().any(|p| p.user.id == me),
        "{snapshot:?}"
    );
    cluster.stop().await;
}
