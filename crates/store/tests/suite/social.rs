//! Profiles, member search and follows.

use std::collections::HashSet;

use stoa_proto::{Language, UserId};
use stoa_store::{FollowCursor, FollowDirection, ProfileUpdate, Store, UserRecord};

use super::{assert_err, bootstrap_admin, invited_member};

/// Profile edits change only the given fields; unknown members are `NotFound`.
pub async fn profile_update_changes_given_fields(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    assert_eq!(admin.bio, "");
    let edited = store
        .update_profile(
            admin.id,
            ProfileUpdate {
                display_name: None,
                bio: Some("line one\nline two".to_string()),
                language: None,
            },
        )
        .await
        .expect("edit bio");
    assert_eq!(edited.bio, "line one\nline two");
    assert_eq!(edited.display_name, admin.display_name);

    let renamed = store
        .update_profile(
            admin.id,
            ProfileUpdate {
                display_name: Some("Ada".to_string()),
                bio: None,
                language: None,
            },
        )
        .await
        .expect("rename");
    assert_eq!(renamed.display_name, "Ada");
    assert_eq!(renamed.bio, "line one\nline two");
    assert_eq!(
        store.user_by_id(admin.id).await.expect("lookup"),
        Some(renamed)
    );
    assert_err(
        store
            .update_profile(UserId(9_999), ProfileUpdate::default())
            .await,
        "NotFound",
    );
}

/// A member's language is unset until chosen, kept across other edits, read back with the
/// account and, for many members at once, by `member_languages` (which leaves out the unset).
pub async fn member_language_is_kept(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    assert_eq!(admin.language, None);
    let set = |language| ProfileUpdate {
        language: Some(language),
        ..ProfileUpdate::default()
    };
    let ro = store
        .update_profile(admin.id, set(Language::Ro))
        .await
        .expect("set language");
    assert_eq!(ro.language, Some(Language::Ro));
    let renamed = store
        .update_profile(
            admin.id,
            ProfileUpdate {
                display_name: Some("Ada".to_string()),
                ..ProfileUpdate::default()
            },
        )
        .await
        .expect("rename");
    assert_eq!(renamed.language, Some(Language::Ro), "kept by other edits");
    let by_name = store.user_by_username("admin").await.expect("lookup");
    assert_eq!(by_name.and_then(|u| u.language), Some(Language::Ro));
    assert_eq!(
        store
            .member_languages(&[admin.id, bob.id, UserId(9_999)])
            .await
            .expect("languages"),
        vec![(admin.id, Language::Ro)]
    );
    store
        .update_profile(bob.id, set(Language::En))
        .await
        .expect("set bob");
    store
        .update_profile(admin.id, set(Language::En))
        .await
        .expect("back to English");
    assert_eq!(
        store
            .member_languages(&[bob.id, admin.id])
            .await
            .expect("languages"),
        vec![(admin.id, Language::En), (bob.id, Language::En)]
    );
    assert_eq!(store.member_languages(&[]).await.expect("none"), vec![]);
}

/// Following twice counts once, unfollowing twice is harmless, self and unknown are refused.
pub async fn follow_is_idempotent_and_counted(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;

    assert!(store.follow(bob.id, admin.id).await.expect("follow"));
    assert!(!store.follow(bob.id, admin.id).await.expect("again"));
    assert!(store.follow(carol.id, admin.id).await.expect("follow"));
    assert!(store.follow(admin.id, bob.id).await.expect("follow back"));

    let stats = store
        .follow_stats(admin.id, Some(bob.id))
        .await
        .expect("stats");
    assert_eq!((stats.followers, stats.following), (2, 1));
    assert!(stats.followed_by_viewer);
    let bob_stats = store.follow_stats(bob.id, Some(carol.id)).await;
    let bob_stats = bob_stats.expect("stats");
    assert_eq!((bob_stats.followers, bob_stats.following), (1, 1));
    assert!(!bob_stats.followed_by_viewer);
    assert!(
        !store
            .follow_stats(admin.id, None)
            .await
            .expect("anonymous")
            .followed_by_viewer
    );

    assert!(store.unfollow(bob.id, admin.id).await.expect("unfollow"));
    assert!(!store.unfollow(bob.id, admin.id).await.expect("again"));
    let stats = store
        .follow_stats(admin.id, Some(bob.id))
        .await
        .expect("stats");
    assert_eq!((stats.followers, stats.following), (1, 1));
    assert!(!stats.followed_by_viewer);

    assert_err(store.follow(bob.id, bob.id).await, "SelfFollow");
    assert_err(store.follow(bob.id, UserId(9_999)).await, "NotFound");
    assert_err(store.follow(UserId(9_999), bob.id).await, "NotFound");
    assert!(!store.unfollow(bob.id, UserId(9_999)).await.expect("no-op"));
    let carol_stats = store.follow_stats(carol.id, None).await.expect("stats");
    assert_eq!((carol_stats.followers, carol_stats.following), (0, 1));
}

