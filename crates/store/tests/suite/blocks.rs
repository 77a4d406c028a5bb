//! Blocks.

use stoa_proto::UserId;
use stoa_store::Store;

use super::{assert_err, bootstrap_admin, invited_member};

/// Blocking removes follows both ways in the same call, is idempotent, and is seen from either
/// side by `block_between`; unblocking lifts it.
pub async fn block_removes_follows_and_unblock_lifts_it(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    store.follow(admin.id, bob.id).await.expect("follow");
    store.follow(bob.id, admin.id).await.expect("follow back");
    store
        .follow(carol.id, admin.id)
        .await
        .expect("carol follows");

    assert!(store.block(admin.id, bob.id).await.expect("block"));
    assert!(!store.block(admin.id, bob.id).await.expect("block again"));
    let stats = store.follow_stats(admin.id, None).await.expect("stats");
    assert_eq!(
        (stats.followers, stats.following),
        (1, 0),
        "only carol left"
    );
    let bob_stats = store.follow_stats(bob.id, None).await.expect("stats");
    assert_eq!((bob_stats.followers, bob_stats.following), (0, 0));

    assert!(store
        .block_between(admin.id, bob.id)
        .await
        .expect("between"));
    assert!(store
        .block_between(bob.id, admin.id)
        .await
        .expect("reverse"));
    assert!(!store.block_between(admin.id, carol.id).await.expect("none"));
    assert_eq!(
        store.blockers_of(bob.id).await.expect("blockers"),
        vec![admin.id]
    );
    assert!(store
        .blockers_of(admin.id)
        .await
        .expect("blockers")
        .is_empty());

    assert!(store.unblock(admin.id, bob.id).await.expect("unblock"));
    assert!(!store
        .unblock(admin.id, bob.id)
        .await
        .expect("unblock again"));
    assert!(!store.block_between(admin.id, bob.id).await.expect("lifted"));
    assert!(store.blocks_of(admin.id).await.expect("list").is_empty());
    // Follows are not restored by unblocking.
    let stats = store.follow_stats(admin.id, None).await.expect("stats");
    assert_eq!((stats.followers, stats.following), (1, 0));
}

/// Blocks are one-directional records: both may block each other, and lists are newest first.
pub async fn blocks_listed_newest_first(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    let dave = invited_member(store, &admin, "dave", 2).await;
    store.block(admin.id, carol.id).await.expect("block carol");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store.block(admin.id, bob.id).await.expect("block bob");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store.block(admin.id, dave.id).await.expect("block dave");
    store
        .block(bob.id, admin.id)
        .await
        .expect("bob blocks back");

    let names: Vec<String> = store
        .blocks_of(admin.id)
        .await
        .expect("list")
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, ["dave", "bob", "carol"]);
    let bobs = store.blocks_of(bob.id).await.expect("bob's list");
    assert_eq!(bobs, vec![admin.summary()]);
    let mut blockers = store.blockers_of(admin.id).await.expect("blockers");
    blockers.sort();
    assert_eq!(blockers, vec![bob.id]);

    // Lifting one side leaves the other.
    store.unblock(admin.id, bob.id).await.expect("unblock");
    assert!(store
        .block_between(admin.id, bob.id)
        .await
        .expect("bob's block stays"));
}

/// Self-blocks and unknown members are refused and write nothing.
pub async fn block_refusals_write_nothing(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    store.follow(bob.id, admin.id).await.expect("follow");
    assert_err(store.block(admin.id, admin.id).await, "SelfFollow");
    assert_err(store.block(admin.id, UserId(9_999)).await, "NotFound");
    assert_err(store.block(UserId(9_999), bob.id).await, "NotFound");
    assert!(store.blocks_of(admin.id).await.expect("list").is_empty());
    let stats = store.follow_stats(admin.id, None).await.expect("stats");
    assert_eq!(stats.followers, 1, "the follow survives refused blocks");
}
