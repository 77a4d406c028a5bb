//! The room's rules over the real WebSocket: hands, invitations to speak, moderation,
//! refusals, promotion of a new moderator, the end of a room, reconnects and the live hallway.

mod common;

use common::{bring_on_stage, TestServer, T};
use stoa_proto::ws::{ClientMessage as C, LeaveReason, ServerMessage as S};
use stoa_proto::{ErrorCode, RoomRole};

#[tokio::test]
async fn audience_raises_hand_moderator_invites_and_moderates() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let room = server.room(&admin_token, "Morning show").await;

    let mut admin = server.bot(&admin_token).await;
    let snapshot = admin.ws.join_room(&room, T).await.unwrap();
    assert_eq!(snapshot.participants[0].role, RoomRole::Moderator);
    let mut bob = server.bot(&bob_token).await;
    let snapshot = bob.ws.join_room(&room, T).await.unwrap();
    let me = snapshot
        .participants
        .iter()
        .find(|p| p.user.id == bob.id)
        .unwrap();
    assert_eq!((me.role, me.muted), (RoomRole::Audience, true));

    // The audience may not moderate, nor unmute itself.
    bob.send(C::Mute { user_id: admin.id }).await;
    assert_eq!(bob.wait_error().await, ErrorCode::Forbidden);
    bob.send(C::SetMuted { muted: false }).await;
    assert_eq!(bob.wait_error().await, ErrorCode::InvalidState);
    bob.send(C::AcceptSpeakInvite).await;
    assert_eq!(bob.wait_error().await, ErrorCode::InvalidState);

    bob.send(C::RaiseHand).await;
    admin.wait_participant(bob.id, |p| p.hand_raised).await;
    admin.send(C::InviteToSpeak { user_id: bob.id }).await;
    let by = bob
        .ws
        .wait_map(
            |m| match m {
                S::SpeakInvite { by, .. } => Some(by.clone()),
                _ => None,
            },
            T,
        )
        .await
        .unwrap();
    assert_eq!(by.username, "admin");
    bob.send(C::AcceptSpeakInvite).await;
    let p = admin
        .wait_participant(bob.id, |p| p.role == RoomRole::Speaker)
        .await;
    assert!(p.muted, "a new speaker comes on stage muted");
    assert!(!p.hand_raised);
    bob.send(C::SetMuted { muted: false }).await;
    admin.wait_participant(bob.id, |p| !p.muted).await;

    // Moderator mutes the speaker; the speaker may unmute again.
    admin.send(C::Mute { user_id: bob.id }).await;
    bob.wait_participant(bob.id, |p| p.muted).await;
    bob.send(C::SetMuted { muted: false }).await;
    admin.wait_participant(bob.id, |p| !p.muted).await;

    // Moderator moves the speaker back, then removes carol who cannot come back.
    admin.send(C::MoveToAudience { user_id: bob.id }).await;
    admin
        .wait_participant(bob.id, |p| p.role == RoomRole::Audience && p.muted)
        .await;
    let mut carol = server.joined(&carol_token, &room).await;
    admin.send(C::Remove { user_id: carol.id }).await;
    assert_eq!(carol.wait_left().await, LeaveReason::Removed);
    let err = carol.ws.join_room(&room, T).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::RemovedFromRoom));

    // Making an audience member a moderator is refused; a speaker can be made one.
    admin.send(C::MakeModerator { user_id: bob.id }).await;
    assert_eq!(admin.wait_error().await, ErrorCode::InvalidState);
}

#[tokio::test]
async fn last_moderator_leaving_promotes_the_longest_speaker_and_empty_stage_ends_the_room() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let room = server.room(&admin_token, "Handover").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.bot(&bob_token).await;
    let mut carol = server.bot(&carol_token).await;
    for guest in [&mut bob, &mut carol] {
        guest.ws.join_room(&room, T).await.unwrap();
        bring_on_stage(&mut admin, guest).await;
    }

    admin.send(C::LeaveRoom).await;
    // Bob went on stage first: he becomes the moderator.
    carol
        .wait_participant(bob.id, |p| p.role == RoomRole::Moderator)
        .await;
    let summary = server
        .get(&format!("/api/rooms/{}", room.0), Some(&bob_token))
        .await
        .1;
    assert_eq!(summary["stage"][0]["username"], "bob");

    bob.send(C::LeaveRoom).await;
    carol
        .wait_participant(carol.id, |p| p.role == RoomRole::Moderator)
        .await;
    carol.send(C::LeaveRoom).await;
    // The stage is empty: the room has ended for everyone.
    let mut dave = server.bot(&server.member(&admin_token, "dave").await).await;
    let deadline = tokio::time::Instant::now() + T;
    loop {
        let (_, summary) = server
            .get(&format!("/api/rooms/{}", room.0), Some(&bob_token))
            .await;
        if summary["ended"] == true {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "room did not end: {summary}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let err = dave.ws.join_room(&room, T).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::RoomEnded));
    let hallway = server.get("/api/rooms", Some(&bob_token)).await.1;
    assert_eq!(hallway["rooms"].as_array().unwrap().len(), 0, "{hallway}");
}

#[tokio::test]
async fn a_dropped_connection_keeps_its_role_within_the_grace_period() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let room = server.room(&admin_token, "Reconnects").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    bring_on_stage(&mut admin, &mut bob).await;

    let bob_id = bob.id;
    bob.ws.close().await.unwrap();
    admin
        .wait_participant(bob_id, |p| !p.connected && p.role == RoomRole::Speaker)
        .await;
    let mut bob = server.bot(&bob_token).await;
    let snapshot = bob.ws.join_room(&room, T).await.unwrap();
    let me = snapshot
        .participants
        .iter()
        .find(|p| p.user.id == bob.id)
        .unwrap();
    assert_eq!(
        me.role,
        RoomRole::Speaker,
        "back on stage after reconnecting"
    );
    admin.wait_participant(bob_id, |p| p.connected).await;

    // Without coming back, the grace period (3 s in tests) ends the membership.
    bob.ws.close().await.unwrap();
    let reason = admin
        .wait_participant_left(bob_id, std::time::Duration::from_secs(10))
        .await;
    assert_eq!(reason, LeaveReason::Disconnected);
}

