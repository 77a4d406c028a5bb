//! Notifications: storing, fan-out to followers, pages, unread counts and marking read.

use chrono::Duration;
use stoa_proto::rest::{NotificationKind, RoomRef};
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_store::{
    FollowerScope, MarkRead, NewNotificationRecord, NewRoom, ProfileUpdate, Store, UserRecord,
};

use super::{assert_err, bootstrap_admin, hash, invited_member, now_ms};

/// A notification of `kind` by `actor` (no room).
fn by(kind: NotificationKind, actor: &UserRecord) -> NewNotificationRecord {
    NewNotificationRecord {
        kind,
        actor: Some(actor.id),
        room: None,
        waitlist_username: None,
        waitlist_display_name: None,
        extra: Default::default(),
    }
}

/// Opens a room `id` by `creator`.
async fn open_room(store: &dyn Store, creator: &UserRecord, id: &str, title: &str) -> RoomRef {
    store
        .create_room(NewRoom {
            id: RoomId(id.to_string()),
            title: title.to_string(),
            kind: RoomKind::Open,
            created_by: creator.id,
            created_at: now_ms(),
            named: Vec::new(),
        })
        .await
        .expect("create room");
    RoomRef {
        id: RoomId(id.to_string()),
        title: title.to_string(),
    }
}

/// A stored notification comes back whole, with the actor's current names; pages run newest
/// first without gaps; each member sees only their own.
pub async fn notifications_stored_listed_and_counted(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let room = open_room(store, &bob, "r1", "Rust talk").await;

    let before = now_ms();
    let first = store
        .insert_notification(admin.id, &by(NotificationKind::NewFollower, &bob))
        .await
        .expect("insert");
    assert_eq!(first.user, admin.id);
    assert_eq!(first.kind, NotificationKind::NewFollower);
    assert_eq!(first.actor, Some(bob.summary()));
    assert_eq!(first.room, None);
    assert_eq!(first.read_at, None);
    assert!(first.created_at >= before && first.created_at <= now_ms());

    let mut ids = vec![first.id];
    for _ in 0..4 {
        let pinged = store
            .insert_notification(
                admin.id,
                &NewNotificationRecord {
                    room: Some(room.clone()),
                    ..by(NotificationKind::Pinged, &bob)
                },
            )
            .await
            .expect("insert ping");
        assert_eq!(pinged.room, Some(room.clone()));
        assert!(pinged.id > *ids.last().expect("one"), "ids increase");
        ids.push(pinged.id);
    }
    assert_eq!(
        store.unread_notifications(admin.id).await.expect("count"),
        5
    );
    assert_eq!(store.unread_notifications(bob.id).await.expect("count"), 0);

    // Names are resolved when read: a rename shows in old notifications.
    store
        .update_profile(
            bob.id,
            ProfileUpdate {
                display_name: Some("Bob B".to_string()),
                bio: None,
                language: None,
            },
        )
        .await
        .expect("rename");

    let mut seen = Vec::new();
    let mut before_id = None;
    loop {
        let page = store
            .notifications(admin.id, before_id, 2)
            .await
            .expect("page");
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 2);
        for n in &page {
            assert_eq!(
                n.actor.as_ref().map(|a| a.display_name.as_str()),
                Some("Bob B")
            );
        }
        before_id = page.last().map(|n| n.id);
        seen.extend(page.into_iter().map(|n| n.id));
    }
    ids.reverse();
    assert_eq!(seen, ids, "newest first, each once");
    assert!(store
        .notifications(bob.id, None, 10)
        .await
        .expect("bob's")
        .is_empty());
}

