//! Sans-IO tests of the core: fake time, no sockets.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use stoa_proto::{RoomId, UserId, AUDIO_SLOTS};
use str0m::media::{Direction, MediaKind};
use str0m::{Candidate, Rtc};

use super::*;

fn client_offer(now: Instant) -> String {
    let mut rtc = Rtc::builder().build(now);
    let addr: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    rtc.add_local_candidate(Candidate::host(addr, "udp").unwrap());
    let mut api = rtc.sdp_api();
    api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
    for _ in 0..AUDIO_SLOTS {
        api.add_media(MediaKind::Audio, Direction::RecvOnly, None, None, None);
    }
    api.apply().unwrap().0.to_sdp_string()
}

fn answer_ufrag(answer: &str) -> String {
    answer
        .lines()
        .find_map(|l| l.trim().strip_prefix("a=ice-ufrag:"))
        .unwrap()
        .to_string()
}

/// The USERNAME of the client's requests: the SFU's ufrag (answer), the client's (offer).
fn username(answer: &str, offer: &str) -> String {
    format!("{}:{}", answer_ufrag(answer), answer_ufrag(offer))
}

fn answer_pwd(answer: &str) -> String {
    answer
        .lines()
        .find_map(|l| l.trim().strip_prefix("a=ice-pwd:"))
        .unwrap()
        .to_string()
}

/// A binding request whose USERNAME is `user`, signed with `pwd`, as a client's ICE agent
/// sends it.
fn stun(user: &str, pwd: &str) -> Vec<u8> {
    let msg = str0m::ice::StunMessage::binding_request(
        user,
        str0m::ice::TransId::new(),
        true,
        1,
        1_845_501_695,
        false,
    );
    let mut buf = vec![0_u8; 1500];
    let n = msg
        .to_bytes(Some(pwd.as_bytes()), &mut buf, crate::ice_lite::sha1_hmac)
        .unwrap();
    buf.truncate(n);
    buf
}

fn sfu(now: Instant) -> Sfu {
    Sfu::new("127.0.0.1:3478".parse().unwrap(), true, now).unwrap()
}

fn drain_events(s: &mut Sfu) -> Vec<SfuEvent> {
    while s.poll_transmit().is_some() {}
    std::iter::from_fn(|| s.poll_event()).collect()
}

#[test]
fn answer_carries_candidate_and_ufrag_is_registered_at_once() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    let offer = client_offer(t0);
    let answer = s
        .connect(t0, RoomId("r".into()), UserId(1), &offer, true)
        .unwrap();
    assert!(answer.contains("a=ice-lite"), "{answer}");
    // Only the extensions the SFU uses are negotiated (no BWE extensions on forwarded audio).
    assert!(
        answer.contains("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
        "{answer}"
    );
    assert!(
        answer.contains("urn:ietf:params:rtp-hdrext:sdes:mid"),
        "{answer}"
    );
    assert!(!answer.contains("transport-wide-cc"), "{answer}");
    assert!(!answer.contains("abs-send-time"), "{answer}");
    assert!(
        answer.contains("127.0.0.1 3478"),
        "host candidate: {answer}"
    );
    // The very first STUN, before any other call, already finds the peer.
    let src: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let request = stun(&username(&answer, &offer), &answer_pwd(&answer));
    s.handle_datagram(t0, src, &request);
    assert_eq!(s.demux.addr_count(), 1);
}

#[test]
fn non_loopback_sources_are_ignored() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    let offer = client_offer(t0);
    let answer = s
        .connect(t0, RoomId("r".into()), UserId(1), &offer, true)
        .unwrap();
    let lan: SocketAddr = "192.168.1.20:40000".parse().unwrap();
    let request = stun(&username(&answer, &offer), &answer_pwd(&answer));
    s.handle_datagram(t0, lan, &request);
    assert_eq!(s.demux.addr_count(), 0);
    assert!(s.poll_transmit().is_none(), "never answer a LAN address");
}

