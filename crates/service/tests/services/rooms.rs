//! Rooms: a ping admits its target to a closed room and lands in their notifications; the
//! room's join rule lets them in and keeps everyone else out.

use stoa_proto::rest::{CreateRoomRequest, NotificationKind};
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::{ErrorCode, RoomKind};

use crate::support::{next_matching, World};

#[tokio::test]
async fn a_ping_notifies_its_target_and_lets_them_into_a_closed_room() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let carol = world.invited(&admin, "carol").await;
    let rooms = world.stoa.rooms();
    let room = rooms
        .create_room(
            &ada.member,
            CreateRoomRequest {
                title: "Quiet corner".to_string(),
                kind: RoomKind::Closed,
                invited: Vec::new(),
                club_id: None,
                members_only: false,
            },
        )
        .await
        .expect("room");

    // A ping from outside the room is refused.
    let outside = rooms
        .ping(&ada.member, &room.id, bob.name())
        .await
        .expect_err("not in the room yet");
    assert_eq!(outside.code(), ErrorCode::NotInRoom);

    let (mut host, _host_inbox) = rooms.open_session(ada.member.clone());
    host.handle(ClientMessage::JoinRoom {
        room_id: room.id.clone(),
    })
    .await;
    assert_eq!(host.room_id(), Some(&room.id));
    rooms
        .ping(&ada.member, &room.id, bob.name())
        .await
        .expect("ping");

    let pinged = world.notes(&bob, NotificationKind::Pinged).await;
    assert_eq!(pinged.len(), 1);
    let about = pinged[0].room.as_ref().expect("the room");
    assert_eq!(
        (&about.id, about.title.as_str()),
        (&room.id, "Quiet corner")
    );
    assert_eq!(
        pinged[0].actor.as_ref().map(|u| u.id),
        Some(ada.member.record.id)
    );

    // Bob was admitted by the ping; Carol was not.
    let (mut guest, _guest_inbox) = rooms.open_session(bob.member.clone());
    guest
        .handle(ClientMessage::JoinRoom {
            room_id: room.id.clone(),
        })
        .await;
    assert_eq!(guest.room_id(), Some(&room.id));
    let (mut stranger, mut stranger_inbox) = rooms.open_session(carol.member.clone());
    stranger
        .handle(ClientMessage::JoinRoom {
            room_id: room.id.clone(),
        })
        .await;
    assert_eq!(stranger.room_id(), None);
    let refused = next_matching(&mut stranger_inbox, |msg| match msg {
        ServerMessage::Error { code, .. } => Some(code),
        _ => None,
    })
    .await;
    assert_eq!(refused, ErrorCode::RoomClosed);
    let hidden = rooms
        .room_summary_for(carol.member.record.id, &room.id)
        .await
        .expect_err("a closed room is hidden from strangers");
    assert_eq!(hidden.code(), ErrorCode::NotFound);
    let shown = rooms
        .room_summary_for(bob.member.record.id, &room.id)
        .await
        .expect("shown to the pinged member");
    assert_eq!(shown.title, "Quiet corner");
}
