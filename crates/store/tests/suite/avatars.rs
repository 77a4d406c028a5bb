//! Avatars.

use chrono::Duration;
use stoa_proto::rest::{NotificationKind, UserSummary};
use stoa_proto::UserId;
use stoa_store::{FollowDirection, NewNotificationRecord, Store};

use super::{assert_err, bootstrap_admin, hash, invited_member, now_ms};

/// Upload, replace, delete, upload again: the version only ever goes up and the image read
/// back is the one stored last.
pub async fn avatar_versions_only_go_up(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    assert_eq!(store.avatar(admin.id).await.expect("none"), None);
    assert_eq!(store.avatar_version(admin.id).await.expect("none"), None);
    assert!(!store
        .delete_avatar(admin.id)
        .await
        .expect("nothing to delete"));

    let first = store
        .set_avatar(admin.id, "image/png", &[1, 2, 3])
        .await
        .expect("set");
    assert_eq!(first, 1);
    let second = store
        .set_avatar(admin.id, "image/webp", &[0, 255, 4, 5])
        .await
        .expect("replace");
    assert_eq!(second, 2);
    let got = store.avatar(admin.id).await.expect("read").expect("some");
    assert_eq!(
        (got.version, got.content_type.as_str(), got.image.as_slice()),
        (2, "image/webp", &[0u8, 255, 4, 5][..])
    );
    assert_eq!(store.avatar_version(admin.id).await.expect("v"), Some(2));
    assert_eq!(store.avatar(bob.id).await.expect("bob has none"), None);

    assert!(store.delete_avatar(admin.id).await.expect("delete"));
    assert!(!store.delete_avatar(admin.id).await.expect("twice"));
    assert_eq!(store.avatar(admin.id).await.expect("gone"), None);
    assert_eq!(store.avatar_version(admin.id).await.expect("gone"), None);
    let third = store
        .set_avatar(admin.id, "image/png", &[9; 1000])
        .await
        .expect("again");
    assert_eq!(third, 3, "a deleted version is never reused");
    let got = store.avatar(admin.id).await.expect("read").expect("some");
    assert_eq!(got.image, vec![9; 1000]);

    assert_err(
        store.set_avatar(UserId(9_999), "image/png", &[1]).await,
        "NotFound",
    );
}

/// Every summary of a member carries their current avatar version (`None` without one, and
/// again once deleted): their account and session, as a nominator, an invite's user, in search,
/// follow lists, blocks, notification actors and the invite tree.
pub async fn summaries_carry_the_avatar_version(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &bob, "carol", 2).await;
    assert_eq!(bob.avatar, None);
    assert_eq!(bob.summary().avatar, None);
    store
        .set_avatar(bob.id, "image/png", &[1])
        .await
        .expect("set");
    let version = store
        .set_avatar(bob.id, "image/png", &[2])
        .await
        .expect("replace");
    assert_eq!(version, 2);

    store.follow(carol.id, bob.id).await.expect("follow");
    store.follow(bob.id, carol.id).await.expect("follow back");
    store.block(admin.id, bob.id).await.expect("block");
    let note = NewNotificationRecord {
        kind: NotificationKind::NewFollower,
        actor: Some(bob.id),
        room: None,
        waitlist_username: None,
        waitlist_display_name: None,
        extra: Default::default(),
    };
    store
        .insert_notification(carol.id, &note)
        .await
        .expect("notify");
    store
        .create_session(&hash("bob-session"), bob.id, now_ms() + Duration::hours(1))
        .await
        .expect("session");

    let bobs_summaries = |expected: Option<i64>| async move {
        let mut seen: Vec<(&str, UserSummary)> = Vec::new();
        let record = store.user_by_id(bob.id).await.expect("read").expect("bob");
        assert_eq!(record.avatar, expected);
        seen.push(("record", record.summary()));
        let session = store
            .session_user(&hash("bob-session"), now_ms())
            .await
            .expect("session")
            .expect("bob's");
        seen.push(("session", session.summary()));
        let carol = store
            .user_by_id(carol.id)
            .await
            .expect("read")
            .expect("carol");
        seen.push((
            "nominator",
            carol.nominated_by.expect("bob nominated carol"),
        ));
        let invites = store.invites_of(admin.id).await.expect("invites");
        let used = invites.into_iter().find_map(|i| i.used_by).expect("used");
        seen.push(("invite", used));
        let found = store.search_users("bo", 10).await.expect("search");
        seen.push(("search", found.into_iter().next().expect("bob found")));
        let followers = store
            .follow_list(carol.id, FollowDirection::Followers, None, 10)
            .await
            .expect("followers");
        seen.push(("followers", followers[0].user.clone()));
        let following = store
            .follow_list(carol.id, FollowDirection::Following, None, 10)
            .await
            .expect("following");
        seen.push(("following", following[0].user.clone()));
        let blocks = store.blocks_of(admin.id).await.expect("blocks");
        seen.push(("blocks", blocks[0].clone()));
        let notes = store
            .notifications(carol.id, None, 10)
            .await
            .expect("notes");
        seen.push(("actor", notes[0].actor.clone().expect("actor")));
        let tree = store.invite_tree(Some(bob.id), 2, 10).await.expect("tree");
        seen.push(("tree", tree.rows[0].user.clone()));
        for (place, summary) in seen {
            assert_eq!(summary.id, bob.id, "{place}");
            assert_eq!(summary.avatar, expected, "{place}");
        }
    };
    bobs_summaries(Some(2)).await;
    let admin_now = store
        .user_by_id(admin.id)
        .await
        .expect("read")
        .expect("admin");
    assert_eq!(admin_now.avatar, None, "only bob has an avatar");

    assert!(store.delete_avatar(bob.id).await.expect("delete"));
    bobs_summaries(None).await;
}
