//! What outlives the room task: the saved state a restarted server rebuilds the room from, and
//! the room's end (everyone told, the registry and the store updated). Both are written through
//! the room's write queue ([`super::writes`]).

use serde_json::json;
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;

use super::writes::RoomWrite;
use super::RoomTask;
use crate::rooms::messages::SavedRoom;

impl RoomTask {
    /// Saves what a restarted server needs to rebuild the room: the stage (roles, mutes) and who
    /// was removed. The audience is not saved: listeners come back as listeners anyway. Writes
    /// only when that changed, so audience joins and hands cost no database write. Queued: the
    /// room goes on at once (see [`super::writes`]).
    pub(super) fn save(&mut self) {
        if self.room.is_ended() {
            return;
        }
        let saved = SavedRoom {
            members: self
                .room
                .stage()
                .filter_map(|(id, m)| Some((self.names.get(&id)?.clone(), m.role, m.muted)))
                .collect(),
            removed: {
                let mut removed: Vec<UserId> = self.room.removed().collect();
                removed.sort();
                removed
            },
            pinned_link: self.extras.pinned.clone(),
        };
        let text = serde_json::to_string(&saved).unwrap_or_else(|_| json!({}).to_string());
        if self.last_saved.as_deref() == Some(text.as_str()) {
            return;
        }
        self.writes.push(RoomWrite::State(text.clone()));
        self.last_saved = Some(text);
    }

    /// The writer could not store `write` (logged there): a snapshot or a moderator record is
    /// written again at the room's next change; other writes are not retried.
    pub(super) fn write_failed(&mut self, write: RoomWrite) {
        match write {
            RoomWrite::State(text) if self.last_saved.as_ref() == Some(&text) => {
                self.last_saved = None;
            }
            RoomWrite::Moderator(user) => {
                self.extras.recorded_moderators.remove(&user);
            }
            _ => {}
        }
    }

    /// Another node runs the room now (this node lost its lease): this node forgets it — its
    /// registry entry, members' places and media — without ending it or telling anyone it
    /// ended, so this node's takeover can claim it again should it ever be free.
    pub(super) fn hand_off(&mut self) {
        let room_id = self.id.clone();
        for user in self.names.keys() {
            self.stoa.sfu().remove_peer(room_id.clone(), *user);
            self.stoa.registry().leave(*user, &room_id);
        }
        self.links.clear();
        self.stoa.registry().remove(&room_id);
    }

    /// The room ended: everyone is told, the registry forgets it, and its end is queued after
    /// its other writes (the task drains the queue before it ends).
    pub(super) fn finish(&mut self) {
        tracing::info!(room = %self.id, "room ended");
        self.flush_batch();
        let room_id = self.id.clone();
        for (user, link) in self.links.drain() {
            self.stoa.sfu().remove_peer(room_id.clone(), user);
            let _ = link.tx.send(ServerMessage::RoomEnded {
                room_id: room_id.clone(),
            });
        }
        for user in self.names.keys() {
            self.stoa.sfu().remove_peer(room_id.clone(), *user);
            self.stoa.registry().leave(*user, &self.id);
        }
        self.stoa.registry().remove(&self.id);
        self.writes.push(RoomWrite::Ended(chrono::Utc::now()));
    }
}
