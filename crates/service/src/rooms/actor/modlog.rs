//! The room task's moderation log: every moderator action is queued for the store after it
//! succeeded (a failed write is logged and never undoes the action) and, once stored, pushed
//! live to the room's current moderators. Also records who is or ever was a moderator of the
//! room. Both go through the room's write queue ([`super::writes`]).

use stoa_proto::moderation::{ModAction, ModLogEntry};
use stoa_proto::rest::UserSummary;
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;
use stoa_room::Command;
use stoa_store::NewModLog;

use super::writes::RoomWrite;
use super::RoomTask;
use crate::ServiceError;

impl RoomTask {
    /// Queues one entry; once stored it goes to the moderators in the room then
    /// ([`Self::push_log_entry`]).
    pub(super) fn log(
        &mut self,
        actor: Option<UserId>,
        action: ModAction,
        target: Option<UserId>,
        detail: Option<String>,
    ) {
        self.writes.push(RoomWrite::ModLog(NewModLog {
            room_id: self.id.clone(),
            at: self.stoa.config().clock.now(),
            actor,
            action,
            target,
            detail,
        }));
    }

    /// Sends an entry the writer stored (as `id`) to the moderators in the room now.
    pub(super) async fn push_log_entry(&mut self, new: NewModLog, id: i64) {
        let (actor, action, target) = (new.actor, new.action, new.target);
        let mut actor_summary = None;
        if let Some(user) = actor {
            actor_summary = self.summary_of(user).await.ok();
        }
        let mut target_summary = None;
        if let Some(user) = target {
            target_summary = self.summary_of(user).await.ok();
        }
        let entry = ModLogEntry {
            id,
            room_id: new.room_id,
            at: new.at,
            actor: actor_summary,
            action,
            target: target_summary,
            detail: new.detail,
        };
        self.flush_batch();
        for (user, link) in &self.links {
            if self.room.member(*user).is_some_and(|m| m.is_moderator()) {
                let _ = link.tx.send(ServerMessage::ModLogEntry {
                    entry: entry.clone(),
                });
            }
        }
    }

    /// Logs a room command that succeeded (and changed something), if it is a moderation act.
    pub(super) fn log_command(&mut self, command: Command) {
        let (actor, action, target) = match command {
            Command::Mute { by, target } => (Some(by), ModAction::Muted, target),
            Command::MoveToAudience { by, target } if by != target => {
                (Some(by), ModAction::MovedToAudience, target)
            }
            Command::Remove { by, target } => (Some(by), ModAction::Removed, target),
            Command::InviteToSpeak { by, target } => {
                self.extras.invited_by.insert(target, by);
                (Some(by), ModAction::InvitedToSpeak, target)
            }
            Command::AcceptSpeakInvite { user } => {
                let by = self.extras.invited_by.remove(&user);
                (by, ModAction::PromotedToSpeaker, user)
            }
            Command::MakeModerator { by, target } => (Some(by), ModAction::MadeModerator, target),
            _ => return,
        };
        self.log(actor, action, Some(target), None);
    }

    /// Records every current moderator not yet recorded as a moderator of this room (queued; a
    /// failed record is forgotten, so the next change records them again).
    pub(super) fn record_moderators(&mut self) {
        let new: Vec<UserId> = self
            .room
            .stage()
            .filter(|(id, m)| m.is_moderator() && !self.extras.recorded_moderators.contains(id))
            .map(|(id, _)| id)
            .collect();
        for user in new {
            self.writes.push(RoomWrite::Moderator(user));
            self.extras.recorded_moderators.insert(user);
        }
    }

    /// A member's summary: from the room's names, else from the store.
    pub(super) async fn summary_of(&self, user: UserId) -> Result<UserSummary, ServiceError> {
        if let Some(summary) = self.names.get(&user) {
            return Ok(summary.clone());
        }
        let record = self
            .stoa
            .store()
            .user_by_id(user)
            .await?
            .ok_or(ServiceError::NotFound("member"))?;
        Ok(crate::accounts::summary(&record))
    }
}
