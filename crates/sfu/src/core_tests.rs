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

/// A STUN binding request whose USERNAME is `user`.
fn stun(user: &str) -> Vec<u8> {
    let mut attrs = vec![0x00, 0x06];
    attrs.extend_from_slice(&(user.len() as u16).to_be_bytes());
    attrs.extend_from_slice(user.as_bytes());
    while attrs.len() % 4 != 0 {
        attrs.push(0);
    }
    let mut msg = vec![0x00, 0x01];
    msg.extend_from_slice(&(attrs.len() as u16).to_be_bytes());
    msg.extend_from_slice(&[0x21, 0x12, 0xA4, 0x42]);
    msg.extend_from_slice(&[9; 12]);
    msg.extend_from_slice(&attrs);
    msg
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
    let answer = s
        .connect(t0, RoomId("r".into()), UserId(1), &client_offer(t0), true)
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
    let ufrag = answer_ufrag(&answer);
    // The very first STUN, before any other call, already finds the peer.
    let src: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    s.handle_datagram(t0, src, &stun(&format!("{ufrag}:cli")));
    assert_eq!(s.demux.addr_count(), 1);
}

#[test]
fn non_loopback_sources_are_ignored() {
    let t0 = Instant::now();
    let mut s = sfu(t0);
    let answer = s
        .connect(t0, RoomId("r".into()), UserId(1), &client_offer(t0), true)
        .unwrap();
    let ufrag = answer_ufrag(&answer);
    let lan: SocketAddr = "192.168.1.20:40000".parse().unwrap();
    s.handle_datagram(t0, lan, &stun(&format!("{ufrag}:cli")));
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
    let first = s
        .connect(t0, room.clone(), UserId(1), &client_offer(t0), true)
        .unwrap();
    let second = s
        .connect(t0, room.clone(), UserId(1), &client_offer(t0), true)
        .unwrap();
    assert_ne!(answer_ufrag(&first), answer_ufrag(&second));
    assert_eq!(s.peer_count(), 1);
    // The old ufrag no longer finds anyone.
    let src: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    s.handle_datagram(t0, src, &stun(&format!("{}:c", answer_ufrag(&first))));
    assert_eq!(s.demux.addr_count(), 0);
    s.remove_peer(UserId(1));
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
