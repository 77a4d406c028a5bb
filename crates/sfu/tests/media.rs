//! End-to-end: real str0m clients over loopback UDP through the SFU.

mod support;

use std::time::Duration;

use stoa_proto::{RoomId, UserId, AUDIO_SLOTS};
use stoa_sfu::{start, EgressMode, SfuConfig, SfuError, SfuEvent, SfuHandle};
use support::{last_slots, pump_until, talk, talk_many, TestClient};
use tokio::sync::mpsc::UnboundedReceiver;

async fn sfu() -> (SfuHandle, UnboundedReceiver<SfuEvent>) {
    sfu_with(EgressMode::default()).await
}

async fn sfu_with(egress: EgressMode) -> (SfuHandle, UnboundedReceiver<SfuEvent>) {
    start(SfuConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        public_ips: Vec::new(),
        egress,
        send_threads: 0,
        settle_after: Some(stoa_sfu::settle::SETTLE_AFTER),
        max_connecting: stoa_sfu::DEFAULT_MAX_CONNECTING,
    })
    .await
    .expect("sfu starts")
}

async fn connect_all(
    clients: &mut [&mut TestClient],
    events: &mut UnboundedReceiver<SfuEvent>,
    seen: &mut Vec<SfuEvent>,
) {
    let n = clients.len();
    let ok = pump_until(clients, events, seen, Duration::from_secs(5), |cs, evs| {
        cs.iter().all(|c| c.connected)
            && evs
                .iter()
                .filter(|e| matches!(e, SfuEvent::Connected { .. }))
                .count()
                >= n
    })
    .await;
    assert!(ok, "all clients connect within 5 s; events: {seen:?}");
}

#[tokio::test]
async fn allowed_publisher_reaches_others_on_slot_0() {
    publisher_reaches_listener_on_slot_0(EgressMode::Direct).await;
}

/// str0m's own send path (kept for comparison in the bench) delivers the same.
#[tokio::test]
async fn str0m_egress_delivers_the_same() {
    publisher_reaches_listener_on_slot_0(EgressMode::Str0m).await;
}

async fn publisher_reaches_listener_on_slot_0(egress: EgressMode) {
    let (sfu, mut events) = sfu_with(egress).await;
    let mut seen = Vec::new();
    let mut a = TestClient::connect(&sfu, "r1", 1, true).await;
    let mut b = TestClient::connect(&sfu, "r1", 2, false).await;
    assert_eq!(sfu.stats().peers, 2);
    let mut clients = [&mut a, &mut b];
    connect_all(&mut clients, &mut events, &mut seen).await;

    talk(0, &mut clients, &mut events, &mut seen, 40, 7).await;

    let got_b = &clients[1].got;
    assert!(
        got_b.len() >= 30,
        "listener got {} of 40 frames",
        got_b.len()
    );
    assert!(
        got_b.iter().all(|g| g.slot == 0),
        "all on slot 0: {got_b:?}"
    );
    assert!(
        got_b.iter().all(|g| g.data[..2] == [0x58, 7]),
        "payload intact"
    );
    assert!(
        got_b.iter().all(|g| g.audio_level == Some(-20)),
        "audio level forwarded"
    );
    // Slot stream timestamps advance by one frame per packet.
    for w in got_b.windows(2) {
        assert_eq!(
            w[1].rtp_time - w[0].rtp_time,
            960 * u64::from(w[1].data[2].wrapping_sub(w[0].data[2]))
        );
    }
    assert!(clients[0].got.is_empty(), "no echo to the speaker");

    let stats = sfu.stats();
    assert!(stats.packets_in >= 30, "{stats:?}");
    assert!(stats.packets_forwarded >= got_b.len() as u64, "{stats:?}");
    let direct = match egress {
        EgressMode::Direct => stats.packets_forwarded,
        EgressMode::Str0m => 0,
    };
    assert_eq!(stats.packets_direct, direct, "{stats:?}");
    assert_eq!(stats.dropped_not_allowed, 0);
    assert!(
        seen.contains(&SfuEvent::Slots {
            room: RoomId("r1".into()),
            slots: vec![Some(UserId(1)), None, None, None],
        }),
        "{seen:?}"
    );
    assert!(
        seen.contains(&SfuEvent::Speaking {
            room: RoomId("r1".into()),
            users: vec![UserId(1)],
        }),
        "{seen:?}"
    );
}

