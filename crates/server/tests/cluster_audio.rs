//! Audio across nodes (cluster mode): a room's origin forwards each speaker once to every node
//! where members listen (an edge), which fans it out; speakers on edges are relayed to the
//! origin only while they may publish. Real `stoa` processes, real WebRTC bots with real Opus,
//! checked on the decoded audio; every client reaches the cluster through HAProxy.

mod cluster_support;

use std::time::{Duration, Instant};

use cluster_support::room::participant;
use cluster_support::{Cluster, SIGNALING_WITHIN as T};
use stoa_client::{AudioSource, MediaSession, RoomPresence, Signaling};
use stoa_proto::ws::ClientMessage;
use stoa_proto::{RoomId, RoomRole, UserId};

const HOST_HZ: f32 = 440.0;
const AUDIENCE_HZ: f32 = 880.0;
/// How long a member may take to hear a speaker once its media is up.
const HEAR_WITHIN: Duration = Duration::from_secs(5);
/// How long audio may take to come back after a node died (the target is 5 s, measured in
/// `stoa-bench cluster`; the bound leaves room for a busy machine).
const AGAIN_WITHIN: Duration = Duration::from_secs(15);

/// A member with a socket on one node and media on the same node.
struct Member {
    ws: Signaling,
    media: MediaSession,
    id: UserId,
}

/// `token`'s member joins `room` through node `pin` and sends `source`.
async fn join(
    cluster: &Cluster,
    token: &str,
    pin: usize,
    room: &RoomId,
    source: AudioSource,
) -> Member {
    let mut ws = cluster.socket_on(token, pin).await;
    let snapshot = ws.join_room(room, T).await.expect("join");
    let me = cluster_support::call(
        &cluster.member(None, token),
        reqwest::Method::GET,
        "/api/me",
        None,
    )
    .await;
    let id = UserId(me.body["id"].as_i64().expect("my id"));
    assert!(
        snapshot.participants.iter().any(|p| p.user.id == id),
        "{snapshot:?}"
    );
    let media = MediaSession::connect(&mut ws, source)
        .await
        .expect("media session");
    media.wait_connected(T).await.expect("media connects");
    Member { ws, media, id }
}

/// A room that runs on n1, its host (the admin) talking from n2 and carol listening on n3.
async fn hosted_from_n2(cluster: &Cluster, title: &str) -> (RoomId, Member, Member) {
    let carol = cluster.sign_up("carol", 3).await;
    let room = cluster.open_room(title, 1).await;
    let host = join(
        cluster,
        &cluster.admin,
        2,
        &room,
        AudioSource::tone(HOST_HZ),
    )
    .await;
    let carol = join(cluster, &carol, 3, &room, AudioSource::Silence).await;
    (room, host, carol)
}

/// Waits until `user` is connected in `room`, as `state` (the room's snapshot) or a later
/// update on `ws` says.
async fn back(
    ws: &mut Signaling,
    state: &stoa_proto::ws::RoomSnapshot,
    room: &RoomId,
    user: UserId,
    who: &str,
) {
    if !state
        .participants
        .iter()
        .any(|p| p.user.id == user && p.connected)
    {
        participant(
            ws,
            room,
            user,
            |p| p.connected,
            &format!("{who} back in the room"),
        )
        .await;
    }
}

