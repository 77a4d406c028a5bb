//! One participant's state inside a room.

use stoa_proto::RoomRole;

/// One participant of a [`Room`](crate::Room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Moderator, speaker or audience.
    pub role: RoomRole,
    /// Muted (always true in the audience).
    pub muted: bool,
    /// Hand raised (audience only).
    pub hand_raised: bool,
    /// A moderator invited them to speak and they have not answered yet (audience only).
    pub speak_invited: bool,
    /// Their connection is up (false during a reconnect grace period).
    pub connected: bool,
    /// Order of joining the room: smaller joined earlier. Kept across reconnects.
    pub joined_seq: u64,
    /// Order of going on stage: smaller went up earlier. `None` in the audience.
    pub stage_seq: Option<u64>,
}

impl Member {
    /// A fresh audience member: muted, hand down, connected.
    pub(crate) fn audience(joined_seq: u64) -> Self {
        Self {
            role: RoomRole::Audience,
            muted: true,
            hand_raised: false,
            speak_invited: false,
            connected: true,
            joined_seq,
            stage_seq: None,
        }
    }

    /// On stage (moderator or speaker).
    pub fn on_stage(&self) -> bool {
        self.role.on_stage()
    }

    /// A moderator.
    pub fn is_moderator(&self) -> bool {
        self.role == RoomRole::Moderator
    }

    /// Allowed to send audio: on stage and not muted.
    pub fn may_publish(&self) -> bool {
        self.on_stage() && !self.muted
    }

    /// Puts this member on stage with the given role and mute state, hand down, invitation
    /// cleared.
    pub(crate) fn go_on_stage(&mut self, role: RoomRole, muted: bool, stage_seq: u64) {
        self.role = role;
        self.muted = muted;
        self.hand_raised = false;
        self.speak_invited = false;
        self.stage_seq = Some(stage_seq);
    }

    /// Moves this member to the audience: muted, hand down, no invitation, no stage order.
    pub(crate) fn go_to_audience(&mut self) {
        self.role = RoomRole::Audience;
        self.muted = true;
        self.hand_raised = false;
        self.speak_invited = false;
        self.stage_seq = None;
    }
}
