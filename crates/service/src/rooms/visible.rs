//! Who may see a room's title and stage: everyone for open and social rooms; for closed and
//! members-only club rooms, only the members the join rule ([`RoomAccess::check_with`]) lets
//! in. Everyone else is told the room does not exist (`not_found`), so a private room's title,
//! stage and audience never leak through its summary or its share link.

use std::collections::HashSet;
use std::sync::Arc;

use stoa_proto::rest::RoomSummary;
use stoa_proto::{RoomId, RoomKind, UserId};

use super::Rooms;
use super::{JoinGate, RoomAccess};
use crate::ServiceError;

/// Whether only some members may see the room: a closed room or a members-only club room.
pub fn is_private(summary: &RoomSummary) -> bool {
    summary.kind == RoomKind::Closed || summary.members_only
}

impl Rooms {
    /// One room's summary as `viewer` may see it: a private room ([`is_private`]) is
    /// `not_found` to a member its join rule refuses (and who is not in it). An ended private
    /// room is shown to its creator, its moderators, the members admitted to it, and (members-only
    /// club rooms) the club's members.
    pub async fn room_summary_for(
        &self,
        viewer: UserId,
        id: &RoomId,
    ) -> Result<RoomSummary, ServiceError> {
        let summary = self.room_summary(id).await?;
        if !is_private(&summary) || self.registry().room_of(viewer).as_ref() == Some(id) {
            return Ok(summary);
        }
        let access = match self.registry().access(id) {
            Some(access) if !summary.ended => access,
            _ => self.ended_room_access(id, viewer).await?,
        };
        let graph = self.presence().viewer_graph(viewer).await?;
        let gate = JoinGate::load(self.store(), &access, &graph).await?;
        match gate.check(&access, viewer) {
            Ok(()) => Ok(summary),
            Err(_) => Err(ServiceError::NotFound("room")),
        }
    }

    /// The join rule's data of an ended room as the store keeps it: its creator (and `viewer`
    /// if they were ever one of its moderators) as moderators, and the members admitted to it.
    async fn ended_room_access(
        &self,
        id: &RoomId,
        viewer: UserId,
    ) -> Result<RoomAccess, ServiceError> {
        let record = self
            .store()
            .room(id)
            .await?
            .ok_or(ServiceError::NotFound("room"))?;
        let mut moderators = vec![record.created_by];
        if self.store().was_room_moderator(id, viewer).await? {
            moderators.push(viewer);
        }
        let admitted: HashSet<UserId> = self
            .store()
            .room_admissions(id)
            .await?
            .into_iter()
            .collect();
        Ok(RoomAccess {
            kind: record.kind,
            moderators,
            stage: Vec::new(),
            admitted: Arc::new(admitted),
            removed: Arc::default(),
            moderator_followees: Arc::default(),
            club: record.club.map(|club| club.id),
            members_only: record.members_only,
        })
    }
}