/// Asserts that nobody in `listeners` hears `freq` for the whole `window`.
async fn nobody_hears(listeners: &[(&str, &MediaSession)], freq: f32, window: Duration) {
    let end = Instant::now() + window;
    while Instant::now() < end {
        for (who, l) in listeners {
            assert!(!l.hears_tone(freq), "{who} hears {freq} Hz");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listeners_on_other_nodes_hear_the_stage_and_nobody_hears_the_audience() {
    let Some(cluster) = Cluster::start_clustered("cluster_audio::across").await else {
        return;
    };
    let bob = cluster.sign_up("bob", 2).await;
    let carol = cluster.sign_up("carol", 3).await;
    let dave = cluster.sign_up("dave", 3).await;
    let room = cluster.open_room("Tones across nodes", 1).await;
    let mut host = join(
        &cluster,
        &cluster.admin,
        1,
        &room,
        AudioSource::tone(HOST_HZ),
    )
    .await;
    assert_eq!(cluster.rooms_run_by(1).await, 1, "the room runs on n1");

    // Listeners on n2 and n3 hear the host on n1.
    let mut bob = join(&cluster, &bob, 2, &room, AudioSource::Silence).await;
    let carol = join(&cluster, &carol, 3, &room, AudioSource::Silence).await;
    for (who, m) in [("bob on n2", &bob), ("carol on n3", &carol)] {
        m.media
            .wait_for_tone(HOST_HZ, HEAR_WITHIN)
            .await
            .unwrap_or_else(|e| panic!("{who} hears the host: {e}"));
    }
    assert_eq!(
        cluster.rooms_run_by(2).await + cluster.rooms_run_by(3).await,
        0
    );

    // An audience member on n3 sending 880 Hz is heard by nobody.
    let dave = join(&cluster, &dave, 3, &room, AudioSource::tone(AUDIENCE_HZ)).await;
    let listeners = [
        ("the host on n1", &host.media),
        ("bob on n2", &bob.media),
        ("carol on n3", &carol.media),
    ];
    nobody_hears(&listeners, AUDIENCE_HZ, Duration::from_millis(1500)).await;
    assert!(dave.media.frames_sent() > 50, "dave really sent audio");
    assert!(carol.media.hears_tone(HOST_HZ), "the host is still heard");

    // Bob (n2) comes on stage and becomes a moderator; he mutes the host: everyone hears
    // silence where the host was.
    host.ws
        .send(&ClientMessage::InviteToSpeak { user_id: bob.id })
        .await
        .expect("invite");
    bob.ws
        .wait_for(
            |m| matches!(m, stoa_proto::ws::ServerMessage::SpeakInvite { .. }),
            T,
        )
        .await
        .expect("the invite reaches n2");
    bob.ws
        .send(&ClientMessage::AcceptSpeakInvite)
        .await
        .expect("accept");
    participant(
        &mut host.ws,
        &room,
        bob.id,
        |p| p.role == RoomRole::Speaker,
        "bob on stage",
    )
    .await;
    host.ws
        .send(&ClientMessage::MakeModerator { user_id: bob.id })
        .await
        .expect("make moderator");
    participant(
        &mut bob.ws,
        &room,
        bob.id,
        |p| p.role == RoomRole::Moderator,
        "bob moderates",
    )
    .await;
    bob.ws
        .send(&ClientMessage::Mute { user_id: host.id })
        .await
        .expect("mute");
    participant(
        &mut host.ws,
        &room,
        host.id,
        |p| p.muted,
        "the host sees the mute",
    )
    .await;
    for (who, m) in [("bob on n2", &bob.media), ("carol on n3", &carol.media)] {
        m.wait_until_not_hearing(HOST_HZ, HEAR_WITHIN)
            .await
            .unwrap_or_else(|e| panic!("{who} stops hearing the muted host: {e}"));
    }
    nobody_hears(
        &[("bob on n2", &bob.media), ("carol on n3", &carol.media)],
        HOST_HZ,
        Duration::from_millis(1000),
    )
    .await;
    assert!(host.media.frames_sent() > 100, "the host kept sending");
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_whose_node_dies_hears_again_through_another_node() {
    let Some(mut cluster) = Cluster::start_clustered("cluster_audio::edge_dies").await else {
        return;
    };
    let bob = cluster.sign_up("bob", 2).await;
    let room = cluster.open_room("Survives n2", 1).await;
    let host = join(
        &cluster,
        &cluster.admin,
        1,
        &room,
        AudioSource::tone(HOST_HZ),
    )
    .await;
    // Bob's client stays in the room by itself (as the web client does), through the load
    // balancer; it starts on n2.
    let listener = RoomPresence::join(
        cluster.member(Some(2), &bob),
        room.clone(),
        AudioSource::Silence,
    )
    .await
    .expect("bob joins on n2");
    listener
        .wait_for_tone(HOST_HZ, HEAR_WITHIN)
        .await
        .expect("bob hears the host");

    let killed = Instant::now();
    cluster.kill(2).await;
    listener
        .wait_for_tone(HOST_HZ, AGAIN_WITHIN)
        .await
        .expect("bob hears the host again through another node");
    eprintln!(
        "bob heard the host again {:?} after n2 died",
        killed.elapsed()
    );
    assert_eq!(listener.rejoins(), 1);
    assert!(host.media.hears_tone(HOST_HZ) || host.media.frames_sent() > 0);
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_origin_dies_the_room_moves_with_its_stage_and_is_heard_again() {
    let Some(mut cluster) = Cluster::start_clustered("cluster_audio::origin_dies").await else {
        return;
    };
    let (room, mut host, mut carol) = hosted_from_n2(&cluster, "Outlives its origin").await;
    carol
        .media
        .wait_for_tone(HOST_HZ, HEAR_WITHIN)
        .await
        .expect("carol hears the host");
    assert_eq!(cluster.rooms_run_by(1).await, 1);

    let killed = Instant::now();
    cluster.kill(1).await;
    carol
        .media
        .wait_until_not_hearing(HOST_HZ, AGAIN_WITHIN)
        .await
        .expect("silence once n1 died");
    // Nobody reconnects: the room moves, the members' nodes follow it, the audio comes back.
    carol
        .media
        .wait_for_tone(HOST_HZ, AGAIN_WITHIN)
        .await
        .expect("carol hears the host again after the room moved");
    eprintln!(
        "carol heard the host again {:?} after the origin died",
        killed.elapsed()
    );
    let moved_to = if cluster.rooms_run_by(2).await == 1 {
        2
    } else {
        3
    };
    assert_eq!(
        cluster.rooms_run_by(2).await + cluster.rooms_run_by(3).await,
        1
    );
    eprintln!("the room moved to n{moved_to}");
    // The stage is intact: the host still moderates and can act.
    participant(
        &mut host.ws,
        &room,
        host.id,
        |p| p.role == RoomRole::Moderator,
        "host moderates",
    )
    .await;
    host.ws
        .send(&ClientMessage::Mute { user_id: host.id })
        .await
        .expect("mute");
    participant(
        &mut carol.ws,
        &room,
        host.id,
        |p| p.muted,
        "carol sees the host muted",
    )
    .await;
    carol
        .media
        .wait_until_not_hearing(HOST_HZ, HEAR_WITHIN)
        .await
        .expect("the muted host is silent");

    // n1 comes back: it does not restore the room a second time.
    cluster.restart(1).await;
    assert_eq!(cluster.rooms_run_by(1).await, 0);
    assert_eq!(
        cluster.rooms_run_by(2).await + cluster.rooms_run_by(3).await,
        1
    );
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draining_a_node_moves_its_rooms_and_clients_and_removes_nobody() {
    let Some(mut cluster) = Cluster::start_clustered("cluster_audio::drain").await else {
        return;
    };
    let bob_token = cluster.sign_up("bob", 1).await;
    // The room and one listener (bob) are on n1; its host talks from n2, carol listens on n3.
    let (room, mut host, carol) = hosted_from_n2(&cluster, "Drained").await;
    let bob = RoomPresence::join(
        cluster.member(Some(1), &bob_token),
        room.clone(),
        AudioSource::Silence,
    )
    .await
    .expect("bob joins on n1");
    carol
        .media
        .wait_for_tone(HOST_HZ, HEAR_WITHIN)
        .await
        .expect("carol hears the host");
    bob.wait_for_tone(HOST_HZ, HEAR_WITHIN)
        .await
        .expect("bob hears the host");

    // n1 is stopped for an upgrade: its room moves, bob's client reconnects elsewhere.
    let drained = Instant::now();
    cluster.drain(1).await;
    bob.wait_for_rejoins(1, AGAIN_WITHIN)
        .await
        .expect("bob joins again elsewhere");
    bob.wait_for_tone(HOST_HZ, AGAIN_WITHIN)
        .await
        .expect("bob hears the host again");
    eprintln!(
        "bob heard the host again {:?} after n1 was drained",
        drained.elapsed()
    );
    assert_eq!(
        cluster.rooms_run_by(2).await + cluster.rooms_run_by(3).await,
        1
    );
    // Nobody was removed: the room's new origin sent the host (who followed it without
    // reconnecting) the room's state; the others are back in it as they follow or reconnect.
    let state = host
        .ws
        .wait_map(
            |m| match m {
                stoa_proto::ws::ServerMessage::RoomState { room: state, .. }
                    if state.id == room =>
                {
                    Some(state.clone())
                }
                _ => None,
            },
            T,
        )
        .await
        .expect("the moved room's state");
    assert!(
        state
            .participants
            .iter()
            .any(|p| p.user.username == "admin"),
        "{state:?}"
    );
    // Carol followed the room without reconnecting: she is back in it.
    back(&mut host.ws, &state, &room, carol.id, "carol").await;
    // Bob, whose client reconnected through another node, is back in it too.
    let me = cluster_support::call(
        &cluster.member(None, &bob_token),
        reqwest::Method::GET,
        "/api/me",
        None,
    )
    .await;
    let bob_id = UserId(me.body["id"].as_i64().expect("bob's id"));
    back(&mut host.ws, &state, &room, bob_id, "bob").await;
    carol
        .media
        .wait_for_tone(HOST_HZ, AGAIN_WITHIN)
        .await
        .expect("carol hears the host in the moved room");
    cluster.stop().await;
}
