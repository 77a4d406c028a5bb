//! End-to-end: with `AUDIO_SLOTS + 1` virtual slots every speaker hears `AUDIO_SLOTS` OTHER
//! speakers, and a receiver's physical slot stays one continuous stream when its source changes
//! because the mapping changed.

mod support;

use std::time::Duration;

use stoa_proto::{UserId, AUDIO_SLOTS};
use stoa_sfu::{receiver_slots, start, SfuConfig, SfuEvent, SfuHandle};
use support::{last_slots, pump_until, talk, talk_many, Got, TestClient};
use tokio::sync::mpsc::UnboundedReceiver;

/// User id of client `i` (client 0 is the pure listener, 1..=4 may publish).
fn user(i: usize) -> UserId {
    UserId(20 + i as i64)
}

/// The client index a payload tag (= sender client index) names.
fn tag_user(g: &Got) -> UserId {
    user(usize::from(g.data[1]))
}

struct Setup {
    events: UnboundedReceiver<SfuEvent>,
    seen: Vec<SfuEvent>,
    clients: Vec<TestClient>,
    _sfu: SfuHandle,
}

/// A listener and four speakers in one room; speakers 1..=4 take virtual slots 0..=3 in order.
async fn four_speakers(room: &str) -> Setup {
    let (sfu, mut events) = start(SfuConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        public_ips: Vec::new(),
        egress: Default::default(),
        send_threads: 0,
        settle_after: Some(stoa_sfu::settle::SETTLE_AFTER),
        max_connecting: stoa_sfu::DEFAULT_MAX_CONNECTING,
    })
    .await
    .expect("sfu starts");
    let mut clients = Vec::new();
    for i in 0..=4 {
        clients.push(TestClient::connect(&sfu, room, user(i).0, i > 0).await);
    }
    let mut seen = Vec::new();
    let mut refs: Vec<&mut TestClient> = clients.iter_mut().collect();
    let ok = pump_until(
        &mut refs,
        &mut events,
        &mut seen,
        Duration::from_secs(5),
        |cs, evs| {
            cs.iter().all(|c| c.connected)
                && evs
                    .iter()
                    .filter(|e| matches!(e, SfuEvent::Connected { .. }))
                    .count()
                    >= 5
        },
    )
    .await;
    assert!(ok, "all clients connect within 5 s; events: {seen:?}");
    // One after the other, so the virtual slot order is known (well within SLOT_IDLE).
    for i in 1..=4 {
        talk(i, &mut refs, &mut events, &mut seen, 3, i as u8).await;
    }
    let expected: Vec<_> = (1..=4).map(|i| Some(user(i))).collect();
    assert_eq!(last_slots(&seen), expected);
    assert_eq!(expected.len(), AUDIO_SLOTS + 1);
    drop(refs);
    for c in &mut clients {
        c.got.clear();
    }
    Setup {
        events,
        seen,
        clients,
        _sfu: sfu,
    }
}

/// Asserts that the packets of one slot stream are one RTP frame (960) apart, across source
/// switches too (every sender's own timeline advances 960 per frame and loopback loses nothing).
fn assert_continuous(got: &[&Got]) {
    for w in got.windows(2) {
        assert_eq!(w[1].rtp_time - w[0].rtp_time, 960, "{w:?}");
    }
}