#[tokio::test]
async fn not_allowed_is_dropped_until_permitted() {
    let (sfu, mut events) = sfu().await;
    let mut seen = Vec::new();
    let mut a = TestClient::connect(&sfu, "r2", 1, false).await;
    let mut b = TestClient::connect(&sfu, "r2", 2, false).await;
    let mut clients = [&mut a, &mut b];
    connect_all(&mut clients, &mut events, &mut seen).await;

    talk(0, &mut clients, &mut events, &mut seen, 20, 1).await;
    assert!(
        clients[1].got.is_empty(),
        "audience audio must not be forwarded"
    );
    let stats = sfu.stats();
    assert!(stats.dropped_not_allowed >= 15, "{stats:?}");
    assert_eq!(stats.packets_forwarded, 0);
    assert!(!seen.iter().any(|e| matches!(e, SfuEvent::Slots { .. })));

    sfu.set_can_publish(RoomId("r2".into()), UserId(1), true);
    talk(0, &mut clients, &mut events, &mut seen, 20, 2).await;
    let got_b = &clients[1].got;
    assert!(got_b.len() >= 15, "flows after permission: {}", got_b.len());
    assert!(got_b.iter().all(|g| g.slot == 0 && g.data[1] == 2));

    // Revoking frees the slot and stops the flow again.
    sfu.set_can_publish(RoomId("r2".into()), UserId(1), false);
    pump_until(
        &mut clients,
        &mut events,
        &mut seen,
        Duration::from_millis(50),
        |_, _| false,
    )
    .await;
    let before = clients[1].got.len();
    talk(0, &mut clients, &mut events, &mut seen, 10, 3).await;
    assert_eq!(clients[1].got.len(), before);
    assert!(seen.contains(&SfuEvent::Slots {
        room: RoomId("r2".into()),
        slots: vec![None, None, None, None],
    }));
}

#[tokio::test]
async fn two_speakers_get_two_slots_and_rooms_are_isolated() {
    let (sfu, mut events) = sfu().await;
    let mut seen = Vec::new();
    let mut a = TestClient::connect(&sfu, "r3", 1, true).await;
    let mut b = TestClient::connect(&sfu, "r3", 2, true).await;
    let mut c = TestClient::connect(&sfu, "r3", 3, false).await;
    let mut other = TestClient::connect(&sfu, "elsewhere", 4, false).await;
    let mut clients = [&mut a, &mut b, &mut c, &mut other];
    connect_all(&mut clients, &mut events, &mut seen).await;

    talk(0, &mut clients, &mut events, &mut seen, 10, 0xA).await;
    talk(1, &mut clients, &mut events, &mut seen, 10, 0xB).await;

    let got_c = &clients[2].got;
    let from_a: Vec<_> = got_c.iter().filter(|g| g.data[1] == 0xA).collect();
    let from_b: Vec<_> = got_c.iter().filter(|g| g.data[1] == 0xB).collect();
    assert!(from_a.len() >= 7 && from_b.len() >= 7, "{got_c:?}");
    assert!(from_a.iter().all(|g| g.slot == 0));
    assert!(from_b.iter().all(|g| g.slot == 1));
    // Speakers hear each other, on the other's slot.
    assert!(clients[0]
        .got
        .iter()
        .all(|g| g.data[1] == 0xB && g.slot == 1));
    assert!(clients[1]
        .got
        .iter()
        .all(|g| g.data[1] == 0xA && g.slot == 0));
    assert!(!clients[1].got.is_empty());
    assert!(clients[3].got.is_empty(), "another room hears nothing");
}

