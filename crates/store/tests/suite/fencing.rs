//! Fencing of a live room's writes by its owner's epoch (see `RoomStore`'s "Fencing").

use chrono::Duration;
use stoa_proto::moderation::ModAction;
use stoa_proto::{RoomId, RoomKind};
use stoa_store::{AdmissionReason, NewModLog, Store, StoreError};

use super::{assert_err, bootstrap_admin, invited_member, now_ms, open_room};

/// Asserts `result` was refused because an owner of epoch `newer` wrote to `room`.
fn assert_fenced<T: std::fmt::Debug>(result: Result<T, StoreError>, room: &RoomId, newer: u64) {
    match result {
        Err(StoreError::Fenced {
            room: fenced,
            epoch,
        }) => {
            assert_eq!((&fenced, epoch), (room, newer), "fenced by the newer owner");
        }
        other => panic!("expected Fenced by epoch {newer}, got {other:?}"),
    }
}

/// Epoch 0 (one node) passes on a fresh room; equal or higher epochs pass and raise the stored
/// one; a lower epoch after a higher one is refused, for every kind of room write, and changes
/// nothing.
pub async fn room_writes_fenced_by_owner_epoch(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let t0 = now_ms();
    open_room(store, "r-fenced", "Fenced", admin.id, t0).await;
    let room = RoomId("r-fenced".into());

    store
        .save_room_state(&room, r#"{"v":0}"#, 0)
        .await
        .expect("epoch 0 on a fresh room");
    store
        .save_room_state(&room, r#"{"v":5}"#, 5)
        .await
        .expect("first owner");
    store
        .save_room_state(&room, r#"{"v":5.1}"#, 5)
        .await
        .expect("same owner again");
    store
        .save_room_state(&room, r#"{"v":7}"#, 7)
        .await
        .expect("newer owner");

    // The stale owner (epoch 5) wakes up: nothing it writes lands.
    assert_fenced(
        store.save_room_state(&room, r#"{"v":"stale"}"#, 5).await,
        &room,
        7,
    );
    assert_fenced(
        store.set_room_kind(&room, RoomKind::Closed, 5).await,
        &room,
        7,
    );
    assert_fenced(store.add_room_moderator(&room, bob.id, 5).await, &room, 7);
    let entry = NewModLog {
        room_id: room.clone(),
        at: t0 + Duration::seconds(1),
        actor: Some(admin.id),
        action: ModAction::Muted,
        target: Some(bob.id),
        detail: None,
    };
    assert_fenced(store.insert_mod_log(&entry, 5).await, &room, 7);
    let pinged = AdmissionReason::Pinged;
    assert_fenced(
        store
            .admit_to_room(&room, bob.id, admin.id, pinged, 5)
            .await,
        &room,
        7,
    );
    assert_fenced(
        store.end_room(&room, t0 + Duration::minutes(1), 5).await,
        &room,
        7,
    );
    assert_fenced(store.fence_room(&room, 6).await, &room, 7);

    let after = store.room(&room).await.expect("room").expect("exists");
    assert_eq!(after.state_json.as_deref(), Some(r#"{"v":7}"#));
    assert_eq!(after.kind, RoomKind::Open);
    assert_eq!(after.ended_at, None);
    assert!(!store.was_room_moderator(&room, bob.id).await.expect("mod"));
    assert!(store
        .mod_log(&room, None, 10)
        .await
        .expect("log")
        .is_empty());
    assert!(store.room_admissions(&room).await.expect("adm").is_empty());

    // The newer owner's writes of every kind pass.
    store
        .set_room_kind(&room, RoomKind::Closed, 7)
        .await
        .expect("kind");
    store
        .add_room_moderator(&room, bob.id, 7)
        .await
        .expect("moderator");
    store.insert_mod_log(&entry, 7).await.expect("log");
    assert!(store
        .admit_to_room(&room, bob.id, admin.id, pinged, 7)
        .await
        .expect("admit"));
    let after = store.room(&room).await.expect("room").expect("exists");
    assert_eq!(after.kind, RoomKind::Closed);
    assert!(store.was_room_moderator(&room, bob.id).await.expect("mod"));
    assert_eq!(store.mod_log(&room, None, 10).await.expect("log").len(), 1);
    assert_eq!(
        store.room_admissions(&room).await.expect("adm"),
        vec![bob.id]
    );

    // A takeover fences without writing: the previous owner's snapshot is refused after it.
    store.fence_room(&room, 9).await.expect("takeover");
    assert_fenced(
        store.save_room_state(&room, r#"{"v":"late"}"#, 7).await,
        &room,
        9,
    );
    let after = store.room(&room).await.expect("room").expect("exists");
    assert_eq!(after.state_json.as_deref(), Some(r#"{"v":7}"#));
    store
        .end_room(&room, t0 + Duration::minutes(2), 9)
        .await
        .expect("the owner ends it");
    let ended = store.room(&room).await.expect("room").expect("exists");
    assert_eq!(ended.ended_at, Some(t0 + Duration::minutes(2)));
}

/// The refusal names the room and the newer epoch; fenced writes to an unknown room are not
/// found; epoch 0 is never fenced (one node has no leases).
pub async fn fencing_errors_and_epoch_zero(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    open_room(store, "r-epochs", "Epochs", admin.id, now_ms()).await;
    let room = RoomId("r-epochs".into());
    store.fence_room(&room, 0).await.expect("epoch 0 exists");
    store.fence_room(&room, 12).await.expect("raise");
    let err = store
        .save_room_state(&room, "{}", 11)
        .await
        .expect_err("stale");
    assert_eq!(
        err.to_string(),
        "a newer owner of room r-epochs (epoch 12) has written; this node no longer runs it"
    );
    store
        .save_room_state(&room, r#"{"single":true}"#, 0)
        .await
        .expect("epoch 0 is not fenced");

    let ghost = RoomId("r-ghost".into());
    assert_err(store.save_room_state(&ghost, "{}", 3).await, "NotFound");
    assert_err(store.end_room(&ghost, now_ms(), 3).await, "NotFound");
    assert_err(
        store.set_room_kind(&ghost, RoomKind::Open, 3).await,
        "NotFound",
    );
    assert_err(store.fence_room(&ghost, 3).await, "NotFound");
    assert_err(store.fence_room(&ghost, 0).await, "NotFound");
}