#[tokio::test]
async fn four_speakers_each_hear_the_three_others_on_their_three_slots() {
    let mut s = four_speakers("v1").await;
    let slots = last_slots(&s.seen);
    let mut refs: Vec<&mut TestClient> = s.clients.iter_mut().collect();
    let all = [(1, -20), (2, -20), (3, -20), (4, -20)];
    talk_many(&all, &mut refs, &mut s.events, &mut s.seen, 40).await;
    assert_eq!(last_slots(&s.seen), slots, "nobody moved");

    for (i, c) in s.clients.iter().enumerate() {
        let view = receiver_slots(&slots, user(i));
        if i > 0 {
            // Speaker i holds virtual slot i - 1: all three others, itself never.
            let mut heard: Vec<_> = view.iter().flatten().copied().collect();
            heard.sort();
            let others: Vec<_> = (1..=4).filter(|&j| j != i).map(user).collect();
            assert_eq!(heard, others, "speaker {i}: {view:?}");
            if i < 4 {
                // Its own slot index carries the last virtual slot's speaker.
                assert_eq!(view[i - 1], Some(user(4)), "{i}: {view:?}");
            } else {
                assert_eq!(view, [Some(user(1)), Some(user(2)), Some(user(3))]);
            }
        } else {
            assert_eq!(view, [Some(user(1)), Some(user(2)), Some(user(3))]);
        }
        assert!(
            c.got.iter().all(|g| tag_user(g) != user(i)),
            "client {i} hears itself"
        );
        for (slot, who) in view.iter().enumerate() {
            let on_slot: Vec<&Got> = c.got.iter().filter(|g| g.slot == slot).collect();
            let Some(who) = who else {
                assert!(on_slot.is_empty(), "client {i} slot {slot}: {on_slot:?}");
                continue;
            };
            assert!(
                on_slot.len() >= 30,
                "client {i} gets {} of 40 frames of {who:?} on slot {slot}",
                on_slot.len()
            );
            assert!(
                on_slot.iter().all(|g| tag_user(g) == *who),
                "client {i} slot {slot} carries only {who:?}: {on_slot:?}"
            );
            assert_continuous(&on_slot);
        }
    }
    // The listener does not get the fourth speaker at all.
    assert!(s.clients[0].got.iter().all(|g| g.data[1] != 4));
}

#[tokio::test]
async fn a_freed_slot_moves_the_last_speaker_down_with_continuous_streams() {
    let mut s = four_speakers("v2").await;
    let mut refs: Vec<&mut TestClient> = s.clients.iter_mut().collect();
    let all = [(1, -20), (2, -20), (3, -20), (4, -20)];
    talk_many(&all, &mut refs, &mut s.events, &mut s.seen, 10).await;
    // Speaker 1 (virtual slot 0) goes quiet; after SLOT_IDLE (2 s) it loses its slot and
    // speaker 4 moves down from the last virtual slot into slot 0.
    let rest = [(2, -20), (3, -20), (4, -20)];
    talk_many(&rest, &mut refs, &mut s.events, &mut s.seen, 130).await;
    let moved = vec![Some(user(4)), Some(user(2)), Some(user(3)), None];
    assert_eq!(last_slots(&s.seen), moved);

    // The listener's slot 0 switched from speaker 1 to speaker 4; speaker 2's slot 0 too (4 moved
    // there from its slot 1); speaker 1's slot 0 carried speaker 4 all along.
    for i in [0, 2, 1] {
        let c = &s.clients[i];
        assert_eq!(receiver_slots(&moved, user(i))[0], Some(user(4)));
        let on0: Vec<&Got> = c.got.iter().filter(|g| g.slot == 0).collect();
        let first4 = on0
            .iter()
            .position(|g| g.data[1] == 4)
            .expect("speaker 4 on slot 0");
        let after = &on0[first4..];
        assert!(after.len() >= 20, "client {i}: {} frames of 4", after.len());
        assert!(
            after.iter().all(|g| g.data[1] == 4),
            "client {i}: {after:?}"
        );
        if i == 1 {
            assert_eq!(first4, 0, "speaker 1 only ever got 4 on slot 0");
        } else {
            assert!(first4 > 0 && on0[first4 - 1].data[1] == 1, "client {i}");
            // Continuous across the switch: one frame after the last packet written.
            assert_eq!(on0[first4].rtp_time - on0[first4 - 1].rtp_time, 960);
        }
        assert_continuous(&on0);
    }
    // Speaker 2's slot 1 (its own virtual slot, carrying the now empty last slot) fell silent.
    let c2 = &s.clients[2];
    let last_on1 = c2
        .got
        .iter()
        .rposition(|g| g.slot == 1)
        .expect("4 on slot 1");
    let first_moved = c2
        .got
        .iter()
        .position(|g| g.slot == 0 && g.data[1] == 4)
        .expect("4 on slot 0");
    assert!(last_on1 < first_moved, "4 is never on two slots at once");
}
