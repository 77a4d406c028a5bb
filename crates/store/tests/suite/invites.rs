//! Invite quotas, listing and revocation.

use stoa_store::Store;

use super::{account, assert_err, bootstrap_admin, hash, invited_member};

/// A quota of 2 is enforced, counts used invites, and revoking an unused invite frees a slot.
pub async fn quota_enforced_and_freed_by_revoke(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    assert_eq!(
        store.invites_remaining(bob.id).await.expect("remaining"),
        Some(2)
    );

    let first = store
        .create_invite(bob.id, &hash("q1"))
        .await
        .expect("first");
    let second = store
        .create_invite(bob.id, &hash("q2"))
        .await
        .expect("second");
    assert_eq!(
        store.invites_remaining(bob.id).await.expect("remaining"),
        Some(0)
    );
    assert_err(
        store.create_invite(bob.id, &hash("q3")).await,
        "InviteQuotaExhausted",
    );
    assert_eq!(
        store.invite_by_code(&hash("q3")).await.expect("lookup"),
        None
    );

    let listed = store.invites_of(bob.id).await.expect("list");
    let ids: Vec<i64> = listed.iter().map(|i| i.id).collect();
    assert_eq!(ids, vec![second.id, first.id], "newest first");

    store.revoke_invite(bob.id, first.id).await.expect("revoke");
    assert_eq!(
        store.invites_remaining(bob.id).await.expect("remaining"),
        Some(1)
    );
    let third = store
        .create_invite(bob.id, &hash("q3"))
        .await
        .expect("slot freed");
    assert_err(
        store.create_invite(bob.id, &hash("q4")).await,
        "InviteQuotaExhausted",
    );

    // A used invite keeps its slot and cannot be revoked.
    let carol = store
        .signup(account("q3", "carol", 2))
        .await
        .expect("carol");
    assert_err(store.revoke_invite(bob.id, third.id).await, "InviteInvalid");
    assert_eq!(
        store.invites_remaining(bob.id).await.expect("remaining"),
        Some(0)
    );

    let listed = store.invites_of(bob.id).await.expect("list");
    assert_eq!(listed.len(), 3, "revoked invites stay listed");
    assert_eq!(listed[0].id, third.id);
    assert_eq!(listed[0].used_by, Some(carol.summary()));
    let revoked = listed
        .iter()
        .find(|i| i.id == first.id)
        .expect("first listed");
    assert!(revoked.revoked);
}

/// Only the creator may revoke; unknown ids are not found.
pub async fn revoke_only_own_invites(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let admins = store
        .create_invite(admin.id, &hash("a1"))
        .await
        .expect("invite");
    assert_err(store.revoke_invite(bob.id, admins.id).await, "NotFound");
    assert_err(store.revoke_invite(bob.id, 999_999).await, "NotFound");
    let still = store.invite_by_code(&hash("a1")).await.expect("lookup");
    assert!(still.expect("exists").is_usable());
    // Revoking twice is harmless.
    store
        .revoke_invite(admin.id, admins.id)
        .await
        .expect("revoke");
    store
        .revoke_invite(admin.id, admins.id)
        .await
        .expect("revoke again");
}

/// Admins create invites without limit, whatever their quota column says.
pub async fn admin_unlimited(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    assert_eq!(admin.invite_quota, 0);
    for n in 0..6 {
        store
            .create_invite(admin.id, &hash(&format!("u{n}")))
            .await
            .expect("admin invite");
    }
    assert_eq!(store.invites_of(admin.id).await.expect("list").len(), 6);
    assert_eq!(
        store.invites_remaining(admin.id).await.expect("remaining"),
        None
    );
}

/// Unknown members have no allowance.
pub async fn unknown_member_cannot_invite(store: &dyn Store) {
    let _admin = bootstrap_admin(store).await;
    let ghost = stoa_proto::UserId(424_242);
    assert_err(store.create_invite(ghost, &hash("g1")).await, "NotFound");
    assert_err(store.invites_remaining(ghost).await, "NotFound");
    assert!(store.invites_of(ghost).await.expect("list").is_empty());
}
