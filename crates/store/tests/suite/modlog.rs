//! The room moderation log and who ever moderated a room.

use chrono::Duration;
use stoa_proto::moderation::ModAction;
use stoa_proto::RoomId;
use stoa_store::{NewModLog, Store};

use super::{bootstrap_admin, invited_member, now_ms, open_room};

/// Entries keep actor, target and detail (actor may be the server), list newest first per room
/// with a keyset `before`, and outlive the room's end.
pub async fn mod_log_newest_first_and_kept_after_the_room(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let t0 = now_ms();
    for id in ["r-log", "r-other"] {
        open_room(store, id, "Logged", admin.id, t0).await;
    }
    let room = RoomId("r-log".into());
    let entry = |n: i64, actor, action, target, detail: Option<&str>| NewModLog {
        room_id: room.clone(),
        at: t0 + Duration::seconds(n),
        actor,
        action,
        target,
        detail: detail.map(str::to_string),
    };
    let first = store
        .insert_mod_log(
            &entry(1, Some(admin.id), ModAction::Muted, Some(bob.id), None),
            0,
        )
        .await
        .expect("first");
    let second = store
        .insert_mod_log(
            &entry(
                2,
                Some(admin.id),
                ModAction::PinnedLink,
                None,
                Some("https://example.com"),
            ),
            0,
        )
        .await
        .expect("second");
    let third = store
        .insert_mod_log(
            &entry(3, None, ModAction::HostHandedOver, Some(bob.id), None),
            0,
        )
        .await
        .expect("third");
    assert!(first < second && second < third);
    store
        .insert_mod_log(
            &NewModLog {
                room_id: RoomId("r-other".into()),
                ..entry(
                    4,
                    Some(admin.id),
                    ModAction::KindChanged,
                    None,
                    Some("closed"),
                )
            },
            0,
        )
        .await
        .expect("other room");
    store
        .end_room(&room, t0 + Duration::seconds(10), 0)
        .await
        .expect("end");

    let all = store.mod_log(&room, None, 10).await.expect("log");
    let actions: Vec<ModAction> = all.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            ModAction::HostHandedOver,
            ModAction::PinnedLink,
            ModAction::Muted
        ]
    );
    assert_eq!(all[0].actor, None);
    assert_eq!(all[0].target.as_ref().map(|u| u.id), Some(bob.id));
    assert_eq!(all[0].at, t0 + Duration::seconds(3));
    assert_eq!(all[1].detail.as_deref(), Some("https://example.com"));
    assert_eq!(all[1].target, None);
    assert_eq!(
        all[2].actor.as_ref().map(|u| u.username.as_str()),
        Some("admin")
    );
    assert_eq!(all[2].room_id, room);

    let page = store.mod_log(&room, Some(second), 10).await.expect("page");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, first);
    let limited = store.mod_log(&room, None, 1).await.expect("limited");
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0].id, third);
}

/// Recording a moderator is idempotent and per room.
pub async fn room_moderators_recorded_per_room(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    open_room(store, "r-mods", "Mods", admin.id, now_ms()).await;
    let room = RoomId("r-mods".into());
    assert!(!store.was_room_moderator(&room, bob.id).await.expect("no"));
    store
        .add_room_moderator(&room, bob.id, 0)
        .await
        .expect("add");
    store
        .add_room_moderator(&room, bob.id, 0)
        .await
        .expect("again");
    assert!(store.was_room_moderator(&room, bob.id).await.expect("yes"));
    assert!(!store
        .was_room_moderator(&room, admin.id)
        .await
        .expect("admin"));
    assert!(!store
        .was_room_moderator(&RoomId("r-none".into()), bob.id)
        .await
        .expect("unknown room"));
}