/// Fan-out reaches every follower, in one call, and leaves out blocks either way and
/// non-followers.
pub async fn notifications_fan_out_to_followers(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ada = invited_member(store, &admin, "ada", 2).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    let dave = invited_member(store, &admin, "dave", 2).await;
    let eve = invited_member(store, &admin, "eve", 2).await;
    let room = open_room(store, &ada, "r2", "Morning show").await;
    for follower in [&bob, &carol, &dave, &eve] {
        store.follow(follower.id, ada.id).await.expect("follow");
    }
    // Dave blocked Ada and Ada blocked Eve; the store's follow does not check blocks, so follow
    // again after blocking to leave the follow rows in place (the service refuses such follows).
    store.block(dave.id, ada.id).await.expect("block");
    store.block(ada.id, eve.id).await.expect("block");
    let _ = store.follow(dave.id, ada.id).await;
    let _ = store.follow(eve.id, ada.id).await;

    let new = NewNotificationRecord {
        room: Some(room.clone()),
        ..by(NotificationKind::RoomStarted, &ada)
    };
    let sent = store
        .insert_follower_notifications(ada.id, &new, FollowerScope::All)
        .await
        .expect("fan out");
    let recipients: Vec<UserId> = sent.iter().map(|(user, _)| *user).collect();
    let mut expected = vec![bob.id, carol.id];
    expected.sort();
    assert_eq!(recipients, expected);

    for (user, id) in &sent {
        let page = store.notifications(*user, None, 10).await.expect("list");
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].id, *id);
        assert_eq!(page[0].kind, NotificationKind::RoomStarted);
        assert_eq!(page[0].actor, Some(ada.summary()));
        assert_eq!(page[0].room, Some(room.clone()));
        assert_eq!(store.unread_notifications(*user).await.expect("count"), 1);
    }
    for outsider in [&admin, &ada, &dave, &eve] {
        assert_eq!(
            store
                .unread_notifications(outsider.id)
                .await
                .expect("count"),
            0,
            "{} got one",
            outsider.username
        );
    }
    let counts = store
        .unread_notification_counts(&[bob.id, carol.id, dave.id])
        .await
        .expect("counts");
    let mut want = vec![(bob.id, 1), (carol.id, 1)];
    want.sort();
    assert_eq!(counts, want);
    assert!(store
        .unread_notification_counts(&[])
        .await
        .expect("none")
        .is_empty());

    // Nobody follows Bob: nothing stored.
    assert!(store
        .insert_follower_notifications(
            bob.id,
            &by(NotificationKind::WentOnStage, &bob),
            FollowerScope::All,
        )
        .await
        .expect("no followers")
        .is_empty());

    // Followed back only (a social room): of Bob and Carol, only Bob, whom Ada follows.
    store.follow(ada.id, bob.id).await.expect("follow back");
    let sent = store
        .insert_follower_notifications(ada.id, &new, FollowerScope::FollowedBack)
        .await
        .expect("fan out to followed-back followers");
    let recipients: Vec<UserId> = sent.iter().map(|(user, _)| *user).collect();
    assert_eq!(recipients, vec![bob.id]);
    assert_eq!(
        store.unread_notifications(carol.id).await.expect("count"),
        1
    );

    // The others (a social room opened up): Carol alone; blocks still hold.
    let sent = store
        .insert_follower_notifications(ada.id, &new, FollowerScope::NotFollowedBack)
        .await
        .expect("fan out to the followers not followed back");
    let recipients: Vec<UserId> = sent.iter().map(|(user, _)| *user).collect();
    assert_eq!(recipients, vec![carol.id]);
}

/// Deleting a member's notifications of one kind about one room leaves their other ones, and
/// other members' ones, alone, and answers the deleted ids.
pub async fn room_notifications_deleted(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ada = invited_member(store, &admin, "ada", 2).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let r1 = open_room(store, &ada, "r1", "One").await;
    let r2 = open_room(store, &ada, "r2", "Two").await;
    let invite = |room: &RoomRef| NewNotificationRecord {
        room: Some(room.clone()),
        ..by(NotificationKind::SpeakInvite, &ada)
    };
    let first = store
        .insert_notification(bob.id, &invite(&r1))
        .await
        .expect("1");
    let again = store
        .insert_notification(bob.id, &invite(&r1))
        .await
        .expect("2");
    let other_room = store
        .insert_notification(bob.id, &invite(&r2))
        .await
        .expect("3");
    let pinged = NewNotificationRecord {
        room: Some(r1.clone()),
        ..by(NotificationKind::Pinged, &ada)
    };
    let ping = store.insert_notification(bob.id, &pinged).await.expect("4");
    let admins = store
        .insert_notification(admin.id, &invite(&r1))
        .await
        .expect("5");

    let deleted = store
        .delete_room_notifications(bob.id, NotificationKind::SpeakInvite, &r1.id)
        .await
        .expect("delete");
    assert_eq!(deleted, vec![first.id, again.id]);
    let left: Vec<i64> = store
        .notifications(bob.id, None, 10)
        .await
        .expect("list")
        .into_iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(left, vec![ping.id, other_room.id]);
    assert_eq!(store.unread_notifications(bob.id).await.expect("count"), 2);
    assert_eq!(
        store.notifications(admin.id, None, 10).await.expect("list")[0].id,
        admins.id
    );
    assert!(store
        .delete_room_notifications(bob.id, NotificationKind::SpeakInvite, &r1.id)
        .await
        .expect("again")
        .is_empty());
}

