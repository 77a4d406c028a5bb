//! The room as the wire shows it: one participant, the full snapshot a joining member gets, and
//! the summary the hallway lists.

use stoa_proto::rest::{RoomSummary, UserSummary};
use stoa_proto::ws::{IceServer, Participant, RoomSnapshot, ServerMessage};
use stoa_proto::{RoomRole, UserId};
use stoa_sfu::receiver_slots;

use super::encoded::ParticipantRef;
use super::RoomTask;

/// Audience members in a `room_state`, and in each `participants_updated` that follows it.
pub const SNAPSHOT_PARTICIPANTS: usize = 32;

impl RoomTask {
    pub(super) fn participant(&self, user: UserId) -> Option<Participant> {
        self.participant_ref(user)
            .map(ParticipantRef::to_participant)
    }

    /// A member's participant fields, borrowed (no copy of their names).
    pub(super) fn participant_ref(&self, user: UserId) -> Option<ParticipantRef<'_>> {
        let member = self.room.member(user)?;
        Some(ParticipantRef {
            user: self.names.get(&user)?,
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
    /// `participants_updated` chunks of that size, encoded from JSON kept per member
    /// ([`EncodedAudience`](super::encoded::EncodedAudience)). Sent from the room task, so no
    /// change the task broadcasts can overtake the part of the list it concerns. Small frames
    /// matter: a socket's write buffer keeps the capacity of the biggest frame it ever sent (one
    /// ~600 KB `room_state` per member at 5,000 members, `stoa-bench room`; ~14 KB with chunks of
    /// 100, the biggest item of a listener's memory once the SFU settles its connection).
    pub(super) fn send_snapshot(&mut self, viewer: UserId) {
        let Some(tx) = self.links.get(&viewer).map(|link| link.tx.clone()) else {
            return;
        };
        let mut first = Vec::new();
        let mut audience = Vec::new();
        for (id, member) in self.room.members() {
            if member.role.on_stage() || id == viewer {
                first.extend(self.participant(id));
            } else if self.names.contains_key(&id) {
                audience.push(id);
            }
        }
        let (head, rest) = audience.split_at(audience.len().min(SNAPSHOT_PARTICIPANTS));
        first.extend(head.iter().filter_map(|id| self.participant(*id)));
        let _ = tx.send(ServerMessage::RoomState {
            room: self.snapshot(viewer, first),
            ice_servers: self.ice_servers(viewer),
        });
        let mut encoded = std::mem::take(&mut self.encoded);
        for chunk in rest.chunks(SNAPSHOT_PARTICIPANTS) {
            let members = chunk.iter().filter_map(|id| self.participant_ref(*id));
            match encoded.chunk(&self.id, members) {
                Ok(text) => {
                    let _ = tx.send_encoded(text);
                }
                Err(err) => {
                    tracing::warn!(room = %self.id, %err, "cannot encode the audience");
                    break;
                }
            }
        }
        encoded.trim(audience.len(), |user| self.room.member(user).is_some());
        self.encoded = encoded;
    }

    /// The ICE servers for `viewer`'s media connection. TURN credentials expire by the wall
    /// clock the TURN server reads, so they are made from system time, not the service clock.
    fn ice_servers(&self, viewer: UserId) -> Vec<IceServer> {
        match &self.stoa.config().turn {
            Some(turn) => turn.ice_servers(viewer, std::time::SystemTime::now()),
            None => Vec::new(),
        }
    }

    /// The room as `viewer` sees it, listing `participants`.
    fn snapshot(&self, viewer: UserId, participants: Vec<Participant>) -> RoomSnapshot {
        RoomSnapshot {
            id: self.id.clone(),
            title: self.title.clone(),
            kind: self.kind,
            participants,
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
