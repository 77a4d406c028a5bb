//! Saying what is happening: a speak invitation leaves the bell once it no longer applies, a
//! social room that opens up tells the followers who could not join before, the room and its
//! new moderator hear of a host hand-over, and site admins hear of new reports.

use std::time::Duration;

use stoa_proto::moderation::{CreateReportRequest, ReportReason};
use stoa_proto::rest::{CreateRoomRequest, NotificationKind, RoomSummary};
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_service::outbox::Inbox;
use stoa_service::Session;

use crate::support::{next_matching, Person, World};

/// `host` starts a room of `kind`.
async fn start_room(world: &World, host: &Person, kind: RoomKind) -> RoomSummary {
    world
        .stoa
        .rooms()
        .create_room(
            &host.member,
            CreateRoomRequest {
                title: "Morning show".to_string(),
                kind,
                invited: Vec::new(),
                club_id: None,
                members_only: false,
            },
        )
        .await
        .expect("room")
}

/// `person` opens a session and joins `room`.
async fn join(world: &World, person: &Person, room: &RoomId) -> (Session, Inbox) {
    let (mut session, inbox) = world.stoa.rooms().open_session(person.member.clone());
    session
        .handle(ClientMessage::JoinRoom {
            room_id: room.clone(),
        })
        .await;
    assert_eq!(session.room_id(), Some(room), "{} joined", person.name());
    (session, inbox)
}

/// Waits for the live `speak_invite` notification in `inbox`; answers its id.
async fn invite_noted(inbox: &mut Inbox) -> i64 {
    next_matching(inbox, |msg| match msg {
        ServerMessage::Notification { notification, .. }
            if notification.kind == NotificationKind::SpeakInvite =>
        {
            Some(notification.id)
        }
        _ => None,
    })
    .await
}

/// Waits for `notifications_removed` in `inbox`; answers its ids and unread count.
async fn removed(inbox: &mut Inbox) -> (Vec<i64>, u32) {
    next_matching(inbox, |msg| match msg {
        ServerMessage::NotificationsRemoved { ids, unread } => Some((ids, unread)),
        _ => None,
    })
    .await
}

#[tokio::test]
async fn a_speak_invitation_leaves_the_bell_once_answered_or_over() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let carol = world.invited(&admin, "carol").await;
    let dave = world.invited(&admin, "dave").await;
    let room = start_room(&world, &ada, RoomKind::Open).await;
    let (mut host, _host_inbox) = join(&world, &ada, &room.id).await;
    let (mut bobs, mut bob_inbox) = join(&world, &bob, &room.id).await;
    let (mut carols, mut carol_inbox) = join(&world, &carol, &room.id).await;
    let (_daves, mut dave_inbox) = join(&world, &dave, &room.id).await;
    let invite = |user: UserId| ClientMessage::InviteToSpeak { user_id: user };

    // Bob accepts: on stage, and the invitation leaves his notifications.
    host.handle(invite(bob.member.record.id)).await;
    let id = invite_noted(&mut bob_inbox).await;
    bobs.handle(ClientMessage::AcceptSpeakInvite).await;
    assert_eq!(removed(&mut bob_inbox).await, (vec![id], 0));
    assert!(world
        .notes(&bob, NotificationKind::SpeakInvite)
        .await
        .is_empty());

    // Carol declines: gone too.
    host.handle(invite(carol.member.record.id)).await;
    let id = invite_noted(&mut carol_inbox).await;
    carols.handle(ClientMessage::DeclineSpeakInvite).await;
    assert_eq!(removed(&mut carol_inbox).await, (vec![id], 0));
    assert!(world
        .notes(&carol, NotificationKind::SpeakInvite)
        .await
        .is_empty());

    // Dave is invited twice and has not answered when the room ends: both go.
    host.handle(invite(dave.member.record.id)).await;
    let first = invite_noted(&mut dave_inbox).await;
    host.handle(invite(dave.member.record.id)).await;
    let second = invite_noted(&mut dave_inbox).await;
    assert_eq!(
        world
            .notes(&dave, NotificationKind::SpeakInvite)
            .await
            .len(),
        2
    );
    bobs.handle(ClientMessage::LeaveRoom).await;
    host.handle(ClientMessage::LeaveRoom).await;
    assert_eq!(removed(&mut dave_inbox).await, (vec![first, second], 0));
    assert!(world
        .notes(&dave, NotificationKind::SpeakInvite)
        .await
        .is_empty());
}

