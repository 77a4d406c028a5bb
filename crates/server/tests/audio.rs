//! Real audio through the SFU: bots joining over real WebRTC with real Opus, checked on the
//! decoded audio. The SFU forwards only speakers who are on stage and not muted.

mod common;

use std::time::{Duration, Instant};

use common::{bring_on_stage, Bot, TestServer, T};
use stoa_client::{AudioSource, MediaSession};
use stoa_proto::ws::{ClientMessage as C, ServerMessage as S};

const SPEAKER_HZ: f32 = 440.0;
const AUDIENCE_HZ: f32 = 880.0;

async fn media(bot: &mut Bot, source: AudioSource) -> MediaSession {
    let media = MediaSession::connect(&mut bot.ws, source)
        .await
        .expect("media session");
    media.wait_connected(T).await.expect("media connects");
    media
}

/// Asserts that nobody in `listeners` hears `freq` for the whole `window`.
async fn assert_nobody_hears(listeners: &[&MediaSession], freq: f32, window: Duration) {
    let end = Instant::now() + window;
    while Instant::now() < end {
        for (i, l) in listeners.iter().enumerate() {
            assert!(!l.hears_tone(freq), "listener {i} hears {freq} Hz");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn listeners_hear_speakers_and_nobody_hears_the_audience_or_the_muted() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let room = server.room(&admin_token, "Tones").await;

    let mut admin = server.joined(&admin_token, &room).await;
    let speaker = media(&mut admin, AudioSource::tone(SPEAKER_HZ)).await;

    // A listener hears the speaker's tone within 2 s of joining.
    let mut bob = server.bot(&bob_token).await;
    let joined = Instant::now();
    bob.ws.join_room(&room, T).await.unwrap();
    let listener = media(&mut bob, AudioSource::Silence).await;
    listener
        .wait_for_tone(SPEAKER_HZ, Duration::from_secs(2))
        .await
        .expect("bob hears admin");
    let heard_after = joined.elapsed();
    assert!(
        heard_after < Duration::from_secs(2),
        "heard after {heard_after:?}"
    );

    // An audience member sending 880 Hz is heard by nobody, and the SFU counts the drops.
    let mut carol = server.joined(&carol_token, &room).await;
    let audience = media(&mut carol, AudioSource::tone(AUDIENCE_HZ)).await;
    let dropped_before = server.running.stoa.sfu().stats().dropped_not_allowed;
    assert_nobody_hears(
        &[&speaker, &listener],
        AUDIENCE_HZ,
        Duration::from_millis(1500),
    )
    .await;
    assert!(audience.frames_sent() > 50, "carol really sent audio");
    assert!(server.running.stoa.sfu().stats().dropped_not_allowed > dropped_before);
    // ... while the speaker is still heard.
    assert!(listener.hears_tone(SPEAKER_HZ));

    // Promoted, carol is heard by both.
    bring_on_stage(&mut admin, &mut carol).await;
    listener
        .wait_for_tone(AUDIENCE_HZ, Duration::from_secs(2))
        .await
        .expect("bob hears carol");
    speaker
        .wait_for_tone(AUDIENCE_HZ, Duration::from_secs(2))
        .await
        .expect("admin hears carol");

    // Muted by a moderator: silence again (after the last packets drain).
    admin.send(C::Mute { user_id: carol.id }).await;
    admin.wait_participant(carol.id, |p| p.muted).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let muted_before = server.running.stoa.sfu().stats().dropped_muted;
    assert_nobody_hears(
        &[&speaker, &listener],
        AUDIENCE_HZ,
        Duration::from_millis(1500),
    )
    .await;
    // Dropped, and counted as a muted speaker's (not an audience member's).
    assert!(server.running.stoa.sfu().stats().dropped_muted > muted_before);
    assert!(
        listener.hears_tone(SPEAKER_HZ),
        "the unmuted speaker is still heard"
    );

    // Muting oneself works the same way; unmuting brings the voice back.
    carol.send(C::SetMuted { muted: false }).await;
    listener
        .wait_for_tone(AUDIENCE_HZ, Duration::from_secs(2))
        .await
        .expect("unmuted again");
    admin.send(C::SetMuted { muted: true }).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_nobody_hears(&[&listener], SPEAKER_HZ, Duration::from_millis(1000)).await;

    // Slot announcements: the listener sees both speakers in its 3 slots; a speaker never
    // occupies one of its own receive slots.
    let (admin_id, carol_id) = (admin.id, carol.id);
    let slots = bob
        .ws
        .wait_map(
            |m| match m {
                S::Slots { slots, .. }
                    if slots.contains(&Some(admin_id)) && slots.contains(&Some(carol_id)) =>
                {
                    Some(slots.clone())
                }
                _ => None,
            },
            T,
        )
        .await
        .expect("bob is told who is in his slots");
    assert_eq!(slots.len(), stoa_proto::AUDIO_SLOTS);
    let own_slot = |bot: &common::Bot| {
        bot.ws.history().iter().any(|m| {
            matches!(m, S::Slots { slots, .. } if slots.contains(&Some(bot.id)))
                || matches!(m, S::RoomState { room, .. } if room.slots.contains(&Some(bot.id)))
        })
    };
    assert!(!own_slot(&admin), "admin was put in his own slot");
    assert!(!own_slot(&carol), "carol was put in her own slot");

    for session in [speaker, listener, audience] {
        session.close();
    }
}