#[tokio::test]
async fn bad_offer_is_rejected_and_reconnect_replaces() {
    let (sfu, _events) = sfu().await;
    // An offer with a mic but no receive slots.
    let mut rtc = str0m::RtcConfig::new().build(std::time::Instant::now());
    rtc.add_local_candidate(str0m::Candidate::host("127.0.0.1:9".parse().unwrap(), "udp").unwrap());
    let mut api = rtc.sdp_api();
    api.add_media(
        str0m::media::MediaKind::Audio,
        str0m::media::Direction::SendOnly,
        None,
        None,
        None,
    );
    let (offer, _) = api.apply().unwrap();
    let err = sfu
        .connect(RoomId("r".into()), UserId(1), offer.to_sdp_string(), true)
        .await
        .unwrap_err();
    assert!(matches!(err, SfuError::BadOffer(_)), "{err}");
    assert_eq!(sfu.stats().peers, 0);

    let _first = TestClient::connect(&sfu, "r", 1, true).await;
    let _second = TestClient::connect(&sfu, "r", 1, true).await;
    assert_eq!(
        sfu.stats().peers,
        1,
        "same user again replaces the old peer"
    );
    sfu.remove_peer(RoomId("r".into()), UserId(1));
    // remove_peer is fire-and-forget; a later connect is ordered after it.
    let _third = TestClient::connect(&sfu, "r", 2, true).await;
    assert_eq!(sfu.stats().peers, 1);
}

/// A wildcard bind advertises exactly the public IPs it is given, and refuses one of a family
/// its socket cannot reach.
#[tokio::test]
async fn wildcard_bind_advertises_the_public_ips() {
    let config = |bind: &str, ips: &[&str]| SfuConfig {
        bind: bind.parse().unwrap(),
        public_ips: ips.iter().map(|ip| ip.parse().unwrap()).collect(),
        egress: Default::default(),
        send_threads: 0,
        settle_after: Some(stoa_sfu::settle::SETTLE_AFTER),
        max_connecting: stoa_sfu::DEFAULT_MAX_CONNECTING,
    };
    let (sfu, _events) = start(config("0.0.0.0:0", &["198.51.100.7", "203.0.113.9"]))
        .await
        .expect("starts");
    let port = sfu.local_addr().port();
    let want: Vec<std::net::SocketAddr> = vec![
        format!("198.51.100.7:{port}").parse().unwrap(),
        format!("203.0.113.9:{port}").parse().unwrap(),
    ];
    assert_eq!(sfu.candidates(), want);
    let err = start(config("0.0.0.0:0", &["2001:db8::1"]))
        .await
        .unwrap_err();
    assert!(matches!(err, SfuError::Config(_)), "{err}");
}

