//! Sessions and their expiry.

use chrono::Duration;
use stoa_proto::UserId;
use stoa_store::Store;

use super::{assert_err, bootstrap_admin, hash, now_ms};

/// A session finds its member until it expires, and not after deletion.
pub async fn sessions_expire(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let now = now_ms();
    let expires = now + Duration::hours(1);
    store
        .create_session(&hash("t1"), admin.id, expires)
        .await
        .expect("session");

    let found = store.session_user(&hash("t1"), now).await.expect("lookup");
    assert_eq!(found, Some(admin.clone()));
    let just_before = expires - Duration::milliseconds(1);
    let found = store
        .session_user(&hash("t1"), just_before)
        .await
        .expect("lookup");
    assert!(found.is_some());
    assert_eq!(
        store
            .session_user(&hash("t1"), expires)
            .await
            .expect("lookup"),
        None
    );
    let later = now + Duration::hours(2);
    assert_eq!(
        store
            .session_user(&hash("t1"), later)
            .await
            .expect("lookup"),
        None
    );
    assert_eq!(
        store
            .session_user(&hash("other"), now)
            .await
            .expect("lookup"),
        None
    );
}

/// Deleting a session signs it out; deleting an unknown one is fine.
pub async fn delete_session_signs_out(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let now = now_ms();
    let expires = now + Duration::days(30);
    store
        .create_session(&hash("t1"), admin.id, expires)
        .await
        .expect("t1");
    store
        .create_session(&hash("t2"), admin.id, expires)
        .await
        .expect("t2");
    store.delete_session(&hash("t1")).await.expect("delete");
    assert_eq!(
        store.session_user(&hash("t1"), now).await.expect("lookup"),
        None
    );
    let other = store.session_user(&hash("t2"), now).await.expect("lookup");
    assert_eq!(other.map(|u| u.id), Some(admin.id), "other sessions stay");
    store
        .delete_session(&hash("never"))
        .await
        .expect("delete unknown");
}

/// A session for an unknown member is refused.
pub async fn session_for_unknown_user_fails(store: &dyn Store) {
    let expires = now_ms() + Duration::hours(1);
    assert_err(
        store.create_session(&hash("t1"), UserId(77), expires).await,
        "NotFound",
    );
}
