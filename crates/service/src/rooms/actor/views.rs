//! The room as the wire shows it: one participant, the full snapshot a joining member gets, and
//! the summary the hallway lists.

use stoa_proto::rest::{RoomSummary, UserSummary};
use stoa_proto::ws::{Participant, RoomSnapshot, ServerMessage};
use stoa_proto::{RoomRole, UserId};
use stoa_sfu::receiver_slots;

use super::RoomTask;

/// Audience members in a `room_state`, and in each `participants_updated` that follows it.
pub const SNAPSHOT_PARTICIPANTS: usize = 32;

impl RoomTask {
    pub(super) fn participant(&self, user: UserId) -> Option<Participant> {
        let member = self.room.member(user)?;
        Some(Participant {
            user: self.names.get(&user)?.clone(),
            role: member.role,
            muted: member.muted,
            hand_raised: member.hand_raised,
            speak_invited: member.speak_invited,
            connected: member.connected,
            followed_by_speakers: self.follows.followed_by_stage(user),
        })
    }

    /// Sends `viewer` the room as it is: a `room_state` with the stage, the viewer and the first
    /// [`SNAPSHOT_PARTICIPANTS`] of the audience, then the rest of the audience as
    /// `participants_updated` chunks of that size. Sent from the room task, so no change the task
    /// broadcasts can overtake the part of the list it concerns. Small frames matter: a socket's
    /// write buffer keeps the capacity of the biggest frame it ever sent (one ~600 KB
    /// `room_state` per member at 5,000 members, `stoa bench room`; ~14 KB with chunks of 100,
    /// the biggest item of a listener's memory once the SFU settles its connection).
    pub(super) fn send_snapshot(&self, viewer: UserId) {
        let Some(link) = self.links.get(&viewer) else {
            return;
        };
        let mut snapshot = self.snapshot(viewer);
        let (mut first, audience): (Vec<Participant>, Vec<Participant>) = snapshot
            .participants
            .drain(..)
            .partition(|p| p.role.on_stage() || p.user.id == viewer);
        let mut audience = audience.into_iter();
        first.extend(audience.by_ref().take(SNAPSHOT_PARTICIPANTS));
        snapshot.participants = first;
        let _ = link.tx.send(ServerMessage::RoomState { room: snapshot });
        loop {
            let chunk: Vec<Participant> = audience.by_ref().take(SNAPSHOT_PARTICIPANTS).collect();
            if chunk.is_empty() {
                break;
            }
            let _ = link.tx.send(ServerMessage::ParticipantsUpdated {
                room_id: self.id.clone(),
                participants: chunk,
            });
        }
    }

    pub(super) fn snapshot(&self, viewer: UserId) -> RoomSnapshot {
        RoomSnapshot {
            id: self.id.clone(),
            title: self.title.clone(),
            kind: self.kind,
            participants: self
                .room
                .members()
                .filter_map(|(id, _)| self.participant(id))
                .collect(),
            slots: receiver_slots(&self.slots, viewer),
            speaking: self.speaking.clone(),
            pinned_link: self.extras.pinned.clone(),
            club: self.club.clone(),
            members_only: self.members_only,
        }
    }

    pub(super) fn summary(&self) -> RoomSummary {
        let mut stage: Vec<(u8, UserSummary)> = self
            .room
            .members()
            .filter(|(_, m)| m.role.on_stage())
            .filter_map(|(id, m)| {
                let rank = u8::from(m.role != RoomRole::Moderator);
                Some((rank, self.names.get(&id)?.clone()))
            })
            .collect();
        stage.sort_by_key(|(rank, _)| *rank);
        RoomSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            kind: self.kind,
            stage: stage.into_iter().map(|(_, u)| u).collect(),
            listener_count: self.room.audience_count() as u32,
            ended: self.room.is_ended(),
            club: self.club.clone(),
            members_only: self.members_only,
            reason: None,
        }
    }
}
