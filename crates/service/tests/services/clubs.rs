//! Clubs: a request to join an approval club reaches its founder, and the approval makes the
//! member a member and tells them.

use stoa_proto::clubs::{ClubJoinPolicy, ClubRole, CreateClubRequest};
use stoa_proto::rest::NotificationKind;
use stoa_proto::ErrorCode;

use crate::support::World;

#[tokio::test]
async fn a_join_request_is_approved_by_the_founder() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let clubs = world.stoa.clubs();
    let club = clubs
        .create_club(
            &ada.member,
            CreateClubRequest {
                name: "Rustaceans".to_string(),
                description: String::new(),
                rules: String::new(),
                join_policy: ClubJoinPolicy::Approval,
            },
        )
        .await
        .expect("club");
    assert_eq!(club.membership.role, Some(ClubRole::Founder));

    let asked = clubs
        .join_club(&bob.member, club.id)
        .await
        .expect("request");
    assert_eq!((asked.role, asked.request_pending), (None, true));
    let told = world.notes(&ada, NotificationKind::ClubJoinRequested).await;
    assert_eq!(told.len(), 1);
    assert_eq!(
        told[0].actor.as_ref().map(|u| u.id),
        Some(bob.member.record.id)
    );
    let requests = clubs
        .club_requests(&ada.member, club.id)
        .await
        .expect("list");
    assert_eq!(requests.requests.len(), 1);
    let refused = clubs
        .approve_club_request(&bob.member, club.id, bob.name())
        .await
        .expect_err("only managers approve");
    assert_eq!(refused.code(), ErrorCode::Forbidden);

    clubs
        .approve_club_request(&ada.member, club.id, bob.name())
        .await
        .expect("approved");
    let role = clubs
        .club_role(club.id, bob.member.record.id)
        .await
        .expect("role");
    assert_eq!(role, Some(ClubRole::Member));
    let approved = world.notes(&bob, NotificationKind::ClubJoinApproved).await;
    assert_eq!(approved.len(), 1);
    assert_eq!(approved[0].club.as_ref().map(|c| c.id), Some(club.id));
    let page = clubs
        .club_page(club.id, bob.member.record.id)
        .await
        .expect("page");
    assert_eq!((page.member_count, page.pending_requests), (2, 0));
    assert_eq!(page.membership.role, Some(ClubRole::Member));
}
