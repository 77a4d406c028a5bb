//! Moderation: resolving a report with a suspension revokes the member's sessions, closes their
//! connections, takes them out of their room and refuses their sign-in; a warning reaches the
//! member as a notification.

use stoa_proto::moderation::{
    CreateReportRequest, ReportAction, ReportReason, ResolveReportRequest,
};
use stoa_proto::rest::{CreateRoomRequest, LoginRequest, NotificationKind};
use stoa_proto::ws::{ClientMessage, LeaveReason, ServerMessage};
use stoa_proto::{ErrorCode, RoomKind};
use stoa_service::closer::CloseCause;
use stoa_service::reports::QueueStatus;

use crate::support::{next_matching, Person, World, PASSWORD};

/// `reporter` reports `target` for harassment.
fn report_of(target: &Person) -> CreateReportRequest {
    CreateReportRequest {
        username: Some(target.name().to_string()),
        room_id: None,
        reason: ReportReason::Harassment,
        details: "shouting".to_string(),
    }
}

#[tokio::test]
async fn a_suspension_from_a_report_shuts_the_member_out_everywhere() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let (rooms, moderation) = (world.stoa.rooms(), world.stoa.moderation());

    let room = rooms
        .create_room(
            &ada.member,
            CreateRoomRequest {
                title: "Open floor".to_string(),
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
    let (mut guest, _guest_inbox) = rooms.open_session(bob.member.clone());
    guest
        .handle(ClientMessage::JoinRoom {
            room_id: room.id.clone(),
        })
        .await;
    assert_eq!(guest.room_id(), Some(&room.id));

    let report = moderation
        .create_report(&ada.member, report_of(&bob))
        .await
        .expect("report");
    let queue = moderation
        .report_queue(&admin.member, QueueStatus::Open, None, None)
        .await
        .expect("queue");
    assert_eq!(queue.reports.len(), 1);
    let refused = moderation
        .report_queue(&ada.member, QueueStatus::Open, None, None)
        .await
        .expect_err("admins only");
    assert_eq!(refused.code(), ErrorCode::Forbidden);

    let accounts = world.stoa.accounts();
    let closing = accounts.close_signal(bob.member.record.id, &bob.token, accounts.watch_closes());
    moderation
        .resolve_report(
            &admin.member,
            report.id,
            ResolveReportRequest {
                action: ReportAction::Suspend,
                note: "repeated harassment".to_string(),
            },
        )
        .await
        .expect("resolved");

    assert_eq!(closing.await, CloseCause::Suspended);
    let left = next_matching(&mut host_inbox, |msg| match msg {
        ServerMessage::ParticipantLeft {
            user_id, reason, ..
        } if user_id == bob.member.record.id => Some(reason),
        _ => None,
    })
    .await;
    assert_eq!(left, LeaveReason::Suspended);
    let revoked = accounts
        .authenticate(&bob.token)
        .await
        .expect_err("revoked");
    assert_eq!(revoked.code(), ErrorCode::Unauthorized);
    let login = accounts
        .login(LoginRequest {
            username: bob.name().to_string(),
            password: PASSWORD.to_string(),
        })
        .await
        .expect_err("suspended");
    assert_eq!(login.code(), ErrorCode::Suspended);
    assert!(moderation
        .is_suspended(bob.member.record.id)
        .await
        .expect("read"));
    let open = moderation
        .report_queue(&admin.member, QueueStatus::Open, None, None)
        .await
        .expect("queue");
    assert!(open.reports.is_empty());
}

#[tokio::test]
async fn a_warning_reaches_the_member_with_the_note() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let moderation = world.stoa.moderation();
    let report = moderation
        .create_report(&ada.member, report_of(&bob))
        .await
        .expect("report");

    moderation
        .resolve_report(
            &admin.member,
            report.id,
            ResolveReportRequest {
                action: ReportAction::Warn,
                note: "be kind".to_string(),
            },
        )
        .await
        .expect("resolved");
    let warned = world.notes(&bob, NotificationKind::Warned).await;
    assert_eq!(warned.len(), 1);
    assert_eq!(warned[0].text, "A moderator of Stoa warned you: be kind");
    assert!(!moderation
        .is_suspended(bob.member.record.id)
        .await
        .expect("read"));
}
