//! Scheduled events, "notify me", the scheduler's marks and calendar feed tokens.

use chrono::Duration;
use stoa_proto::clubs::ClubJoinPolicy;
use stoa_proto::{ClubId, EventId, RoomId};
use stoa_store::{EventQuery, EventUpdate, NewClub, NewEvent, Store, StoreError};

use super::{bootstrap_admin, invited_member, now_ms, open_room};

fn new_event(title: &str, by: stoa_proto::UserId, in_minutes: i64) -> NewEvent {
    NewEvent {
        title: title.to_string(),
        description: String::new(),
        starts_at: now_ms() + Duration::minutes(in_minutes),
        created_by: by,
        cohosts: Vec::new(),
        club_id: None,
        members_only: false,
        created_at: now_ms(),
    }
}

/// An event keeps its hosts in order; edits bump the sequence (a new time clears the
/// "starting" mark), the "starting" mark is claimed once, the first room wins, cancelling
/// twice keeps the first time.
pub async fn events_lifecycle(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    let mut new = new_event("Rust; talk", admin.id, 30);
    new.description = "line one\nline two".to_string();
    new.cohosts = vec![carol.id, bob.id];
    let event = store.create_event(new.clone()).await.expect("create");
    assert_eq!(event.title, "Rust; talk");
    assert_eq!(event.description, "line one\nline two");
    assert_eq!(event.starts_at, new.starts_at);
    let hosts: Vec<_> = event.hosts.iter().map(|h| h.id).collect();
    assert_eq!(hosts, [admin.id, carol.id, bob.id]);
    assert_eq!((event.sequence, event.interested), (0, 0));
    assert_eq!(
        store.event(event.id).await.expect("read"),
        Some(event.clone())
    );
    assert_eq!(store.event(EventId(9999)).await.expect("read"), None);

    assert_eq!(
        store.next_pending_event_start().await.expect("next"),
        Some(new.starts_at)
    );
    assert!(store
        .pending_events_due(now_ms(), 10)
        .await
        .expect("due")
        .is_empty());
    let due = store
        .pending_events_due(new.starts_at, 10)
        .await
        .expect("due");
    assert_eq!(due.len(), 1);
    assert!(store
        .claim_event_starting(event.id, now_ms())
        .await
        .expect("claim"));
    assert!(!store
        .claim_event_starting(event.id, now_ms())
        .await
        .expect("again"));
    assert_eq!(store.next_pending_event_start().await.expect("next"), None);

    let later = new.starts_at + Duration::hours(2);
    let edited = store
        .update_event(
            event.id,
            EventUpdate {
                title: Some("New title".to_string()),
                starts_at: Some(later),
                cohosts: Some(vec![bob.id]),
                ..Default::default()
            },
        )
        .await
        .expect("edit");
    assert_eq!(edited.title, "New title");
    assert_eq!(edited.description, "line one\nline two", "left as it was");
    assert_eq!(edited.starts_at, later);
    assert_eq!(edited.sequence, 1);
    assert_eq!(edited.starting_sent_at, None, "a new time is told again");
    let hosts: Vec<_> = edited.hosts.iter().map(|h| h.id).collect();
    assert_eq!(hosts, [admin.id, bob.id]);
    assert!(matches!(
        store
            .update_event(EventId(9999), EventUpdate::default())
            .await,
        Err(StoreError::NotFound)
    ));

    let room = open_room(store, "evroom0001", "New title", admin.id, now_ms()).await;
    let started = store
        .set_event_room(event.id, &room.id)
        .await
        .expect("start");
    assert_eq!(started.room_id, Some(room.id.clone()));
    assert_eq!(started.room_ended_at, None);
    let other = RoomId("evroom0002".to_string());
    let again = store.set_event_room(event.id, &other).await.expect("again");
    assert_eq!(again.room_id, Some(room.id.clone()), "the first room wins");
    store.end_room(&room.id, now_ms(), 0).await.expect("end");
    let ended = store.event(event.id).await.expect("read").expect("there");
    assert!(ended.room_ended_at.is_some());

    let second = store
        .create_event(new_event("Second", bob.id, 60))
        .await
        .expect("create");
    let at = now_ms();
    let cancelled = store.cancel_event(second.id, at).await.expect("cancel");
    assert_eq!((cancelled.cancelled_at, cancelled.sequence), (Some(at), 1));
    let twice = store
        .cancel_event(second.id, at + Duration::minutes(1))
        .await
        .expect("cancel again");
    assert_eq!((twice.cancelled_at, twice.sequence), (Some(at), 1));
    assert!(matches!(
        store.cancel_event(EventId(9999), at).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .create_event(new_event("Ghost", stoa_proto::UserId(9999), 10))
            .await,
        Err(StoreError::NotFound)
    ));
}

