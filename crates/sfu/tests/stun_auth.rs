//! STUN may change state only once authentic: a request that names a peer's ufrag (visible on
//! the wire) without its password maps no address, moves nobody's media, keeps no peer alive,
//! costs no allocation, and gets no DTLS flight sent anywhere. Real str0m clients on virtual
//! time, before and after settling.

#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod world;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use stoa_proto::UserId;
use stoa_sfu::core::IDLE_TIMEOUT;
use stoa_sfu::demux::MAX_ADDRS_PER_PEER;
use stoa_sfu::EgressMode;
use str0m::ice::{StunMessage, TransId};
use world::World;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

/// Counts the allocations of the calling thread (tests run on several threads).
struct Counting;

// SAFETY: delegates to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// HMAC-SHA1 as str0m's STUN code wants it.
fn sha1_hmac(key: &[u8], payloads: &[&[u8]]) -> [u8; 20] {
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
    let mut ctx = aws_lc_rs::hmac::Context::with_key(&key);
    for p in payloads {
        ctx.update(p);
    }
    let mut out = [0; 20];
    out.copy_from_slice(ctx.sign().as_ref());
    out
}

/// A binding request with `username` (`<SFU ufrag>:<client ufrag>`, both visible on the wire),
/// signed with `pwd` (a forger signs with a guess), with FINGERPRINT, as an ICE agent builds it.
fn request(username: &str, pwd: &str, use_candidate: bool) -> Vec<u8> {
    let msg = StunMessage::binding_request(
        username,
        TransId::new(),
        true,
        7,
        1_845_501_695,
        use_candidate,
    );
    let mut buf = vec![0_u8; 1500];
    let n = msg
        .to_bytes(Some(pwd.as_bytes()), &mut buf, sha1_hmac)
        .expect("serialize");
    buf.truncate(n);
    buf
}

fn forged(w: &World, victim: usize) -> Vec<u8> {
    request(&w.stun_username(victim), "a-guessed-password", true)
}

fn seconds(w: &mut World, from: usize, s: u64) {
    for _ in 0..s * 50 {
        w.send_and_deliver(from);
    }
}

/// A world with the publisher (client 0) and `n` listeners, settled or kept on str0m.
fn world(listeners: usize, settled: bool) -> World {
    let mut w = World::with_egress(listeners, EgressMode::Direct);
    if settled {
        seconds(&mut w, 0, 3);
        assert_eq!(
            w.sfu.counters().snapshot().peers_settled,
            listeners as u64 + 1
        );
    } else {
        w.sfu.set_settle_after(None);
    }
    w
}

#[test]
fn a_forged_request_from_the_speakers_address_does_not_move_it() {
    for settled in [false, true] {
        let mut w = world(2, settled);
        let mapped = w.sfu.mapped_addresses();
        // Claims to be client 1's peer, from the speaker's address, nominating it.
        let forged = forged(&w, 1);
        let speaker = w.addr(0);
        let before = w.received(2);
        for _ in 0..50 {
            let sent = w.inject(speaker, &forged);
            assert!(sent.is_empty(), "a forged request is not answered");
            w.send_and_deliver(0);
        }
        let heard = w.received(2) - before;
        assert!(
            heard >= 49,
            "settled {settled}: the listener heard {heard} of 50"
        );
        assert_eq!(w.sfu.mapped_addresses(), mapped);
        assert!(w.sfu.counters().snapshot().rejected_stun >= 50);
    }
}

#[test]
fn a_forged_request_keeps_no_silent_peer_alive() {
    for settled in [false, true] {
        let mut w = world(2, settled);
        // Client 2 goes away; a forger keeps "refreshing" its peer from its address.
        w.silence(2);
        let (victim, gone) = (w.addr(2), UserId(3));
        let forged = forged(&w, 2);
        let until = w.now + IDLE_TIMEOUT + Duration::from_secs(3);
        while w.now < until && w.sfu.peer_state(gone).is_some() {
            w.inject(victim, &forged);
            seconds(&mut w, 0, 1);
        }
        assert_eq!(
            w.sfu.peer_state(gone),
            None,
            "settled {settled}: the silent peer is dropped"
        );
        assert!(w.sfu.peer_state(UserId(2)).is_some(), "the live one stays");
    }
}