/// Marking read by ids touches only the member's own notifications; `All` clears the rest;
/// the unread count left comes back each time.
pub async fn notifications_marked_read(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let mut mine = Vec::new();
    for _ in 0..3 {
        let n = store
            .insert_notification(admin.id, &by(NotificationKind::NewFollower, &bob))
            .await
            .expect("insert");
        mine.push(n.id);
    }
    let bobs = store
        .insert_notification(bob.id, &by(NotificationKind::InviteUsed, &admin))
        .await
        .expect("insert");

    // Bob cannot mark Admin's; his own id list with Admin's ids changes nothing of Admin's.
    assert_eq!(
        store
            .mark_notifications_read(bob.id, MarkRead::Ids(mine.clone()))
            .await
            .expect("mark"),
        1
    );
    assert_eq!(
        store.unread_notifications(admin.id).await.expect("count"),
        3
    );

    let left = store
        .mark_notifications_read(admin.id, MarkRead::Ids(vec![mine[0], bobs.id, 999_999]))
        .await
        .expect("mark");
    assert_eq!(left, 2);
    assert_eq!(store.unread_notifications(bob.id).await.expect("count"), 1);
    let page = store.notifications(admin.id, None, 10).await.expect("list");
    let first = page.iter().find(|n| n.id == mine[0]).expect("listed");
    assert!(first.read_at.is_some());
    assert!(page.iter().filter(|n| n.read_at.is_none()).count() == 2);
    // Marking again keeps the first read time.
    let read_at = first.read_at;
    assert_eq!(
        store
            .mark_notifications_read(admin.id, MarkRead::Ids(vec![mine[0]]))
            .await
            .expect("again"),
        2
    );
    let again = store.notifications(admin.id, None, 10).await.expect("list");
    assert_eq!(
        again
            .iter()
            .find(|n| n.id == mine[0])
            .expect("listed")
            .read_at,
        read_at
    );
    assert_eq!(
        store
            .mark_notifications_read(admin.id, MarkRead::Ids(Vec::new()))
            .await
            .expect("nothing"),
        2
    );

    assert_eq!(
        store
            .mark_notifications_read(admin.id, MarkRead::All)
            .await
            .expect("all"),
        0
    );
    assert_eq!(store.unread_notifications(bob.id).await.expect("count"), 1);
}

/// Unknown recipients, actors or rooms are `NotFound` and store nothing; the waitlist display
/// name is kept as given, or taken from the reservation.
pub async fn notification_references_checked(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    assert_err(
        store
            .insert_notification(UserId(9_999), &by(NotificationKind::NewFollower, &bob))
            .await,
        "NotFound",
    );
    assert_err(
        store
            .insert_notification(
                admin.id,
                &NewNotificationRecord {
                    actor: Some(UserId(9_999)),
                    ..by(NotificationKind::NewFollower, &bob)
                },
            )
            .await,
        "NotFound",
    );
    assert_err(
        store
            .insert_notification(
                admin.id,
                &NewNotificationRecord {
                    room: Some(RoomRef {
                        id: RoomId("nope".to_string()),
                        title: "Nope".to_string(),
                    }),
                    ..by(NotificationKind::Pinged, &bob)
                },
            )
            .await,
        "NotFound",
    );
    assert_eq!(
        store.unread_notifications(admin.id).await.expect("count"),
        0
    );

    let waitlisted = |display: Option<&str>| NewNotificationRecord {
        kind: NotificationKind::WaitlistNamed,
        actor: None,
        room: None,
        waitlist_username: Some("zed".to_string()),
        waitlist_display_name: display.map(str::to_string),
        extra: Default::default(),
    };
    let given = store
        .insert_notification(admin.id, &waitlisted(Some("Zed Z")))
        .await
        .expect("insert");
    assert_eq!(given.actor, None);
    assert_eq!(given.waitlist_username.as_deref(), Some("zed"));
    assert_eq!(given.waitlist_display_name.as_deref(), Some("Zed Z"));
    let unknown = store
        .insert_notification(admin.id, &waitlisted(None))
        .await
        .expect("insert");
    assert_eq!(unknown.waitlist_display_name, None);

    let now = now_ms();
    store
        .create_reservation(stoa_store::NewReservation {
            public_id: "pub-zed".to_string(),
            token_hash: hash("zed-token"),
            username: "zed".to_string(),
            display_name: "Zed From The List".to_string(),
            named: vec![admin.id],
            created_at: now,
            expires_at: now + Duration::days(30),
        })
        .await
        .expect("reserve");
    let looked_up = store
        .insert_notification(admin.id, &waitlisted(None))
        .await
        .expect("insert");
    assert_eq!(
        looked_up.waitlist_display_name.as_deref(),
        Some("Zed From The List")
    );
}