/// "Notify me" counts; lists hold what the viewer hosts, follows, asked for or their clubs
/// hold, members-only events only for the club's members, soonest first.
pub async fn event_notify_and_lists(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 2).await;
    let carol = invited_member(store, &admin, "carol", 2).await;
    let club = store
        .create_club(NewClub {
            name: "Rustaceans".to_string(),
            description: String::new(),
            rules: String::new(),
            join_policy: ClubJoinPolicy::Open,
            founder: carol.id,
            created_at: now_ms(),
        })
        .await
        .expect("club");
    let by_bob = store
        .create_event(new_event("Bob's", bob.id, 60))
        .await
        .expect("bob's");
    let mut club_new = new_event("Club", carol.id, 30);
    club_new.club_id = Some(club.id);
    club_new.members_only = true;
    let in_club = store.create_event(club_new).await.expect("club event");
    let by_carol = store
        .create_event(new_event("Carol's", carol.id, 90))
        .await
        .expect("carol's");

    assert!(store
        .set_event_notify(by_carol.id, admin.id, true, now_ms())
        .await
        .expect("on"));
    assert!(!store
        .set_event_notify(by_carol.id, admin.id, true, now_ms())
        .await
        .expect("twice"));
    assert!(store
        .set_event_notify(by_carol.id, bob.id, true, now_ms())
        .await
        .expect("bob on"));
    assert!(matches!(
        store
            .set_event_notify(EventId(9999), bob.id, true, now_ms())
            .await,
        Err(StoreError::NotFound)
    ));
    let read = store
        .event(by_carol.id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(read.interested, 2);
    assert_eq!(
        store.event_notify_list(by_carol.id).await.expect("list"),
        [admin.id, bob.id]
    );
    assert_eq!(
        store
            .event_notify_of(admin.id, &[by_bob.id, by_carol.id])
            .await
            .expect("of"),
        [by_carol.id]
    );
    assert!(store
        .set_event_notify(by_carol.id, bob.id, false, now_ms())
        .await
        .expect("off"));

    store.follow(admin.id, bob.id).await.expect("follow");
    let query = |clubs: Vec<ClubId>, followed_hosts: bool| EventQuery {
        viewer: admin.id,
        clubs,
        from: now_ms() - Duration::hours(1),
        followed_hosts,
        include_cancelled: false,
        include_ended: false,
        limit: 50,
    };
    let titles = |events: Vec<stoa_store::EventRecord>| -> Vec<String> {
        events.into_iter().map(|e| e.title).collect()
    };
    let listed = store.list_events(&query(vec![], true)).await.expect("list");
    assert_eq!(
        titles(listed),
        ["Bob's", "Carol's"],
        "followed host, notify me"
    );
    let listed = store
        .list_events(&query(vec![club.id], false))
        .await
        .expect("list");
    assert_eq!(
        titles(listed),
        ["Club", "Carol's"],
        "club member, no follows"
    );
    store
        .cancel_event(by_carol.id, now_ms())
        .await
        .expect("cancel");
    let listed = store
        .list_events(&query(vec![club.id], true))
        .await
        .expect("list");
    assert_eq!(titles(listed), ["Club", "Bob's"], "cancelled left out");
    let mut with_cancelled = query(vec![], false);
    with_cancelled.include_cancelled = true;
    let listed = store.list_events(&with_cancelled).await.expect("list");
    assert_eq!(titles(listed), ["Carol's"]);

    let club_events = store
        .club_events(club.id, now_ms() - Duration::hours(1), 50)
        .await
        .expect("club events");
    assert_eq!(titles(club_events), ["Club"]);
    let mut late = query(vec![club.id], true);
    late.from = now_ms() + Duration::hours(5);
    assert!(store.list_events(&late).await.expect("list").is_empty());
    let _ = in_club;
}

/// Calendar tokens: several per member, all revoked by a reset.
pub async fn calendar_tokens_reset(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let first = store
        .calendar_token(admin.id, "h1", now_ms())
        .await
        .expect("first");
    assert_eq!(first, "h1");
    // The member keeps their token: a second candidate is not stored.
    let again = store
        .calendar_token(admin.id, "h2", now_ms())
        .await
        .expect("second");
    assert_eq!(again, "h1");
    assert_eq!(
        store.calendar_token_user("h1").await.expect("read"),
        Some(admin.id)
    );
    assert_eq!(store.calendar_token_user("nope").await.expect("read"), None);
    store
        .reset_calendar_tokens(admin.id, "h3", now_ms())
        .await
        .expect("reset");
    assert_eq!(store.calendar_token_user("h1").await.expect("read"), None);
    assert_eq!(store.calendar_token_user("h2").await.expect("read"), None);
    assert_eq!(
        store.calendar_token_user("h3").await.expect("read"),
        Some(admin.id)
    );
    assert!(matches!(
        store
            .calendar_token(stoa_proto::UserId(9999), "h4", now_ms())
            .await,
        Err(StoreError::NotFound)
    ));
}