#[tokio::test]
async fn loud_fifth_speaker_takes_a_slot_and_the_slot_stream_stays_continuous() {
    let (sfu, mut events) = sfu().await;
    let mut seen = Vec::new();
    let mut c0 = TestClient::connect(&sfu, "r4", 10, false).await; // listener
    let mut c1 = TestClient::connect(&sfu, "r4", 11, true).await;
    let mut c2 = TestClient::connect(&sfu, "r4", 12, true).await;
    let mut c3 = TestClient::connect(&sfu, "r4", 13, true).await;
    let mut c4 = TestClient::connect(&sfu, "r4", 14, true).await;
    let mut c5 = TestClient::connect(&sfu, "r4", 15, true).await;
    let mut clients = [&mut c0, &mut c1, &mut c2, &mut c3, &mut c4, &mut c5];
    connect_all(&mut clients, &mut events, &mut seen).await;

    // Four quiet speakers fill the AUDIO_SLOTS + 1 virtual slots and hold them past MIN_HOLD.
    let quiet = [(1, -60), (2, -60), (3, -60), (4, -60)];
    talk_many(&quiet, &mut clients, &mut events, &mut seen, 60).await;
    let full = last_slots(&seen);
    assert!(full.iter().all(Option::is_some), "{full:?}");
    assert_eq!(full.len(), AUDIO_SLOTS + 1);
    // The holder of the last virtual slot (which the listener does not receive) is louder, so
    // the challenger replaces someone the listener hears.
    let mut crowd: Vec<(usize, i8)> = (1..=4)
        .map(|i| {
            let last = full[AUDIO_SLOTS] == Some(UserId(10 + i as i64));
            (i, if last { -40 } else { -60 })
        })
        .collect();
    // A loud fifth joins in.
    crowd.push((5, -10));
    talk_many(&crowd, &mut clients, &mut events, &mut seen, 40).await;

    let got = &clients[0].got;
    let from5: Vec<_> = got.iter().filter(|g| g.data[1] == 5).collect();
    assert!(
        from5.len() >= 20,
        "the loud speaker is heard: {} frames",
        from5.len()
    );
    let k = from5[0].slot;
    assert!(from5.iter().all(|g| g.slot == k), "and stays on one slot");
    assert_eq!(last_slots(&seen)[k], Some(UserId(15)));
    // The slot's stream is continuous across the switch: one frame (960) per packet.
    let on_k: Vec<_> = got.iter().filter(|g| g.slot == k).collect();
    let switch = on_k.iter().position(|g| g.data[1] == 5).unwrap();
    assert!(switch > 0, "someone held slot {k} before");
    for w in on_k.windows(2) {
        assert_eq!(
            w[1].rtp_time - w[0].rtp_time,
            960,
            "{:?} -> {:?}",
            w[0],
            w[1]
        );
    }
}

/// A fan-out bigger than `SPLIT_AT` datagrams is shared with a sender thread: every listener
/// still gets every frame, intact.
#[tokio::test]
async fn big_fanout_through_a_sender_thread_reaches_every_listener() {
    big_fanout("127.0.0.1:0", &[]).await;
}

/// The same through a dual-stack socket (`[::]`, IPv4 clients arrive v4-mapped), advertising
/// loopback only so no datagram leaves the machine: the core sees plain IPv4, and the driver
/// and the sender thread map it back on the way out.
#[tokio::test]
async fn dual_stack_socket_serves_ipv4_clients_on_every_send_path() {
    if std::net::UdpSocket::bind("[::1]:0").is_err() {
        return; // no IPv6 here: `[::]` falls back to 0.0.0.0 (covered by the unit tests)
    }
    big_fanout("[::]:0", &["127.0.0.1"]).await;
}

async fn big_fanout(bind: &str, public_ips: &[&str]) {
    let (sfu, mut events) = start(SfuConfig {
        bind: bind.parse().unwrap(),
        public_ips: public_ips.iter().map(|ip| ip.parse().unwrap()).collect(),
        egress: EgressMode::Direct,
        send_threads: 1,
        settle_after: Some(stoa_sfu::settle::SETTLE_AFTER),
        max_connecting: stoa_sfu::DEFAULT_MAX_CONNECTING,
    })
    .await
    .expect("sfu starts");
    let mut seen = Vec::new();
    let mut speaker = TestClient::connect(&sfu, "big", 1, true).await;
    let mut listeners = Vec::new();
    for user in 2..=151 {
        listeners.push(TestClient::connect(&sfu, "big", user, false).await);
    }
    let mut clients: Vec<&mut TestClient> = std::iter::once(&mut speaker)
        .chain(listeners.iter_mut())
        .collect();
    connect_all(&mut clients, &mut events, &mut seen).await;

    talk(0, &mut clients, &mut events, &mut seen, 20, 9).await;

    for (i, listener) in clients.iter().enumerate().skip(1) {
        assert!(
            listener.got.len() >= 18,
            "listener {i} got {} of 20 frames",
            listener.got.len()
        );
        assert!(listener.got.iter().all(|g| g.data[..2] == [0x58, 9]));
    }
    let stats = sfu.stats();
    assert_eq!(stats.packets_direct, stats.packets_forwarded, "{stats:?}");
    assert!(
        stats.sent_by_threads >= 10 * 64,
        "the sender thread took its share of each fan-out: {stats:?}"
    );
}
