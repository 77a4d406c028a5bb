//! Rooms' durable history.

use chrono::Duration;
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_store::{NewRoom, Store};

use super::{assert_err, bootstrap_admin, now_ms};

/// Rooms are created, listed while live, keep their saved state, and end once.
pub async fn rooms_lifecycle(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let t0 = now_ms();
    let first = NewRoom {
        id: RoomId("r-first".into()),
        title: "Morning show".into(),
        kind: RoomKind::Social,
        created_by: admin.id,
        created_at: t0,
        named: Vec::new(),
    };
    let second = NewRoom {
        id: RoomId("r-second".into()),
        title: "Late night".into(),
        kind: RoomKind::Closed,
        created_by: admin.id,
        created_at: t0 + Duration::seconds(5),
        named: Vec::new(),
    };
    let created = store.create_room(first.clone()).await.expect("first");
    assert_eq!(created.id, first.id);
    assert_eq!(created.title, first.title);
    assert_eq!(created.kind, RoomKind::Social);
    assert_eq!(created.created_by, admin.id);
    assert_eq!(created.created_at, t0);
    assert_eq!(created.ended_at, None);
    assert_eq!(created.state_json, None);
    store.create_room(second.clone()).await.expect("second");
    assert!(
        store.create_room(first.clone()).await.is_err(),
        "ids are unique"
    );

    let live: Vec<RoomId> = store
        .live_rooms()
        .await
        .expect("live")
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(live, vec![first.id.clone(), second.id.clone()]);

    let state = r#"{"moderators":[1],"speakers":[]}"#;
    store
        .save_room_state(&first.id, state, 0)
        .await
        .expect("save");
    let reread = store.room(&first.id).await.expect("room").expect("exists");
    assert_eq!(reread.state_json.as_deref(), Some(state));

    let ended_at = t0 + Duration::minutes(30);
    store.end_room(&first.id, ended_at, 0).await.expect("end");
    store
        .end_room(&first.id, ended_at + Duration::minutes(1), 0)
        .await
        .expect("end again");
    let ended = store.room(&first.id).await.expect("room").expect("exists");
    assert_eq!(ended.ended_at, Some(ended_at), "the first end time stays");
    assert_eq!(ended.state_json.as_deref(), Some(state));

    let live = store.live_rooms().await.expect("live");
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].id, second.id);
    assert_eq!(live[0].kind, RoomKind::Closed);
}

/// Unknown rooms and creators are reported as not found.
pub async fn rooms_not_found(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ghost = RoomId("nope".into());
    assert_eq!(store.room(&ghost).await.expect("lookup"), None);
    assert_err(store.end_room(&ghost, now_ms(), 0).await, "NotFound");
    assert_err(store.save_room_state(&ghost, "{}", 0).await, "NotFound");
    let orphan = NewRoom {
        id: RoomId("orphan".into()),
        title: "Nobody's".into(),
        kind: RoomKind::Open,
        created_by: UserId(admin.id.0 + 100),
        created_at: now_ms(),
        named: Vec::new(),
    };
    assert_err(store.create_room(orphan).await, "NotFound");
    assert!(store.live_rooms().await.expect("live").is_empty());
}
