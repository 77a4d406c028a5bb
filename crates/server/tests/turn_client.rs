//! The Rust client through TURN: Stoa with `--turn-url`/`--turn-secret` pointing at a real coturn
//! on loopback. A listener whose policy is relay-only (as a bot on a network that blocks UDP to
//! the SFU would be) offers only its TURN relay candidate, and still hears the speaker — with
//! every datagram of its connection counted through the relay and none on its host socket. A
//! default-policy listener offers a relay too but keeps its audio on the direct path. A
//! relay-only client without TURN servers fails with a clear error.

mod common;
mod turn_support;

use std::time::Duration;

use common::{TestServer, T};
use stoa_client::media::RelayError;
use stoa_client::{AudioSource, ClientError, MediaOptions, MediaSession, RelayStats};
use stoa_server::ServeConfig;
use turn_support::Coturn;

const SECRET: &str = "a turn secret for the client test";
const SPEAKER_HZ: f32 = 440.0;

/// Waits until `check` holds for the listener's relay counters (bounded).
async fn wait_relay(media: &MediaSession, what: &str, check: impl Fn(&RelayStats) -> bool) {
    let deadline = tokio::time::Instant::now() + T;
    loop {
        let stats = media.relay_stats().expect("a relay");
        if check(&stats) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: relay counters stuck at {stats:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_relay_only_listener_hears_the_speaker_through_coturn() {
    let coturn = Coturn::start(SECRET);
    coturn.wait_ready().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.turn_url = vec![coturn.url()];
    config.turn_secret = Some(SECRET.to_string());
    let server = TestServer::start_with(dir, config).await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let room = server.room(&admin_token, "Relayed").await;

    // The speaker uses the default policy: host candidate plus a relay candidate.
    let mut admin = server.joined(&admin_token, &room).await;
    let speaker = MediaSession::connect(&mut admin.ws, AudioSource::tone(SPEAKER_HZ))
        .await
        .expect("speaker media");
    speaker.wait_connected(T).await.expect("speaker connects");
    let speaker_relay = speaker
        .relay_stats()
        .expect("TURN given: a relay candidate too");
    assert_eq!(speaker_relay.server.port(), coturn.port);

    // The listener offers only its relay.
    let mut bob = server.joined(&bob_token, &room).await;
    let listener = MediaSession::connect_with(
        &mut bob.ws,
        AudioSource::Silence,
        MediaOptions::relay_only(),
    )
    .await
    .expect("relay-only media");
    let relay = listener.relay_stats().expect("relay-only: a relay");
    assert_eq!(relay.server.port(), coturn.port, "allocated on coturn");
    assert!(relay.relayed.ip().is_loopback(), "{relay:?}");
    assert_ne!(relay.relayed, listener.local_addr());
    assert_ne!(relay.relayed.port(), coturn.port);

    listener.wait_connected(T).await.expect("listener connects");
    listener
        .wait_for_tone(SPEAKER_HZ, T)
        .await
        .expect("the relay-only listener hears the speaker");

    // Its connection really runs through coturn: the audio keeps arriving through the relay
    // (about 50 packets a second), and its own RTCP and consent checks leave through it.
    let before = listener.relay_stats().expect("relay");
    assert!(before.datagrams_sent > 0, "{before:?}");
    wait_relay(&listener, "audio through the relay", |s| {
        s.datagrams_received >= before.datagrams_received + 50
    })
    .await;
    assert!(listener.hears_tone(SPEAKER_HZ));
    // ... and nothing reached its host socket, which it never offered.
    assert_eq!(listener.host_datagrams_received(), 0);

    // A third member with the default policy offers its relay too, but its audio takes the
    // direct path (the relay only carries its connectivity checks).
    let carol_token = server.member(&admin_token, "carol").await;
    let mut carol = server.joined(&carol_token, &room).await;
    let direct = MediaSession::connect(&mut carol.ws, AudioSource::Silence)
        .await
        .expect("default-policy media");
    direct
        .wait_for_tone(SPEAKER_HZ, T)
        .await
        .expect("the default-policy listener hears the speaker");
    let host_before = direct.host_datagrams_received();
    let deadline = tokio::time::Instant::now() + T;
    while direct.host_datagrams_received() < host_before + 50 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "audio on the host socket"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let relayed = direct
        .relay_stats()
        .expect("TURN given: a relay candidate too");
    assert!(relayed.datagrams_received < 10, "{relayed:?}");

    direct.shutdown().await.expect("direct loop ends cleanly");
    listener
        .shutdown()
        .await
        .expect("listener loop ends cleanly");
    speaker.shutdown().await.expect("speaker loop ends cleanly");
    server.stop().await;
}

#[tokio::test]
async fn relay_only_without_turn_servers_fails_clearly() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let room = server.room(&admin_token, "No TURN").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let outcome = MediaSession::connect_with(
        &mut admin.ws,
        AudioSource::Silence,
        MediaOptions::relay_only(),
    )
    .await;
    assert!(
        matches!(outcome, Err(ClientError::Relay(RelayError::NoTurnServer))),
        "{outcome:?}"
    );
    server.stop().await;
}
