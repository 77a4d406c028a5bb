//! Sending to a room's members: broadcasts serialized once, each member's receive-slot view, and
//! plain audience changes batched into one `participants_updated`.

use stoa_proto::ws::{Participant, ServerMessage};
use stoa_proto::{RoomRole, UserId};
use stoa_sfu::receiver_slots;
use tokio::time::Instant;

use super::RoomTask;

impl RoomTask {
    /// Sends `msg` to every member, after any waiting batch so the order is kept.
    pub(super) fn broadcast(&mut self, msg: &ServerMessage) {
        self.flush_batch();
        self.send_to_all(msg);
    }

    /// Tells every member what they hear on their receive slots. Members who hold no slot all
    /// see the same view: it is serialized once for them.
    pub(super) fn send_slot_views(&self) {
        let view = |user: UserId| ServerMessage::Slots {
            room_id: self.id.clone(),
            slots: receiver_slots(&self.slots, user),
        };
        let mut common: Option<std::sync::Arc<str>> = None;
        for (user, link) in &self.links {
            if self.slots.contains(&Some(*user)) {
                let _ = link.tx.send(view(*user));
                continue;
            }
            if common.is_none() {
                common = crate::outbox::encode(&view(*user)).ok();
            }
            if let Some(text) = &common {
                let _ = link.tx.send_encoded(text.clone());
            }
        }
    }

    /// Sends `msg`, serialized once, to every connected member.
    pub(super) fn send_to_all(&self, msg: &ServerMessage) {
        match crate::outbox::encode(msg) {
            Ok(text) => {
                for link in self.links.values() {
                    let _ = link.tx.send_encoded(text.clone());
                }
            }
            Err(err) => tracing::warn!(room = %self.id, %err, "cannot serialize a broadcast"),
        }
    }

    /// Sends the waiting plain audience changes as one `participants_updated`.
    pub(super) fn flush_batch(&mut self) {
        let participants: Vec<Participant> = self
            .batch
            .take()
            .into_iter()
            .filter_map(|user| self.participant(user))
            .collect();
        if participants.is_empty() {
            return;
        }
        let msg = ServerMessage::ParticipantsUpdated {
            room_id: self.id.clone(),
            participants,
        };
        self.send_to_all(&msg);
    }

    /// Queues a plain audience change for the next `participants_updated`.
    pub(super) fn defer_update(&mut self, user: UserId) {
        let delay = crate::rooms::batch::batch_delay(self.links.len());
        self.batch.defer(user, Instant::now(), delay);
    }

    /// An audience member with the hand down and no pending invitation: their changes are
    /// batched (see `batch`).
    pub(super) fn is_plain_listener(&self, user: UserId) -> bool {
        self.room
            .member(user)
            .is_some_and(|m| m.role == RoomRole::Audience && !m.hand_raised && !m.speak_invited)
    }
}