/// Walks a whole follow list in pages of `page`, checking order and page sizes.
async fn walk(
    store: &dyn Store,
    user: &UserRecord,
    direction: FollowDirection,
    page: u32,
    mut during: impl FnMut(usize) -> Option<UserId>,
) -> Vec<UserId> {
    let mut seen = Vec::new();
    let mut after: Option<FollowCursor> = None;
    for round in 0..100 {
        let entries = store
            .follow_list(user.id, direction, after, page)
            .await
            .expect("page");
        assert!(entries.len() <= page as usize);
        for pair in entries.windows(2) {
            assert!(
                (pair[0].followed_at, pair[0].user.id) > (pair[1].followed_at, pair[1].user.id),
                "newest first, strictly"
            );
        }
        seen.extend(entries.iter().map(|e| e.user.id));
        match entries.last() {
            Some(last) if entries.len() == page as usize => after = Some(last.cursor()),
            _ => return seen,
        }
        if let Some(newcomer) = during(round) {
            store.follow(newcomer, user.id).await.expect("late follow");
        }
    }
    panic!("pagination did not end");
}

/// Pages cover every follower exactly once, newest first, even with follows landing meanwhile
/// (which are newer, so they belong before the cursor and do not shift later pages).
pub async fn follow_lists_paginate_without_gaps(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let mut members = Vec::new();
    for i in 0..23 {
        members.push(invited_member(store, &admin, &format!("m{i:02}"), 2).await);
    }
    // The first 20 follow the admin (many within the same millisecond: ties broken by id).
    for m in &members[..20] {
        store.follow(m.id, admin.id).await.expect("follow");
    }
    let first = walk(store, &admin, FollowDirection::Followers, 6, |_| None).await;
    let expected: Vec<UserId> = members[..20].iter().rev().map(|m| m.id).collect();
    assert_eq!(first.len(), 20);
    let unique: HashSet<_> = first.iter().collect();
    assert_eq!(unique.len(), 20, "no duplicates");
    assert_eq!(
        unique,
        expected.iter().collect::<HashSet<_>>(),
        "no one missed"
    );

    // Three more follow the admin while a walk is under way.
    let late: Vec<UserId> = members[20..].iter().map(|m| m.id).collect();
    let mut pending = late.clone();
    let during = walk(store, &admin, FollowDirection::Followers, 6, |_| {
        pending.pop()
    })
    .await;
    assert_eq!(
        during.len(),
        20,
        "late follows are newer: not in later pages"
    );
    assert_eq!(during.iter().collect::<HashSet<_>>(), unique);

    // A fresh walk sees everyone, the late ones first.
    let after = walk(store, &admin, FollowDirection::Followers, 100, |_| None).await;
    assert_eq!(after.len(), 23);
    assert!(after[..3].iter().all(|id| late.contains(id)));

    // The other direction: whom m00 follows.
    for m in &members[1..8] {
        store.follow(members[0].id, m.id).await.expect("follow");
    }
    let following = walk(store, &members[0], FollowDirection::Following, 3, |_| None).await;
    let mut want: Vec<UserId> = members[1..8].iter().map(|m| m.id).collect();
    want.push(admin.id);
    assert_eq!(following.len(), 8);
    assert_eq!(
        following.iter().collect::<HashSet<_>>(),
        want.iter().collect::<HashSet<_>>()
    );
    let empty = store
        .follow_list(admin.id, FollowDirection::Following, None, 10)
        .await
        .expect("empty list");
    assert!(empty.is_empty());
}

/// Prefix search: case-insensitive, usernames first, literal `_` and `%`, limit respected.
pub async fn search_by_prefix(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ab = invited_member(store, &admin, "ab", 2).await;
    let a_c = invited_member(store, &admin, "a_c", 2).await;
    let alice = invited_member(store, &admin, "alice", 2).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let zed = invited_member(store, &admin, "zed", 2).await;
    for (user, name) in [
        (&bob, "Alice Cooper"),
        (&zed, "AB Testing"),
        (&ab, "Zz"),
        (&alice, "Queen"),
    ] {
        store
            .update_profile(
                user.id,
                ProfileUpdate {
                    display_name: Some(name.to_string()),
                    bio: None,
                    language: None,
                },
            )
            .await
            .expect("rename");
    }
    let names = |found: Vec<stoa_proto::rest::UserSummary>| {
        found.into_iter().map(|u| u.username).collect::<Vec<_>>()
    };

    // `_` is a literal: "a_" matches a_c only, never "ab".
    let found = store.search_users("a_", 10).await.expect("search");
    assert_eq!(names(found), ["a_c"]);
    assert_eq!(a_c.username, "a_c");
    assert!(store
        .search_users("%", 10)
        .await
        .expect("search")
        .is_empty());
    assert!(store
        .search_users("a%", 10)
        .await
        .expect("search")
        .is_empty());

    // Any case; usernames (in order) first, then display names (in order).
    let found = store.search_users("A", 10).await.expect("search");
    assert_eq!(
        names(found),
        ["a_c", "ab", "admin", "alice", "zed", "bob"],
        "zed is 'AB Testing', bob is 'Alice Cooper'"
    );
    let found = store.search_users("aL", 10).await.expect("search");
    assert_eq!(names(found), ["alice", "bob"]);
    let found = store.search_users("AB", 10).await.expect("search");
    assert_eq!(
        names(found),
        ["ab", "zed"],
        "ab once, though both its names match"
    );
    let found = store.search_users("A", 3).await.expect("search");
    assert_eq!(names(found), ["a_c", "ab", "admin"]);
    let found = store.search_users("A", 5).await.expect("search");
    assert_eq!(names(found), ["a_c", "ab", "admin", "alice", "zed"]);
    assert!(store
        .search_users("nobody", 10)
        .await
        .expect("search")
        .is_empty());
    let found = store.search_users("quEEn", 10).await.expect("search");
    assert_eq!(names(found), ["alice"]);
}
