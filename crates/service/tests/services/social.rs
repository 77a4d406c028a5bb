//! Social: a follow tells the member followed (once), and a block undoes follows both ways and
//! keeps them undone.

use stoa_proto::rest::NotificationKind;
use stoa_proto::ErrorCode;
use stoa_service::social::FollowDirection;

use crate::support::World;

#[tokio::test]
async fn a_follow_notifies_the_member_followed_once() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let social = world.stoa.social();

    social
        .follow(&ada.member, bob.name())
        .await
        .expect("follow");
    social.follow(&ada.member, bob.name()).await.expect("again");
    let told = world.notes(&bob, NotificationKind::NewFollower).await;
    assert_eq!(told.len(), 1, "following again is no news");
    assert_eq!(
        told[0].actor.as_ref().map(|u| u.id),
        Some(ada.member.record.id)
    );
    let page = world
        .stoa
        .notifications()
        .notifications_page(&bob.member, None, None)
        .await
        .expect("page");
    assert_eq!(page.unread, 1);

    let profile = social
        .profile_of(&ada.member, bob.name())
        .await
        .expect("profile");
    assert!(profile.followed_by_me);
    assert_eq!(profile.followers, 1);
    let followers = social
        .follow_list(bob.name(), FollowDirection::Followers, None, None)
        .await
        .expect("followers");
    let ids: Vec<_> = followers.users.iter().map(|u| u.id).collect();
    assert_eq!(ids, [ada.member.record.id]);
}

#[tokio::test]
async fn a_block_removes_follows_both_ways_and_refuses_new_ones() {
    let world = World::start().await;
    let admin = world.admin().await;
    let ada = world.invited(&admin, "ada").await;
    let bob = world.invited(&admin, "bob").await;
    let social = world.stoa.social();
    social
        .follow(&ada.member, bob.name())
        .await
        .expect("ada follows");
    social
        .follow(&bob.member, ada.name())
        .await
        .expect("bob follows");

    social.block(&ada.member, bob.name()).await.expect("block");
    for (viewer, other) in [(&ada, &bob), (&bob, &ada)] {
        let profile = social
            .profile_of(&viewer.member, other.name())
            .await
            .expect("profile");
        assert!(!profile.followed_by_me, "{} still follows", viewer.name());
        let refused = social
            .follow(&viewer.member, other.name())
            .await
            .expect_err("blocked");
        assert_eq!(refused.code(), ErrorCode::Blocked);
    }
    let blocks = social.my_blocks(&ada.member).await.expect("blocks");
    assert_eq!(blocks.users.len(), 1);
    let seen = social
        .profile_of(&ada.member, bob.name())
        .await
        .expect("profile");
    assert!(seen.blocked_by_me);
}
