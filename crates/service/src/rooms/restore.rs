//! Rebuilding live rooms after a restart from the snapshot each room task saves.
//!
//! Every restored member starts disconnected with the reconnect grace period to come back;
//! whoever does not is dropped by the usual rules, and a room whose stage empties ends. The
//! room's kind comes back from its row, its admissions (named, pinged) from their table.

use stoa_proto::RoomRole;
use stoa_room::{Command, Room};
use stoa_store::RoomRecord;

use super::actor::RoomTask;
use super::messages::SavedRoom;
use super::Rooms;
use crate::ServiceError;

/// Restores every room the store still has as live; ends those that cannot be rebuilt.
pub(crate) async fn restore_live_rooms(rooms: &Rooms) -> Result<(), ServiceError> {
    for record in rooms.store().live_rooms().await? {
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
                let mut task = RoomTask::new(rooms, &record, room, people);
                task.restore_pinned(saved.pinned_link.clone());
                for (user, _, _) in &saved.members {
                    task.mark_disconnected(user.id);
                }
                task.start();
                tracing::info!(room = %record.id, "restored live room");
            }
            None => end(rooms, &record).await?,
        }
    }
    Ok(())
}

async fn end(rooms: &Rooms, record: &RoomRecord) -> Result<(), ServiceError> {
    rooms
        .store()
        .end_room(&record.id, chrono::Utc::now())
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
        if *muted && role.on_stage() {
            room.handle(Command::SetMuted { user, muted: true }).ok()?;
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
