//! Each dropped connection gets a whole reconnect grace period (20 s here, on a manual clock):
//! drop, come back at +2 s, drop again at +10 s, and the member is still there at +20 s and
//! leaves at +30 s.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use common::{Bot, TestServer, T};
use stoa_proto::ws::{ClientMessage, LeaveReason, ServerMessage as S};
use stoa_proto::UserId;
use stoa_server::ServeConfig;
use stoa_service::{Clock, ManualClock};

async fn start() -> (TestServer, Arc<ManualClock>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (clock, manual) = Clock::manual(Utc::now());
    let mut cfg = ServeConfig::for_tests(dir.path().to_path_buf());
    cfg.clock = clock;
    cfg.reconnect_grace = Duration::from_secs(20);
    (TestServer::start_with(dir, cfg).await, manual)
}

/// Moves the clock and waits until every timer it ran out has fired.
async fn advance(manual: &ManualClock, secs: u64) {
    manual.advance(Duration::from_secs(secs));
    tokio::time::timeout(T, manual.woken())
        .await
        .expect("timers fired");
}

/// A round trip through the room task: whatever the room did before (a timer's message it had
/// queued) has reached `bot` once this returns.
async fn through_the_room(bot: &mut Bot) {
    bot.send(ClientMessage::MakeModerator {
        user_id: UserId(i64::MAX),
    })
    .await;
    bot.wait_error().await;
}

fn left(bot: &Bot, user: UserId) -> bool {
    bot.ws
        .history()
        .iter()
        .any(|m| matches!(m, S::ParticipantLeft { user_id, .. } if *user_id == user))
}

#[tokio::test]
async fn each_drop_starts_its_own_grace_period() {
    let (server, manual) = start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let room = server.room(&admin_token, "Second chances").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let bob = server.joined(&bob_token, &room).await;
    let bob_id = bob.id;

    // Drop at 0 s, back at +2 s.
    bob.ws.close().await.expect("close");
    admin.wait_participant(bob_id, |p| !p.connected).await;
    advance(&manual, 2).await;
    let bob = server.joined(&bob_token, &room).await;
    admin.wait_participant(bob_id, |p| p.connected).await;

    // Drop again at +10 s.
    advance(&manual, 8).await;
    bob.ws.close().await.expect("close");
    admin.wait_participant(bob_id, |p| !p.connected).await;

    // +20 s: the first drop's grace has run out, the second's has not.
    advance(&manual, 10).await;
    through_the_room(&mut admin).await;
    assert!(
        !left(&admin, bob_id),
        "bob was removed 20 s after his first drop"
    );

    // +30 s: 20 s after the second drop, bob leaves.
    advance(&manual, 10).await;
    let reason = admin.wait_participant_left(bob_id, T).await;
    assert_eq!(reason, LeaveReason::Disconnected);
}
