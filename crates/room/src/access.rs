//! Who may enter a live room: the join rule, and the data it needs as one snapshot ([`Access`])
//! that is cheap to clone.
//!
//! The same rule decides a join and which rooms a member's hallway (and every other listing of
//! live rooms) shows them, so a room is never listed to someone it would refuse. The room state
//! machine owns the people lists ([`Room::access`] builds the snapshot); the room's setting
//! ([`JoinRule`]) and whom its moderators follow come from its owner.

use std::collections::HashSet;
use std::sync::Arc;

use stoa_proto::{ClubId, RoomKind, UserId};

use crate::error::RoomError;
use crate::room::Room;

/// A room's setting of who may join: its kind and, for a club room, whether only the club's
/// members may.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JoinRule {
    /// Open, social or closed.
    pub kind: RoomKind,
    /// The club the room belongs to.
    pub club: Option<ClubId>,
    /// Only the club's members (and members admitted by name or ping) may join.
    pub members_only: bool,
}

/// A live room's access data: its kind, who runs it, who is on stage, who was admitted (named at
/// creation or pinged), who was removed, and everyone its moderators follow.
///
/// Cloning is cheap: the sets are shared (`Arc`), and their owner replaces a set (copy on write)
/// rather than changing one a snapshot holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    /// Who may join.
    pub kind: RoomKind,
    /// The current moderators.
    pub moderators: Vec<UserId>,
    /// Everyone on stage now (moderators and speakers).
    pub stage: Vec<UserId>,
    /// Members admitted to the room: named by the moderators or pinged.
    pub admitted: Arc<HashSet<UserId>>,
    /// Members removed from the room; they may not come back.
    pub removed: Arc<HashSet<UserId>>,
    /// The union of the moderators' followees (what a social room lets in).
    pub moderator_followees: Arc<HashSet<UserId>>,
    /// The club the room belongs to.
    pub club: Option<ClubId>,
    /// Only the club's members (and members admitted by name or ping) may join.
    pub members_only: bool,
}

impl Access {
    /// Whether `viewer` may join, with the moderators' follows as this snapshot knows them.
    ///
    /// `blocks_of_viewer` holds everyone the viewer blocked or was blocked by (either way);
    /// `clubs_of_viewer` the clubs the viewer is a member of.
    /// Refusals, in order: removed ([`RoomError::RemovedFromRoom`]); anyone on stage is let in;
    /// a block between the viewer and a moderator ([`RoomError::Blocked`]); a members-only club
    /// room the viewer is neither a club member of nor admitted to (named or pinged:
    /// [`RoomError::ClubMembersOnly`]); a social room the viewer is not followed into by a
    /// moderator nor admitted to ([`RoomError::FollowersOnly`]); a closed room the viewer was
    /// not admitted to ([`RoomError::Closed`]).
    pub fn check(
        &self,
        viewer: UserId,
        blocks_of_viewer: &HashSet<UserId>,
        clubs_of_viewer: &HashSet<ClubId>,
    ) -> Result<(), RoomError> {
        let followed = self.moderator_followees.contains(&viewer);
        self.check_with(viewer, blocks_of_viewer, clubs_of_viewer, followed)
    }

    /// [`Access::check`] with the follow fact given by the caller (the join path reads it
    /// fresh from the store: does any current moderator follow the viewer?).
    pub fn check_with(
        &self,
        viewer: UserId,
        blocks_of_viewer: &HashSet<UserId>,
        clubs_of_viewer: &HashSet<ClubId>,
        followed_by_moderator: bool,
    ) -> Result<(), RoomError> {
        if self.removed.contains(&viewer) {
            return Err(RoomError::RemovedFromRoom);
        }
        if self.stage.contains(&viewer) || self.moderators.contains(&viewer) {
            return Ok(());
        }
        if self
            .moderators
            .iter()
            .any(|moderator| blocks_of_viewer.contains(moderator))
        {
            return Err(RoomError::Blocked);
        }
        let admitted = self.admitted.contains(&viewer);
        if self.members_only
            && !admitted
            && !self
                .club
                .is_some_and(|club| clubs_of_viewer.contains(&club))
        {
            return Err(RoomError::ClubMembersOnly);
        }
        match self.kind {
            RoomKind::Open => Ok(()),
            RoomKind::Social if admitted || followed_by_moderator => Ok(()),
            RoomKind::Social => Err(RoomError::FollowersOnly),
            RoomKind::Closed if admitted => Ok(()),
            RoomKind::Closed => Err(RoomError::Closed),
        }
    }
}

impl Room {
    /// The room's access snapshot under `rule`, with `moderator_followees` (whom its moderators
    /// follow, as the owner loaded them). The admitted and removed sets are shared, not copied.
    pub fn access(&self, rule: JoinRule, moderator_followees: Arc<HashSet<UserId>>) -> Access {
        let mut stage = Vec::with_capacity(self.stage_count());
        let mut moderators = Vec::new();
        for (id, member) in self.stage() {
            stage.push(id);
            if member.is_moderator() {
                moderators.push(id);
            }
        }
        Access {
            kind: rule.kind,
            moderators,
            stage,
            admitted: self.admitted.clone(),
            removed: self.removed.clone(),
            moderator_followees,
            club: rule.club,
            members_only: rule.members_only,
        }
    }
}
