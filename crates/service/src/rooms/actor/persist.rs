//! What outlives the room task: the saved state a restarted server rebuilds the room from, and
//! the room's end (everyone told, the registry and the store updated).

use serde_json::json;
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;

use super::RoomTask;
use crate::rooms::messages::SavedRoom;

impl RoomTask {
    /// Saves what a restarted server needs to rebuild the room: the stage (roles, mutes) and who
    /// was removed. The audience is not saved: listeners come back as listeners anyway. Writes
    /// only when that changed, so audience joins and hands cost no database write.
    pub(super) async fn save(&mut self) {
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
                let mut removed: Vec<UserId> = self.removed.iter().copied().collect();
                removed.sort();
                removed
            },
            pinned_link: self.extras.pinned.clone(),
        };
        let text = serde_json::to_string(&saved).unwrap_or_else(|_| json!({}).to_string());
        if self.last_saved.as_deref() == Some(text.as_str()) {
            return;
        }
        match self.stoa.store().save_room_state(&self.id, &text).await {
            Ok(()) => self.last_saved = Some(text),
            Err(err) => tracing::warn!(room = %self.id, %err, "could not save room state"),
        }
    }

    pub(super) async fn finish(&mut self) {
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
        if let Err(err) = self
            .stoa
            .store()
            .end_room(&self.id, chrono::Utc::now())
            .await
        {
            tracing::warn!(room = %self.id, %err, "could not mark room ended");
        }
    }
}
