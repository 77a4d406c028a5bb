//! Avatars.

use stoa_proto::UserId;
use stoa_store::Store;

use super::{assert_err, bootstrap_admin, invited_member};

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
