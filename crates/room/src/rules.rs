//! [`Room::handle`]: who may do what. Every rule checks everything first and only then
//! mutates, so a refused command leaves the room unchanged.
//!
//! Order of checks: the room has ended → the acting user is a member → the actor's role allows
//! the command → the target is a member → the target's state fits. A target that is not a member
//! is reported as [`RoomError::NotInRoom`], like an actor that is not.

use std::sync::Arc;

use stoa_proto::ws::LeaveReason;
use stoa_proto::{RoomRole, UserId};

use crate::command::{Command, Effect};
use crate::error::RoomError;
use crate::room::Room;

type Outcome = Result<Vec<Effect>, RoomError>;

impl Room {
    /// Applies one command. On `Ok`, the effects to announce, in order (empty if nothing
    /// changed, e.g. lowering a hand that is already down). On `Err`, the room is unchanged.
    pub fn handle(&mut self, cmd: Command) -> Outcome {
        if self.ended {
            return Err(RoomError::RoomEnded);
        }
        match cmd {
            Command::Join { user } => self.join(user),
            Command::Leave { user, reason } => self.leave(user, reason),
            Command::SetConnected { user, connected } => self.set_connected(user, connected),
            Command::RaiseHand { user } => self.set_hand(user, true),
            Command::LowerHand { user } => self.set_hand(user, false),
            Command::InviteToSpeak { by, target } => self.invite(by, target),
            Command::AcceptSpeakInvite { user } => self.accept_invite(user),
            Command::DeclineSpeakInvite { user } => self.decline_invite(user),
            Command::MoveToAudience { by, target } => self.move_to_audience(by, target),
            Command::Mute { by, target } => self.mute(by, target),
            Command::SetMuted { user, muted } => self.set_muted(user, muted),
            Command::Remove { by, target } => self.remove(by, target),
            Command::MakeModerator { by, target } => self.make_moderator(by, target),
            Command::Suspend { target } => self.suspend(target),
            Command::Admit { user } => self.admit(user),
            Command::HandOver => self.hand_over(),
        }
    }

    fn join(&mut self, user: UserId) -> Outcome {
        if self.is_removed(user) {
            return Err(RoomError::RemovedFromRoom);
        }
        match self.members.get_mut(&user) {
            // A reconnect: keep role, order and mute state.
            Some(m) => m.connected = true,
            None => self.add_member(user),
        }
        Ok(vec![Effect::Updated(user)])
    }

    fn leave(&mut self, user: UserId, reason: LeaveReason) -> Outcome {
        if !matches!(reason, LeaveReason::Left | LeaveReason::Disconnected) {
            return Err(RoomError::InvalidState(
                "leave reason must be left or disconnected",
            ));
        }
        self.get(user)?;
        Ok(self.depart(user, reason))
    }

    /// Takes a validated member out and applies the promotion / end rules.
    pub(crate) fn depart(&mut self, user: UserId, reason: LeaveReason) -> Vec<Effect> {
        let was_on_stage = self.members.get(&user).is_some_and(|m| m.on_stage());
        self.drop_member(user);
        let mut effects = vec![Effect::Left { user, reason }];
        if was_on_stage {
            self.settle_stage(&mut effects);
        }
        effects
    }

    fn set_connected(&mut self, user: UserId, connected: bool) -> Outcome {
        let m = self.get_mut(user)?;
        Ok(changed(
            user,
            std::mem::replace(&mut m.connected, connected) != connected,
        ))
    }

    fn set_hand(&mut self, user: UserId, raised: bool) -> Outcome {
        if self.get(user)?.on_stage() {
            return Err(RoomError::InvalidState("only the audience raises hands"));
        }
        let m = self.get_mut(user)?;
        Ok(changed(
            user,
            std::mem::replace(&mut m.hand_raised, raised) != raised,
        ))
    }

