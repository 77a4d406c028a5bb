//! Cluster mode (`--nats-url`): room signaling routed to the room's node. A member whose
//! WebSocket is on another node than the room's (its lease holder) joins it and takes part in
//! it through the origin; a dead member node or a moved room is noticed. Three `stoa`
//! processes share PostgreSQL and NATS behind HAProxy (see `cluster.rs` for the layout).

mod cluster_support;

use std::time::{Duration, Instant};

use cluster_support::room::participant;
use cluster_support::{Cluster, SIGNALING_WITHIN as T, TAKEOVER_WITHIN};
use stoa_client::Signaling;
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::RoomId;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_whose_socket_is_on_another_node_takes_part_in_the_room() {
    let Some(cluster) = Cluster::start_clustered("cluster_rooms::remote_member").await else {
        return;
    };
    let carol = cluster.sign_up("carol", 3).await;
    // The admin hosts a room on n1.
    let room_id = cluster.open_room("Across nodes", 1).await;
    let id = room_id.0.clone();
    let mut host_ws = cluster.socket_on(&cluster.admin, 1).await;
    let host_snapshot = host_ws
        .join_room(&room_id, T)
        .await
        .expect("host joins on n1");
    let host = host_snapshot.participants[0].user.id;
    cluster.wait_hallway(3, &carol, &id, true).await;

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
    assert_eq!(cluster.rooms_run_by(3).await, 0, "the room stays on n1");
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
        |p| p.role == stoa_proto::RoomRole::Speaker && p.muted,
        "carol sees herself on stage, muted",
    )
    .await;
    carol_ws
        .send(&ClientMessage::SetMuted { muted: false })
        .await
        .expect("unmute");
    participant(
        &mut host_ws,
        &room_id,
        me,
        |p| p.role == stoa_proto::RoomRole::Speaker && !p.muted,
        "the host sees carol unmuted",
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

    // Her media connects on n3 (an edge of the room): a malformed offer is refused there as
    // it would be on the room's own node.
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
    let room_id = cluster.open_room(title, 1).await;
    let id = room_id.0.clone();
    let mut host_ws = cluster.socket_on(&cluster.admin, 1).await;
    host_ws
        .join_room(&room_id, T)
        .await
        .expect("host joins on n1");
    cluster.wait_hallway(3, &carol, &id, true).await;
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
