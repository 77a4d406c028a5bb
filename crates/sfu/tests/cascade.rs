//! Rooms across nodes: an origin SFU and an edge SFU on loopback, real str0m clients on both,
//! the link set up as the service does it (the edge's offer, the origin's accept).

mod support;

use std::time::Duration;

use stoa_proto::{RoomId, UserId};
use stoa_sfu::relay::Upstream;
use stoa_sfu::{start, SfuConfig, SfuEvent, SfuHandle};
use support::{pump_until, talk, TestClient};
use tokio::sync::mpsc::UnboundedReceiver;

const ROOM: &str = "cascade";

async fn sfu() -> (SfuHandle, UnboundedReceiver<SfuEvent>) {
    start(SfuConfig {
        send_threads: 0,
        ..SfuConfig::loopback()
    })
    .await
    .expect("sfu starts")
}

fn room() -> RoomId {
    RoomId(ROOM.into())
}

/// The link from `edge` to `origin` for the room, as the service sets it up.
async fn link(origin: &SfuHandle, edge: &SfuHandle) -> Upstream {
    let offer = edge.offer_upstream(room(), "origin").await.unwrap();
    let accept = origin.accept_edge(room(), offer.clone()).await.unwrap();
    Upstream {
        origin_node: "origin".into(),
        offer,
        accept,
    }
}

async fn connected(clients: &mut [&mut TestClient], events: &mut UnboundedReceiver<SfuEvent>) {
    let mut seen = Vec::new();
    let ok = pump_until(
        clients,
        events,
        &mut seen,
        Duration::from_secs(10),
        |cs, _| cs.iter().all(|c| c.connected),
    )
    .await;
    assert!(ok, "every client connects");
}

/// Client `sender` talks (frames tagged `tag`, every 20 ms) until `done`, at most 5 s.
async fn talk_until(
    sender: usize,
    tag: u8,
    clients: &mut [&mut TestClient],
    events: &mut UnboundedReceiver<SfuEvent>,
    seen: &mut Vec<SfuEvent>,
    done: impl Fn(&[&mut TestClient]) -> bool,
) -> bool {
    for i in 0..250u8 {
        clients[sender].send_frame(&[0x58, tag, i, 0xAA, 0x55], -20);
        pump_until(clients, events, seen, Duration::from_millis(20), |_, _| {
            false
        })
        .await;
        if done(clients) {
            return true;
        }
    }
    false
}

/// Frames of `client` tagged `tag` (the talk helper's second payload byte).
fn heard(client: &TestClient, tag: u8) -> usize {
    client
        .got
        .iter()
        .filter(|g| g.data.get(1) == Some(&tag))
        .count()
}

#[tokio::test]
async fn a_speaker_on_the_origin_is_heard_on_the_edge_through_one_relay_stream() {
    let (origin, mut events) = sfu().await;
    let (edge, _edge_events) = sfu().await;
    let mut speaker = TestClient::connect(&origin, ROOM, 1, true).await;
    let up = link(&origin, &edge).await;
    let mut l1 = TestClient::connect_edge(&edge, ROOM, 2, false, up.clone()).await;
    // A second member of the same room on the edge reuses its link.
    let up2 = link(&origin, &edge).await;
    assert_eq!(up2, up, "one link per room and edge");
    let mut l2 = TestClient::connect_edge(&edge, ROOM, 3, false, up2).await;
    let mut clients = [&mut speaker, &mut l1, &mut l2];
    connected(&mut clients, &mut events).await;

    let before = origin.stats().relay_sent;
    talk(0, &mut clients, &mut events, &mut Vec::new(), 40, 7).await;
    for l in [1, 2] {
        let got = heard(clients[l], 7);
        assert!(got >= 30, "edge listener {l} heard {got} of 40 frames");
        assert!(clients[l].got.iter().all(|g| g.slot == 0), "on slot 0");
    }
    let sent = origin.stats().relay_sent - before;
    assert!(
        (40..=50).contains(&sent),
        "the origin sent each packet once to the edge (plus keepalives), not once per listener: {sent}"
    );
    assert_eq!(edge.stats().relay_rejected, 0);
}

