//! A slow database does not stall a room: the room's writes it does not need the result of
//! (its saved state, the moderation log) go through its ordered write queue, so it keeps
//! answering while they wait, and they land afterwards in the order the room made them. On
//! shutdown the queue drains before the server stops, so a restart restores every write, and
//! no background task is left running.
//!
//! The slow database is the real one, held: a second connection (as an operator's shell would
//! open) takes SQLite's write lock with `BEGIN IMMEDIATE`, so every write of the server waits
//! (up to its 10 s busy timeout) while reads go on.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{bring_on_stage, Bot, TestServer, T};
use serde_json::Value;
use sqlx::{Connection, SqliteConnection};
use stoa_proto::moderation::ModAction;
use stoa_proto::ws::{ClientMessage as C, ServerMessage as S};
use stoa_proto::{RoomId, RoomRole, UserId};

/// SQLite's write lock, held by another connection until [`WriteLock::release`].
struct WriteLock(SqliteConnection);

impl WriteLock {
    async fn take(dir: &Path) -> WriteLock {
        let url = format!("sqlite://{}", dir.join("stoa.db").display());
        let mut conn = SqliteConnection::connect(&url).await.expect("connect");
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .expect("write lock");
        WriteLock(conn)
    }

    async fn release(mut self) {
        sqlx::query("ROLLBACK")
            .execute(&mut self.0)
            .await
            .expect("release");
        self.0.close().await.expect("close");
    }
}

/// The room's saved state (what a restart restores): each member on stage as `[summary, role,
/// muted]`.
async fn saved_stage(server: &TestServer, room: &RoomId) -> Vec<Value> {
    let record = server
        .running
        .stoa
        .store()
        .room(room)
        .await
        .expect("read")
        .expect("room");
    let state: Value = serde_json::from_str(record.state_json.as_deref().unwrap_or("{}"))
        .expect("saved state is JSON");
    state["members"].as_array().cloned().unwrap_or_default()
}

/// Whether the saved state has `user` muted.
async fn saved_muted(server: &TestServer, room: &RoomId, user: UserId) -> bool {
    saved_stage(server, room)
        .await
        .iter()
        .any(|m| m[0]["id"] == serde_json::json!(user) && m[2] == true)
}

/// Whether the saved state has `user` in `role`.
async fn saved_role(server: &TestServer, room: &RoomId, user: UserId, role: &str) -> bool {
    saved_stage(server, room)
        .await
        .iter()
        .any(|m| m[0]["id"] == serde_json::json!(user) && m[1] == role)
}

/// Waits for the live mod log entry with `action`.
async fn wait_logged(bot: &mut Bot, action: ModAction) {
    bot.ws
        .wait_for(
            |m| matches!(m, S::ModLogEntry { entry } if entry.action == action),
            T,
        )
        .await
        .expect("mod_log_entry");
}

fn logged(bot: &Bot, action: ModAction) -> bool {
    bot.ws
        .history()
        .iter()
        .any(|m| matches!(m, S::ModLogEntry { entry } if entry.action == action))
}

#[tokio::test]
async fn a_room_answers_while_its_writes_wait_and_they_land_in_order() {
    let server = TestServer::start().await;
    let (admin_token, [bob_token, carol_token]) = server.people(["bob", "carol"]).await;
    let room = server.room(&admin_token, "Slow disk").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    let mut carol = server.joined(&carol_token, &room).await;
    bring_on_stage(&mut admin, &mut bob).await;
    // Bob unmuted himself last, which the log does not record: a pinned link after it does.
    // Everything so far is stored once that entry is live, as the queue keeps its order.
    admin
        .send(C::PinLink {
            url: "https://example.org/agenda".into(),
            title: "Agenda".into(),
        })
        .await;
    wait_logged(&mut admin, ModAction::PinnedLink).await;
    assert!(!saved_muted(&server, &room, bob.id).await, "bob unmuted");

    let lock = WriteLock::take(server.dir.path()).await;
    // A mute (a saved state and a log entry to write) and a raised hand: answered at once
    // (within `T`, well under the 10 s the writes wait).
    admin.send(C::Mute { user_id: bob.id }).await;
    let bob_id = bob.id;
    carol.wait_participant(bob_id, |p| p.muted).await;
    carol.send(C::RaiseHand).await;
    let carol_id = carol.id;
    admin.wait_participant(carol_id, |p| p.hand_raised).await;
    // Nothing of the mute is stored yet, so nothing of it went live from the log either.
    assert!(
        !saved_muted(&server, &room, bob_id).await,
        "the write waits"
    );
    assert!(!logged(&admin, ModAction::Muted));

    lock.release().await;
    // The entry goes live once stored; the state the room queued before it is stored by then.
    wait_logged(&mut admin, ModAction::Muted).await;
    assert!(
        saved_muted(&server, &room, bob_id).await,
        "the state landed first"
    );
    let (status, log) = server
        .get(&format!("/api/rooms/{}/modlog", room.0), Some(&admin_token))
        .await;
    assert_eq!(status, 200, "{log}");
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "muted",
            "pinned_link",
            "promoted_to_speaker",
            "invited_to_speak"
        ]
    );
    server.stop().await;
}

#[tokio::test]
async fn shutdown_stores_the_writes_still_queued_and_stops_every_background_task() {
    let server = TestServer::start().await;
    let (admin_token, [bob_token]) = server.people(["bob"]).await;
    let room = server.room(&admin_token, "Stopping").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    bring_on_stage(&mut admin, &mut bob).await;
    wait_logged(&mut admin, ModAction::PromotedToSpeaker).await;

    let lock = WriteLock::take(server.dir.path()).await;
    admin.send(C::MakeModerator { user_id: bob.id }).await;
    let bob_id = bob.id;
    bob.wait_participant(bob_id, |p| p.role == RoomRole::Moderator)
        .await;
    assert!(
        !saved_role(&server, &room, bob_id, "moderator").await,
        "the write waits"
    );

    let background = server.running.stoa.background().clone();
    assert!(!background.is_empty(), "rooms, feeds, the scheduler… run");
    // The writes are still queued when the stop begins: the room stores them before it stops.
    lock.release().await;
    let dir = tokio::time::timeout(Duration::from_secs(30), server.stop())
        .await
        .expect("shutdown ends");
    assert!(background.is_stopping() && background.is_closed());
    assert!(
        background.is_empty(),
        "{} tasks still run",
        background.len()
    );

    // The announced promotion survived: the restarted room has it, and the log has the entry.
    let server = TestServer::start_in(dir).await;
    assert!(saved_role(&server, &room, bob_id, "moderator").await);
    let mut admin = server.bot(&admin_token).await;
    let snapshot = admin.ws.join_room(&room, T).await.expect("rejoin");
    let bob_now = snapshot
        .participants
        .iter()
        .find(|p| p.user.id == bob_id)
        .expect("bob restored");
    assert_eq!(bob_now.role, RoomRole::Moderator);
    let (status, log) = server
        .get(&format!("/api/rooms/{}/modlog", room.0), Some(&admin_token))
        .await;
    assert_eq!(status, 200, "{log}");
    assert_eq!(log["entries"][0]["action"], "made_moderator", "{log}");
    server.stop().await;
}