#[test]
fn many_forged_requests_allocate_nothing_and_map_nothing() {
    let mut w = world(1, true);
    let username = w.stun_username(1);
    let forged: Vec<(SocketAddr, Vec<u8>)> = (0..65_536u32)
        .map(|i| {
            let ip = [127, 1 + (i >> 16) as u8, (i >> 8) as u8, i as u8];
            let src = SocketAddr::from((ip, 40_000));
            (src, request(&username, &format!("guess{i}"), true))
        })
        .collect();
    let mapped = w.sfu.mapped_addresses();
    let rejected = w.sfu.counters().snapshot().rejected_stun;
    let (allocs, started) = (allocations(), Instant::now());
    for (src, bytes) in &forged {
        w.sfu.handle_datagram(w.now, *src, bytes);
    }
    let (allocs, took) = (allocations() - allocs, started.elapsed());
    eprintln!("65,536 forged requests: {took:?}, {allocs} allocations");
    assert_eq!(allocs, 0, "a forged request allocates nothing");
    assert!(w.sfu.poll_transmit().is_none(), "none is answered");
    assert_eq!(w.sfu.mapped_addresses(), mapped);
    let stats = w.sfu.counters().snapshot();
    assert_eq!(stats.rejected_stun - rejected, 65_536);
    // The listener still hears the speaker.
    let before = w.received(1);
    seconds(&mut w, 0, 1);
    assert!(w.received(1) - before >= 49);
}

#[test]
fn a_valid_request_from_a_new_address_moves_media_there_and_addresses_stay_bounded() {
    for settled in [false, true] {
        let mut w = world(1, settled);
        let (username, pwd) = (w.stun_username(1), w.sfu_ice(1).1.to_string());
        // NAT rebinding: the listener's checks now come from another port.
        let rebound = SocketAddr::from(([127, 0, 0, 2], 50_000));
        let sent = w.inject(rebound, &request(&username, &pwd, true));
        assert!(
            sent.iter().any(|t| t.destination == rebound),
            "settled {settled}: the request from the new address is answered there"
        );
        let media = w.inject_mic(0);
        assert!(
            media
                .iter()
                .any(|t| t.destination == rebound && t.contents.first() == Some(&0x90)),
            "settled {settled}: media follows to the new address: {:?}",
            media.iter().map(|t| t.destination).collect::<Vec<_>>()
        );
        // Authentic requests from ever new addresses keep the peer's share of the map bounded.
        let mapped = w.sfu.mapped_addresses();
        for port in 0..200u16 {
            let src = SocketAddr::from(([127, 0, 0, 3], 20_000 + port));
            w.inject(src, &request(&username, &pwd, false));
        }
        assert!(
            w.sfu.mapped_addresses() <= mapped + MAX_ADDRS_PER_PEER,
            "settled {settled}: {} addresses mapped",
            w.sfu.mapped_addresses()
        );
    }
}

#[test]
fn the_kept_dtls_flight_goes_only_to_the_authenticated_address() {
    let mut w = world(1, true);
    let attacker = SocketAddr::from(([127, 0, 0, 66], 6666));
    // A DTLS record (a retransmitted ClientHello-like handshake header) after a forged STUN.
    let forged = forged(&w, 1);
    let dtls = [22u8, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
    assert!(w.inject(attacker, &forged).is_empty());
    let sent = w.inject(attacker, &dtls);
    assert!(
        sent.iter().all(|t| t.destination != attacker),
        "nothing goes to an unauthenticated address"
    );
    // From the client's own (authenticated) address, the flight goes back to it.
    let own = w.addr(1);
    let sent = w.inject(own, &dtls);
    assert!(sent.iter().all(|t| t.destination == own));
}

#[test]
fn a_check_without_nomination_from_another_address_is_answered_but_media_stays() {
    for settled in [false, true] {
        let mut w = world(1, settled);
        let (username, pwd) = (w.stun_username(1), w.sfu_ice(1).1.to_string());
        let own = w.addr(1);
        // A client checks one more path (e.g. its TURN relay candidate) without nominating it.
        let relay = SocketAddr::from(([127, 0, 0, 2], 50_001));
        let sent = w.inject(relay, &request(&username, &pwd, false));
        assert!(
            sent.iter().any(|t| t.destination == relay),
            "settled {settled}: the check is answered where it came from"
        );
        let media = w.inject_mic(0);
        let rtp: Vec<SocketAddr> = media
            .iter()
            .filter(|t| t.contents.first() == Some(&0x90))
            .map(|t| t.destination)
            .collect();
        assert!(
            !rtp.is_empty() && rtp.iter().all(|d| *d == own),
            "settled {settled}: media stays on the nominated path: {rtp:?}"
        );
    }
}
