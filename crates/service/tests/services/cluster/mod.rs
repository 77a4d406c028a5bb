//! Two nodes sharing PostgreSQL and NATS: what reaches a member reaches them on the node their
//! socket is on — notifications and pings, suspension and sign-out, follows changing what their
//! sessions show, and friends online, which forgets the members of a node gone silent; the
//! hallway and the room a friend is in span the nodes.

mod harness;

use std::time::Duration;

use stoa_proto::rest::{CreateRoomRequest, NotificationKind};
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_service::closer::CloseCause;
use stoa_service::outbox::Inbox;

use crate::support::{next_matching, World};
use harness::{eventually, with_cluster, with_leased_cluster, Cluster};

/// The next notification of `kind` in `inbox`, with who did it.
async fn next_notification(inbox: &mut Inbox, kind: NotificationKind) -> Option<UserId> {
    next_matching(inbox, |msg| match msg {
        ServerMessage::Notification { notification, .. } if notification.kind == kind => {
            Some(notification.actor.map(|actor| actor.id))
        }
        _ => None,
    })
    .await
}

/// The next friends-online update in `inbox` that `pick` accepts, as the friends' ids.
async fn next_friends(inbox: &mut Inbox, mut pick: impl FnMut(&[UserId]) -> bool) -> Vec<UserId> {
    next_matching(inbox, |msg| match msg {
        ServerMessage::FriendsOnline { friends } => {
            let ids: Vec<UserId> = friends.friends.iter().map(|f| f.user.id).collect();
            pick(&ids).then_some(ids)
        }
        _ => None,
    })
    .await
}

