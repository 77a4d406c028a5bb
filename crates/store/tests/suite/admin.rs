//! The admin views: invite grants and the invite tree.

use stoa_proto::UserId;
use stoa_store::{InviteTreeRows, Store, WaitlistSignup};

use super::waitlist::{reserve, waitlist_account};
use super::{assert_err, bootstrap_admin, hash, invited_member, now_ms};

/// Granting invites raises the quota, so a member with none left can invite again.
pub async fn admin_grants_invites(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 1).await;
    store
        .create_invite(bob.id, &hash("b1"))
        .await
        .expect("first");
    assert_err(
        store.create_invite(bob.id, &hash("b2")).await,
        "InviteQuotaExhausted",
    );

    store.grant_invites(bob.id, 2).await.expect("grant");
    assert_eq!(
        store.invites_remaining(bob.id).await.expect("remaining"),
        Some(2)
    );
    store
        .create_invite(bob.id, &hash("b2"))
        .await
        .expect("granted");
    store
        .create_invite(bob.id, &hash("b3"))
        .await
        .expect("granted");
    assert_err(
        store.create_invite(bob.id, &hash("b4")).await,
        "InviteQuotaExhausted",
    );
    assert_eq!(
        store
            .user_by_id(bob.id)
            .await
            .expect("lookup")
            .expect("bob")
            .invite_quota,
        3
    );
    assert_err(store.grant_invites(UserId(9_999), 5).await, "NotFound");
}

/// Making a member a site admin and back: their record changes, setting it again changes
/// nothing, and an unknown member is `NotFound`.
pub async fn admin_flag_set_and_cleared(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let is_admin = |id| async move {
        store
            .user_by_id(id)
            .await
            .expect("lookup")
            .expect("exists")
            .is_admin
    };
    assert!(!is_admin(bob.id).await);
    assert_eq!(store.site_admins().await.expect("admins"), vec![admin.id]);
    assert!(store.set_admin(bob.id, true).await.expect("make"));
    assert!(is_admin(bob.id).await);
    assert_eq!(
        store.site_admins().await.expect("admins"),
        vec![admin.id, bob.id]
    );
    assert_eq!(store.invites_remaining(bob.id).await.expect("quota"), None);
    assert!(!store.set_admin(bob.id, true).await.expect("again"));
    assert!(store.set_admin(bob.id, false).await.expect("unmake"));
    assert!(!is_admin(bob.id).await);
    assert_eq!(store.site_admins().await.expect("admins"), vec![admin.id]);
    assert!(!store.set_admin(bob.id, false).await.expect("again"));
    assert!(is_admin(admin.id).await, "others unchanged");
    assert_err(store.set_admin(UserId(9_999), true).await, "NotFound");
}

/// The invite tree follows nominations (invites and wave-ins) level by level.
pub async fn invite_tree_follows_nominations(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let erin = invited_member(store, &admin, "erin", 2).await;
    let carol = invited_member(store, &bob, "carol", 2).await;
    let made = reserve(store, "t-dave", "dave", &[&carol]).await;
    store
        .wave_in(&made.public_id, carol.id, now_ms())
        .await
        .expect("wave");
    let WaitlistSignup::SignedUp(dave) = store
        .waitlist_signup(waitlist_account("t-dave"), now_ms())
        .await
        .expect("sign up")
    else {
        panic!("waved in");
    };

    let names = |tree: &InviteTreeRows| -> Vec<(String, u32, Option<UserId>)> {
        tree.rows
            .iter()
            .map(|r| (r.user.username.clone(), r.level, r.nominated_by))
            .collect()
    };
    let whole = store.invite_tree(None, 10, 1_000).await.expect("tree");
    assert_eq!(
        names(&whole),
        vec![
            ("admin".to_owned(), 0, None),
            ("bob".to_owned(), 1, Some(admin.id)),
            ("erin".to_owned(), 1, Some(admin.id)),
            ("carol".to_owned(), 2, Some(bob.id)),
            ("dave".to_owned(), 3, Some(carol.id)),
        ]
    );
    assert_eq!(whole.total_descendants, 4);
    assert_eq!(whole.rows[4].user, dave.summary());
    assert_eq!(whole.rows[4].joined_at, dave.created_at);
    assert_eq!(whole.rows[1].joined_at, bob.created_at);

    let under_bob = store
        .invite_tree(Some(bob.id), 1, 1_000)
        .await
        .expect("tree");
    assert_eq!(
        names(&under_bob),
        vec![
            ("bob".to_owned(), 0, Some(admin.id)),
            ("carol".to_owned(), 1, Some(bob.id))
        ]
    );
    assert_eq!(under_bob.total_descendants, 2, "counted at any depth");

    let capped = store.invite_tree(None, 10, 2).await.expect("tree");
    assert_eq!(capped.rows.len(), 2);
    assert_eq!(capped.total_descendants, 4);

    let leaf = store
        .invite_tree(Some(erin.id), 10, 1_000)
        .await
        .expect("tree");
    assert_eq!(names(&leaf), vec![("erin".to_owned(), 0, Some(admin.id))]);
    assert_eq!(leaf.total_descendants, 0);
    assert_err(
        store.invite_tree(Some(UserId(9_999)), 10, 1_000).await,
        "NotFound",
    );
}
