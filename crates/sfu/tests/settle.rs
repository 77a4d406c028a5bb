//! Settled peers (str0m's `Rtc` released once connected): the clients must not notice. Real
//! str0m clients, real ICE/DTLS/SRTP, in memory on virtual time (the benches' world).

#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod world;

use stoa_proto::UserId;
use stoa_sfu::EgressMode;
use world::World;

/// Virtual seconds of audio, as packets of the publisher (client 0).
fn seconds(w: &mut World, from: usize, s: u64) {
    for _ in 0..s * 50 {
        w.send_and_deliver(from);
    }
}

#[test]
fn settled_listeners_keep_hearing_and_keep_their_connection() {
    let mut w = World::with_egress(3, EgressMode::Direct);
    let before: Vec<u64> = (1..=3).map(|i| w.received(i)).collect();
    // 40 s: well past settling, and past the clients' ICE consent timeout (str0m's agent gives
    // up after unanswered binding requests), so STUN must be answered by Stoa.
    seconds(&mut w, 0, 40);
    let stats = w.sfu.counters().snapshot();
    assert_eq!(stats.peers_settled, 4, "every peer settled: {stats:?}");
    for i in 1..=3 {
        assert!(w.client_connected(i), "client {i} lost its connection");
        let got = w.received(i) - before[i - 1];
        assert!(got >= 1995, "client {i} heard {got} of 2000 packets");
    }
}

#[test]
fn a_settled_listener_invited_on_stage_is_heard() {
    let mut w = World::with_egress(3, EgressMode::Direct);
    seconds(&mut w, 0, 5);
    assert_eq!(w.sfu.counters().snapshot().peers_settled, 4);

    // Not allowed yet: dropped by the SFU, nobody hears it.
    let heard_by_2 = w.received(2);
    seconds(&mut w, 1, 1);
    assert_eq!(
        w.received(2),
        heard_by_2,
        "an audience member was forwarded"
    );
    assert!(w.sfu.counters().snapshot().dropped_not_allowed >= 50);

    // Invited on stage: its microphone is decrypted by Stoa and forwarded.
    w.sfu
        .set_can_publish(w.now, &world::room(), UserId(2), true);
    let (heard_by_0, heard_by_2) = (w.received(0), w.received(2));
    seconds(&mut w, 1, 2);
    assert!(
        w.received(0) - heard_by_0 >= 95,
        "the first speaker heard {} packets",
        w.received(0) - heard_by_0
    );
    assert!(w.received(2) - heard_by_2 >= 95);
    let stats = w.sfu.counters().snapshot();
    assert_eq!(stats.rejected_srtp, 0, "{stats:?}");
}

#[test]
fn settling_asks_the_driver_once_to_give_the_memory_back() {
    let mut w = World::with_egress(2, EgressMode::Direct);
    seconds(&mut w, 0, 5);
    assert_eq!(w.sfu.counters().snapshot().peers_settled, 3);
    assert!(w.sfu.poll_release_memory(), "peers settled: release");
    assert!(!w.sfu.poll_release_memory(), "asked once");
    seconds(&mut w, 0, 5);
    assert!(!w.sfu.poll_release_memory(), "nobody settled since");
}

#[test]
fn without_settling_nothing_is_released() {
    let mut w = World::with_egress(2, EgressMode::Direct);
    w.sfu.set_settle_after(None);
    seconds(&mut w, 0, 5);
    assert_eq!(w.sfu.counters().snapshot().peers_settled, 0);
    assert!(w.received(1) > 200);
    assert!(
        !w.sfu.poll_release_memory(),
        "nothing freed, nothing to give back"
    );
    // str0m's path does not settle either (it needs str0m's streams).
    let mut w = World::with_egress(2, EgressMode::Str0m);
    seconds(&mut w, 0, 5);
    assert_eq!(w.sfu.counters().snapshot().peers_settled, 0);
}

#[test]
fn a_client_that_lost_the_last_dtls_flight_gets_it_from_the_settled_peer() {
    // Client 2 gets nothing of the SFU's DTLS between the SFU's side of the handshake
    // completing and the peer settling; it retransmits its flight, and only the settled peer
    // can answer (str0m's state is gone). Building the world waits for every client.
    let mut w = World::losing_last_flight(2, 2);
    assert!(w.client_connected(2));
    assert_eq!(w.sfu.counters().snapshot().peers_settled, 3);
    let before = w.received(2);
    seconds(&mut w, 0, 2);
    assert!(w.received(2) - before >= 95, "client 2 hears the speaker");
}
