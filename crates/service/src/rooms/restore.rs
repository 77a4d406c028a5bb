//! Rebuilding live rooms after a restart from the snapshot each room task saves.
//!
//! Every restored member starts disconnected with the reconnect grace period to come back;
//! whoever does not is dropped by the usual rules, and a room whose stage empties ends. The
//! room's kind comes back from its row, its admissions (named, pinged) from their table.

use std::time::Duration;

use stoa_proto::RoomRole;
use stoa_room::{Command, Room};
use stoa_store::{RoomRecord, StoreError};

use super::actor::RoomTask;
use super::messages::SavedRoom;
use super::Rooms;
use crate::ServiceError;

/// Restores every room the store still has as live and nobody runs (in a cluster: whose lease
/// is free; this node claims it first); ends those that cannot be rebuilt.
pub(crate) async fn restore_live_rooms(rooms: &Rooms) -> Result<(), ServiceError> {
    for record in rooms.store().live_rooms().await? {
        restore_if_free(rooms, &record).await?;
    }
    Ok(())
}

/// How often a node of a cluster looks for live rooms nobody runs (their origin died).
const TAKEOVER_EVERY: Duration = Duration::from_secs(1);

/// In a cluster: every second, takes over the live rooms whose lease nobody holds (their
/// origin died, or stopped and gave them up), restoring each from the store as after a
/// restart. Of the nodes racing for a room, the one whose claim lands runs it.
pub(crate) fn spawn_takeover(rooms: &Rooms) {
    if !rooms.config().ownership.is_clustered() {
        return;
    }
    let rooms = rooms.clone();
    let stop = rooms.background().token().clone();
    rooms
        .background()
        .clone()
        .spawn("room takeover", async move {
            let mut every = tokio::time::interval(TAKEOVER_EVERY);
            loop {
                tokio::select! {
                    _ = every.tick() => {}
                    () = stop.cancelled() => break,
                }
                if let Err(err) = take_over_orphans(&rooms).await {
                    tracing::debug!(%err, "room takeover round failed; next round in 1 s");
                }
            }
        });
}

async fn take_over_orphans(rooms: &Rooms) -> Result<(), ServiceError> {
    for record in rooms.store().live_rooms().await? {
        if rooms.registry().get(&record.id).is_some()
            || rooms.config().ownership.is_held(&record.id).await?
        {
            continue;
        }
        if restore_if_free(rooms, &record).await? {
            tracing::info!(room = %record.id, "took over a live room nobody ran");
        }
    }
    Ok(())
}

/// Claims `record`'s room and restores it; `false` when another node holds it.
async fn restore_if_free(rooms: &Rooms, record: &RoomRecord) -> Result<bool, ServiceError> {
    let Some(owned) = rooms.config().ownership.claim(&record.id).await? else {
        return Ok(false);
    };
    let epoch = owned.epoch();
    let fresh;
    let record = if epoch == 0 {
        record
    } else {
        // Fence the room's older owners off before reading its snapshot: whatever they stored
        // is in it, and they store nothing after it.
        match fenced_record(rooms, record, epoch).await {
            Ok(Some(read)) => {
                fresh = read;
                &fresh
            }
            // It ended meanwhile.
            Ok(None) => {
                owned.release().await;
                return Ok(false);
            }
            // A later owner's epoch is stored: only if the leases' sequence went back (their
            // NATS bucket was lost). Leave the room alone rather than fail the whole round.
            Err(ServiceError::Store(err @ StoreError::Fenced { .. })) => {
                tracing::warn!(room = %record.id, epoch, %err, "cannot take the room over");
                owned.release().await;
                return Ok(false);
            }
            Err(err) => {
                owned.release().await;
                return Err(err);
            }
        }
    };
    let saved: SavedRoom = record
        .state_json
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    match rebuild(&saved) {
        Some(mut room) => {
            for user in rooms.store().room_admissions(&record.id).await? {
                // A removed member's admission stays taken back (refused).
                let _ = room.handle(Command::Admit { user });
            }
            let people = saved.members.iter().map(|(u, _, _)| u.clone()).collect();
            let mut task = RoomTask::new(rooms, record, room, people, owned);
            task.restore_pinned(saved.pinned_link.clone());
            for (user, _, _) in &saved.members {
                task.mark_disconnected(user.id);
            }
            task.start();
            tracing::info!(room = %record.id, "restored live room");
            if let Some(route) = rooms.route() {
                // Members whose sessions are here and reached the room elsewhere follow it.
                route.room_at(&record.id, route.node());
            }
        }
        None => {
            let ended = end(rooms, record, epoch).await;
            owned.release().await;
            ended?;
        }
    }
    Ok(true)
}

/// Raises `record`'s stored owner epoch to this node's `epoch`, then reads the room again:
/// `None` if it ended meanwhile.
async fn fenced_record(
    rooms: &Rooms,
    record: &RoomRecord,
    epoch: u64,
) -> Result<Option<RoomRecord>, ServiceError> {
    rooms.store().fence_room(&record.id, epoch).await?;
    let read = rooms.store().room(&record.id).await?;
    Ok(read.filter(|read| read.ended_at.is_none()))
}

async fn end(rooms: &Rooms, record: &RoomRecord, epoch: u64) -> Result<(), ServiceError> {
    rooms
        .store()
        .end_room(&record.id, chrono::Utc::now(), epoch)
        .await?;
    Ok(())
}

/// Replays the saved roles through the state machine's own commands, so a restored room obeys
/// exactly the same rules as a live one.
fn rebuild(saved: &SavedRoom) -> Option<Room> {
    let first_mod = saved
        .members
        .iter()
        .find(|(_, role, _)| *role == RoomRole::Moderator)?
        .0
        .id;
    let mut room = Room::new(first_mod);
    for (user, role, muted) in &saved.members {
        let user = user.id;
        if user != first_mod {
            room.handle(Command::Join { user }).ok()?;
            if role.on_stage() {
                room.handle(Command::InviteToSpeak {
                    by: first_mod,
                    target: user,
                })
                .ok()?;
                room.handle(Command::AcceptSpeakInvite { user }).ok()?;
            }
            if *role == RoomRole::Moderator {
                room.handle(Command::MakeModerator {
                    by: first_mod,
                    target: user,
                })
                .ok()?;
            }
        }
        if role.on_stage() {
            // The creator starts unmuted and a speaker comes on stage muted: set each as saved.
            room.handle(Command::SetMuted {
                user,
                muted: *muted,
            })
            .ok()?;
        }
    }
    for &user in &saved.removed {
        if room.handle(Command::Join { user }).is_ok() {
            room.handle(Command::Remove {
                by: first_mod,
                target: user,
            })
            .ok()?;
        }
    }
    Some(room)
}