#[tokio::test]
async fn a_social_room_opened_up_tells_the_followers_not_told_yet() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let carol = world.invited(&admin, "carol").await;
    let social = world.stoa.social();
    // Bob and Carol follow Ada; Ada follows Bob back.
    social
        .follow(&bob.member, ada.name())
        .await
        .expect("follow");
    social
        .follow(&carol.member, ada.name())
        .await
        .expect("follow");
    social
        .follow(&ada.member, bob.name())
        .await
        .expect("follow back");
    let (_carols, mut carol_inbox) = world.stoa.rooms().open_session(carol.member.clone());
    let (_bobs, mut bob_inbox) = world.stoa.rooms().open_session(bob.member.clone());
    let started = |msg: ServerMessage| match msg {
        ServerMessage::Notification { notification, .. }
            if notification.kind == NotificationKind::RoomStarted =>
        {
            Some(notification)
        }
        _ => None,
    };

    let room = start_room(&world, &ada, RoomKind::Social).await;
    let told = next_matching(&mut bob_inbox, started).await;
    assert_eq!(told.room.map(|r| r.id), Some(room.id.clone()));
    let (mut host, _host_inbox) = join(&world, &ada, &room.id).await;
    world
        .stoa
        .rooms()
        .set_room_kind(&ada.member, &room.id, RoomKind::Open)
        .await
        .expect("open up");
    let told = next_matching(&mut carol_inbox, started).await;
    assert_eq!(told.room.map(|r| r.id), Some(room.id.clone()));
    assert_eq!(
        told.actor.map(|a| a.id),
        Some(ada.member.record.id),
        "Ada started it"
    );
    // Closing it and opening it again tells nobody anything new.
    let rooms = world.stoa.rooms();
    rooms
        .set_room_kind(&ada.member, &room.id, RoomKind::Closed)
        .await
        .expect("close");
    rooms
        .set_room_kind(&ada.member, &room.id, RoomKind::Open)
        .await
        .expect("open again");
    // The room's notices are stored in order: once Carol's speak invitation (queued after
    // everything above) arrives, nothing more is on its way.
    let (_carols_room, mut carols_room_inbox) = join(&world, &carol, &room.id).await;
    host.handle(ClientMessage::InviteToSpeak {
        user_id: carol.member.record.id,
    })
    .await;
    invite_noted(&mut carols_room_inbox).await;
    let carols = world.notes(&carol, NotificationKind::RoomStarted).await;
    assert_eq!(carols.len(), 1);
    assert_eq!(
        world.notes(&bob, NotificationKind::RoomStarted).await.len(),
        1,
        "Bob, told when it started, is not told again"
    );
}

#[tokio::test]
async fn the_room_and_its_new_moderator_hear_of_a_hand_over() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let carol = world.invited(&admin, "carol").await;
    let room = start_room(&world, &ada, RoomKind::Open).await;
    let (mut host, _host_inbox) = join(&world, &ada, &room.id).await;
    let (mut bobs, mut bob_inbox) = join(&world, &bob, &room.id).await;
    let (_carols, mut carol_inbox) = join(&world, &carol, &room.id).await;
    let bob_id = bob.member.record.id;
    host.handle(ClientMessage::InviteToSpeak { user_id: bob_id })
        .await;
    bobs.handle(ClientMessage::AcceptSpeakInvite).await;

    // Ada's connection drops. Once the room has taken that in (it answers Bob's unmute after
    // it), the host grace runs out without her.
    host.close();
    bobs.handle(ClientMessage::SetMuted { muted: false }).await;
    next_matching(&mut bob_inbox, |msg| match msg {
        ServerMessage::ParticipantUpdated { participant, .. }
            if participant.user.id == bob_id && !participant.muted =>
        {
            Some(())
        }
        _ => None,
    })
    .await;
    world.clock.advance(Duration::from_secs(31));
    world.clock.woken().await;

    let handed = |msg: ServerMessage| match msg {
        ServerMessage::HostHandedOver { room_id, to } => Some((room_id, to)),
        _ => None,
    };
    let (room_id, to) = next_matching(&mut bob_inbox, handed).await;
    assert_eq!((room_id, to.id), (room.id.clone(), bob_id), "Bob is told");
    let (room_id, to) = next_matching(&mut carol_inbox, handed).await;
    assert_eq!(
        (room_id, to.id),
        (room.id.clone(), bob_id),
        "so is the room"
    );
}

#[tokio::test]
async fn site_admins_hear_of_new_reports_and_see_the_queue_count() {
    let world = World::start().await;
    let admin = world.admin().await;
    let bob = world.invited(&admin, "bob").await;
    let carol = world.invited(&admin, "carol").await;
    let moderation = world.stoa.moderation();
    let count = moderation.report_count(&admin.member).await.expect("count");
    assert_eq!(count.open, 0);
    let refused = moderation
        .report_count(&bob.member)
        .await
        .expect_err("members do not see the queue");
    assert_eq!(refused.code(), stoa_proto::ErrorCode::Forbidden);

    let (_admins, mut admin_inbox) = world.stoa.rooms().open_session(admin.member.clone());
    moderation
        .create_report(
            &bob.member,
            CreateReportRequest {
                username: Some(carol.name().to_string()),
                room_id: None,
                reason: ReportReason::Harassment,
                details: String::new(),
            },
        )
        .await
        .expect("report");
    let note = next_matching(&mut admin_inbox, |msg| match msg {
        ServerMessage::Notification { notification, .. }
            if notification.kind == NotificationKind::ReportFiled =>
        {
            Some(notification)
        }
        _ => None,
    })
    .await;
    assert_eq!(note.actor.map(|a| a.id), Some(bob.member.record.id));
    assert_eq!(note.text, "BOB filed a report");
    let count = moderation.report_count(&admin.member).await.expect("count");
    assert_eq!(count.open, 1);
    assert!(
        world
            .notes(&carol, NotificationKind::ReportFiled)
            .await
            .is_empty(),
        "only admins are told"
    );
}
