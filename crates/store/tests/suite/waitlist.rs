//! The waitlist: reservations, wave-ins, sign-up from a reservation.

use chrono::{DateTime, Duration, Utc};
use stoa_proto::UserId;
use stoa_store::{
    NewReservation, ReservationRecord, Store, StoreError, UserRecord, WaitlistAccount,
    WaitlistSignup, WaveOutcome,
};

use super::{account, assert_err, bootstrap_admin, hash, invited_member, now_ms, variant};

/// How long a reservation holds its username.
fn hold() -> Duration {
    Duration::days(30)
}

/// A reservation of `username` made at `at`, naming `named`, with the token `token`.
fn reservation(
    token: &str,
    username: &str,
    named: &[&UserRecord],
    at: DateTime<Utc>,
) -> NewReservation {
    NewReservation {
        public_id: format!("pub-{token}"),
        token_hash: hash(token),
        username: username.to_owned(),
        display_name: format!("{username} (waiting)"),
        named: named.iter().map(|u| u.id).collect(),
        created_at: at,
        expires_at: at + hold(),
    }
}

/// Finishing sign-up with `token`.
pub(super) fn waitlist_account(token: &str) -> WaitlistAccount {
    WaitlistAccount {
        token_hash: hash(token),
        password_hash: format!("$argon2id$fake${token}"),
        invite_quota: 2,
    }
}

/// Reserves `username` now with `token`, naming `named`.
pub(super) async fn reserve(
    store: &dyn Store,
    token: &str,
    username: &str,
    named: &[&UserRecord],
) -> ReservationRecord {
    store
        .create_reservation(reservation(token, username, named, now_ms()))
        .await
        .expect("reserve")
}

/// A reservation holds its username (ignoring case) against other reservations and invite
/// sign-ups until it expires; after that nothing of it is visible and the name is free.
pub async fn waitlist_reservation_holds_username_until_expiry(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let t0 = now_ms();
    let made = store
        .create_reservation(reservation("t-carol", "carol", &[&bob, &admin], t0))
        .await
        .expect("reserve");
    assert_eq!(made.username, "carol");
    assert_eq!(made.display_name, "carol (waiting)");
    assert_eq!(
        made.named,
        vec![bob.summary(), admin.summary()],
        "order kept"
    );
    assert_eq!(made.expires_at, t0 + hold());
    assert_eq!(made.waved_in_by, None);
    assert_eq!(
        store
            .reservation_by_token(&hash("t-carol"), t0)
            .await
            .expect("lookup"),
        Some(made.clone())
    );

    // Held against a second reservation, in any case, and against an invite sign-up.
    assert_err(
        store
            .create_reservation(reservation("t-other", "CaRoL", &[&bob], t0))
            .await,
        "UsernameTaken",
    );
    assert_err(
        store
            .create_reservation(reservation("t-bob", "bob", &[&admin], t0))
            .await,
        "UsernameTaken",
    );
    store
        .create_invite(admin.id, &hash("for-carol"))
        .await
        .expect("invite");
    assert_err(
        store.signup(account("for-carol", "Carol", 2)).await,
        "UsernameTaken",
    );
    assert!(
        store
            .invite_by_code(&hash("for-carol"))
            .await
            .expect("lookup")
            .expect("exists")
            .is_usable(),
        "the refused sign-up left the invite usable"
    );
    assert_eq!(
        store
            .reservation_by_token(&hash("t-other"), t0)
            .await
            .expect("lookup"),
        None,
        "refused reservations are not stored"
    );

    // Live up to the last millisecond, gone from then on.
    let last = t0 + hold() - Duration::milliseconds(1);
    let expiry = t0 + hold();
    assert!(store
        .reservation_by_token(&hash("t-carol"), last)
        .await
        .expect("lookup")
        .is_some());
    assert_eq!(
        store
            .waiting_for(bob.id, last, 50)
            .await
            .expect("waiting")
            .len(),
        1
    );
    assert_eq!(
        store
            .reservation_by_token(&hash("t-carol"), expiry)
            .await
            .expect("lookup"),
        None
    );
    assert!(store
        .waiting_for(bob.id, expiry, 50)
        .await
        .expect("waiting")
        .is_empty());
    assert_err(
        store.wave_in(&made.public_id, bob.id, expiry).await,
        "NotFound",
    );
    assert_eq!(
        store
            .reservation_by_token(&hash("t-carol"), last)
            .await
            .expect("lookup")
            .expect("live")
            .waved_in_by,
        None,
        "a refused wave changed nothing"
    );
    store
        .create_reservation(reservation("t-carol-2", "carol", &[&bob], expiry))
        .await
        .expect("the name is free once the reservation expired");

    // An expired reservation does not hold its name against invite sign-ups either.
    let long_ago = t0 - hold() - Duration::days(1);
    store
        .create_reservation(reservation("t-dave", "dave", &[&bob], long_ago))
        .await
        .expect("reserve in the past");
    let dave = store
        .signup(account("for-carol", "dave", 2))
        .await
        .expect("expired reservation does not hold the name");
    assert_eq!(dave.username, "dave");
}