#[tokio::test]
async fn the_hallway_updates_live_and_unknown_rooms_are_refused() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let mut bob = server.bot(&bob_token).await;
    let err = bob
        .ws
        .join_room(&stoa_proto::RoomId("nope".into()), T)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::NotFound));
    bob.send(C::RaiseHand).await;
    assert_eq!(bob.wait_error().await, ErrorCode::NotInRoom);

    let room = server.room(&admin_token, "Live now").await;
    let _admin = server.joined(&admin_token, &room).await;
    let found = bob
        .ws
        .wait_map(
            |m| match m {
                S::Hallway { hallway } => hallway.rooms.iter().find(|r| r.id == room).cloned(),
                _ => None,
            },
            T,
        )
        .await
        .unwrap();
    assert_eq!(found.title, "Live now");
    assert_eq!(found.stage[0].username, "admin");
    // Carol stays in the hallway and sees Bob arrive in the room's listener count.
    let carol_token = server.member(&admin_token, "carol").await;
    let mut carol = server.bot(&carol_token).await;
    bob.ws.join_room(&room, T).await.unwrap();
    carol
        .ws
        .wait_for(
            |m| matches!(m, S::Hallway { hallway } if hallway.rooms.iter().any(|r| r.id == room && r.listener_count == 1)),
            T,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_member_is_in_one_room_at_a_time() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let first = server.room(&admin_token, "First").await;
    let second = server.room(&bob_token, "Second").await;
    let mut admin = server.joined(&admin_token, &first).await;
    let mut bob_phone = server.joined(&bob_token, &first).await;
    let bob_id = bob_phone.id;

    // Bob opens his own room from another device: he leaves the first room.
    let _bob_laptop = server.joined(&bob_token, &second).await;
    let left = admin
        .ws
        .wait_map(
            |m| match m {
                S::ParticipantLeft {
                    user_id, room_id, ..
                } if *user_id == bob_id => Some(room_id.clone()),
                _ => None,
            },
            T,
        )
        .await
        .unwrap();
    assert_eq!(left, first);
    bob_phone
        .ws
        .wait_for(
            |m| matches!(m, S::LeftRoom { room_id, .. } if *room_id == first),
            T,
        )
        .await
        .unwrap();
    let summary = server
        .get(&format!("/api/rooms/{}", first.0), Some(&admin_token))
        .await
        .1;
    assert_eq!(summary["listener_count"], 0, "{summary}");
}

#[tokio::test]
async fn plain_listener_joins_are_coalesced_and_interactive_changes_are_not() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let room = server.room(&admin_token, "Big room").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut listeners = Vec::new();
    for i in 0..8 {
        let token = server.member(&admin_token, &format!("listener{i}")).await;
        listeners.push(server.joined(&token, &room).await);
    }
    for listener in &listeners {
        let id = listener.id;
        admin
            .wait_participant(id, |p| p.role == RoomRole::Audience)
            .await;
    }
    // Every listener arrived through a batch, none through a single update.
    let singles = admin.ws.history().iter().filter(|m| {
        matches!(m, S::ParticipantUpdated { participant, .. }
            if listeners.iter().any(|l| l.id == participant.user.id))
    });
    assert_eq!(singles.count(), 0);
    // A raised hand is not held back: it arrives as a single update.
    let first = &mut listeners[0];
    first.send(C::RaiseHand).await;
    let id = first.id;
    let got = admin
        .ws
        .wait_map(
            |m| match m {
                S::ParticipantUpdated { participant, .. }
                    if participant.user.id == id && participant.hand_raised =>
                {
                    Some(())
                }
                _ => None,
            },
            T,
        )
        .await;
    assert!(got.is_ok(), "raised hand arrives as a single update");
}

#[tokio::test]
async fn a_listener_whose_room_ended_joins_another_room_at_once() {
    let server = TestServer::start().await;
    let admin_token = server.admin().await;
    let bob_token = server.member(&admin_token, "bob").await;
    let carol_token = server.member(&admin_token, "carol").await;
    let first = server.room(&admin_token, "Ends soon").await;
    let mut admin = server.joined(&admin_token, &first).await;
    let mut bob = server.joined(&bob_token, &first).await;

    // The only one on stage leaves: the room ends under Bob, who sat in its audience.
    admin.send(C::LeaveRoom).await;
    bob.ws
        .wait_for(|m| matches!(m, S::RoomEnded { .. }), T)
        .await
        .expect("bob is told the room ended");

    // Bob goes straight to another live room on the same connection: no stale "room ended".
    let second = server.room(&carol_token, "Next one").await;
    let _carol = server.joined(&carol_token, &second).await;
    let snapshot = bob
        .ws
        .join_room(&second, T)
        .await
        .expect("joins the next room");
    assert!(snapshot.participants.iter().any(|p| p.user.id == bob.id));
    // And leaving works as usual.
    bob.send(C::LeaveRoom).await;
    bob.ws
        .wait_for(|m| matches!(m, S::LeftRoom { .. }), T)
        .await
        .expect("left");
}
