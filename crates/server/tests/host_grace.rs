//! A room survives its host's dropped connection: the room waits the host grace period (30 s,
//! driven by a manual clock) for a moderator to come back, the audience keeps hearing the
//! speakers meanwhile, and then the longest-standing connected speaker takes over.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use common::{bring_on_stage, Bot, TestServer, T};
use stoa_client::{AudioSource, MediaSession};
use stoa_proto::moderation::ModAction;
use stoa_proto::ws::{LeaveReason, ServerMessage as S};
use stoa_proto::{RoomRole, UserId};
use stoa_server::ServeConfig;
use stoa_service::{Clock, ManualClock};

const SPEAKER_HZ: f32 = 440.0;

async fn start() -> (TestServer, Arc<ManualClock>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (clock, manual) = Clock::manual(Utc::now());
    let mut cfg = ServeConfig::for_tests(dir.path().to_path_buf());
    cfg.clock = clock;
    (TestServer::start_with(dir, cfg).await, manual)
}

/// Moves the clock and gives the room task a moment to act on it.
async fn advance(manual: &ManualClock, secs: u64) {
    manual.advance(Duration::from_secs(secs));
    tokio::time::sleep(Duration::from_millis(150)).await;
}

async fn media(bot: &mut Bot, source: AudioSource) -> MediaSession {
    let media = MediaSession::connect(&mut bot.ws, source)
        .await
        .expect("media session");
    media.wait_connected(T).await.expect("media connects");
    media
}

/// Role changes and departures of `user` seen by `bot` so far (after letting messages arrive).
async fn changes_of(bot: &mut Bot, user: UserId) -> Vec<String> {
    bot.ws.settle(Duration::from_millis(200)).await.unwrap();
    let mut seen = Vec::new();
    for m in bot.ws.history() {
        match m {
            S::ParticipantUpdated { participant, .. } if participant.user.id == user => {
                seen.push(format!("{:?}", participant.role));
            }
            S::ParticipantsUpdated { participants, .. } => seen.extend(
                participants
                    .iter()
                    .filter(|p| p.user.id == user)
                    .map(|p| format!("{:?}", p.role)),
            ),
            S::ParticipantLeft { user_id, .. } if *user_id == user => seen.push("left".into()),
            _ => {}
        }
    }
    seen
}

#[tokio::test]
async fn the_longest_standing_connected_speaker_takes_over_after_the_host_grace() {
    let (server, manual) = start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let room = server.room(&admin_token, "Host drops").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    let mut carol = server.joined(&carol_token, &room).await;
    bring_on_stage(&mut admin, &mut bob).await;
    let speaker = media(&mut bob, AudioSource::tone(SPEAKER_HZ)).await;
    let listener = media(&mut carol, AudioSource::Silence).await;
    listener
        .wait_for_tone(SPEAKER_HZ, Duration::from_secs(3))
        .await
        .expect("carol hears bob");

    let admin_id = admin.id;
    admin.ws.close().await.unwrap();
    carol
        .wait_participant(admin_id, |p| !p.connected && p.role == RoomRole::Moderator)
        .await;
    let before = changes_of(&mut carol, bob.id).await.len();

    // Past the 3 s reconnect grace and up to 29 s: the host keeps their place, nobody is
    // promoted, and the audience still hears the speaker.
    advance(&manual, 5).await;
    advance(&manual, 24).await;
    assert_eq!(changes_of(&mut carol, bob.id).await.len(), before);
    assert!(
        !changes_of(&mut carol, admin_id)
            .await
            .contains(&"left".to_string()),
        "the host was not dropped by the reconnect grace"
    );
    listener
        .wait_for_tone(SPEAKER_HZ, Duration::from_secs(2))
        .await
        .expect("carol still hears bob");

    // At 30 s the speaker moderates, the host leaves, the log says why.
    advance(&manual, 1).await;
    carol
        .wait_participant(bob.id, |p| p.role == RoomRole::Moderator)
        .await;
    let reason = carol.wait_participant_left(admin_id, T).await;
    assert_eq!(reason, LeaveReason::Disconnected);
    let entry = bob
        .ws
        .wait_map(
            |m| match m {
                S::ModLogEntry { entry } if entry.action == ModAction::HostHandedOver => {
                    Some(entry.clone())
                }
                _ => None,
            },
            T,
        )
        .await
        .expect("live host_handed_over for the new moderator");
    assert_eq!(entry.actor, None);
    assert_eq!(entry.target.map(|u| u.id), Some(bob.id));
    let (status, log) = server
        .get(&format!("/api/rooms/{}/modlog", room.0), Some(&bob_token))
        .await;
    assert_eq!(status, 200, "{log}");
    assert_eq!(log["entries"][0]["action"], "host_handed_over", "{log}");
    assert_eq!(log["entries"][0]["actor"], serde_json::Value::Null);
    assert!(listener.hears_tone(SPEAKER_HZ) || listener.wait_for_tone(SPEAKER_HZ, T).await.is_ok());
    speaker.close();
    listener.close();
}

#[tokio::test]
async fn a_host_back_within_the_grace_keeps_the_room_unchanged() {
    let (server, manual) = start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let room = server.room(&admin_token, "Host returns").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    bring_on_stage(&mut admin, &mut bob).await;

    let admin_id = admin.id;
    admin.ws.close().await.unwrap();
    bob.wait_participant(admin_id, |p| !p.connected).await;
    advance(&manual, 10).await;
    let mut admin = server.bot(&admin_token).await;
    let snapshot = admin.ws.join_room(&room, T).await.unwrap();
    let role = |id| {
        snapshot
            .participants
            .iter()
            .find(|p| p.user.id == id)
            .map(|p| p.role)
    };
    assert_eq!(role(admin_id), Some(RoomRole::Moderator));
    assert_eq!(role(bob.id), Some(RoomRole::Speaker));

    advance(&manual, 30).await;
    let bob_id = bob.id;
    assert!(
        !changes_of(&mut bob, bob_id)
            .await
            .contains(&"Moderator".to_string()),
        "nobody took over"
    );
    let (status, log) = server
        .get(&format!("/api/rooms/{}/modlog", room.0), Some(&admin_token))
        .await;
    assert_eq!(status, 200, "{log}");
    assert!(
        !log.to_string().contains("host_handed_over"),
        "no hand-over: {log}"
    );
}
