//! Room access: admissions, a room's kind, and the follow reads the access rule needs.

use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_store::{AdmissionReason, NewRoom, Store, UserRecord};

use super::{assert_err, bootstrap_admin, invited_member, now_ms};

/// A room `id` of `kind` opened by `by`, naming `named`.
async fn open_room(
    store: &dyn Store,
    id: &str,
    kind: RoomKind,
    by: &UserRecord,
    named: Vec<UserId>,
) -> RoomId {
    let room = NewRoom {
        id: RoomId(id.into()),
        title: format!("room {id}"),
        kind,
        created_by: by.id,
        created_at: now_ms(),
        named,
    };
    store.create_room(room).await.expect("create room").id
}

/// Named members are admitted with the room; pings add more; the first admission wins, and
/// admissions are per room.
pub async fn admissions_named_and_pinged(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ann = invited_member(store, &admin, "ann", 0).await;
    let bob = invited_member(store, &admin, "bob", 0).await;
    let cid = invited_member(store, &admin, "cid", 0).await;
    let closed = open_room(
        store,
        "closed",
        RoomKind::Closed,
        &admin,
        vec![bob.id, ann.id],
    )
    .await;
    let other = open_room(store, "other", RoomKind::Open, &admin, Vec::new()).await;
    let mut expected = vec![ann.id, bob.id];
    expected.sort();
    assert_eq!(
        store.room_admissions(&closed).await.expect("list"),
        expected
    );
    assert!(store
        .room_admissions(&other)
        .await
        .expect("list")
        .is_empty());

    let new = store
        .admit_to_room(&closed, cid.id, ann.id, AdmissionReason::Pinged, 0)
        .await
        .expect("ping");
    assert!(new, "a first admission is new");
    let again = store
        .admit_to_room(&closed, bob.id, ann.id, AdmissionReason::Pinged, 0)
        .await
        .expect("ping a named member");
    assert!(!again, "admitting twice changes nothing");
    expected.push(cid.id);
    expected.sort();
    assert_eq!(
        store.room_admissions(&closed).await.expect("list"),
        expected
    );
    assert!(store
        .room_admissions(&other)
        .await
        .expect("list")
        .is_empty());
    assert!(store
        .room_admissions(&RoomId("ghost".into()))
        .await
        .expect("unknown room lists nothing")
        .is_empty());
}

/// Admissions and named rooms referring to unknown rooms or members fail with `NotFound` and
/// write nothing.
pub async fn admissions_reject_unknown(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ann = invited_member(store, &admin, "ann", 0).await;
    let room = open_room(store, "r", RoomKind::Closed, &admin, Vec::new()).await;
    let ghost = UserId(ann.id.0 + 1000);
    let pinged = AdmissionReason::Pinged;
    assert_err(
        store.admit_to_room(&room, ghost, admin.id, pinged, 0).await,
        "NotFound",
    );
    assert_err(
        store.admit_to_room(&room, ann.id, ghost, pinged, 0).await,
        "NotFound",
    );
    let no_room = RoomId("ghost".into());
    assert_err(
        store
            .admit_to_room(&no_room, ann.id, admin.id, pinged, 0)
            .await,
        "NotFound",
    );
    assert!(store.room_admissions(&room).await.expect("list").is_empty());

    // A room naming an unknown member is not created at all.
    let bad = NewRoom {
        id: RoomId("bad".into()),
        title: "bad".into(),
        kind: RoomKind::Closed,
        created_by: admin.id,
        created_at: now_ms(),
        named: vec![ann.id, ghost],
    };
    assert_err(store.create_room(bad).await, "NotFound");
    assert_eq!(
        store.room(&RoomId("bad".into())).await.expect("lookup"),
        None
    );
    assert!(store
        .room_admissions(&RoomId("bad".into()))
        .await
        .expect("list")
        .is_empty());
}

/// A room's kind can change; the change is what later reads see.
pub async fn room_kind_changes(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let room = open_room(store, "r", RoomKind::Closed, &admin, Vec::new()).await;
    store
        .set_room_kind(&room, RoomKind::Open, 0)
        .await
        .expect("open it");
    assert_eq!(
        store.room(&room).await.expect("get").expect("room").kind,
        RoomKind::Open
    );
    store
        .set_room_kind(&room, RoomKind::Social, 0)
        .await
        .expect("make it social");
    let live = store.live_rooms().await.expect("live");
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].kind, RoomKind::Social);
    assert_err(
        store
            .set_room_kind(&RoomId("ghost".into()), RoomKind::Open, 0)
            .await,
        "NotFound",
    );
}

/// `followees_of` lists exactly whom a member follows; `follows_any` answers whether any of a
/// group follows someone.
pub async fn followees_and_follows_any(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ann = invited_member(store, &admin, "ann", 0).await;
    let bob = invited_member(store, &admin, "bob", 0).await;
    let cid = invited_member(store, &admin, "cid", 0).await;
    store.follow(ann.id, cid.id).await.expect("ann follows cid");
    store.follow(ann.id, bob.id).await.expect("ann follows bob");
    store
        .follow(bob.id, admin.id)
        .await
        .expect("bob follows admin");

    let mut ann_follows = vec![bob.id, cid.id];
    ann_follows.sort();
    assert_eq!(store.followees_of(ann.id).await.expect("ann"), ann_follows);
    assert_eq!(
        store.followees_of(bob.id).await.expect("bob"),
        vec![admin.id]
    );
    assert!(store.followees_of(cid.id).await.expect("cid").is_empty());

    assert!(store.follows_any(&[ann.id], cid.id).await.expect("q"));
    assert!(store
        .follows_any(&[admin.id, bob.id], admin.id)
        .await
        .expect("q"));
    assert!(!store
        .follows_any(&[bob.id, cid.id], cid.id)
        .await
        .expect("q"));
    assert!(!store.follows_any(&[], cid.id).await.expect("empty"));
    assert!(!store.follows_any(&[cid.id], ann.id).await.expect("q"));

    store.unfollow(ann.id, cid.id).await.expect("unfollow");
    assert!(!store.follows_any(&[ann.id], cid.id).await.expect("q"));
    assert_eq!(store.followees_of(ann.id).await.expect("ann"), vec![bob.id]);
}
