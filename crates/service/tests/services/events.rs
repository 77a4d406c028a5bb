//! Events: at start time the scheduler tells the hosts (live, to their open session), and
//! starting the event opens its room and tells the members who asked to be notified.

use std::time::Duration;

use stoa_proto::events::{CreateEventRequest, EventStatus};
use stoa_proto::rest::NotificationKind;
use stoa_proto::ws::ServerMessage;

use crate::support::{next_matching, World};

#[tokio::test]
async fn a_scheduled_event_is_due_then_started() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let events = world.stoa.events();
    let starts_at = world.clock.now() + chrono::Duration::hours(1);
    let event = events
        .create_event(
            &ada.member,
            CreateEventRequest {
                title: "Rust AMA".to_string(),
                description: String::new(),
                starts_at,
                cohosts: Vec::new(),
                club_id: None,
                members_only: false,
            },
        )
        .await
        .expect("event");
    events
        .set_event_notify(&bob.member, event.id, true)
        .await
        .expect("notify me");
    let (_session, mut inbox) = world.stoa.rooms().open_session(ada.member.clone());

    world.clock.advance(Duration::from_secs(3600));
    let due = next_matching(&mut inbox, |msg| match msg {
        ServerMessage::Notification { notification, .. }
            if notification.kind == NotificationKind::EventStarting =>
        {
            Some(notification)
        }
        _ => None,
    })
    .await;
    assert_eq!(due.event.map(|e| e.id), Some(event.id));
    assert!(
        world
            .notes(&bob, NotificationKind::EventStarting)
            .await
            .is_empty(),
        "only hosts are told it is due"
    );

    let room = events
        .start_event(&ada.member, event.id)
        .await
        .expect("start");
    let again = events
        .start_event(&ada.member, event.id)
        .await
        .expect("again");
    assert_eq!(again.id, room.id, "starting twice gives the same room");
    let live = events
        .event(ada.member.record.id, event.id)
        .await
        .expect("event");
    assert_eq!(live.status, EventStatus::Live);
    assert_eq!(live.room_id.as_ref(), Some(&room.id));
    let summary = world
        .stoa
        .rooms()
        .room_summary(&room.id)
        .await
        .expect("room");
    assert!(!summary.ended);
    assert_eq!(summary.title, "Rust AMA");
    let told = world.notes(&bob, NotificationKind::EventLive).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].room.as_ref().map(|r| &r.id), Some(&room.id));
}
