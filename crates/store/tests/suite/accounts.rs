//! Sign-up, invites being consumed, usernames, nominations.

use stoa_store::Store;

use super::{account, assert_err, bootstrap_admin, hash, invited_member};

/// The bootstrap invite makes an admin nominated by nobody; lookups find them in any case.
pub async fn bootstrap_invite_makes_admin(store: &dyn Store) {
    assert_eq!(store.user_count().await.expect("count"), 0);
    let admin = bootstrap_admin(store).await;
    assert!(admin.is_admin);
    assert_eq!(admin.nominated_by, None);
    assert_eq!(admin.username, "admin");
    assert_eq!(store.user_count().await.expect("count"), 1);
    assert_eq!(
        store.invites_remaining(admin.id).await.expect("remaining"),
        None
    );

    let by_id = store.user_by_id(admin.id).await.expect("by id");
    assert_eq!(by_id.as_ref(), Some(&admin));
    let by_name = store.user_by_username("AdMiN").await.expect("by name");
    assert_eq!(by_name.as_ref(), Some(&admin));
    assert_eq!(
        store.user_by_username("nobody").await.expect("by name"),
        None
    );
}

/// A newer bootstrap invite revokes the older unused one.
pub async fn new_bootstrap_invite_revokes_older(store: &dyn Store) {
    store
        .create_bootstrap_invite(&hash("b1"))
        .await
        .expect("b1");
    store
        .create_bootstrap_invite(&hash("b2"))
        .await
        .expect("b2");
    let old = store.invite_by_code(&hash("b1")).await.expect("lookup");
    let old = old.expect("b1 still recorded");
    assert!(old.revoked);
    assert!(!old.is_usable());
    assert_eq!(old.created_by, None);
    assert_err(
        store.signup(account("b1", "early", 5)).await,
        "InviteInvalid",
    );
    assert_eq!(store.user_count().await.expect("count"), 0);
    let admin = store
        .signup(account("b2", "late", 5))
        .await
        .expect("b2 works");
    assert!(admin.is_admin);
}

/// Sign-up consumes the invite: it records who used it, and it cannot be used twice.
pub async fn signup_consumes_invite(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let invite = store
        .create_invite(admin.id, &hash("c1"))
        .await
        .expect("invite");
    assert!(invite.is_usable());
    assert_eq!(invite.created_by, Some(admin.id));

    let bob = store
        .signup(account("c1", "bob", 3))
        .await
        .expect("bob signs up");
    let used = store.invite_by_code(&hash("c1")).await.expect("lookup");
    let used = used.expect("invite exists");
    assert_eq!(used.id, invite.id);
    assert_eq!(used.used_by, Some(bob.summary()));
    assert!(!used.is_usable());

    assert_err(
        store.signup(account("c1", "carol", 3)).await,
        "InviteInvalid",
    );
    assert_eq!(store.user_count().await.expect("count"), 2);
    assert_eq!(store.user_by_username("carol").await.expect("lookup"), None);
}

/// An unknown invite fails and writes nothing.
pub async fn unknown_invite_fails(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    assert_err(
        store.signup(account("nope", "bob", 3)).await,
        "InviteInvalid",
    );
    assert_eq!(store.user_count().await.expect("count"), 1);
    assert_eq!(store.user_by_username("bob").await.expect("lookup"), None);
    assert_eq!(
        store.invite_by_code(&hash("nope")).await.expect("lookup"),
        None
    );
    assert!(store.invites_of(admin.id).await.expect("list").is_empty());
}

/// A revoked invite fails and writes nothing.
pub async fn revoked_invite_fails(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let invite = store
        .create_invite(admin.id, &hash("r1"))
        .await
        .expect("invite");
    store
        .revoke_invite(admin.id, invite.id)
        .await
        .expect("revoke");
    assert_err(store.signup(account("r1", "bob", 3)).await, "InviteInvalid");
    assert_eq!(store.user_count().await.expect("count"), 1);
    let after = store.invite_by_code(&hash("r1")).await.expect("lookup");
    let after = after.expect("invite exists");
    assert!(after.revoked);
    assert_eq!(after.used_by, None);
}

/// A username taken in another case fails, and the invite stays usable for someone else.
pub async fn duplicate_username_ignoring_case_fails(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let _bob = invited_member(store, &admin, "bob", 3).await;
    store
        .create_invite(admin.id, &hash("d1"))
        .await
        .expect("invite");

    assert_err(store.signup(account("d1", "BoB", 3)).await, "UsernameTaken");
    assert_err(store.signup(account("d1", "bob", 3)).await, "UsernameTaken");
    let invite = store.invite_by_code(&hash("d1")).await.expect("lookup");
    assert!(
        invite.expect("invite exists").is_usable(),
        "invite stays unused"
    );
    assert_eq!(store.user_count().await.expect("count"), 2);

    let carol = store
        .signup(account("d1", "carol", 3))
        .await
        .expect("carol");
    assert_eq!(carol.username, "carol");
}

/// The second member's nominator is whoever created their invite, forever.
pub async fn second_user_nominated_by_inviter(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 4).await;
    assert!(!bob.is_admin);
    assert_eq!(bob.invite_quota, 4);
    assert_eq!(bob.nominated_by, Some(admin.summary()));
    assert_eq!(bob.display_name, "bob (display)");
    assert_eq!(bob.password_hash, "$argon2id$fake$bob");

    let carol = invited_member(store, &bob, "carol", 4).await;
    assert_eq!(carol.nominated_by, Some(bob.summary()));
    let stored = store.user_by_id(carol.id).await.expect("lookup");
    assert_eq!(stored, Some(carol));
}