#[test]
fn peer_that_never_connects_is_dropped_with_disconnected() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    s.connect(t0, RoomId("r".into()), UserId(7), &client_offer(t0), true)
        .unwrap();
    assert_eq!(s.peer_count(), 1);
    let mut now = t0;
    let mut events = Vec::new();
    // Drive by deadlines, as the driver does, for CONNECT_TIMEOUT + 2 s of fake time.
    while now < t0 + CONNECT_TIMEOUT + Duration::from_secs(2) {
        now = s.next_deadline().max(now + Duration::from_millis(1));
        s.handle_timeout(now);
        events.extend(drain_events(&mut s));
        assert!(s.timers.len() <= 2, "timer heap stays ~1 entry per peer");
    }
    assert_eq!(s.peer_count(), 0);
    assert!(events.contains(&SfuEvent::Disconnected { user: UserId(7) }));
    assert_eq!(s.counters().snapshot().peers, 0);
    assert!(s.rooms.is_empty(), "empty room is forgotten");
}

#[test]
fn replace_and_remove_are_silent() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    let room = RoomId("r".into());
    let first_offer = client_offer(t0);
    let first = s
        .connect(t0, room.clone(), UserId(1), &first_offer, true)
        .unwrap();
    let second = s
        .connect(t0, room.clone(), UserId(1), &client_offer(t0), true)
        .unwrap();
    assert_ne!(answer_ufrag(&first), answer_ufrag(&second));
    assert_eq!(s.peer_count(), 1);
    // The old ufrag no longer finds anyone.
    let src: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let old_request = stun(&username(&first, &first_offer), &answer_pwd(&first));
    s.handle_datagram(t0, src, &old_request);
    assert_eq!(s.demux.addr_count(), 0);
    s.remove_peer(&room, UserId(1));
    assert_eq!(s.peer_count(), 0);
    let events = drain_events(&mut s);
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, SfuEvent::Disconnected { .. })),
        "{events:?}"
    );
}

#[test]
fn bad_offer_adds_nothing() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    let err = s
        .connect(t0, RoomId("r".into()), UserId(1), "v=0\r\n", true)
        .unwrap_err();
    assert!(matches!(err, SfuError::BadOffer(_)));
    assert_eq!(s.peer_count(), 0);
}

#[test]
fn a_stun_request_naming_a_peer_without_its_password_changes_nothing() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    let offer = client_offer(t0);
    let answer = s
        .connect(t0, RoomId("r".into()), UserId(1), &offer, true)
        .unwrap();
    let src: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let later = t0 + Duration::from_secs(5);
    let forged = stun(&username(&answer, &offer), "not-the-password");
    s.handle_datagram(later, src, &forged);
    assert_eq!(s.mapped_addresses(), 0, "the forged source is not mapped");
    assert!(s.poll_transmit().is_none(), "nothing is answered");
    assert_eq!(s.counters().snapshot().rejected_stun, 1);
    let peer = &s.peers[&s.users[&UserId(1)]];
    assert_eq!(peer.last_rx, t0, "liveness is not refreshed");
    assert!(peer.addrs.is_empty());
}

#[test]
fn a_late_call_from_the_previous_room_does_not_touch_the_peer_in_the_new_one() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    let (a, b) = (RoomId("a".into()), RoomId("b".into()));
    // Another member keeps room A alive.
    s.connect(t0, a.clone(), UserId(2), &client_offer(t0), true)
        .unwrap();
    s.connect(t0, a.clone(), UserId(1), &client_offer(t0), true)
        .unwrap();
    // The member moves to room B: the new connection replaces the one in A.
    s.connect(t0, b.clone(), UserId(1), &client_offer(t0), true)
        .unwrap();
    let may_publish = |s: &Sfu| s.peers[&s.users[&UserId(1)]].publish.allowed();
    // Room A lags behind and still mutes, then removes, the member.
    s.set_can_publish(t0, &a, UserId(1), false);
    assert!(
        may_publish(&s),
        "A's late mute does not touch the peer in B"
    );
    s.remove_peer(&a, UserId(1));
    assert_eq!(
        s.peer_count(),
        2,
        "A's late removal does not touch the peer in B"
    );
    assert_eq!(s.peer_state(UserId(1)), Some((false, false)));
    // Room B's own calls do.
    s.set_can_publish(t0, &b, UserId(1), false);
    assert!(!may_publish(&s));
    s.remove_peer(&b, UserId(1));
    assert_eq!(s.peer_state(UserId(1)), None);
    assert_eq!(s.peer_count(), 1);
}