#[tokio::test]
async fn an_edge_speaker_is_relayed_only_while_the_origin_permits() {
    let (origin, mut events) = sfu().await;
    let (edge, _edge_events) = sfu().await;
    let mut on_origin = TestClient::connect(&origin, ROOM, 1, false).await;
    let up = link(&origin, &edge).await;
    let mut speaker = TestClient::connect_edge(&edge, ROOM, 2, false, up.clone()).await;
    let mut neighbour = TestClient::connect_edge(&edge, ROOM, 3, false, up).await;
    let mut clients = [&mut on_origin, &mut speaker, &mut neighbour];
    connected(&mut clients, &mut events).await;

    // In the audience: nothing leaves the edge but its keepalives.
    let sent_before = edge.stats().relay_sent;
    talk(1, &mut clients, &mut events, &mut Vec::new(), 25, 1).await;
    assert_eq!(
        heard(clients[0], 1) + heard(clients[2], 1),
        0,
        "nobody hears the audience"
    );
    let sent = edge.stats().relay_sent - sent_before;
    assert!(sent <= 2, "only keepalives went up: {sent}");
    assert!(
        edge.stats().dropped_not_allowed >= 20,
        "dropped at the edge"
    );

    // On stage: the origin's permit reaches the edge, and everyone else hears the speaker.
    origin.set_can_publish(room(), UserId(2), true);
    let mut seen = Vec::new();
    let ok = talk_until(1, 2, &mut clients, &mut events, &mut seen, |cs| {
        heard(cs[0], 2) > 0
    })
    .await;
    assert!(
        ok,
        "the origin's listener hears the edge speaker once permitted"
    );
    talk(1, &mut clients, &mut events, &mut seen, 40, 3).await;
    assert!(
        heard(clients[0], 3) >= 30,
        "origin listener: {}",
        heard(clients[0], 3)
    );
    assert!(
        heard(clients[2], 3) >= 30,
        "edge neighbour: {}",
        heard(clients[2], 3)
    );
    assert_eq!(heard(clients[1], 3), 0, "a speaker never hears itself");
    assert!(
        seen.iter().any(
            |e| matches!(e, SfuEvent::Slots { slots, .. } if slots.contains(&Some(UserId(2))))
        ),
        "the origin gave the edge speaker a slot"
    );

    // Muted again: the origin stops it at once (what is still on the way is dropped there), the
    // edge as soon as the permits arrive.
    origin.set_can_publish(room(), UserId(2), false);
    let dropped = edge.stats().dropped_not_allowed;
    let ok = talk_until(1, 4, &mut clients, &mut events, &mut seen, |_| {
        edge.stats().dropped_not_allowed > dropped
    })
    .await;
    assert!(ok, "the edge learns of the mute");
    assert_eq!(
        heard(clients[0], 4) + heard(clients[2], 4),
        0,
        "nothing after the mute is heard"
    );
    let up_before = edge.stats().relay_sent;
    talk(1, &mut clients, &mut events, &mut seen, 25, 5).await;
    assert_eq!(
        heard(clients[0], 5) + heard(clients[2], 5),
        0,
        "nobody hears the muted speaker"
    );
    assert!(
        edge.stats().relay_sent - up_before <= 2,
        "the edge stopped sending up"
    );
}

#[tokio::test]
async fn datagrams_with_a_wrong_key_or_link_change_nothing() {
    let (origin, mut events) = sfu().await;
    let (edge, _edge_events) = sfu().await;
    let up = link(&origin, &edge).await;
    let mut listener = TestClient::connect_edge(&edge, ROOM, 2, false, up.clone()).await;
    let mut clients = [&mut listener];
    connected(&mut clients, &mut events).await;
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut forged = Upstream {
        offer: stoa_sfu::relay::EdgeOffer {
            down_key: [9; 16],
            ..up.offer.clone()
        },
        ..up.clone()
    };
    forged.accept.link = up.offer.link;
    // Sealed with the wrong key, for the right link; and for a link that does not exist.
    let mut sealer = stoa_sfu::relay::frame::Sealer::new(&forged.offer.down_key, up.offer.link);
    let mut bytes = Vec::new();
    let body = stoa_sfu::relay::frame::MediaBody {
        vslot: 0,
        speaker: UserId(1),
        ssrc: 1,
        seq: 1,
        timestamp: 0,
        marker: false,
        level: None,
        voice: None,
        payload: &[0x58, 9, 9],
    };
    sealer.seal(
        stoa_sfu::relay::frame::Kind::Media,
        &mut bytes,
        body.wire_len(),
        |o| {
            body.write(o);
        },
    );
    socket.send_to(&bytes, edge.local_addr()).unwrap();
    let mut other = stoa_sfu::relay::frame::Sealer::new(&up.offer.down_key, up.offer.link ^ 1);
    other.seal(
        stoa_sfu::relay::frame::Kind::Media,
        &mut bytes,
        body.wire_len(),
        |o| {
            body.write(o);
        },
    );
    socket.send_to(&bytes, edge.local_addr()).unwrap();
    let ok = pump_until(
        &mut clients,
        &mut events,
        &mut Vec::new(),
        Duration::from_secs(5),
        |_, _| edge.stats().relay_rejected >= 2,
    )
    .await;
    assert!(ok, "both refused: {:?}", edge.stats());
    assert_eq!(heard(clients[0], 9), 0);
}