/// Only a named member may wave someone in; waving twice is fine and the first waver is kept;
/// "waiting for you" lists live reservations naming the member, newest first.
pub async fn waitlist_wave_in_only_by_named_members(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    let t0 = now_ms();
    let first = store
        .create_reservation(reservation("t1", "first", &[&bob, &carol], t0))
        .await
        .expect("first");
    let second = store
        .create_reservation(reservation(
            "t2",
            "second",
            &[&bob],
            t0 + Duration::seconds(1),
        ))
        .await
        .expect("second");
    let now = t0 + Duration::seconds(2);

    let waiting = store.waiting_for(bob.id, now, 50).await.expect("waiting");
    let ids: Vec<i64> = waiting.iter().map(|w| w.id).collect();
    assert_eq!(ids, vec![second.id, first.id], "newest first");
    let public: Vec<&str> = waiting.iter().map(|w| w.public_id.as_str()).collect();
    assert_eq!(
        public,
        [&second.public_id, &first.public_id],
        "with their public ids"
    );
    assert_eq!(waiting[0].username, "second");
    assert_eq!(waiting[0].display_name, "second (waiting)");
    assert_eq!(waiting[0].requested_at, t0 + Duration::seconds(1));
    assert!(waiting.iter().all(|w| !w.waved_in));
    assert_eq!(
        store
            .waiting_for(bob.id, now, 1)
            .await
            .expect("limit")
            .len(),
        1
    );
    assert!(store
        .waiting_for(admin.id, now, 50)
        .await
        .expect("none")
        .is_empty());

    assert_eq!(
        store
            .wave_in(&first.public_id, admin.id, now)
            .await
            .expect("wave"),
        WaveOutcome::NotNamed
    );
    let unchanged = store
        .reservation_by_token(&hash("t1"), now)
        .await
        .expect("lookup")
        .expect("live");
    assert_eq!(unchanged, first, "a refused wave changed nothing");

    assert_eq!(
        store
            .wave_in(&first.public_id, carol.id, now)
            .await
            .expect("wave"),
        WaveOutcome::Waved
    );
    assert_eq!(
        store
            .wave_in(&first.public_id, carol.id, now)
            .await
            .expect("again"),
        WaveOutcome::Waved
    );
    assert_eq!(
        store
            .wave_in(&first.public_id, bob.id, now)
            .await
            .expect("another"),
        WaveOutcome::Waved
    );
    let waved = store
        .reservation_by_token(&hash("t1"), now)
        .await
        .expect("lookup")
        .expect("live");
    assert_eq!(
        waved.waved_in_by,
        Some(carol.summary()),
        "the first waver is kept"
    );
    let waiting = store.waiting_for(bob.id, now, 50).await.expect("waiting");
    assert_eq!(
        waiting.iter().map(|w| w.waved_in).collect::<Vec<_>>(),
        vec![false, true]
    );
    assert_err(store.wave_in("pub-none", bob.id, now).await, "NotFound");
    // The internal id does not name a reservation.
    let internal = first.id.to_string();
    assert_err(store.wave_in(&internal, bob.id, now).await, "NotFound");
}

