//! Races that the store's transactions must settle.

use stoa_store::Store;

use super::{account, bootstrap_admin, hash, invited_member, variant};

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
        let winners = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
        assert_eq!(winners, 1, "round {round}: exactly one sign-up wins");
        let loser = a.err().or(b.err()).expect("one failed");
        assert_eq!(variant(&loser), "InviteInvalid", "round {round}: {loser:?}");
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
