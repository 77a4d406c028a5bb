//! Fencing: a room task whose node is no longer the room's newest owner (paused, partitioned,
//! while another node took the room over) cannot overwrite what the newer owner stored. Its
//! writes carry its lease's epoch and the store refuses them; its task stops.
//!
//! Needs PostgreSQL (`STOA_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`)
//! and NATS (`STOA_TEST_NATS_URL`, default `nats://127.0.0.1:4222`) for the room's lease; when
//! either does not answer, the test says it was skipped and passes.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};
use stoa_cluster::{Cluster, ClusterConfig, NodeId};
use stoa_proto::rest::CreateRoomRequest;
use stoa_proto::ws::ClientMessage;
use stoa_proto::{ErrorCode, RoomId, RoomKind};
use stoa_service::rooms::RoomOwnership;
use stoa_store::{PgStore, Store};

use crate::support::World;

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
}

fn skipped(why: &str) {
    // Straight to stderr, past the test harness's capture, so the skip is visible.
    let _ = writeln!(std::io::stderr(), "fencing: skipped: {why}");
}

/// The room's stored snapshot.
async fn snapshot(store: &dyn Store, room: &RoomId) -> Option<String> {
    let record = store.room(room).await.expect("room").expect("exists");
    record.state_json
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_owner_cannot_overwrite_a_newer_owners_snapshot() {
    let pg_url = env_or(
        "STOA_TEST_POSTGRES_URL",
        "postgres://postgres@127.0.0.1:5432/test",
    );
    let nats_url = env_or("STOA_TEST_NATS_URL", "nats://127.0.0.1:4222");
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let name = format!("stoa_fencing_{}_{nanos}", std::process::id());
    let opened = tokio::time::timeout(
        Duration::from_secs(10),
        PgStore::open_in_schema(&pg_url, &name),
    )
    .await;
    let Ok(Ok(pg)) = opened else {
        return skipped(&format!("no PostgreSQL at {pg_url}"));
    };
    let connected = tokio::time::timeout(
        Duration::from_secs(5),
        Cluster::connect(ClusterConfig::new(nats_url.clone()).with_prefix(&name)),
    )
    .await;
    let Ok(Ok(cluster)) = connected else {
        pg.close().await;
        drop_schema(&pg_url, &name).await;
        return skipped(&format!("no NATS at {nats_url}"));
    };
    let leases = cluster
        .leases(NodeId::new("n1").expect("node id"))
        .await
        .expect("leases");
    let store: Arc<dyn Store> = Arc::new(pg.clone());
    let world =
        World::start_owning(store.clone(), None, RoomOwnership::Leased(Arc::new(leases))).await;
    let stop = world.stoa.background().clone();
    let outcome = tokio::spawn(stale_owner_is_fenced(world, store)).await;
    stop.shutdown(Duration::from_secs(5)).await;
    if let Err(err) = cluster.delete_buckets().await {
        skipped(&format!("NATS buckets of {name} not deleted: {err}"));
    }
    pg.close().await;
    drop_schema(&pg_url, &name).await;
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

/// This node runs a room under its lease; a newer owner (another node, epoch far above this
/// lease's) stores its snapshot; this node's next snapshot is refused, and the task stops.
async fn stale_owner_is_fenced(world: World, store: Arc<dyn Store>) {
    let admin = world.admin().await;
    let rooms = world.stoa.rooms();
    let room = rooms
        .create_room(
            &admin.member,
            CreateRoomRequest {
                title: "Moved on".to_string(),
                kind: RoomKind::Open,
                invited: Vec::new(),
                club_id: None,
                members_only: false,
            },
        )
        .await
        .expect("room");
    let (mut host, _inbox) = rooms.open_session(admin.member.clone());
    host.handle(ClientMessage::JoinRoom {
        room_id: room.id.clone(),
    })
    .await;
    assert_eq!(host.room_id(), Some(&room.id));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while snapshot(&*store, &room.id).await.is_none() {
        assert!(tokio::time::Instant::now() < deadline, "no snapshot stored");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Another node took the room over (a greater epoch: a later lease) and saved its snapshot.
    let newer = r#"{"members":[],"removed":[],"from":"the newer owner"}"#;
    store
        .save_room_state(&room.id, newer, 1 << 40)
        .await
        .expect("the newer owner writes");

    // This node, unaware, changes its stage: the snapshot it queues is refused, and so is every
    // write after it (a kind change the room waits for fails instead of landing).
    host.handle(ClientMessage::SetMuted { muted: true }).await;
    let refused = rooms
        .set_room_kind(&admin.member, &room.id, RoomKind::Closed)
        .await
        .expect_err("a fenced room stores nothing");
    assert!(
        matches!(refused.code(), ErrorCode::NotReady | ErrorCode::RoomEnded),
        "{refused:?}"
    );
    assert_eq!(snapshot(&*store, &room.id).await.as_deref(), Some(newer));

    // The task stopped: the room no longer answers here.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let answer = rooms
            .set_room_kind(&admin.member, &room.id, RoomKind::Closed)
            .await
            .expect_err("still fenced");
        if answer.code() != ErrorCode::NotReady {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the task runs on");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let record = store.room(&room.id).await.expect("room").expect("exists");
    assert_eq!(record.state_json.as_deref(), Some(newer));
    assert_eq!(record.kind, RoomKind::Open);
    assert_eq!(
        record.ended_at, None,
        "the stale owner did not end it either"
    );
}

/// Drops `schema` and everything in it.
async fn drop_schema(url: &str, schema: &str) {
    let mut conn = PgConnection::connect(url).await.expect("connect to drop");
    sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
        .execute(&mut conn)
        .await
        .expect("drop schema");
    conn.close().await.expect("close");
}
