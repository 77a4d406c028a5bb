//! A server restart keeps accounts, sessions and live rooms: members who come back within the
//! grace period are in the same role, and audio flows again.

mod common;

use std::time::Duration;

use common::{bring_on_stage, TestServer, T};
use stoa_client::{AudioSource, MediaSession};
use stoa_proto::RoomRole;

#[tokio::test]
async fn members_come_back_to_their_roles_after_a_restart() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let room = server.room(&admin_token, "Survives restarts").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    bring_on_stage(&mut admin, &mut bob).await;

    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    assert!(
        server.running.bootstrap_invite.is_none(),
        "no bootstrap link once members exist"
    );
    let hallway = server.get("/api/rooms", Some(&bob_token)).await.1;
    assert_eq!(hallway["rooms"][0]["id"], room.0.as_str(), "{hallway}");

    // Sessions survived; both come back in their roles.
    let mut admin = server.bot(&admin_token).await;
    let snapshot = admin.ws.join_room(&room, T).await.unwrap();
    let role_of = |id| {
        snapshot
            .participants
            .iter()
            .find(|p| p.user.id == id)
            .map(|p| p.role)
    };
    assert_eq!(role_of(admin.id), Some(RoomRole::Moderator));
    let mut bob = server.bot(&bob_token).await;
    let snapshot = bob.ws.join_room(&room, T).await.unwrap();
    let me = snapshot
        .participants
        .iter()
        .find(|p| p.user.id == bob.id)
        .unwrap();
    assert_eq!(me.role, RoomRole::Speaker);

    let speaker = MediaSession::connect(&mut bob.ws, AudioSource::tone(523.0))
        .await
        .unwrap();
    let listener = MediaSession::connect(&mut admin.ws, AudioSource::Silence)
        .await
        .unwrap();
    listener
        .wait_for_tone(523.0, Duration::from_secs(3))
        .await
        .expect("audio after restart");
    speaker.close();
    listener.close();
}