    fn invite(&mut self, by: UserId, target: UserId) -> Outcome {
        self.require_moderator(by, "only moderators invite to speak")?;
        if self.get(target)?.on_stage() {
            return Err(RoomError::InvalidState("already on stage"));
        }
        let m = self.get_mut(target)?;
        let was_invited = std::mem::replace(&mut m.speak_invited, true);
        let mut effects = changed(target, !was_invited);
        effects.push(Effect::SpeakInvite { target, by });
        Ok(effects)
    }

    fn accept_invite(&mut self, user: UserId) -> Outcome {
        if !self.get(user)?.speak_invited {
            return Err(RoomError::InvalidState("no pending speak invitation"));
        }
        // Muted, as in the audience: nobody goes on air before unmuting themselves.
        self.put_on_stage(user, RoomRole::Speaker, true);
        Ok(vec![Effect::Updated(user)])
    }

    fn decline_invite(&mut self, user: UserId) -> Outcome {
        if !self.get(user)?.speak_invited {
            return Err(RoomError::InvalidState("no pending speak invitation"));
        }
        self.get_mut(user)?.speak_invited = false;
        Ok(vec![Effect::Updated(user)])
    }

    fn move_to_audience(&mut self, by: UserId, target: UserId) -> Outcome {
        if by != target {
            self.require_moderator(by, "only moderators move others to the audience")?;
        }
        if !self.get(target)?.on_stage() {
            return Err(RoomError::InvalidState("not on stage"));
        }
        if self.stage_count() == 1 {
            return Err(RoomError::InvalidState("the stage cannot be left empty"));
        }
        self.put_in_audience(target);
        let mut effects = vec![Effect::Updated(target)];
        self.settle_stage(&mut effects);
        Ok(effects)
    }

    fn mute(&mut self, by: UserId, target: UserId) -> Outcome {
        self.require_moderator(by, "only moderators mute others")?;
        if !self.get(target)?.on_stage() {
            return Err(RoomError::InvalidState("not on stage"));
        }
        let m = self.get_mut(target)?;
        Ok(changed(target, !std::mem::replace(&mut m.muted, true)))
    }

    fn set_muted(&mut self, user: UserId, muted: bool) -> Outcome {
        if !self.get(user)?.on_stage() {
            return Err(RoomError::InvalidState("the audience is always muted"));
        }
        let m = self.get_mut(user)?;
        Ok(changed(
            user,
            std::mem::replace(&mut m.muted, muted) != muted,
        ))
    }

    fn remove(&mut self, by: UserId, target: UserId) -> Outcome {
        self.require_moderator(by, "only moderators remove members")?;
        self.get(target)?;
        if by == target {
            return Err(RoomError::InvalidState(
                "cannot remove yourself; leave instead",
            ));
        }
        Arc::make_mut(&mut self.removed).insert(target);
        if self.admitted.contains(&target) {
            Arc::make_mut(&mut self.admitted).remove(&target);
        }
        Ok(self.depart(target, LeaveReason::Removed))
    }

    /// Whether [`Command::Admit`] would take `user`: not once they were removed. For callers
    /// that must know before doing anything else (a ping spends an allowance and a write).
    pub fn may_admit(&self, user: UserId) -> Result<(), RoomError> {
        if self.is_removed(user) {
            return Err(RoomError::InvalidState("they were removed from this room"));
        }
        Ok(())
    }

    fn admit(&mut self, user: UserId) -> Outcome {
        self.may_admit(user)?;
        if !self.admitted.contains(&user) {
            Arc::make_mut(&mut self.admitted).insert(user);
        }
        Ok(Vec::new())
    }

    fn make_moderator(&mut self, by: UserId, target: UserId) -> Outcome {
        self.require_moderator(by, "only moderators make moderators")?;
        if self.get(target)?.role != RoomRole::Speaker {
            return Err(RoomError::InvalidState(
                "only speakers can become moderators",
            ));
        }
        self.get_mut(target)?.role = RoomRole::Moderator;
        Ok(vec![Effect::Updated(target)])
    }
}

/// `[Updated(user)]` if something changed, else nothing.
fn changed(user: UserId, did_change: bool) -> Vec<Effect> {
    if did_change {
        vec![Effect::Updated(user)]
    } else {
        Vec::new()
    }
}