/// Sign-up needs a wave-in, creates the account nominated by the waver, and uses the token up;
/// naming an unknown member stores nothing.
pub async fn waitlist_signup_needs_wave_and_uses_the_token(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let made = reserve(store, "t-zoe", "zoe", &[&bob]).await;
    let users_before = store.user_count().await.expect("count");

    assert_eq!(
        store
            .waitlist_signup(waitlist_account("t-zoe"), now_ms())
            .await
            .expect("refused"),
        WaitlistSignup::NotWavedIn
    );
    assert_eq!(store.user_count().await.expect("count"), users_before);
    assert!(store
        .reservation_by_token(&hash("t-zoe"), now_ms())
        .await
        .expect("lookup")
        .is_some());

    store
        .wave_in(&made.public_id, bob.id, now_ms())
        .await
        .expect("wave");
    let at = now_ms();
    let WaitlistSignup::SignedUp(zoe) = store
        .waitlist_signup(waitlist_account("t-zoe"), at)
        .await
        .expect("sign up")
    else {
        panic!("waved in, so sign-up works");
    };
    assert_eq!(zoe.username, "zoe");
    assert_eq!(zoe.display_name, "zoe (waiting)");
    assert_eq!(zoe.nominated_by, Some(bob.summary()));
    assert!(!zoe.is_admin);
    assert_eq!(zoe.invite_quota, 2);
    assert_eq!(zoe.password_hash, "$argon2id$fake$t-zoe");
    assert_eq!(zoe.created_at, at);
    assert_eq!(
        store.user_by_username("ZOE").await.expect("lookup"),
        Some(*zoe.clone())
    );
    assert!(
        store.invites_of(bob.id).await.expect("invites").is_empty(),
        "no invite spent"
    );
    assert_eq!(
        store.invites_remaining(bob.id).await.expect("remaining"),
        Some(2)
    );
    assert_eq!(
        store.invites_remaining(zoe.id).await.expect("remaining"),
        Some(2)
    );

    // The token is dead, and the reservation is gone from "waiting for you".
    assert_eq!(
        store
            .reservation_by_token(&hash("t-zoe"), now_ms())
            .await
            .expect("lookup"),
        None
    );
    assert_err(
        store
            .waitlist_signup(waitlist_account("t-zoe"), now_ms())
            .await,
        "NotFound",
    );
    assert_err(
        store.wave_in(&made.public_id, bob.id, now_ms()).await,
        "NotFound",
    );
    assert!(store
        .waiting_for(bob.id, now_ms(), 50)
        .await
        .expect("waiting")
        .is_empty());
    assert_err(
        store
            .waitlist_signup(waitlist_account("t-unknown"), now_ms())
            .await,
        "NotFound",
    );

    // Naming a member who does not exist stores nothing.
    let mut ghost = reservation("t-ghost", "ghost", &[&bob], now_ms());
    ghost.named.push(UserId(9_999));
    assert_err(store.create_reservation(ghost).await, "NotFound");
    assert_eq!(
        store
            .reservation_by_token(&hash("t-ghost"), now_ms())
            .await
            .expect("lookup"),
        None
    );
    assert!(store
        .waiting_for(bob.id, now_ms(), 50)
        .await
        .expect("waiting")
        .is_empty());
    reserve(store, "t-ghost-2", "ghost", &[&bob]).await;
}

/// Two sign-ups racing with one token: exactly one account is made.
pub async fn concurrent_waitlist_signups_one_winner(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    for round in 0..5 {
        let token = format!("race{round}");
        let made = reserve(store, &token, &format!("racer{round}"), &[&admin]).await;
        store
            .wave_in(&made.public_id, admin.id, now_ms())
            .await
            .expect("wave");
        let (a, b) = tokio::join!(
            store.waitlist_signup(waitlist_account(&token), now_ms()),
            store.waitlist_signup(waitlist_account(&token), now_ms()),
        );
        let winners = [&a, &b]
            .iter()
            .filter(|r| matches!(r, Ok(WaitlistSignup::SignedUp(_))))
            .count();
        assert_eq!(winners, 1, "round {round}: {a:?} / {b:?}");
        let loser = a.as_ref().err().or(b.as_ref().err()).expect("one failed");
        assert_eq!(variant(loser), "NotFound", "round {round}: {loser:?}");
    }
    assert_eq!(store.user_count().await.expect("count"), 6);
}

/// A reservation and an invite sign-up racing for one username: exactly one gets it.
pub async fn concurrent_reservation_and_signup_one_winner(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    for round in 0..5 {
        let code = format!("code{round}");
        let name = format!("contested{round}");
        store
            .create_invite(admin.id, &hash(&code))
            .await
            .expect("invite");
        let (reserved, signed_up) = tokio::join!(
            store.create_reservation(reservation(
                &format!("t{round}"),
                &name,
                &[&admin],
                now_ms()
            )),
            store.signup(account(&code, &name.to_uppercase(), 2)),
        );
        let winners = usize::from(reserved.is_ok()) + usize::from(signed_up.is_ok());
        assert_eq!(winners, 1, "round {round}: {reserved:?} / {signed_up:?}");
        let loser: &StoreError = reserved
            .as_ref()
            .err()
            .or(signed_up.as_ref().err())
            .expect("one failed");
        assert_eq!(variant(loser), "UsernameTaken", "round {round}: {loser:?}");
    }
}
