//! Commands the server itself sends: a suspension taking a member out, and the host hand-over
//! when no moderator's connection came back in time.

use stoa_proto::ws::LeaveReason;
use stoa_proto::RoomRole;

use crate::command::Effect;
use crate::error::RoomError;
use crate::room::Room;
use stoa_proto::UserId;

impl Room {
    /// Whether a moderator with a live connection is in the room.
    pub fn has_connected_moderator(&self) -> bool {
        self.stage().any(|(_, m)| m.is_moderator() && m.connected)
    }

    /// The longest-standing speaker (not moderator) on stage whose connection is up.
    pub fn longest_connected_speaker(&self) -> Option<UserId> {
        self.stage()
            .find(|(_, m)| m.role == RoomRole::Speaker && m.connected)
            .map(|(u, _)| u)
    }

    pub(crate) fn suspend(&mut self, target: UserId) -> Result<Vec<Effect>, RoomError> {
        self.get(target)?;
        Ok(self.depart(target, LeaveReason::Suspended))
    }

    pub(crate) fn hand_over(&mut self) -> Result<Vec<Effect>, RoomError> {
        if self.has_connected_moderator() {
            return Err(RoomError::InvalidState("a moderator is still connected"));
        }
        let Some(user) = self.longest_connected_speaker() else {
            return Err(RoomError::InvalidState(
                "no connected speaker to hand over to",
            ));
        };
        self.get_mut(user)?.role = RoomRole::Moderator;
        Ok(vec![Effect::Updated(user)])
    }
}
