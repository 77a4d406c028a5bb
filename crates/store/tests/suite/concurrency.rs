//! Races that the store's transactions must settle.

use stoa_store::{Store, StoreError};

use super::{account, bootstrap_admin, hash, invited_member, variant};

/// Exactly one of two results is `Ok`; the other failed with the error `expected` names.
fn one_winner<A: std::fmt::Debug, B: std::fmt::Debug>(
    a: &Result<A, StoreError>,
    b: &Result<B, StoreError>,
    expected: &str,
    context: &str,
) {
    let winners = usize::from(a.is_ok()) + usize::from(b.is_ok());
    assert_eq!(winners, 1, "{context}: exactly one wins: {a:?} / {b:?}");
    let loser = a.as_ref().err().or(b.as_ref().err()).expect("one failed");
    assert_eq!(variant(loser), expected, "{context}: {loser:?}");
}

/// Two sign-ups racing for one invite: exactly one wins, the other sees `InviteInvalid`.
pub async fn concurrent_signups_one_winner(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    for round in 0..5 {
        let code = format!("race{round}");
        store
            .create_invite(admin.id, &hash(&code))
            .await
            .expect("invite");
        let (a, b) = tokio::join!(
            store.signup(account(&code, &format!("left{round}"), 1)),
            store.signup(account(&code, &format!("right{round}"), 1)),
        );
        one_winner(&a, &b, "InviteInvalid", &format!("round {round}"));
        let invite = store.invite_by_code(&hash(&code)).await.expect("lookup");
        assert!(invite.expect("exists").used_by.is_some());
    }
    assert_eq!(store.user_count().await.expect("count"), 6);
}

/// Racing invite creations never exceed the quota.
pub async fn concurrent_invites_respect_quota(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let codes = ["p1", "p2", "p3", "p4"].map(hash);
    let (a, b, c, d) = tokio::join!(
        store.create_invite(bob.id, &codes[0]),
        store.create_invite(bob.id, &codes[1]),
        store.create_invite(bob.id, &codes[2]),
        store.create_invite(bob.id, &codes[3]),
    );
    let results = [a.map(|_| ()), b.map(|_| ()), c.map(|_| ()), d.map(|_| ())];
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 2, "{results:?}");
    for err in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(variant(err), "InviteQuotaExhausted", "{err:?}");
    }
    assert_eq!(store.invites_of(bob.id).await.expect("list").len(), 2);
}

/// Two sign-ups with different invites racing for one username (differing in case): one wins,
/// the other gets `UsernameTaken` and its invite stays usable.
pub async fn concurrent_same_username_one_winner(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    for round in 0..5 {
        let (left, right) = (format!("left{round}"), format!("right{round}"));
        for code in [&left, &right] {
            store
                .create_invite(admin.id, &hash(code))
                .await
                .expect("invite");
        }
        let name = format!("carol{round}");
        let (a, b) = tokio::join!(
            store.signup(account(&left, &name, 1)),
            store.signup(account(&right, &name.to_uppercase(), 1)),
        );
        one_winner(&a, &b, "UsernameTaken", &format!("round {round}"));
        let loser_code = if a.is_ok() { &right } else { &left };
        let invite = store
            .invite_by_code(&hash(loser_code))
            .await
            .expect("lookup");
        assert!(invite.expect("exists").is_usable(), "round {round}");
    }
    assert_eq!(store.user_count().await.expect("count"), 6);
}

/// Revoking an invite while someone signs up with it: exactly one of them succeeds, and the
/// invite ends up either used or revoked, never both.
pub async fn concurrent_revoke_and_signup_one_winner(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    for round in 0..5 {
        let code = format!("contested{round}");
        let invite = store
            .create_invite(admin.id, &hash(&code))
            .await
            .expect("invite");
        let (revoked, signed_up) = tokio::join!(
            store.revoke_invite(admin.id, invite.id),
            store.signup(account(&code, &format!("dave{round}"), 1)),
        );
        one_winner(
            &revoked,
            &signed_up,
            "InviteInvalid",
            &format!("round {round}"),
        );
        let after = store.invite_by_code(&hash(&code)).await.expect("lookup");
        let after = after.expect("exists");
        assert_eq!(after.revoked, revoked.is_ok(), "round {round}");
        assert_eq!(after.used_by.is_some(), signed_up.is_ok(), "round {round}");
    }
}
