//! The client's media loop against a tiny in-process ice-lite echo peer (no server, no SFU):
//! real ICE, DTLS, SRTP and Opus over 127.0.0.1.

mod support;

use std::time::Duration;

use stoa_client::{AudioSource, MediaSession};
use support::echo_peer;

#[tokio::test]
async fn tone_goes_out_and_comes_back_on_the_echo_slot() {
    let mut peer = None;
    let media = MediaSession::start(AudioSource::tone(440.0), |offer| {
        let p = echo_peer(&offer, 1);
        let answer = p.answer.clone();
        peer = Some(p);
        async move { Ok(answer) }
    })
    .await
    .unwrap();
    let peer = peer.unwrap();
    assert!(media.local_addr().ip().is_loopback());

    media.wait_connected(Duration::from_secs(5)).await.unwrap();
    let slot = media
        .wait_for_tone(440.0, Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(slot, 1, "echo peer forwards into slot 1");
    assert!(!media.hears_tone(880.0));
    assert!(media.first_packet_at().is_some());
    assert!(media.packets_received() > 0);
    assert_eq!(media.slot_stats(0).unwrap().packets, 0);
    assert_eq!(media.slot_stats(2).unwrap().packets, 0);
    assert!(media.tone_power(Some(1), 440.0, Duration::from_millis(300)) > 0.05);
    assert!(media.tone_power(Some(0), 440.0, Duration::from_millis(300)) < 1e-6);

    // The microphone frames carry the RFC 6464 level of a 0.5-amplitude sine (about -9 dBov).
    {
        let obs = peer.observed.lock().unwrap();
        let (level, vad) = *obs.levels.last().unwrap();
        let level = level.unwrap();
        assert!((-12..=-6).contains(&level), "level {level}");
        assert_eq!(vad, Some(true));
        assert!(obs.forwarded > 0);
    }

    // Switching the source live changes what is heard.
    media.set_source(AudioSource::tone(880.0));
    media
        .wait_for_tone(880.0, Duration::from_secs(2))
        .await
        .unwrap();
    assert!(!media.hears_tone(440.0));

    media.set_source(AudioSource::Silence);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(!media.hears_tone(880.0));
    assert!(!media.hears_tone(440.0));
    {
        let obs = peer.observed.lock().unwrap();
        let (level, vad) = *obs.levels.last().unwrap();
        assert_eq!(level, Some(-127));
        assert_eq!(vad, Some(false));
    }

    assert!(media.frames_sent() > 20);
    media.shutdown().await.unwrap();
}

#[tokio::test]
async fn closing_stops_the_loop() {
    let mut peer = None;
    let media = MediaSession::start(AudioSource::Silence, |offer| {
        let p = echo_peer(&offer, 0);
        let answer = p.answer.clone();
        peer = Some(p);
        async move { Ok(answer) }
    })
    .await
    .unwrap();
    media.wait_connected(Duration::from_secs(5)).await.unwrap();
    assert!(!media.is_finished());
    tokio::time::timeout(Duration::from_secs(2), media.shutdown())
        .await
        .unwrap()
        .unwrap();
}
