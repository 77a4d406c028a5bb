//! A speaker who may not publish for a long time (muted, or in the audience) keeps sending
//! SRTP; when allowed again, the next packet must be heard. The SRTP rollover counter moves every
//! 2^16 packets (22 minutes of 20 ms frames), so the receive state must follow the stream while
//! nothing is forwarded. Real str0m clients, real SRTP, on virtual time.

#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod world;

use stoa_proto::UserId;
use stoa_sfu::EgressMode;
use world::{room, World};

/// More than 2^16 packets: the sender's rollover counter moves on at least once, and the SFU's
/// estimate would be off by more than 2^15 if it stopped following.
const MUTED_PACKETS: u64 = 70_000;

/// Virtual seconds of audio from client `from`, delivered to everyone.
fn seconds(w: &mut World, from: usize, s: u64) {
    for _ in 0..s * 50 {
        w.send_and_deliver(from);
    }
}

/// Client `from` (user `from + 1`) sends [`MUTED_PACKETS`] while it may not publish, then is
/// allowed: the listener `to` must hear its very next packet.
fn heard_right_after_the_long_mute(w: &mut World, from: usize, to: usize) {
    let user = UserId(from as i64 + 1);
    let in_core = w.send_many(from, MUTED_PACKETS);
    // Each dropped packet is now authenticated and decrypted: print what that costs (a figure,
    // not an assertion; meaningful in an optimised build).
    eprintln!(
        "{MUTED_PACKETS} muted packets: {:.0} ns each in the core",
        in_core.as_nanos() as f64 / MUTED_PACKETS as f64
    );
    let stats = w.sfu.counters().snapshot();
    assert!(stats.dropped_not_allowed >= MUTED_PACKETS, "{stats:?}");
    let before = w.received(to);
    w.sfu.set_can_publish(w.now, &room(), user, true);
    w.send_and_deliver(from);
    assert_eq!(
        w.received(to),
        before + 1,
        "the listener hears the next packet after unmuting"
    );
    let stats = w.sfu.counters().snapshot();
    assert_eq!(stats.rejected_srtp, 0, "{stats:?}");
}

#[test]
fn a_settled_speaker_muted_for_70000_packets_is_heard_after_unmuting() {
    let mut w = World::with_egress(2, EgressMode::Direct);
    seconds(&mut w, 0, 3);
    assert_eq!(w.sfu.counters().snapshot().peers_settled, 3);
    let heard = w.received(1);
    assert!(heard >= 140, "heard {heard} packets before the mute");
    w.sfu.set_can_publish(w.now, &room(), UserId(1), false);
    heard_right_after_the_long_mute(&mut w, 0, 1);
}

#[test]
fn a_listener_that_settles_while_muted_is_heard_when_invited_after_70000_packets() {
    // Client 1 sends from the start, muted; its peer settles while it sends.
    let mut w = World::with_egress(2, EgressMode::Direct);
    assert_eq!(w.sfu.peer_state(UserId(2)), Some((true, false)));
    heard_right_after_the_long_mute(&mut w, 1, 0);
    assert_eq!(w.sfu.peer_state(UserId(2)), Some((true, true)));
}

#[test]
fn a_speaker_kept_on_str0m_muted_for_70000_packets_is_heard_after_unmuting() {
    // The unsettled path (str0m decrypts) gives the same result.
    let mut w = World::with_egress(2, EgressMode::Direct);
    w.sfu.set_settle_after(None);
    seconds(&mut w, 0, 1);
    w.sfu.set_can_publish(w.now, &room(), UserId(1), false);
    heard_right_after_the_long_mute(&mut w, 0, 1);
    assert_eq!(w.sfu.counters().snapshot().peers_settled, 0);
}