/// Waits until node `on` sees `user` online (their node announced them).
async fn seen_online(on: &World, user: UserId) {
    eventually("the member seen online", || {
        on.stoa.presence().is_online(user)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ping_and_a_notification_sent_on_one_node_arrive_live_on_another() {
    with_cluster("ping_and_notification", |Cluster { a, b }| async move {
        let admin = a.admin().await;
        let ada = a.invited(&admin, "ada").await;
        let bob = a.invited(&admin, "bob").await;
        let bob_id = bob.member.record.id;
        let (_bob_on_b, mut bob_inbox) = b.stoa.rooms().open_session(bob.member.clone());
        seen_online(&a, bob_id).await;
        assert!(!a.stoa.presence().is_online(ada.member.record.id));

        a.stoa
            .social()
            .follow(&ada.member, bob.name())
            .await
            .expect("follow");
        let follower = next_notification(&mut bob_inbox, NotificationKind::NewFollower).await;
        assert_eq!(follower, Some(ada.member.record.id));

        let rooms = a.stoa.rooms();
        let room = rooms
            .create_room(
                &ada.member,
                CreateRoomRequest {
                    title: "Across the wire".to_string(),
                    kind: RoomKind::Closed,
                    invited: Vec::new(),
                    club_id: None,
                    members_only: false,
                },
            )
            .await
            .expect("room");
        let (mut host, _host_inbox) = rooms.open_session(ada.member.clone());
        host.handle(ClientMessage::JoinRoom {
            room_id: room.id.clone(),
        })
        .await;
        rooms
            .ping(&ada.member, &room.id, bob.name())
            .await
            .expect("ping");
        let pinger = next_notification(&mut bob_inbox, NotificationKind::Pinged).await;
        assert_eq!(pinger, Some(ada.member.record.id));
        // Node B delivered each once: nothing else from A is queued for Bob.
        let unread = next_matching(&mut bob_inbox, |msg| match msg {
            ServerMessage::Notification { .. } => Some(true),
            _ => None,
        });
        assert!(
            tokio::time::timeout(Duration::from_millis(300), unread)
                .await
                .is_err(),
            "no notification twice"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspension_and_sign_out_on_one_node_close_sockets_on_another() {
    with_cluster("suspension_and_sign_out", |Cluster { a, b }| async move {
        let admin = a.admin().await;
        let ada = a.invited(&admin, "ada").await;
        let bob = a.invited(&admin, "bob").await;
        let on_b = b.stoa.accounts();

        let bob_closing = on_b.close_signal(bob.member.record.id, &bob.token, on_b.watch_closes());
        let ada_closing = on_b.close_signal(ada.member.record.id, &ada.token, on_b.watch_closes());
        a.stoa
            .moderation()
            .suspend_member(&admin.member, bob.name())
            .await
            .expect("suspend");
        let cause = tokio::time::timeout(Duration::from_secs(10), bob_closing)
            .await
            .expect("closed within 10 s");
        assert_eq!(cause, CloseCause::Suspended);

        a.stoa.accounts().logout(&ada.token).await.expect("logout");
        let cause = tokio::time::timeout(Duration::from_secs(10), ada_closing)
            .await
            .expect("closed within 10 s");
        assert_eq!(cause, CloseCause::SignedOut);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn friends_online_spans_nodes_and_forgets_a_silent_node() {
    with_cluster("friends_online", |Cluster { a, b }| async move {
        let admin = a.admin().await;
        let ada = a.invited(&admin, "ada").await;
        let bob = a.invited(&admin, "bob").await;
        let bob_id = bob.member.record.id;
        a.stoa
            .social()
            .follow(&ada.member, bob.name())
            .await
            .expect("follow");
        let (_ada_on_a, mut ada_inbox) = a.stoa.rooms().open_session(ada.member.clone());
        next_friends(&mut ada_inbox, |ids| ids.is_empty()).await;

        // Bob connects to B: Ada, on A, sees him online; he leaves: she sees him go.
        let (bob_on_b, _bob_inbox) = b.stoa.rooms().open_session(bob.member.clone());
        next_friends(&mut ada_inbox, |ids| ids == [bob_id]).await;
        bob_on_b.close();
        next_friends(&mut ada_inbox, |ids| ids.is_empty()).await;
        assert!(!a.stoa.presence().is_online(bob_id));

        // Back on B; then B falls silent (stops, his socket never closed): A forgets him.
        let (_bob_again, _bob_inbox) = b.stoa.rooms().open_session(bob.member.clone());
        next_friends(&mut ada_inbox, |ids| ids == [bob_id]).await;
        let stopped = tokio::time::Instant::now();
        assert!(b.stoa.background().shutdown(Duration::from_secs(5)).await);
        next_friends(&mut ada_inbox, |ids| ids.is_empty()).await;
        let gone_after = stopped.elapsed();
        assert!(
            gone_after < Duration::from_secs(6),
            "offline {gone_after:?} after B fell silent"
        );
        assert!(!a.stoa.presence().is_online(bob_id));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_on_one_node_updates_the_members_sessions_on_another() {
    with_cluster("graph_changed", |Cluster { a, b }| async move {
        let admin = a.admin().await;
        let ada = a.invited(&admin, "ada").await;
        let bob = a.invited(&admin, "bob").await;
        let bob_id = bob.member.record.id;
        let (_bob_on_a, _bob_inbox) = a.stoa.rooms().open_session(bob.member.clone());
        seen_online(&b, bob_id).await;
        let (_ada_on_b, mut ada_inbox) = b.stoa.rooms().open_session(ada.member.clone());
        next_friends(&mut ada_inbox, |ids| ids.is_empty()).await;

        // The follow happens on A; Ada's session on B re-reads her follows at once (its cache
        // would otherwise keep them for a minute).
        a.stoa
            .social()
            .follow(&ada.member, bob.name())
            .await
            .expect("follow");
        next_friends(&mut ada_inbox, |ids| ids == [bob_id]).await;
    })
    .await;
}

/// The next hallway in `inbox` that `pick` accepts, as its rooms' ids.
async fn next_hallway(inbox: &mut Inbox, mut pick: impl FnMut(&[RoomId]) -> bool) -> Vec<RoomId> {
    next_matching(inbox, |msg| match msg {
        ServerMessage::Hallway { hallway } => {
            let ids: Vec<RoomId> = hallway.rooms.iter().map(|r| r.id.clone()).collect();
            pick(&ids).then_some(ids)
        }
        _ => None,
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hallway_and_friends_rooms_span_nodes_and_ended_rooms_leave_at_once() {
    with_cluster("hallway", |Cluster { a, b }| async move {
        let admin = a.admin().await;
        let ada = a.invited(&admin, "ada").await;
        let bob = a.invited(&admin, "bob").await;
        let (ada_id, bob_id) = (ada.member.record.id, bob.member.record.id);
        a.stoa
            .social()
            .follow(&bob.member, ada.name())
            .await
            .expect("follow");
        let (_bob_on_b, mut bob_inbox) = b.stoa.rooms().open_session(bob.member.clone());
        next_hallway(&mut bob_inbox, |ids| ids.is_empty()).await;

        // Ada opens a room on A and a closed one Bob may not join; she sits in the open one.
        let create = |title: &str, kind| CreateRoomRequest {
            title: title.to_string(),
            kind,
            invited: Vec::new(),
            club_id: None,
            members_only: false,
        };
        let rooms = a.stoa.rooms();
        let open = rooms
            .create_room(&ada.member, create("Open on A", RoomKind::Open))
            .await
            .expect("room");
        let closed = rooms
            .create_room(&admin.member, create("Closed on A", RoomKind::Closed))
            .await
            .expect("room");
        let (mut host, _host_inbox) = rooms.open_session(ada.member.clone());
        host.handle(ClientMessage::JoinRoom {
            room_id: open.id.clone(),
        })
        .await;

        // Bob, on B, sees the open room in his live hallway (ranked for him: Ada is on stage)
        // and Ada in it among his friends online; never the closed room.
        let published = tokio::time::Instant::now();
        let (mut listed, mut friend_in) = (false, None);
        while !listed || friend_in.is_none() {
            match next_matching(&mut bob_inbox, Some).await {
                ServerMessage::Hallway { hallway } => {
                    let ids: Vec<&RoomId> = hallway.rooms.iter().map(|r| &r.id).collect();
                    listed = ids == [&open.id];
                }
                ServerMessage::FriendsOnline { friends } => {
                    friend_in = friends
                        .friends
                        .iter()
                        .find(|f| f.user.id == ada_id)
                        .and_then(|f| f.room.clone());
                }
                _ => {}
            }
        }
        eprintln!(
            "hallway and friends online on B after {:?}",
            published.elapsed()
        );
        assert_eq!(friend_in.map(|room| room.id), Some(open.id.clone()));
        let hallway = b
            .stoa
            .presence()
            .hallway_for(bob_id)
            .await
            .expect("hallway");
        assert_eq!(hallway.rooms.len(), 1, "{hallway:?}");
        let card = &hallway.rooms[0];
        assert_eq!(card.id, open.id);
        let reason = card.reason.as_ref().expect("reason");
        assert_eq!(reason.followed_on_stage[0].id, ada_id, "{reason:?}");
        let admins = b
            .stoa
            .presence()
            .hallway_for(admin.member.record.id)
            .await
            .expect("hallway");
        assert!(admins.rooms.iter().any(|r| r.id == closed.id), "{admins:?}");

        // Ada leaves: her room ends on A and leaves B's hallway at once (well before the next
        // full list could say so).
        host.handle(ClientMessage::LeaveRoom).await;
        let ended = tokio::time::Instant::now();
        next_hallway(&mut bob_inbox, |ids| ids.is_empty()).await;
        let gone_after = ended.elapsed();
        eprintln!("ended room gone from B after {gone_after:?}");
        let admins = b
            .stoa
            .presence()
            .hallway_for(admin.member.record.id)
            .await
            .expect("hallway");
        let ids: Vec<&RoomId> = admins.rooms.iter().map(|r| &r.id).collect();
        assert_eq!(ids, [&closed.id], "only the closed room is left");
    })
    .await;
}

/// Whether `msg` updates `user` in a way `want` accepts.
fn updates(
    msg: &ServerMessage,
    user: UserId,
    want: impl Fn(&stoa_proto::ws::Participant) -> bool,
) -> bool {
    match msg {
        ServerMessage::ParticipantUpdated { participant, .. } => {
            participant.user.id == user && want(participant)
        }
        ServerMessage::ParticipantsUpdated { participants, .. } => {
            participants.iter().any(|p| p.user.id == user && want(p))
        }
        _ => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_on_one_node_takes_part_in_a_room_on_the_other() {
    with_leased_cluster("remote_room", |Cluster { a, b }| async move {
        let admin = a.admin().await;
        let ada = a.invited(&admin, "ada").await;
        let bob = a.invited(&admin, "bob").await;
        let bob_id = bob.member.record.id;
        let rooms = a.stoa.rooms();
        let room = rooms
            .create_room(
                &ada.member,
                CreateRoomRequest {
                    title: "On A".to_string(),
                    kind: RoomKind::Open,
                    invited: Vec::new(),
                    club_id: None,
                    members_only: false,
                },
            )
            .await
            .expect("room");
        let (mut host, mut host_inbox) = rooms.open_session(ada.member.clone());
        host.handle(ClientMessage::JoinRoom {
            room_id: room.id.clone(),
        })
        .await;
        let (mut guest, mut guest_inbox) = b.stoa.rooms().open_session(bob.member.clone());
        next_hallway(&mut guest_inbox, |ids| ids.contains(&room.id)).await;

        // Bob, on B, joins the room that runs on A: his snapshot lists Ada.
        guest
            .handle(ClientMessage::JoinRoom {
                room_id: room.id.clone(),
            })
            .await;
        let snapshot = next_matching(&mut guest_inbox, |msg| match msg {
            ServerMessage::RoomState { room, .. } => Some(Ok(room)),
            ServerMessage::Error { message, .. } => Some(Err(message)),
            _ => None,
        })
        .await
        .expect("joined");
        let ids: Vec<UserId> = snapshot.participants.iter().map(|p| p.user.id).collect();
        assert_eq!(ids, [ada.member.record.id, bob_id], "{snapshot:?}");
        assert_eq!(b.stoa.rooms().load().0, 0, "the room stays on A");

        // His hand reaches the host; the host's invite reaches him.
        guest.handle(ClientMessage::RaiseHand).await;
        next_matching(&mut host_inbox, |msg| {
            updates(&msg, bob_id, |p| p.hand_raised).then_some(())
        })
        .await;
        host.handle(ClientMessage::InviteToSpeak { user_id: bob_id })
            .await;
        next_matching(&mut guest_inbox, |msg| {
            matches!(msg, ServerMessage::SpeakInvite { .. }).then_some(())
        })
        .await;

        // His media connects on B, an edge of the room: a malformed offer is refused there.
        guest
            .handle(ClientMessage::Offer {
                sdp: "v=0".to_string(),
            })
            .await;
        let refused = next_matching(&mut guest_inbox, |msg| match msg {
            ServerMessage::Error { code, message, .. } => Some((code, message)),
            _ => None,
        })
        .await;
        assert_eq!(refused.0, stoa_proto::ErrorCode::BadOffer, "{refused:?}");

        // His session closes on B: the host sees him disconnected (his grace period).
        guest.close();
        next_matching(&mut host_inbox, |msg| {
            updates(&msg, bob_id, |p| !p.connected).then_some(())
        })
        .await;
    })
    .await;
}
