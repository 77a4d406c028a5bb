//! The client against the real SFU (crates/sfu) in-process: real WebRTC and Opus over
//! 127.0.0.1, no HTTP server. Asserts on decoded audio.

use std::time::{Duration, Instant};

use stoa_client::{AudioSource, ClientError, MediaSession};
use stoa_proto::{RoomId, UserId};
use stoa_sfu::{start, SfuConfig, SfuHandle};

async fn sfu() -> SfuHandle {
    sfu_settling(Some(stoa_sfu::settle::SETTLE_AFTER)).await
}

/// An SFU that releases str0m's connection `settle_after` after a peer connected.
async fn sfu_settling(settle_after: Option<Duration>) -> SfuHandle {
    let (handle, _events) = start(SfuConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        public_ips: Vec::new(),
        egress: Default::default(),
        send_threads: 0,
        settle_after,
        max_connecting: stoa_sfu::DEFAULT_MAX_CONNECTING,
    })
    .await
    .expect("sfu starts");
    handle
}

async fn join(
    sfu: &SfuHandle,
    room: &str,
    user: i64,
    publish: bool,
    source: AudioSource,
) -> MediaSession {
    let room = RoomId(room.into());
    let media = MediaSession::start(source, |offer| async move {
        sfu.connect(room, UserId(user), offer, publish)
            .await
            .map_err(|e| ClientError::Media(e.to_string()))
    })
    .await
    .expect("negotiation succeeds");
    media
        .wait_connected(Duration::from_secs(5))
        .await
        .expect("media connects");
    media
}

/// Polls for `window`, failing if any session hears `freq`.
async fn assert_nobody_hears(sessions: &[(&str, &MediaSession)], freq: f32, window: Duration) {
    let end = Instant::now() + window;
    while Instant::now() < end {
        for (name, s) in sessions {
            if s.hears_tone(freq) {
                let stats: Vec<_> = (0..s.slot_count()).map(|i| s.slot_stats(i)).collect();
                let now = Instant::now();
                panic!("{name} hears {freq} Hz; now {now:?} slots {stats:?}");
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn speaker_is_heard_and_audience_is_not() {
    speaker_heard_audience_not(None).await;
}

/// The same once every connection settled: Stoa answers the clients' STUN and decrypts the
/// invited listener's microphone itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settled_connections_behave_the_same() {
    speaker_heard_audience_not(Some(Duration::from_millis(100))).await;
}

async fn speaker_heard_audience_not(settle_after: Option<Duration>) {
    let sfu = sfu_settling(settle_after).await;
    let a = join(&sfu, "room-1", 1, true, AudioSource::tone(440.0)).await;
    let b = join(&sfu, "room-1", 2, false, AudioSource::Silence).await;
    let c = join(&sfu, "room-1", 3, false, AudioSource::tone(880.0)).await;

    let started = Instant::now();
    b.wait_for_tone(440.0, Duration::from_secs(2))
        .await
        .expect("B hears A's 440 Hz within 2 s");
    c.wait_for_tone(440.0, Duration::from_secs(2))
        .await
        .expect("C hears A's 440 Hz within 2 s");
    let heard_after = started.elapsed();
    assert!(b.packets_received() > 0 && b.first_packet_at().is_some());

    assert_nobody_hears(
        &[("A", &a), ("B", &b), ("C", &c)],
        880.0,
        Duration::from_secs(1),
    )
    .await;
    assert!(!a.hears_tone(440.0), "A does not hear itself");
    assert!(c.frames_sent() > 20, "C really sent audio");
    eprintln!("440 Hz heard {heard_after:?} after all joined");
    if settle_after.is_some() {
        let deadline = Instant::now() + Duration::from_secs(5);
        while sfu.stats().peers_settled < 3 {
            assert!(Instant::now() < deadline, "peers settle: {:?}", sfu.stats());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(b.hears_tone(440.0), "B still hears A once settled");
    }

    // The same connection starts being heard once allowed to publish (no renegotiation).
    sfu.set_can_publish(RoomId("room-1".into()), UserId(3), true);
    b.wait_for_tone(880.0, Duration::from_secs(2))
        .await
        .expect("B hears C once C may publish");
    a.wait_for_tone(880.0, Duration::from_secs(2))
        .await
        .expect("A hears C once C may publish");

    // And stops being heard when forbidden again.
    sfu.set_can_publish(RoomId("room-1".into()), UserId(3), false);
    for s in [&a, &b] {
        s.wait_until_not_hearing(880.0, Duration::from_secs(2))
            .await
            .expect("C is cut off");
    }
    assert_nobody_hears(&[("A", &a), ("B", &b)], 880.0, Duration::from_millis(500)).await;
    assert!(b.hears_tone(440.0), "B still hears A");

    for s in [a, b, c] {
        s.shutdown().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_are_isolated() {
    let sfu = sfu().await;
    let a = join(&sfu, "room-a", 1, true, AudioSource::tone(440.0)).await;
    let b = join(&sfu, "room-b", 2, false, AudioSource::Silence).await;
    let c = join(&sfu, "room-a", 3, false, AudioSource::Silence).await;
    c.wait_for_tone(440.0, Duration::from_secs(2))
        .await
        .expect("same room hears");
    assert_nobody_hears(&[("B", &b)], 440.0, Duration::from_millis(500)).await;
    assert_eq!(b.packets_received(), 0);
    drop(a);
}
